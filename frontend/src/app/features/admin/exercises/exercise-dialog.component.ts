import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { ExerciseView } from '@stride/api';
import { finalize, type Observable } from 'rxjs';

import { IconComponent } from '../../../shared/icon.component';
import { applyFieldErrors, serverError, toProblem } from '../../../shared/problem';
import { TARGET_LABELS, TARGETS } from '../../visit-note/note-labels';
import { httpStatus, problemSentence } from '../../../shared/problem';
import { exerciseForm, toCreateDto, toUpdateDto } from './exercise-form';
import { ExercisesApi } from '../../../core/api/exercises.api';

export interface ExerciseDialogData {
  /** The clinic exercise to edit, or null for a new one. */
  exercise: ExerciseView | null;
}

export const STALE_EXERCISE_MESSAGE =
  'Someone else saved this exercise while you were editing it, so your changes were not saved. ' +
  'The form now shows their version: make your changes again.';

/** Creates a clinic exercise or edits one (with `If-Match`); closes with the saved exercise. */
@Component({
  selector: 'stride-exercise-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>{{ editing ? 'Edit ' + original?.name : 'New exercise' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div role="alert">
          @if (error(); as error) {
            <p class="alert"><stride-icon name="warning" /> {{ error }}</p>
          }
        </div>

        <mat-form-field appearance="outline" class="wide">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" autocomplete="off" required />
          <mat-error>{{
            serverError(form.controls.name) ?? 'Enter a name (up to 120 characters).'
          }}</mat-error>
        </mat-form-field>

        <fieldset
          class="choices targets"
          formGroupName="targets"
          [class.invalid]="targetsError()"
          aria-describedby="targets-error"
        >
          <legend>Targets <span aria-hidden="true">*</span></legend>
          <div class="target-grid">
            @for (target of targets; track target) {
              <mat-checkbox [formControlName]="target">{{ targetLabels[target] }}</mat-checkbox>
            }
          </div>
        </fieldset>
        <p id="targets-error" class="field-error">{{ targetsError() }}</p>

        <mat-form-field appearance="outline" class="wide">
          <mat-label>Instructions</mat-label>
          <textarea matInput formControlName="instructions" rows="6" required></textarea>
          <mat-hint>Written for the patient: they are copied onto each prescription.</mat-hint>
          <mat-error>{{
            serverError(form.controls.instructions) ?? 'Enter the instructions (up to 4,000 characters).'
          }}</mat-error>
        </mat-form-field>

        <mat-form-field appearance="outline" class="wide">
          <mat-label>Default dosage (optional)</mat-label>
          <input matInput formControlName="defaultDosage" autocomplete="off" />
          <mat-hint>e.g. 3 × 12, 3×/week</mat-hint>
          <mat-error>{{ serverError(form.controls.defaultDosage) ?? 'Up to 200 characters.' }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button mat-flat-button type="submit" class="confirm" [disabled]="submitting()">
          <stride-icon name="save" />
          {{ submitting() ? 'Saving…' : editing ? 'Save exercise' : 'Add exercise' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrls: ['../admin.scss'],
  styles: `
    .wide {
      width: 100%;
    }
    .targets {
      margin-bottom: 0;
    }
    .target-grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
    }
    .alert {
      margin-top: 0;
    }
  `,
})
export class ExerciseDialogComponent {
  private readonly data = inject<ExerciseDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ExerciseDialogComponent, ExerciseView>>(MatDialogRef);
  private readonly api = inject(ExercisesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly original = this.data.exercise;
  protected readonly editing = this.data.exercise !== null;
  protected readonly targets = TARGETS;
  protected readonly targetLabels = TARGET_LABELS;
  protected readonly serverError = serverError;
  protected readonly form = exerciseForm(this.data.exercise);
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  /** The version the form shows (If-Match); moves on when a 412 reloads the exercise. */
  private version = this.data.exercise?.version ?? 0;

  private readonly targetsStatus = toSignal(this.form.controls.targets.statusChanges, {
    initialValue: this.form.controls.targets.status,
  });
  private readonly submitted = signal(false);
  protected readonly targetsError = computed(() =>
    this.submitted() && this.targetsStatus() === 'INVALID'
      ? (serverError(this.form.controls.targets) ?? 'Choose at least one target.')
      : null,
  );

  protected save(): void {
    if (this.submitting()) {
      return;
    }
    this.submitted.set(true);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Check the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    this.error.set(null);
    this.submitting.set(true);
    const original = this.data.exercise;
    const request: Observable<ExerciseView> = original
      ? this.api.update({ id: original.id, version: this.version }, toUpdateDto(this.form))
      : this.api.create(toCreateDto(this.form));
    request.pipe(finalize(() => this.submitting.set(false))).subscribe({
      next: (saved) => this.ref.close(saved),
      error: (error: unknown) => this.failed(error),
    });
  }

  private failed(error: unknown): void {
    const original = this.data.exercise;
    switch (httpStatus(error)) {
      case 412:
        if (original) {
          this.reload(original.id);
        }
        return;
      case 403:
        this.error.set(
          original?.global
            ? 'Exercises of the global library cannot be edited. Add your own version as a new exercise.'
            : problemSentence(error),
        );
        return;
      case 404:
        this.error.set('This exercise no longer exists. Close this form and search again.');
        return;
    }
    const problem = toProblem(error);
    const unmatched = applyFieldErrors(this.form, problem);
    if (problem?.errors?.length && unmatched.length === 0) {
      this.error.set('Check the highlighted fields.');
    } else {
      this.error.set(unmatched.length ? unmatched.map((e) => e.message).join(' ') : problemSentence(error));
    }
    this.focusFirstInvalid();
  }

  /** After a 412: the saved version replaces the form, and the admin is told. */
  private reload(id: string): void {
    this.api.get(id).subscribe({
      next: (latest) => {
        this.version = latest.version;
        this.form.reset(exerciseForm(latest).getRawValue());
        this.submitted.set(false);
        this.error.set(STALE_EXERCISE_MESSAGE);
      },
      error: (error: unknown) =>
        this.error.set(
          'Someone else saved this exercise while you were editing it, so your changes were not saved, ' +
            `and its latest version could not be loaded. ${problemSentence(error)}`,
        ),
    });
  }

  private focusFirstInvalid(): void {
    const name = Object.entries(this.form.controls).find(([, control]) => control.invalid)?.[0];
    if (!name) {
      return;
    }
    const root = this.host.nativeElement;
    const target =
      name === 'targets'
        ? root.querySelector<HTMLElement>('.targets input[type="checkbox"]')
        : root.querySelector<HTMLElement>(`[formcontrolname="${name}"]`);
    target?.focus();
  }
}
