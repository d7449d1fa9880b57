import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { clinicTimeZone } from '../clinics/clinic-settings.js';
import { addDays, todayIn } from '../common/dates.js';
import { ForbiddenError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { EpisodesService } from '../episodes/episodes.service.js';
import { INSTRUMENTS } from '../instruments/instruments.js';
import { type OffTrackReason, offTrackReasons } from './off-track.js';
import { loadEpisodeFacts } from './episode-summaries.js';
import {
  type ClinicOutcomes,
  clinicOutcomesOf,
  type EpisodeSummary,
  instrumentOutcome,
  type SummarizedEpisode,
  summarizeEpisode,
  weekOf,
} from './outcome-math.js';

export interface AnalyticsFilters {
  from?: string;
  to?: string;
  therapistId?: string;
  diagnosis?: string;
}

export interface OffTrackRow {
  episodeId: string;
  patientId: string;
  patientName: string;
  therapistId: string;
  reasons: OffTrackReason[];
}

export interface AnalyticsAnswer extends Omit<ClinicOutcomes, 'byTherapist'> {
  byTherapist: (ClinicOutcomes['byTherapist'][number] & { fullName: string })[];
  offTrack: OffTrackRow[];
  offTrackTotal: number;
}

interface RawSummaryRow {
  id: string;
  patient_id: string;
  first_name: string;
  last_name: string;
  mrn: string;
  therapist_id: string;
  status: SummarizedEpisode['status'];
  start_date: string;
  discharge_date: string | null;
  planned_visits: number;
  diagnosis_code: string;
  signed_visits: number | null;
  last_signed_date: string | null;
  mcid_by_visit_3: boolean | null;
  outcomes: EpisodeSummary['outcomes'] | null;
  pain_points: [number, number][] | null;
}

export interface SummaryRow extends SummarizedEpisode {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  diagnosisCode: string;
  plannedVisits: number;
}

const OFF_TRACK_LIMIT = 100;

/** `%`, `_` and `\` are wildcards in LIKE; a diagnosis prefix means the characters. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesService,
  ) {}

  /** Episodes chosen by `where`, each with its stored summary (an empty one if none yet). */
  private async summarized(where: string[], params: unknown[]): Promise<SummaryRow[]> {
    const rows = (await this.db.manager.query(
      `SELECT e.id, e.patient_id, p.first_name, p.last_name, p.mrn, e.therapist_id, e.status, e.start_date,
              e.discharge_date, e.planned_visits, e.diagnosis_code,
              s.signed_visits, s.last_signed_date, s.mcid_by_visit_3, s.outcomes, s.pain_points
         FROM episodes e JOIN patients p ON p.id = e.patient_id
         LEFT JOIN episode_summaries s ON s.episode_id = e.id
        WHERE ${where.join(' AND ')}
        ORDER BY e.start_date, e.created_at, e.id`,
      params,
    )) as RawSummaryRow[];
    return rows.map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      patientName: `${r.first_name} ${r.last_name}`,
      mrn: r.mrn,
      diagnosisCode: r.diagnosis_code,
      therapistId: r.therapist_id,
      status: r.status,
      startDate: r.start_date,
      dischargeDate: r.discharge_date,
      plannedVisits: r.planned_visits,
      summary:
        r.outcomes === null
          ? summarizeEpisode(r.start_date, [])
          : {
              signedVisits: r.signed_visits!,
              lastSignedDate: r.last_signed_date,
              mcidByVisit3: r.mcid_by_visit_3!,
              outcomes: r.outcomes,
              painPoints: r.pain_points!,
            },
    }));
  }

  /** Filters as SQL; a therapist is limited to the episodes they treat. */
  private scope(
    f: AnalyticsFilters,
    today: string,
    withDates: boolean,
  ): { where: string[]; params: unknown[] } {
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
      params.push(likePrefix(f.diagnosis.toUpperCase()));
      where.push(`e.diagnosis_code LIKE $${params.length}`);
    }
    if (withDates) {
      const { from, to } = this.dates(f, today);
      params.push(from, to);
      where.push(`e.start_date BETWEEN $${params.length - 1} AND $${params.length}`);
    }
    return { where, params };
  }

  private dates(f: AnalyticsFilters, today: string): { from: string; to: string } {
    const to = f.to ?? today;
    const from = f.from ?? addDays(today, -365);
    if (from > to) throw ValidationProblem.field('from', 'from must not be after to');
    return { from, to };
  }

  private async offTrack(f: AnalyticsFilters, today: string) {
    const { where, params } = this.scope(f, today, false);
    where.push(`e.status = 'active'`);
    const rows: OffTrackRow[] = [];
    for (const e of await this.summarized(where, params)) {
      const reasons = offTrackReasons(e, e.summary, today);
      if (reasons.length) {
        rows.push({
          episodeId: e.id,
          patientId: e.patientId,
          patientName: e.patientName,
          therapistId: e.therapistId,
          reasons,
        });
      }
    }
    return { offTrack: rows.slice(0, OFF_TRACK_LIMIT), offTrackTotal: rows.length };
  }

  async analytics(f: AnalyticsFilters): Promise<AnalyticsAnswer> {
    const timeZone = await clinicTimeZone(this.db.manager);
    const today = todayIn(timeZone);
    const { where, params } = this.scope(f, today, true);
    const facts = await this.summarized(where, params);
    const outcomes = clinicOutcomesOf(facts);
    const names = await this.therapistNames(outcomes.byTherapist.map((t) => t.therapistId));
    const offTrack = await this.offTrack(f, today);
    await this.audit.record(this.db.manager, {
      action: 'analytics.read',
      entityType: 'clinic',
      entityId: requestContext.principal().clinicId,
      detail: {
        filters: { ...this.dates(f, today), therapistId: f.therapistId, diagnosis: f.diagnosis },
        episodes: facts.length,
      },
    });
    return {
      ...outcomes,
      byTherapist: outcomes.byTherapist
        .map((t) => ({ ...t, fullName: names.get(t.therapistId) ?? '' }))
        .sort((a, b) => a.fullName.localeCompare(b.fullName) || a.therapistId.localeCompare(b.therapistId)),
      ...offTrack,
    };
  }

  private async therapistNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.db.manager.query(
      `SELECT id, full_name FROM users WHERE clinic_id = $1 AND id = ANY($2::uuid[])`,
      [requestContext.principal().clinicId, ids],
    )) as { id: string; full_name: string }[];
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  /** One row per episode chosen by the filters, for the CSV export. */
  async exportRows(
    f: AnalyticsFilters,
  ): Promise<{ episode: SummaryRow; reasons: OffTrackReason[]; therapist: string }[]> {
    const timeZone = await clinicTimeZone(this.db.manager);
    const today = todayIn(timeZone);
    const { where, params } = this.scope(f, today, true);
    const episodes = await this.summarized(where, params);
    const names = await this.therapistNames([...new Set(episodes.map((e) => e.therapistId))]);
    await this.audit.record(this.db.manager, {
      action: 'analytics.export',
      entityType: 'clinic',
      entityId: requestContext.principal().clinicId,
      detail: {
        filters: { ...this.dates(f, today), therapistId: f.therapistId, diagnosis: f.diagnosis },
        episodes: episodes.length,
      },
    });
    return episodes.map((e) => ({
      episode: e,
      therapist: names.get(e.therapistId) ?? '',
      reasons: offTrackReasons(e, e.summary, today),
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
