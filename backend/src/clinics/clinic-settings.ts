import type { EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';

/** The caller's clinic time zone: calendar dates (visit days, "today") are reckoned in it. */
export async function clinicTimeZone(m: EntityManager): Promise<string> {
  const rows = (await m.query(`SELECT timezone FROM clinics WHERE id = $1`, [
    requestContext.principal().clinicId,
  ])) as { timezone: string }[];
  return rows[0]?.timezone ?? 'UTC';
}
