import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { type Page, pageWindow } from '../common/pagination.js';
import { ConflictError, NotFoundError, PreconditionRequiredError } from '../common/problems.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { IfMatch } from '../database/versioned-update.js';
import type { CreatePatientDto, PatientQuery, PatientView, UpdatePatientDto } from './dto/patient.dto.js';
import { PatientsRepository } from './patients.repository.js';

/** An archived patient is read-only. */
function archivedRefusal(patient: PatientView): Error | undefined {
  return patient.archivedAt ? new ConflictError('The patient is archived and read-only.') : undefined;
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly db: TenantDb,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(q: PatientQuery): Promise<Page<PatientView>> {
    const { page, pageSize, offset } = pageWindow(q);
    const words = (q.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 6);
    const { items, total } = await this.patients.search(
      { words, archived: Boolean(q.archived) },
      { pageSize, offset },
    );
    await this.audit.record(this.db.manager, {
      action: 'patient.list',
      entityType: 'patient',
      detail: { ids: items.map((p) => p.id), q: q.q ?? null, page },
    });
    return { items, total, page, pageSize };
  }

  /** The clinic's patient; another clinic's id is "not found", exactly like a missing one. */
  async find(id: string, lock = false): Promise<PatientView> {
    const patient = await this.patients.find(id, lock);
    if (!patient) throw new NotFoundError('patient');
    return patient;
  }

  async get(id: string): Promise<PatientView> {
    const patient = await this.find(id);
    await this.audit.record(this.db.manager, { action: 'patient.read', entityType: 'patient', entityId: id });
    return patient;
  }

  async create(dto: CreatePatientDto): Promise<PatientView> {
    const patient = await this.patients.insert(await this.patients.nextMrn(), dto);
    await this.audit.record(this.db.manager, {
      action: 'patient.create',
      entityType: 'patient',
      entityId: patient.id,
      changedFields: Object.keys(dto),
    });
    return patient;
  }

  async update(id: string, dto: UpdatePatientDto, ifMatch: IfMatch): Promise<PatientView> {
    const current = await this.find(id);
    const archived = archivedRefusal(current);
    if (archived) throw archived;
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const fields = (Object.keys(dto) as (keyof UpdatePatientDto)[]).filter((k) => dto[k] !== undefined);
    const patient = await this.patients.update(id, dto, ifMatch, () => this.find(id), archivedRefusal);
    await this.audit.record(this.db.manager, {
      action: 'patient.update',
      entityType: 'patient',
      entityId: id,
      changedFields: fields,
    });
    return patient;
  }

  /** DELETE archives: the record stays, read-only; a patient in active care cannot be archived. */
  async archive(id: string, ifMatch: IfMatch): Promise<void> {
    const current = await this.find(id, true);
    if (current.archivedAt) return;
    if ((await this.patients.activeEpisodes(id)) > 0)
      throw new ConflictError('The patient has an active episode of care; discharge or cancel it first.');
    await this.patients.archive(id, ifMatch, () => this.find(id));
    await this.audit.record(this.db.manager, {
      action: 'patient.archive',
      entityType: 'patient',
      entityId: id,
      changedFields: ['archivedAt'],
    });
  }
}
