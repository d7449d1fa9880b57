import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import type { ClinicUserView, Page } from '@stride/api';
import { combineLatest, distinctUntilChanged, map, startWith, Subject, switchMap, tap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { IconComponent } from '../../../shared/icon.component';
import { LOADING, type Loadable, loadable } from '../../../shared/loadable';
import { problemSentence } from '../../../shared/problem';
import { BreakableComponent } from '../breakable.component';
import { UsersApi } from '../../../core/api/users.api';
import { AUDIT_PAGE_SIZE, AuditApi } from './audit.api';
import {
  type AuditFilterKey,
  type AuditFilters,
  dateRangeError,
  FILTER_KEYS,
  filtersFromQuery,
  filtersToQuery,
  hasFilters,
  NO_FILTERS,
  sameFilters,
} from './audit-filters';
import {
  type AuditEventView,
  detailText,
  formatAuditTime,
  KNOWN_ACTIONS,
  KNOWN_ENTITY_TYPES,
  outcomeOf,
  userLabel,
} from './audit-format';

type FilterForm = FormGroup<Record<AuditFilterKey, FormControl<string>>>;

/** The audit log: filters kept in the URL query, pages of events (newest first), each explained. */
@Component({
  selector: 'stride-audit-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BreakableComponent,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './audit-log.component.html',
  styleUrls: ['../admin.scss', './audit-log.component.scss'],
})
export class AuditLogComponent {
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly api = inject(AuditApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly auth = inject(AuthService);

  protected readonly pageSize = AUDIT_PAGE_SIZE;
  protected readonly timeZone = computed(() => this.auth.user()?.clinic.timezone ?? 'UTC');
  protected readonly knownActions = KNOWN_ACTIONS;
  protected readonly knownEntityTypes = KNOWN_ENTITY_TYPES;

  protected readonly form: FilterForm = new FormGroup({
    action: new FormControl('', { nonNullable: true }),
    entityType: new FormControl('', { nonNullable: true }),
    entityId: new FormControl('', { nonNullable: true }),
    userId: new FormControl('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });

  /** The filters in the URL, which the rows shown answer. */
  protected readonly filters = signal<AuditFilters>(NO_FILTERS);
  protected readonly filtered = computed(() => hasFilters(this.filters()));
  protected readonly result = signal<Loadable<Page<AuditEventView>>>(LOADING);
  protected readonly shown = signal<Page<AuditEventView> | null>(null);
  protected readonly loading = computed(() => this.result().state === 'loading');
  protected readonly rangeError = signal<string | null>(null);

  protected readonly users = signal<ClinicUserView[]>([]);
  protected readonly usersError = signal<string | null>(null);
  protected readonly names = computed(() => new Map(this.users().map((u) => [u.id, u.fullName])));
  /** A user id in the URL that is not one of the clinic's users (it matches nothing). */
  protected readonly unknownUserId = computed(() => {
    const id = this.filters().userId;
    return id && this.users().length && !this.names().has(id) ? id : null;
  });

  private readonly retries = new Subject<void>();

  constructor() {
    inject(UsersApi)
      .listAll()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (users) => this.users.set(users),
        error: (error: unknown) =>
          this.usersError.set(`User names could not be loaded. ${problemSentence(error)}`),
      });

    const filters = this.route.queryParams.pipe(
      map((query) => filtersFromQuery(query)),
      distinctUntilChanged(sameFilters),
      tap((filters) => {
        this.filters.set(filters);
        this.rangeError.set(null);
        this.form.reset(formValue(filters));
      }),
    );
    combineLatest([filters, this.retries.pipe(startWith(undefined))])
      .pipe(
        switchMap(([filters]) => loadable(this.api.list(filters), problemSentence)),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.result.set(state);
        if (state.state === 'ready') {
          this.shown.set(state.value);
        }
      });
  }

  protected apply(): void {
    const value = this.form.getRawValue();
    const error = dateRangeError(value);
    this.rangeError.set(error);
    if (error) {
      this.host.nativeElement.querySelector<HTMLElement>('[formcontrolname="to"]')?.focus();
      return;
    }
    const next: AuditFilters = { ...NO_FILTERS, ...value, page: 1 };
    if (sameFilters(next, this.filters())) {
      this.retry(); // the same search again: fetch the newest events
    } else {
      this.navigate(filtersToQuery(next));
    }
  }

  protected clear(): void {
    this.rangeError.set(null);
    this.form.reset(formValue(NO_FILTERS));
    this.navigate({});
  }

  protected retry(): void {
    this.retries.next();
  }

  protected onPage(event: PageEvent): void {
    this.navigate(filtersToQuery({ ...this.filters(), page: event.pageIndex + 1 }));
  }

  /** The query that shows every event of one entity. */
  protected entityQuery(event: AuditEventView): Params {
    return filtersToQuery({
      ...NO_FILTERS,
      entityType: event.entityType ?? '',
      entityId: event.entityId ?? '',
    });
  }

  /** The event's time on the clinic's clock: date and time apart, so the column can stack them. */
  protected time(event: AuditEventView): { full: string; date: string; clock: string } {
    const full = formatAuditTime(event.at, this.timeZone());
    const [date = full, clock = ''] = full.split(', ');
    return { full, date, clock };
  }

  protected user(event: AuditEventView): string {
    return userLabel(event.userId, this.names());
  }

  protected pageCount(page: Page<AuditEventView>): number {
    return Math.max(1, Math.ceil(page.total / page.pageSize));
  }

  protected readonly outcomeOf = outcomeOf;
  protected readonly detailText = detailText;

  private navigate(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}

function formValue(filters: AuditFilters): Record<AuditFilterKey, string> {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, filters[key]])) as Record<AuditFilterKey, string>;
}
