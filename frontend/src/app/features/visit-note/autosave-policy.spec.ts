import {
  classifySaveFailure,
  compareWithTheirs,
  MAX_BACKOFF_MS,
  pendingEdits,
  refusedFields,
  retryDelayMs,
  type SaveState,
  saveStatus,
} from './autosave-policy';
import { fieldsFromForm, formFromVisit, type NotePatch } from './note-fields';
import { aVisit, KM_CONTEXT } from './visit-note.testing';

const QUIET: SaveState = {
  locked: false,
  conflict: false,
  saving: false,
  offline: false,
  failed: false,
  unsaved: 0,
  sendable: 0,
};

describe('autosave policy', () => {
  describe(saveStatus.name, () => {
    it.each<[Partial<SaveState>, string]>([
      [{}, 'saved'],
      [{ unsaved: 2, sendable: 1 }, 'pending'],
      [{ unsaved: 2, sendable: 0 }, 'invalid'],
      [{ failed: true, unsaved: 1, sendable: 1 }, 'error'],
      [{ offline: true, failed: true }, 'offline'],
      [{ saving: true, offline: true }, 'saving'],
      [{ conflict: true, saving: true }, 'conflict'],
      [{ locked: true, conflict: true }, 'locked'],
    ])('%p shows %p', (state, status) => {
      expect(saveStatus({ ...QUIET, ...state })).toBe(status);
    });
  });

  describe(retryDelayMs.name, () => {
    it('doubles from 2 s and stops at 30 s', () => {
      expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, null))).toEqual([
        2000,
        4000,
        8000,
        16000,
        MAX_BACKOFF_MS,
        MAX_BACKOFF_MS,
      ]);
    });

    it('waits as long as the server asked', () => {
      expect(retryDelayMs(5, 3)).toBe(3000);
      expect(retryDelayMs(1, 0)).toBe(0);
    });
  });

  describe(classifySaveFailure.name, () => {
    const failure = (status: number, problemType = '', retryAfter = false, fieldErrors = false) =>
      classifySaveFailure({ status, problemType, retryAfter, fieldErrors });

    it('names each answer', () => {
      expect(failure(412)).toBe('stale');
      expect(failure(409, 'https://stride.invalid/problems/visit-signed')).toBe('signed');
      expect(failure(409, 'https://stride.invalid/problems/episode-closed')).toBe('episode-closed');
      expect(failure(409, 'https://stride.invalid/problems/idempotency-in-progress', true)).toBe('retry');
      expect(failure(409, 'https://stride.invalid/problems/other')).toBe('failed');
      expect(failure(400, '', false, true)).toBe('fields');
      expect(failure(400)).toBe('failed');
      expect(failure(401)).toBe('session-ended');
      expect(failure(-1)).toBe('failed');
      expect(failure(500)).toBe('failed');
    });

    it.each([0, 408, 429, 502, 503, 504])('retries status %p', (status) => {
      expect(failure(status)).toBe('retry');
    });
  });

  describe(compareWithTheirs.name, () => {
    const base = aVisit({ subjective: 'base', objective: 'base', plan: 'base' });
    const baseFields = fieldsFromForm(formFromVisit(base, KM_CONTEXT), KM_CONTEXT);
    const mine = (changes: Partial<ReturnType<typeof formFromVisit>>) => ({
      ...formFromVisit(base, KM_CONTEXT),
      ...changes,
    });

    it('takes in what only they changed and has nothing to decide', () => {
      const theirs = aVisit({ subjective: 'same', objective: 'theirs', plan: 'base', version: 2 });
      const result = compareWithTheirs(baseFields, mine({ subjective: 'same' }), theirs, KM_CONTEXT);
      expect(result.rows).toEqual([]);
      expect(result.takenFromTheirs).toEqual(['objective']);
      expect(result.theirsForm.objective).toBe('theirs');
    });

    it('names a field both changed differently, and one only this tab changed', () => {
      const theirs = aVisit({ subjective: 'theirs', objective: 'base', plan: 'theirs', version: 2 });
      const result = compareWithTheirs(
        baseFields,
        mine({ subjective: 'mine', objective: 'mine' }),
        theirs,
        KM_CONTEXT,
      );
      expect(result.rows).toEqual([
        { key: 'subjective', kind: 'both', theirs: 'theirs', mine: 'mine' },
        { key: 'objective', kind: 'mine', theirs: 'base', mine: 'mine' },
      ]);
      expect(result.takenFromTheirs).toEqual(['plan']);
    });

    it('is a conflict when this tab changed a field they left: theirs is its old value', () => {
      const theirs = aVisit({ subjective: 'base', objective: 'theirs', plan: 'base', version: 2 });
      const result = compareWithTheirs(baseFields, mine({ subjective: 'mine' }), theirs, KM_CONTEXT);
      expect(result.rows).toEqual([{ key: 'subjective', kind: 'mine', theirs: 'base', mine: 'mine' }]);
      expect(result.takenFromTheirs).toEqual(['objective']);
    });
  });

  describe(pendingEdits.name, () => {
    const base = fieldsFromForm(
      formFromVisit(aVisit({ subjective: 'a', plan: 'b' }), KM_CONTEXT),
      KM_CONTEXT,
    );
    const current = { ...base, subjective: 'changed', plan: 'too', objective: 'new' };

    it('sends what changed unless it is invalid here or was refused as it is', () => {
      const refused = new Map([['plan' as const, JSON.stringify('too')]]);
      const result = pendingEdits(base, current, new Set(['objective' as const]), refused);
      expect(result.pending).toEqual(['subjective', 'objective', 'plan']);
      expect(result.sendable).toEqual(['subjective']);
      expect([...result.rejected.keys()]).toEqual(['plan']);
    });

    it('forgets a refusal once the field has changed', () => {
      const refused = new Map([['plan' as const, JSON.stringify('the old value')]]);
      const result = pendingEdits(base, current, new Set(), refused);
      expect(result.sendable).toEqual(['subjective', 'objective', 'plan']);
      expect(result.rejected.size).toBe(0);
    });

    it('has nothing pending when nothing changed', () => {
      expect(pendingEdits(base, base, new Set(), new Map())).toEqual({
        pending: [],
        sendable: [],
        rejected: new Map(),
      });
    });
  });

  describe(refusedFields.name, () => {
    it('names the sent fields a 400 refused, by their field paths, with the refused values', () => {
      const sent = {
        subjective: 'x',
        measurements: [{ instrument: 'nprs_activity', value: 11 }],
      } as NotePatch;
      const refused = refusedFields(
        [
          { field: 'measurements[0].value', message: 'value must not be greater than 10' },
          { field: 'plan', message: 'not sent, so not this edit' },
          { field: 'visitDate', message: 'not sent either' },
        ],
        sent,
      );
      expect(refused).toEqual(new Map([['measurements', JSON.stringify(sent.measurements)]]));
    });
  });
});
