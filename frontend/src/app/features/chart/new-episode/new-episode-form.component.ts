import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  input,
  type OnInit,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { BodySide, CreateEpisodeDto, EpisodeView, UpdateEpisodeDto } from '@stride/api';
import { catchError, finalize, map, of } from 'rxjs';

import {
  applyFieldErrors,
  generalErrorMessage,
  httpStatus,
  serverError,
  toProblem,
} from '../../../shared/problem';
import { EpisodesApi } from '../../../core/api/episodes.api';
import { type TherapistOption, UsersApi } from '../../../core/api/users.api';
import { AuthService } from '../../../core/auth/auth.service';
import { datePattern, fieldError } from '../../../shared/field-messages';
import { BODY_SIDE_LABELS } from '../chart-math';

/** The diagnosis Stride's defaults are tuned for: IT band syndrome, coded by side. */
export const IT_BAND_DIAGNOSIS: Record<BodySide, { code: string; label: string }> = {
  right: { code: 'M76.31', label: 'Iliotibial band syndrome, right leg' },
  left: { code: 'M76.32', label: 'Iliotibial band syndrome, left leg' },
  // ICD-10-CM has no bilateral ITBS code: the right-leg code is the primary one, the label says both.
  bilateral: { code: 'M76.31', label: 'Iliotibial band syndrome, both legs' },
  not_applicable: { code: 'M76.30', label: 'Iliotibial band syndrome, unspecified leg' },
};

export const DEFAULT_PLANNED_VISITS = 4;
export const DEFAULT_PLANNED_WEEKS = 6;

/**
 * A new episode of care, with IT-band defaults that follow the side until the diagnosis is edited;
 * with `episode` set, the same form edits that episode (PATCH with `If-Match`; its status is
 * changed by discharge and cancel only).
 */
@Component({
  selector: 'stride-new-episode-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './new-episode-form.component.html',
  styles: `
    :host {
      display: block;
      padding: 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-lowest);
    }
    h3 {
      margin-top: 0;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 200px), 1fr));
      gap: 12px 16px;
      margin-bottom: 12px;
    }
    .wide {
      width: 100%;
    }
    fieldset {
      margin: 0 0 16px;
      padding: 8px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-extra-small);
      legend {
        padding: 0 4px;
        color: var(--mat-sys-on-surface-variant);
      }
    }
    mat-radio-group {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
    }
    .alert {
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .actions {
      display: flex;
      gap: 12px;
    }
  `,
})
export class NewEpisodeFormComponent implements OnInit {
  readonly patientId = input.required<string>();
  readonly today = input.required<string>();
  /** The episode to edit; unset for a new one. */
  readonly episode = input<EpisodeView | null>(null);
  readonly created = output<EpisodeView>();
  readonly updated = output<EpisodeView>();
  readonly cancelled = output();

