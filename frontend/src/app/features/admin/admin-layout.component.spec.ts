import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../core/auth/auth.service';
import { AdminLayoutComponent } from './admin-layout.component';
import { aClinic } from './admin.testing';

@Component({ template: '<h1>Users</h1>' })
class UsersStubComponent {}

@Component({ selector: 'stride-security-stub', template: '<h1>Account security</h1>' })
class SecurityStubComponent {}

describe(AdminLayoutComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  const user = signal<User>(aUser());

  beforeEach(() => {
    user.set(aUser());
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          {
            path: 'admin',
            component: AdminLayoutComponent,
            children: [{ path: 'users', component: UsersStubComponent }],
          },
          { path: 'account/security', component: SecurityStubComponent },
        ]),
        { provide: AuthService, useValue: { user, updateUser: (me: User) => user.set(me) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  /** Opens /admin/users; the layout reads the clinic's rule and the user. */
  async function open(requireMfaForAdmins: boolean, me: User): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create('/admin/users');
    backend.expectOne('/api/v1/clinic').flush(aClinic({ requireMfaForAdmins }));
    backend.expectOne('/api/v1/me').flush(me);
    await harness.fixture.whenStable();
    return harness.fixture.nativeElement as HTMLElement;
  }

  function banner(page: HTMLElement): HTMLElement | null {
    return page.querySelector('.mfa-required');
  }

  it('tells an admin without two-step sign-in that the clinic requires it, and links to set it up', async () => {
    const page = await open(true, aUser({ roles: ['admin', 'therapist'], mfaEnabled: false }));

    const notice = banner(page)!;
    expect(notice.textContent).toContain('Your clinic requires two-step sign-in for admins.');
    expect(notice.closest('[role="status"]')).not.toBeNull();
    const link = notice.querySelector('a')!;
    expect(link.textContent.trim()).toBe('Set up two-step sign-in');
    expect(link.getAttribute('href')).toBe('/account/security');

    link.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/account/security');
  });

  it('goes once the admin has it (GET /me says so, though the session did not)', async () => {
    const page = await open(true, aUser({ mfaEnabled: true }));
    expect(banner(page)).toBeNull();
    expect(user().mfaEnabled).toBe(true);
  });

  it('is not there when the clinic does not require it', async () => {
    const page = await open(false, aUser({ mfaEnabled: false }));
    expect(banner(page)).toBeNull();
    expect(page.querySelector('nav[aria-label="Admin"]')).not.toBeNull();
  });
});
