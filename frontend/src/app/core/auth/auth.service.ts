import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { defer, finalize, firstValueFrom, map, Observable, shareReplay, tap } from 'rxjs';

import type {
  LoginDto as LoginRequest,
  LoginAnswer as LoginResponse,
  MfaVerifyDto as MfaVerifyRequest,
  SessionView as SessionResponse,
  SignupDto as SignupRequest,
  UserView as User,
} from '@stride/api';
import { API_BASE, isMfaRequired } from '../api/api';
import { jwtExpiresAt } from './jwt';

interface Session {
  accessToken: string;
  /** Milliseconds since the epoch, from the token's `exp`; null when the token has none. */
  expiresAt: number | null;
  user: User;
}

/**
 * What a password sign-in led to: a session, or — for an account with two-step sign-in — the
 * token to send with the code (`verifyMfa`); no session exists until then.
 */
export type SignInOutcome = { status: 'signed-in' } | { status: 'mfa-required'; mfaToken: string };

/** Thrown to subscribers of a refresh that finished after the user had signed out. */
export class SessionEndedError extends Error {
  constructor() {
    super('The session ended while it was being refreshed');
    this.name = 'SessionEndedError';
  }
}

/**
 * Holds the signed-in session. The access token lives in memory only (a signal): a reload
 * restores it through the httpOnly refresh cookie, which JavaScript never sees.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly session = signal<Session | null>(null);
  /** Bumped on every sign-in and sign-out, so a refresh answered afterwards is ignored. */
  private generation = 0;
  private refreshInFlight: Observable<string> | null = null;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly signedIn = computed(() => this.session() !== null);
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);

  /** True when there is a token and it expires within `marginMs` of now. */
  expiresWithin(marginMs: number, now = Date.now()): boolean {
    const expiresAt = this.session()?.expiresAt;
    return expiresAt != null && expiresAt - now <= marginMs;
  }

  /** Restores the session after a reload; a missing or expired session simply stays signed out. */
  restore(): Promise<void> {
    return firstValueFrom(this.refresh()).then(
      () => undefined,
      () => undefined,
    );
  }

  signIn(credentials: LoginRequest): Observable<SignInOutcome> {
    return this.http.post<LoginResponse>(`${API_BASE}/auth/login`, credentials).pipe(
      map((response): SignInOutcome => {
        if (isMfaRequired(response)) {
          return { status: 'mfa-required', mfaToken: response.mfaToken };
        }
        this.start(response);
        return { status: 'signed-in' };
      }),
    );
  }

  /** The second step of a two-step sign-in: the code of the authenticator app starts the session. */
  verifyMfa(request: MfaVerifyRequest): Observable<User> {
    return this.http.post<SessionResponse>(`${API_BASE}/auth/mfa/verify`, request).pipe(
      tap((response) => this.start(response)),
      map((response) => response.user),
    );
  }

  signUp(request: SignupRequest): Observable<User> {
    return this.http.post<SessionResponse>(`${API_BASE}/auth/signup`, request).pipe(
      tap((response) => this.start(response)),
      map((response) => response.user),
    );
  }

  /**
   * Trades the refresh cookie for a new access token. Calls made while one is in flight share it,
   * so a burst of 401s costs one refresh. Any failure ends the local session.
   */
  refresh(): Observable<string> {
    if (!this.refreshInFlight) {
      const shared: Observable<string> = defer(() => this.requestRefresh()).pipe(
        finalize(() => {
          if (this.refreshInFlight === shared) {
            this.refreshInFlight = null;
          }
        }),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
      this.refreshInFlight = shared;
    }
    return this.refreshInFlight;
  }

  /** Ends the session at once, then asks the API to revoke the refresh cookie. */
  async signOut(): Promise<void> {
    this.end();
    await firstValueFrom(this.http.post<void>(`${API_BASE}/auth/logout`, null)).catch(() => undefined);
  }

  /** Shows a newer view of the signed-in user (from `GET /me`, say) without a new token. */
  updateUser(user: User): void {
    this.session.update((session) => session && { ...session, user });
  }

  /** Forgets the session locally, e.g. when the API no longer accepts it. */
  end(): void {
    this.generation++;
    this.refreshInFlight = null;
    this.session.set(null);
  }

  private requestRefresh(): Observable<string> {
    const generation = this.generation;
    return this.http.post<SessionResponse>(`${API_BASE}/auth/refresh`, null).pipe(
      tap({
        error: () => {
          if (generation === this.generation) {
            this.end();
          }
        },
      }),
      map((response) => {
        if (generation !== this.generation) {
          throw new SessionEndedError();
        }
        this.start(response);
        return response.accessToken;
      }),
    );
  }

  private start(response: SessionResponse): void {
    this.generation++;
    this.session.set({
      accessToken: response.accessToken,
      expiresAt: jwtExpiresAt(response.accessToken),
      user: response.user,
    });
  }
}
