import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  type ValidationErrors,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { isCalendarDate, todayIn } from '@stride/clinical';
import { debounceTime, map, of, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { IconComponent } from '../../../shared/icon.component';
import { OFF_TRACK_TEXT } from '../../chart/chart-math';
import { LOADING, type Loadable, loadable } from '../../../shared/loadable';
import { formatCalendarDate } from '../../patients/patient-format';
import { PainByWeekComponent } from '../charts/pain-by-week.component';
import { TherapistMcidComponent } from '../charts/therapist-mcid.component';
import { VisitHistogramComponent } from '../charts/visit-histogram.component';
import { type TherapistOption, UsersApi } from '../../../core/api/users.api';
import { AnalyticsApi, blobErrorMessage, csvFileName, saveBlob } from '../analytics.api';
import { buildCharts } from '../dashboard-charts';
import {
  activePreset,
  filtersFromParams,
  filtersProblem,
  isDiagnosisPrefix,
  normalizeDiagnosis,
  paramsFromFilters,
  type Preset,
  presetPeriod,
  PRESETS,
  sameFilters,
} from '../dashboard-filters';
import { datePattern } from '../../../shared/field-messages';
import { buildKpis, therapistNames } from '../dashboard-format';
import type { AnalyticsView as OutcomesAnalytics, OutcomesFilters } from '@stride/api';

/** How long the filters wait for typing (a date, a diagnosis prefix) to pause before applying. */
export const FILTER_DEBOUNCE_MS = 400;

function calendarDate(control: AbstractControl<string>): ValidationErrors | null {
  return isCalendarDate(control.value) ? null : { date: true };
}

function diagnosisPrefix(control: AbstractControl<string>): ValidationErrors | null {
  const value = normalizeDiagnosis(control.value);
  return value === null || isDiagnosisPrefix(value) ? null : { diagnosis: true };
}

interface FilterForm {
  from: FormControl<string>;
  to: FormControl<string>;
  /** '' = all therapists. */
  therapistId: FormControl<string>;
  diagnosis: FormControl<string>;
}

function period(group: AbstractControl): ValidationErrors | null {
  const { from, to } = (group as FormGroup<FilterForm>).getRawValue();
  return isCalendarDate(from) && isCalendarDate(to) && from > to ? { period: true } : null;
}

/**
 * The outcomes dashboard (`GET /analytics/outcomes`, the API's `outcomes` module): filters kept in the URL, KPI cards, pain by week against the
 * expected course, MCID rate by therapist, the visits histogram, off-track episodes, CSV export.
 * Admins see the clinic; a therapist sees the episodes they treat (the API limits the answer).
 */
@Component({
  selector: 'stride-outcomes-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    PainByWeekComponent,
    ReactiveFormsModule,
    RouterLink,
    TherapistMcidComponent,
    VisitHistogramComponent,
  ],
  templateUrl: './outcomes-page.component.html',
  styleUrls: ['./outcomes-page.component.scss', '../../patients/button-icon.scss'],
})
export class OutcomesPageComponent {
  /** Query parameters (router component input binding). */
  readonly from = input<string>();
  readonly to = input<string>();
  readonly therapistId = input<string>();
  readonly diagnosis = input<string>();

