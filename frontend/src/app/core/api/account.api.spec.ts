import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { aUser } from '../../../testing/fixtures';
import { AccountApi } from './account.api';

describe(AccountApi.name, () => {
  let api: AccountApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AccountApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the signed-in user from GET /me', async () => {
    const me = firstValueFrom(api.me());
    const request = http.expectOne('/api/v1/me');
    expect(request.request.method).toBe('GET');
    request.flush(aUser({ mfaEnabled: true }));
    await expect(me).resolves.toMatchObject({ mfaEnabled: true });
  });

  it('starts a set-up with an empty POST /me/mfa/setup', async () => {
    const setup = firstValueFrom(api.setupMfa());
    const request = http.expectOne('/api/v1/me/mfa/setup');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toBeNull();
    request.flush({
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUrl: 'otpauth://totp/Stride:x?secret=JBSWY3DPEHPK3PXP',
    });
    await expect(setup).resolves.toMatchObject({ secret: 'JBSWY3DPEHPK3PXP' });
  });

  it('confirms it with POST /me/mfa/enable {code}', async () => {
    const enabled = firstValueFrom(api.enableMfa('123456'));
    const request = http.expectOne('/api/v1/me/mfa/enable');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ code: '123456' });
    request.flush(aUser({ mfaEnabled: true }));
    await expect(enabled).resolves.toMatchObject({ mfaEnabled: true });
  });

  it('turns it off with DELETE /me/mfa', async () => {
    const disabled = firstValueFrom(api.disableMfa(), { defaultValue: undefined });
    const request = http.expectOne('/api/v1/me/mfa');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await expect(disabled).resolves.toBeNull();
  });
});
