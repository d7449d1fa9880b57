/**
 * Visit order: an episode's visits by visit date, then creation time, then id. Baselines, the
 * running-load flag, "visit n" and the timeline all count in this order. The API reads visits in
 * it with `ORDER BY visit_date, created_at, id`; the console sorts with `compareVisitOrder`.
 */

/** The part of a visit that fixes its place in visit order (instants as ISO 8601 strings). */
export interface VisitOrderKey {
  id: string;
  visitDate: string;
  createdAt: string;
}

/** The SQL columns of visit order, in order (for the API's `ORDER BY`). */
export const VISIT_ORDER_COLUMNS = ['visit_date', 'created_at', 'id'] as const;

/** Visit order as a comparator: visit date, then creation time, then id. */
export function compareVisitOrder(a: VisitOrderKey, b: VisitOrderKey): number {
  return (
    Date.parse(a.visitDate) - Date.parse(b.visitDate) ||
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A copy of `visits` in visit order. */
export function inVisitOrder<T extends VisitOrderKey>(visits: readonly T[]): T[] {
  return [...visits].sort(compareVisitOrder);
}

/** The other visits that come before `current` in visit order, in that order. */
export function visitsBefore<T extends VisitOrderKey>(visits: readonly T[], current: VisitOrderKey): T[] {
  return visits
    .filter((v) => v.id !== current.id && compareVisitOrder(v, current) < 0)
    .sort(compareVisitOrder);
}

/** "Visit n": the 1-based place of `current` among the episode's visits (drafts included). */
export function visitNumber(visits: readonly VisitOrderKey[], current: VisitOrderKey): number {
  return visitsBefore(visits, current).length + 1;
}
