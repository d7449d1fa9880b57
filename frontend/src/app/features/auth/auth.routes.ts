import type { Routes } from '@angular/router';

import { signedOutGuard } from '../../core/auth/auth.guards';
import { SignInComponent } from './sign-in/sign-in.component';
import { SignUpComponent } from './sign-up/sign-up.component';

export default [
  { path: 'sign-in', title: 'Sign in', canActivate: [signedOutGuard], component: SignInComponent },
  { path: 'sign-up', title: 'Create your clinic', canActivate: [signedOutGuard], component: SignUpComponent },
] satisfies Routes;
