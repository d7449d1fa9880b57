/**
 * The CMS 8-minute rule (Medicare Claims Processing Manual, Pub. 100-04, ch. 5 §20.2). Pure and
 * import-free: the API (visit view, service-line validation) and the console (live units on the
 * visit note) both run this very module of `@stride/clinical`.
 *
 * - Total timed units come from the total timed minutes of the visit: under 8 → 0; 8–22 → 1;
 *   23–37 → 2; 38–52 → 3; then one more per 15 minutes, i.e. `floor((minutes + 7) / 15)`.
 * - Each timed code first gets its whole 15-minute units, `floor(minutes / 15)`.
 * - The units left over go one each to the codes with the most remaining minutes
 *   (`minutes mod 15`); on a tie the earlier line wins.
 * - An untimed code is always 1 unit; its minutes are optional and not part of the timed total.
 *
 * Why the two edge cases the allocation could trip over never happen (the spec proves both over
 * a range of inputs):
 * - Whole units never exceed the total: Σ floor(mᵢ/15) ≤ floor(Σmᵢ/15) ≤ floor((Σmᵢ + 7)/15).
 * - Left-over units never exceed the number of lines with remaining minutes: write the total as
 *   T = 15·W + R, where W is the sum of whole units and R the sum of the k non-zero remainders
 *   (each ≤ 14, so R ≤ 14k). Then total units = W + floor((R + 7)/15), so the left-over is
 *   floor((R + 7)/15) ≤ floor((14k + 7)/15) ≤ k (and 0 when k = 0). So every left-over unit
 *   lands on a distinct line that has remaining minutes, and the line units always add up to
 *   the total. E.g. 2 lines of 7 min = 14 min → 1 unit; 3 × 7 min = 21 → 1 unit, to the first
 *   line; 3 × 5 min = 15 → 1 unit, to the first line.
 */

/** CPT/HCPCS codes billed in 15-minute units. */
export const TIMED_CPT_CODES = [
  '97032',
  '97033',
  '97035',
  '97110',
  '97112',
  '97113',
  '97116',
  '97140',
  '97530',
  '97535',
  '97750',
  '97760',
  '97761',
] as const;

/** Service-based codes: one unit each, whatever the time. */
export const UNTIMED_CPT_CODES = [
  '97010',
  '97012',
  '97014',
  '97150',
  '97161',
  '97162',
  '97163',
  '97164',
  'G0283',
] as const;

export type TimedCptCode = (typeof TIMED_CPT_CODES)[number];
export type UntimedCptCode = (typeof UNTIMED_CPT_CODES)[number];
export type CptCode = TimedCptCode | UntimedCptCode;

/** Minutes in one timed unit. */
export const UNIT_MINUTES = 15;
/** Fewest total timed minutes that bill a unit. */
export const MIN_BILLABLE_MINUTES = 8;

const TIMED: ReadonlySet<string> = new Set(TIMED_CPT_CODES);
const UNTIMED: ReadonlySet<string> = new Set(UNTIMED_CPT_CODES);

export interface ServiceLineInput {
  cptCode: string;
  minutes?: number | null;
}

export interface BilledLine {
  cptCode: string;
  minutes: number | null;
  timed: boolean;
  units: number;
}

export interface Billing {
  totalTimedMinutes: number;
  totalUnits: number;
  lines: BilledLine[];
}

export function isTimedCptCode(code: string): code is TimedCptCode {
  return TIMED.has(code);
}

export function isKnownCptCode(code: string): code is CptCode {
  return TIMED.has(code) || UNTIMED.has(code);
}

/** Units billable for a visit's total timed minutes: `floor((minutes + 7) / 15)` from 8 minutes on. */
export function timedUnitsFor(totalTimedMinutes: number): number {
  assertMinutes(totalTimedMinutes, 'totalTimedMinutes');
  if (totalTimedMinutes < MIN_BILLABLE_MINUTES) return 0;
  return Math.floor((totalTimedMinutes + UNIT_MINUTES - MIN_BILLABLE_MINUTES) / UNIT_MINUTES);
}

/**
 * Bills one visit's service lines. Lines keep their input order. The caller validates input
 * (unknown and repeated codes are a 400 there); this still throws on an unknown code, a repeated
 * code, or minutes that are not a non-negative whole number, so misuse can never bill silently.
 * A timed line without minutes (a half-filled row in the console) counts as 0 minutes and keeps
 * `minutes: null`; the API requires minutes on timed codes before it stores them.
 */
export function computeBilling(lines: readonly ServiceLineInput[]): Billing {
  const seen = new Set<string>();
  const billed: BilledLine[] = lines.map((line, index) => {
    const { cptCode } = line;
    if (!isKnownCptCode(cptCode)) {
      throw new Error(`computeBilling: unknown CPT/HCPCS code "${String(cptCode)}" on line ${index + 1}`);
    }
    if (seen.has(cptCode)) {
      throw new Error(`computeBilling: code ${cptCode} is repeated on line ${index + 1}; one line per code`);
    }
    seen.add(cptCode);
    const minutes = line.minutes ?? null;
    if (minutes !== null) assertMinutes(minutes, `minutes of ${cptCode} (line ${index + 1})`);
    const timed = isTimedCptCode(cptCode);
    return { cptCode, minutes, timed, units: timed ? 0 : 1 };
  });

  const timedLines = billed.filter((l) => l.timed);
  const totalTimedMinutes = timedLines.reduce((sum, l) => sum + (l.minutes ?? 0), 0);
  const timedUnits = timedUnitsFor(totalTimedMinutes);

  // Whole 15-minute units first (never more than `timedUnits`, see the header comment).
  for (const l of timedLines) l.units = Math.floor((l.minutes ?? 0) / UNIT_MINUTES);
  const wholeUnits = timedLines.reduce((sum, l) => sum + l.units, 0);

  // Then one left-over unit each to the most remaining minutes; the sort is stable, so on a tie
  // the earlier line stays first. There are never more left-over units than candidates.
  const candidates = timedLines
    .filter((l) => (l.minutes ?? 0) % UNIT_MINUTES > 0)
    .sort((a, b) => ((b.minutes ?? 0) % UNIT_MINUTES) - ((a.minutes ?? 0) % UNIT_MINUTES));
  for (const l of candidates.slice(0, timedUnits - wholeUnits)) l.units += 1;

  const totalUnits = billed.reduce((sum, l) => sum + l.units, 0);
  return { totalTimedMinutes, totalUnits, lines: billed };
}

function assertMinutes(minutes: number, what: string): void {
  if (typeof minutes !== 'number' || !Number.isSafeInteger(minutes) || minutes < 0) {
    throw new Error(`8-minute rule: ${what} must be a whole number of minutes ≥ 0, got ${String(minutes)}`);
  }
}
