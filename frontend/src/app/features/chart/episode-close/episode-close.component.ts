import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  type OnInit,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { DischargeReason, EpisodeView } from '@stride/api';
import { finalize, type Observable } from 'rxjs';

import { datePattern } from '../../../shared/field-messages';
import { applyFieldErrors, generalErrorMessage, serverError, toProblem } from '../../../shared/problem';
import { EpisodesApi } from '../../../core/api/episodes.api';
import { DISCHARGE_REASON_LABELS } from '../chart-math';

/** Discharge (or cancel) an active episode; the API refuses while drafts are open and says so. */
@Component({
  selector: 'stride-episode-close',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <details [open]="open()" (toggle)="onToggle($event)">
      <summary>Discharge or cancel this episode</summary>
      <div role="alert">
        @if (error(); as error) {
          <p class="alert">{{ error }}</p>
        }
      </div>
      <form [formGroup]="discharge" (ngSubmit)="submitDischarge()" novalidate aria-label="Discharge">
        <h4>Discharge</h4>
        <div class="row">
          <mat-form-field appearance="outline">
            <mat-label>Discharge date</mat-label>
            <input matInput type="date" formControlName="date" [min]="minDate()" [max]="today()" required />
            <mat-hint>From the last signed visit to today</mat-hint>
            <mat-error>{{
              serverError(discharge.controls.date) ?? 'Enter the discharge date as ' + datePattern + '.'
            }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Reason</mat-label>
            <mat-select formControlName="reason" required>
              @for (reason of reasons; track reason[0]) {
                <mat-option [value]="reason[0]">{{ reason[1] }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ serverError(discharge.controls.reason) ?? 'Choose a reason.' }}</mat-error>
          </mat-form-field>
        </div>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Note (optional)</mat-label>
          <textarea matInput formControlName="note" rows="2"></textarea>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()">Discharge</button>
      </form>

      <form [formGroup]="cancel" (ngSubmit)="submitCancel()" novalidate aria-label="Cancel episode">
        <h4>Cancel</h4>
        <p class="hint">For an episode opened by mistake or never started; it leaves the outcome figures.</p>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Reason (optional)</mat-label>
          <input matInput formControlName="reason" autocomplete="off" />
        </mat-form-field>
        <button mat-stroked-button type="submit" [disabled]="busy()">Cancel episode</button>
      </form>
    </details>
  `,
  styles: `
    summary {
      cursor: pointer;
      padding: 8px 0;
      color: var(--mat-sys-primary);
    }
    form {
      margin: 8px 0 16px;
    }
    h4 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 220px), 1fr));
      gap: 0 16px;
    }
    .wide {
      width: 100%;
    }
    .hint {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .alert {
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class EpisodeCloseComponent implements OnInit {
  readonly episode = input.required<EpisodeView>();
  readonly today = input.required<string>();
  /** The calendar date of the last signed visit, if any (the earliest discharge date). */
  readonly lastSignedDate = input<string | null>(null);
  readonly closed = output<EpisodeView>();

  private readonly api = inject(EpisodesApi);
  protected readonly open = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly reasons = Object.entries(DISCHARGE_REASON_LABELS) as [DischargeReason, string][];
  protected readonly minDate = computed(() => this.lastSignedDate() ?? this.episode().startDate);
  protected readonly serverError = serverError;
  protected readonly datePattern = datePattern();

  protected readonly discharge = new FormGroup({
    date: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl<DischargeReason | null>('goals_met', { validators: [Validators.required] }),
    note: new FormControl('', { nonNullable: true }),
  });
  protected readonly cancel = new FormGroup({
    reason: new FormControl('', { nonNullable: true }),
  });

  ngOnInit(): void {
    this.discharge.controls.date.setValue(this.today());
  }

  protected onToggle(event: Event): void {
    this.open.set((event.target as HTMLDetailsElement).open);
  }

  protected submitDischarge(): void {
    const { date, reason, note } = this.discharge.getRawValue();
    if (this.discharge.invalid || !reason) {
      this.discharge.markAllAsTouched();
      return;
    }
    this.run(
      this.api.discharge(this.episode(), { date, reason, ...(note.trim() ? { note: note.trim() } : {}) }),
      this.discharge,
    );
  }

  protected submitCancel(): void {
    const reason = this.cancel.controls.reason.value.trim();
    this.run(this.api.cancel(this.episode(), reason ? { reason } : {}), this.cancel);
  }

  private run(request: Observable<EpisodeView>, form: FormGroup): void {
    if (this.busy()) {
      return;
    }
    this.error.set(null);
    this.busy.set(true);
    request.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (episode) => this.closed.emit(episode),
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 412) {
          this.error.set('The episode was changed elsewhere. Reload the page and try again.');
          return;
        }
        const unmatched = applyFieldErrors(form, toProblem(error));
        this.error.set(
          unmatched.length ? unmatched.map((e) => e.message).join(' ') : generalErrorMessage(error),
        );
      },
    });
  }
}
