import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { clinicTimeZone } from '../clinics/clinic-settings.js';
import { ForbiddenError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { escapeLike } from '../common/sql.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { EpisodesService } from '../episodes/episodes.service.js';
import { loadEpisodeFacts } from './episode-summaries.js';
import {
  addDays,
  INSTRUMENTS,
  type InstrumentCode,
  instrumentOutcome,
  type InstrumentOutcome,
  type OffTrackReason,
  offTrackReasons,
  todayIn,
  weekOf,
} from '@stride/clinical';

export interface AnalyticsFilters {
  from?: string;
  to?: string;
  therapistId?: string;
  diagnosis?: string;
}

export interface MeasureSummary {
  episodes: number;
  meanBaseline: number;
  meanLatest: number;
  meanChange: number;
  mcidRate: number;
}

export interface OffTrackRow {
  episodeId: string;
  patientId: string;
  patientName: string;
  therapistId: string;
  reasons: OffTrackReason[];
}

export interface AnalyticsAnswer {
  episodes: { total: number; active: number; discharged: number; cancelled: number };
  visitsPerDischargedEpisode: { mean: number | null; median: number | null };
  weeksToDischarge: { mean: number | null; median: number | null };
  measures: Record<InstrumentCode, MeasureSummary | null>;
  byTherapist: {
    therapistId: string;
    fullName: string;
    episodes: number;
    mcidRate: number | null;
    meanVisits: number | null;
  }[];
  painByWeek: { week: number; mean: number; n: number }[];
  visitCountDistribution: { visits: number; episodes: number }[];
  offTrack: OffTrackRow[];
  offTrackTotal: number;
}

export interface ExportRow {
  id: string;
  mrn: string;
  patientName: string;
  therapist: string;
  diagnosisCode: string;
  startDate: string;
  status: string;
  dischargeDate: string | null;
  signedVisits: number;
  outcomes: Record<InstrumentCode, InstrumentOutcome>;
  reasons: OffTrackReason[];
}

const OFF_TRACK_LIMIT = 100;
const CODES = INSTRUMENTS.map((i) => i.code);

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Clinic analytics. Each episode's own outcome (baseline, latest, change, MCID, the week of each
 * pain score, the off-track facts) is computed in TypeScript by `summarizeEpisode`
 * (`libs/clinical/src/episode-summary.ts`, on `outcome-math.ts`) when a visit is signed and kept in `episode_summaries`; this service aggregates those
 * summaries in SQL — counts, means, medians (`percentile_cont(0.5)`: the mean of the middle two
 * of an even count) and rates — so a 30,000-episode clinic sends back a few numbers, not its
 * visits.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesService,
  ) {}

  /** Filters as SQL over `e` (episodes); a therapist is limited to the episodes they treat. */
  private scope(
    f: AnalyticsFilters,
    today: string,
    withDates: boolean,
  ): { where: string; params: unknown[] } {
    const principal = requestContext.principal();
    const params: unknown[] = [principal.clinicId];
    const where = ['e.clinic_id = $1'];
    const admin = principal.roles.includes('admin');
    if (!admin && f.therapistId && f.therapistId !== principal.userId) {
      throw new ForbiddenError('Therapists see the outcomes of the episodes they treat.');
    }
    const therapistId = admin ? f.therapistId : principal.userId;
    if (therapistId) {
      params.push(therapistId);
      where.push(`e.therapist_id = $${params.length}`);
    }
    if (f.diagnosis) {
      params.push(`${escapeLike(f.diagnosis.toUpperCase())}%`);
      where.push(`e.diagnosis_code LIKE $${params.length}`);
    }
    if (withDates) {
      const { from, to } = this.dates(f, today);
      params.push(from, to);
      where.push(`e.start_date BETWEEN $${params.length - 1} AND $${params.length}`);
    }
    return { where: where.join(' AND '), params };
  }

  private dates(f: AnalyticsFilters, today: string): { from: string; to: string } {
    const to = f.to ?? today;
    const from = f.from ?? addDays(today, -365);
    if (from > to) throw ValidationProblem.field('from', 'from must not be after to');
    return { from, to };
  }

  /** The chosen episodes with the summary columns analytics read (no summary: no signed visits). */
  private chosen(where: string): string {
    return `SELECT e.status, e.start_date, e.discharge_date, e.therapist_id, coalesce(s.signed_visits, 0) AS n,
                   ${CODES.map((c) => `s.${c}_baseline, s.${c}_latest, s.${c}_change, s.${c}_mcid`).join(', ')},
                   s.pain_weeks, s.pain_values
              FROM episodes e
              LEFT JOIN episode_summaries s ON s.episode_id = e.id AND s.clinic_id = e.clinic_id
             WHERE ${where}`;
  }

  async analytics(f: AnalyticsFilters): Promise<AnalyticsAnswer> {
    const m = this.db.manager;
    const timeZone = await clinicTimeZone(m);
    const today = todayIn(timeZone);
    const { where, params } = this.scope(f, today, true);
    const counted = `status <> 'cancelled'`;
    const measureColumns = CODES.map(
      (c) => `count(*) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_n,
        avg(${c}_baseline) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_baseline,
        avg(${c}_latest) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_latest,
        avg(${c}_change) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_change,
        avg(${c}_mcid::int::float8) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_mcid`,
    ).join(',\n');
    // One statement: the chosen episodes are read once (a materialised CTE), every figure
    // aggregated from them.
    const [totals] = (await m.query(
      `WITH f AS MATERIALIZED (${this.chosen(where)})
       SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'active')::int AS active,
              count(*) FILTER (WHERE status = 'discharged')::int AS discharged,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              avg(n::float8) FILTER (WHERE status = 'discharged') AS visits_mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FILTER (WHERE status = 'discharged') AS visits_median,
              avg((discharge_date - start_date)::float8 / 7) FILTER (WHERE status = 'discharged') AS weeks_mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY (discharge_date - start_date)::float8 / 7)
                FILTER (WHERE status = 'discharged') AS weeks_median,
              ${measureColumns},
              (SELECT coalesce(json_agg(json_build_object('week', week, 'mean', mean, 'n', n) ORDER BY week), '[]')
                 FROM (SELECT u.week, avg(u.value) AS mean, count(*)::int AS n
                         FROM f, unnest(f.pain_weeks, f.pain_values) AS u(week, value)
                        WHERE f.status <> 'cancelled' GROUP BY u.week) w) AS pain_by_week,
              (SELECT coalesce(json_agg(json_build_object('visits', n, 'episodes', c) ORDER BY n), '[]')
                 FROM (SELECT n, count(*)::int AS c FROM f WHERE status = 'discharged' GROUP BY n) d) AS distribution,
              (SELECT coalesce(json_agg(json_build_object('therapistId', t.therapist_id, 'fullName', u.full_name,
                        'episodes', t.episodes, 'mcidRate', t.mcid_rate, 'meanVisits', t.mean_visits)
                        ORDER BY u.full_name, t.therapist_id), '[]')
                 FROM (SELECT therapist_id, count(*)::int AS episodes,
                              avg(nprs_activity_mcid::int::float8) FILTER (WHERE nprs_activity_change IS NOT NULL)
                                AS mcid_rate,
                              avg(n::float8) FILTER (WHERE status = 'discharged') AS mean_visits
                         FROM f WHERE status <> 'cancelled' GROUP BY therapist_id) t
                 JOIN users u ON u.id = t.therapist_id) AS therapists
         FROM f`,
      params,
    )) as Record<string, unknown>[];
    const painByWeek = totals.pain_by_week as { week: number; mean: number; n: number }[];
    const distribution = totals.distribution as { visits: number; episodes: number }[];
    const therapists = totals.therapists as AnalyticsAnswer['byTherapist'];
    const offTrack = await this.offTrack(f, today);

    await this.audit.record(m, {
      action: 'analytics.read',
      entityType: 'clinic',
      entityId: requestContext.principal().clinicId,
      detail: {
        filters: { ...this.dates(f, today), therapistId: f.therapistId, diagnosis: f.diagnosis },
        episodes: totals.total,
      },
    });
    return {
      episodes: {
        total: totals.total as number,
        active: totals.active as number,
        discharged: totals.discharged as number,
        cancelled: totals.cancelled as number,
      },
      visitsPerDischargedEpisode: { mean: num(totals.visits_mean), median: num(totals.visits_median) },
      weeksToDischarge: { mean: num(totals.weeks_mean), median: num(totals.weeks_median) },
      measures: Object.fromEntries(
        CODES.map((c) => [
          c,
          Number(totals[`${c}_n`]) === 0
            ? null
            : {
                episodes: Number(totals[`${c}_n`]),
                meanBaseline: Number(totals[`${c}_baseline`]),
                meanLatest: Number(totals[`${c}_latest`]),
                meanChange: Number(totals[`${c}_change`]),
                mcidRate: Number(totals[`${c}_mcid`]),
              },
        ]),
      ) as Record<InstrumentCode, MeasureSummary | null>,
      byTherapist: therapists,
      painByWeek,
      visitCountDistribution: distribution,
      ...offTrack,
    };
  }

  /** Active episodes off track, whatever the date filter; oldest start first, 100 at most. */
  private async offTrack(f: AnalyticsFilters, today: string) {
    const { where, params } = this.scope(f, today, false);
    const rows = (await this.db.manager.query(
      `SELECT e.id, e.patient_id, e.therapist_id, e.status, e.start_date, e.planned_visits,
              coalesce(s.signed_visits, 0) AS signed_visits, s.last_signed_date,
              coalesce(s.mcid_by_visit_3, false) AS mcid_by_visit_3
         FROM episodes e LEFT JOIN episode_summaries s ON s.episode_id = e.id AND s.clinic_id = e.clinic_id
        WHERE ${where} AND e.status = 'active'
        ORDER BY e.start_date, e.created_at, e.id`,
      params,
    )) as {
      id: string;
      patient_id: string;
      therapist_id: string;
      status: 'active';
      start_date: string;
      planned_visits: number;
      signed_visits: number;
      last_signed_date: string | null;
      mcid_by_visit_3: boolean;
    }[];
    const off = rows
      .map((r) => ({
        r,
        reasons: offTrackReasons(
          { status: r.status, startDate: r.start_date, plannedVisits: r.planned_visits },
          {
            signedVisits: r.signed_visits,
            lastSignedDate: r.last_signed_date,
            mcidByVisit3: r.mcid_by_visit_3,
          },
          today,
        ),
      }))
      .filter((x) => x.reasons.length > 0);
    const shown = off.slice(0, OFF_TRACK_LIMIT);
    const names = new Map(
      (
        (await this.db.manager.query(
          `SELECT id, first_name || ' ' || last_name AS name FROM patients WHERE clinic_id = $1 AND id = ANY($2::uuid[])`,
          [requestContext.principal().clinicId, shown.map((x) => x.r.patient_id)],
        )) as { id: string; name: string }[]
      ).map((p) => [p.id, p.name]),
    );
    return {
      offTrack: shown.map(({ r, reasons }) => ({
        episodeId: r.id,
        patientId: r.patient_id,
        patientName: names.get(r.patient_id) ?? '',
        therapistId: r.therapist_id,
        reasons,
      })),
      offTrackTotal: off.length,
    };
  }

  /** One row per episode chosen by the filters, for the CSV export. */
  async exportRows(f: AnalyticsFilters): Promise<ExportRow[]> {
    const m = this.db.manager;
    const timeZone = await clinicTimeZone(m);
    const today = todayIn(timeZone);
    const { where, params } = this.scope(f, today, true);
    const rows = (await m.query(
      `SELECT e.id, p.mrn, p.first_name || ' ' || p.last_name AS patient_name, u.full_name AS therapist,
              e.diagnosis_code, e.start_date, e.status, e.discharge_date, e.planned_visits,
              coalesce(s.signed_visits, 0) AS signed_visits, s.last_signed_date,
              coalesce(s.mcid_by_visit_3, false) AS mcid_by_visit_3, s.*
         FROM episodes e JOIN patients p ON p.id = e.patient_id JOIN users u ON u.id = e.therapist_id
         LEFT JOIN episode_summaries s ON s.episode_id = e.id AND s.clinic_id = e.clinic_id
        WHERE ${where}
        ORDER BY e.start_date, e.created_at, e.id`,
      params,
    )) as Record<string, unknown>[];
    await this.audit.record(m, {
      action: 'analytics.export',
      entityType: 'clinic',
      entityId: requestContext.principal().clinicId,
      detail: {
        filters: { ...this.dates(f, today), therapistId: f.therapistId, diagnosis: f.diagnosis },
        episodes: rows.length,
      },
    });
    return rows.map((r) => ({
      id: r.id as string,
      mrn: r.mrn as string,
      patientName: r.patient_name as string,
      therapist: r.therapist as string,
      diagnosisCode: r.diagnosis_code as string,
      startDate: r.start_date as string,
      status: r.status as string,
      dischargeDate: r.discharge_date as string | null,
      signedVisits: Number(r.signed_visits),
      outcomes: Object.fromEntries(
        CODES.map((c) => [
          c,
          {
            baseline: num(r[`${c}_baseline`]),
            latest: num(r[`${c}_latest`]),
            change: num(r[`${c}_change`]),
            mcidReached: (r[`${c}_mcid`] as boolean | null) ?? null,
          },
        ]),
      ) as Record<InstrumentCode, InstrumentOutcome>,
      reasons: offTrackReasons(
        {
          status: r.status as 'active' | 'discharged' | 'cancelled',
          startDate: r.start_date as string,
          plannedVisits: r.planned_visits as number,
        },
        {
          signedVisits: Number(r.signed_visits),
          lastSignedDate: (r.last_signed_date as string | null) ?? null,
          mcidByVisit3: Boolean(r.mcid_by_visit_3),
        },
        today,
      ),
    }));
  }

  /** `GET /episodes/:id/outcomes`: every instrument, with its series of signed values. */
  async episodeOutcomes(episodeId: string) {
    const episode = await this.episodes.find(episodeId);
    const [facts] = await loadEpisodeFacts(this.db.manager, 'e.id = $1 AND e.clinic_id = $2', [
      episodeId,
      requestContext.principal().clinicId,
    ]);
    await this.audit.record(this.db.manager, {
      action: 'episode.outcomes.read',
      entityType: 'episode',
      entityId: episodeId,
    });
    const measures = Object.fromEntries(
      INSTRUMENTS.map((instrument) => [
        instrument.code,
        {
          ...instrumentOutcome(instrument, facts.visits),
          series: facts.visits
            .filter((v) => v.values[instrument.code] !== undefined)
            .map((v) => ({
              visitId: v.id,
              visitDate: v.visitDate,
              week: weekOf(episode.startDate, v.date),
              value: v.values[instrument.code]!,
            })),
        },
      ]),
    );
    return { episodeId, measures };
  }
}
