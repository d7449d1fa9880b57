import { Injectable } from '@nestjs/common';
import { offTrackFacts, offTrackReasons, todayIn } from '@stride/clinical';
import { AuditService } from '../audit/audit.service.js';
import { clinicTimeZone } from '../clinics/clinics.repository.js';
import { type Page, type PageQuery, pageWindow } from '../common/pagination.js';
import {
  ConflictError,
  EpisodeClosedError,
  NotFoundError,
  PreconditionRequiredError,
  ValidationProblem,
} from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { IfMatch } from '../database/versioned-update.js';
import { PatientsService } from '../patients/patients.service.js';
import type {
  CancelEpisodeDto,
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodeView,
  UpdateEpisodeDto,
} from './dto/episode.dto.js';
import { EpisodeSummaries } from './episode-summaries.port.js';
import { EpisodesRepository } from './episodes.repository.js';

@Injectable()
export class EpisodesService {
  constructor(
    private readonly db: TenantDb,
    private readonly episodes: EpisodesRepository,
    private readonly summaries: EpisodeSummaries,
    private readonly audit: AuditService,
    private readonly patients: PatientsService,
  ) {}

  /** The clinic's episode; another clinic's id is "not found", like a missing one. */
  async find(id: string, lock?: 'update' | 'share'): Promise<EpisodeView> {
    const episode = await this.episodes.find(id, lock);
    if (!episode) throw new NotFoundError('episode');
    return episode;
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
    const { items, total } = await this.episodes.pageForPatient(patientId, { pageSize, offset });
    await this.audit.record(this.db.manager, {
      action: 'episode.list',
      entityType: 'episode',
      detail: { patientId, ids: items.map((e) => e.id) },
    });
    return { items, total, page, pageSize };
  }

  /** The episode with its off-track reasons (libs/clinical/src/off-track.ts), as of today in the clinic. */
  async get(id: string): Promise<EpisodeView> {
    const episode = await this.find(id);
    const tz = await clinicTimeZone(this.db.manager);
    const visits = await this.episodes.signedVisits(id, tz);
    await this.audit.record(this.db.manager, { action: 'episode.read', entityType: 'episode', entityId: id });
    return { ...episode, offTrack: offTrackReasons(episode, offTrackFacts(visits), todayIn(tz)) };
  }

  /** 400 on `therapistId` unless it names an active therapist of the caller's clinic. */
  private async checkTherapist(therapistId: string): Promise<void> {
    if (!(await this.episodes.isActiveTherapist(therapistId))) {
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
    const episode = await this.episodes.insert(patientId, therapistId, dto);
    await this.audit.record(this.db.manager, {
      action: 'episode.create',
      entityType: 'episode',
      entityId: episode.id,
      changedFields: Object.keys(dto),
      detail: { patientId },
    });
    return episode;
  }

  async update(id: string, dto: UpdateEpisodeDto, ifMatch: IfMatch): Promise<EpisodeView> {
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
      const first = await this.episodes.firstVisitDay(id, await clinicTimeZone(this.db.manager));
      if (first && first < dto.startDate) {
        throw ValidationProblem.field('startDate', `startDate cannot be after the first visit (${first})`);
      }
    }
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const fields = (Object.keys(dto) as (keyof UpdateEpisodeDto)[]).filter((k) => dto[k] !== undefined);
    const episode = await this.episodes.update(id, dto, ifMatch, () => this.findActive(id));
    // Weeks count from the start date: the summary follows it.
    if (fields.includes('startDate')) await this.summaries.refresh([id]);
    await this.audit.record(this.db.manager, {
      action: 'episode.update',
      entityType: 'episode',
      entityId: id,
      changedFields: fields,
    });
    return episode;
  }

  async discharge(id: string, dto: DischargeEpisodeDto, ifMatch: IfMatch): Promise<EpisodeView> {
    const episode = await this.findActive(id, 'update');
    const drafts = await this.episodes.draftVisits(id);
    if (drafts > 0) {
      throw new ConflictError(
        `The episode has ${drafts} draft visit(s); sign or delete them before discharge.`,
      );
    }
    const tz = await clinicTimeZone(this.db.manager);
    const today = todayIn(tz);
    const last = await this.episodes.lastSignedVisitDay(id, tz);
    const earliest = last && last > episode.startDate ? last : episode.startDate;
    if (dto.date < earliest || dto.date > today) {
      throw ValidationProblem.field(
        'date',
        `date must be from ${earliest} (${last ? 'the last signed visit' : 'the start date'}) to today (${today})`,
      );
    }
    const discharged = await this.episodes.discharge(id, dto, ifMatch, () => this.findActive(id));
    await this.audit.record(this.db.manager, {
      action: 'episode.discharge',
      entityType: 'episode',
      entityId: id,
      changedFields: ['status', 'dischargeDate', 'dischargeReason', ...(dto.note ? ['dischargeNote'] : [])],
    });
    return discharged;
  }

  async cancel(id: string, dto: CancelEpisodeDto, ifMatch: IfMatch): Promise<EpisodeView> {
    await this.findActive(id, 'update');
    const cancelled = await this.episodes.cancel(id, dto.reason ?? null, ifMatch, () => this.findActive(id));
    await this.audit.record(this.db.manager, {
      action: 'episode.cancel',
      entityType: 'episode',
      entityId: id,
      changedFields: ['status', ...(dto.reason ? ['cancelReason'] : [])],
    });
    return cancelled;
  }
}
