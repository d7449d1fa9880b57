import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { signal, type WritableSignal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';

import { aUser } from '../../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../../core/auth/auth.service';
import { aClinic, problem } from '../admin.testing';
import { MfaPolicy } from '../../../core/auth/mfa-policy.service';
import { changes, ClinicSettingsComponent, STALE_CLINIC_MESSAGE } from './clinic-settings.component';

const CLINIC = '/api/v1/clinic';

describe(ClinicSettingsComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;
  let refresh: jest.Mock;
  let user: WritableSignal<User>;

  beforeEach(() => {
    refresh = jest.fn(() => of('token'));
    user = signal(aUser());
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'admin/clinic', component: ClinicSettingsComponent }]),
        { provide: AuthService, useValue: { user, refresh } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  async function open(clinic = aClinic()): Promise<void> {
    harness = await RouterTestingHarness.create('/admin/clinic');
    page = harness.routeNativeElement!;
    expect(page.textContent).toContain('Loading clinic settings…');
    backend.expectOne(CLINIC).flush(clinic, { headers: { ETag: `"${clinic.version}"` } });
    await settle();
  }

  function field<T extends HTMLElement = HTMLInputElement>(name: string): T {
    return page.querySelector<T>(`[formcontrolname="${name}"]`)!;
  }

  function type(name: string, value: string): void {
    const input = field(name);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function choose(name: string, value: string): void {
    const select = field<HTMLSelectElement>(name);
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }

  async function save(): Promise<TestRequest> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
    return backend.expectOne((r) => r.method === 'PATCH' && r.url === CLINIC);
  }

  function mfaCheckbox(): HTMLInputElement {
    return page.querySelector<HTMLInputElement>('mat-checkbox input[type="checkbox"]')!;
  }

  it('shows name, time zone, distance unit, and the two-step rule for admins', async () => {
    await open();
    expect(refresh).not.toHaveBeenCalled();
    expect(page.querySelector('h1')!.textContent).toBe('Clinic settings');
    expect(field('name').value).toBe('Riverside Sports Rehab');
    expect(field<HTMLSelectElement>('timezone').value).toBe('Europe/Stockholm');
    const zones = [...field<HTMLSelectElement>('timezone').options].map((o) => o.value);
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('America/Denver');
    expect(page.querySelector<HTMLInputElement>('mat-radio-button input[value="km"]')!.checked).toBe(true);

    const mfa = mfaCheckbox();
    expect(mfa.disabled).toBe(false);
    expect(mfa.checked).toBe(false);
    expect(mfa.labels?.[0]?.textContent?.trim()).toBe('Require two-step sign-in for admins');
    expect(mfa.getAttribute('aria-describedby')).toContain('mfa-hint');
    expect(page.querySelector('#mfa-hint')!.textContent).toContain('refuses them the admin screens');
  });

  it('links an admin without two-step sign-in to set it up first', async () => {
    await open();
    const link = page.querySelector<HTMLAnchorElement>('#mfa-hint a')!;
    expect(link.textContent.trim()).toBe('set up two-step sign-in');
    expect(link.getAttribute('href')).toBe('/account/security');
  });

  it('does not when the admin uses it already', async () => {
    user.set(aUser({ mfaEnabled: true }));
    await open(aClinic({ requireMfaForAdmins: true }));
    expect(mfaCheckbox().checked).toBe(true);
    expect(page.querySelector('#mfa-hint a')).toBeNull();
  });

  it('saves the two-step rule and tells the admin screens', async () => {
    user.set(aUser({ mfaEnabled: true }));
    await open();
    mfaCheckbox().click();
    const request = await save();
    expect(request.request.body).toEqual({ requireMfaForAdmins: true });
    request.flush(aClinic({ requireMfaForAdmins: true, version: 5 }));
    await settle();

    expect(page.querySelector('.notice')!.textContent).toContain('Clinic settings saved.');
    expect(TestBed.inject(MfaPolicy).requiredForAdmins()).toBe(true);
  });

  it('shows the API’s 409 when the admin does not use two-step sign-in', async () => {
    await open();
    mfaCheckbox().click();
    const request = await save();
    request.flush(
      ...problem(409, {
        type: '/problems/conflict',
        title: 'Conflict',
        detail: 'Turn on two-step sign-in for yourself before requiring it for admins.',
      }),
    );
    await settle();

    expect(page.querySelector('[role="alert"]')!.textContent).toContain(
      'Turn on two-step sign-in for yourself before requiring it for admins.',
    );
    expect(TestBed.inject(MfaPolicy).requiredForAdmins()).toBe(false);
  });

  it('saves only what changed, with If-Match, and refreshes the session’s clinic', async () => {
    await open();
    type('name', ' Riverside Rehab ');
    choose('timezone', 'America/Denver');
    const request = await save();
    expect(request.request.headers.get('If-Match')).toBe('"4"');
    expect(request.request.body).toEqual({ name: 'Riverside Rehab', timezone: 'America/Denver' });
    request.flush(aClinic({ name: 'Riverside Rehab', timezone: 'America/Denver', version: 5 }));
    await settle();

    expect(page.querySelector('.notice')!.textContent).toContain('Clinic settings saved.');
    expect(refresh).toHaveBeenCalledTimes(1);

    // The next save goes with the new version.
    page.querySelector<HTMLInputElement>('mat-radio-button input[value="mi"]')!.click();
    const next = await save();
    expect(next.request.headers.get('If-Match')).toBe('"5"');
    expect(next.request.body).toEqual({ distanceUnit: 'mi' });
    next.flush(aClinic({ distanceUnit: 'mi', version: 6 }));
    await settle();
  });

  it('on a 412 reloads the settings, shows theirs and tells the admin', async () => {
    await open();
    type('name', 'Mine');
    const request = await save();
    request.flush(...problem(412, { type: '/problems/stale-version', title: 'Precondition Failed' }));
    await settle();
    backend
      .expectOne((r) => r.method === 'GET' && r.url === CLINIC)
      .flush(aClinic({ name: 'Theirs', version: 9 }));
    await settle();

    expect(page.querySelector('[role="alert"]')!.textContent).toContain(STALE_CLINIC_MESSAGE);
    expect(field('name').value).toBe('Theirs');
    expect(refresh).toHaveBeenCalledTimes(1); // the toolbar shows their name too

    type('name', 'Mine again');
    const retry = await save();
    expect(retry.request.headers.get('If-Match')).toBe('"9"');
    retry.flush(aClinic({ name: 'Mine again', version: 10 }));
    await settle();
  });

  it('shows a 400 field error beside the field', async () => {
    await open();
    choose('timezone', 'America/Denver');
    const request = await save();
    request.flush(
      ...problem(400, {
        type: '/problems/validation',
        errors: [{ field: 'timezone', message: 'timezone must be an IANA time zone' }],
      }),
    );
    await settle();
    expect(field('timezone').closest('mat-form-field')!.querySelector('mat-error')!.textContent).toContain(
      'Timezone must be an IANA time zone.',
    );
  });

  it('checks the name before sending, and says when nothing changed', async () => {
    await open();
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
    expect(page.querySelector('.notice')!.textContent).toContain('Nothing to save');

    type('name', '');
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
    backend.expectNone((r) => r.method === 'PATCH');
    expect(page.querySelector('mat-error')!.textContent).toContain('Enter the clinic’s name');
  });

  it('explains a failed load and tries again', async () => {
    harness = await RouterTestingHarness.create('/admin/clinic');
    page = harness.routeNativeElement!;
    backend.expectOne(CLINIC).flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(page.querySelector('[role="alert"]')!.textContent).toContain('could not be loaded');
    [...page.querySelectorAll('button')].find((b) => b.textContent.includes('Try again'))!.click();
    backend.expectOne(CLINIC).flush(aClinic());
    await settle();
    expect(field('name').value).toBe('Riverside Sports Rehab');
  });

  describe(changes.name, () => {
    const same = {
      name: 'Riverside Sports Rehab',
      timezone: 'Europe/Stockholm',
      distanceUnit: 'km' as const,
      requireMfaForAdmins: false,
    };
    it.each([
      [same, {}],
      [{ ...same, name: ' Riverside Sports Rehab ', timezone: 'UTC' }, { timezone: 'UTC' }],
      [
        { ...same, name: 'X', distanceUnit: 'mi' as const },
        { name: 'X', distanceUnit: 'mi' },
      ],
      [{ ...same, requireMfaForAdmins: true }, { requireMfaForAdmins: true }],
    ])('%o → %o', (value, expected) => {
      expect(changes(aClinic(), value)).toEqual(expected);
    });
  });
});
