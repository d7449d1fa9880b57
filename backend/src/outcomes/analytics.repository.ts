import { Injectable } from '@nestjs/common';
import { requestContext } from '../common/request-context.js';
import { escapeLike } from '../common/sql.js';
import { TenantRepository } from '../database/tenant-repository.js';
import { INSTRUMENTS, type InstrumentCode, type InstrumentOutcome } from '@stride/clinical';

/**
 * The hand-tuned SQL of clinic analytics. Each episode's own outcome is kept in
 * `episode_summaries` (episode-summaries.ts); these queries aggregate the summaries — counts,
 * means, medians (`percentile_cont(0.5)`: the mean of the middle two of an even count) and
 * rates — so a 30,000-episode clinic sends back a few numbers, not its visits.
 */

/** Which episodes of the caller's clinic: all of these that are given. */
export interface EpisodeScope {
  therapistId?: string;
  /** A diagnosis code prefix, matched case-insensitively. */
  diagnosis?: string;
  /** Start dates, inclusive. */
  startedBetween?: { from: string; to: string };
}

export interface MeasureSummary {
  episodes: number;
  meanBaseline: number;
  meanLatest: number;
  meanChange: number;
  mcidRate: number;
}

export interface AnalyticsTotals {
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
}

/** What the off-track rules read of an episode. */
export interface OffTrackCandidate {
  id: string;
  patientId: string;
  therapistId: string;
  status: 'active' | 'discharged' | 'cancelled';
  startDate: string;
  plannedVisits: number;
  signedVisits: number;
  lastSignedDate: string | null;
  mcidByVisit3: boolean;
}

export interface ExportedEpisode extends OffTrackCandidate {
  mrn: string;
  patientName: string;
  therapist: string;
  diagnosisCode: string;
  dischargeDate: string | null;
  outcomes: Record<InstrumentCode, InstrumentOutcome>;
}

const CODES = INSTRUMENTS.map((i) => i.code);

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Episodes (`e`) with their summary (`s`); no summary means no signed visit. */
const WITH_SUMMARY = `episodes e LEFT JOIN episode_summaries s ON s.episode_id = e.id AND s.clinic_id = e.clinic_id`;

@Injectable()
export class AnalyticsRepository extends TenantRepository {
  /** The scope as SQL over `e`, keyed by the caller's clinic. */
  private where(scope: EpisodeScope): { where: string; params: unknown[] } {
    const params: unknown[] = [requestContext.principal().clinicId];
    const where = ['e.clinic_id = $1'];
    if (scope.therapistId) {
      params.push(scope.therapistId);
      where.push(`e.therapist_id = $${params.length}`);
    }
    if (scope.diagnosis) {
      params.push(`${escapeLike(scope.diagnosis.toUpperCase())}%`);
      where.push(`e.diagnosis_code LIKE $${params.length}`);
    }
    if (scope.startedBetween) {
      params.push(scope.startedBetween.from, scope.startedBetween.to);
      where.push(`e.start_date BETWEEN $${params.length - 1} AND $${params.length}`);
    }
    return { where: where.join(' AND '), params };
  }

