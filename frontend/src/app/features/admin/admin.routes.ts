import type { Routes } from '@angular/router';

import { AdminLayoutComponent } from './admin-layout.component';
import { NewUserComponent } from './users/new-user.component';
import { UserListComponent } from './users/user-list.component';

/** `/admin` (admins only, `adminGuard` in app.routes.ts): users, audit log, exercise library, clinic. */
export default [
  {
    path: '',
    component: AdminLayoutComponent,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      { path: 'users', title: 'Users · Admin', component: UserListComponent },
      { path: 'users/new', title: 'New user · Admin', component: NewUserComponent },
      {
        path: 'audit',
        title: 'Audit log · Admin',
        loadComponent: () => import('./audit/audit-log.component').then((m) => m.AuditLogComponent),
      },
      {
        path: 'exercises',
        title: 'Exercise library · Admin',
        loadComponent: () =>
          import('./exercises/exercise-library.component').then((m) => m.ExerciseLibraryComponent),
      },
      {
        path: 'clinic',
        title: 'Clinic settings · Admin',
        loadComponent: () =>
          import('./clinic/clinic-settings.component').then((m) => m.ClinicSettingsComponent),
      },
    ],
  },
] satisfies Routes;
