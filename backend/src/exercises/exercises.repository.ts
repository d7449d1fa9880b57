import { Injectable } from '@nestjs/common';
import { countRows, type Page, windowTotal } from '../common/pagination.js';
import { escapeLike } from '../common/sql.js';
import { TenantRepository } from '../database/tenant-repository.js';
import { columnValues, type IfMatch, versionedUpdate } from '../database/versioned-update.js';
import type {
  CreateExerciseDto,
  ExerciseQuery,
  ExerciseView,
  UpdateExerciseDto,
} from './dto/exercise.dto.js';

/** An exercises row as this repository reads it; `clinic_id` null is the global library. */
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

const FIELD_COLUMNS: Record<keyof UpdateExerciseDto, string> = {
  name: 'name',
  targets: 'targets',
  instructions: 'instructions',
  defaultDosage: 'default_dosage',
};

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

/** What a prescription copies of a library exercise, so later library edits never change a note. */
export interface PrescribableExercise {
  id: string;
  name: string;
  instructions: string;
  targets: string[];
}

/**
 * The SQL of the exercise library: the global exercises every clinic reads and the caller's
 * clinic's own, which only it reads and writes. Every statement is keyed by the caller's clinic,
 * which this class adds itself; it runs in the request's tenant transaction.
 */
@Injectable()
export class ExercisesRepository extends TenantRepository {
  /** A page of the global library and the clinic's own exercises, by name. */
  async search(
    q: Pick<ExerciseQuery, 'q' | 'target'>,
    w: { pageSize: number; offset: number },
  ): Promise<Omit<Page<ExerciseView>, 'page' | 'pageSize'>> {
    const params: unknown[] = [this.clinicId];
    const where = ['(clinic_id IS NULL OR clinic_id = $1)'];
    if (q.q?.trim()) {
      params.push(escapeLike(q.q.trim()));
      where.push(`stride_fold(name) LIKE '%' || stride_fold($${params.length}) || '%'`);
    }
    if (q.target) {
      params.push(q.target);
      where.push(`$${params.length} = ANY(targets)`);
    }
    const rows = (await this.m.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM exercises WHERE ${where.join(' AND ')}
        ORDER BY lower(name), id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, w.pageSize, w.offset],
    )) as (ExerciseRow & { total: string })[];
    const total = await windowTotal(rows, w.offset, () =>
      countRows(this.m, 'exercises', where.join(' AND '), params),
    );
    return { items: rows.map(toView), total };
  }

  /** A global exercise or one of the clinic's own, or undefined. */
  async find(id: string): Promise<ExerciseView | undefined> {
    const rows = (await this.m.query(
      `SELECT ${COLUMNS} FROM exercises WHERE id = $1 AND (clinic_id IS NULL OR clinic_id = $2)`,
      [id, this.clinicId],
    )) as ExerciseRow[];
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /**
   * The exercises of these ids a visit may prescribe (global or the clinic's own), by id.
   * (The throughput benchmark's raw baseline sends this very statement.)
   */
  async prescribable(ids: string[]): Promise<Map<string, PrescribableExercise>> {
    const rows = (await this.m.query(
      `SELECT id, name, instructions, targets FROM exercises
              WHERE id = ANY($1::uuid[]) AND (clinic_id IS NULL OR clinic_id = $2)`,
      [ids, this.clinicId],
    )) as PrescribableExercise[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** A new exercise of the caller's clinic. */
  async insert(dto: CreateExerciseDto): Promise<ExerciseView> {
    const [row] = (await this.m.query(
      `INSERT INTO exercises (clinic_id, name, targets, instructions, default_dosage)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [this.clinicId, dto.name, dto.targets, dto.instructions, dto.defaultDosage ?? ''],
    )) as ExerciseRow[];
    return toView(row);
  }

  /**
   * Writes the given fields of one of the clinic's own exercises at the version If-Match names
   * (versionedUpdate); global exercises have no clinic, so they never match.
   */
  async update(
    id: string,
    changes: UpdateExerciseDto,
    ifMatch: IfMatch,
    reread: () => Promise<ExerciseView>,
  ): Promise<ExerciseView> {
    // No dosage is stored as '' (the column is not nullable).
    const dosage = changes.defaultDosage === null ? { defaultDosage: '' } : {};
    const values = columnValues({ ...changes, ...dosage }, FIELD_COLUMNS);
    return toView(
      await versionedUpdate<ExerciseRow, ExerciseView>(
        this.m,
        { table: 'exercises', id, clinicId: this.clinicId, ifMatch, values, returning: COLUMNS },
        reread,
      ),
    );
  }
}
