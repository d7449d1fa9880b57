import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { type Page, pageWindow } from '../common/pagination.js';
import { ForbiddenError, NotFoundError, PreconditionRequiredError } from '../common/problems.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { IfMatch } from '../database/versioned-update.js';
import type {
  CreateExerciseDto,
  ExerciseQuery,
  ExerciseView,
  UpdateExerciseDto,
} from './dto/exercise.dto.js';
import { ExercisesRepository } from './exercises.repository.js';

@Injectable()
export class ExercisesService {
  constructor(
    private readonly db: TenantDb,
    private readonly exercises: ExercisesRepository,
    private readonly audit: AuditService,
  ) {}

  /** The global library and the caller's clinic's own exercises, by name. */
  async list(q: ExerciseQuery): Promise<Page<ExerciseView>> {
    const { page, pageSize, offset } = pageWindow(q);
    const { items, total } = await this.exercises.search(q, { pageSize, offset });
    return { items, total, page, pageSize };
  }

  private async find(id: string): Promise<ExerciseView> {
    const exercise = await this.exercises.find(id);
    if (!exercise) throw new NotFoundError('exercise');
    return exercise;
  }

  async get(id: string): Promise<ExerciseView> {
    return this.find(id);
  }

  async create(dto: CreateExerciseDto): Promise<ExerciseView> {
    const exercise = await this.exercises.insert(dto);
    await this.audit.record(this.db.manager, {
      action: 'exercise.create',
      entityType: 'exercise',
      entityId: exercise.id,
      changedFields: Object.keys(dto),
    });
    return exercise;
  }

  async update(id: string, dto: UpdateExerciseDto, ifMatch: IfMatch): Promise<ExerciseView> {
    const current = await this.find(id);
    if (current.global)
      throw new ForbiddenError('The global exercise library cannot be edited; add your own exercise.');
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const fields = (Object.keys(dto) as (keyof UpdateExerciseDto)[]).filter((k) => dto[k] !== undefined);
    const exercise = await this.exercises.update(id, dto, ifMatch, () => this.find(id));
    await this.audit.record(this.db.manager, {
      action: 'exercise.update',
      entityType: 'exercise',
      entityId: id,
      changedFields: fields,
    });
    return exercise;
  }
}
