import type { Routes } from '@angular/router';

import { ChartComponent } from './chart-page/chart.component';

/**
 * Under `patients/:patientId`: the chart (`?episode=` picks the episode) and the printable home
 * programme, which loads on its own (the chart's first paint does not need it).
 */
export default [
  { path: '', pathMatch: 'full', title: 'Patient chart', component: ChartComponent },
  {
    path: 'home-program/:episodeId',
    title: 'Home programme',
    loadComponent: () =>
      import('./home-program/home-program-print.component').then((m) => m.HomeProgramPrintComponent),
  },
] satisfies Routes;
