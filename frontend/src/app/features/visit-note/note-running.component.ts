import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import type { DistanceUnit } from '@stride/api';
import { IconComponent } from '../../shared/icon.component';
import { formatDate } from './clinic-time';
import { fromKm, toKm, unitLabel } from './distance';
import type { RunningValue } from './note-fields';
import { controlError, type RunningGroup } from './note-form';
import { risesOverTenPercent } from './outcomes';

export interface PreviousDistance {
  km: number;
  /** The clinic calendar date of that visit. */
  date: string;
}

/** Weekly distance, longest run and run:walk, with the live 10% warning (the rule of `@stride/running-load`). */
@Component({
  selector: 'stride-note-running',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <fieldset class="note-section" [formGroup]="group()">
      <legend><h2>Running load</h2></legend>
      <div class="run-fields">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Weekly distance ({{ unit() }})</mat-label>
          <input
            matInput
            type="number"
            inputmode="decimal"
            min="0"
            step="0.01"
            formControlName="weeklyDistance"
            aria-describedby="running-warning"
          />
          <mat-hint>{{ previousHint() }}</mat-hint>
          <mat-error>{{ controlError(group().controls.weeklyDistance) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Longest run ({{ unit() }})</mat-label>
          <input
            matInput
            type="number"
            inputmode="decimal"
            min="0"
            step="0.01"
            formControlName="longestRun"
          />
          <mat-error>{{ controlError(group().controls.longestRun) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Run:walk (minutes)</mat-label>
          <input matInput formControlName="runWalkRatio" autocomplete="off" placeholder="4:1" />
          <mat-hint>e.g. 4:1</mat-hint>
          <mat-error>{{ controlError(group().controls.runWalkRatio) }}</mat-error>
        </mat-form-field>
      </div>
      <div id="running-warning" aria-live="polite">
        @if (warning(); as text) {
          <p class="load-warning">
            <stride-icon name="warning" /> <span>{{ text }}</span>
          </p>
        }
      </div>
    </fieldset>
  `,
})
export class NoteRunningComponent {
  readonly group = input.required<RunningGroup>();
  readonly value = input.required<RunningValue>();
  readonly distanceUnit = input.required<DistanceUnit>();
  readonly previous = input<PreviousDistance | null>(null);
  readonly rev = input(0);

  protected readonly controlError = controlError;
  protected readonly unit = computed(() => unitLabel(this.distanceUnit()));

  protected readonly previousHint = computed(() => {
    const previous = this.previous();
    if (!previous) return 'No earlier weekly distance in this episode.';
    return `Last recorded: ${fromKm(previous.km, this.distanceUnit())} ${this.unit()} (${formatDate(previous.date)})`;
  });

  /** In words: colour is never the only signal. */
  readonly warning = computed(() => {
    const previous = this.previous();
    const next = this.value().weeklyDistance;
    const nextKm = typeof next === 'number' && next >= 0 ? toKm(next, this.distanceUnit()) : null;
    if (!previous || nextKm === null || !risesOverTenPercent(previous.km, nextKm)) {
      return null;
    }
    const unit = this.unit();
    const before = fromKm(previous.km, this.distanceUnit());
    const rise = previous.km > 0 ? ` (+${Math.round(((nextKm - previous.km) / previous.km) * 100)}%)` : '';
    return `Weekly distance rises more than 10%: ${before} → ${next} ${unit}${rise}. Plan at most 10% more per week.`;
  });
}
