import {
  ChangeDetectionStrategy,
  Component,
  computed,
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
import { Router, RouterLink } from '@angular/router';
import type { VisitView } from '@stride/api';
import { firstValueFrom } from 'rxjs';

import { VisitsApi } from '../../core/api/visits.api';
import { AuthService } from '../../core/auth/auth.service';
import { type IconName, IconComponent } from '../../shared/icon.component';
import { SAVE_STATUS_TEXT, type SaveStatus } from './autosave-policy';
import { ConflictPanelComponent } from './conflict-panel.component';
import { confirmDeleteDraft } from './delete-draft';
import { LeaveDialogComponent, type LeaveDialogData } from './leave-dialog.component';
import { NoteAutosaveService } from './note-autosave.service';
import { NoteExercisesComponent } from './note-exercises.component';
import { controlError } from './note-form';
import { FIELD_LABELS, VISIT_TYPE_LABELS, VISIT_TYPES } from './note-labels';
import { NoteManualTherapyComponent } from './note-manual-therapy.component';
import { NoteMeasurementsComponent } from './note-measurements.component';
import type { SaveResult } from './note-results';
import { NoteRunningComponent } from './note-running.component';
import { NoteServicesComponent } from './note-services.component';
import { type NoteShortcut, NoteShortcutsDirective } from './note-shortcuts.directive';
import { SignDialogComponent, type SignDialogData } from './sign-dialog.component';
import { SignedNoteComponent } from './signed-note.component';
import { VisitNoteStore } from './visit-note.store';

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
 * The visit note: a draft edited with autosave, or a signed note read-only with addenda. The
 * page wires the dialogs and announcements; the data and derived values are `VisitNoteStore`'s,
 * saving is `NoteAutosaveService`'s (its decisions `autosave-policy.ts`), the keyboard shortcuts
 * `NoteShortcutsDirective`'s (Ctrl/⌘+S saves now, Ctrl/⌘+Enter signs, Alt+M / Alt+E / Alt+B add
 * manual therapy, search exercises, add a service line).
 */
@Component({
  selector: 'stride-visit-note-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // One stylesheet for the note and its sections (all rules scoped under `.visit-note`).
  encapsulation: ViewEncapsulation.None,
  providers: [NoteAutosaveService, VisitNoteStore, { provide: ErrorStateMatcher, useValue: liveErrors }],
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
    NoteShortcutsDirective,
    ReactiveFormsModule,
    RouterLink,
    SignedNoteComponent,
  ],
  templateUrl: './visit-note-page.component.html',
  styleUrl: './visit-note-page.component.scss',
  host: {
    class: 'visit-note',
    '(window:beforeunload)': 'onBeforeUnload($event)',
  },
})
export class VisitNotePageComponent {
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  protected readonly autosave = inject(NoteAutosaveService);
  private readonly store = inject(VisitNoteStore);
  private readonly visitsApi = inject(VisitsApi);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly visitId = input.required<string>();

  // What the template reads: the store's data and derived values, the autosave's state.
  protected readonly state = this.store.state;
  protected readonly loadError = this.store.loadError;
  protected readonly episode = this.store.episode;
  protected readonly patient = this.store.patient;
  protected readonly instruments = this.store.instruments;
  protected readonly dosages = this.store.dosages;
  protected readonly form = this.store.form;
  protected readonly value = this.store.value;
  protected readonly rev = this.store.rev;
  protected readonly editing = this.store.editing;
  protected readonly readOnlyReason = this.store.readOnlyReason;
  protected readonly ctx = this.store.ctx;
  protected readonly summary = this.store.summary;
  protected readonly visitNumberText = this.store.visitNumberText;
  protected readonly week = this.store.week;
  protected readonly changes = this.store.changes;
  protected readonly previousDistance = this.store.previousDistance;
  protected readonly visitWhen = this.store.visitWhen;
  protected readonly signedWhen = this.store.signedWhen;
  protected readonly orphaned = this.store.orphaned;
  protected readonly patientName = this.store.patientName;
  protected readonly visit = this.autosave.visit;
  protected readonly user = this.auth.user;
  protected readonly status = this.autosave.status;
  protected readonly announcement = signal('');
  /** A draft its creator is editing can be deleted (SPEC §3: only the creator may). */
  protected readonly canDelete = computed(
    () => this.editing() && !!this.visit() && this.visit()?.therapistId === this.user()?.id,
  );

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
  private signDialogOpen = false;

