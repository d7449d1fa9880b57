import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import type { ExerciseTarget, ExerciseView, Page } from '@stride/api';
import {
  combineLatest,
  debounceTime,
  distinctUntilChanged,
  map,
  merge,
  startWith,
  Subject,
  switchMap,
} from 'rxjs';

import { IconComponent } from '../../../shared/icon.component';
import { LOADING, type Loadable, loadable } from '../../../shared/loadable';
import { problemSentence } from '../../../shared/problem';
import { TARGET_LABELS, TARGETS } from '../../visit-note/note-labels';
import { ExerciseDialogComponent, type ExerciseDialogData } from './exercise-dialog.component';
import { EXERCISE_PAGE_SIZE, type ExerciseQuery, ExercisesApi } from '../../../core/api/exercises.api';

/** How long typing pauses before the library is searched. */
export const EXERCISE_SEARCH_DEBOUNCE_MS = 250;

/** The exercise library: the global one (read-only) and the clinic's own (create, edit). */
@Component({
  selector: 'stride-exercise-library',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    ReactiveFormsModule,
  ],
  templateUrl: './exercise-library.component.html',
  styleUrls: ['../admin.scss', './exercise-library.component.scss'],
})
export class ExerciseLibraryComponent {
  private readonly api = inject(ExercisesApi);
  private readonly dialog = inject(MatDialog);

  protected readonly pageSize = EXERCISE_PAGE_SIZE;
  protected readonly targets = TARGETS;
  protected readonly targetLabels = TARGET_LABELS;
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly target = new FormControl<ExerciseTarget | ''>('', { nonNullable: true });

  protected readonly result = signal<Loadable<Page<ExerciseView>>>(LOADING);
  protected readonly shown = signal<{ query: ExerciseQuery; page: Page<ExerciseView> } | null>(null);
  protected readonly loading = computed(() => this.result().state === 'loading');
  protected readonly notice = signal<string | null>(null);

  private readonly searchNow = new Subject<void>();
  private readonly pages = new Subject<number>();
  private readonly reloads = new Subject<void>();

  constructor() {
    const q = merge(
      this.search.valueChanges.pipe(debounceTime(EXERCISE_SEARCH_DEBOUNCE_MS)),
      this.searchNow.pipe(map(() => this.search.value)),
    ).pipe(
      map((value) => value.trim()),
      startWith(''),
      distinctUntilChanged(),
    );
    const target = this.target.valueChanges.pipe(startWith(this.target.value), distinctUntilChanged());
    combineLatest([q, target])
      .pipe(
        // A new search starts on page 1; paging and reloads keep it.
        switchMap(([q, target]) =>
          merge(this.pages, this.reloads.pipe(map(() => this.shown()?.page.page ?? 1))).pipe(
            startWith(1),
            map((page): ExerciseQuery => ({ q, target, page })),
          ),
        ),
        switchMap((query) =>
          loadable(this.api.list(query), problemSentence).pipe(map((state) => ({ query, state }))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ query, state }) => {
        this.result.set(state);
        if (state.state === 'ready') {
          this.shown.set({ query, page: state.value });
        }
      });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    this.searchNow.next();
  }

  protected onPage(event: PageEvent): void {
    this.pages.next(event.pageIndex + 1);
  }

  protected reload(): void {
    this.reloads.next();
  }

  protected create(): void {
    this.open({ exercise: null }, (saved) => {
      this.notice.set(`${saved.name} was added to the clinic’s library.`);
      this.reload();
    });
  }

  protected edit(exercise: ExerciseView): void {
    if (exercise.global) {
      return; // the global library is read-only (PATCH would be 403)
    }
    this.open({ exercise }, (saved) => {
      this.notice.set(`${saved.name} was saved.`);
      this.shown.update(
        (shown) =>
          shown && {
            ...shown,
            page: {
              ...shown.page,
              items: shown.page.items.map((e) => (e.id === saved.id ? saved : e)),
            },
          },
      );
    });
  }

  protected targetList(exercise: ExerciseView): string {
    return exercise.targets.map((t) => TARGET_LABELS[t] ?? t).join(', ');
  }

  private open(data: ExerciseDialogData, saved: (exercise: ExerciseView) => void): void {
    this.notice.set(null);
    this.dialog
      .open<ExerciseDialogComponent, ExerciseDialogData, ExerciseView>(ExerciseDialogComponent, {
        data,
        width: '640px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((exercise) => {
        if (exercise) {
          saved(exercise);
        }
      });
  }
}
