import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { Router, RouterLink } from '@angular/router';
import type { EpisodeView, PatientView } from '@stride/api';
import { calendarDateIn, todayIn } from '@stride/clinical';
import { filter, firstValueFrom, forkJoin, type Observable, of, switchMap, tap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { confirmAction } from '../../../shared/confirm-dialog.component';
import { IconComponent } from '../../../shared/icon.component';
import { generalErrorMessage, httpStatus } from '../../../shared/problem';
import { confirmDeleteDraft } from '../../visit-note/delete-draft';
import { LOADING, type Loadable, loadable, valueOf } from '../../../shared/loadable';
import { ageOn, formatCalendarDate, fullName, SEX_LABELS } from '../../patients/patient-format';
import { PatientsApi } from '../../../core/api/patients.api';
import { RecentPatientsService } from '../../patients/recent-patients.service';
import { EpisodesApi } from '../../../core/api/episodes.api';
import { VisitsApi } from '../../../core/api/visits.api';
import {
  BODY_SIDE_LABELS,
  chooseEpisode,
  DISCHARGE_REASON_LABELS,
  EPISODE_STATUS_LABELS,
  formatVisitDate,
  OFF_TRACK_TEXT,
  progressDate,
  visitProgress,
  weekProgress,
} from '../chart-math';
import { EpisodeCloseComponent } from '../episode-close/episode-close.component';
import { HomeProgramCardComponent } from '../home-program/home-program-card.component';
import { NewEpisodeFormComponent } from '../new-episode/new-episode-form.component';
import { RunningLoadChartComponent } from '../running-load-chart/running-load-chart.component';
import { buildRunningLoad } from '../running-load-series';
import { buildTrend } from '../trend';
import { TrendChartComponent } from '../trend-chart/trend-chart.component';
import { VisitTimelineComponent } from '../visit-timeline/visit-timeline.component';

/**
 * Re-reads `source` for each key; when the key's id is the one already shown (a reload after a
 * change), the old answer stays on screen until the new one arrives instead of a loading state.
 */
function reloadQuietly<K extends { id: string }, T>(
  key: Observable<K>,
  read: (key: K) => Observable<T>,
): Observable<Loadable<T>> {
  let shown: string | null = null;
  return key.pipe(
    switchMap((k) =>
      loadable(read(k)).pipe(
        filter((state) => !(state.state === 'loading' && shown === k.id)),
        tap((state) => (shown = state.state === 'ready' ? k.id : null)),
      ),
    ),
  );
}

/** The patient chart: who, their episodes of care, and for the chosen episode how it is going. */
@Component({
  selector: 'stride-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EpisodeCloseComponent,
    HomeProgramCardComponent,
    IconComponent,
    MatButtonModule,
    NewEpisodeFormComponent,
    RouterLink,
    RunningLoadChartComponent,
    TrendChartComponent,
    VisitTimelineComponent,
  ],
  templateUrl: './chart.component.html',
  styleUrls: ['./chart.component.scss', '../../patients/button-icon.scss'],
})
export class ChartComponent {
  /** Route parameter. */
  readonly patientId = input.required<string>();
  /** Query parameter `?episode=`: the episode to show (default: the active one, else the newest). */
  readonly episode = input<string>();

