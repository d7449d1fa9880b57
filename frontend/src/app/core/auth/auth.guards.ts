import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthService } from './auth.service';
import { signInUrl } from './sign-in-redirect';

/** Signed-in pages: anyone else goes to `/sign-in?returnUrl=<where they were going>`. */
export const signedInGuard: CanActivateFn = (_route, state) =>
  inject(AuthService).signedIn() || signInUrl(inject(Router), state.url);

/** Sign-in and sign-up: someone already signed in goes home. */
export const signedOutGuard: CanActivateFn = () =>
  !inject(AuthService).signedIn() || inject(Router).createUrlTree(['/']);

/** Admin screens: a signed-in user without the admin role goes home. */
export const adminGuard: CanActivateFn = () =>
  (inject(AuthService).user()?.roles.includes('admin') ?? false) || inject(Router).createUrlTree(['/']);
