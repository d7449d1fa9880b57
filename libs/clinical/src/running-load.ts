/**
 * The running-load flag: a visit whose weekly distance is more than 10% above that of the latest
 * earlier visit of the episode (draft or signed) that has one — exactly `10 × new > 11 × previous`;
 * any rise from 0 counts. Pure and import-free; the API (visit flags) and the console (the warning
 * while typing, the timeline) share this module of `@stride/clinical`.
 *
 * Distances are km with at most 2 decimals. The comparison is done on whole hundredths of a km,
 * so float noise can never decide it: 11.00 after 10.00 is exactly 10% (no flag), 11.01 is more.
 */

export const WEEKLY_DISTANCE_FLAG = 'weekly_distance_over_10_percent';

/** Whether `nextKm` is more than 10% above `previousKm` (`10 × next > 11 × previous`, in hundredths). */
export function exceedsTenPercentRise(previousKm: number, nextKm: number): boolean {
  return 10 * toHundredths(nextKm, 'nextKm') > 11 * toHundredths(previousKm, 'previousKm');
}

/**
 * For visits already in visit order (see `visit-order.ts`: visit date, then creation time, then
 * id), the flags of each visit, same length and order. A visit without a distance gets no flag and
 * does not become "the latest earlier visit that has one".
 */
export function runningLoadFlags(
  visits: readonly { weeklyDistanceKm: number | null | undefined }[],
): string[][] {
  let previous: number | null = null;
  return visits.map(({ weeklyDistanceKm }) => {
    if (weeklyDistanceKm === null || weeklyDistanceKm === undefined) return [];
    const flags =
      previous !== null && exceedsTenPercentRise(previous, weeklyDistanceKm) ? [WEEKLY_DISTANCE_FLAG] : [];
    previous = weeklyDistanceKm;
    return flags;
  });
}

/** km → whole hundredths of a km (a value with more than 2 decimals is taken at the nearest). */
function toHundredths(km: number, what: string): number {
  if (typeof km !== 'number' || !Number.isFinite(km) || km < 0) {
    throw new RangeError(`running load: ${what} must be a finite number of km ≥ 0, got ${String(km)}`);
  }
  return Math.round(km * 100);
}
