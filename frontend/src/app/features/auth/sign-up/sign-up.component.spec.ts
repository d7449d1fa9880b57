import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aSession } from '../../../../testing/fixtures';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { AuthService } from '../../../core/auth/auth.service';
import { defaultDistanceUnit, SignUpComponent, timeZoneOptions } from './sign-up.component';

@Component({ template: 'elsewhere' })
class ElsewhereComponent {}

describe(SignUpComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(() => {
    const realResolvedOptions = Intl.DateTimeFormat.prototype.resolvedOptions;
    jest.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (
      this: Intl.DateTimeFormat,
    ) {
      return { ...realResolvedOptions.call(this), timeZone: 'America/Denver' };
    });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-up', component: SignUpComponent },
          { path: '**', component: ElsewhereComponent },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create('/sign-up');
    return harness.routeNativeElement!;
  }

  function control(page: HTMLElement, name: string): HTMLInputElement | HTMLSelectElement {
    return page.querySelector<HTMLInputElement | HTMLSelectElement>(`[formcontrolname="${name}"]`)!;
  }

  function type(page: HTMLElement, name: string, value: string): void {
    const field = control(page, name);
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
    field.dispatchEvent(new Event('blur'));
  }

  function fill(page: HTMLElement, password = 'correct horse battery'): void {
    type(page, 'clinicName', 'Riverside Sports Rehab');
    type(page, 'fullName', 'Maya Lind');
    type(page, 'email', 'maya.lind@example.org');
    type(page, 'password', password);
  }

  async function submit(page: HTMLElement): Promise<void> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
  }

  function fieldError(page: HTMLElement, name: string): string {
    return (
      control(page, name).closest('mat-form-field')!.querySelector('mat-error')?.textContent?.trim() ?? ''
    );
  }

  describe('form', () => {
    it('asks the browser for the right autofill on each input', async () => {
      const page = await open();

      expect(control(page, 'clinicName').getAttribute('autocomplete')).toBe('organization');
      expect(control(page, 'fullName').getAttribute('autocomplete')).toBe('name');
      expect(control(page, 'email').getAttribute('autocomplete')).toBe('email');
      expect(control(page, 'password').getAttribute('autocomplete')).toBe('new-password');
      for (const name of ['clinicName', 'fullName', 'email', 'password', 'timezone']) {
        expect(control(page, name).labels?.length).toBe(1);
      }
    });

    it("starts with the browser's time zone selected", async () => {
      const page = await open();
      expect(control(page, 'timezone').value).toBe('America/Denver');
    });

    it('shows the 12-character rule and enforces it before sending', async () => {
      const page = await open();
      expect(page.textContent).toContain('At least 12 characters');

      fill(page, 'short pass');
      await submit(page);

      backend.expectNone('/api/v1/auth/signup');
      expect(fieldError(page, 'password')).toBe('Use at least 12 characters.');
      expect(document.activeElement).toBe(control(page, 'password'));
    });
  });

  describe('submit', () => {
    it('creates the clinic and goes home signed in', async () => {
      const page = await open();
      fill(page);
      page.querySelector<HTMLElement>('mat-radio-button[value="mi"] input')!.click();
      await submit(page);

      const request = backend.expectOne('/api/v1/auth/signup');
      expect(request.request.body).toEqual({
        clinicName: 'Riverside Sports Rehab',
        fullName: 'Maya Lind',
        email: 'maya.lind@example.org',
        password: 'correct horse battery',
        timezone: 'America/Denver',
        distanceUnit: 'mi',
      });
      request.flush(aSession(), { status: 201, statusText: 'Created' });
      await settle();

      expect(TestBed.inject(AuthService).signedIn()).toBe(true);
      expect(TestBed.inject(Router).url).toBe('/');
    });

    it('marks the email as taken on 409 and offers to sign in', async () => {
      const page = await open();
      fill(page);
      await submit(page);

      backend
        .expectOne('/api/v1/auth/signup')
        .flush(
          { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'Email already registered' },
          { status: 409, statusText: 'Conflict' },
        );
      await settle();

      expect(fieldError(page, 'email')).toBe('An account with this email already exists.');
      expect(document.activeElement).toBe(control(page, 'email'));
      const alert = page.querySelector('[role="alert"]')!;
      expect(alert.textContent).toContain('That email already has a Stride account.');
      expect(alert.querySelector('a')?.getAttribute('href')).toBe('/sign-in');
    });

    it('puts the field errors of a 400 problem on their fields', async () => {
      const page = await open();
      fill(page);
      await submit(page);

      backend.expectOne('/api/v1/auth/signup').flush(
        {
          type: '/problems/validation',
          title: 'Bad Request',
          status: 400,
          errors: [
            { field: 'timezone', message: 'timezone must be a valid IANA time zone' },
            { field: 'clinicName', message: 'clinicName must be shorter than or equal to 200 characters' },
          ],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();

      expect(fieldError(page, 'timezone')).toBe('Timezone must be a valid IANA time zone.');
      // The API's messages in the form's words (issue 14).
      expect(fieldError(page, 'clinicName')).toBe('Clinic name: at most 200 characters.');
      expect(page.querySelector('[role="alert"]')!.textContent.trim()).toBe('Check the highlighted fields.');
    });
  });
});

describe(timeZoneOptions.name, () => {
  it('lists IANA zones, sorted, always including UTC and the current zone', () => {
    const zones = timeZoneOptions('Etc/Made-Up');
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Stockholm');
    expect(zones).toContain('Etc/Made-Up');
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
    expect(new Set(zones).size).toBe(zones.length);
  });
});

describe(defaultDistanceUnit.name, () => {
  it.each([
    ['en-US', 'mi'],
    ['en-GB', 'mi'],
    ['sv-SE', 'km'],
    ['de', 'km'],
    ['en', 'km'],
  ])('answers %s with %s', (language, unit) => {
    expect(defaultDistanceUnit(language)).toBe(unit);
  });
});
