import { weekOfVisit } from '@stride/clinical';

/**
 * Wall-clock times in the clinic's time zone for the note's inputs, without a date library:
 * `Intl.DateTimeFormat` gives the wall-clock parts of an instant in any IANA zone. Calendar days
 * (`calendarDateIn`, weeks of care) come from `@stride/clinical` (`libs/clinical/src/dates.ts`).
 */

const MINUTE_MS = 60_000;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm` (a `datetime-local` value) of an instant, on the clinic's wall clock. */
export function toLocalInput(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/**
 * The instant (ISO 8601, `Z`) at which the clinic's wall clock reads `local` (`YYYY-MM-DDTHH:mm`),
 * or null when `local` is not such a value. In a DST gap the later offset is used.
 */
export function fromLocalInput(local: string, timeZone: string): string | null {
  const m = LOCAL_INPUT.exec(local.trim());
  if (!m) {
    return null;
  }
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc)) {
    return null;
  }
  // Offset of the zone at a guess, then again at the corrected instant (DST edges).
  let instant = asUtc - offsetMs(asUtc, timeZone);
  instant = asUtc - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The zone's offset from UTC at an instant, in milliseconds (Denver in winter: −7 h). */
function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return wallAsUtc - Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
}

/** The 1-based week of care a visit falls in, as the note shows it (`weekOfVisit` + 1). */
export function weekOfCare(startDate: string, visitInstant: string, timeZone: string): number {
  return weekOfVisit(startDate, visitInstant, timeZone) + 1;
}

/** Now, to the minute: a new visit's default date (the input shows minutes, so nothing is lost). */
export function nowToTheMinute(now = Date.now()): string {
  return new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS).toISOString();
}

/** "Tue 3 Mar 2026, 16:00" in the clinic's zone, for read-only views and addenda. */
export function formatInstant(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** "3 Mar 2026" for a calendar date. */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}
