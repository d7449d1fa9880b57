import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { checkVersion } from '../common/etag.js';
import { clinicTimeZone } from '../clinics/clinic-settings.js';
import { countRows, type Page, type PageQuery, pageWindow, windowTotal } from '../common/pagination.js';
import {
  ConflictError,
  EpisodeClosedError,
  NotFoundError,
  PreconditionRequiredError,
  StaleVersionError,
  ValidationProblem,
} from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { refreshEpisodeSummaries } from '../outcomes/episode-summaries.js';
import { offTrackFacts, offTrackReasons, type OffTrackVisit, todayIn } from '@stride/clinical';
import { PatientsService } from '../patients/patients.service.js';
import type {
  CancelEpisodeDto,
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodeView,
  UpdateEpisodeDto,
} from './dto/episode.dto.js';

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

/** The signed visits of an episode in visit order, as the off-track rules read them. */
export async function signedVisitsForOffTrack(
  m: EntityManager,
  episodeId: string,
  timeZone: string,
): Promise<OffTrackVisit[]> {
  const rows = (await m.query(
    `SELECT (visit_date AT TIME ZONE $2)::date AS date,
            (SELECT (e->>'value')::float8 FROM jsonb_array_elements(measurements) e
              WHERE e->>'instrument' = 'nprs_activity') AS nprs
       FROM visits
      WHERE episode_id = $1 AND status = 'signed'
      ORDER BY visit_date, created_at, id`,
    [episodeId, timeZone],
  )) as { date: string; nprs: number | null }[];
  return rows.map((r) => ({ date: r.date, nprsActivity: r.nprs }));
}

