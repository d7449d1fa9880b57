import type { Routes } from '@angular/router';

import { signedInGuard } from './core/auth/auth.guards';

export const routes: Routes = [
  {
    // The signed-in console. Patients, outcomes and admin join these children with their issues.
    path: '',
    loadComponent: () => import('./core/layout/shell.component').then((m) => m.ShellComponent),
    canActivate: [signedInGuard],
    canActivateChild: [signedInGuard],
    children: [{ path: '', loadChildren: () => import('./features/home/home.routes') }],
  },
  { path: '', loadChildren: () => import('./features/auth/auth.routes') },
  { path: '**', redirectTo: '' },
];
