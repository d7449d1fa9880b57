import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';
import { TenantRepository } from '../database/tenant-repository.js';
import { type IfMatch, versionedUpdate } from '../database/versioned-update.js';
import type { ClinicView, DistanceUnit } from './dto/clinic.dto.js';

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
export type ClinicSettings = {
  name?: string;
  timezone?: string;
  distance_unit?: DistanceUnit;
  require_mfa_for_admins?: boolean;
};

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
export class ClinicsRepository extends TenantRepository {
  async mine(opts: { lock?: boolean } = {}): Promise<ClinicRow> {
    const rows = (await this.db.manager.query(
      `SELECT ${CLINIC_COLUMNS} FROM clinics WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [requestContext.principal().clinicId],
    )) as ClinicRow[];
    if (!rows[0]) throw new Error('the signed-in clinic vanished');
    return rows[0];
  }

  /**
   * Writes the settings through the one versioned update (the clinics row is the tenant itself,
   * so its clinic is its `id`); a version other than `ifMatch` is 412.
   */
  async update(values: ClinicSettings, ifMatch: IfMatch): Promise<ClinicRow> {
    const clinicId = requestContext.principal().clinicId;
    return versionedUpdate<ClinicRow>(
      this.db.manager,
      {
        table: 'clinics',
        tenantColumn: 'id',
        id: clinicId,
        clinicId,
        ifMatch,
        values,
        returning: CLINIC_COLUMNS,
      },
      () => this.mine(),
    );
  }
}
