import { Injectable } from '@nestjs/common';
import { calendarDateIn, isTimedCptCode, runningLoadFlags } from '@stride/clinical';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { checkVersion } from '../common/etag.js';
import { clinicTimeZone } from '../clinics/clinic-settings.js';
import { countRows, type Page, type PageQuery, pageWindow, windowTotal } from '../common/pagination.js';
import {
  ConflictError,
  EpisodeClosedError,
  ForbiddenError,
  type FieldError,
  NotFoundError,
  PreconditionRequiredError,
  SignIncompleteError,
  StaleVersionError,
  ValidationProblem,
  VisitSignedError,
} from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { EpisodeView } from '../episodes/dto/episode.dto.js';
import { EpisodesService } from '../episodes/episodes.service.js';
import { refreshEpisodeSummaries } from '../outcomes/episode-summaries.js';
import type {
  AddendumView,
  CreateVisitDto,
  HomeProgramView,
  PrescriptionView,
  UpdateVisitDto,
  VisitView,
} from './dto/visit.dto.js';
import { toVisitView, VISIT_COLUMNS, VISIT_ORDER, type VisitRow } from './visit-view.js';

/** A visit date may run at most this far ahead of the server clock (clock skew, typing "now"). */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const SIGN_NEEDS_PAIN: ReadonlySet<string> = new Set(['initial_evaluation', 'discharge']);

type VisitInput = Partial<CreateVisitDto> & UpdateVisitDto;

/** The jsonb and scalar columns a visit body writes, already checked against the episode. */
interface VisitColumns {
  visit_date?: string;
  visit_type?: string;
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
  measurements?: string;
  manual_therapy?: string;
  exercises?: string;
  running?: string | null;
  services?: string;
}

const FIELD_OF_COLUMN: Record<keyof VisitColumns, string> = {
  visit_date: 'visitDate',
  visit_type: 'visitType',
  subjective: 'subjective',
  objective: 'objective',
  assessment: 'assessment',
  plan: 'plan',
  measurements: 'measurements',
  manual_therapy: 'manualTherapy',
  exercises: 'exercises',
  running: 'running',
  services: 'services',
};

/** Running-load flags of visits already in visit order, by id. */
function flagsOfRows(rows: readonly VisitRow[]): Map<string, string[]> {
  const flags = runningLoadFlags(rows.map((r) => ({ weeklyDistanceKm: r.running?.weeklyDistanceKm })));
  return new Map(rows.map((r, i) => [r.id, flags[i]]));
}

