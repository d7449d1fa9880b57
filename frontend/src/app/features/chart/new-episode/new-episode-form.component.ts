import {
  ChangeDetectionStrategy,
  Component,
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
import type { BodySide, CreateEpisodeDto, EpisodeView } from '@stride/api';
import { finalize } from 'rxjs';

import { applyFieldErrors, generalErrorMessage, serverError, toProblem } from '../../../shared/problem';
import { EpisodesApi } from '../../../core/api/episodes.api';
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

/** A new episode of care, with IT-band defaults that follow the side until the diagnosis is edited. */
@Component({
  selector: 'stride-new-episode-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatRadioModule, ReactiveFormsModule],
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
  readonly created = output<EpisodeView>();
  readonly cancelled = output();

  private readonly api = inject(EpisodesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly sides = Object.entries(BODY_SIDE_LABELS) as [BodySide, string][];
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly serverError = serverError;

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
    this.form.controls.startDate.setValue(this.today());
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
    this.api
      .create(this.patientId(), episode)
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: (created) => this.created.emit(created),
        error: (error: unknown) => {
          const problem = toProblem(error);
          const unmatched = applyFieldErrors(this.form, problem);
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
