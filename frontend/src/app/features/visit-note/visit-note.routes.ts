import type { CanDeactivateFn, Routes } from '@angular/router';

import { NewVisitComponent } from './new-visit.component';
import { VisitNotePageComponent } from './visit-note-page.component';

/** Leaving the note flushes its pending save first; if that fails, the therapist is asked. */
export const leaveVisitNoteGuard: CanDeactivateFn<VisitNotePageComponent> = (note) => note.canLeave();

export default [
  { path: 'episodes/:episodeId/visits/new', title: 'New visit', component: NewVisitComponent },
  {
    path: 'visits/:visitId',
    title: 'Visit note',
    component: VisitNotePageComponent,
    canDeactivate: [leaveVisitNoteGuard],
  },
] satisfies Routes;
