import type { DistanceUnit } from '@stride/api';

/** One international mile in km. */
export const KM_PER_MILE = 1.609344;

/** Rounds to 2 decimals without float residue for the values people type (12.345 → 12.35). */
export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A distance the API gave in km, in the clinic's unit (2 decimals). */
export function fromKm(km: number | null | undefined, unit: DistanceUnit): number | null {
  if (km === null || km === undefined) {
    return null;
  }
  return unit === 'mi' ? round2(km / KM_PER_MILE) : round2(km);
}

/** A distance entered in the clinic's unit, as km for the API (2 decimals). */
export function toKm(value: number | null | undefined, unit: DistanceUnit): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return null;
  }
  return unit === 'mi' ? round2(value * KM_PER_MILE) : round2(value);
}

export function unitLabel(unit: DistanceUnit): string {
  return unit === 'mi' ? 'mi' : 'km';
}
