import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  ChangeDetectorRef,
  input,
} from '@angular/core';
import { type FormArray, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { isTimedCptCode } from '@stride/clinical';

import { IconComponent } from '../../shared/icon.component';
import { renderAndFocus } from './focus';
import { CPT_OPTIONS, liveBilling, nextCptCode } from './live-billing';
import type { ServiceRow } from './note-fields';
import { controlError, rowErrorMatcher, type ServiceGroup, serviceGroup } from './note-form';

/** Service lines with live 8-minute-rule units (the API's `computeBilling`); Alt+B adds one. */
@Component({
  selector: 'stride-note-services',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  template: `
    <fieldset class="note-section">
      <legend><h2>Service lines</h2></legend>
      @for (row of rows().controls; track row; let i = $index) {
        @let code = row.controls.cptCode.value;
        <fieldset class="row svc-row" [formGroup]="row" [attr.data-row]="i">
          <legend class="visually-hidden">Service line {{ i + 1 }}</legend>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="code">
            <mat-label>CPT code</mat-label>
            <mat-select formControlName="cptCode">
              @for (option of options; track option.code) {
                <mat-option [value]="option.code" [disabled]="usedElsewhere(i).has(option.code)">
                  {{ option.label }}
                </mat-option>
              }
            </mat-select>
            <mat-error>{{ controlError(row.controls.cptCode) }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="narrow">
            <mat-label>Minutes</mat-label>
            <input
              matInput
              type="number"
              inputmode="numeric"
              min="0"
              max="480"
              step="1"
              formControlName="minutes"
              [errorStateMatcher]="minutesMatcher"
            />
            <mat-hint>{{ timed(code) ? 'Required' : 'Optional' }}</mat-hint>
            <mat-error>{{ controlError(row.controls.minutes) ?? controlError(row) }}</mat-error>
          </mat-form-field>
          <p class="units">
            <span class="units-label">Units</span>
            <output [attr.data-units]="i">{{ billing().units[i] ?? '–' }}</output>
          </p>
          <button
            mat-icon-button
            type="button"
            class="remove"
            [attr.aria-label]="'Remove service line ' + (i + 1) + (code ? ' (' + code + ')' : '')"
            (click)="remove(i)"
          >
            <stride-icon name="delete" />
          </button>
        </fieldset>
      } @empty {
        <p class="empty">No services billed yet.</p>
      }
      <p class="billing-total" aria-live="polite">
        Total: {{ billing().totalTimedMinutes }} timed minutes → <strong>{{ billing().totalUnits }}</strong>
        {{ billing().totalUnits === 1 ? 'unit' : 'units' }} (8-minute rule)
      </p>
      <button mat-stroked-button type="button" class="add" (click)="add()">
        <stride-icon name="add" />
        Add service line <kbd>Alt+B</kbd>
      </button>
    </fieldset>
  `,
})
export class NoteServicesComponent {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly view = inject(ChangeDetectorRef);

  readonly rows = input.required<FormArray<ServiceGroup>>();
  /** The rows' current values (from the page's form signal), for live units. */
  readonly value = input.required<readonly ServiceRow[]>();
  readonly rev = input(0);

  protected readonly options = CPT_OPTIONS;
  protected readonly controlError = controlError;
  protected readonly minutesMatcher = rowErrorMatcher('minutesRequired');
  protected readonly billing = computed(() => liveBilling(this.value()));
  protected readonly timed = isTimedCptCode;

  protected usedElsewhere(index: number): Set<string> {
    return new Set(this.value().flatMap((row, i) => (i === index ? [] : [row.cptCode])));
  }

  /** Adds a line with the first common code not billed yet, and focuses its minutes. */
  add(): void {
    const rows = this.rows();
    rows.push(serviceGroup({ cptCode: nextCptCode(rows.getRawValue().map((r) => r.cptCode)) }));
    const index = rows.length - 1;
    renderAndFocus(
      this.view,
      this.host.nativeElement,
      `[data-row="${index}"] input[formcontrolname="minutes"]`,
    );
  }

  remove(index: number): void {
    this.rows().removeAt(index);
    const next = Math.min(index, this.rows().length - 1);
    renderAndFocus(
      this.view,
      this.host.nativeElement,
      next >= 0 ? `[data-row="${next}"] input[formcontrolname="minutes"]` : 'button.add',
    );
  }
}
