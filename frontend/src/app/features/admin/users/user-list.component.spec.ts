import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ClinicUserView } from '@stride/api';
import { of } from 'rxjs';

import { aUser } from '../../../../testing/fixtures';
import { AuthService } from '../../../core/auth/auth.service';
import { aClinicUser, aPage, ME_ID, problem } from '../admin.testing';
import { DEACTIVATE_CONSEQUENCE } from './user-active-dialog.component';
import { UserListComponent } from './user-list.component';

@Component({ template: 'elsewhere' })
class ElsewhereComponent {}

const USERS = '/api/v1/users';
/** Columns: name and email, roles, status, two-step sign-in, actions. */
const ROLES = 1;
const STATUS = 2;

describe(UserListComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;
  const refresh = jest.fn(() => of('token'));
  const signOut = jest.fn(() => Promise.resolve());

  const me = aClinicUser({
    id: ME_ID,
    fullName: 'Maya Lind',
    email: 'maya.lind@example.org',
    roles: ['admin', 'therapist'],
    mfaEnabled: true,
  });
  const sam = aClinicUser();
  const former = aClinicUser({ id: 'u-former', fullName: 'Zoe Former', active: false, version: 7 });

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([
          { path: 'admin/users', component: UserListComponent },
          { path: '**', component: ElsewhereComponent },
        ]),
        { provide: AuthService, useValue: { user: signal(aUser({ id: ME_ID })), refresh, signOut } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove());
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  async function open(users: ClinicUserView[] = [me, sam, former]): Promise<void> {
    harness = await RouterTestingHarness.create('/admin/users');
    page = harness.routeNativeElement!;
    const request = backend.expectOne((r) => r.url === USERS);
    expect(request.request.params.get('page')).toBe('1');
    request.flush(aPage(users));
    await settle();
  }

  function row(name: string): HTMLTableRowElement {
    return [...page.querySelectorAll<HTMLTableRowElement>('tbody tr')].find((r) =>
      r.querySelector('th')!.textContent.includes(name),
    )!;
  }

  function cells(name: string): string[] {
    return [...row(name).querySelectorAll('th, td')].map((c) => c.textContent.replace(/\s+/g, ' ').trim());
  }

  function dialog(): HTMLElement | null {
    return document.querySelector('mat-dialog-container');
  }

  function button(root: ParentNode, text: string): HTMLButtonElement {
    return [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text)!;
  }

  describe('list', () => {
    it('shows name, email, roles, status and two-step sign-in, in a captioned table', async () => {
      await open();
      expect(page.querySelector('h1')!.textContent).toBe('Users');
      expect(page.querySelector('caption')!.textContent).toContain('Users of the clinic');
      expect(cells('Maya Lind')).toEqual([
        'Maya Lind (you) maya.lind@example.org',
        'Administrator, Therapist',
        'Active',
        'On',
        'Change roles Deactivate',
      ]);
      expect(cells('Zoe Former').slice(2, 5)).toEqual(['Deactivated', 'Off', 'Change roles Reactivate']);
      expect(page.querySelector('.status')!.textContent).toContain('3 users');
    });

    it('names the user in each action button', async () => {
      await open();
      const labels = [...row('Sam Okafor').querySelectorAll('button')].map((b) =>
        b.getAttribute('aria-label'),
      );
      expect(labels).toEqual(['Change roles of Sam Okafor', 'Deactivate Sam Okafor']);
    });

    it('says so when the list cannot be loaded, and tries again', async () => {
      harness = await RouterTestingHarness.create('/admin/users');
      page = harness.routeNativeElement!;
      backend.expectOne((r) => r.url === USERS).flush(null, { status: 500, statusText: 'Error' });
      await settle();
      expect(page.querySelector('[role="alert"]')!.textContent).toContain('The users could not be loaded.');
      button(page, 'Try again').click();
      backend.expectOne((r) => r.url === USERS).flush(aPage([sam]));
      await settle();
      expect(page.querySelector('[role="alert"]')!.textContent.trim()).toBe('');
      expect(cells('Sam Okafor')[0]).toBe('Sam Okafor sam.okafor@example.org');
    });
  });

  describe('deactivate', () => {
    async function confirmDeactivate(name: string): Promise<void> {
      button(row(name), 'Deactivate').click();
      await settle();
      expect(dialog()!.textContent).toContain(DEACTIVATE_CONSEQUENCE);
      button(dialog()!, 'Deactivate').click();
      await settle();
    }

    it('names the consequence and sends active: false with If-Match', async () => {
      await open();
      await confirmDeactivate('Sam Okafor');

      const request = backend.expectOne(`${USERS}/${sam.id}`);
      expect(request.request.method).toBe('PATCH');
      expect(request.request.headers.get('If-Match')).toBe('"3"');
      expect(request.request.body).toEqual({ active: false });
      request.flush({ ...sam, active: false, version: 4 });
      await settle();

      expect(cells('Sam Okafor')[STATUS]).toBe('Deactivated');
      expect(button(row('Sam Okafor'), 'Reactivate')).toBeDefined();
      expect(page.querySelector('.notice')!.textContent).toContain(
        'Sam Okafor was deactivated; their sessions ended.',
      );
    });

    it('shows the API’s 409 when the clinic would be left without an active admin', async () => {
      await open();
      await confirmDeactivate('Maya Lind');

      const request = backend.expectOne(`${USERS}/${ME_ID}`);
      expect(request.request.headers.get('If-Match')).toBe('"3"');
      request.flush(
        ...problem(409, {
          type: '/problems/conflict',
          title: 'Conflict',
          detail: 'The clinic must keep at least one active admin.',
        }),
      );
      await settle();

      expect(page.querySelector('[role="alert"]')!.textContent).toContain(
        'The clinic must keep at least one active admin.',
      );
      expect(cells('Maya Lind')[STATUS]).toBe('Active');
    });

    it('warns an admin deactivating their own account that they will be signed out', async () => {
      await open();
      button(row('Maya Lind'), 'Deactivate').click();
      await settle();
      expect(dialog()!.textContent).toContain(
        'This is your own account: you will be signed out straight away.',
      );
      button(dialog()!, 'Cancel').click();
      await settle();
      backend.expectNone(`${USERS}/${ME_ID}`);
    });

    it('reloads the user after a 412 and says someone else changed them', async () => {
      await open();
      await confirmDeactivate('Sam Okafor');
      backend
        .expectOne(`${USERS}/${sam.id}`)
        .flush(...problem(412, { type: '/problems/stale-version', title: 'Precondition Failed' }));
      await settle();
      const reload = backend.expectOne(`${USERS}/${sam.id}`);
      expect(reload.request.method).toBe('GET');
      reload.flush({ ...sam, roles: ['admin', 'therapist'], version: 5 });
      await settle();

      expect(page.querySelector('[role="alert"]')!.textContent).toContain('Someone else changed Sam Okafor');
      expect(cells('Sam Okafor')[ROLES]).toBe('Administrator, Therapist');
    });

    it('signs the admin out after they deactivate their own account', async () => {
      await open([me, aClinicUser({ id: 'u-2', fullName: 'Ada Admin', roles: ['admin'] })]);
      await confirmDeactivate('Maya Lind');
      backend.expectOne(`${USERS}/${ME_ID}`).flush({ ...me, active: false, version: 4 });
      await settle();
      expect(signOut).toHaveBeenCalledTimes(1);
      expect(TestBed.inject(Router).url).toBe('/sign-in');
    });

    it('reactivates a deactivated user', async () => {
      await open();
      button(row('Zoe Former'), 'Reactivate').click();
      await settle();
      expect(dialog()!.textContent).toContain('Reactivate Zoe Former?');
      button(dialog()!, 'Reactivate').click();
      await settle();
      const request = backend.expectOne(`${USERS}/u-former`);
      expect(request.request.headers.get('If-Match')).toBe('"7"');
      expect(request.request.body).toEqual({ active: true });
      request.flush({ ...former, active: true, version: 8 });
      await settle();
      expect(cells('Zoe Former')[STATUS]).toBe('Active');
    });
  });

  describe('change roles', () => {
    it('refreshes the session and leaves Admin when the admin drops their own admin role', async () => {
      await open();
      button(row('Maya Lind'), 'Change roles').click();
      await settle();
      dialog()!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[0].click();
      await settle();
      expect(dialog()!.textContent).toContain('Without the Administrator role you lose access');
      button(dialog()!, 'Save roles').click();
      await settle();
      const request = backend.expectOne(`${USERS}/${ME_ID}`);
      expect(request.request.body).toEqual({ roles: ['therapist'] });
      request.flush({ ...me, roles: ['therapist'], version: 4 });
      await settle();
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(TestBed.inject(Router).url).toBe('/');
    });

    it('sends the ticked roles with If-Match', async () => {
      await open();
      button(row('Sam Okafor'), 'Change roles').click();
      await settle();
      const checkboxes = dialog()!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
      expect([...checkboxes].map((c) => c.checked)).toEqual([false, true]);
      checkboxes[0].click();
      await settle();
      button(dialog()!, 'Save roles').click();
      await settle();

      const request = backend.expectOne(`${USERS}/${sam.id}`);
      expect(request.request.headers.get('If-Match')).toBe('"3"');
      expect(request.request.body).toEqual({ roles: ['admin', 'therapist'] });
      request.flush({ ...sam, roles: ['admin', 'therapist'], version: 4 });
      await settle();
      expect(cells('Sam Okafor')[ROLES]).toBe('Administrator, Therapist');
    });

    it('asks for at least one role before saving', async () => {
      await open();
      button(row('Sam Okafor'), 'Change roles').click();
      await settle();
      dialog()!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[1].click();
      await settle();
      button(dialog()!, 'Save roles').click();
      await settle();
      expect(dialog()!.textContent).toContain('Choose at least one role.');
      backend.expectNone(`${USERS}/${sam.id}`);
    });
  });
});
