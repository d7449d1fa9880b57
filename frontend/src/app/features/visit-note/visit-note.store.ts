import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { EpisodeView, Instrument, PatientView, VisitView } from '@stride/api';
import { calendarDateIn, type VisitOrderKey, visitNumber } from '@stride/clinical';
import { catchError, firstValueFrom, forkJoin, of, type Subscription } from 'rxjs';

import { EpisodesApi } from '../../core/api/episodes.api';
import { ExercisesApi } from '../../core/api/exercises.api';
import { InstrumentsApi } from '../../core/api/instruments.api';
import { PatientsApi } from '../../core/api/patients.api';
import { VisitsApi } from '../../core/api/visits.api';
import { AuthService } from '../../core/auth/auth.service';
import { failed, type Loadable, LOADING } from '../../shared/loadable';
import { generalErrorMessage, httpStatus, toProblem } from '../../shared/problem';
import { formatInstant, fromLocalInput, weekOfCare } from './clinic-time';
import { type AutosaveHost, NoteAutosaveService } from './note-autosave.service';
import { formFromVisit, type NoteContext, type NoteFormValue } from './note-fields';
import {
  applyNoteFieldErrors,
  blockedKeys,
  buildNoteForm,
  type NoteForm,
  readNoteForm,
  setNoteForm,
} from './note-form';
import { FIELD_LABELS } from './note-labels';
import { type SaveResult, type SignResult, signFailure } from './note-results';
import type { PreviousDistance } from './note-running.component';
import { describeField, type SummaryContext } from './note-summary';
import {
  baselineOf,
  changeSinceBaseline,
  type ChangeSinceBaseline,
  previousWeeklyDistance,
} from './outcomes';

/** The page's three states, from its load's. */
const LOAD_STATES = { loading: 'loading', ready: 'ready', error: 'failed' } as const;

/**
 * One visit note's data (provided by the page, one per visit): it loads the visit with its
 * episode, patient, the episode's visits, the instruments and default dosages; holds the form;
 * derives what the page shows (visit number, week of care, change since baseline, the previous
 * weekly distance…); and signs. Saving is the autosave's (`NoteAutosaveService`).
 */
