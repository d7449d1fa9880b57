import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  ChangeDetectorRef,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type FormArray, FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, type MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { ExerciseView } from '@stride/api';
import { catchError, debounceTime, distinctUntilChanged, forkJoin, map, of, switchMap, tap } from 'rxjs';

import { IconComponent } from '../../shared/icon.component';
import { doseFromDosage } from './dosage';
import { renderAndFocus } from './focus';
import { controlError, type ExerciseGroup, exerciseGroup, rowErrorMatcher } from './note-form';
import { targetLabel, targetsMatching } from './note-labels';
import { ExercisesApi } from '../../core/api/exercises.api';

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The prescription: carried forward from the home program and edited in place (progressing a dose
 * is one edit), plus a picker that searches the library by name or target (Alt+E).
 */
@Component({
  selector: 'stride-note-exercises',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  template: `
    <fieldset class="note-section">
      <legend><h2>Exercises</h2></legend>
      @for (row of rows().controls; track row; let i = $index) {
        @let value = row.getRawValue();
        <fieldset class="row ex-row" [formGroup]="row" [attr.data-row]="i">
          <legend class="ex-name">
            <span>{{ value.name }}</span>
            <span class="visually-hidden">, exercise {{ i + 1 }}</span>
          </legend>
          <p class="ex-meta">
            @if (value.targets.length) {
              <span>{{ targetNames(value.targets) }}</span>
            }
            @if (dosages()[value.exerciseId]; as dosage) {
              <span>Default dosage: {{ dosage }}</span>
            }
          </p>
          <div class="ex-fields">
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="narrow">
              <mat-label>Sets</mat-label>
              <input matInput type="number" inputmode="numeric" min="1" max="20" formControlName="sets" />
              <mat-error>{{ controlError(row.controls.sets) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="narrow">
              <mat-label>Reps</mat-label>
              <input
                matInput
                type="number"
                inputmode="numeric"
                min="1"
                max="500"
                formControlName="reps"
                [errorStateMatcher]="repsMatcher"
              />
              <mat-error>{{ controlError(row.controls.reps) ?? controlError(row) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="narrow">
              <mat-label>Hold (s)</mat-label>
              <input
                matInput
                type="number"
                inputmode="numeric"
                min="1"
                max="900"
                formControlName="holdSeconds"
              />
              <mat-error>{{ controlError(row.controls.holdSeconds) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="grow">
              <mat-label>Load</mat-label>
              <input matInput formControlName="load" autocomplete="off" placeholder="e.g. red band" />
              <mat-error>{{ controlError(row.controls.load) }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="narrow">
              <mat-label>Times/week</mat-label>
              <input
                matInput
                type="number"
                inputmode="numeric"
                min="1"
                max="21"
                formControlName="timesPerWeek"
              />
              <mat-error>{{ controlError(row.controls.timesPerWeek) }}</mat-error>
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
              [attr.aria-label]="'Remove ' + value.name"
              (click)="remove(i)"
            >
              <stride-icon name="delete" />
            </button>
          </div>
          @if (row.hasError('server')) {
            <p class="row-error"><stride-icon name="warning" /> {{ controlError(row) }}</p>
          }
        </fieldset>
      } @empty {
        <p class="empty">No exercises prescribed yet. Search the library below to add one.</p>
      }

      <div class="picker">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="grow">
          <mat-label>Add exercise: search by name or target</mat-label>
          <stride-icon matPrefix name="search" class="prefix-icon" />
          <input
            matInput
            type="search"
            class="exercise-search"
            autocomplete="off"
            [formControl]="search"
            [matAutocomplete]="picker"
          />
          <mat-hint>{{ searchHint() }} <kbd>Alt+E</kbd></mat-hint>
        </mat-form-field>
        <mat-autocomplete
          #picker="matAutocomplete"
          [autoActiveFirstOption]="true"
          [displayWith]="clearDisplay"
          (optionSelected)="picked($event)"
        >
          @for (exercise of results(); track exercise.id) {
            <mat-option [value]="exercise" [disabled]="prescribedIds().has(exercise.id)">
              <span class="option-name">{{ exercise.name }}</span>
              <span class="option-meta">
                {{ targetNames(exercise.targets) }} · {{ exercise.defaultDosage }}
                @if (prescribedIds().has(exercise.id)) {
                  · already prescribed
                }
              </span>
            </mat-option>
          }
        </mat-autocomplete>
      </div>
    </fieldset>
  `,
})
export class NoteExercisesComponent {
  private readonly api = inject(ExercisesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly view = inject(ChangeDetectorRef);

  readonly rows = input.required<FormArray<ExerciseGroup>>();
  /** Library id → default dosage text. */
  readonly dosages = input<Record<string, string>>({});
  readonly rev = input(0);

  protected readonly controlError = controlError;
  protected readonly repsMatcher = rowErrorMatcher('repsOrHold');
  protected readonly search = new FormControl<string | ExerciseView>('', { nonNullable: true });
  protected readonly results = signal<ExerciseView[]>([]);
  private readonly searching = signal(false);
  private readonly searched = signal('');
  private readonly searchFailed = signal(false);

  protected readonly prescribedIds = computed(() => {
    this.rev();
    return new Set(this.rows().controls.map((r) => r.controls.exerciseId.value));
  });

  protected readonly searchHint = computed(() => {
    if (this.searching()) return 'Searching…';
    if (this.searchFailed()) return 'The library could not be searched. Type again to retry.';
    const text = this.searched();
    if (text && this.results().length === 0) return `No exercise matches “${text}”.`;
    if (text) return `${this.results().length} found: arrows to choose, Enter to add.`;
    return 'Type a name (“clam”) or a target (“glute”).';
  });

  constructor() {
    this.search.valueChanges
      .pipe(
        map((value) => (typeof value === 'string' ? value.trim() : '')),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        tap(() => this.searching.set(true)),
        switchMap((text) => this.find(text).pipe(map((items) => ({ text, items })))),
        takeUntilDestroyed(),
      )
      .subscribe(({ text, items }) => {
        this.searching.set(false);
        this.searched.set(text);
        this.results.set(items);
      });
  }

  /** Name matches and target matches together, by name, without repeats. */
  private find(text: string) {
    if (!text) {
      return of([] as ExerciseView[]);
    }
    const targets = targetsMatching(text).slice(0, 3);
    return forkJoin([
      this.api.search({ q: text }),
      ...targets.map((target) => this.api.search({ target })),
    ]).pipe(
      map((lists) => {
        this.searchFailed.set(false);
        const byId = new Map<string, ExerciseView>();
        lists.flat().forEach((e) => byId.set(e.id, e));
        return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
      }),
      catchError(() => {
        this.searchFailed.set(true);
        return of([] as ExerciseView[]);
      }),
    );
  }

  protected readonly clearDisplay = () => '';

  protected targetNames(targets: readonly string[]): string {
    return targets.map(targetLabel).join(', ');
  }

  protected picked(event: MatAutocompleteSelectedEvent): void {
    const exercise = event.option.value as ExerciseView;
    this.add(exercise);
    this.search.setValue('', { emitEvent: true });
  }

  /** Adds a library exercise with a dose read from its default dosage; focuses its first empty dose field. */
  add(exercise: ExerciseView): void {
    const dose = doseFromDosage(exercise.defaultDosage);
    const rows = this.rows();
    rows.push(
      exerciseGroup({
        exerciseId: exercise.id,
        name: exercise.name,
        targets: [...exercise.targets],
        instructions: exercise.instructions,
        ...dose,
        load: '',
        notes: '',
      }),
    );
    const index = rows.length - 1;
    const field = dose.reps === null && dose.holdSeconds === null ? 'reps' : 'sets';
    renderAndFocus(
      this.view,
      this.host.nativeElement,
      `[data-row="${index}"] input[formcontrolname="${field}"]`,
    );
  }

  remove(index: number): void {
    this.rows().removeAt(index);
    const next = Math.min(index, this.rows().length - 1);
    renderAndFocus(
      this.view,
      this.host.nativeElement,
      next >= 0 ? `[data-row="${next}"] input[formcontrolname="sets"]` : 'input.exercise-search',
    );
  }

  /** Alt+E. */
  focusSearch(): void {
    this.host.nativeElement.querySelector<HTMLInputElement>('input.exercise-search')?.focus();
  }
}
