import type { Routes } from '@angular/router';

import { adminGuard, signedInGuard } from './core/auth/auth.guards';

export const routes: Routes = [
  {
    // The signed-in console.
    path: '',
    loadComponent: () => import('./core/layout/shell.component').then((m) => m.ShellComponent),
    canActivate: [signedInGuard],
    canActivateChild: [signedInGuard],
    children: [
      { path: '', loadChildren: () => import('./features/home/home.routes') },
      { path: 'patients', loadChildren: () => import('./features/patients/patients.routes') },
      { path: 'patients/:patientId', loadChildren: () => import('./features/chart/chart.routes') },
      { path: 'outcomes', loadChildren: () => import('./features/dashboard/dashboard.routes') },
      {
        path: 'admin',
        canActivate: [adminGuard],
        loadChildren: () => import('./features/admin/admin.routes'),
      },
      // The signed-in user's own account: two-step sign-in.
      { path: 'account', loadChildren: () => import('./features/account/account.routes') },
      // The visit note: `episodes/:episodeId/visits/new` starts a draft, `visits/:visitId` edits or reads one.
      { path: '', loadChildren: () => import('./features/visit-note/visit-note.routes') },
    ],
  },
  { path: '', loadChildren: () => import('./features/auth/auth.routes') },
  { path: '**', redirectTo: '' },
];
