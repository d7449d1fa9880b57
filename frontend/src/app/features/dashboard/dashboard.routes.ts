import type { Routes } from '@angular/router';

import { OutcomesPageComponent } from './outcomes-page/outcomes-page.component';

/** `/outcomes?from=&to=&therapistId=&diagnosis=` — the filters bind to the page's inputs. */
export default [
  { path: '', pathMatch: 'full', title: 'Outcomes', component: OutcomesPageComponent },
] satisfies Routes;
