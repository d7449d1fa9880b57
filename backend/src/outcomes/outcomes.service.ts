import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { clinicTimeZone } from '../clinics/clinic-settings.js';
import { addDays, todayIn } from '../common/dates.js';
import { ForbiddenError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { EpisodesService } from '../episodes/episodes.service.js';
import { INSTRUMENTS, type InstrumentCode } from '../instruments/instruments.js';
import { type OffTrackReason, offTrackReasons } from './off-track.js';
import {
  type ClinicOutcomes,
  clinicOutcomes,
  type EpisodeFacts,
  instrumentOutcome,
  weekOf,
} from './outcome-math.js';

export interface AnalyticsFilters {
  from?: string;
  to?: string;
  therapistId?: string;
  diagnosis?: string;
}

export interface EpisodeRowFacts extends EpisodeFacts {
  patientId: string;
  patientName: string;
  mrn: string;
  diagnosisCode: string;
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

interface FactRow {
  id: string;
  patient_id: string;
  first_name: string;
  last_name: string;
  mrn: string;
  therapist_id: string;
  status: EpisodeFacts['status'];
  start_date: string;
  discharge_date: string | null;
  planned_visits: number;
  diagnosis_code: string;
  visits:
    { id: string; date: string; at: string; m: { instrument: InstrumentCode; value: number }[] }[] | null;
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

  /**
   * Episodes with their signed visits (in visit order, dates in the clinic's time zone), one
   * row each: the input every outcome definition computes from.
   */
  private async facts(where: string[], params: unknown[], timeZone: string): Promise<EpisodeRowFacts[]> {
    params.push(timeZone);
    const tz = `$${params.length}`;
    const rows = (await this.db.manager.query(
      `SELECT e.id, e.patient_id, p.first_name, p.last_name, p.mrn, e.therapist_id, e.status, e.start_date,
              e.discharge_date, e.planned_visits, e.diagnosis_code,
              (SELECT json_agg(json_build_object(
                        'id', v.id,
                        'date', (v.visit_date AT TIME ZONE ${tz})::date,
                        'at', v.visit_date,
                        'm', v.measurements)
                      ORDER BY v.visit_date, v.created_at, v.id)
                 FROM visits v WHERE v.episode_id = e.id AND v.status = 'signed') AS visits
         FROM episodes e JOIN patients p ON p.id = e.patient_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.start_date, e.created_at, e.id`,
      params,
    )) as FactRow[];
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
      visits: (r.visits ?? []).map((v) => ({
        id: v.id,
        date: v.date,
        visitDate: new Date(v.at).toISOString(),
        values: Object.fromEntries(v.m.map((m) => [m.instrument, m.value])),
      })),
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

  private async offTrack(f: AnalyticsFilters, today: string, timeZone: string) {
    const { where, params } = this.scope(f, today, false);
    where.push(`e.status = 'active'`);
    const active = await this.facts(where, params, timeZone);
    const rows: OffTrackRow[] = [];
    for (const e of active) {
      const reasons = offTrackReasons(
        e,
        e.visits.map((v) => ({ date: v.date, nprsActivity: v.values.nprs_activity ?? null })),
        today,
      );
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
    const facts = await this.facts(where, params, timeZone);
    const outcomes = clinicOutcomes(facts);
    const names = await this.therapistNames(outcomes.byTherapist.map((t) => t.therapistId));
    const offTrack = await this.offTrack(f, today, timeZone);
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
  ): Promise<{ facts: EpisodeRowFacts; reasons: OffTrackReason[]; therapist: string }[]> {
    const timeZone = await clinicTimeZone(this.db.manager);
    const today = todayIn(timeZone);
    const { where, params } = this.scope(f, today, true);
    const facts = await this.facts(where, params, timeZone);
    const names = await this.therapistNames([...new Set(facts.map((e) => e.therapistId))]);
    await this.audit.record(this.db.manager, {
      action: 'analytics.export',
      entityType: 'clinic',
      entityId: requestContext.principal().clinicId,
      detail: {
        filters: { ...this.dates(f, today), therapistId: f.therapistId, diagnosis: f.diagnosis },
        episodes: facts.length,
      },
    });
    return facts.map((e) => ({
      facts: e,
      therapist: names.get(e.therapistId) ?? '',
      reasons: offTrackReasons(
        e,
        e.visits.map((v) => ({ date: v.date, nprsActivity: v.values.nprs_activity ?? null })),
        today,
      ),
    }));
  }

  /** `GET /episodes/:id/outcomes`: every instrument, with its series of signed values. */
  async episodeOutcomes(episodeId: string) {
    const episode = await this.episodes.find(episodeId);
    const timeZone = await clinicTimeZone(this.db.manager);
    const [facts] = await this.facts(
      ['e.id = $1', 'e.clinic_id = $2'],
      [episodeId, requestContext.principal().clinicId],
      timeZone,
    );
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
