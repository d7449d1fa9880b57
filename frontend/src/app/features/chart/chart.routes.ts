import type { Routes } from '@angular/router';

import { ChartComponent } from './chart-page/chart.component';
import { HomeProgramPrintComponent } from './home-program/home-program-print.component';

/** Under `patients/:patientId`: the chart (`?episode=` picks the episode) and the printable home programme. */
export default [
  { path: '', pathMatch: 'full', title: 'Patient chart', component: ChartComponent },
  { path: 'home-program/:episodeId', title: 'Home programme', component: HomeProgramPrintComponent },
] satisfies Routes;
