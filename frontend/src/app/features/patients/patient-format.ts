import type { PatientView, Sex } from '@stride/api';

type Named = Pick<PatientView, 'firstName' | 'lastName'>;

/** "Ava Alvarez". */
export function fullName(patient: Named): string {
  return `${patient.firstName} ${patient.lastName}`;
}

/** "Alvarez, Ava", as the list is ordered. */
export function sortName(patient: Named): string {
  return `${patient.lastName}, ${patient.firstName}`;
}

export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

/**
 * Whole years from a date of birth to `today` (both `YYYY-MM-DD`): the birthday has to have
 * come this year. Someone born on 29 February turns a year older on 1 March in other years.
 */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

const CALENDAR_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

/** `2026-03-02` → "Mar 2, 2026" (a calendar date has no time zone to convert). */
export function formatCalendarDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return CALENDAR_DATE.format(new Date(Date.UTC(y, m - 1, d)));
}
