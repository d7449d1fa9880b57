import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aSession, aUser } from '../../../../testing/fixtures';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { AuthService } from '../../../core/auth/auth.service';
import {
  CODE_STEP_EXPIRED,
  MFA_MAX_WRONG_CODES,
  MFA_TOKEN_LIFETIME_MS,
  SignInComponent,
  TOO_MANY_CODES,
  WRONG_CODE,
} from './sign-in.component';

@Component({ template: 'elsewhere' })
class ElsewhereComponent {}

describe(SignInComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'sign-in', component: SignInComponent },
            { path: '**', component: ElsewhereComponent },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(url = '/sign-in'): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create(url);
    return harness.routeNativeElement!;
  }

  function input(page: HTMLElement, name: string): HTMLInputElement {
    return page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`)!;
  }

  function type(page: HTMLElement, name: string, value: string): void {
    const field = input(page, name);
    field.value = value;
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('blur'));
  }

  async function submit(
    page: HTMLElement,
    email = 'maya.lind@example.org',
    password = 'correct horse battery',
  ) {
    type(page, 'email', email);
    type(page, 'password', password);
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await harness.fixture.whenStable();
  }

  /** The text of the error shown under a field, or '' when it shows none. */
  function fieldError(page: HTMLElement, name: string): string {
    const field = input(page, name).closest('mat-form-field')!;
    return field.querySelector('mat-error')?.textContent?.trim() ?? '';
  }

  function alertText(page: HTMLElement): string {
    return page.querySelector('[role="alert"]')!.textContent.trim();
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
  }

  describe('form', () => {
    it('labels its inputs and asks the browser for the right autofill', async () => {
      const page = await open();

      expect(input(page, 'email').labels?.[0]?.textContent).toContain('Email');
      expect(input(page, 'email').getAttribute('autocomplete')).toBe('email');
      expect(input(page, 'password').labels?.[0]?.textContent).toContain('Password');
      expect(input(page, 'password').getAttribute('autocomplete')).toBe('current-password');
    });

    it('sends nothing while a field is empty and says what is missing', async () => {
      const page = await open();
      page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await settle();

      backend.expectNone('/api/v1/auth/login');
      expect(fieldError(page, 'email')).toBe('Enter your email address.');
      expect(document.activeElement).toBe(input(page, 'email'));
      expect(fieldError(page, 'password')).toBe('Enter your password.');
    });
  });

  describe('success', () => {
    it('signs in and continues to the returnUrl', async () => {
      const page = await open('/sign-in?returnUrl=%2Fpatients%2Fp-1');
      await submit(page);

      const request = backend.expectOne('/api/v1/auth/login');
      expect(request.request.body).toEqual({
        email: 'maya.lind@example.org',
        password: 'correct horse battery',
      });
      request.flush(aSession());
      await settle();

      expect(TestBed.inject(AuthService).signedIn()).toBe(true);
      expect(TestBed.inject(Router).url).toBe('/patients/p-1');
    });

    it('goes home rather than to another site', async () => {
      const page = await open('/sign-in?returnUrl=https%3A%2F%2Fevil.example');
      await submit(page);
      backend.expectOne('/api/v1/auth/login').flush(aSession());
      await settle();

      expect(TestBed.inject(Router).url).toBe('/');
    });
  });

  describe('errors', () => {
    it('shows the field errors of a 400 problem next to their fields', async () => {
      const page = await open();
      await submit(page, 'maya@clinic.example');

      backend.expectOne('/api/v1/auth/login').flush(
        {
          type: '/problems/validation',
          title: 'Bad Request',
          status: 400,
          detail: 'The request is invalid.',
          errors: [{ field: 'email', message: 'email must be an email from a real domain' }],
        },
        { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/problem+json' } },
      );
      await settle();

      expect(fieldError(page, 'email')).toBe('Enter an email address such as name@example.com.');
      expect(input(page, 'email').getAttribute('aria-invalid')).toBe('true');
      expect(fieldError(page, 'password')).toBe('');
      expect(alertText(page)).toBe('Check the highlighted fields.');
      expect(document.activeElement).toBe(input(page, 'email'));
    });

    it('clears a field error once the field is edited', async () => {
      const page = await open();
      await submit(page);
      backend.expectOne('/api/v1/auth/login').flush(
        {
          type: '/problems/validation',
          title: 'Bad Request',
          status: 400,
          errors: [{ field: 'email', message: 'No.' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();
      expect(fieldError(page, 'email')).toBe('No.');

      type(page, 'email', 'maya.lind@example.org');
      await settle();
      expect(fieldError(page, 'email')).toBe('');
    });

    it('says how long to wait after too many attempts (429 with Retry-After)', async () => {
      const page = await open();
      await submit(page);

      backend
        .expectOne('/api/v1/auth/login')
        .flush(
          { type: '/problems/rate-limited', title: 'Too Many Requests', status: 429 },
          { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '540' } },
        );
      await settle();

      expect(alertText(page)).toBe('Too many attempts, try again in 9 minutes.');
    });

    it('answers bad credentials with one message, whatever was wrong', async () => {
      const page = await open();
      await submit(page);

      backend
        .expectOne('/api/v1/auth/login')
        .flush(
          { type: '/problems/unauthenticated', title: 'Unauthorized', status: 401 },
          { status: 401, statusText: 'Unauthorized' },
        );
      await settle();

      expect(alertText(page)).toBe('That email and password do not match an account.');
      backend.expectNone('/api/v1/auth/refresh');
      expect(TestBed.inject(Router).url).toBe('/sign-in');
    });
  });

  describe('two-step sign-in', () => {
    const PROBLEM_401 = { type: '/problems/unauthenticated', title: 'Unauthorized', status: 401 };
    const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

    async function toCodeStep(url = '/sign-in'): Promise<HTMLElement> {
      const page = await open(url);
      await submit(page);
      backend.expectOne('/api/v1/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-1' });
      await settle();
      return page;
    }

    async function enterCode(page: HTMLElement, code: string): Promise<void> {
      type(page, 'code', code);
      page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await settle();
    }

    function heading(page: HTMLElement): string {
      return page.querySelector('h1')!.textContent.trim();
    }

    function wrongCode(): void {
      backend.expectOne('/api/v1/auth/mfa/verify').flush(PROBLEM_401, UNAUTHORIZED);
    }

    it('asks for the code of the authenticator app in one numeric one-time-code field', async () => {
      const page = await toCodeStep();

      expect(heading(page)).toBe('Two-step sign-in');
      const code = input(page, 'code');
      expect(code.labels?.[0]?.textContent).toContain('6-digit code');
      expect(code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(code.getAttribute('inputmode')).toBe('numeric');
      expect(code.getAttribute('aria-describedby')).toContain('code-help');
      expect(page.querySelector('#code-help')!.textContent).toContain('maya.lind@example.org');
      expect(page.querySelectorAll('input')).toHaveLength(1);
      expect(document.activeElement).toBe(code);
      expect(TestBed.inject(AuthService).signedIn()).toBe(false);
      expect(alertText(page)).toBe('');
    });

    it('sends the code with the token and continues to the returnUrl', async () => {
      const page = await toCodeStep('/sign-in?returnUrl=%2Fpatients%2Fp-1');
      await enterCode(page, ' 123 456 ');

      const request = backend.expectOne('/api/v1/auth/mfa/verify');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ mfaToken: 'mfa-1', code: '123456' });
      request.flush(aSession(undefined, aUser({ mfaEnabled: true })));
      await settle();

      expect(TestBed.inject(AuthService).signedIn()).toBe(true);
      expect(TestBed.inject(Router).url).toBe('/patients/p-1');
    });

    it.each([
      ['', 'Enter the 6-digit code from your authenticator app.'],
      ['12345', 'The code is 6 digits, such as 123456.'],
      ['12345a', 'The code is 6 digits, such as 123456.'],
    ])('sends nothing for %p and says why', async (code, message) => {
      const page = await toCodeStep();
      await enterCode(page, code);

      backend.expectNone('/api/v1/auth/mfa/verify');
      expect(fieldError(page, 'code')).toBe(message);
      expect(document.activeElement).toBe(input(page, 'code'));
    });

    it('stays on the step after a wrong code, says so and how many tries are left', async () => {
      const page = await toCodeStep();
      await enterCode(page, '000000');
      wrongCode();
      await settle();

      expect(heading(page)).toBe('Two-step sign-in');
      expect(alertText(page)).toBe(`${WRONG_CODE} 4 tries left.`);
      // Kept and selected, so the next code replaces it; not marked invalid (the alert says why).
      const code = input(page, 'code');
      expect(code.value).toBe('000000');
      expect([code.selectionStart, code.selectionEnd]).toEqual([0, 6]);
      expect(code.getAttribute('aria-invalid')).toBe('false');
      expect(document.activeElement).toBe(code);
      backend.expectNone('/api/v1/auth/refresh');

      await enterCode(page, '111111');
      wrongCode();
      await settle();
      expect(alertText(page)).toBe(`${WRONG_CODE} 3 tries left.`);
    });

    it('goes back to the password after the fifth wrong code, keeping the email', async () => {
      const page = await toCodeStep();
      for (let i = 0; i < MFA_MAX_WRONG_CODES; i++) {
        await enterCode(page, '000000');
        wrongCode();
        await settle();
      }

      expect(heading(page)).toBe('Sign in');
      expect(alertText(page)).toBe(TOO_MANY_CODES);
      expect(input(page, 'email').value).toBe('maya.lind@example.org');
      expect(input(page, 'password').value).toBe('');
      expect(document.activeElement).toBe(input(page, 'password'));

      // A new password step answers with a new token.
      await submit(page);
      backend.expectOne('/api/v1/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-2' });
      await settle();
      await enterCode(page, '123456');
      expect(backend.expectOne('/api/v1/auth/mfa/verify').request.body).toEqual({
        mfaToken: 'mfa-2',
        code: '123456',
      });
    });

    it('goes back to the password when the token has expired (5 minutes)', async () => {
      const start = Date.now();
      const page = await toCodeStep();
      jest.spyOn(Date, 'now').mockReturnValue(start + MFA_TOKEN_LIFETIME_MS + 1000);
      await enterCode(page, '123456');
      wrongCode();
      await settle();

      expect(heading(page)).toBe('Sign in');
      expect(alertText(page)).toBe(CODE_STEP_EXPIRED);
      expect(input(page, 'email').value).toBe('maya.lind@example.org');
    });

    it('says how long to wait on a 429, on the step while the token outlives the wait', async () => {
      const page = await toCodeStep();
      await enterCode(page, '123456');
      backend
        .expectOne('/api/v1/auth/mfa/verify')
        .flush(
          { type: '/problems/rate-limited', title: 'Too Many Requests', status: 429 },
          { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '60' } },
        );
      await settle();

      expect(heading(page)).toBe('Two-step sign-in');
      expect(alertText(page)).toBe('Too many attempts, try again in 1 minute.');
    });

    it('goes back to the password on a 429 longer than the token lives', async () => {
      const page = await toCodeStep();
      await enterCode(page, '123456');
      backend
        .expectOne('/api/v1/auth/mfa/verify')
        .flush(
          { type: '/problems/rate-limited', title: 'Too Many Requests', status: 429 },
          { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '540' } },
        );
      await settle();

      expect(heading(page)).toBe('Sign in');
      expect(alertText(page)).toBe('Too many attempts, try again in 9 minutes.');
    });

    it('shows a 400 about the code beside the field', async () => {
      const page = await toCodeStep();
      await enterCode(page, '123456');
      backend.expectOne('/api/v1/auth/mfa/verify').flush(
        {
          type: '/problems/validation',
          title: 'Bad Request',
          status: 400,
          errors: [{ field: 'code', message: 'code must be the 6 digits of the authenticator app' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();

      expect(fieldError(page, 'code')).toBe('Code must be the 6 digits of the authenticator app.');
      expect(alertText(page)).toBe('Check the highlighted fields.');
    });

    it('"Use another account" goes back to an empty password step', async () => {
      const page = await toCodeStep();
      [...page.querySelectorAll('button')]
        .find((b) => b.textContent.includes('Use another account'))!
        .click();
      await settle();

      backend.expectNone('/api/v1/auth/mfa/verify');
      expect(heading(page)).toBe('Sign in');
      expect(input(page, 'email').value).toBe('');
      expect(input(page, 'password').value).toBe('');
      expect(document.activeElement).toBe(input(page, 'email'));
      expect(alertText(page)).toBe('');
    });
  });

  describe('notices', () => {
    it('tells the user they were signed out for inactivity', async () => {
      const page = await open('/sign-in?reason=idle');

      expect(page.querySelector('[role="status"]')?.textContent?.trim()).toBe(
        'You were signed out after 15 minutes without activity.',
      );
      expect(alertText(page)).toBe('');
    });

    it('shows no notice on a plain visit', async () => {
      const page = await open();
      expect(page.querySelector('[role="status"]')).toBeNull();
    });
  });
});
