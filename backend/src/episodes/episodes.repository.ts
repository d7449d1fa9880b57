import { Injectable } from '@nestjs/common';
import { countRows, type Page, windowTotal } from '../common/pagination.js';
import { TenantRepository } from '../database/tenant-repository.js';
import { columnValues, type IfMatch, versionedUpdate } from '../database/versioned-update.js';
import type {
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodeView,
  UpdateEpisodeDto,
} from './dto/episode.dto.js';

/** An episodes row as this repository reads it. */
interface EpisodeRow {
  id: string;
  patient_id: string;
  therapist_id: string;
  diagnosis_code: string;
  diagnosis_label: string;
  body_side: EpisodeView['bodySide'];
  onset_date: string | null;
  start_date: string;
  planned_visits: number;
  planned_weeks: number;
  goals: string[];
  status: EpisodeView['status'];
  discharge_date: string | null;
  discharge_reason: EpisodeView['dischargeReason'];
  discharge_note: string | null;
  cancel_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, patient_id, therapist_id, diagnosis_code, diagnosis_label, body_side, onset_date, start_date,
  planned_visits, planned_weeks, goals, status, discharge_date, discharge_reason, discharge_note, cancel_reason,
  version, created_at, updated_at`;

const FIELD_COLUMNS: Record<keyof UpdateEpisodeDto, string> = {
  diagnosisCode: 'diagnosis_code',
  diagnosisLabel: 'diagnosis_label',
  bodySide: 'body_side',
  startDate: 'start_date',
  onsetDate: 'onset_date',
  plannedVisits: 'planned_visits',
  plannedWeeks: 'planned_weeks',
  goals: 'goals',
  therapistId: 'therapist_id',
};

function toView(r: EpisodeRow): EpisodeView {
  return {
    id: r.id,
    patientId: r.patient_id,
    therapistId: r.therapist_id,
    diagnosisCode: r.diagnosis_code,
    diagnosisLabel: r.diagnosis_label,
    bodySide: r.body_side,
    onsetDate: r.onset_date,
    startDate: r.start_date,
    plannedVisits: r.planned_visits,
    plannedWeeks: r.planned_weeks,
    goals: r.goals,
    status: r.status,
    dischargeDate: r.discharge_date,
    dischargeReason: r.discharge_reason,
    dischargeNote: r.discharge_note,
    cancelReason: r.cancel_reason,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** A signed visit as the off-track rules read it: its calendar date and its activity pain. */
export interface SignedVisitFacts {
  date: string;
  nprsActivity: number | null;
}

/**
 * The SQL of episodes of care (and what their rules read of their visits). Every statement is
 * keyed by the caller's clinic, which this class adds itself; it runs in the request's tenant
 * transaction.
 */
@Injectable()
export class EpisodesRepository extends TenantRepository {
  /** The clinic's episode, or undefined (another clinic's id reads as missing). */
  async find(id: string, lock?: 'update' | 'share'): Promise<EpisodeView | undefined> {
    // The text stays constant per lock mode: prepared statements are named by it, and the
    // throughput benchmark's raw baseline sends the very same statement.
    const rows = (await this.m.query(
      `SELECT ${COLUMNS} FROM episodes WHERE id = $1 AND clinic_id = $2 ${lock ? `FOR ${lock.toUpperCase()}` : ''}`,
      [id, this.clinicId],
    )) as EpisodeRow[];
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** A page of a patient's episodes, newest start first. */
  async pageForPatient(
    patientId: string,
    w: { pageSize: number; offset: number },
  ): Promise<Omit<Page<EpisodeView>, 'page' | 'pageSize'>> {
    const rows = (await this.m.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM episodes
        WHERE patient_id = $1 AND clinic_id = $2
        ORDER BY start_date DESC, created_at DESC, id
        LIMIT $3 OFFSET $4`,
      [patientId, this.clinicId, w.pageSize, w.offset],
    )) as (EpisodeRow & { total: string })[];
    const total = await windowTotal(rows, w.offset, () =>
      countRows(this.m, 'episodes', 'patient_id = $1 AND clinic_id = $2', [patientId, this.clinicId]),
    );
    return { items: rows.map(toView), total };
  }

  /** Whether the id names an active therapist of the caller's clinic. */
  async isActiveTherapist(userId: string): Promise<boolean> {
    const rows = (await this.m.query(
      `SELECT 1 FROM users WHERE id = $1 AND clinic_id = $2 AND active AND 'therapist' = ANY(roles)`,
      [userId, this.clinicId],
    )) as unknown[];
    return rows.length > 0;
  }

  async insert(patientId: string, therapistId: string, dto: CreateEpisodeDto): Promise<EpisodeView> {
    const [row] = (await this.m.query(
      `INSERT INTO episodes (clinic_id, patient_id, therapist_id, diagnosis_code, diagnosis_label, body_side,
                             onset_date, start_date, planned_visits, planned_weeks, goals)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        this.clinicId,
        patientId,
        therapistId,
        dto.diagnosisCode,
        dto.diagnosisLabel,
        dto.bodySide,
        dto.onsetDate ?? null,
        dto.startDate,
        dto.plannedVisits ?? 4,
        dto.plannedWeeks ?? 6,
        dto.goals ?? [],
      ],
    )) as EpisodeRow[];
    return toView(row);
  }

  /** Writes the given fields of an active episode at the version If-Match names (versionedUpdate). */
  async update(
    id: string,
    changes: UpdateEpisodeDto,
    ifMatch: IfMatch,
    reread: () => Promise<EpisodeView>,
  ): Promise<EpisodeView> {
    const values = columnValues(changes, FIELD_COLUMNS);
    return toView(
      await versionedUpdate<EpisodeRow, EpisodeView>(
        this.m,
        {
          table: 'episodes',
          id,
          clinicId: this.clinicId,
          ifMatch,
          values,
          where: "status = 'active'",
          returning: COLUMNS,
        },
        reread,
      ),
    );
  }

  /** Closes an active episode as discharged, at the version If-Match names. */
  discharge(
    id: string,
    d: DischargeEpisodeDto,
    ifMatch: IfMatch,
    reread: () => Promise<EpisodeView>,
  ): Promise<EpisodeView> {
    const values = { discharge_date: d.date, discharge_reason: d.reason, discharge_note: d.note ?? null };
    return this.close(id, 'discharged', values, ifMatch, reread);
  }

  /** Closes an active episode as cancelled, at the version If-Match names. */
  cancel(
    id: string,
    reason: string | null,
    ifMatch: IfMatch,
    reread: () => Promise<EpisodeView>,
  ): Promise<EpisodeView> {
    return this.close(id, 'cancelled', { cancel_reason: reason }, ifMatch, reread);
  }

  /** An active episode leaves care with the fields of its closing (versionedUpdate). */
  private async close(
    id: string,
    status: 'discharged' | 'cancelled',
    values: Record<string, unknown>,
    ifMatch: IfMatch,
    reread: () => Promise<EpisodeView>,
  ): Promise<EpisodeView> {
    return toView(
      await versionedUpdate<EpisodeRow, EpisodeView>(
        this.m,
        {
          table: 'episodes',
          id,
          clinicId: this.clinicId,
          ifMatch,
          values,
          expressions: { status: `'${status}'` },
          where: "status = 'active'",
          returning: COLUMNS,
        },
        reread,
      ),
    );
  }

  // ---------- what the episode's rules read of its visits ----------

  /** The calendar day (in `timeZone`) of the episode's first visit, signed or not; null with none. */
  async firstVisitDay(episodeId: string, timeZone: string): Promise<string | null> {
    const [first] = (await this.m.query(
      `SELECT min((visit_date AT TIME ZONE $2)::date) AS day FROM visits WHERE episode_id = $1 AND clinic_id = $3`,
      [episodeId, timeZone, this.clinicId],
    )) as { day: string | null }[];
    return first.day;
  }

  /** The calendar day (in `timeZone`) of the episode's last signed visit; null with none. */
  async lastSignedVisitDay(episodeId: string, timeZone: string): Promise<string | null> {
    const [last] = (await this.m.query(
      `SELECT max((visit_date AT TIME ZONE $2)::date) AS day FROM visits
        WHERE episode_id = $1 AND clinic_id = $3 AND status = 'signed'`,
      [episodeId, timeZone, this.clinicId],
    )) as { day: string | null }[];
    return last.day;
  }

  /** How many draft visits the episode has. */
  async draftVisits(episodeId: string): Promise<number> {
    const [drafts] = (await this.m.query(
      `SELECT count(*)::int AS n FROM visits WHERE episode_id = $1 AND clinic_id = $2 AND status = 'draft'`,
      [episodeId, this.clinicId],
    )) as { n: number }[];
    return drafts.n;
  }

  /** The episode's signed visits in visit order, as the off-track rules read them. */
  async signedVisits(episodeId: string, timeZone: string): Promise<SignedVisitFacts[]> {
    const rows = (await this.m.query(
      `SELECT (visit_date AT TIME ZONE $2)::date AS date,
              (SELECT (e->>'value')::float8 FROM jsonb_array_elements(measurements) e
                WHERE e->>'instrument' = 'nprs_activity') AS nprs
         FROM visits
        WHERE episode_id = $1 AND clinic_id = $3 AND status = 'signed'
        ORDER BY visit_date, created_at, id`,
      [episodeId, timeZone, this.clinicId],
    )) as { date: string; nprs: number | null }[];
    return rows.map((r) => ({ date: r.date, nprsActivity: r.nprs }));
  }
}
