import type { Routes } from '@angular/router';

import { NewPatientComponent } from './new-patient/new-patient.component';
import { PatientListComponent } from './patient-list/patient-list.component';

export default [
  { path: '', pathMatch: 'full', title: 'Patients', component: PatientListComponent },
  { path: 'new', title: 'New patient', component: NewPatientComponent },
] satisfies Routes;