@Injectable()
export class VisitsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesService,
  ) {}

  private get m(): EntityManager {
    return this.db.manager;
  }

  // ---------- reading ----------

  private async findRow(id: string, lock = false): Promise<VisitRow> {
    const rows = (await this.m.query(
      `SELECT ${VISIT_COLUMNS} FROM visits WHERE id = $1 AND clinic_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, requestContext.principal().clinicId],
    )) as VisitRow[];
    if (!rows[0]) throw new NotFoundError('visit');
    return rows[0];
  }

  private async addendaOf(visitIds: string[]): Promise<Map<string, AddendumView[]>> {
    const out = new Map<string, AddendumView[]>(visitIds.map((id) => [id, []]));
    if (visitIds.length === 0) return out;
    const rows = (await this.m.query(
      `SELECT id, visit_id, text, author_id, created_at FROM visit_addenda
        WHERE clinic_id = $1 AND visit_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [requestContext.principal().clinicId, visitIds],
    )) as { id: string; visit_id: string; text: string; author_id: string; created_at: Date }[];
    for (const r of rows) {
      out
        .get(r.visit_id)
        ?.push({ id: r.id, text: r.text, authorId: r.author_id, createdAt: r.created_at.toISOString() });
    }
    return out;
  }

  /** Running-load flags of every visit of an episode, computed over all of them in visit order. */
  private async flagsOf(episodeId: string): Promise<Map<string, string[]>> {
    const rows = (await this.m.query(
      `SELECT id, (running->>'weeklyDistanceKm')::float8 AS km FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 ORDER BY ${VISIT_ORDER}`,
      [episodeId, requestContext.principal().clinicId],
    )) as { id: string; km: number | null }[];
    const flags = runningLoadFlags(rows.map((r) => ({ weeklyDistanceKm: r.km })));
    return new Map(rows.map((r, i) => [r.id, flags[i]]));
  }

  /** `fresh`: a visit just inserted, which has no addenda yet (so none are read). */
  private async view(row: VisitRow, fresh = false): Promise<VisitView> {
    const [addenda, flags] = await Promise.all([
      fresh ? undefined : this.addendaOf([row.id]),
      this.flagsOf(row.episode_id),
    ]);
    return toVisitView(row, addenda?.get(row.id) ?? [], flags.get(row.id) ?? []);
  }

  async list(episodeId: string, q: PageQuery): Promise<Page<VisitView>> {
    await this.episodes.find(episodeId);
    const { page, pageSize, offset } = pageWindow(q);
    const rows = (await this.m.query(
      `SELECT ${VISIT_COLUMNS}, count(*) OVER () AS total FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 ORDER BY ${VISIT_ORDER} LIMIT $3 OFFSET $4`,
      [episodeId, requestContext.principal().clinicId, pageSize, offset],
    )) as (VisitRow & { total: string })[];
    const total = await windowTotal(rows, offset, () =>
      countRows(this.m, 'visits', 'episode_id = $1 AND clinic_id = $2', [
        episodeId,
        requestContext.principal().clinicId,
      ]),
    );
    // A page that holds the whole episode already has every visit in visit order: the flags
    // come from its rows (what flagsOf would compute) without reading the episode again.
    const whole = offset === 0 && rows.length === total;
    const [addenda, flags] = await Promise.all([
      this.addendaOf(rows.map((r) => r.id)),
      whole ? flagsOfRows(rows) : this.flagsOf(episodeId),
    ]);
    const items = rows.map((r) => toVisitView(r, addenda.get(r.id) ?? [], flags.get(r.id) ?? []));
    await this.audit.record(this.m, {
      action: 'visit.list',
      entityType: 'visit',
      detail: { episodeId, ids: items.map((v) => v.id) },
    });
    return { items, total, page, pageSize };
  }

  async get(id: string): Promise<VisitView> {
    const visit = await this.view(await this.findRow(id));
    await this.audit.record(this.m, { action: 'visit.read', entityType: 'visit', entityId: id });
    return visit;
  }

  /** The prescription of the episode's latest signed visit that has one. */
  async homeProgram(episodeId: string): Promise<HomeProgramView> {
    await this.episodes.find(episodeId);
    const rows = (await this.m.query(
      `SELECT id, exercises FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 AND status = 'signed' AND jsonb_array_length(exercises) > 0
        ORDER BY visit_date DESC, created_at DESC, id DESC LIMIT 1`,
      [episodeId, requestContext.principal().clinicId],
    )) as { id: string; exercises: PrescriptionView[] }[];
    const program = rows[0]
      ? { visitId: rows[0].id, items: rows[0].exercises }
      : { visitId: null, items: [] };
    await this.audit.record(this.m, {
      action: 'home_program.read',
      entityType: 'episode',
      entityId: episodeId,
      detail: { visitId: program.visitId },
    });
    return program;
  }

  // ---------- checking a body against its episode ----------

  private async columnsFor(dto: VisitInput, episode: EpisodeView): Promise<VisitColumns> {
    const errors: FieldError[] = [];
    const cols: VisitColumns = {};

    if (dto.visitDate !== undefined) {
      const at = new Date(dto.visitDate);
      if (at.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
        errors.push({ field: 'visitDate', message: 'visitDate cannot be in the future' });
      } else {
        const day = calendarDateIn(at, await clinicTimeZone(this.m));
        if (day < episode.startDate) {
          errors.push({
            field: 'visitDate',
            message: `visitDate falls on ${day}, before the episode's start date ${episode.startDate}`,
          });
        }
      }
      cols.visit_date = at.toISOString();
    }
    if (dto.visitType !== undefined) cols.visit_type = dto.visitType;
    for (const k of ['subjective', 'objective', 'assessment', 'plan'] as const) {
      if (dto[k] !== undefined) cols[k] = dto[k] === null || dto[k] === '' ? null : dto[k];
    }

    if (dto.measurements !== undefined) {
      const seen = new Set<string>();
      const list = dto.measurements ?? [];
      list.forEach((mm, i) => {
        if (seen.has(mm.instrument)) {
          errors.push({
            field: `measurements[${i}].instrument`,
            message: `${mm.instrument} is already measured on this visit`,
          });
        }
        seen.add(mm.instrument);
      });
      cols.measurements = JSON.stringify(list.map((mm) => ({ instrument: mm.instrument, value: mm.value })));
    }

    if (dto.manualTherapy !== undefined) {
      cols.manual_therapy = JSON.stringify(
        (dto.manualTherapy ?? []).map((t) => ({
          technique: t.technique,
          region: t.region.trim(),
          minutes: t.minutes ?? null,
          notes: t.notes ? t.notes : null,
        })),
      );
    }

    if (dto.exercises !== undefined) {
      const list = dto.exercises ?? [];
      const ids = [...new Set(list.map((e) => e.exerciseId.toLowerCase()))];
      const library = new Map(
        (
          (await this.m.query(
            `SELECT id, name, instructions, targets FROM exercises
              WHERE id = ANY($1::uuid[]) AND (clinic_id IS NULL OR clinic_id = $2)`,
            [ids, requestContext.principal().clinicId],
          )) as { id: string; name: string; instructions: string; targets: string[] }[]
        ).map((r) => [r.id, r]),
      );
      const items: PrescriptionView[] = [];
      list.forEach((e, i) => {
        const ex = library.get(e.exerciseId.toLowerCase());
        if (!ex) {
          errors.push({
            field: `exercises[${i}].exerciseId`,
            message: 'exerciseId is not in the exercise library',
          });
          return;
        }
        if (e.reps == null && e.holdSeconds == null) {
          errors.push({ field: `exercises[${i}].reps`, message: 'give reps, holdSeconds or both' });
        }
        // Name, instructions and targets are copied so later library edits never change this note.
        items.push({
          exerciseId: ex.id,
          name: ex.name,
          instructions: ex.instructions,
          targets: ex.targets,
          sets: e.sets ?? null,
          reps: e.reps ?? null,
          holdSeconds: e.holdSeconds ?? null,
          load: e.load ? e.load.trim() : null,
          timesPerWeek: e.timesPerWeek ?? null,
          notes: e.notes ? e.notes : null,
        });
      });
      cols.exercises = JSON.stringify(items);
    }

    if (dto.running !== undefined) {
      const r = dto.running;
      const running = r
        ? {
            weeklyDistanceKm: r.weeklyDistanceKm ?? null,
            longestRunKm: r.longestRunKm ?? null,
            runWalkRatio: r.runWalkRatio ?? null,
          }
        : null;
      const empty = !running || Object.values(running).every((v) => v === null);
      cols.running = empty ? null : JSON.stringify(running);
    }

    if (dto.services !== undefined) {
      const list = dto.services ?? [];
      const seen = new Set<string>();
      list.forEach((s, i) => {
        if (seen.has(s.cptCode)) {
          errors.push({
            field: `services[${i}].cptCode`,
            message: `${s.cptCode} is already billed on this visit: one line per code`,
          });
        }
        seen.add(s.cptCode);
        if (isTimedCptCode(s.cptCode) && (s.minutes === undefined || s.minutes === null)) {
          errors.push({
            field: `services[${i}].minutes`,
            message: `${s.cptCode} is a timed code: minutes are required`,
          });
        }
      });
      cols.services = JSON.stringify(list.map((s) => ({ cptCode: s.cptCode, minutes: s.minutes ?? null })));
    }

    if (errors.length) throw new ValidationProblem(errors);
    return cols;
  }

  // ---------- writing ----------

  async create(episodeId: string, dto: CreateVisitDto): Promise<VisitView> {
    const principal = requestContext.principal();
    // FOR SHARE: creates run side by side, but never across a discharge of the same episode.
    const episode = await this.episodes.findActive(episodeId, 'share');
    const cols = await this.columnsFor(dto, episode);
    const names = Object.keys(cols) as (keyof VisitColumns)[];
    const [row] = (await this.m.query(
      `INSERT INTO visits (clinic_id, episode_id, patient_id, therapist_id, ${names.join(', ')})
       VALUES ($1, $2, $3, $4, ${names.map((_, i) => `$${i + 5}`).join(', ')})
       RETURNING ${VISIT_COLUMNS}`,
      [principal.clinicId, episodeId, episode.patientId, principal.userId, ...names.map((n) => cols[n])],
    )) as VisitRow[];
    await this.audit.record(this.m, {
      action: 'visit.create',
      entityType: 'visit',
      entityId: row.id,
      changedFields: names.map((n) => FIELD_OF_COLUMN[n]),
      detail: { episodeId },
    });
    return this.view(row, true);
  }

  async update(id: string, dto: UpdateVisitDto, ifMatch: number | '*' | undefined): Promise<VisitView> {
    const current = await this.findRow(id);
    if (current.status === 'signed') throw new VisitSignedError();
    const episode = await this.episodes.find(current.episode_id);
    if (episode.status !== 'active') throw new EpisodeClosedError(episode.status);
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const cols = await this.columnsFor(dto, episode);
    const names = Object.keys(cols) as (keyof VisitColumns)[];
    // Check and write in one statement: of racing writers on one version, exactly one wins.
    const result = (await this.m.query(
      `UPDATE visits SET ${[...names.map((n, i) => `${n} = $${i + 4}`), 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND clinic_id = $2 AND status = 'draft' AND ($3::int IS NULL OR version = $3)
        RETURNING ${VISIT_COLUMNS}`,
      [
        id,
        requestContext.principal().clinicId,
        ifMatch === '*' ? null : ifMatch,
        ...names.map((n) => cols[n]),
      ],
    )) as [VisitRow[], number];
    const row = result[0][0];
    if (!row) {
      const now = await this.findRow(id);
      if (now.status === 'signed') throw new VisitSignedError();
      throw new StaleVersionError(now.version);
    }
    await this.audit.record(this.m, {
      action: 'visit.update',
      entityType: 'visit',
      entityId: id,
      changedFields: names.map((n) => FIELD_OF_COLUMN[n]),
    });
    return this.view(row);
  }

  async remove(id: string, ifMatch: number | '*' | undefined): Promise<void> {
    const current = await this.findRow(id, true);
    if (current.status === 'signed') throw new VisitSignedError();
    const episode = await this.episodes.find(current.episode_id);
    if (episode.status !== 'active') throw new EpisodeClosedError(episode.status);
    checkVersion(ifMatch, current.version);
    await this.m.query(`DELETE FROM visits WHERE id = $1 AND clinic_id = $2 AND status = 'draft'`, [
      id,
      requestContext.principal().clinicId,
    ]);
    await this.audit.record(this.m, { action: 'visit.delete', entityType: 'visit', entityId: id });
  }

  async sign(id: string, ifMatch: number | '*' | undefined): Promise<VisitView> {
    const principal = requestContext.principal();
    const current = await this.findRow(id, true);
    if (current.therapist_id !== principal.userId)
      throw new ForbiddenError('Only the therapist who created the visit can sign it.');
    if (current.status === 'signed') throw new VisitSignedError();
    const episode = await this.episodes.find(current.episode_id);
    if (episode.status !== 'active') throw new EpisodeClosedError(episode.status);
    checkVersion(ifMatch, current.version);
    if (
      SIGN_NEEDS_PAIN.has(current.visit_type) &&
      !current.measurements.some((mm) => mm.instrument === 'nprs_activity')
    ) {
      throw new SignIncompleteError(
        `A ${current.visit_type.replace('_', ' ')} needs a pain score (nprs_activity) to be signed.`,
        [{ field: 'measurements', message: 'nprs_activity is required to sign this visit type' }],
      );
    }
    if (current.visit_date.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw new SignIncompleteError('A visit cannot be signed before it happens.', [
        { field: 'visitDate', message: 'visitDate is in the future' },
      ]);
    }
    const result = (await this.m.query(
      `UPDATE visits SET status = 'signed', signed_at = now(), signed_by = $3, version = version + 1, updated_at = now()
        WHERE id = $1 AND clinic_id = $2 AND status = 'draft' RETURNING ${VISIT_COLUMNS}`,
      [id, principal.clinicId, principal.userId],
    )) as [VisitRow[], number];
    await refreshEpisodeSummaries(this.m, [current.episode_id]);
    await this.audit.record(this.m, {
      action: 'visit.sign',
      entityType: 'visit',
      entityId: id,
      changedFields: ['status'],
    });
    return this.view(result[0][0]);
  }

  async addAddendum(id: string, text: string): Promise<VisitView> {
    const principal = requestContext.principal();
    const current = await this.findRow(id);
    if (current.therapist_id !== principal.userId) {
      throw new ForbiddenError('Only the therapist who created the visit can add an addendum.');
    }
    if (current.status !== 'signed') {
      throw new ConflictError('Addenda are for signed visits; edit the draft instead.');
    }
    const [addendum] = (await this.m.query(
      `INSERT INTO visit_addenda (clinic_id, visit_id, text, author_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [principal.clinicId, id, text, principal.userId],
    )) as { id: string }[];
    await this.audit.record(this.m, {
      action: 'visit.addendum',
      entityType: 'visit',
      entityId: id,
      detail: { addendumId: addendum.id },
    });
    return this.view(current);
  }
}
