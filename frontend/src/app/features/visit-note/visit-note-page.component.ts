import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  untracked,
  viewChild,
  ViewEncapsulation,
} from '@angular/core';
import { type AbstractControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { EpisodeView, Instrument, PatientView, VisitView } from '@stride/api';
import { calendarDateIn, type VisitOrderKey, visitNumber } from '@stride/clinical';
import { catchError, firstValueFrom, forkJoin, of, type Subscription } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { type IconName, IconComponent } from '../../shared/icon.component';
import { generalErrorMessage, toProblem } from '../../shared/problem';
import { formatInstant, fromLocalInput, weekOfCare } from './clinic-time';
import { ConflictPanelComponent } from './conflict-panel.component';
import { LeaveDialogComponent, type LeaveDialogData } from './leave-dialog.component';
import {
  NoteAutosaveService,
  SAVE_STATUS_TEXT,
  type AutosaveHost,
  type SaveStatus,
} from './note-autosave.service';
import { NoteExercisesComponent } from './note-exercises.component';
import { type FieldKey, formFromVisit, type NoteContext, type NoteFormValue } from './note-fields';
import {
  applyNoteFieldErrors,
  blockedKeys,
  buildNoteForm,
  controlError,
  type NoteForm,
  readNoteForm,
  setNoteForm,
} from './note-form';
import { FIELD_LABELS, VISIT_TYPE_LABELS, VISIT_TYPES } from './note-labels';
import { NoteManualTherapyComponent } from './note-manual-therapy.component';
import { NoteMeasurementsComponent } from './note-measurements.component';
import { NoteRunningComponent, type PreviousDistance } from './note-running.component';
import { NoteServicesComponent } from './note-services.component';
import { describeField, type SummaryContext } from './note-summary';
import {
  baselineOf,
  changeSinceBaseline,
  type ChangeSinceBaseline,
  previousWeeklyDistance,
} from './outcomes';
import { SignDialogComponent, type SignDialogData } from './sign-dialog.component';
import { SignedNoteComponent } from './signed-note.component';
import { VisitNoteApi } from './visit-note.api';

/** Errors show while typing (dirty) or once a field was left or named by the API (touched). */
const liveErrors: ErrorStateMatcher = {
  isErrorState: (control: AbstractControl | null) =>
    !!control && control.invalid && (control.dirty || control.touched),
};

const STATUS_ICONS: Record<SaveStatus, IconName> = {
  saved: 'check',
  saving: 'history',
  pending: 'edit',
  invalid: 'warning',
  offline: 'warning',
  conflict: 'warning',
  error: 'warning',
  locked: 'lock',
};

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The visit note: a draft edited with autosave, or a signed note read-only with addenda.
 * Keyboard: Ctrl/⌘+S saves now, Ctrl/⌘+Enter signs, Alt+M / Alt+E / Alt+B add manual therapy,
 * search exercises, add a service line.
 */
@Component({
  selector: 'stride-visit-note-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // One stylesheet for the note and its sections (all rules scoped under `.visit-note`).
  encapsulation: ViewEncapsulation.None,
  providers: [NoteAutosaveService, { provide: ErrorStateMatcher, useValue: liveErrors }],
  imports: [
    ConflictPanelComponent,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    NoteExercisesComponent,
    NoteManualTherapyComponent,
    NoteMeasurementsComponent,
    NoteRunningComponent,
    NoteServicesComponent,
    ReactiveFormsModule,
    RouterLink,
    SignedNoteComponent,
  ],
  templateUrl: './visit-note-page.component.html',
  styleUrl: './visit-note-page.component.scss',
  host: {
    class: 'visit-note',
    '(document:keydown)': 'onKeydown($event)',
    '(window:beforeunload)': 'onBeforeUnload($event)',
  },
})
export class VisitNotePageComponent {
  private readonly api = inject(VisitNoteApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly autosave = inject(NoteAutosaveService);

  /** Route parameter. */
  readonly visitId = input.required<string>();

  protected readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  protected readonly loadError = signal<string | null>(null);
  protected readonly episode = signal<EpisodeView | null>(null);
  protected readonly patient = signal<PatientView | null>(null);
  protected readonly visits = signal<VisitView[]>([]);
  protected readonly instruments = signal<Instrument[]>([]);
  protected readonly dosages = signal<Record<string, string>>({});
  protected readonly form = signal<NoteForm | null>(null);
  protected readonly value = signal<NoteFormValue | null>(null);
  /** Bumped on every form event: section views (OnPush) re-render for server errors and new rows. */
  protected readonly rev = signal(0);
  protected readonly editing = signal(false);
  protected readonly readOnlyReason = signal<string | null>(null);
  protected readonly announcement = signal('');

  protected readonly visit = this.autosave.visit;
  protected readonly user = this.auth.user;
  protected readonly status = this.autosave.status;
  protected readonly statusText = computed(() =>
    this.readOnlyReason() ? 'Read-only' : SAVE_STATUS_TEXT[this.status()],
  );
  protected readonly statusIcon = computed(() =>
    this.readOnlyReason() ? 'lock' : STATUS_ICONS[this.status()],
  );
  protected readonly visitTypes = VISIT_TYPES;
  protected readonly visitTypeLabels = VISIT_TYPE_LABELS;
  protected readonly fieldLabels = FIELD_LABELS;
  protected readonly controlError = controlError;
  protected readonly keys = {
    save: IS_MAC ? '⌘S' : 'Ctrl+S',
    sign: IS_MAC ? '⌘Enter' : 'Ctrl+Enter',
  };

  private readonly manualTherapy = viewChild(NoteManualTherapyComponent);
  private readonly exercises = viewChild(NoteExercisesComponent);
  private readonly services = viewChild(NoteServicesComponent);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');
  private formSubscription: Subscription | null = null;
  private signDialogOpen = false;

  protected readonly ctx = computed<NoteContext>(() => {
    const clinic = this.user()?.clinic;
    return {
      timeZone: clinic?.timezone ?? 'UTC',
      unit: clinic?.distanceUnit ?? 'km',
      instrumentCodes: this.instruments().map((i) => i.code),
    };
  });

  protected readonly summary = computed<SummaryContext>(() => ({
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

  protected readonly visitNumberText = computed(() => {
    const key = this.orderKey();
    const planned = this.episode()?.plannedVisits;
    if (!key) return '';
    const n = visitNumber(this.visits(), key);
    if (!planned) return `Visit ${n}`;
    return n > planned ? `Visit ${n}, over the ${planned} planned` : `Visit ${n} of ${planned} planned`;
  });

  protected readonly week = computed(() => {
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

  protected readonly changes = computed<Record<string, ChangeSinceBaseline>>(() => {
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

  protected readonly previousDistance = computed<PreviousDistance | null>(() => {
    const key = this.orderKey();
    if (!key) return null;
    const previous = previousWeeklyDistance(this.episodeVisits(), key);
    return previous
      ? { km: previous.km, date: calendarDateIn(previous.visit.visitDate, this.ctx().timeZone) }
      : null;
  });

  protected readonly visitWhen = computed(() => {
    const visit = this.visit();
    return visit ? formatInstant(visit.visitDate, this.ctx().timeZone) : '';
  });

  protected readonly signedWhen = computed(() => {
    const signedAt = this.visit()?.signedAt;
    return signedAt ? formatInstant(signedAt, this.ctx().timeZone) : '';
  });

  protected readonly orphaned = computed(() => {
    const orphaned = this.autosave.orphaned();
    if (!orphaned) return [];
    return orphaned.keys.map((key) => ({
      label: FIELD_LABELS[key],
      text: describeField(key, orphaned.values[key], this.summary()),
    }));
  });

  protected readonly patientName = computed(() => {
    const p = this.patient();
    return p ? `${p.firstName} ${p.lastName}` : '';
  });

  constructor() {
    effect(() => {
      const id = this.visitId();
      untracked(() => void this.load(id));
    });
    this.destroyRef.onDestroy(() => this.formSubscription?.unsubscribe());
  }

  protected reload(): void {
    void this.load(this.visitId());
  }

  private async load(id: string): Promise<void> {
    this.formSubscription?.unsubscribe();
    this.state.set('loading');
    this.loadError.set(null);
    try {
      const visit = await firstValueFrom(this.api.getVisit(id));
      const [episode, patient, visits, instruments, library] = await firstValueFrom(
        forkJoin([
          this.api.getEpisode(visit.episodeId),
          this.api.getPatient(visit.patientId),
          this.api.listVisits(visit.episodeId),
          this.api.getInstruments(),
          // Default dosages only: the note works without them.
          this.api.searchExercises({ pageSize: 100 }).pipe(catchError(() => of([]))),
        ]),
      );
      this.episode.set(episode);
      this.patient.set(patient);
      this.visits.set(visits);
      this.instruments.set(instruments);
      this.dosages.set(Object.fromEntries(library.map((e) => [e.id, e.defaultDosage])));
      this.open(visit, episode);
      this.state.set('ready');
    } catch (error: unknown) {
      this.state.set('failed');
      this.loadError.set(
        error instanceof HttpErrorResponse && error.status === 404
          ? 'This visit note does not exist, or it belongs to another clinic.'
          : generalErrorMessage(error),
      );
    }
  }

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

  // ---------- keyboard ----------

  protected onKeydown(event: KeyboardEvent): void {
    if (this.state() !== 'ready' || this.dialog.openDialogs.length > 0) {
      return;
    }
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (this.editing()) void this.saveNow();
      return;
    }
    if (!this.editing()) {
      return;
    }
    if (mod && event.key === 'Enter') {
      event.preventDefault();
      this.openSignDialog();
      return;
    }
    if (event.altKey && !mod && !event.shiftKey) {
      // `code`, not `key`: on a Mac, Alt+M types "µ".
      const action: Record<string, () => void> = {
        KeyM: () => this.manualTherapy()?.add(),
        KeyE: () => this.exercises()?.focusSearch(),
        KeyB: () => this.services()?.add(),
      };
      const run = action[event.code];
      if (run) {
        event.preventDefault();
        run();
      }
    }
  }

  protected onBeforeUnload(event: BeforeUnloadEvent): void {
    // The edits are in sessionStorage (a reload restores them); closing the tab would lose them.
    if (this.editing() && this.autosave.unsavedKeys().length > 0) {
      event.preventDefault();
    }
  }

  // ---------- saving, signing, leaving ----------

  protected async saveNow(): Promise<void> {
    const saved = await this.autosave.flush();
    this.announce(saved ? 'All changes saved.' : `Not saved: ${this.notSavedReason()}`);
  }

  protected keepTheirs(): void {
    this.autosave.keepTheirs();
    this.announce('Kept the version saved elsewhere.');
  }

  protected async takeMine(): Promise<void> {
    const saved = await this.autosave.takeMine();
    this.announce(saved ? 'Your version is saved.' : `Not saved: ${this.notSavedReason()}`);
  }

  protected openSignDialog(): void {
    if (!this.editing() || this.signDialogOpen) {
      return;
    }
    this.signDialogOpen = true;
    const data: SignDialogData = { blocked: this.blockedLabels(), sign: () => this.sign() };
    const ref = this.dialog.open<SignDialogComponent, SignDialogData, boolean>(SignDialogComponent, {
      data,
      width: '32rem',
      maxWidth: 'calc(100vw - 32px)',
      // The dialog is the confirmation: Enter on its focused button signs.
      autoFocus: 'button.sign-confirm',
    });
    ref.afterClosed().subscribe((signed) => {
      this.signDialogOpen = false;
      if (signed) {
        setTimeout(() => this.heading()?.nativeElement.focus());
      }
    });
  }

  /** Flushes pending edits, then signs. Null when signed, else what to tell the therapist. */
  private async sign(): Promise<string | null> {
    if (!(await this.autosave.flush())) {
      return this.notSavedReason();
    }
    const visit = this.autosave.visit();
    if (!visit) return 'The note is not loaded.';
    try {
      const signed = await firstValueFrom(this.api.signVisit(visit.id, visit.version));
      this.autosave.signed(signed);
      this.visits.update((list) => list.map((v) => (v.id === signed.id ? signed : v)));
      this.editing.set(false);
      this.formSubscription?.unsubscribe();
      this.announce('Visit note signed. It is now read-only; later corrections become addenda.');
      return null;
    } catch (error: unknown) {
      const problem = toProblem(error);
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      if (status === 422) {
        const form = this.form();
        if (form) applyNoteFieldErrors(form, problem?.errors ?? [], null);
        return problem?.detail ?? 'This note cannot be signed yet.';
      }
      if (status === 403) {
        return problem?.detail ?? 'Only the therapist who created this visit can sign it.';
      }
      if (status === 412) {
        return 'Someone saved this note a moment ago. Close this dialog: your changes are compared with theirs first.';
      }
      if (status === 409 && problem?.type.endsWith('/visit-signed')) {
        this.reload();
        return 'This note is already signed.';
      }
      return generalErrorMessage(error);
    }
  }

  /** For the route's canDeactivate: flush pending edits; if that fails, ask. */
  async canLeave(): Promise<boolean> {
    if (!this.editing() || !this.auth.signedIn()) {
      // Signed out (idle): leave at once; the edits wait in sessionStorage.
      return true;
    }
    if (await this.autosave.flush()) {
      return true;
    }
    const data: LeaveDialogData = { reason: `Your latest changes are not saved: ${this.notSavedReason()}` };
    const leave = await firstValueFrom(
      this.dialog
        .open<LeaveDialogComponent, LeaveDialogData, boolean>(LeaveDialogComponent, { data })
        .afterClosed(),
    );
    return leave === true;
  }

  private blockedLabels(): string[] {
    const form = this.form();
    if (!form) return [];
    const blocked = blockedKeys(form);
    return this.autosave
      .unsavedKeys()
      .filter((key: FieldKey) => blocked.has(key))
      .map((key) => FIELD_LABELS[key]);
  }

  private notSavedReason(): string {
    if (this.autosave.conflict()) {
      return 'this note was changed elsewhere; choose which version to keep first.';
    }
    if (this.status() === 'offline') {
      return 'Stride cannot be reached. It keeps retrying; your changes stay in this tab.';
    }
    const blocked = this.blockedLabels();
    if (blocked.length) {
      return `fix the highlighted fields first (${blocked.join(', ')}).`;
    }
    return this.autosave.error() ?? 'the latest changes could not be saved.';
  }

  protected onAddendum(visit: VisitView): void {
    this.autosave.visit.set(visit);
    this.announce('Addendum added.');
  }

  private announce(text: string): void {
    // Re-set even when the text repeats, so it is announced again.
    this.announcement.set('');
    setTimeout(() => this.announcement.set(text), 50);
  }
}
