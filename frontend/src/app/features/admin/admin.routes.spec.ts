import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, type Routes, TitleStrategy } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../testing/fixtures';
import { AuthService } from '../../core/auth/auth.service';
import { PageTitleStrategy } from '../../core/page-title.strategy';
import { ADMIN_SECTIONS } from './admin-layout.component';
import adminRoutes from './admin.routes';

describe('admin routes', () => {
  let harness: RouterTestingHarness;

  beforeEach(() => {
    const routes: Routes = [{ path: 'admin', loadChildren: () => adminRoutes }];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(routes),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        { provide: AuthService, useValue: { user: signal(aUser()) } },
      ],
    });
  });

  afterEach(() => TestBed.inject(HttpTestingController).match(() => true));

  it('sends /admin to the users', async () => {
    harness = await RouterTestingHarness.create('/admin');
    expect(TestBed.inject(Router).url).toBe('/admin/users');
  });

  it.each([
    ['/admin/users', 'Users · Admin · Stride', 'Users'],
    ['/admin/users/new', 'New user · Admin · Stride', 'Users'],
    ['/admin/audit', 'Audit log · Admin · Stride', 'Audit log'],
    ['/admin/exercises', 'Exercise library · Admin · Stride', 'Exercise library'],
    ['/admin/clinic', 'Clinic settings · Admin · Stride', 'Clinic settings'],
  ])('%s has the title %p and marks %p as the current section', async (url, title, current) => {
    harness = await RouterTestingHarness.create(url);
    await harness.fixture.whenStable();
    expect(TestBed.inject(Title).getTitle()).toBe(title);
    const nav = (harness.fixture.nativeElement as HTMLElement).querySelector('nav[aria-label="Admin"]')!;
    const links = [...nav.querySelectorAll('a')];
    expect(links.map((a) => a.textContent.trim())).toEqual(ADMIN_SECTIONS.map((s) => s.label));
    expect(
      links.filter((a) => a.getAttribute('aria-current') === 'page').map((a) => a.textContent.trim()),
    ).toEqual([current]);
  });
});
