import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { type FormControl, type FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Instrument } from '@stride/api';

import { IconComponent } from '../../shared/icon.component';
import { controlError } from './note-form';
import type { ChangeSinceBaseline } from './outcomes';

/** One input per instrument, with its range and the live change since the episode's baseline. */
@Component({
  selector: 'stride-note-measurements',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <fieldset class="note-section">
      <legend><h2>Measurements</h2></legend>
      <div class="measure-list">
        @for (instrument of instruments(); track instrument.code) {
          @let control = group().controls[instrument.code];
          @let change = changes()[instrument.code];
          @if (control) {
            <div class="measure">
              <label class="measure-name" [for]="'measure-' + instrument.code">
                {{ instrument.name }}
                <span class="measure-direction">{{ direction(instrument) }}</span>
              </label>
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="measure-input">
                <input
                  matInput
                  type="number"
                  [id]="'measure-' + instrument.code"
                  [formControl]="control"
                  [min]="instrument.min"
                  [max]="instrument.max"
                  [step]="instrument.step"
                  [attr.inputmode]="instrument.step < 1 ? 'decimal' : 'numeric'"
                  [attr.data-instrument]="instrument.code"
                />
                <mat-hint>{{ rangeHint(instrument) }}</mat-hint>
                <mat-error>{{ controlError(control) }}</mat-error>
              </mat-form-field>
              @if (change) {
                <p class="change" [attr.data-kind]="change.kind" aria-live="polite">
                  @if (change.mcidReached) {
                    <stride-icon name="check" />
                  } @else if (change.kind === 'worse') {
                    <stride-icon name="warning" />
                  }
                  <span>{{ change.text }}</span>
                </p>
              }
            </div>
          }
        }
      </div>
    </fieldset>
  `,
})
export class NoteMeasurementsComponent {
  readonly group = input.required<FormGroup<Record<string, FormControl<number | null>>>>();
  readonly instruments = input.required<readonly Instrument[]>();
  readonly changes = input.required<Record<string, ChangeSinceBaseline>>();
  /** Bumped on every form event, so server errors show on this OnPush view. */
  readonly rev = input(0);

  protected readonly controlError = controlError;

  /** "0–10", or "0–10, step 0.1". */
  protected rangeHint(instrument: Instrument): string {
    const step = instrument.step < 1 ? `, step ${instrument.step}` : '';
    return `${instrument.min}–${instrument.max}${step}`;
  }

  protected direction(instrument: Instrument): string {
    return instrument.betterDirection === 'lower' ? 'Lower is better' : 'Higher is better';
  }
}
