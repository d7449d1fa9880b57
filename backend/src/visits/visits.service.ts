import { Injectable } from '@nestjs/common';
import { runningLoadFlags } from '@stride/clinical';
import { AuditService } from '../audit/audit.service.js';
import { clinicTimeZone } from '../clinics/clinics.repository.js';
import { checkVersion } from '../common/etag.js';
import { type Page, type PageQuery, pageWindow } from '../common/pagination.js';
import { NotFoundError, PreconditionRequiredError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { IfMatch } from '../database/versioned-update.js';
import type { EpisodeView } from '../episodes/dto/episode.dto.js';
import { EpisodeSummaries } from '../episodes/episode-summaries.port.js';
import { EpisodesService } from '../episodes/episodes.service.js';
import { ExercisesRepository } from '../exercises/exercises.repository.js';
import type { CreateVisitDto, HomeProgramView, UpdateVisitDto, VisitView } from './dto/visit.dto.js';
import {
  FIELD_OF_COLUMN,
  needsTimeZone,
  normalizeVisit,
  prescribedIds,
  type VisitBody,
  type VisitColumns,
} from './visit-normalize.js';
import {
  assertAddendumAllowed,
  assertComplete,
  assertEditable,
  assertSigner,
  signedRefusal,
  type VisitFacts,
} from './visit-rules.js';
import { toVisitView, type VisitRow } from './visit-view.js';
import { VisitsRepository, type WeeklyDistance } from './visits.repository.js';

/** Running-load flags of visits given in visit order, by id. */
function flagsById(visits: readonly WeeklyDistance[]): Map<string, string[]> {
  const flags = runningLoadFlags(visits.map((v) => ({ weeklyDistanceKm: v.km })));
  return new Map(visits.map((v, i) => [v.id, flags[i]]));
}

/** What the visit rules (visit-rules.ts) read of a row. */
function factsOf(row: VisitRow): VisitFacts {
  return {
    status: row.status,
    therapistId: row.therapist_id,
    visitType: row.visit_type,
    visitDate: row.visit_date,
    measurements: row.measurements,
  };
}

@Injectable()
export class VisitsService {
  constructor(
    private readonly db: TenantDb,
    private readonly visits: VisitsRepository,
    private readonly exercises: ExercisesRepository,
    private readonly summaries: EpisodeSummaries,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesService,
  ) {}

  // ---------- reading ----------

  private async findRow(id: string, lock = false): Promise<VisitRow> {
    const row = await this.visits.find(id, lock);
    if (!row) throw new NotFoundError('visit');
    return row;
  }

  /** Running-load flags of every visit of an episode, computed over all of them in visit order. */
  private async flagsOf(episodeId: string): Promise<Map<string, string[]>> {
    return flagsById(await this.visits.weeklyDistances(episodeId));
  }

  /** `fresh`: a visit just inserted, which has no addenda yet (so none are read). */
  private async view(row: VisitRow, fresh = false): Promise<VisitView> {
    const [addenda, flags] = await Promise.all([
      fresh ? undefined : this.visits.addendaOf([row.id]),
      this.flagsOf(row.episode_id),
    ]);
    return toVisitView(row, addenda?.get(row.id) ?? [], flags.get(row.id) ?? []);
  }

  async list(episodeId: string, q: PageQuery): Promise<Page<VisitView>> {
    await this.episodes.find(episodeId);
    const { page, pageSize, offset } = pageWindow(q);
    const { rows, total } = await this.visits.page(episodeId, { pageSize, offset });
    // A page that holds the whole episode already has every visit in visit order: the flags
    // come from its rows (what flagsOf would compute) without reading the episode again.
    const whole = offset === 0 && rows.length === total;
    const [addenda, flags] = await Promise.all([
      this.visits.addendaOf(rows.map((r) => r.id)),
      whole
        ? flagsById(rows.map((r) => ({ id: r.id, km: r.running?.weeklyDistanceKm ?? null })))
        : this.flagsOf(episodeId),
    ]);
    const items = rows.map((r) => toVisitView(r, addenda.get(r.id) ?? [], flags.get(r.id) ?? []));
    await this.audit.record(this.db.manager, {
      action: 'visit.list',
      entityType: 'visit',
      detail: { episodeId, ids: items.map((v) => v.id) },
    });
    return { items, total, page, pageSize };
  }

  async get(id: string): Promise<VisitView> {
    const visit = await this.view(await this.findRow(id));
    await this.audit.record(this.db.manager, { action: 'visit.read', entityType: 'visit', entityId: id });
    return visit;
  }

  /** The prescription of the episode's latest signed visit that has one. */
  async homeProgram(episodeId: string): Promise<HomeProgramView> {
    await this.episodes.find(episodeId);
    const program = (await this.visits.latestPrescription(episodeId)) ?? { visitId: null, items: [] };
    await this.audit.record(this.db.manager, {
      action: 'home_program.read',
      entityType: 'episode',
      entityId: episodeId,
      detail: { visitId: program.visitId },
    });
    return program;
  }

  // ---------- checking a body against its episode ----------

  /** The body's columns (visit-normalize.ts); 400 with every field error. */
  private async columnsFor(dto: VisitBody, episode: EpisodeView): Promise<VisitColumns> {
    const now = Date.now();
    const ids = prescribedIds(dto);
    const timeZone = needsTimeZone(dto, now) ? await clinicTimeZone(this.db.manager) : undefined;
    const library = ids ? await this.exercises.prescribable(ids) : undefined;
    const { columns, errors } = normalizeVisit(dto, { startDate: episode.startDate, timeZone, library, now });
    if (errors.length) throw new ValidationProblem(errors);
    return columns;
  }

  // ---------- writing ----------

  async create(episodeId: string, dto: CreateVisitDto): Promise<VisitView> {
    const principal = requestContext.principal();
    // FOR SHARE: creates run side by side, but never across a discharge of the same episode.
    const episode = await this.episodes.findActive(episodeId, 'share');
    const cols = await this.columnsFor(dto, episode);
    const row = await this.visits.insert(
      { episodeId, patientId: episode.patientId, therapistId: principal.userId },
      cols,
    );
    await this.audit.record(this.db.manager, {
      action: 'visit.create',
      entityType: 'visit',
      entityId: row.id,
      changedFields: (Object.keys(cols) as (keyof VisitColumns)[]).map((n) => FIELD_OF_COLUMN[n]),
      detail: { episodeId },
    });
    return this.view(row, true);
  }

  async update(id: string, dto: UpdateVisitDto, ifMatch: IfMatch): Promise<VisitView> {
    const current = await this.findRow(id);
    const episode = await assertEditable(current, () => this.episodes.find(current.episode_id));
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const cols = await this.columnsFor(dto, episode);
    const row = await this.visits.update(id, cols, ifMatch, () => this.findRow(id), signedRefusal);
    await this.audit.record(this.db.manager, {
      action: 'visit.update',
      entityType: 'visit',
      entityId: id,
      changedFields: (Object.keys(cols) as (keyof VisitColumns)[]).map((n) => FIELD_OF_COLUMN[n]),
    });
    return this.view(row);
  }

  async remove(id: string, ifMatch: IfMatch): Promise<void> {
    const current = await this.findRow(id, true);
    await assertEditable(current, () => this.episodes.find(current.episode_id));
    await this.visits.delete(id, ifMatch, () => this.findRow(id), signedRefusal);
    await this.audit.record(this.db.manager, { action: 'visit.delete', entityType: 'visit', entityId: id });
  }

  async sign(id: string, ifMatch: IfMatch): Promise<VisitView> {
    const { userId } = requestContext.principal();
    const current = await this.findRow(id, true);
    assertSigner(factsOf(current), userId);
    await assertEditable(current, () => this.episodes.find(current.episode_id));
    // A stale version is refused before what signing requires (the row is locked: the same
    // version meets the update below).
    checkVersion(ifMatch, current.version);
    assertComplete(factsOf(current));
    const row = await this.visits.sign(id, userId, ifMatch, () => this.findRow(id), signedRefusal);
    await this.summaries.refresh([current.episode_id]);
    await this.audit.record(this.db.manager, {
      action: 'visit.sign',
      entityType: 'visit',
      entityId: id,
      changedFields: ['status'],
    });
    return this.view(row);
  }

  async addAddendum(id: string, text: string): Promise<VisitView> {
    const { userId } = requestContext.principal();
    const current = await this.findRow(id);
    assertAddendumAllowed(factsOf(current), userId);
    const addendumId = await this.visits.insertAddendum(id, text, userId);
    await this.audit.record(this.db.manager, {
      action: 'visit.addendum',
      entityType: 'visit',
      entityId: id,
      detail: { addendumId },
    });
    return this.view(current);
  }
}
