import type { EntityManager } from 'typeorm';

/**
 * What must follow a change of the clinic's time zone, in the same transaction: visit days (and
 * so weeks) are calendar dates in it. The outcomes module provides it (its episode summaries are
 * reckoned in those days), so the clinic does not import what builds on it.
 */
export abstract class ClinicTimeZoneChange {
  abstract changed(m: EntityManager, clinicId: string): Promise<void>;
}
