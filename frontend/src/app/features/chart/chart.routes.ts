import type { Routes } from '@angular/router';

import { ChartComponent } from './chart-page/chart.component';

/**
 * Under `patients/:patientId`: the chart (`?episode=` picks the episode), the patient's edit form
 * (the new-patient form in edit mode) and the printable home
 * programme, which loads on its own (the chart's first paint does not need it).
 */
export default [
  { path: '', pathMatch: 'full', title: 'Patient chart', component: ChartComponent },
  {
    path: 'edit',
    title: 'Edit patient',
    loadComponent: () =>
      import('../patients/new-patient/new-patient.component').then((m) => m.NewPatientComponent),
  },
  {
    path: 'home-program/:episodeId',
    title: 'Home programme',
    loadComponent: () =>
      import('./home-program/home-program-print.component').then((m) => m.HomeProgramPrintComponent),
  },
] satisfies Routes;
