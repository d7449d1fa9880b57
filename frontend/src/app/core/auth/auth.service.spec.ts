import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { aSession, aUser, anAccessToken } from '../../../testing/fixtures';
import { AuthService, SessionEndedError } from './auth.service';

describe(AuthService.name, () => {
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
    localStorage.clear();
    sessionStorage.clear();
  });

  afterEach(() => http.verify());

  async function signIn(token = anAccessToken()): Promise<void> {
    const signedIn = firstValueFrom(
      auth.signIn({ email: 'maya.lind@example.org', password: 'correct horse battery' }),
    );
    http.expectOne('/api/v1/auth/login').flush(aSession(token));
    await signedIn;
  }

  describe('signIn', () => {
    it('posts the credentials and keeps the access token in memory only', async () => {
      const token = anAccessToken('memory');
      const outcome = firstValueFrom(
        auth.signIn({ email: 'maya.lind@example.org', password: 'correct horse battery' }),
      );

      const request = http.expectOne('/api/v1/auth/login');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({
        email: 'maya.lind@example.org',
        password: 'correct horse battery',
      });
      request.flush(aSession(token));

      await expect(outcome).resolves.toEqual({ status: 'signed-in' });
      expect(auth.signedIn()).toBe(true);
      expect(auth.accessToken()).toBe(token);
      expect(auth.user()).toEqual(aUser());
      expect(localStorage.length).toBe(0);
      expect(sessionStorage.length).toBe(0);
      expect(document.cookie).not.toContain(token);
    });

    it('reports that a second factor is needed without starting a session', async () => {
      const outcome = firstValueFrom(
        auth.signIn({ email: 'maya.lind@example.org', password: 'correct horse battery' }),
      );
      http.expectOne('/api/v1/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-123' });

      await expect(outcome).resolves.toEqual({ status: 'mfa-required', mfaToken: 'mfa-123' });
      expect(auth.signedIn()).toBe(false);
      expect(auth.accessToken()).toBeNull();
    });

    it('stays signed out when the API refuses the credentials', async () => {
      const outcome = firstValueFrom(
        auth.signIn({ email: 'maya.lind@example.org', password: 'wrong password' }),
      );
      http
        .expectOne('/api/v1/auth/login')
        .flush(
          { type: '/problems/unauthenticated', title: 'Unauthorized', status: 401 },
          { status: 401, statusText: 'Unauthorized' },
        );

      await expect(outcome).rejects.toMatchObject({ status: 401 });
      expect(auth.signedIn()).toBe(false);
    });
  });

  describe('verifyMfa', () => {
    it('sends the two-step token with the code and starts the session it answers with', async () => {
      const token = anAccessToken('two-step');
      const user = aUser({ mfaEnabled: true });
      const verified = firstValueFrom(auth.verifyMfa({ mfaToken: 'mfa-123', code: '123456' }));

      const request = http.expectOne('/api/v1/auth/mfa/verify');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ mfaToken: 'mfa-123', code: '123456' });
      request.flush(aSession(token, user));

      await expect(verified).resolves.toEqual(user);
      expect(auth.signedIn()).toBe(true);
      expect(auth.accessToken()).toBe(token);
      expect(localStorage.length).toBe(0);
      expect(sessionStorage.length).toBe(0);
    });

    it('stays signed out when the code is refused', async () => {
      const verified = firstValueFrom(auth.verifyMfa({ mfaToken: 'mfa-123', code: '000000' }));
      http
        .expectOne('/api/v1/auth/mfa/verify')
        .flush(
          { type: '/problems/unauthenticated', title: 'Unauthorized', status: 401 },
          { status: 401, statusText: 'Unauthorized' },
        );

      await expect(verified).rejects.toMatchObject({ status: 401 });
      expect(auth.signedIn()).toBe(false);
    });
  });

  describe('updateUser', () => {
    it('shows the newer user and keeps the token', async () => {
      const token = anAccessToken('kept');
      await signIn(token);

      auth.updateUser(aUser({ mfaEnabled: true }));

      expect(auth.user()?.mfaEnabled).toBe(true);
      expect(auth.accessToken()).toBe(token);
    });

    it('does nothing while signed out', () => {
      auth.updateUser(aUser());
      expect(auth.signedIn()).toBe(false);
      expect(auth.user()).toBeNull();
    });
  });

  describe('signUp', () => {
    it('creates the clinic and starts the session it answers with', async () => {
      const token = anAccessToken('new-clinic');
      const created = firstValueFrom(
        auth.signUp({
          clinicName: 'Riverside Sports Rehab',
          fullName: 'Maya Lind',
          email: 'maya.lind@example.org',
          password: 'correct horse battery',
          timezone: 'Europe/Stockholm',
          distanceUnit: 'km',
        }),
      );
      const request = http.expectOne('/api/v1/auth/signup');
      expect(request.request.body).toMatchObject({
        clinicName: 'Riverside Sports Rehab',
        timezone: 'Europe/Stockholm',
      });
      request.flush(aSession(token), { status: 201, statusText: 'Created' });

      await expect(created).resolves.toEqual(aUser());
      expect(auth.accessToken()).toBe(token);
    });
  });

  describe('restore', () => {
    it('restores the session from the refresh cookie after a reload', async () => {
      const token = anAccessToken('restored');
      const restored = auth.restore();

      const request = http.expectOne('/api/v1/auth/refresh');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toBeNull();
      request.flush(aSession(token));
      await restored;

      expect(auth.signedIn()).toBe(true);
      expect(auth.accessToken()).toBe(token);
      expect(auth.user()?.clinic.name).toBe('Riverside Sports Rehab');
    });

    it('stays signed out, without failing, when there is no session to restore', async () => {
      const restored = auth.restore();
      http
        .expectOne('/api/v1/auth/refresh')
        .flush(
          { type: '/problems/unauthenticated', title: 'Unauthorized', status: 401 },
          { status: 401, statusText: 'Unauthorized' },
        );

      await expect(restored).resolves.toBeUndefined();
      expect(auth.signedIn()).toBe(false);
    });

    it('stays signed out when the API cannot be reached', async () => {
      const restored = auth.restore();
      http.expectOne('/api/v1/auth/refresh').error(new ProgressEvent('error'));

      await expect(restored).resolves.toBeUndefined();
      expect(auth.signedIn()).toBe(false);
    });
  });

  describe('refresh', () => {
    it('shares one request between callers while it is in flight', async () => {
      await signIn(anAccessToken('old'));
      const fresh = anAccessToken('fresh');

      const first = firstValueFrom(auth.refresh());
      const second = firstValueFrom(auth.refresh());
      http.expectOne('/api/v1/auth/refresh').flush(aSession(fresh));

      await expect(first).resolves.toBe(fresh);
      await expect(second).resolves.toBe(fresh);
      expect(auth.accessToken()).toBe(fresh);
    });

    it('asks again once the previous refresh has finished', async () => {
      const first = firstValueFrom(auth.refresh());
      http.expectOne('/api/v1/auth/refresh').flush(aSession(anAccessToken('one')));
      await first;

      const second = firstValueFrom(auth.refresh());
      http.expectOne('/api/v1/auth/refresh').flush(aSession(anAccessToken('two')));
      await expect(second).resolves.toBe(auth.accessToken());
    });

    it('ends the session when the refresh is refused', async () => {
      await signIn();
      const refreshed = firstValueFrom(auth.refresh());
      http.expectOne('/api/v1/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });

      await expect(refreshed).rejects.toMatchObject({ status: 401 });
      expect(auth.signedIn()).toBe(false);
    });

    it('ignores an answer that arrives after the user signed out', async () => {
      await signIn();
      const refreshed = firstValueFrom(auth.refresh());
      const pending = http.expectOne('/api/v1/auth/refresh');

      const signedOut = auth.signOut();
      http.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await signedOut;
      pending.flush(aSession(anAccessToken('too-late')));

      await expect(refreshed).rejects.toBeInstanceOf(SessionEndedError);
      expect(auth.signedIn()).toBe(false);
      expect(auth.accessToken()).toBeNull();
    });
  });

  describe('signOut', () => {
    it('forgets the session at once and asks the API to revoke the refresh cookie', async () => {
      await signIn();

      const signedOut = auth.signOut();
      expect(auth.signedIn()).toBe(false);
      expect(auth.accessToken()).toBeNull();
      expect(auth.user()).toBeNull();

      const request = http.expectOne('/api/v1/auth/logout');
      expect(request.request.method).toBe('POST');
      request.flush(null, { status: 204, statusText: 'No Content' });
      await expect(signedOut).resolves.toBeUndefined();
    });

    it('still signs out locally when the logout call fails', async () => {
      await signIn();

      const signedOut = auth.signOut();
      http.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'));

      await expect(signedOut).resolves.toBeUndefined();
      expect(auth.signedIn()).toBe(false);
    });
  });

  describe('expiresWithin', () => {
    it('compares the token exp with the given margin', async () => {
      await signIn(anAccessToken('short', 60));
      const now = Date.now();

      expect(auth.expiresWithin(30_000, now)).toBe(false);
      expect(auth.expiresWithin(61_000, now)).toBe(true);
    });

    it('is false when signed out', () => {
      expect(auth.expiresWithin(Number.MAX_SAFE_INTEGER)).toBe(false);
    });
  });
});
