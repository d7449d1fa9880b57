import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { aSession, aUser } from '../../../testing/fixtures';
import type { Role } from '@stride/api';
import { AuthService } from './auth.service';
import { MfaPolicy } from './mfa-policy.service';

describe(MfaPolicy.name, () => {
  let policy: MfaPolicy;
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    policy = TestBed.inject(MfaPolicy);
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function signInAs(roles: Role[], mfaEnabled: boolean): Promise<void> {
    const signedIn = firstValueFrom(auth.signIn({ email: 'maya.lind@example.org', password: 'pw' }));
    http.expectOne('/api/v1/auth/login').flush(aSession(undefined, aUser({ roles, mfaEnabled })));
    await signedIn;
  }

  function answer(requireMfaForAdmins: boolean, mfaEnabled: boolean, roles: Role[] = ['admin']): void {
    http.expectOne('/api/v1/clinic').flush({ requireMfaForAdmins });
    http.expectOne('/api/v1/me').flush(aUser({ roles, mfaEnabled }));
  }

  it('knows nothing before the first read', async () => {
    await signInAs(['admin'], false);
    expect(policy.requiredForAdmins()).toBeNull();
    expect(policy.adminLockedOut()).toBe(false);
  });

  it('locks out an admin without two-step sign-in when the clinic requires it', async () => {
    await signInAs(['admin', 'therapist'], false);
    policy.refresh();
    answer(true, false, ['admin', 'therapist']);

    expect(policy.requiredForAdmins()).toBe(true);
    expect(policy.adminLockedOut()).toBe(true);
  });

  it('takes mfaEnabled from GET /me into the session', async () => {
    await signInAs(['admin'], false);
    policy.refresh();
    answer(true, true);

    expect(auth.user()?.mfaEnabled).toBe(true);
    expect(policy.adminLockedOut()).toBe(false);
  });

  it.each([
    ['the clinic does not require it', false, false, ['admin'] as Role[]],
    ['the user is no admin', true, false, ['therapist'] as Role[]],
  ])('does not lock out when %s', async (_case, required, mfaEnabled, roles) => {
    await signInAs(roles, mfaEnabled);
    policy.refresh();
    answer(required, mfaEnabled, roles);
    expect(policy.adminLockedOut()).toBe(false);
  });

  it('follows what the clinic settings saved, and the user turning it on', async () => {
    await signInAs(['admin'], false);
    policy.clinicSeen({ requireMfaForAdmins: true });
    expect(policy.adminLockedOut()).toBe(true);

    auth.updateUser(aUser({ roles: ['admin'], mfaEnabled: true }));
    expect(policy.adminLockedOut()).toBe(false);
  });

  it('keeps what it knew when a read fails', async () => {
    await signInAs(['admin'], false);
    policy.clinicSeen({ requireMfaForAdmins: true });
    policy.refresh();
    http.expectOne('/api/v1/clinic').flush(null, { status: 0, statusText: 'Unknown Error' });
    http.match('/api/v1/me'); // cancelled with the failed read

    expect(policy.requiredForAdmins()).toBe(true);
  });
});
