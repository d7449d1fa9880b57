import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  type ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { Router, RouterLink } from '@angular/router';
import type { Page, PatientView } from '@stride/api';
import { todayIn } from '@stride/clinical';
import {
  combineLatest,
  debounceTime,
  distinctUntilChanged,
  map,
  merge,
  startWith,
  Subject,
  switchMap,
  tap,
} from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { IconComponent } from '../../../shared/icon.component';
import { LOADING, type Loadable, loadable } from '../../../shared/loadable';
import { ageOn, formatCalendarDate, SEX_LABELS, sortName } from '../patient-format';
import { PatientSearchState } from '../patient-search.state';
import { PATIENT_PAGE_SIZE, PatientsApi } from '../../../core/api/patients.api';
import { RecentPatientsComponent } from '../recent-patients/recent-patients.component';
import { RecentPatientsService } from '../recent-patients.service';

/** How long typing pauses before the list is asked for. */
export const SEARCH_DEBOUNCE_MS = 250;

interface Request {
  q: string;
  page: number;
  /** Archived patients included. */
  archived: boolean;
}

/** The patient list: search as you type (name or MRN), page through, open a chart, add a patient. */
@Component({
  selector: 'stride-patient-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    ReactiveFormsModule,
    RecentPatientsComponent,
    RouterLink,
  ],
  templateUrl: './patient-list.component.html',
  styleUrls: ['./patient-list.component.scss', '../button-icon.scss'],
})
export class PatientListComponent {
  private readonly api = inject(PatientsApi);
  private readonly router = inject(Router);
  private readonly searchState = inject(PatientSearchState);
  private readonly auth = inject(AuthService);

  protected readonly recent = inject(RecentPatientsService).patients;
  protected readonly pageSize = PATIENT_PAGE_SIZE;
  protected readonly search = new FormControl(this.searchState.q(), { nonNullable: true });
  /** "Include archived patients": archived charts are read-only, and left out unless asked for. */
  protected readonly archived = new FormControl(false, { nonNullable: true });
  protected readonly canCreate = computed(() => this.auth.user()?.roles.includes('therapist') ?? false);
  protected readonly result = signal<Loadable<Page<PatientView>>>(LOADING);
  /** The search the shown rows answer (the list stays on screen while the next one loads). */
  protected readonly shown = signal<{ request: Request; page: Page<PatientView> } | null>(null);
  protected readonly loading = computed(() => this.result().state === 'loading');
  protected readonly today = todayIn(this.auth.user()?.clinic.timezone ?? 'UTC');

  private readonly searchInput = viewChild.required<ElementRef<HTMLInputElement>>('searchInput');
  private readonly searchNow = new Subject<void>();
  private readonly pages = new Subject<number>();

  protected readonly sortName = sortName;
  protected readonly sexLabels = SEX_LABELS;
  protected readonly formatCalendarDate = formatCalendarDate;
  protected readonly ageOn = ageOn;

  constructor() {
    const initial: Request = {
      q: this.searchState.q().trim(),
      page: this.searchState.page(),
      archived: false,
    };
    const query = merge(
      this.search.valueChanges.pipe(debounceTime(SEARCH_DEBOUNCE_MS)),
      this.searchNow.pipe(map(() => this.search.value)),
    ).pipe(
      map((q) => q.trim()),
      startWith(initial.q),
      distinctUntilChanged(),
    );
    combineLatest([query, this.archived.valueChanges.pipe(startWith(initial.archived))])
      .pipe(
        // A new search starts on page 1; paging keeps the search.
        switchMap(([q, archived], index) =>
          this.pages.pipe(
            startWith(index === 0 ? initial.page : 1),
            map((page): Request => ({ q, page, archived })),
          ),
        ),
        tap((request) => this.searchState.set(request.q, request.page)),
        // switchMap: a newer search cancels the request still in flight.
        switchMap((request) =>
          loadable(this.api.list({ ...request, pageSize: PATIENT_PAGE_SIZE })).pipe(
            tap((state) => {
              if (state.state === 'ready') {
                this.shown.set({ request, page: state.value });
              }
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.result.set(state));

    // The page is for finding someone: start in the search box.
    afterNextRender(() => this.searchInput().nativeElement.focus());
  }

  protected onPage(event: PageEvent): void {
    this.pages.next(event.pageIndex + 1);
  }

  /** Enter searches at once; when the rows shown are the only match for it, it opens that chart. */
  protected submit(event: Event): void {
    event.preventDefault();
    const q = this.search.value.trim();
    const shown = this.shown();
    const only = shown?.page.total === 1 ? shown.page.items.at(0) : undefined;
    if (only && shown?.request.q === q) {
      void this.router.navigate(['/patients', only.id]);
      return;
    }
    this.searchNow.next();
  }

  protected clear(): void {
    this.search.setValue('');
    this.searchNow.next();
    this.searchInput().nativeElement.focus();
  }
}