  /** Every figure of the analytics page but the off-track list, in one statement. */
  async totals(scope: EpisodeScope): Promise<AnalyticsTotals> {
    const { where, params } = this.where(scope);
    const counted = `status <> 'cancelled'`;
    const measureColumns = CODES.map(
      (c) => `count(*) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_n,
        avg(${c}_baseline) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_baseline,
        avg(${c}_latest) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_latest,
        avg(${c}_change) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_change,
        avg(${c}_mcid::int::float8) FILTER (WHERE ${counted} AND ${c}_change IS NOT NULL) AS ${c}_mcid`,
    ).join(',\n');
    // The chosen episodes are read once (a materialised CTE), every figure aggregated from them.
    const chosen = `SELECT e.status, e.start_date, e.discharge_date, e.therapist_id, coalesce(s.signed_visits, 0) AS n,
                           ${CODES.map((c) => `s.${c}_baseline, s.${c}_latest, s.${c}_change, s.${c}_mcid`).join(', ')},
                           s.pain_weeks, s.pain_values
                      FROM ${WITH_SUMMARY}
                     WHERE ${where}`;
    const [totals] = (await this.db.manager.query(
      `WITH f AS MATERIALIZED (${chosen})
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
      byTherapist: totals.therapists as AnalyticsTotals['byTherapist'],
      painByWeek: totals.pain_by_week as AnalyticsTotals['painByWeek'],
      visitCountDistribution: totals.distribution as AnalyticsTotals['visitCountDistribution'],
    };
  }

  /** The active episodes in scope, oldest start first, with what the off-track rules read. */
  async activeEpisodes(scope: EpisodeScope): Promise<OffTrackCandidate[]> {
    const { where, params } = this.where(scope);
    const rows = (await this.db.manager.query(
      `SELECT e.id, e.patient_id, e.therapist_id, e.status, e.start_date, e.planned_visits,
              coalesce(s.signed_visits, 0) AS signed_visits, s.last_signed_date,
              coalesce(s.mcid_by_visit_3, false) AS mcid_by_visit_3
         FROM ${WITH_SUMMARY}
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
    return rows.map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      therapistId: r.therapist_id,
      status: r.status,
      startDate: r.start_date,
      plannedVisits: r.planned_visits,
      signedVisits: r.signed_visits,
      lastSignedDate: r.last_signed_date,
      mcidByVisit3: r.mcid_by_visit_3,
    }));
  }

  /** "First Last" of these patients of the caller's clinic, by id. */
  async patientNames(ids: string[]): Promise<Map<string, string>> {
    const rows = (await this.db.manager.query(
      `SELECT id, first_name || ' ' || last_name AS name FROM patients WHERE clinic_id = $1 AND id = ANY($2::uuid[])`,
      [requestContext.principal().clinicId, ids],
    )) as { id: string; name: string }[];
    return new Map(rows.map((p) => [p.id, p.name]));
  }

  /** One row per episode in scope, oldest start first, for the CSV export. */
  async exportRows(scope: EpisodeScope): Promise<ExportedEpisode[]> {
    const { where, params } = this.where(scope);
    const rows = (await this.db.manager.query(
      `SELECT e.id, p.mrn, p.first_name || ' ' || p.last_name AS patient_name, u.full_name AS therapist,
              e.patient_id, e.therapist_id, e.diagnosis_code, e.start_date, e.status, e.discharge_date,
              e.planned_visits, coalesce(s.signed_visits, 0) AS signed_visits, s.last_signed_date,
              coalesce(s.mcid_by_visit_3, false) AS mcid_by_visit_3,
              ${CODES.map((c) => `s.${c}_baseline, s.${c}_latest, s.${c}_change, s.${c}_mcid`).join(', ')}
         FROM episodes e JOIN patients p ON p.id = e.patient_id JOIN users u ON u.id = e.therapist_id
         LEFT JOIN episode_summaries s ON s.episode_id = e.id AND s.clinic_id = e.clinic_id
        WHERE ${where}
        ORDER BY e.start_date, e.created_at, e.id`,
      params,
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as string,
      patientId: r.patient_id as string,
      therapistId: r.therapist_id as string,
      mrn: r.mrn as string,
      patientName: r.patient_name as string,
      therapist: r.therapist as string,
      diagnosisCode: r.diagnosis_code as string,
      startDate: r.start_date as string,
      status: r.status as ExportedEpisode['status'],
      dischargeDate: r.discharge_date as string | null,
      plannedVisits: r.planned_visits as number,
      signedVisits: Number(r.signed_visits),
      lastSignedDate: (r.last_signed_date as string | null) ?? null,
      mcidByVisit3: Boolean(r.mcid_by_visit_3),
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
    }));
  }
}
