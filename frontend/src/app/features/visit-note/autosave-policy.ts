/**
 * The autosave's decisions, as plain functions (no Angular, no I/O): what the note shows as its
 * save state, how long to wait before retrying, what a failed save means, and how this tab's
 * edits meet a version saved elsewhere. `NoteAutosaveService` holds the state and does the I/O.
 */
import type { VisitView } from '@stride/api';

import type { FieldProblem } from '@stride/api';
import { fieldKeyOf } from './field-paths';
import {
  changedKeys,
  clone,
  type FieldKey,
  type NoteContext,
  type NoteFields,
  type NoteFormValue,
  type NotePatch,
  fieldsFromForm,
  formFromVisit,
  sameField,
} from './note-fields';

/** What the note shows as its save state (the header turns it into words). */
export type SaveStatus =
  'saved' | 'saving' | 'pending' | 'invalid' | 'offline' | 'conflict' | 'error' | 'locked';

export const SAVE_STATUS_TEXT: Record<SaveStatus, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  pending: 'Unsaved changes',
  invalid: 'Unsaved changes — check the highlighted fields',
  offline: 'Offline — will retry',
  conflict: 'Changed elsewhere — choose which version to keep',
  error: 'Not saved',
  locked: 'Signed — read-only',
};

/** Edits are sent this long after the last one. */
export const DEBOUNCE_MS = 1200;
export const MAX_BACKOFF_MS = 30_000;
/** Statuses worth retrying as they are (0: no answer at all). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([0, 408, 429, 502, 503, 504]);

export interface SaveState {
  locked: boolean;
  conflict: boolean;
  saving: boolean;
  offline: boolean;
  failed: boolean;
  /** Fields changed here and not yet acknowledged. */
  unsaved: number;
  /** Of those, the ones that can be sent now. */
  sendable: number;
}

/** The one status to show, the most pressing first. */
export function saveStatus(s: SaveState): SaveStatus {
  if (s.locked) return 'locked';
  if (s.conflict) return 'conflict';
  if (s.saving) return 'saving';
  if (s.offline) return 'offline';
  if (s.failed) return 'error';
  if (s.unsaved === 0) return 'saved';
  return s.sendable === 0 ? 'invalid' : 'pending';
}

/** Wait before retry `attempt` (1, 2, …): the server's `Retry-After` when it sent one, else 2ⁿ s up to 30 s. */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | null): number {
  return retryAfterSeconds !== null
    ? retryAfterSeconds * 1000
    : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
}

/** What a refused or failed PATCH means for the note. */
export type SaveFailure =
  /** 412: saved elsewhere first; fetch theirs and compare. */
  | 'stale'
  /** 409 visit-signed: read-only from now on. */
  | 'signed'
  /** 409 episode-closed: nothing more can be saved here. */
  | 'episode-closed'
  /** No answer, a busy or limited server: try again later. */
  | 'retry'
  /** 400 naming fields: they wait for a change, the rest still saves. */
  | 'fields'
  /** 401: the session ended; the edits wait in this tab. */
  | 'session-ended'
  | 'failed';

export interface FailedSave {
  /** -1 when the error was not an HTTP answer. */
  status: number;
  /** The problem+json `type`, or ''. */
  problemType: string;
  /** Whether the answer named a `Retry-After`. */
  retryAfter: boolean;
  /** Whether the problem listed field errors. */
  fieldErrors: boolean;
}

export function classifySaveFailure({
  status,
  problemType,
  retryAfter,
  fieldErrors,
}: FailedSave): SaveFailure {
  if (status === 412) return 'stale';
  if (status === 409 && problemType.endsWith('/visit-signed')) return 'signed';
  if (status === 409 && problemType.endsWith('/episode-closed')) return 'episode-closed';
  if (RETRYABLE_STATUSES.has(status) || (status === 409 && retryAfter)) return 'retry';
  if (status === 400 && fieldErrors) return 'fields';
  if (status === 401) return 'session-ended';
  return 'failed';
}

/** One field that differs between the version saved elsewhere ("theirs") and this tab's. */
export interface ConflictRow {
  key: FieldKey;
  /** `both`: changed here and there; `mine`: changed only here (theirs is the old value). */
  kind: 'both' | 'mine';
  theirs: NoteFormValue[FieldKey];
  mine: NoteFormValue[FieldKey];
}

export interface Conflict {
  theirs: VisitView;
  rows: ConflictRow[];
  /** Fields only the other save changed: already taken into this tab's form. */
  takenFromTheirs: FieldKey[];
}

export interface Comparison {
  theirsForm: NoteFormValue;
  /** This tab's changed fields whose values differ from theirs: empty when there is nothing to decide. */
  rows: ConflictRow[];
  /** Fields only they changed: taken into this tab's form. */
  takenFromTheirs: FieldKey[];
}

/**
 * Compares this tab's edits (`mineForm`, made on `baseFields`) with the version saved elsewhere.
 * Fields only they changed are taken in; a field this tab changed to something else than theirs
 * is a conflict row.
 */
export function compareWithTheirs(
  baseFields: NoteFields,
  mineForm: NoteFormValue,
  theirs: VisitView,
  ctx: NoteContext,
): Comparison {
  const theirsForm = formFromVisit(theirs, ctx);
  const theirsFields = fieldsFromForm(theirsForm, ctx);
  const mineFields = fieldsFromForm(mineForm, ctx);
  const mineChanged = changedKeys(baseFields, mineFields);
  const theirsChanged = changedKeys(baseFields, theirsFields);
  const takenFromTheirs = theirsChanged.filter((key) => !mineChanged.includes(key));
  const rows: ConflictRow[] = mineChanged
    .filter((key) => !sameField(mineFields[key], theirsFields[key]))
    .map((key) => ({
      key,
      kind: theirsChanged.includes(key) ? 'both' : 'mine',
      theirs: clone(theirsForm[key]),
      mine: clone(mineForm[key]),
    }));
  return { theirsForm, rows, takenFromTheirs };
}

/** Field → the value (JSON) the API refused for it: not sent again until it changes. */
export type Rejected = ReadonlyMap<FieldKey, string>;

export interface Pending {
  /** Fields changed since the acknowledged version. */
  pending: FieldKey[];
  /** Of those, the ones to send now: not locally invalid, not refused as they are. */
  sendable: FieldKey[];
  /** The refusals that still hold (a refused field that changed since is forgotten). */
  rejected: Map<FieldKey, string>;
}

/** What is unsaved and what of it can be sent, against the acknowledged fields. */
export function pendingEdits(
  base: NoteFields,
  current: NoteFields,
  blocked: ReadonlySet<FieldKey>,
  rejected: Rejected,
): Pending {
  const pending = changedKeys(base, current);
  const still = new Map([...rejected].filter(([key, json]) => json === JSON.stringify(current[key])));
  const sendable = pending.filter((key) => !blocked.has(key) && !still.has(key));
  return { pending, sendable, rejected: still };
}

/** The sent fields a 400 named, with the values refused (field paths like `measurements[0].value`). */
export function refusedFields(errors: readonly FieldProblem[], sent: NotePatch): Map<FieldKey, string> {
  const refused = new Map<FieldKey, string>();
  for (const error of errors) {
    const key = fieldKeyOf(error.field);
    if (key && key in sent) {
      refused.set(key, JSON.stringify((sent as Record<string, unknown>)[key]));
    }
  }
  return refused;
}
