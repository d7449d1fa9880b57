import type { CreateVisitDto } from '@stride/api';

import type { FieldKey, NoteFormValue } from './note-fields';

/**
 * What the visit note keeps in `sessionStorage` (this tab only, gone when the tab closes):
 * - the edits the API has not acknowledged yet, per visit, with the version they were made on;
 * - the Idempotency-Key and body of a visit being started, per episode, until the draft exists.
 * Storage failures (private mode, quota) never break the note: it simply keeps less.
 */

const EDITS_PREFIX = 'stride.visit-note.edits.';
const NEW_VISIT_PREFIX = 'stride.visit-note.new.';
/** A started visit older than this is not retried (the API replays a key for 24 hours). */
const NEW_VISIT_MAX_AGE_MS = 12 * 60 * 60 * 1000;

export interface StoredEdits {
  /** The visit version the edits were made on. */
  baseVersion: number;
  /** The fields changed since that version. */
  keys: FieldKey[];
  /** Their values at that version, to tell later whether someone else changed them too. */
  base: Partial<NoteFormValue>;
  /** The unsaved values. */
  mine: Partial<NoteFormValue>;
  savedAt: number;
}

export interface PendingNewVisit {
  key: string;
  body: CreateVisitDto;
  startedAt: number;
}

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the edits still live in the page and are still being saved.
  }
}

function remove(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing to do.
  }
}

export const noteStorage = {
  readEdits(visitId: string): StoredEdits | null {
    const stored = read<StoredEdits>(EDITS_PREFIX + visitId);
    return stored && typeof stored.baseVersion === 'number' && Array.isArray(stored.keys) ? stored : null;
  },
  writeEdits(visitId: string, edits: StoredEdits): void {
    write(EDITS_PREFIX + visitId, edits);
  },
  clearEdits(visitId: string): void {
    remove(EDITS_PREFIX + visitId);
  },
  readNewVisit(episodeId: string, now = Date.now()): PendingNewVisit | null {
    const stored = read<PendingNewVisit>(NEW_VISIT_PREFIX + episodeId);
    if (!stored || typeof stored.key !== 'string' || now - stored.startedAt > NEW_VISIT_MAX_AGE_MS) {
      return null;
    }
    return stored;
  },
  writeNewVisit(episodeId: string, pending: PendingNewVisit): void {
    write(NEW_VISIT_PREFIX + episodeId, pending);
  },
  clearNewVisit(episodeId: string): void {
    remove(NEW_VISIT_PREFIX + episodeId);
  },
};

export { randomUuid } from '../../core/api/idempotency';