  private readonly episodesApi = inject(EpisodesApi);
  private readonly visitsApi = inject(VisitsApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly recent = inject(RecentPatientsService);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  protected readonly user = inject(AuthService).user;

  protected readonly timeZone = computed(() => this.user()?.clinic.timezone ?? 'UTC');
  protected readonly unit = computed(() => this.user()?.clinic.distanceUnit ?? 'km');
  protected readonly today = computed(() => todayIn(this.timeZone()));
  protected readonly canChart = computed(() => this.user()?.roles.includes('therapist') ?? false);
  private readonly reloads = signal(0);
  /** Bumped after the patient changed here (archived): the header reads them again. */
  private readonly patientReloads = signal(0);
  protected readonly showNewEpisode = linkedSignal({ source: this.patientId, computation: () => false });
  /** The episode whose edit form is open, if any. */
  protected readonly editingEpisode = linkedSignal<string, string | null>({
    source: this.patientId,
    computation: () => null,
  });

  protected readonly sexLabels = SEX_LABELS;
  protected readonly sideLabels = BODY_SIDE_LABELS;
  protected readonly statusLabels = EPISODE_STATUS_LABELS;
  protected readonly dischargeLabels = DISCHARGE_REASON_LABELS;
  protected readonly offTrackText = OFF_TRACK_TEXT;
  protected readonly fullName = fullName;
  protected readonly ageOn = ageOn;
  protected readonly formatDate = formatCalendarDate;

  protected readonly patient = toSignal(
    reloadQuietly(
      toObservable(computed(() => ({ id: this.patientId(), reload: this.patientReloads() }))),
      ({ id }) => this.patientsApi.get(id),
    ).pipe(
      tap((state) => {
        if (state.state === 'ready') {
          this.recent.record(state.value);
        }
      }),
    ),
    { initialValue: LOADING },
  );

  protected readonly episodes = toSignal(
    reloadQuietly(
      toObservable(computed(() => ({ id: this.patientId(), reload: this.reloads() }))),
      ({ id }) => this.episodesApi.forPatient(id),
    ),
    { initialValue: LOADING },
  );

  protected readonly selectedId = computed(() => {
    const list = valueOf(this.episodes());
    return list ? chooseEpisode(list, this.episode()) : null;
  });

  protected readonly selected = toSignal(
    reloadQuietly(
      toObservable(computed(() => ({ id: this.selectedId() ?? '', reload: this.reloads() }))),
      ({ id }) =>
        id
          ? forkJoin({
              episode: this.episodesApi.get(id),
              visits: this.visitsApi.forEpisode(id),
              homeProgram: this.episodesApi.homeProgram(id),
            })
          : of(null),
    ),
    { initialValue: LOADING },
  );

  protected readonly activeEpisode = computed(
    () => valueOf(this.episodes())?.find((e) => e.status === 'active') ?? null,
  );

  /** The active episode's visits when it is not the one shown (for the header's "visit n of planned"). */
  private readonly otherActiveVisits = toSignal(
    toObservable(
      computed(() => {
        const active = this.activeEpisode();
        return active && active.id !== this.selectedId() ? active.id : null;
      }),
    ).pipe(switchMap((id) => (id ? loadable(this.visitsApi.forEpisode(id)) : of(null)))),
    { initialValue: null },
  );

  protected readonly activeProgress = computed(() => {
    const active = this.activeEpisode();
    if (!active) {
      return null;
    }
    const shown = valueOf(this.selected());
    const visits =
      shown?.episode.id === active.id ? shown.visits : valueOf(this.otherActiveVisits() ?? LOADING);
    const signed = visits?.filter((v) => v.status === 'signed').length;
    return {
      episode: active,
      visit: signed === undefined ? null : visitProgress(signed, active.plannedVisits),
      week: weekProgress(active.startDate, active.plannedWeeks, this.today()),
    };
  });

  /** Everything the episode panel shows, derived once per answer. */
  protected readonly view = computed(() => {
    const data = valueOf(this.selected());
    if (!data) {
      return null;
    }
    const { episode, visits, homeProgram } = data;
    const timeZone = this.timeZone();
    const signed = visits.filter((v) => v.status === 'signed');
    const lastSigned = signed.at(-1);
    const source = visits.find((v) => v.id === homeProgram.visitId);
    return {
      episode,
      visits,
      homeProgram,
      open: episode.status === 'active',
      drafts: visits.length - signed.length,
      visitProgress: visitProgress(signed.length, episode.plannedVisits),
      weekProgress: weekProgress(
        episode.startDate,
        episode.plannedWeeks,
        progressDate(episode, this.today()),
      ),
      lastSignedDate: lastSigned ? calendarDateIn(lastSigned.visitDate, timeZone) : null,
      homeProgramSource: source ? `From the visit on ${formatVisitDate(source.visitDate, timeZone)}.` : null,
      pain: buildTrend('nprs_activity', visits, episode.startDate, timeZone),
      lefs: buildTrend('lefs', visits, episode.startDate, timeZone),
      load: buildRunningLoad(visits, this.unit(), timeZone),
    };
  });

  protected episodeCreated(episode: EpisodeView): void {
    this.showNewEpisode.set(false);
    this.reloads.update((n) => n + 1);
    void this.router.navigate(['/patients', this.patientId()], { queryParams: { episode: episode.id } });
  }

  protected episodeClosed(): void {
    this.reloads.update((n) => n + 1);
  }

  protected episodeUpdated(): void {
    this.editingEpisode.set(null);
    this.reloads.update((n) => n + 1);
  }

  /** "Delete this draft?" from the timeline, then the chart without it. */
  protected async deleteDraft(visitId: string): Promise<void> {
    const draft = valueOf(this.selected())?.visits.find((v) => v.id === visitId);
    if (!draft) return;
    if (await confirmDeleteDraft(this.dialog, this.visitsApi, () => draft, 'This draft visit')) {
      this.reloads.update((n) => n + 1);
    }
  }

  /** "Archive this patient?": the record stays, read-only; refused while an episode is active. */
  protected async archive(patient: PatientView): Promise<void> {
    const archived = await confirmAction(this.dialog, {
      title: `Archive ${fullName(patient)}?`,
      body: [
        'The chart stays in Stride, read-only: no new episodes or visits, and the patient no longer appears in the patient list unless archived patients are shown.',
        'A patient with an active episode cannot be archived: discharge or cancel it first.',
      ],
      confirm: 'Archive patient',
      busy: 'Archiving…',
      run: async () => {
        try {
          await firstValueFrom(this.patientsApi.archive(patient), { defaultValue: undefined });
          return null;
        } catch (error: unknown) {
          return archiveFailure(error);
        }
      },
    });
    if (archived) {
      this.patientReloads.update((n) => n + 1);
    }
  }
}

/** Why archiving was refused, in the clinic's words. */
export function archiveFailure(error: unknown): string {
  switch (httpStatus(error)) {
    case 409:
      return 'This patient has an active episode of care. Discharge or cancel it first, then archive the patient.';
    case 412:
      return 'This patient was changed elsewhere since the chart was opened. Close this, reload the chart and try again.';
    case 403:
      return 'Archiving patients needs the therapist role.';
    default:
      return generalErrorMessage(error);
  }
}