  constructor() {
    effect(() => {
      const id = this.visitId();
      untracked(() => void this.store.load(id));
    });
  }

  protected reload(): void {
    void this.store.load(this.visitId());
  }

  // ---------- keyboard (NoteShortcutsDirective) ----------

  protected onShortcut(shortcut: NoteShortcut): void {
    switch (shortcut) {
      case 'save':
        void this.saveNow();
        return;
      case 'sign':
        this.openSignDialog();
        return;
      case 'add-manual-therapy':
        this.manualTherapy()?.add();
        return;
      case 'search-exercises':
        this.exercises()?.focusSearch();
        return;
      case 'add-service':
        this.services()?.add();
        return;
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
    this.announceSave(await this.store.save(), 'All changes saved.');
  }

  protected keepTheirs(): void {
    this.autosave.keepTheirs();
    this.announce('Kept the version saved elsewhere.');
  }

  protected async takeMine(): Promise<void> {
    this.announceSave(await this.store.takeMine(), 'Your version is saved.');
  }

  protected openSignDialog(): void {
    if (!this.editing() || this.signDialogOpen) {
      return;
    }
    this.signDialogOpen = true;
    const data: SignDialogData = { blocked: this.store.blockedLabels(), sign: () => this.sign() };
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

  /** For the sign dialog: null when signed, else what to tell the therapist. */
  private async sign(): Promise<string | null> {
    const result = await this.store.sign();
    switch (result.kind) {
      case 'signed':
        this.announce('Visit note signed. It is now read-only; later corrections become addenda.');
        return null;
      case 'already-signed':
        this.reload();
        return result.reason;
      default:
        return result.reason;
    }
  }

  /** "Delete this draft?", then back to the chart. Saving pauses while the dialog is open. */
  protected async deleteDraft(): Promise<void> {
    const visit = this.visit();
    if (!visit || !this.canDelete()) return;
    await this.autosave.hold();
    const deleted = await confirmDeleteDraft(
      this.dialog,
      this.visitsApi,
      () => this.visit() ?? visit,
      'This visit note',
    );
    if (!deleted) {
      this.autosave.resume();
      return;
    }
    this.autosave.discarded();
    this.store.editing.set(false);
    await this.router.navigate(['/patients', visit.patientId], { queryParams: { episode: visit.episodeId } });
  }

  /** For the route's canDeactivate: flush pending edits; if that fails, ask. */
  async canLeave(): Promise<boolean> {
    if (!this.editing() || !this.auth.signedIn()) {
      // Signed out (idle): leave at once; the edits wait in sessionStorage.
      return true;
    }
    const result = await this.store.save();
    if (result.saved) {
      return true;
    }
    const data: LeaveDialogData = { reason: `Your latest changes are not saved: ${result.reason}` };
    const leave = await firstValueFrom(
      this.dialog
        .open<LeaveDialogComponent, LeaveDialogData, boolean>(LeaveDialogComponent, { data })
        .afterClosed(),
    );
    return leave === true;
  }

  protected onAddendum(visit: VisitView): void {
    this.autosave.visit.set(visit);
    this.announce('Addendum added.');
  }

  private announceSave(result: SaveResult, saved: string): void {
    this.announce(result.saved ? saved : `Not saved: ${result.reason}`);
  }

  private announce(text: string): void {
    // Re-set even when the text repeats, so it is announced again.
    this.announcement.set('');
    setTimeout(() => this.announcement.set(text), 50);
  }
}
