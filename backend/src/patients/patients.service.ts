import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { checkVersion } from '../common/etag.js';
import { countRows, type Page, pageWindow } from '../common/pagination.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionRequiredError,
  StaleVersionError,
} from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { escapeLike } from '../common/sql.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { CreatePatientDto, PatientQuery, PatientView, UpdatePatientDto } from './dto/patient.dto.js';

interface PatientRow {
  id: string;
  mrn: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  sex: PatientView['sex'];
  email: string | null;
  phone: string | null;
  archived_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, mrn, first_name, last_name, date_of_birth, sex, email, phone, archived_at, version,
  created_at, updated_at`;

function toView(r: PatientRow): PatientView {
  return {
    id: r.id,
    mrn: r.mrn,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    email: r.email,
    phone: r.phone,
    archivedAt: r.archived_at ? r.archived_at.toISOString() : null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const FIELD_COLUMNS: Record<keyof UpdatePatientDto, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  email: 'email',
  phone: 'phone',
};

@Injectable()
export class PatientsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async list(q: PatientQuery): Promise<Page<PatientView>> {
    const { clinicId } = requestContext.principal();
    const { page, pageSize, offset } = pageWindow(q);
    const params: unknown[] = [clinicId];
    const where = ['clinic_id = $1'];
    if (!q.archived) where.push('archived_at IS NULL');
    const words = (q.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 6);
    for (const word of words) {
      params.push(escapeLike(word));
      where.push(`search_text LIKE '%' || stride_fold($${params.length}) || '%'`);
    }
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM patients WHERE ${where.join(' AND ')}
        ORDER BY sort_last, sort_first, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    )) as PatientRow[];
    // A first page that is not full holds every match: no need to count them again.
    let total = offset + rows.length;
    if (rows.length === pageSize || (rows.length === 0 && offset > 0)) {
      total = await countRows(this.db.manager, 'patients', where.join(' AND '), params);
    }
    const items = rows.map(toView);
    await this.audit.record(this.db.manager, {
      action: 'patient.list',
      entityType: 'patient',
      detail: { ids: items.map((p) => p.id), q: q.q ?? null, page },
    });
    return { items, total, page, pageSize };
  }

  /** The clinic's patient; another clinic's id is "not found", exactly like a missing one. */
  async find(id: string, lock = false): Promise<PatientView> {
    const { clinicId } = requestContext.principal();
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM patients WHERE id = $1 AND clinic_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, clinicId],
    )) as PatientRow[];
    if (!rows[0]) throw new NotFoundError('patient');
    return toView(rows[0]);
  }

  async get(id: string): Promise<PatientView> {
    const patient = await this.find(id);
    await this.audit.record(this.db.manager, { action: 'patient.read', entityType: 'patient', entityId: id });
    return patient;
  }

  async create(dto: CreatePatientDto): Promise<PatientView> {
    const { clinicId } = requestContext.principal();
    const m = this.db.manager;
    // The counter row stays locked until this transaction ends, so concurrent creates queue
    // here; a rollback gives its number back.
    const [counter] = (await m.query(
      `INSERT INTO patient_mrn_counters (clinic_id, last_value) VALUES ($1, 1)
       ON CONFLICT (clinic_id) DO UPDATE SET last_value = patient_mrn_counters.last_value + 1
       RETURNING last_value`,
      [clinicId],
    )) as { last_value: number }[];
    const mrn = `P-${String(counter.last_value).padStart(6, '0')}`;
    const [row] = (await m.query(
      `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex, email, phone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        clinicId,
        mrn,
        dto.firstName,
        dto.lastName,
        dto.dateOfBirth,
        dto.sex,
        dto.email ?? null,
        dto.phone ?? null,
      ],
    )) as PatientRow[];
    await this.audit.record(m, {
      action: 'patient.create',
      entityType: 'patient',
      entityId: row.id,
      changedFields: Object.keys(dto),
    });
    return toView(row);
  }

  async update(id: string, dto: UpdatePatientDto, ifMatch: number | '*' | undefined): Promise<PatientView> {
    const current = await this.find(id);
    if (current.archivedAt) throw new ConflictError('The patient is archived and read-only.');
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    const fields = (Object.keys(dto) as (keyof UpdatePatientDto)[]).filter((k) => dto[k] !== undefined);
    const sets = fields.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 4}`);
    // Check and write in one statement: of racing writers on one version, exactly one wins.
    const rows = (await this.db.manager.query(
      `UPDATE patients SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND clinic_id = $2 AND archived_at IS NULL AND ($3::int IS NULL OR version = $3)
        RETURNING ${COLUMNS}`,
      [
        id,
        requestContext.principal().clinicId,
        ifMatch === '*' ? null : ifMatch,
        ...fields.map((k) => dto[k]),
      ],
    )) as [PatientRow[], number];
    const row = rows[0][0];
    if (!row) {
      const now = await this.find(id);
      if (now.archivedAt) throw new ConflictError('The patient is archived and read-only.');
      throw new StaleVersionError(now.version);
    }
    await this.audit.record(this.db.manager, {
      action: 'patient.update',
      entityType: 'patient',
      entityId: id,
      changedFields: fields,
    });
    return toView(row);
  }

  /** DELETE archives: the record stays, read-only; a patient in active care cannot be archived. */
  async archive(id: string, ifMatch: number | '*' | undefined): Promise<void> {
    const m = this.db.manager;
    const current = await this.find(id, true);
    if (current.archivedAt) return;
    const [active] = (await m.query(
      `SELECT count(*)::int AS n FROM episodes WHERE patient_id = $1 AND clinic_id = $2 AND status = 'active'`,
      [id, requestContext.principal().clinicId],
    )) as { n: number }[];
    if (active.n > 0)
      throw new ConflictError('The patient has an active episode of care; discharge or cancel it first.');
    checkVersion(ifMatch, current.version);
    await m.query(
      `UPDATE patients SET archived_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND clinic_id = $2`,
      [id, requestContext.principal().clinicId],
    );
    await this.audit.record(m, {
      action: 'patient.archive',
      entityType: 'patient',
      entityId: id,
      changedFields: ['archivedAt'],
    });
  }
}
