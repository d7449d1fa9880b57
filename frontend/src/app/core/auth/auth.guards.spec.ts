import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { signedInGuard, signedOutGuard } from './auth.guards';
import { AuthService } from './auth.service';

@Component({ template: 'page' })
class PageComponent {}

describe('auth guards', () => {
  let signedIn: boolean;

  beforeEach(() => {
    signedIn = false;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'sign-in', canActivate: [signedOutGuard], component: PageComponent },
          { path: 'sign-up', canActivate: [signedOutGuard], component: PageComponent },
          {
            path: '',
            canActivate: [signedInGuard],
            canActivateChild: [signedInGuard],
            children: [
              { path: '', component: PageComponent },
              { path: 'patients/:id', component: PageComponent },
            ],
          },
        ]),
        { provide: AuthService, useValue: { signedIn: () => signedIn } },
      ],
    });
  });

  async function visit(url: string): Promise<string> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  describe(signedInGuard.name, () => {
    it('sends a signed-out visitor to sign in, remembering where they were going', async () => {
      await expect(visit('/patients/p-1?tab=visits')).resolves.toBe(
        '/sign-in?returnUrl=%2Fpatients%2Fp-1%3Ftab%3Dvisits',
      );
    });

    it('needs no returnUrl for the home page', async () => {
      await expect(visit('/')).resolves.toBe('/sign-in');
    });

    it('lets a signed-in user through', async () => {
      signedIn = true;
      await expect(visit('/patients/p-1')).resolves.toBe('/patients/p-1');
    });
  });

  describe(signedOutGuard.name, () => {
    it.each(['/sign-in', '/sign-up'])('sends a signed-in user from %s home', async (url) => {
      signedIn = true;
      await expect(visit(url)).resolves.toBe('/');
    });

    it.each(['/sign-in', '/sign-up'])('shows %s to a signed-out visitor', async (url) => {
      await expect(visit(url)).resolves.toBe(url);
    });
  });
});
