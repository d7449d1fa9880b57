import {
  ChangeDetectionStrategy,
  Component,
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

import { IconComponent } from '../../shared/icon.component';
import { renderAndFocus } from './focus';
import { controlError, type ManualTherapyGroup, manualTherapyGroup } from './note-form';
import { TECHNIQUE_LABELS, TECHNIQUES } from './note-labels';

/** Manual-therapy rows: technique, region, minutes, notes; add (Alt+M) and remove. */
@Component({
  selector: 'stride-note-manual-therapy',
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
      <legend><h2>Manual therapy</h2></legend>
      @for (row of rows().controls; track row; let i = $index) {
        <fieldset class="row mt-row" [formGroup]="row" [attr.data-row]="i">
          <legend class="visually-hidden">Manual therapy {{ i + 1 }}</legend>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="technique">
            <mat-label>Technique</mat-label>
            <mat-select formControlName="technique">
              @for (t of techniques; track t) {
                <mat-option [value]="t">{{ labels[t] }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ controlError(row.controls.technique) }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="grow">
            <mat-label>Region</mat-label>
            <input matInput formControlName="region" autocomplete="off" maxlength="200" />
            <mat-error>{{ controlError(row.controls.region) }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="narrow">
            <mat-label>Minutes</mat-label>
            <input
              matInput
              type="number"
              inputmode="numeric"
              min="1"
              max="120"
              step="1"
              formControlName="minutes"
            />
            <mat-error>{{ controlError(row.controls.minutes) }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="grow">
            <mat-label>Notes</mat-label>
            <input matInput formControlName="notes" autocomplete="off" />
            <mat-error>{{ controlError(row.controls.notes) }}</mat-error>
          </mat-form-field>
          <button
            mat-icon-button
            type="button"
            class="remove"
            [attr.aria-label]="'Remove manual therapy ' + (i + 1)"
            (click)="remove(i)"
          >
            <stride-icon name="delete" />
          </button>
        </fieldset>
      } @empty {
        <p class="empty">No manual therapy recorded for this visit.</p>
      }
      <button mat-stroked-button type="button" class="add" (click)="add()">
        <stride-icon name="add" />
        Add manual therapy <kbd>Alt+M</kbd>
      </button>
    </fieldset>
  `,
})
export class NoteManualTherapyComponent {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly view = inject(ChangeDetectorRef);
  readonly rows = input.required<FormArray<ManualTherapyGroup>>();
  readonly rev = input(0);

  protected readonly techniques = TECHNIQUES;
  protected readonly labels = TECHNIQUE_LABELS;
  protected readonly controlError = controlError;

  /** Adds a row (the previous row's technique, for speed) and focuses its region. */
  add(): void {
    const rows = this.rows();
    const last = rows.at(rows.length - 1) as ManualTherapyGroup | undefined;
    rows.push(manualTherapyGroup({ technique: last?.controls.technique.value }));
    const index = rows.length - 1;
    this.focus(`[data-row="${index}"] input[formcontrolname="region"]`);
  }

  remove(index: number): void {
    this.rows().removeAt(index);
    const next = Math.min(index, this.rows().length - 1);
    this.focus(next >= 0 ? `[data-row="${next}"] input[formcontrolname="region"]` : 'button.add');
  }

  private focus(selector: string): void {
    renderAndFocus(this.view, this.host.nativeElement, selector);
  }
}
