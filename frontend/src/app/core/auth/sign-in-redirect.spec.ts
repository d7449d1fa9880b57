import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { safeReturnUrl, signInUrl } from './sign-in-redirect';

describe(safeReturnUrl.name, () => {
  it.each(['/', '/patients/p-1', '/patients?q=lind'])('follows the console path %s', (url) => {
    expect(safeReturnUrl(url)).toBe(url);
  });

  it.each(['https://evil.example', '//evil.example/x', '/\\evil.example', 'patients', '', null, undefined])(
    'goes home instead of %p',
    (url) => {
      expect(safeReturnUrl(url)).toBe('/');
    },
  );
});

describe(signInUrl.name, () => {
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    router = TestBed.inject(Router);
  });

  it('carries the return path and the reason', () => {
    expect(router.serializeUrl(signInUrl(router, '/patients/p-1', 'idle'))).toBe(
      '/sign-in?returnUrl=%2Fpatients%2Fp-1&reason=idle',
    );
  });

  it('never returns to the sign-in or sign-up page itself', () => {
    expect(router.serializeUrl(signInUrl(router, '/sign-in?returnUrl=%2Fx', 'expired'))).toBe(
      '/sign-in?reason=expired',
    );
    expect(router.serializeUrl(signInUrl(router, '/sign-up'))).toBe('/sign-in');
  });
});
