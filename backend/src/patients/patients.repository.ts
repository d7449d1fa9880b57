import { Injectable } from '@nestjs/common';
import { countRows, type Page } from '../common/pagination.js';
import { escapeLike } from '../common/sql.js';
import { TenantRepository } from '../database/tenant-repository.js';
import { columnValues, type IfMatch, versionedUpdate } from '../database/versioned-update.js';
import type { CreatePatientDto, PatientView, UpdatePatientDto } from './dto/patient.dto.js';

/** A patients row as this repository reads it. */
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

const FIELD_COLUMNS: Record<keyof UpdatePatientDto, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  email: 'email',
  phone: 'phone',
};

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

export interface PatientSearch {
  /** Up to 6 words, each of which must occur in the name or MRN (case- and accent-folded). */
  words: string[];
  /** Include archived patients. */
  archived: boolean;
}

/**
 * The SQL of patients (and their MRN counters). Every statement is keyed by the caller's clinic,
 * which this class adds itself; it runs in the request's tenant transaction.
 */
@Injectable()
export class PatientsRepository extends TenantRepository {
  /** A page of the clinic's patients by name; the total is counted only when the page cannot tell it. */
  async search(
    q: PatientSearch,
    w: { pageSize: number; offset: number },
  ): Promise<Omit<Page<PatientView>, 'page' | 'pageSize'>> {
    const params: unknown[] = [this.clinicId];
    const where = ['clinic_id = $1'];
    if (!q.archived) where.push('archived_at IS NULL');
    for (const word of q.words) {
      params.push(escapeLike(word));
      where.push(`search_text LIKE '%' || stride_fold($${params.length}) || '%'`);
    }
    const rows = (await this.m.query(
      `SELECT ${COLUMNS} FROM patients WHERE ${where.join(' AND ')}
        ORDER BY sort_last, sort_first, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, w.pageSize, w.offset],
    )) as PatientRow[];
    // A first page that is not full holds every match: no need to count them again.
    let total = w.offset + rows.length;
    if (rows.length === w.pageSize || (rows.length === 0 && w.offset > 0)) {
      total = await countRows(this.m, 'patients', where.join(' AND '), params);
    }
    return { items: rows.map(toView), total };
  }

  /** The clinic's patient, or undefined (another clinic's id reads as missing). */
  async find(id: string, lock = false): Promise<PatientView | undefined> {
    const rows = (await this.m.query(
      `SELECT ${COLUMNS} FROM patients WHERE id = $1 AND clinic_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, this.clinicId],
    )) as PatientRow[];
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /**
   * The clinic's next MRN. The counter row stays locked until this transaction ends, so
   * concurrent creates queue here; a rollback gives its number back.
   */
  async nextMrn(): Promise<string> {
    const [counter] = (await this.m.query(
      `INSERT INTO patient_mrn_counters (clinic_id, last_value) VALUES ($1, 1)
       ON CONFLICT (clinic_id) DO UPDATE SET last_value = patient_mrn_counters.last_value + 1
       RETURNING last_value`,
      [this.clinicId],
    )) as { last_value: number }[];
    return `P-${String(counter.last_value).padStart(6, '0')}`;
  }

  async insert(mrn: string, dto: CreatePatientDto): Promise<PatientView> {
    const [row] = (await this.m.query(
      `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex, email, phone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        this.clinicId,
        mrn,
        dto.firstName,
        dto.lastName,
        dto.dateOfBirth,
        dto.sex,
        dto.email ?? null,
        dto.phone ?? null,
      ],
    )) as PatientRow[];
    return toView(row);
  }

  /**
   * Writes the given fields of a patient that is not archived, at the version If-Match names
   * (see versionedUpdate). On a miss, `explain` may name why from the patient as it is now.
   */
  async update(
    id: string,
    changes: UpdatePatientDto,
    ifMatch: IfMatch,
    reread: () => Promise<PatientView>,
    explain: (now: PatientView) => Error | undefined,
  ): Promise<PatientView> {
    const values = columnValues(changes, FIELD_COLUMNS);
    const row = await versionedUpdate<PatientRow, PatientView>(
      this.m,
      {
        table: 'patients',
        id,
        clinicId: this.clinicId,
        ifMatch,
        values,
        where: 'archived_at IS NULL',
        returning: COLUMNS,
      },
      reread,
      explain,
    );
    return toView(row);
  }

  /** Marks the patient archived, at the version If-Match names. */
  async archive(id: string, ifMatch: IfMatch, reread: () => Promise<PatientView>): Promise<void> {
    await versionedUpdate<PatientRow, PatientView>(
      this.m,
      {
        table: 'patients',
        id,
        clinicId: this.clinicId,
        ifMatch,
        expressions: { archived_at: 'now()' },
        returning: 'id',
      },
      reread,
    );
  }

  /** How many active episodes of care the patient has. */
  async activeEpisodes(patientId: string): Promise<number> {
    const [active] = (await this.m.query(
      `SELECT count(*)::int AS n FROM episodes WHERE patient_id = $1 AND clinic_id = $2 AND status = 'active'`,
      [patientId, this.clinicId],
    )) as { n: number }[];
    return active.n;
  }
}
