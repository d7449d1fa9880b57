import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { ClinicView } from './dto/clinic.dto.js';

export type DistanceUnit = 'km' | 'mi';

export interface ClinicRow {
  id: string;
  name: string;
  timezone: string;
  distance_unit: DistanceUnit;
  require_mfa_for_admins: boolean;
  version: number;
}

const CLINIC_COLUMNS = 'id, name, timezone, distance_unit, require_mfa_for_admins, version';

/** The settings a clinic's admin may change, by column. */
export interface ClinicSettings {
  name?: string;
  timezone?: string;
  distance_unit?: DistanceUnit;
  require_mfa_for_admins?: boolean;
}

export function toClinicView(c: ClinicRow): ClinicView {
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    distanceUnit: c.distance_unit,
    requireMfaForAdmins: c.require_mfa_for_admins,
    version: c.version,
  };
}

/** A new clinic, in a transaction already bound to its (chosen) id. */
export async function insertClinic(
  m: EntityManager,
  c: { id?: string; name: string; timezone: string; distanceUnit: DistanceUnit },
): Promise<ClinicRow> {
  const rows = (await m.query(
    `INSERT INTO clinics (id, name, timezone, distance_unit, require_mfa_for_admins)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, false)
     RETURNING ${CLINIC_COLUMNS}`,
    [c.id ?? null, c.name, c.timezone, c.distanceUnit],
  )) as ClinicRow[];
  return rows[0];
}

/** The clinic `id`, in a transaction bound to it. */
export async function findClinic(m: EntityManager, id: string): Promise<ClinicRow> {
  const rows = (await m.query(`SELECT ${CLINIC_COLUMNS} FROM clinics WHERE id = $1`, [id])) as ClinicRow[];
  if (!rows[0]) throw new Error(`clinic ${id} not found`);
  return rows[0];
}

/** The caller's clinic time zone: calendar dates (visit days, "today") are reckoned in it. */
export async function clinicTimeZone(m: EntityManager): Promise<string> {
  const rows = (await m.query(`SELECT timezone FROM clinics WHERE id = $1`, [
    requestContext.principal().clinicId,
  ])) as { timezone: string }[];
  return rows[0]?.timezone ?? 'UTC';
}

/** The caller's clinic, in the request's transaction. */
@Injectable()
export class ClinicsRepository {
  constructor(private readonly db: TenantDb) {}

  async mine(opts: { lock?: boolean } = {}): Promise<ClinicRow> {
    const rows = (await this.db.manager.query(
      `SELECT ${CLINIC_COLUMNS} FROM clinics WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [requestContext.principal().clinicId],
    )) as ClinicRow[];
    if (!rows[0]) throw new Error('the signed-in clinic vanished');
    return rows[0];
  }

  /**
   * Writes the settings and bumps the version, after `mine({ lock: true })` and the caller's
   * version check. (`versionedUpdate` keys rows by `clinic_id`, a column the clinics table, being
   * the tenant itself, does not have; the row lock taken first makes the check and the write one.)
   */
  async update(values: ClinicSettings): Promise<ClinicRow> {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    const rows = (await this.db.manager.query(
      `UPDATE clinics SET ${entries.map(([column], i) => `${column} = $${i + 2}`).join(', ')},
              version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING ${CLINIC_COLUMNS}`,
      [requestContext.principal().clinicId, ...entries.map(([, v]) => v)],
    )) as [ClinicRow[], number];
    return rows[0][0];
  }
}
