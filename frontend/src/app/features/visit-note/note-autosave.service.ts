import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { VisitView } from '@stride/api';
import { firstValueFrom } from 'rxjs';

import type { FieldProblem } from '@stride/api';
import { generalErrorMessage, retryAfterSeconds, toProblem } from '../../shared/problem';
import { fieldKeyOf } from './field-paths';
import { VisitsApi } from '../../core/api/visits.api';
import {
  classifySaveFailure,
  compareWithTheirs,
  pendingEdits,
  refusedFields,
  type Conflict,
  DEBOUNCE_MS,
  retryDelayMs,
  type SaveStatus,
  saveStatus,
} from './autosave-policy';
import {
  clone,
  type FieldKey,
  fieldsFromForm,
  formFromVisit,
  mergeForm,
  type NoteContext,
  type NoteFields,
  type NoteFormValue,
  type NotePatch,
  patchFor,
  pickForm,
} from './note-fields';
import { noteStorage, type StoredEdits } from './note-storage';

export {
  type Conflict,
  type ConflictRow,
  DEBOUNCE_MS,
  SAVE_STATUS_TEXT,
  type SaveStatus,
} from './autosave-policy';

/** What the page gives the autosave: its form, and where API field errors go. */
export interface AutosaveHost {
  /** The form's value, and the fields that are not ready to send (locally invalid). */
  read(): { value: NoteFormValue; blocked: ReadonlySet<FieldKey> };
  /** Replaces the form's value (keep theirs, a merge, a restore). */
  write(value: NoteFormValue): void;
  /** Shows API field errors next to their controls; returns those that match none. */
  showFieldErrors(errors: FieldProblem[], sent: NotePatch): FieldProblem[];
}

/**
 * Autosave for one draft visit note (provided by the page, one per visit): the state and the
 * I/O; its decisions (status, backoff, what a failure means, conflicts) are `autosave-policy.ts`.
 *
 * - Edits are sent ~1.2 s after the last one: a PATCH with `If-Match` and only the fields that
 *   changed since the acknowledged version (arrays whole). Fields the form marks invalid, or that
 *   the API refused and have not changed since, wait; the rest still save.
 * - Until the API acknowledges them, edits live in `sessionStorage` with their base version, and
 *   come back after a reload (as a conflict when the note moved on meanwhile).
 * - 412: the note was saved elsewhere. Its current version is fetched; fields only the other save
 *   changed are taken in, and if any field of this tab's edits differs, saving stops until the
 *   therapist keeps theirs or takes mine. Never a silent overwrite.
 * - Network errors (and 429/502/503/504) retry with backoff, and at once when the browser is
 *   back online, showing "Offline — will retry".
 */
@Injectable()
export class NoteAutosaveService {
  private readonly api = inject(VisitsApi);

  /** The latest visit the API answered with (its version is the one edits are based on, unless in conflict). */
  readonly visit = signal<VisitView | null>(null);
  readonly conflict = signal<Conflict | null>(null);
  /** A message for the general alert; field errors go next to their fields. */
  readonly error = signal<string | null>(null);
  /** Fields changed here and not yet acknowledged. */
  readonly unsavedKeys = signal<FieldKey[]>([]);
  /** Of those, the ones that can be sent now. */
  private readonly sendableKeys = signal<FieldKey[]>([]);
  private readonly saving = signal(false);
  private readonly offline = signal(false);
  private readonly failed = signal(false);
  readonly locked = signal(false);
  /** Edits that can no longer be saved (the note was signed elsewhere), for the therapist to copy. */
  readonly orphaned = signal<{ keys: FieldKey[]; values: Partial<NoteFormValue> } | null>(null);

  readonly status = computed<SaveStatus>(() =>
    saveStatus({
      locked: this.locked(),
      conflict: this.conflict() !== null,
      saving: this.saving(),
      offline: this.offline(),
      failed: this.failed(),
      unsaved: this.unsavedKeys().length,
      sendable: this.sendableKeys().length,
    }),
  );

