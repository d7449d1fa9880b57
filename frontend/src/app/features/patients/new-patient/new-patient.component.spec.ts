import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../../testing/fixtures';
import { AuthService } from '../../../core/auth/auth.service';
import { aPatient } from '../patients.fixtures';
import { RecentPatientsService } from '../recent-patients.service';
import { NewPatientComponent } from './new-patient.component';

@Component({ template: 'chart' })
class ChartStubComponent {}

describe(NewPatientComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'patients/new', component: NewPatientComponent },
          { path: '**', component: ChartStubComponent },
        ]),
        { provide: AuthService, useValue: { user: signal(aUser()) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create('/patients/new');
    return harness.routeNativeElement!;
  }

  function control(page: HTMLElement, name: string): HTMLInputElement {
    return page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`)!;
  }

  function type(page: HTMLElement, name: string, value: string): void {
    const field = control(page, name);
    field.value = value;
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('blur'));
  }

  function fill(page: HTMLElement): void {
    type(page, 'firstName', ' Jordan ');
    type(page, 'lastName', 'Alvarez');
    type(page, 'dateOfBirth', '1991-04-17');
    Array.from(page.querySelectorAll('mat-radio-button'))
      .find((radio) => radio.textContent.trim() === 'Female')!
      .querySelector('input')!
      .click();
    type(page, 'email', 'jordan@example.com');
  }

  async function submit(page: HTMLElement): Promise<void> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await harness.fixture.whenStable();
  }

  function fieldError(page: HTMLElement, name: string): string {
    return (
      control(page, name).closest('mat-form-field')!.querySelector('mat-error')?.textContent.trim() ?? ''
    );
  }

  it('labels every input', async () => {
    const page = await open();
    for (const name of ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone']) {
      expect(control(page, name).labels?.length).toBe(1);
    }
    expect(page.querySelectorAll('mat-radio-button input')).toHaveLength(4);
    expect(page.querySelector('fieldset legend')!.textContent).toContain('Sex');
  });

  it('creates the patient, remembers them as recent and opens the new chart', async () => {
    const page = await open();
    fill(page);
    await submit(page);

    const request = backend.expectOne('/api/v1/patients');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      firstName: 'Jordan',
      lastName: 'Alvarez',
      dateOfBirth: '1991-04-17',
      sex: 'female',
      email: 'jordan@example.com',
    });
    request.flush(aPatient({ id: 'p-new', firstName: 'Jordan', mrn: 'P-000045' }), {
      status: 201,
      statusText: 'Created',
    });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/patients/p-new');
    expect(
      TestBed.inject(RecentPatientsService)
        .patients()
        .map((p) => p.mrn),
    ).toEqual(['P-000045']);
  });

  it('shows each field error of a 400 next to the field it names, and focuses the first', async () => {
    const page = await open();
    fill(page);
    type(page, 'phone', '12');
    await submit(page);

    backend.expectOne('/api/v1/patients').flush(
      {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        detail: '2 fields are invalid',
        errors: [
          { field: 'dateOfBirth', message: 'dateOfBirth must not be in the future' },
          { field: 'phone', message: 'phone must be a phone number (digits, spaces, + ( ) . / -)' },
        ],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/problem+json' } },
    );
    await harness.fixture.whenStable();

    expect(fieldError(page, 'dateOfBirth')).toBe('dateOfBirth must not be in the future');
    expect(fieldError(page, 'phone')).toBe('phone must be a phone number (digits, spaces, + ( ) . / -)');
    expect(fieldError(page, 'firstName')).toBe('');
    expect(page.querySelector('[role="alert"]')!.textContent).toContain('Check the highlighted fields.');
    expect(document.activeElement).toBe(control(page, 'dateOfBirth'));
    expect(TestBed.inject(Router).url).toBe('/patients/new');
  });

  it('shows a 400 error naming no field in the alert', async () => {
    const page = await open();
    fill(page);
    await submit(page);
    backend.expectOne('/api/v1/patients').flush(
      {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        errors: [{ field: 'nickname', message: 'property nickname should not exist' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await harness.fixture.whenStable();
    expect(page.querySelector('[role="alert"]')!.textContent).toContain('property nickname should not exist');
  });

  it('checks the required fields before sending', async () => {
    const page = await open();
    await submit(page);

    backend.expectNone('/api/v1/patients');
    expect(fieldError(page, 'firstName')).toBe('Enter the first name.');
    expect(fieldError(page, 'dateOfBirth')).toBe('Enter the date of birth.');
    expect(page.querySelector('#sex-error')!.textContent.trim()).toBe('Choose one.');
    expect(document.activeElement).toBe(control(page, 'firstName'));
  });

  it('explains a 403 (no therapist role)', async () => {
    const page = await open();
    fill(page);
    await submit(page);
    backend
      .expectOne('/api/v1/patients')
      .flush(
        { type: '/problems/forbidden', title: 'Forbidden', status: 403 },
        { status: 403, statusText: 'Forbidden' },
      );
    await harness.fixture.whenStable();
    expect(page.querySelector('[role="alert"]')!.textContent).toContain(
      'Adding patients needs the therapist role.',
    );
  });
});
