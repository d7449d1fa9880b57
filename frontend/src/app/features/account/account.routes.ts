import type { Routes } from '@angular/router';

import { AccountSecurityComponent } from './security/account-security.component';

/** `/account`: the signed-in user's own account (every role). */
export default [
  { path: '', pathMatch: 'full', redirectTo: 'security' },
  { path: 'security', title: 'Account security', component: AccountSecurityComponent },
] satisfies Routes;