  private host: AutosaveHost | null = null;
  private ctx: NoteContext | null = null;
  private baseVersion = 0;
  private baseForm: NoteFormValue | null = null;
  private baseFields: NoteFields | null = null;
  /** Field → the value (JSON) the API refused for it; not re-sent until it changes. */
  private rejected = new Map<FieldKey, string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The request being answered, if any (true when it succeeded). */
  private inFlight: Promise<boolean> | null = null;
  private attempt = 0;
  private readonly onOnline = () => {
    if (this.offline()) {
      this.schedule(0);
    }
  };

  /** Deleting the draft: edits are not saved meanwhile. */
  private held = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  get visitId(): string | null {
    return this.visit()?.id ?? null;
  }

  /**
   * Starts autosave for a draft the page has just loaded, after it built its form. Restores this
   * tab's unsaved edits, if any. Returns the form value to show.
   */
  start(visit: VisitView, ctx: NoteContext, host: AutosaveHost): NoteFormValue {
    this.host = host;
    this.ctx = ctx;
    this.visit.set(visit);
    const serverForm = formFromVisit(visit, ctx);
    this.setBase(visit.version, serverForm);
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
    }

    const stored = noteStorage.readEdits(visit.id);
    if (visit.status !== 'draft') {
      this.lock(visit, stored);
      return serverForm;
    }
    if (!stored || stored.keys.length === 0) {
      return serverForm;
    }
    const mine = mergeForm(serverForm, stored.mine, stored.keys);
    if (stored.baseVersion === visit.version) {
      // Nobody saved since: the edits simply continue (and are sent straight away).
      host.write(mine);
      this.edited();
      this.schedule(0);
      return mine;
    }
    // The note moved on while these edits waited: the same decision as a 412.
    this.setBase(stored.baseVersion, mergeForm(serverForm, stored.base, stored.keys));
    host.write(mine);
    if (this.resolveAgainst(visit) && this.unsavedKeys().length) {
      this.schedule(0);
    }
    return host.read().value;
  }

  /** Call on every change of the form. */
  edited(): void {
    if (!this.host || this.locked() || this.held) {
      return;
    }
    this.failed.set(false);
    const pending = this.refresh();
    if (this.conflict()) {
      return;
    }
    if (pending.length === 0) {
      this.cancelTimer();
      return;
    }
    this.schedule(DEBOUNCE_MS);
  }

  /** Saves now (Ctrl+S, before signing, before leaving). True when nothing is left unsaved. */
  async flush(): Promise<boolean> {
    this.cancelTimer();
    for (let round = 0; round < 5; round++) {
      if (this.inFlight) {
        await this.inFlight;
      }
      if (this.conflict() || this.locked() || !this.host) {
        return false;
      }
      const { sendable, pending } = this.compute();
      if (pending.length === 0) {
        return true;
      }
      if (sendable.length === 0 || !(await this.save())) {
        return false;
      }
    }
    return this.refresh().length === 0;
  }

  /** Conflict: drop this tab's edits and show the version saved elsewhere. */
  keepTheirs(): void {
    const conflict = this.conflict();
    if (!conflict || !this.ctx || !this.host) {
      return;
    }
    const theirs = formFromVisit(conflict.theirs, this.ctx);
    this.visit.set(conflict.theirs);
    this.setBase(conflict.theirs.version, theirs);
    this.rejected.clear();
    this.conflict.set(null);
    this.host.write(clone(theirs));
    this.edited();
  }

  /** Conflict: save this tab's values of the conflicting fields over the version saved elsewhere. */
  takeMine(): Promise<boolean> {
    const conflict = this.conflict();
    if (!conflict || !this.ctx) {
      return Promise.resolve(false);
    }
    this.visit.set(conflict.theirs);
    this.setBase(conflict.theirs.version, formFromVisit(conflict.theirs, this.ctx));
    this.conflict.set(null);
    this.refresh();
    return this.flush();
  }

  /** After a successful sign or addendum: the note is read-only from now on. */
  signed(visit: VisitView): void {
    this.visit.set(visit);
    this.cancelTimer();
    this.locked.set(true);
    this.unsavedKeys.set([]);
    if (this.visitId) {
      noteStorage.clearEdits(visit.id);
    }
  }

  /** Before the draft is deleted: no more saves (the one in flight is waited for). */
  async hold(): Promise<void> {
    this.held = true;
    this.cancelTimer();
    if (this.inFlight) {
      await this.inFlight;
    }
  }

  /** The draft was not deleted after all: saving goes on. */
  resume(): void {
    this.held = false;
    this.edited();
  }

  /** The draft is deleted: nothing is saved any more, and this tab forgets its edits. */
  discarded(): void {
    this.held = true;
    this.cancelTimer();
    this.locked.set(true);
    this.unsavedKeys.set([]);
    if (this.visitId) {
      noteStorage.clearEdits(this.visitId);
    }
  }

  stop(): void {
    this.cancelTimer();
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
    }
  }

  // ---------- internals ----------

  private setBase(version: number, form: NoteFormValue): void {
    if (!this.ctx) return;
    this.baseVersion = version;
    this.baseForm = clone(form);
    this.baseFields = fieldsFromForm(form, this.ctx);
  }

  private compute(): {
    current: NoteFields;
    value: NoteFormValue;
    pending: FieldKey[];
    sendable: FieldKey[];
  } {
    const { value, blocked } = this.host!.read();
    const current = fieldsFromForm(value, this.ctx!);
    const { pending, sendable, rejected } = pendingEdits(this.baseFields!, current, blocked, this.rejected);
    this.rejected = rejected;
    return { current, value, pending, sendable };
  }

  /** Recomputes what is unsaved and mirrors it into sessionStorage. */
  private refresh(): FieldKey[] {
    const { value, pending, sendable } = this.compute();
    this.unsavedKeys.set(pending);
    this.sendableKeys.set(sendable);
    const visitId = this.visitId;
    if (visitId) {
      if (pending.length === 0) {
        noteStorage.clearEdits(visitId);
      } else {
        const edits: StoredEdits = {
          baseVersion: this.baseVersion,
          keys: pending,
          base: pickForm(this.baseForm!, pending),
          mine: pickForm(value, pending),
          savedAt: Date.now(),
        };
        noteStorage.writeEdits(visitId, edits);
      }
    }
    return pending;
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Sends what can be sent. True on success (or when there was nothing to send). */
  private save(): Promise<boolean> {
    if (this.inFlight) {
      // One request at a time: save again when this one is answered.
      return this.inFlight.then(() => this.save());
    }
    if (!this.host || this.conflict() || this.locked()) {
      return Promise.resolve(false);
    }
    const { current, sendable } = this.compute();
    if (sendable.length === 0) {
      this.refresh();
      return Promise.resolve(true);
    }
    const body = patchFor(current, sendable);
    this.saving.set(true);
    const settled = firstValueFrom(this.api.update(this.visitId!, this.baseVersion, body))
      .then(
        (visit) => this.saved(visit),
        (error: unknown) => this.failedWith(error, body),
      )
      .finally(() => {
        this.inFlight = null;
        this.saving.set(false);
      });
    this.inFlight = settled.then((outcome) => outcome === true);
    // 'again': a 412 that needed no decision; send the edits on the new version straight away.
    return settled.then((outcome) => (outcome === 'again' ? this.save() : outcome));
  }

  private saved(visit: VisitView): boolean {
    this.visit.set(visit);
    // The base is the server's answer, so what it normalised is what later edits compare against.
    this.setBase(visit.version, formFromVisit(visit, this.ctx!));
    this.attempt = 0;
    this.offline.set(false);
    this.failed.set(false);
    this.error.set(null);
    this.refresh();
    return true;
  }

  private async failedWith(error: unknown, sent: NotePatch): Promise<boolean | 'again'> {
    const http = error instanceof HttpErrorResponse ? error : null;
    const problem = toProblem(error);
    const failure = classifySaveFailure({
      status: http?.status ?? -1,
      problemType: problem?.type ?? '',
      retryAfter: http !== null && retryAfterSeconds(http) !== null,
      fieldErrors: (problem?.errors?.length ?? 0) > 0,
    });

    if (failure === 'stale') {
      return this.onStale();
    }
    if (failure === 'signed') {
      await this.reloadLocked();
      return false;
    }
    if (failure === 'episode-closed') {
      this.error.set(`${problem?.detail ?? 'The episode is closed.'} Your unsaved changes stay in this tab.`);
      this.locked.set(true);
      this.cancelTimer();
      return false;
    }
    if (failure === 'retry') {
      this.retryLater(error as HttpErrorResponse);
      return false;
    }
    if (failure === 'fields' && problem?.errors) {
      for (const [key, json] of refusedFields(problem.errors, sent)) {
        this.rejected.set(key, json);
      }
      const unmatched = this.host!.showFieldErrors(problem.errors, sent);
      const generalOnes = unmatched.filter((e) => !fieldKeyOf(e.field));
      this.refresh();
      if (unmatched.length) {
        this.error.set(unmatched.map((e) => e.message).join(' '));
      }
      if (generalOnes.length) {
        this.failed.set(true);
        return false;
      }
      // The refused fields wait for a change; the rest of the edit still saves.
      if (this.sendableKeys().length) {
        this.schedule(0);
      }
      return false;
    }
    this.failed.set(true);
    this.error.set(
      failure === 'session-ended'
        ? 'Your session has ended. Sign in again: your unsaved changes stay in this tab.'
        : generalErrorMessage(error),
    );
    return false;
  }

  private retryLater(error: HttpErrorResponse): void {
    this.attempt++;
    this.offline.set(true);
    this.schedule(retryDelayMs(this.attempt, retryAfterSeconds(error)));
  }

  /** 412: someone saved first. Fetch their version and decide. */
  private async onStale(): Promise<boolean | 'again'> {
    let theirs: VisitView;
    try {
      theirs = await firstValueFrom(this.api.get(this.visitId!));
    } catch (error: unknown) {
      if (error instanceof HttpErrorResponse) {
        this.retryLater(error);
      }
      return false;
    }
    if (theirs.status !== 'draft') {
      this.lock(theirs, null);
      return false;
    }
    return this.resolveAgainst(theirs) ? 'again' : false;
  }

  /**
   * Compares this tab's edits (on `baseForm`) with `theirs` (`compareWithTheirs`). Fields only
   * they changed are taken into the form; if this tab's values differ from theirs anywhere else,
   * a conflict is shown.
   * Returns true when there was nothing to decide (saving may go on).
   */
  private resolveAgainst(theirs: VisitView): boolean {
    const host = this.host!;
    const mineForm = host.read().value;
    const { theirsForm, rows, takenFromTheirs } = compareWithTheirs(
      this.baseFields!,
      mineForm,
      theirs,
      this.ctx!,
    );
    this.visit.set(theirs);
    this.rejected.clear();
    if (rows.length === 0) {
      this.setBase(theirs.version, theirsForm);
      if (takenFromTheirs.length) {
        host.write(mergeForm(mineForm, theirsForm, takenFromTheirs));
      }
      this.refresh();
      return true;
    }
    this.conflict.set({ theirs, rows, takenFromTheirs });
    this.cancelTimer();
    if (takenFromTheirs.length) {
      host.write(mergeForm(mineForm, theirsForm, takenFromTheirs));
    }
    this.refresh();
    return false;
  }

  private async reloadLocked(): Promise<void> {
    try {
      const visit = await firstValueFrom(this.api.get(this.visitId!));
      this.lock(visit, null);
    } catch {
      this.locked.set(true);
    }
  }

  /** The note is signed: nothing more can be saved; edits that were waiting are shown to copy. */
  private lock(visit: VisitView, stored: StoredEdits | null): void {
    this.visit.set(visit);
    this.cancelTimer();
    this.locked.set(true);
    const keys = stored?.keys ?? (this.host ? this.compute().pending : []);
    if (keys.length) {
      const values = stored ? stored.mine : pickForm(this.host!.read().value, keys);
      this.orphaned.set({ keys, values });
      this.error.set(
        'This note was signed before these changes could be saved. Copy what you need into an addendum.',
      );
    }
    this.unsavedKeys.set([]);
    noteStorage.clearEdits(visit.id);
  }
}