  private readonly api = inject(EpisodesApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly users = inject(UsersApi);
  private readonly me = inject(AuthService).user;
  protected readonly editing = computed(() => this.episode() !== null);
  protected readonly titleId = `episode-form-title-${Math.random().toString(36).slice(2, 8)}`;
  /**
   * Who may treat: the clinic's active therapists where the user may list them (admins), else
   * the treating therapist and the user.
   */
  protected readonly therapists = signal<TherapistOption[] | null>(null);
  protected readonly therapistOptions = computed<TherapistOption[]>(() => {
    const listed = this.therapists() ?? [];
    const current = this.episode()?.therapistId;
    const me = this.me();
    const options = [...listed];
    if (me && me.roles.includes('therapist') && !options.some((t) => t.id === me.id)) {
      options.push({ id: me.id, fullName: `${me.fullName} (you)`, active: true });
    }
    if (current && !options.some((t) => t.id === current)) {
      options.unshift({ id: current, fullName: 'The current treating therapist', active: true });
    }
    return options;
  });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly sides = Object.entries(BODY_SIDE_LABELS) as [BodySide, string][];
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly serverError = serverError;
  protected readonly datePattern = datePattern();
  protected readonly fieldError = fieldError;

  protected readonly form = new FormGroup({
    bodySide: new FormControl<BodySide>('right', { nonNullable: true }),
    diagnosisCode: new FormControl(IT_BAND_DIAGNOSIS.right.code, {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.pattern(/^[A-Za-z][0-9][0-9A-Za-z](\.[0-9A-Za-z]{1,4})?$/),
      ],
    }),
    diagnosisLabel: new FormControl(IT_BAND_DIAGNOSIS.right.label, {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    startDate: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    onsetDate: new FormControl('', { nonNullable: true }),
    plannedVisits: new FormControl(DEFAULT_PLANNED_VISITS, {
      nonNullable: true,
      validators: [Validators.required, Validators.min(1), Validators.max(100)],
    }),
    plannedWeeks: new FormControl(DEFAULT_PLANNED_WEEKS, {
      nonNullable: true,
      validators: [Validators.required, Validators.min(1), Validators.max(104)],
    }),
    goals: new FormControl('', { nonNullable: true }),
    therapistId: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    // The code and label follow the side for as long as nobody has typed their own.
    this.form.controls.bodySide.valueChanges.pipe(takeUntilDestroyed()).subscribe((side) => {
      const { diagnosisCode, diagnosisLabel } = this.form.controls;
      const isDefault = Object.values(IT_BAND_DIAGNOSIS).some(
        (d) => d.code === diagnosisCode.value && d.label === diagnosisLabel.value,
      );
      if (isDefault || (diagnosisCode.pristine && diagnosisLabel.pristine)) {
        diagnosisCode.setValue(IT_BAND_DIAGNOSIS[side].code);
        diagnosisLabel.setValue(IT_BAND_DIAGNOSIS[side].label);
      }
    });
  }

  ngOnInit(): void {
    const episode = this.episode();
    if (!episode) {
      this.form.controls.startDate.setValue(this.today());
      return;
    }
    this.form.setValue(
      {
        bodySide: episode.bodySide,
        diagnosisCode: episode.diagnosisCode,
        diagnosisLabel: episode.diagnosisLabel,
        startDate: episode.startDate,
        onsetDate: episode.onsetDate ?? '',
        plannedVisits: episode.plannedVisits,
        plannedWeeks: episode.plannedWeeks,
        goals: episode.goals.join('\n'),
        therapistId: episode.therapistId,
      },
      { emitEvent: false },
    );
    // Editing: the clinic's therapists, where this user may list them (admins); else the
    // treating therapist and the user (see therapistOptions).
    if (!this.me()?.roles.includes('admin')) {
      return;
    }
    this.users
      .therapists()
      .pipe(
        map((list) => list.filter((t) => t.active)),
        catchError(() => of(null)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((list) => this.therapists.set(list));
  }

  protected submit(): void {
    if (this.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    const value = this.form.getRawValue();
    const goals = value.goals
      .split('\n')
      .map((g) => g.trim())
      .filter(Boolean);
    const episode: CreateEpisodeDto = {
      diagnosisCode: value.diagnosisCode.trim().toUpperCase(),
      diagnosisLabel: value.diagnosisLabel.trim(),
      bodySide: value.bodySide,
      startDate: value.startDate,
      ...(value.onsetDate ? { onsetDate: value.onsetDate } : {}),
      plannedVisits: Number(value.plannedVisits),
      plannedWeeks: Number(value.plannedWeeks),
      ...(goals.length ? { goals } : {}),
    };
    this.error.set(null);
    this.submitting.set(true);
    const existing = this.episode();
    const patch = existing
      ? changedEpisodeFields(existing, { ...episode, goals, therapistId: value.therapistId })
      : null;
    if (existing && patch && Object.keys(patch).length === 0) {
      // Nothing changed: nothing to send.
      this.submitting.set(false);
      this.updated.emit(existing);
      return;
    }
    const request =
      existing && patch ? this.api.update(existing, patch) : this.api.create(this.patientId(), episode);
    request.pipe(finalize(() => this.submitting.set(false))).subscribe({
      next: (saved) => (existing ? this.updated.emit(saved) : this.created.emit(saved)),
      error: (error: unknown) => {
        if (httpStatus(error) === 412) {
          this.error.set(
            'This episode was changed elsewhere since the chart was opened. Cancel, reload the chart and make your change again.',
          );
          return;
        }
        const problem = toProblem(error);
        const unmatched = applyFieldErrors(this.form, problem, EPISODE_FIELD_LABELS);
        this.error.set(
          problem?.errors?.length && !unmatched.length
            ? 'Check the highlighted fields.'
            : unmatched.length
              ? unmatched.map((e) => e.message).join(' ')
              : generalErrorMessage(error),
        );
        this.focusFirstInvalid();
      },
    });
  }

  private focusFirstInvalid(): void {
    const name = Object.entries(this.form.controls).find(([, control]) => control.invalid)?.[0];
    if (name) {
      this.host.nativeElement.querySelector<HTMLElement>(`[formcontrolname="${name}"]`)?.focus();
    }
  }
}

/** The episode form's labels, for the API's field messages. */
export const EPISODE_FIELD_LABELS: Record<string, string> = {
  bodySide: 'Body side',
  diagnosisCode: 'Diagnosis code',
  diagnosisLabel: 'Diagnosis',
  startDate: 'Start date',
  onsetDate: 'Onset date',
  plannedVisits: 'Planned visits',
  plannedWeeks: 'Planned weeks',
  goals: 'Goals',
  therapistId: 'Treating therapist',
};

/** The PATCH of an edited episode: only what differs from what was read. */
export function changedEpisodeFields(
  before: EpisodeView,
  after: CreateEpisodeDto & { goals: string[]; therapistId: string },
): UpdateEpisodeDto {
  const patch: UpdateEpisodeDto = {};
  if (after.diagnosisCode !== before.diagnosisCode) patch.diagnosisCode = after.diagnosisCode;
  if (after.diagnosisLabel !== before.diagnosisLabel) patch.diagnosisLabel = after.diagnosisLabel;
  if (after.bodySide !== before.bodySide) patch.bodySide = after.bodySide;
  if (after.startDate !== before.startDate) patch.startDate = after.startDate;
  const onset = after.onsetDate ?? null;
  if (onset !== before.onsetDate) patch.onsetDate = onset;
  if (after.plannedVisits !== before.plannedVisits) patch.plannedVisits = after.plannedVisits;
  if (after.plannedWeeks !== before.plannedWeeks) patch.plannedWeeks = after.plannedWeeks;
  if (after.goals.join('\n') !== before.goals.join('\n')) patch.goals = after.goals;
  if (after.therapistId && after.therapistId !== before.therapistId) patch.therapistId = after.therapistId;
  return patch;
}
