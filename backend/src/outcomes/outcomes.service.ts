import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { clinicTimeZone } from '../clinics/clinics.repository.js';
import { ForbiddenError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { ReadReplica } from '../database/read-replica.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { EpisodesService } from '../episodes/episodes.service.js';
import { type AnalyticsTotals, AnalyticsRepository, type EpisodeScope } from './analytics.repository.js';
import { loadEpisodeFactsOf } from './episode-summaries.js';
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

export interface OffTrackRow {
  episodeId: string;
  patientId: string;
  patientName: string;
  therapistId: string;
  reasons: OffTrackReason[];
}

export interface AnalyticsAnswer extends AnalyticsTotals {
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

/**
 * Clinic analytics (`GET /analytics`, its CSV) and one episode's outcomes. Each episode's own
 * outcome (baseline, latest, change, MCID, the week of each pain score, the off-track facts) is
 * computed in TypeScript by `summarizeEpisode` (`libs/clinical/src/episode-summary.ts`) when a
 * visit is signed and kept in `episode_summaries`; analytics.repository.ts aggregates those
 * summaries in SQL. This service holds the rules: who sees which episodes, the default dates,
 * what is off track.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: TenantDb,
    private readonly analyticsRepo: AnalyticsRepository,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesService,
    private readonly reads: ReadReplica,
  ) {}

  /** The episodes the filters choose; a therapist is limited to the episodes they treat. */
  private scope(f: AnalyticsFilters, today: string, withDates: boolean): EpisodeScope {
    const principal = requestContext.principal();
    const admin = principal.roles.includes('admin');
    if (!admin && f.therapistId && f.therapistId !== principal.userId) {
      throw new ForbiddenError('Therapists see the outcomes of the episodes they treat.');
    }
    return {
      therapistId: admin ? f.therapistId : principal.userId,
      diagnosis: f.diagnosis,
      startedBetween: withDates ? this.dates(f, today) : undefined,
    };
  }

  private dates(f: AnalyticsFilters, today: string): { from: string; to: string } {
    const to = f.to ?? today;
    const from = f.from ?? addDays(today, -365);
    if (from > to) throw ValidationProblem.field('from', 'from must not be after to');
    return { from, to };
  }

  /**
   * Read in one snapshot (of the replica when there is one: database/read-replica.ts); the audit
   * event is written after it in the request's own transaction on the primary.
   */
  async analytics(f: AnalyticsFilters): Promise<AnalyticsAnswer> {
    const m = this.db.manager;
    const { today, totals, offTrack } = await this.reads.read('analytics', async (snapshot) => {
      const today = todayIn(await clinicTimeZone(snapshot));
      const totals = await this.analyticsRepo.totals(this.scope(f, today, true));
      return { today, totals, offTrack: await this.offTrack(f, today) };
    });
    await this.audit.record(m, {
      action: 'analytics.read',
      entityType: 'clinic',
      entityId: requestContext.principal().clinicId,
      detail: {
        filters: { ...this.dates(f, today), therapistId: f.therapistId, diagnosis: f.diagnosis },
        episodes: totals.episodes.total,
      },
    });
    return { ...totals, ...offTrack };
  }

  /** Active episodes off track, whatever the date filter; oldest start first, 100 at most. */
  private async offTrack(f: AnalyticsFilters, today: string) {
    const candidates = await this.analyticsRepo.activeEpisodes(this.scope(f, today, false));
    const off = candidates
      .map((e) => ({ e, reasons: offTrackReasons(e, e, today) }))
      .filter((x) => x.reasons.length > 0);
    const shown = off.slice(0, OFF_TRACK_LIMIT);
    const names = await this.analyticsRepo.patientNames(shown.map((x) => x.e.patientId));
    return {
      offTrack: shown.map(({ e, reasons }) => ({
        episodeId: e.id,
        patientId: e.patientId,
        patientName: names.get(e.patientId) ?? '',
        therapistId: e.therapistId,
        reasons,
      })),
      offTrackTotal: off.length,
    };
  }

  /** One row per episode chosen by the filters, for the CSV export. */
  async exportRows(f: AnalyticsFilters): Promise<ExportRow[]> {
    const m = this.db.manager;
    const { today, rows } = await this.reads.read('export', async (snapshot) => {
      const today = todayIn(await clinicTimeZone(snapshot));
      return { today, rows: await this.analyticsRepo.exportRows(this.scope(f, today, true)) };
    });
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
      id: r.id,
      mrn: r.mrn,
      patientName: r.patientName,
      therapist: r.therapist,
      diagnosisCode: r.diagnosisCode,
      startDate: r.startDate,
      status: r.status,
      dischargeDate: r.dischargeDate,
      signedVisits: r.signedVisits,
      outcomes: r.outcomes,
      reasons: offTrackReasons(r, r, today),
    }));
  }

  /** `GET /episodes/:id/outcomes`: every instrument, with its series of signed values. */
  async episodeOutcomes(episodeId: string) {
    const episode = await this.episodes.find(episodeId);
    const facts = await loadEpisodeFactsOf(this.db.manager, episodeId, requestContext.principal().clinicId);
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