  private readonly api = inject(AnalyticsApi);
  private readonly users = inject(UsersApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly user = inject(AuthService).user;
  protected readonly datePattern = datePattern();

  protected readonly isAdmin = computed(() => this.user()?.roles.includes('admin') ?? false);
  protected readonly today = computed(() => todayIn(this.user()?.clinic.timezone ?? 'UTC'));

  /** What the URL asks for (defaults filled in); a new value only when a filter really changes. */
  protected readonly filters = computed(
    () =>
      filtersFromParams(
        { from: this.from(), to: this.to(), therapistId: this.therapistId(), diagnosis: this.diagnosis() },
        { today: this.today(), canFilterTherapist: this.isAdmin() },
      ),
    { equal: sameFilters },
  );

  /** The answer for the filters; null while they cannot be asked for (start after end). */
  private readonly result = toSignal(
    toObservable(this.filters).pipe(
      switchMap((filters) => (filtersProblem(filters) ? of(null) : loadable(this.api.outcomes(filters)))),
    ),
    { initialValue: LOADING },
  );
  protected readonly loading = computed(() => this.result()?.state === 'loading');
  protected readonly errorMessage = computed(() => {
    const result = this.result();
    return result?.state === 'error' ? result.message : null;
  });
  /** The answer on screen: while the next one loads, the previous one stays (dimmed). */
  protected readonly answer = linkedSignal<Loadable<OutcomesAnalytics> | null, OutcomesAnalytics | null>({
    source: this.result,
    computation: (result, previous) => {
      if (result?.state === 'ready') {
        return result.value;
      }
      return result?.state === 'loading' ? (previous?.value ?? null) : null;
    },
  });
  protected readonly empty = computed(() => this.answer()?.episodes.total === 0);
  protected readonly kpis = computed(() => {
    const answer = this.answer();
    return answer ? buildKpis(answer) : [];
  });
  protected readonly charts = computed(() => {
    const answer = this.answer();
    return answer ? buildCharts(answer) : null;
  });

  /** Admins filter by therapist; the list comes from `GET /users` (therapists cannot call it). */
  protected readonly therapistList = toSignal(
    this.isAdmin() ? loadable(this.users.therapists()) : of<Loadable<TherapistOption[]>>(LOADING),
    { initialValue: LOADING },
  );
  private readonly knownTherapists = computed(() => {
    const list = this.therapistList();
    return list.state === 'ready' ? list.value : [];
  });
  protected readonly names = computed(() => {
    const me = this.user();
    return therapistNames(
      this.answer(),
      this.knownTherapists(),
      me ? { id: me.id, fullName: me.fullName } : null,
    );
  });
  /** The select's options: the clinic's therapists, plus the one in the URL if the list lacks them. */
  protected readonly therapistOptions = computed(() => {
    const list: TherapistOption[] = [...this.knownTherapists()];
    const selected = this.filters().therapistId;
    if (selected && !list.some((t) => t.id === selected)) {
      list.push({ id: selected, fullName: this.names().get(selected) ?? 'Selected therapist', active: true });
    }
    return list;
  });

  protected readonly presets = PRESETS;
  protected readonly activePreset = computed(() => activePreset(this.filters(), this.today()));
  protected readonly periodText = computed(() => {
    const { from, to } = this.filters();
    return `${formatCalendarDate(from)} – ${formatCalendarDate(to)}`;
  });
  protected readonly filterText = computed(() => {
    const { therapistId, diagnosis } = this.filters();
    const parts = [
      therapistId ? (this.names().get(therapistId) ?? 'one therapist') : null,
      diagnosis ? `diagnosis ${diagnosis}…` : null,
    ].filter((p): p is string => p !== null);
    return parts.length ? ` (${parts.join(', ')})` : '';
  });
  protected readonly reasonText = OFF_TRACK_TEXT;

  protected readonly form = new FormGroup<FilterForm>(
    {
      from: new FormControl('', { nonNullable: true, validators: calendarDate }),
      to: new FormControl('', { nonNullable: true, validators: calendarDate }),
      therapistId: new FormControl('', { nonNullable: true }),
      diagnosis: new FormControl('', { nonNullable: true, validators: diagnosisPrefix }),
    },
    { validators: period },
  );
  /** The form's value as a signal (the template reads it; reactive forms alone would not redraw). */
  private readonly formValue = signal(this.form.getRawValue());
  protected readonly periodError = computed(() => {
    const { from, to } = this.formValue();
    return isCalendarDate(from) && isCalendarDate(to) && from > to;
  });

  /** The filters this page last wrote to the URL: when the URL comes back with them, the form is left alone. */
  private lastWritten: OutcomesFilters | null = null;

  protected readonly downloading = signal(false);
  protected readonly downloadError = signal<string | null>(null);
  protected readonly downloadStatus = signal('');

  constructor() {
    // URL → form (first load, a link, back and forward), unless the URL holds what the form wrote.
    effect(() => {
      const filters = this.filters();
      untracked(() => {
        if (!this.lastWritten || !sameFilters(filters, this.lastWritten)) {
          this.setForm(filters);
        }
      });
    });

    // Form → URL, once typing pauses.
    this.form.valueChanges
      .pipe(
        map(() => this.form.getRawValue()),
        startWith(this.form.getRawValue()),
        takeUntilDestroyed(),
      )
      .subscribe((value) => this.formValue.set(value));
    this.form.valueChanges
      .pipe(debounceTime(FILTER_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.apply());
  }

  /** Applies the form at once (Enter in a field). */
  protected submit(event: Event): void {
    event.preventDefault();
    this.apply();
  }

  protected choosePreset(preset: Preset): void {
    this.form.patchValue(presetPeriod(preset, this.today()), { emitEvent: false });
    this.formValue.set(this.form.getRawValue());
    this.apply();
  }

  protected download(): void {
    const filters = this.filters();
    if (this.downloading() || filtersProblem(filters)) {
      return;
    }
    this.downloading.set(true);
    this.downloadError.set(null);
    this.downloadStatus.set('Preparing the CSV…');
    this.api
      .csv(filters)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (blob) => {
          const name = csvFileName(filters);
          saveBlob(blob, name);
          this.downloading.set(false);
          this.downloadStatus.set(`Downloaded ${name}.`);
        },
        error: (error: unknown) => {
          void blobErrorMessage(error).then((message) => {
            this.downloading.set(false);
            this.downloadStatus.set('');
            this.downloadError.set(`The CSV could not be downloaded. ${message}`);
          });
        },
      });
  }

  protected therapistName(id: string): string {
    return this.names().get(id) ?? 'Unknown therapist';
  }

  private apply(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const next: OutcomesFilters = {
      from: value.from,
      to: value.to,
      therapistId: this.isAdmin() && value.therapistId ? value.therapistId : null,
      diagnosis: normalizeDiagnosis(value.diagnosis),
    };
    if (sameFilters(next, this.filters()) && this.from() !== undefined && this.to() !== undefined) {
      return;
    }
    this.lastWritten = next;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: paramsFromFilters(next),
      replaceUrl: true,
    });
  }

  private setForm(filters: OutcomesFilters): void {
    this.form.setValue(
      {
        from: filters.from,
        to: filters.to,
        therapistId: filters.therapistId ?? '',
        diagnosis: filters.diagnosis ?? '',
      },
      { emitEvent: false },
    );
    this.formValue.set(this.form.getRawValue());
  }
}
