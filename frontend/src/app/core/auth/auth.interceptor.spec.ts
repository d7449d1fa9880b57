import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { aSession, anAccessToken } from '../../../testing/fixtures';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

@Component({ template: '' })
class BlankComponent {}

const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };
const PROBLEM_401 = { type: '/problems/unauthenticated', title: 'Unauthorized', status: 401 };

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthService;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: BlankComponent }]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/patients/p-1?tab=visits');
  });

  afterEach(() => backend.verify());

  async function signIn(token: string): Promise<void> {
    const signedIn = firstValueFrom(
      auth.signIn({ email: 'maya.lind@example.org', password: 'correct horse battery' }),
    );
    backend.expectOne('/api/v1/auth/login').flush(aSession(token));
    await signedIn;
  }

  function bearer(request: TestRequest): string | null {
    return request.request.headers.get('Authorization');
  }

  describe('headers', () => {
    it('adds the access token as a Bearer header to API requests', async () => {
      const token = anAccessToken('t1');
      await signIn(token);

      const answer = firstValueFrom(http.get('/api/v1/me'));
      const request = backend.expectOne('/api/v1/me');
      expect(bearer(request)).toBe(`Bearer ${token}`);
      request.flush({ id: 'user-1' });
      await expect(answer).resolves.toEqual({ id: 'user-1' });
    });

    it('sends no Authorization header outside the API', async () => {
      await signIn(anAccessToken('t1'));

      void firstValueFrom(http.get('/favicon.svg', { responseType: 'text' }));
      const request = backend.expectOne('/favicon.svg');
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush('<svg/>');
    });

    it('sends no Authorization header while signed out', () => {
      void firstValueFrom(http.get('/api/v1/health')).catch(() => undefined);
      const request = backend.expectOne('/api/v1/health');
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush({ status: 'ok' });
    });
  });

  describe('on 401', () => {
    it('refreshes once and retries the request with the new token', async () => {
      const stale = anAccessToken('stale');
      const fresh = anAccessToken('fresh');
      await signIn(stale);

      const answer = firstValueFrom(http.get('/api/v1/me'));
      backend.expectOne('/api/v1/me').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectOne('/api/v1/auth/refresh').flush(aSession(fresh));
      const retry = backend.expectOne('/api/v1/me');
      expect(bearer(retry)).toBe(`Bearer ${fresh}`);
      retry.flush({ id: 'user-1' });

      await expect(answer).resolves.toEqual({ id: 'user-1' });
      expect(auth.accessToken()).toBe(fresh);
    });

    it('shares one refresh between concurrent 401s', async () => {
      const fresh = anAccessToken('fresh');
      await signIn(anAccessToken('stale'));

      const first = firstValueFrom(http.get('/api/v1/patients'));
      const second = firstValueFrom(http.get('/api/v1/exercises'));
      const third = firstValueFrom(http.get('/api/v1/instruments'));
      backend.expectOne('/api/v1/patients').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectOne('/api/v1/exercises').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectOne('/api/v1/instruments').flush(PROBLEM_401, UNAUTHORIZED);

      const refreshes = backend.match('/api/v1/auth/refresh');
      expect(refreshes).toHaveLength(1);
      refreshes[0].flush(aSession(fresh));

      for (const url of ['/api/v1/patients', '/api/v1/exercises', '/api/v1/instruments']) {
        const retry = backend.expectOne(url);
        expect(bearer(retry)).toBe(`Bearer ${fresh}`);
        retry.flush({ url });
      }
      await expect(Promise.all([first, second, third])).resolves.toEqual([
        { url: '/api/v1/patients' },
        { url: '/api/v1/exercises' },
        { url: '/api/v1/instruments' },
      ]);
    });

    it('retries without another refresh when the token changed while the request was on its way', async () => {
      const fresh = anAccessToken('fresh');
      await signIn(anAccessToken('stale'));

      const early = firstValueFrom(http.get('/api/v1/patients'));
      const late = firstValueFrom(http.get('/api/v1/exercises'));
      backend.expectOne('/api/v1/patients').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectOne('/api/v1/auth/refresh').flush(aSession(fresh));
      backend.expectOne('/api/v1/patients').flush([]);
      await early;

      // The second request was sent with the stale token before the refresh finished.
      backend.expectOne('/api/v1/exercises').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectNone('/api/v1/auth/refresh');
      const retry = backend.expectOne('/api/v1/exercises');
      expect(bearer(retry)).toBe(`Bearer ${fresh}`);
      retry.flush([]);
      await expect(late).resolves.toEqual([]);
    });

    it('signs out and sends the user to sign in when the refresh fails', async () => {
      const navigate = jest.spyOn(router, 'navigateByUrl');
      await signIn(anAccessToken('stale'));

      const answer = firstValueFrom(http.get('/api/v1/me'));
      backend.expectOne('/api/v1/me').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectOne('/api/v1/auth/refresh').flush(PROBLEM_401, UNAUTHORIZED);

      const error: unknown = await answer.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpErrorResponse);
      expect((error as HttpErrorResponse).url).toBe('/api/v1/me');
      expect(auth.signedIn()).toBe(false);
      expect(navigate).toHaveBeenCalledTimes(1);
      expect(router.serializeUrl(navigate.mock.calls[0][0] as never)).toBe(
        '/sign-in?returnUrl=%2Fpatients%2Fp-1%3Ftab%3Dvisits&reason=expired',
      );
    });

    it('does not refresh a second time when the retried request is refused too', async () => {
      await signIn(anAccessToken('stale'));

      const answer = firstValueFrom(http.get('/api/v1/audit-events'));
      backend.expectOne('/api/v1/audit-events').flush(PROBLEM_401, UNAUTHORIZED);
      backend.expectOne('/api/v1/auth/refresh').flush(aSession(anAccessToken('fresh')));
      backend.expectOne('/api/v1/audit-events').flush(PROBLEM_401, UNAUTHORIZED);

      await expect(answer).rejects.toMatchObject({ status: 401 });
      backend.expectNone('/api/v1/auth/refresh');
    });

    it('passes a 401 from the auth endpoints straight through', async () => {
      const answer = firstValueFrom(
        http.post('/api/v1/auth/login', { email: 'x@example.org', password: 'nope' }),
      );
      backend.expectOne('/api/v1/auth/login').flush(PROBLEM_401, UNAUTHORIZED);

      await expect(answer).rejects.toMatchObject({ status: 401 });
      backend.expectNone('/api/v1/auth/refresh');
    });

    it('leaves other errors alone', async () => {
      await signIn(anAccessToken('t1'));

      const answer = firstValueFrom(http.get('/api/v1/users'));
      backend
        .expectOne('/api/v1/users')
        .flush(
          { type: '/problems/forbidden', title: 'Forbidden', status: 403 },
          { status: 403, statusText: 'Forbidden' },
        );

      await expect(answer).rejects.toMatchObject({ status: 403 });
      backend.expectNone('/api/v1/auth/refresh');
      expect(auth.signedIn()).toBe(true);
    });
  });

  describe('before expiry', () => {
    it('refreshes first when the token is about to expire', async () => {
      const fresh = anAccessToken('fresh');
      await signIn(anAccessToken('expiring', 10));

      const answer = firstValueFrom(http.get('/api/v1/me'));
      backend.expectNone('/api/v1/me');
      backend.expectOne('/api/v1/auth/refresh').flush(aSession(fresh));
      const request = backend.expectOne('/api/v1/me');
      expect(bearer(request)).toBe(`Bearer ${fresh}`);
      request.flush({ id: 'user-1' });

      await expect(answer).resolves.toEqual({ id: 'user-1' });
    });
  });
});
