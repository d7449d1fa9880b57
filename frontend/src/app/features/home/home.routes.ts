import type { Routes } from '@angular/router';

import { HomeComponent } from './home.component';

export default [{ path: '', pathMatch: 'full', title: 'Home', component: HomeComponent }] satisfies Routes;
