import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { countRows, type Page, pageWindow, windowTotal } from '../common/pagination.js';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionRequiredError,
  StaleVersionError,
} from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { escapeLike } from '../common/sql.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type {
  CreateExerciseDto,
  ExerciseQuery,
  ExerciseView,
  UpdateExerciseDto,
} from './dto/exercise.dto.js';

interface ExerciseRow {
  id: string;
  clinic_id: string | null;
  name: string;
  targets: ExerciseView['targets'];
  instructions: string;
  default_dosage: string;
  version: number;
}

const COLUMNS = 'id, clinic_id, name, targets, instructions, default_dosage, version';

function toView(r: ExerciseRow): ExerciseView {
  return {
    id: r.id,
    name: r.name,
    targets: r.targets,
    instructions: r.instructions,
    defaultDosage: r.default_dosage,
    global: r.clinic_id === null,
    version: r.version,
  };
}

@Injectable()
export class ExercisesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  /** The global library and the caller's clinic's own exercises, by name. */
  async list(q: ExerciseQuery): Promise<Page<ExerciseView>> {
    const { page, pageSize, offset } = pageWindow(q);
    const params: unknown[] = [requestContext.principal().clinicId];
    const where = ['(clinic_id IS NULL OR clinic_id = $1)'];
    if (q.q?.trim()) {
      params.push(escapeLike(q.q.trim()));
      where.push(`stride_fold(name) LIKE '%' || stride_fold($${params.length}) || '%'`);
    }
    if (q.target) {
      params.push(q.target);
      where.push(`$${params.length} = ANY(targets)`);
    }
    const all = (await this.db.manager.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM exercises WHERE ${where.join(' AND ')}
        ORDER BY lower(name), id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    )) as (ExerciseRow & { total: string })[];
    const total = await windowTotal(all, offset, () =>
      countRows(this.db.manager, 'exercises', where.join(' AND '), params),
    );
    return { items: all.map(toView), total, page, pageSize };
  }

  private async find(id: string): Promise<ExerciseRow> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM exercises WHERE id = $1 AND (clinic_id IS NULL OR clinic_id = $2)`,
      [id, requestContext.principal().clinicId],
    )) as ExerciseRow[];
    if (!rows[0]) throw new NotFoundError('exercise');
    return rows[0];
  }

  async get(id: string): Promise<ExerciseView> {
    return toView(await this.find(id));
  }

  async create(dto: CreateExerciseDto): Promise<ExerciseView> {
    const [row] = (await this.db.manager.query(
      `INSERT INTO exercises (clinic_id, name, targets, instructions, default_dosage)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [requestContext.principal().clinicId, dto.name, dto.targets, dto.instructions, dto.defaultDosage ?? ''],
    )) as ExerciseRow[];
    await this.audit.record(this.db.manager, {
      action: 'exercise.create',
      entityType: 'exercise',
      entityId: row.id,
      changedFields: Object.keys(dto),
    });
    return toView(row);
  }

  async update(id: string, dto: UpdateExerciseDto, ifMatch: number | '*' | undefined): Promise<ExerciseView> {
    const current = await this.find(id);
    if (current.clinic_id === null)
      throw new ForbiddenError('The global exercise library cannot be edited; add your own exercise.');
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const columns: Record<keyof UpdateExerciseDto, string> = {
      name: 'name',
      targets: 'targets',
      instructions: 'instructions',
      defaultDosage: 'default_dosage',
    };
    const fields = (Object.keys(dto) as (keyof UpdateExerciseDto)[]).filter((k) => dto[k] !== undefined);
    const values = fields.map((k) => (k === 'defaultDosage' ? (dto.defaultDosage ?? '') : dto[k]));
    const result = (await this.db.manager.query(
      `UPDATE exercises SET ${[...fields.map((k, i) => `${columns[k]} = $${i + 4}`), 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND clinic_id = $2 AND ($3::int IS NULL OR version = $3) RETURNING ${COLUMNS}`,
      [id, requestContext.principal().clinicId, ifMatch === '*' ? null : ifMatch, ...values],
    )) as [ExerciseRow[], number];
    const row = result[0][0];
    if (!row) throw new StaleVersionError((await this.find(id)).version);
    await this.audit.record(this.db.manager, {
      action: 'exercise.update',
      entityType: 'exercise',
      entityId: id,
      changedFields: fields,
    });
    return toView(row);
  }
}
