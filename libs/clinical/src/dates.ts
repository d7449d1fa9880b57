/**
 * Calendar days. A calendar date is a `YYYY-MM-DD` string; an instant is a `Date`, epoch
 * milliseconds or an ISO 8601 string with a `Z` or an offset. Every date the clinical rules count
 * with (visit dates, "today", weeks of care) is a calendar date in the clinic's time zone, and
 * `calendarDateIn` is the one place an instant becomes one.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date written `YYYY-MM-DD` (not 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** ISO 8601 with a `Z` or an explicit offset: a local time without one is ambiguous. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone: the clinic's day of a
 * visit. `en-CA` formats dates as `YYYY-MM-DD`; one formatter per zone is kept.
 */
export function calendarDateIn(instant: string | number | Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(instant instanceof Date ? instant : new Date(instant));
}

/** Today in a time zone (the clinic's). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return calendarDateIn(now, timeZone);
}

/** `to − from` in whole days, for calendar dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A calendar date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The 0-based week of care of a calendar date: `floor((date − start date) / 7)`. */
export function weekOf(startDate: string, date: string): number {
  return Math.floor(daysBetween(startDate, date) / 7);
}

/** The 0-based week of care of a visit: its calendar date in the clinic's time zone, then `weekOf`. */
export function weekOfVisit(
  startDate: string,
  visitInstant: string | number | Date,
  timeZone: string,
): number {
  return weekOf(startDate, calendarDateIn(visitInstant, timeZone));
}
