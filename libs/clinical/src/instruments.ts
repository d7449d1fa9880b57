/**
 * The outcome instruments (the registry `GET /instruments` answers) and the arithmetic of a change
 * between two readings. Pure and import-free; the API and the console share this module of
 * `@stride/clinical`, and `outcome-math.ts` builds baseline, latest, change and MCID on it.
 *
 * Every step is the reciprocal of a whole number (1, 0.1), so a value is held as a whole count of
 * steps — `Math.round(value × stepsPerUnit)` — and all arithmetic happens on those integers, with
 * one division at the end. That is what makes 3.3 → 1.3 a change of exactly 2.
 */

export type InstrumentCode = 'nprs_activity' | 'nprs_rest' | 'nprs_worst_24h' | 'lefs' | 'psfs';
export type BetterDirection = 'lower' | 'higher';

export interface Instrument {
  code: InstrumentCode;
  name: string;
  min: number;
  max: number;
  step: number;
  betterDirection: BetterDirection;
  /** Minimal clinically important difference, in the instrument's units. */
  mcid: number;
}

/** The instrument registry, in the order every answer and form lists instruments. */
export const INSTRUMENTS = [
  {
    code: 'nprs_activity',
    name: 'Pain during running / aggravating activity (NPRS)',
    min: 0,
    max: 10,
    step: 1,
    betterDirection: 'lower',
    mcid: 2,
  },
  {
    code: 'nprs_rest',
    name: 'Pain at rest (NPRS)',
    min: 0,
    max: 10,
    step: 1,
    betterDirection: 'lower',
    mcid: 2,
  },
  {
    code: 'nprs_worst_24h',
    name: 'Worst pain in the last 24 hours (NPRS)',
    min: 0,
    max: 10,
    step: 1,
    betterDirection: 'lower',
    mcid: 2,
  },
  {
    code: 'lefs',
    name: 'Lower Extremity Functional Scale (LEFS, 0–80)',
    min: 0,
    max: 80,
    step: 1,
    betterDirection: 'higher',
    mcid: 9,
  },
  {
    code: 'psfs',
    name: 'Patient-Specific Functional Scale (PSFS, mean of activities)',
    min: 0,
    max: 10,
    step: 0.1,
    betterDirection: 'higher',
    mcid: 2,
  },
] as const satisfies readonly Instrument[];

export const INSTRUMENT_CODES: readonly InstrumentCode[] = INSTRUMENTS.map((i) => i.code);

/** How far a value may sit from a multiple of the step and still count as on it (float noise). */
const STEP_TOLERANCE = 1e-9;

export function findInstrument(code: string): Instrument | undefined {
  return INSTRUMENTS.find((i) => i.code === code);
}

/**
 * Why `value` is not a valid reading of instrument `code`, as a message naming the rule
 * ("must be a number from 0 to 10 in steps of 0.1"), or undefined when it is fine.
 */
export function measurementProblem(code: string, value: unknown): string | undefined {
  const instrument = findInstrument(code);
  if (!instrument) {
    return `unknown instrument "${code}": expected one of ${INSTRUMENT_CODES.join(', ')}`;
  }
  const rule = `must be a number from ${instrument.min} to ${instrument.max} in steps of ${instrument.step}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return rule;
  if (value < instrument.min || value > instrument.max) return rule;
  const scaled = value * stepsPerUnit(instrument);
  if (Math.abs(scaled - Math.round(scaled)) > STEP_TOLERANCE) return rule;
  return undefined;
}

/**
 * Change from `baseline` to `latest` in the instrument's better direction (positive = better):
 * lower-better instruments give baseline − latest, higher-better ones latest − baseline. Computed
 * in whole steps and divided once, so there is no float residue (psfs 2.1 → 4.1 is exactly 2).
 * Values are taken at the nearest step.
 */
export function improvement(instrument: Instrument, baseline: number, latest: number): number {
  const scale = stepsPerUnit(instrument);
  const from = toSteps(instrument, baseline, 'baseline');
  const to = toSteps(instrument, latest, 'latest');
  const diff = instrument.betterDirection === 'lower' ? from - to : to - from;
  // `|| 0` turns -0 (no change) into 0.
  return diff / scale || 0;
}

/** Whether a change (from `improvement`) reaches the instrument's MCID: change ≥ MCID. */
export function reachesMcid(instrument: Instrument, change: number): boolean {
  return change >= instrument.mcid - STEP_TOLERANCE;
}

/** 1 for whole-number instruments, 10 for step 0.1. */
function stepsPerUnit(instrument: Instrument): number {
  return Math.round(1 / instrument.step);
}

function toSteps(instrument: Instrument, value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new Error(
      `improvement: ${what} of ${instrument.code} must be a finite number, got ${String(value)}`,
    );
  }
  return Math.round(value * stepsPerUnit(instrument));
}
