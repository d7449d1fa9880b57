import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aSession } from '../../../../testing/fixtures';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { AuthService } from '../../../core/auth/auth.service';
import { SignInComponent } from './sign-in.component';

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

      expect(fieldError(page, 'email')).toBe('email must be an email from a real domain');
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

    it('explains that multi-factor sign-in is not available yet', async () => {
      const page = await open();
      await submit(page);

      backend.expectOne('/api/v1/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-1' });
      await settle();

      expect(alertText(page)).toContain('multi-factor sign-in is not available in this console yet');
      expect(TestBed.inject(AuthService).signedIn()).toBe(false);
      expect(TestBed.inject(Router).url).toBe('/sign-in');
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