@Injectable()
export class VisitNoteStore {
  private readonly visitsApi = inject(VisitsApi);
  private readonly episodesApi = inject(EpisodesApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly instrumentsApi = inject(InstrumentsApi);
  private readonly exercisesApi = inject(ExercisesApi);
  private readonly autosave = inject(NoteAutosaveService);
  readonly user = inject(AuthService).user;

  /** The note's load as a whole (the visit and everything read with it). */
  private readonly loaded = signal<Loadable<VisitView>>(LOADING);
  readonly state = computed(() => LOAD_STATES[this.loaded().state]);
  readonly loadError = computed(() => {
    const loaded = this.loaded();
    return loaded.state === 'error' ? loaded.message : null;
  });
  readonly episode = signal<EpisodeView | null>(null);
  readonly patient = signal<PatientView | null>(null);
  readonly visits = signal<VisitView[]>([]);
  readonly instruments = signal<Instrument[]>([]);
  /** Library id → default dosage text. */
  readonly dosages = signal<Record<string, string>>({});
  readonly form = signal<NoteForm | null>(null);
  readonly value = signal<NoteFormValue | null>(null);
  /** Bumped on every form event: section views (OnPush) re-render for server errors and new rows. */
  readonly rev = signal(0);
  readonly editing = signal(false);
  readonly readOnlyReason = signal<string | null>(null);

  readonly visit = this.autosave.visit;

  private formSubscription: Subscription | null = null;

  readonly ctx = computed<NoteContext>(() => {
    const clinic = this.user()?.clinic;
    return {
      timeZone: clinic?.timezone ?? 'UTC',
      unit: clinic?.distanceUnit ?? 'km',
      instrumentCodes: this.instruments().map((i) => i.code),
    };
  });

  readonly summary = computed<SummaryContext>(() => ({
    timeZone: this.ctx().timeZone,
    unit: this.ctx().unit,
    instruments: this.instruments(),
  }));

  /** This visit's place in visit order, with the date being typed. */
  private readonly orderKey = computed<VisitOrderKey | null>(() => {
    const visit = this.visit();
    if (!visit) return null;
    const typed = this.editing() ? fromLocalInput(this.value()?.visitDate ?? '', this.ctx().timeZone) : null;
    return { id: visit.id, createdAt: visit.createdAt, visitDate: typed ?? visit.visitDate };
  });

  readonly visitNumberText = computed(() => {
    const key = this.orderKey();
    const planned = this.episode()?.plannedVisits;
    if (!key) return '';
    const n = visitNumber(this.visits(), key);
    if (!planned) return `Visit ${n}`;
    return n > planned ? `Visit ${n}, over the ${planned} planned` : `Visit ${n} of ${planned} planned`;
  });

  readonly week = computed(() => {
    const key = this.orderKey();
    const episode = this.episode();
    return key && episode ? weekOfCare(episode.startDate, key.visitDate, this.ctx().timeZone) : null;
  });

  /** The episode's visits with this one as it is now (signed visits count for baselines). */
  private readonly episodeVisits = computed(() => {
    const visit = this.visit();
    const list = this.visits();
    if (!visit) return list;
    return list.some((v) => v.id === visit.id)
      ? list.map((v) => (v.id === visit.id ? visit : v))
      : [...list, visit];
  });

  readonly changes = computed<Record<string, ChangeSinceBaseline>>(() => {
    const visit = this.visit();
    const changes: Record<string, ChangeSinceBaseline> = {};
    if (!visit) return changes;
    const typed = this.editing() ? this.value()?.measurements : null;
    for (const instrument of this.instruments()) {
      const value = typed
        ? (typed[instrument.code] ?? null)
        : (visit.measurements.find((m) => m.instrument === instrument.code)?.value ?? null);
      const valid =
        value === null || this.form()?.controls.measurements.controls[instrument.code]?.valid !== false;
      changes[instrument.code] = changeSinceBaseline(
        instrument,
        baselineOf(this.episodeVisits(), instrument.code),
        valid ? value : null,
        visit.id,
      );
    }
    return changes;
  });

  readonly previousDistance = computed<PreviousDistance | null>(() => {
    const key = this.orderKey();
    if (!key) return null;
    const previous = previousWeeklyDistance(this.episodeVisits(), key);
    return previous
      ? { km: previous.km, date: calendarDateIn(previous.visit.visitDate, this.ctx().timeZone) }
      : null;
  });

  readonly visitWhen = computed(() => {
    const visit = this.visit();
    return visit ? formatInstant(visit.visitDate, this.ctx().timeZone) : '';
  });

  readonly signedWhen = computed(() => {
    const signedAt = this.visit()?.signedAt;
    return signedAt ? formatInstant(signedAt, this.ctx().timeZone) : '';
  });

  /** Edits that could not be saved before the note was signed elsewhere, in words. */
  readonly orphaned = computed(() => {
    const orphaned = this.autosave.orphaned();
    if (!orphaned) return [];
    return orphaned.keys.map((key) => ({
      label: FIELD_LABELS[key],
      text: describeField(key, orphaned.values[key], this.summary()),
    }));
  });

  readonly patientName = computed(() => {
    const p = this.patient();
    return p ? `${p.firstName} ${p.lastName}` : '';
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.formSubscription?.unsubscribe());
  }

  async load(id: string): Promise<void> {
    this.formSubscription?.unsubscribe();
    this.loaded.set(LOADING);
    try {
      const visit = await firstValueFrom(this.visitsApi.get(id));
      const [episode, patient, visits, instruments, library] = await firstValueFrom(
        forkJoin([
          this.episodesApi.get(visit.episodeId),
          this.patientsApi.get(visit.patientId),
          this.visitsApi.forEpisode(visit.episodeId),
          this.instrumentsApi.list(),
          // Default dosages only: the note works without them.
          this.exercisesApi.search({ pageSize: 100 }).pipe(catchError(() => of([]))),
        ]),
      );
      this.episode.set(episode);
      this.patient.set(patient);
      this.visits.set(visits);
      this.instruments.set(instruments);
      this.dosages.set(Object.fromEntries(library.map((e) => [e.id, e.defaultDosage])));
      this.open(visit, episode);
      this.loaded.set({ state: 'ready', value: visit });
    } catch (error: unknown) {
      this.loaded.set(
        failed(error, (e) =>
          httpStatus(e) === 404
            ? 'This visit note does not exist, or it belongs to another clinic.'
            : generalErrorMessage(e),
        ),
      );
    }
  }

  /** Builds the form, starts the autosave for a draft this therapist may edit, else shows it read-only. */
  private open(visit: VisitView, episode: EpisodeView): void {
    const ctx = this.ctx();
    const therapist = this.user()?.roles.includes('therapist') ?? false;
    const editable = visit.status === 'draft' && therapist && episode.status === 'active';
    this.readOnlyReason.set(
      visit.status !== 'draft' || editable
        ? null
        : !therapist
          ? 'Only therapists can edit visit notes: this draft is shown read-only.'
          : `This episode is ${episode.status}: its draft can no longer be edited.`,
    );

    const form = buildNoteForm(this.instruments(), {
      episodeStart: episode.startDate,
      timeZone: ctx.timeZone,
      unit: ctx.unit,
    });
    setNoteForm(form, formFromVisit(visit, ctx));
    this.form.set(form);
    this.value.set(readNoteForm(form));

    const host: AutosaveHost = {
      read: () => ({ value: readNoteForm(form), blocked: blockedKeys(form) }),
      write: (value) => {
        setNoteForm(form, value);
        this.value.set(readNoteForm(form));
      },
      showFieldErrors: (errors, sent) => applyNoteFieldErrors(form, errors, sent),
    };
    if (editable || visit.status === 'signed') {
      this.autosave.start(visit, ctx, host);
    } else {
      this.autosave.visit.set(visit);
    }
    this.editing.set(editable && !this.autosave.locked());
    if (this.editing()) {
      this.formSubscription = form.events.subscribe(() => this.rev.update((n) => n + 1));
      this.formSubscription.add(
        form.valueChanges.subscribe(() => {
          this.value.set(readNoteForm(form));
          this.autosave.edited();
        }),
      );
    }
  }

  /** The labels of unsaved fields that cannot be sent as they are (locally invalid). */
  blockedLabels(): string[] {
    const form = this.form();
    if (!form) return [];
    const blocked = blockedKeys(form);
    return this.autosave
      .unsavedKeys()
      .filter((key) => blocked.has(key))
      .map((key) => FIELD_LABELS[key]);
  }

  /** Why the latest changes are not saved, as the end of a sentence. */
  notSavedReason(): string {
    if (this.autosave.conflict()) {
      return 'this note was changed elsewhere; choose which version to keep first.';
    }
    if (this.autosave.status() === 'offline') {
      return 'Stride cannot be reached. It keeps retrying; your changes stay in this tab.';
    }
    const blocked = this.blockedLabels();
    if (blocked.length) {
      return `fix the highlighted fields first (${blocked.join(', ')}).`;
    }
    return this.autosave.error() ?? 'the latest changes could not be saved.';
  }

  /** Saves what is pending now. */
  async save(): Promise<SaveResult> {
    return (await this.autosave.flush()) ? { saved: true } : { saved: false, reason: this.notSavedReason() };
  }

  /** Conflict: saves this tab's values over the version saved elsewhere. */
  async takeMine(): Promise<SaveResult> {
    return (await this.autosave.takeMine())
      ? { saved: true }
      : { saved: false, reason: this.notSavedReason() };
  }

  /** Saves what is pending, then signs. On success the note is read-only from then on. */
  async sign(): Promise<SignResult> {
    if (!(await this.autosave.flush())) {
      return { kind: 'not-saved', reason: this.notSavedReason() };
    }
    const visit = this.autosave.visit();
    if (!visit) return { kind: 'failed', reason: 'The note is not loaded.' };
    try {
      const signed = await firstValueFrom(this.visitsApi.sign(visit.id, visit.version));
      this.autosave.signed(signed);
      this.visits.update((list) => list.map((v) => (v.id === signed.id ? signed : v)));
      this.editing.set(false);
      this.formSubscription?.unsubscribe();
      return { kind: 'signed', visit: signed };
    } catch (error: unknown) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      const failure = signFailure(status, toProblem(error), generalErrorMessage(error));
      if (failure.kind === 'incomplete') {
        const form = this.form();
        if (form) applyNoteFieldErrors(form, failure.errors, null);
      }
      return failure;
    }
  }
}
