import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';

import { aUser } from '../../../../testing/fixtures';
import { AuthService } from '../../../core/auth/auth.service';
import { aClinic, problem } from '../admin.testing';
import {
  changes,
  ClinicSettingsComponent,
  MFA_LATER,
  STALE_CLINIC_MESSAGE,
} from './clinic-settings.component';

const CLINIC = '/api/v1/clinic';

describe(ClinicSettingsComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;
  let refresh: jest.Mock;

  beforeEach(() => {
    refresh = jest.fn(() => of('token'));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'admin/clinic', component: ClinicSettingsComponent }]),
        { provide: AuthService, useValue: { user: signal(aUser()), refresh } },
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

  it('shows name, time zone, distance unit, and the MFA switch disabled with its reason', async () => {
    await open();
    expect(refresh).not.toHaveBeenCalled();
    expect(page.querySelector('h1')!.textContent).toBe('Clinic settings');
    expect(field('name').value).toBe('Riverside Sports Rehab');
    expect(field<HTMLSelectElement>('timezone').value).toBe('Europe/Stockholm');
    const zones = [...field<HTMLSelectElement>('timezone').options].map((o) => o.value);
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('America/Denver');
    expect(page.querySelector<HTMLInputElement>('mat-radio-button input[value="km"]')!.checked).toBe(true);

    const mfa = page.querySelector<HTMLButtonElement>('mat-slide-toggle button[role="switch"]')!;
    expect(mfa.disabled).toBe(true);
    expect(page.querySelector('#mfa-later')!.textContent).toContain(MFA_LATER);
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
      'timezone must be an IANA time zone',
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
    it.each([
      [{ name: 'Riverside Sports Rehab', timezone: 'Europe/Stockholm', distanceUnit: 'km' as const }, {}],
      [
        { name: ' Riverside Sports Rehab ', timezone: 'UTC', distanceUnit: 'km' as const },
        { timezone: 'UTC' },
      ],
      [
        { name: 'X', timezone: 'Europe/Stockholm', distanceUnit: 'mi' as const },
        { name: 'X', distanceUnit: 'mi' },
      ],
    ])('%o → %o', (value, expected) => {
      expect(changes(aClinic(), value)).toEqual(expected);
    });
  });
});
