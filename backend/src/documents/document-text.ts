/**
 * The words and numbers a printed document shows: enum values in clinical words, instants as
 * `YYYY-MM-DD HH:mm` in the clinic's time zone, instrument values at their step, dosages. Pure.
 */
import type { Instrument } from '@stride/clinical';

const VISIT_TYPES: Record<string, string> = {
  initial_evaluation: 'Initial evaluation',
  follow_up: 'Follow-up',
  re_evaluation: 'Re-evaluation',
  discharge: 'Discharge',
};

const DISCHARGE_REASONS: Record<string, string> = {
  goals_met: 'Goals met',
  plateaued: 'Plateaued',
  self_discharged: 'Self-discharged',
  referred_out: 'Referred out',
  other: 'Other',
};

const TECHNIQUES: Record<string, string> = {
  soft_tissue_mobilization: 'Soft tissue mobilization',
  myofascial_release: 'Myofascial release',
  instrument_assisted: 'Instrument-assisted soft tissue mobilization',
  joint_mobilization: 'Joint mobilization',
  dry_needling: 'Dry needling',
  manual_stretching: 'Manual stretching',
  other: 'Other technique',
};

const BODY_SIDES: Record<string, string> = {
  left: 'left',
  right: 'right',
  bilateral: 'bilateral',
  not_applicable: 'not applicable',
};

export const visitTypeInWords = (t: string): string => VISIT_TYPES[t] ?? t;
export const dischargeReasonInWords = (r: string): string => DISCHARGE_REASONS[r] ?? r;
export const techniqueInWords = (t: string): string => TECHNIQUES[t] ?? t;
export const bodySideInWords = (s: string): string => BODY_SIDES[s] ?? s;

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as `YYYY-MM-DD HH:mm` on the clock of `timeZone` (24-hour). */
export function instantIn(instant: Date | string, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(
    f.formatToParts(typeof instant === 'string' ? new Date(instant) : instant).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The "Signed by" line of SPEC §9: `Signed by <name>[, <credentials>] on <YYYY-MM-DD HH:mm> <IANA zone>`. */
export function signedByLine(
  name: string,
  credentials: string | null,
  signedAt: Date | string,
  timeZone: string,
): string {
  const who = credentials && credentials.trim() !== '' ? `${name}, ${credentials.trim()}` : name;
  return `Signed by ${who} on ${instantIn(signedAt, timeZone)} ${timeZone}`;
}

/** Decimals of an instrument's step: 0 for whole steps, 1 for 0.1. */
function decimalsOf(instrument: Instrument): number {
  return Math.max(0, Math.round(-Math.log10(instrument.step)));
}

/** A value (or change) of an instrument at its step: LEFS 48, PSFS 4.0. */
export function valueText(instrument: Instrument, value: number): string {
  return value.toFixed(decimalsOf(instrument));
}

/** A change with its sign (positive = better, outcome-math.ts): +3, -1, 0. */
export function changeText(instrument: Instrument, change: number): string {
  const text = valueText(instrument, Math.abs(change));
  if (Number(text) === 0) return valueText(instrument, 0);
  return change > 0 ? `+${text}` : `-${text}`;
}

/** Weeks between two calendar dates, one decimal: 41 days → "5.9". */
export function weeksText(days: number): string {
  return (Math.round((days * 10) / 7) / 10).toFixed(1);
}

export interface Dosage {
  sets: number | null;
  reps: number | null;
  holdSeconds: number | null;
  load: string | null;
  timesPerWeek: number | null;
}

/** A prescription's dosage in words: "3 × 12, red band, 3 times a week"; "—" when none is given. */
export function dosageText(d: Dosage): string {
  const parts: string[] = [];
  const hold = d.holdSeconds ? `${d.holdSeconds} s hold` : undefined;
  if (d.sets && d.reps) parts.push(`${d.sets} × ${d.reps}${hold ? `, ${hold}` : ''}`);
  else if (d.sets && hold) parts.push(`${d.sets} × ${hold}`);
  else if (d.sets) parts.push(`${d.sets} ${d.sets === 1 ? 'set' : 'sets'}`);
  else if (d.reps) parts.push(`${d.reps} reps${hold ? `, ${hold}` : ''}`);
  else if (hold) parts.push(hold);
  if (d.load && d.load.trim() !== '') parts.push(d.load.trim());
  if (d.timesPerWeek) parts.push(d.timesPerWeek === 1 ? 'once a week' : `${d.timesPerWeek} times a week`);
  return parts.length ? parts.join(', ') : '—';
}

/** `a` units / `a` unit. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
