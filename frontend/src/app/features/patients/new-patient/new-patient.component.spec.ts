import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../../testing/fixtures';
import { IDEMPOTENCY_KEY, idempotencyInterceptor } from '../../../core/api/idempotency';
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
        provideHttpClient(withInterceptors([idempotencyInterceptor])),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'patients/new', component: NewPatientComponent },
            { path: 'patients/:patientId/edit', component: NewPatientComponent },
            { path: '**', component: ChartStubComponent },
          ],
          withComponentInputBinding(),
        ),
        { provide: AuthService, useValue: { user: signal(aUser()) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(url = '/patients/new'): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create(url);
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

    // The API's messages in the form's words (issue 14: no JSON names under a field).
    expect(fieldError(page, 'dateOfBirth')).toBe('Date of birth must not be in the future.');
    expect(fieldError(page, 'phone')).toBe('Enter a phone number: digits, spaces and + ( ) . / - only.');
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
    expect(page.querySelector('[role="alert"]')!.textContent).toContain(
      'Property nickname should not exist.',
    );
  });

  it('checks the required fields before sending', async () => {
    const page = await open();
    await submit(page);

    backend.expectNone('/api/v1/patients');
    expect(fieldError(page, 'firstName')).toBe('Enter the first name.');
    // In the format the date field shows (en-US here), not the API's YYYY-MM-DD.
    expect(fieldError(page, 'dateOfBirth')).toBe('Enter the date of birth as mm/dd/yyyy.');
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

  describe('possible duplicate (SPEC §2)', () => {
    const DUPLICATE = {
      type: '/problems/possible-duplicate',
      title: 'Possible duplicate',
      status: 409,
      detail: 'A patient with this name and date of birth exists.',
      existing: [
        { id: 'p-7', mrn: 'P-000007', archivedAt: null },
        { id: 'p-9', mrn: 'P-000009', archivedAt: '2026-02-01T10:00:00Z' },
      ],
    };

    it('shows the patients the API found, archived marked, and creates anyway with a new key', async () => {
      const page = await open();
      fill(page);
      await submit(page);
      const first = backend.expectOne('/api/v1/patients');
      const firstKey = first.request.headers.get(IDEMPOTENCY_KEY);
      first.flush(DUPLICATE, {
        status: 409,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/problem+json' },
      });
      await harness.fixture.whenStable();

      const section = page.querySelector('section.duplicates')!;
      expect(section.querySelector('h2')!.textContent).toContain('These patients may already exist');
      const links = Array.from(section.querySelectorAll('li'));
      expect(links.map((li) => li.querySelector('a')!.getAttribute('href'))).toEqual([
        '/patients/p-7',
        '/patients/p-9',
      ]);
      expect(links[0].textContent).toContain('Jordan Alvarez, MRN P-000007');
      expect(links[0].textContent).not.toContain('Archived');
      expect(links[1].textContent).toContain('Archived');
      expect(TestBed.inject(Router).url).toBe('/patients/new');

      Array.from(section.querySelectorAll('button'))
        .find((b) => b.textContent.includes('Create anyway'))!
        .click();
      await harness.fixture.whenStable();
      const confirmed = backend.expectOne('/api/v1/patients?confirmDuplicate=true');
      expect(confirmed.request.method).toBe('POST');
      expect(confirmed.request.body).toEqual(first.request.body);
      expect(confirmed.request.headers.get(IDEMPOTENCY_KEY)).toMatch(/^[0-9a-f-]{36}$/);
      expect(confirmed.request.headers.get(IDEMPOTENCY_KEY)).not.toBe(firstKey);
      confirmed.flush(aPatient({ id: 'p-new' }), { status: 201, statusText: 'Created' });
      await harness.fixture.whenStable();
      expect(TestBed.inject(Router).url).toBe('/patients/p-new');
    });

    it('drops the prompt once the name or date of birth changes', async () => {
      const page = await open();
      fill(page);
      await submit(page);
      backend.expectOne('/api/v1/patients').flush(DUPLICATE, { status: 409, statusText: 'Conflict' });
      await harness.fixture.whenStable();
      expect(page.querySelector('section.duplicates')).not.toBeNull();
      type(page, 'lastName', 'Alvares');
      await harness.fixture.whenStable();
      expect(page.querySelector('section.duplicates')).toBeNull();
    });
  });

  describe('editing', () => {
    it('reads the patient, sends only what changed with If-Match, then opens the chart', async () => {
      const page = await open('/patients/p-1/edit');
      backend
        .expectOne('/api/v1/patients/p-1')
        .flush(aPatient({ email: 'ava@example.com' }), { headers: { ETag: '"4"' } });
      await harness.fixture.whenStable();
      expect(control(page, 'lastName').value).toBe('Alvarez');
      type(page, 'lastName', 'Alvarez-Lind');
      type(page, 'email', '');
      await submit(page);
      const patch = backend.expectOne('/api/v1/patients/p-1');
      expect(patch.request.method).toBe('PATCH');
      expect(patch.request.headers.get('If-Match')).toBe('"4"');
      expect(patch.request.body).toEqual({ lastName: 'Alvarez-Lind', email: null });
      patch.flush(aPatient({ lastName: 'Alvarez-Lind', version: 5 }));
      await harness.fixture.whenStable();
      expect(TestBed.inject(Router).url).toBe('/patients/p-1');
    });

    it('says plainly when someone else changed the patient (412)', async () => {
      const page = await open('/patients/p-1/edit');
      backend.expectOne('/api/v1/patients/p-1').flush(aPatient());
      await harness.fixture.whenStable();
      type(page, 'firstName', 'Eva');
      await submit(page);
      backend
        .expectOne('/api/v1/patients/p-1')
        .flush(
          { type: '/problems/stale-version', title: 'Stale', status: 412 },
          { status: 412, statusText: 'Precondition Failed' },
        );
      await harness.fixture.whenStable();
      expect(page.querySelector('[role="alert"]')!.textContent).toContain(
        'Someone else changed this patient since you opened the form.',
      );
      expect(page.textContent).toContain('Reload the patient');
    });

    it('shows an archived patient read-only, with a badge and no save button', async () => {
      const page = await open('/patients/p-1/edit');
      backend.expectOne('/api/v1/patients/p-1').flush(aPatient({ archivedAt: '2026-02-01T10:00:00Z' }));
      await harness.fixture.whenStable();
      expect(page.querySelector('h1')!.textContent).toContain('Archived');
      expect(control(page, 'firstName').disabled).toBe(true);
      expect(page.querySelector('button[type="submit"]')).toBeNull();
    });
  });

  it('says "at most N characters" for a name that is too long, not "Enter the last name."', async () => {
    const page = await open();
    fill(page);
    type(page, 'lastName', 'x'.repeat(101));
    await submit(page);
    backend.expectNone('/api/v1/patients');
    expect(fieldError(page, 'lastName')).toBe('Last name: at most 100 characters.');
  });
});
