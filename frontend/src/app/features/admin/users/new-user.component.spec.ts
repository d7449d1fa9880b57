import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { AdminNoticeService } from '../admin-notice.service';
import { aClinicUser, problem } from '../admin.testing';
import { NewUserComponent, PASSWORD_RULE } from './new-user.component';

@Component({ template: 'users' })
class UsersStubComponent {}

describe(NewUserComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'admin/users/new', component: NewUserComponent },
          { path: 'admin/users', component: UsersStubComponent },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/admin/users/new');
    page = harness.routeNativeElement!;
  });

  afterEach(() => backend.verify());

  function control(name: string): HTMLInputElement {
    return page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`)!;
  }

  function type(name: string, value: string): void {
    const field = control(name);
    field.value = value;
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('blur'));
  }

  function checkbox(label: string): HTMLInputElement {
    return [...page.querySelectorAll('mat-checkbox')]
      .find((c) => c.textContent.includes(label))!
      .querySelector('input')!;
  }

  function fieldError(name: string): string {
    return control(name).closest('mat-form-field')!.querySelector('mat-error')?.textContent.trim() ?? '';
  }

  async function submit(): Promise<void> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await harness.fixture.whenStable();
  }

  function fill(): void {
    type('fullName', ' Jo Berg ');
    type('email', 'jo.berg@example.org');
    type('password', 'a long enough secret');
  }

  it('labels every field and shows the password rule', () => {
    for (const name of ['fullName', 'email', 'password']) {
      expect(control(name).labels?.length).toBe(1);
    }
    expect(page.querySelector('fieldset legend')!.textContent).toContain('Roles');
    expect(checkbox('Therapist').checked).toBe(true);
    expect(checkbox('Administrator').checked).toBe(false);
    expect(page.querySelector('#password-rule')!.textContent).toContain(PASSWORD_RULE);
    expect(PASSWORD_RULE).toBe('12 to 128 characters.');
  });

  it('creates the user and returns to the list with a notice', async () => {
    fill();
    checkbox('Administrator').click();
    await submit();

    const request = backend.expectOne('/api/v1/users');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      email: 'jo.berg@example.org',
      fullName: 'Jo Berg',
      roles: ['admin', 'therapist'],
      password: 'a long enough secret',
    });
    request.flush(aClinicUser({ fullName: 'Jo Berg', email: 'jo.berg@example.org' }), {
      status: 201,
      statusText: 'Created',
    });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/admin/users');
    expect(TestBed.inject(AdminNoticeService).take()).toBe(
      'Jo Berg was added. They can sign in with jo.berg@example.org.',
    );
  });

  it('shows the field errors of a 400 next to their fields and focuses the first', async () => {
    fill();
    await submit();
    backend.expectOne('/api/v1/users').flush(
      ...problem(400, {
        type: '/problems/validation',
        title: 'Invalid request',
        detail: '2 fields are invalid',
        errors: [
          { field: 'email', message: 'email must be an email' },
          { field: 'password', message: 'password must be 12 to 128 characters long' },
        ],
      }),
    );
    await harness.fixture.whenStable();

    expect(fieldError('email')).toBe('Enter an email address such as name@example.com.');
    expect(fieldError('password')).toBe('Password must be 12 to 128 characters long.');
    expect(fieldError('fullName')).toBe('');
    expect(page.querySelector('[role="alert"]')!.textContent).toContain('Check the highlighted fields.');
    expect(document.activeElement).toBe(control('email'));
    expect(TestBed.inject(Router).url).toBe('/admin/users/new');
  });

  it('puts the 409 for a taken email next to the email field', async () => {
    fill();
    await submit();
    backend.expectOne('/api/v1/users').flush(
      ...problem(409, {
        type: '/problems/conflict',
        title: 'Conflict',
        detail: 'An account with this email already exists.',
      }),
    );
    await harness.fixture.whenStable();
    expect(fieldError('email')).toBe('An account with this email already exists.');
    expect(document.activeElement).toBe(control('email'));
  });

  it('checks the fields, the password length and the roles before sending', async () => {
    type('password', 'too short');
    checkbox('Therapist').click();
    await submit();

    backend.expectNone('/api/v1/users');
    expect(fieldError('fullName')).toBe('Enter their full name.');
    expect(fieldError('password')).toBe(`The password must be ${PASSWORD_RULE}`);
    expect(page.querySelector('#roles-error')!.textContent).toContain('Choose at least one role.');
    expect(document.activeElement).toBe(control('fullName'));
  });
});
