import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import {
  IDEMPOTENCY_KEY,
  idempotencyInterceptor,
  isStillInProgress,
  takesIdempotencyKey,
} from './idempotency';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const IN_PROGRESS = {
  type: '/problems/conflict',
  title: 'Conflict',
  status: 409,
  detail: 'A request with this Idempotency-Key is still in progress.',
};

describe('idempotencyInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([idempotencyInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  describe('which requests', () => {
    it.each([
      ['POST', '/api/v1/visits/v-1/addenda', true],
      ['POST', '/api/v1/patients?confirmDuplicate=true', true],
      ['POST', '/api/v1/episodes/e-1/discharge', true],
      ['PATCH', '/api/v1/visits/v-1', false],
      ['GET', '/api/v1/patients', false],
      ['POST', '/api/v1/auth/login', false],
      ['POST', '/api/v1/me/mfa/setup', false],
      ['POST', '/api/v1/episodes/e-1/patient-links', false],
      ['POST', '/elsewhere/patients', false],
    ])('%s %s takes a key: %s', (method, url, expected) => {
      expect(takesIdempotencyKey(method, url)).toBe(expected);
    });
  });

  it('gives every POST call its own key, and keeps a key the caller set', () => {
    http.post('/api/v1/episodes/e-1/discharge', { reason: 'goals_met' }).subscribe();
    http.post('/api/v1/episodes/e-1/discharge', { reason: 'goals_met' }).subscribe();
    http
      .post('/api/v1/visits/v-1/addenda', { text: 'x' }, { headers: { [IDEMPOTENCY_KEY]: 'mine' } })
      .subscribe();
    const [first, second] = backend.match('/api/v1/episodes/e-1/discharge');
    const firstKey = first.request.headers.get(IDEMPOTENCY_KEY);
    expect(firstKey).toMatch(UUID);
    expect(second.request.headers.get(IDEMPOTENCY_KEY)).toMatch(UUID);
    expect(second.request.headers.get(IDEMPOTENCY_KEY)).not.toBe(firstKey);
    const addendum = backend.expectOne('/api/v1/visits/v-1/addenda');
    expect(addendum.request.headers.get(IDEMPOTENCY_KEY)).toBe('mine');
    first.flush({});
    second.flush({});
    addendum.flush({});
  });

  it('sends no key with a sign-in', () => {
    http.post('/api/v1/auth/login', {}).subscribe();
    const login = backend.expectOne('/api/v1/auth/login');
    expect(login.request.headers.has(IDEMPOTENCY_KEY)).toBe(false);
    login.flush({});
  });

  it('waits out a 409 "still in progress" and sends the same request again until it is answered', () => {
    let answer: unknown = null;
    let failure: unknown = null;
    http.post('/api/v1/visits/v-1/addenda', { text: 'Taken after warm-up.' }).subscribe({
      next: (value) => (answer = value),
      error: (error: unknown) => (failure = error),
    });
    const first = backend.expectOne('/api/v1/visits/v-1/addenda');
    const key = first.request.headers.get(IDEMPOTENCY_KEY);
    first.flush(IN_PROGRESS, { status: 409, statusText: 'Conflict', headers: { 'Retry-After': '1' } });

    backend.expectNone('/api/v1/visits/v-1/addenda');
    jest.advanceTimersByTime(999);
    backend.expectNone('/api/v1/visits/v-1/addenda');
    jest.advanceTimersByTime(1);
    const again = backend.expectOne('/api/v1/visits/v-1/addenda');
    expect(again.request.headers.get(IDEMPOTENCY_KEY)).toBe(key);
    expect(again.request.body).toEqual({ text: 'Taken after warm-up.' });
    again.flush(
      { id: 'v-1', addenda: [{ text: 'Taken after warm-up.' }] },
      { status: 201, statusText: 'Created' },
    );

    expect(failure).toBeNull();
    expect(answer).toEqual({ id: 'v-1', addenda: [{ text: 'Taken after warm-up.' }] });
  });

  it('passes any other 409 straight on (a signed visit, an active episode)', () => {
    let failure: unknown = null;
    http.post('/api/v1/visits/v-1/sign', null).subscribe({ error: (error: unknown) => (failure = error) });
    backend
      .expectOne('/api/v1/visits/v-1/sign')
      .flush(
        { type: '/problems/visit-signed', title: 'Signed', status: 409 },
        { status: 409, statusText: 'Conflict' },
      );
    jest.advanceTimersByTime(60_000);
    backend.expectNone('/api/v1/visits/v-1/sign');
    expect(failure).toBeInstanceOf(HttpErrorResponse);
    expect(isStillInProgress(failure)).toBe(false);
  });
});
