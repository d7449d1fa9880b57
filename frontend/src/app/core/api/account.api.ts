import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { MfaSetupView as MfaSetupResponse, UserView as User } from '@stride/api';
import { API_BASE } from './api';

/** The signed-in user's own account: `GET /me` and two-step sign-in (`/me/mfa`). */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  me(): Observable<User> {
    return this.http.get<User>(`${API_BASE}/me`);
  }

  /** A new secret to add to an authenticator app; replaces one set up earlier and not confirmed. */
  setupMfa(): Observable<MfaSetupResponse> {
    return this.http.post<MfaSetupResponse>(`${API_BASE}/me/mfa/setup`, null);
  }

  /** Confirms the set-up with a code of the app; answers the user with `mfaEnabled: true`. */
  enableMfa(code: string): Observable<User> {
    return this.http.post<User>(`${API_BASE}/me/mfa/enable`, { code });
  }

  disableMfa(): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/me/mfa`);
  }
}