@Injectable()
export class EpisodesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly patients: PatientsService,
  ) {}

  /** The clinic's episode; another clinic's id is "not found", like a missing one. */
  async find(id: string, lock?: 'update' | 'share'): Promise<EpisodeView> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM episodes WHERE id = $1 AND clinic_id = $2 ${lock ? `FOR ${lock.toUpperCase()}` : ''}`,
      [id, requestContext.principal().clinicId],
    )) as EpisodeRow[];
    if (!rows[0]) throw new NotFoundError('episode');
    return toView(rows[0]);
  }

  /** 409 unless the episode is active: closed episodes take no more writes (addenda excepted). */
  async findActive(id: string, lock?: 'update' | 'share'): Promise<EpisodeView> {
    const episode = await this.find(id, lock);
    if (episode.status !== 'active') throw new EpisodeClosedError(episode.status);
    return episode;
  }

  async listForPatient(patientId: string, q: PageQuery): Promise<Page<EpisodeView>> {
    await this.patients.find(patientId);
    const { page, pageSize, offset } = pageWindow(q);
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM episodes
        WHERE patient_id = $1 AND clinic_id = $2
        ORDER BY start_date DESC, created_at DESC, id
        LIMIT $3 OFFSET $4`,
      [patientId, requestContext.principal().clinicId, pageSize, offset],
    )) as (EpisodeRow & { total: string })[];
    const total = await windowTotal(rows, offset, () =>
      countRows(this.db.manager, 'episodes', 'patient_id = $1 AND clinic_id = $2', [
        patientId,
        requestContext.principal().clinicId,
      ]),
    );
    const items = rows.map(toView);
    await this.audit.record(this.db.manager, {
      action: 'episode.list',
      entityType: 'episode',
      detail: { patientId, ids: items.map((e) => e.id) },
    });
    return { items, total, page, pageSize };
  }

  async get(id: string): Promise<EpisodeView> {
    const episode = await this.find(id);
    const tz = await clinicTimeZone(this.db.manager);
    const visits = await signedVisitsForOffTrack(this.db.manager, id, tz);
    await this.audit.record(this.db.manager, { action: 'episode.read', entityType: 'episode', entityId: id });
    return { ...episode, offTrack: offTrackReasons(episode, offTrackFacts(visits), todayIn(tz)) };
  }

  /** 400 on `therapistId` unless it names an active therapist of the caller's clinic. */
  private async checkTherapist(therapistId: string): Promise<void> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM users WHERE id = $1 AND clinic_id = $2 AND active AND 'therapist' = ANY(roles)`,
      [therapistId, requestContext.principal().clinicId],
    )) as unknown[];
    if (rows.length === 0) {
      throw ValidationProblem.field('therapistId', 'therapistId must be an active therapist of your clinic');
    }
  }

  async create(patientId: string, dto: CreateEpisodeDto): Promise<EpisodeView> {
    const principal = requestContext.principal();
    const patient = await this.patients.find(patientId, true);
    if (patient.archivedAt) throw new ConflictError('The patient is archived and read-only.');
    const therapistId = dto.therapistId ?? principal.userId;
    await this.checkTherapist(therapistId);
    if (dto.onsetDate && dto.onsetDate > dto.startDate) {
      throw ValidationProblem.field('onsetDate', 'onsetDate cannot be after startDate');
    }
    const [row] = (await this.db.manager.query(
      `INSERT INTO episodes (clinic_id, patient_id, therapist_id, diagnosis_code, diagnosis_label, body_side,
                             onset_date, start_date, planned_visits, planned_weeks, goals)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        principal.clinicId,
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
    await this.audit.record(this.db.manager, {
      action: 'episode.create',
      entityType: 'episode',
      entityId: row.id,
      changedFields: Object.keys(dto),
      detail: { patientId },
    });
    return toView(row);
  }

  async update(id: string, dto: UpdateEpisodeDto, ifMatch: number | '*' | undefined): Promise<EpisodeView> {
    const m = this.db.manager;
    const current = await this.findActive(id);
    if (dto.therapistId !== undefined) await this.checkTherapist(dto.therapistId);
    const startDate = dto.startDate ?? current.startDate;
    const onsetDate = dto.onsetDate !== undefined ? dto.onsetDate : current.onsetDate;
    if (onsetDate && onsetDate > startDate) {
      throw ValidationProblem.field(
        dto.onsetDate !== undefined ? 'onsetDate' : 'startDate',
        'onsetDate cannot be after startDate',
      );
    }
    if (dto.startDate !== undefined && dto.startDate !== current.startDate) {
      const tz = await clinicTimeZone(m);
      const [first] = (await m.query(
        `SELECT min((visit_date AT TIME ZONE $2)::date) AS day FROM visits WHERE episode_id = $1`,
        [id, tz],
      )) as { day: string | null }[];
      if (first.day && first.day < dto.startDate) {
        throw ValidationProblem.field(
          'startDate',
          `startDate cannot be after the first visit (${first.day})`,
        );
      }
    }
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const fields = (Object.keys(dto) as (keyof UpdateEpisodeDto)[]).filter((k) => dto[k] !== undefined);
    const sets = fields.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 4}`);
    const result = (await m.query(
      `UPDATE episodes SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND clinic_id = $2 AND status = 'active' AND ($3::int IS NULL OR version = $3)
        RETURNING ${COLUMNS}`,
      [
        id,
        requestContext.principal().clinicId,
        ifMatch === '*' ? null : ifMatch,
        ...fields.map((k) => dto[k]),
      ],
    )) as [EpisodeRow[], number];
    const row = result[0][0];
    if (!row) {
      const now = await this.findActive(id);
      throw new StaleVersionError(now.version);
    }
    // Weeks count from the start date: the summary follows it.
    if (fields.includes('startDate')) await refreshEpisodeSummaries(m, [id]);
    await this.audit.record(m, {
      action: 'episode.update',
      entityType: 'episode',
      entityId: id,
      changedFields: fields,
    });
    return toView(row);
  }

  async discharge(
    id: string,
    dto: DischargeEpisodeDto,
    ifMatch: number | '*' | undefined,
  ): Promise<EpisodeView> {
    const m = this.db.manager;
    const episode = await this.findActive(id, 'update');
    const [drafts] = (await m.query(
      `SELECT count(*)::int AS n FROM visits WHERE episode_id = $1 AND status = 'draft'`,
      [id],
    )) as { n: number }[];
    if (drafts.n > 0) {
      throw new ConflictError(
        `The episode has ${drafts.n} draft visit(s); sign or delete them before discharge.`,
      );
    }
    const tz = await clinicTimeZone(m);
    const today = todayIn(tz);
    const [last] = (await m.query(
      `SELECT max((visit_date AT TIME ZONE $2)::date) AS day FROM visits WHERE episode_id = $1 AND status = 'signed'`,
      [id, tz],
    )) as { day: string | null }[];
    const earliest = last.day && last.day > episode.startDate ? last.day : episode.startDate;
    if (dto.date < earliest || dto.date > today) {
      throw ValidationProblem.field(
        'date',
        `date must be from ${earliest} (${last.day ? 'the last signed visit' : 'the start date'}) to today (${today})`,
      );
    }
    checkVersion(ifMatch, episode.version);
    const [row] = (
      (await m.query(
        `UPDATE episodes SET status = 'discharged', discharge_date = $3, discharge_reason = $4, discharge_note = $5,
                version = version + 1, updated_at = now()
          WHERE id = $1 AND clinic_id = $2 RETURNING ${COLUMNS}`,
        [id, requestContext.principal().clinicId, dto.date, dto.reason, dto.note ?? null],
      )) as [EpisodeRow[], number]
    )[0];
    await this.audit.record(m, {
      action: 'episode.discharge',
      entityType: 'episode',
      entityId: id,
      changedFields: ['status', 'dischargeDate', 'dischargeReason', ...(dto.note ? ['dischargeNote'] : [])],
    });
    return toView(row);
  }

  async cancel(id: string, dto: CancelEpisodeDto, ifMatch: number | '*' | undefined): Promise<EpisodeView> {
    const m = this.db.manager;
    const episode = await this.findActive(id, 'update');
    checkVersion(ifMatch, episode.version);
    const [row] = (
      (await m.query(
        `UPDATE episodes SET status = 'cancelled', cancel_reason = $3, version = version + 1, updated_at = now()
          WHERE id = $1 AND clinic_id = $2 RETURNING ${COLUMNS}`,
        [id, requestContext.principal().clinicId, dto.reason ?? null],
      )) as [EpisodeRow[], number]
    )[0];
    await this.audit.record(m, {
      action: 'episode.cancel',
      entityType: 'episode',
      entityId: id,
      changedFields: ['status', ...(dto.reason ? ['cancelReason'] : [])],
    });
    return toView(row);
  }
}
