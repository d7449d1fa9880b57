import { BreakpointObserver, type BreakpointState } from '@angular/cdk/layout';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { BehaviorSubject, firstValueFrom, map } from 'rxjs';

import { aSession, aUser } from '../../../testing/fixtures';
import { AuthService } from '../auth/auth.service';
import { IdleSignOutService } from '../auth/idle-sign-out.service';
import { ShellComponent } from './shell.component';

@Component({ template: '<h1>Home page</h1>' })
class HomeStubComponent {}

@Component({ selector: 'stride-security-stub', template: '<h1>Account security</h1>' })
class SecurityStubComponent {}

@Component({ template: 'sign-in page' })
class SignInStubComponent {}

describe(ShellComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let compact: BehaviorSubject<boolean>;
  let idle: { start: jest.Mock; stop: jest.Mock };

  beforeEach(async () => {
    compact = new BehaviorSubject(false);
    idle = { start: jest.fn(), stop: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: SignInStubComponent },
          {
            path: '',
            component: ShellComponent,
            children: [
              { path: '', component: HomeStubComponent },
              { path: 'account/security', component: SecurityStubComponent },
            ],
          },
        ]),
        {
          provide: BreakpointObserver,
          useValue: {
            observe: () => compact.pipe(map((matches): BreakpointState => ({ matches, breakpoints: {} }))),
          },
        },
        { provide: IdleSignOutService, useValue: idle },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const auth = TestBed.inject(AuthService);
    const signedIn = firstValueFrom(
      auth.signIn({ email: 'maya.lind@example.org', password: 'correct horse battery' }),
    );
    backend.expectOne('/api/v1/auth/login').flush(aSession(undefined, aUser({ roles: ['therapist'] })));
    await signedIn;
  });

  afterEach(() => backend.verify());

  async function open(): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create('/');
    return harness.fixture.nativeElement as HTMLElement;
  }

  async function openUserMenu(page: HTMLElement): Promise<HTMLElement[]> {
    page.querySelector<HTMLButtonElement>('.user-button')!.click();
    await harness.fixture.whenStable();
    return Array.from(document.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  }

  describe('toolbar', () => {
    it('names the product, the clinic and the signed-in user', async () => {
      const page = await open();
      const toolbar = page.querySelector('mat-toolbar')!;

      expect(toolbar.textContent).toContain('Stride');
      expect(toolbar.textContent).toContain('Riverside Sports Rehab');
      expect(toolbar.textContent).toContain('Maya Lind');
    });

    it('offers the roles, Account security and Sign out in the user menu, and signs out', async () => {
      const page = await open();
      const items = await openUserMenu(page);
      expect(items.map((item) => item.textContent.replace(/\s+/g, ' ').trim())).toEqual([
        'Maya Lind Therapist',
        'Account security',
        'Sign out',
      ]);

      items[2].click();
      await harness.fixture.whenStable();
      expect(TestBed.inject(AuthService).signedIn()).toBe(false);
      backend.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await harness.fixture.whenStable();
      expect(TestBed.inject(Router).url).toBe('/sign-in');
    });
  });

  describe('account security', () => {
    it('is a link in the user menu, for every signed-in user', async () => {
      const page = await open();
      const link = (await openUserMenu(page)).find((item) => item.textContent.includes('Account security'))!;
      expect(link.tagName).toBe('A');
      expect(link.getAttribute('href')).toBe('/account/security');

      link.click();
      await harness.fixture.whenStable();
      expect(TestBed.inject(Router).url).toBe('/account/security');
      expect(page.querySelector('main h1')!.textContent).toBe('Account security');
    });
  });

  describe('navigation', () => {
    it('links only to sections that exist, marking the current one', async () => {
      const page = await open();
      const links = Array.from(page.querySelectorAll<HTMLAnchorElement>('nav a'));

      expect(links.map((link) => link.textContent.trim())).toEqual(['Home', 'Patients', 'Outcomes']);
      expect(links[0].getAttribute('aria-current')).toBe('page');
    });

    it('puts the page into the main landmark the skip link targets', async () => {
      const page = await open();
      const main = page.querySelector('main#main')!;
      expect(main.getAttribute('tabindex')).toBe('-1');
      expect(main.textContent).toContain('Home page');
    });

    it('shows the side navigation beside the content on wide screens, without a menu button', async () => {
      const page = await open();
      expect(page.querySelector('button[aria-controls="main-nav"]')).toBeNull();
      expect(page.querySelector('mat-sidenav')!.classList).toContain('mat-drawer-opened');
    });

    it('folds the navigation behind a menu button under 900 px', async () => {
      compact.next(true);
      const page = await open();
      const menuButton = page.querySelector<HTMLButtonElement>('button[aria-controls="main-nav"]')!;

      expect(menuButton.getAttribute('aria-expanded')).toBe('false');
      expect(page.querySelector('mat-sidenav')!.classList).not.toContain('mat-drawer-opened');

      menuButton.click();
      await harness.fixture.whenStable();
      expect(menuButton.getAttribute('aria-expanded')).toBe('true');
      expect(page.querySelector('mat-sidenav')!.classList).toContain('mat-drawer-opened');
    });
  });

  describe('idle sign-out', () => {
    it('watches for inactivity while the shell is shown', async () => {
      await open();
      expect(idle.start).toHaveBeenCalledTimes(1);
      expect(idle.stop).not.toHaveBeenCalled();

      harness.fixture.destroy();
      expect(idle.stop).toHaveBeenCalledTimes(1);
    });
  });
});
