import type { OutcomesFilters } from '@stride/api';
import { addDays, isCalendarDate } from '@stride/clinical';

/**
 * The dashboard's filters and the URL's query parameters (`from`, `to`, `therapistId`,
 * `diagnosis`), both ways. Pure: "today" (the clinic's) is passed in.
 */

/** The query parameters as the router hands them over (absent ones undefined or null). */
export type FilterParams = Partial<Record<keyof OutcomesFilters, string | null | undefined>>;

/** The API's default period: today − 365 days … today (as `GET /analytics/outcomes` answers without `from`). */
export const DEFAULT_PERIOD_DAYS = 365;

export interface Preset {
  id: 'last-90-days' | 'last-12-months';
  label: string;
  /** `from` is this many days before `to` (today). */
  days: number;
}

export const PRESETS: readonly Preset[] = [
  { id: 'last-90-days', label: 'Last 90 days', days: 90 },
  { id: 'last-12-months', label: 'Last 12 months', days: DEFAULT_PERIOD_DAYS },
];

/** The API's own rule for `diagnosis` (after trimming and upper-casing): an ICD-10 prefix. */
const DIAGNOSIS = /^[A-Z0-9.]{1,8}$/;

/** "m76 " → "M76"; blank → null. Not validated. */
export function normalizeDiagnosis(value: string | null | undefined): string | null {
  const text = (value ?? '').trim().toUpperCase();
  return text === '' ? null : text;
}

/** Whether a (normalised) diagnosis prefix is one the API accepts. */
export function isDiagnosisPrefix(value: string): boolean {
  return DIAGNOSIS.test(value);
}

/** The period of a preset ending today. */
export function presetPeriod(preset: Preset, today: string): Pick<OutcomesFilters, 'from' | 'to'> {
  return { from: addDays(today, -preset.days), to: today };
}

/** The preset the period is, if any. */
export function activePreset(
  period: Pick<OutcomesFilters, 'from' | 'to'>,
  today: string,
): Preset['id'] | null {
  return (
    PRESETS.find((p) => {
      const preset = presetPeriod(p, today);
      return preset.from === period.from && preset.to === period.to;
    })?.id ?? null
  );
}

/**
 * The filters a URL asks for. What is missing or unusable falls back to the default: `to` to
 * today, `from` to a year (365 days) before `to`; an invalid date or diagnosis, or a
 * `therapistId` the caller may not filter by (a therapist only ever sees their own episodes),
 * is dropped. `from` after `to` is kept as asked: the page reports it instead of fetching.
 */
export function filtersFromParams(
  params: FilterParams,
  { today, canFilterTherapist }: { today: string; canFilterTherapist: boolean },
): OutcomesFilters {
  const to = isCalendarDate(params.to) ? params.to : today;
  const from = isCalendarDate(params.from) ? params.from : addDays(to, -DEFAULT_PERIOD_DAYS);
  const therapistId = params.therapistId?.trim() ?? '';
  const diagnosis = normalizeDiagnosis(params.diagnosis);
  return {
    from,
    to,
    therapistId: canFilterTherapist && therapistId !== '' ? therapistId : null,
    diagnosis: diagnosis !== null && isDiagnosisPrefix(diagnosis) ? diagnosis : null,
  };
}

/**
 * The query parameters for the filters: `from` and `to` always (a link shows the same period
 * whenever it is opened), `therapistId` and `diagnosis` only when set.
 */
export function paramsFromFilters(filters: OutcomesFilters): Record<keyof OutcomesFilters, string | null> {
  return {
    from: filters.from,
    to: filters.to,
    therapistId: filters.therapistId,
    diagnosis: filters.diagnosis,
  };
}

/** Why the filters cannot be asked for, or null. */
export function filtersProblem(filters: OutcomesFilters): string | null {
  return filters.from > filters.to ? 'The start of the period is after its end.' : null;
}

export function sameFilters(a: OutcomesFilters, b: OutcomesFilters): boolean {
  return a.from === b.from && a.to === b.to && a.therapistId === b.therapistId && a.diagnosis === b.diagnosis;
}
