import type { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

import type { VisitsApi } from '../../core/api/visits.api';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { generalErrorMessage, httpStatus } from '../../shared/problem';
import { noteStorage } from './note-storage';

/** Why a draft could not be deleted, in the clinic's words; null when it is gone (a 404 too). */
export function deleteDraftFailure(error: unknown): string | null {
  switch (httpStatus(error)) {
    case 404:
      return null;
    case 403:
      return 'Only the therapist who started this draft can delete it.';
    case 409:
      return 'This note has been signed meanwhile: a signed note is never deleted (add an addendum instead).';
    case 412:
      return 'This draft was changed elsewhere since it was opened. Reload it and try again.';
    default:
      return generalErrorMessage(error);
  }
}

/**
 * "Delete this draft?" then `DELETE /visits/:id` with `If-Match`; this tab's unsaved edits of it
 * go too. Resolves to true once the draft is gone.
 */
export function confirmDeleteDraft(
  dialog: MatDialog,
  api: VisitsApi,
  draft: () => { id: string; version: number },
  what: string,
): Promise<boolean> {
  return confirmAction(dialog, {
    title: 'Delete this draft?',
    body: [
      `${what} is removed for good, with everything typed in it.`,
      'Signed notes are never deleted; this only removes a draft.',
    ],
    confirm: 'Delete draft',
    busy: 'Deleting…',
    run: async () => {
      const { id, version } = draft();
      try {
        await firstValueFrom(api.delete(id, version), { defaultValue: undefined });
      } catch (error: unknown) {
        const failure = deleteDraftFailure(error);
        if (failure !== null) return failure;
      }
      noteStorage.clearEdits(id);
      return null;
    },
  });
}
