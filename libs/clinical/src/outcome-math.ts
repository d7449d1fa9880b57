import { type Instrument, type InstrumentCode, improvement, reachesMcid } from './instruments.js';

/**
 * The outcome definitions, per episode and instrument, computed here and nowhere else:
 * - baseline: the value at the first signed visit (in visit order, see `visit-order.ts`) that
 *   has the instrument;
 * - latest: the value at the last such visit, only with two or more of them;
 * - change: `improvement` from baseline to latest in the instrument's better direction
 *   (see `instruments.ts`), and MCID reached when that change is at least the MCID.
 * The API's episode outcomes answer from `instrumentOutcome`, clinic analytics and the CSV from
 * the summaries `summarizeEpisode` (`episode-summary.ts`) gives (stored per episode), and the console's trend charts and
 * visit note from `outcomeOf`, `baselineOf` and `mcidThreshold`. Drafts never count.
 */

/** One signed visit of an episode, in visit order. */
export interface SignedVisit {
  id: string;
  /** Calendar date in the clinic's time zone. */
  date: string;
  /** The visit date-time as the API answers it. */
  visitDate: string;
  values: Partial<Record<InstrumentCode, number>>;
}

export interface EpisodeFacts {
  id: string;
  status: 'active' | 'discharged' | 'cancelled';
  startDate: string;
  dischargeDate: string | null;
  therapistId: string;
  plannedVisits: number;
  /** Signed visits only, in visit order. */
  visits: SignedVisit[];
}

export interface InstrumentOutcome {
  baseline: number | null;
  latest: number | null;
  change: number | null;
  mcidReached: boolean | null;
}

/**
 * The baseline of an instrument: the first of `visits` (signed visits, in visit order) for which
 * `valueOf` gives a value, with that visit; null when none has one.
 */
export function baselineOf<V>(
  visits: readonly V[],
  valueOf: (visit: V) => number | null | undefined,
): { visit: V; value: number } | null {
  for (const visit of visits) {
    const value = valueOf(visit);
    if (value !== null && value !== undefined) return { visit, value };
  }
  return null;
}

/**
 * The outcome of one instrument from its values at an episode's signed visits, in visit order:
 * baseline the first, latest the last; change and MCID only with two or more values.
 */
export function outcomeOf(instrument: Instrument, signedValues: readonly number[]): InstrumentOutcome {
  if (signedValues.length === 0) return { baseline: null, latest: null, change: null, mcidReached: null };
  const baseline = signedValues[0];
  if (signedValues.length < 2) return { baseline, latest: null, change: null, mcidReached: null };
  const latest = signedValues[signedValues.length - 1];
  const change = improvement(instrument, baseline, latest);
  return { baseline, latest, change, mcidReached: reachesMcid(instrument, change) };
}

/** `outcomeOf` over signed visits that carry each instrument's value under `values`. */
export function instrumentOutcome(instrument: Instrument, visits: readonly SignedVisit[]): InstrumentOutcome {
  return outcomeOf(
    instrument,
    visits.map((v) => v.values[instrument.code]).filter((x): x is number => x !== undefined),
  );
}

/**
 * The value a reading must reach for the MCID: baseline − MCID for lower-better instruments,
 * baseline + MCID for higher-better ones (it may lie outside the scale: then it cannot be reached).
 * Computed in the instrument's steps, so psfs 2.1 + 2 is exactly 4.1.
 */
export function mcidThreshold(instrument: Instrument, baseline: number): number {
  const scale = Math.round(1 / instrument.step);
  const mcid = instrument.betterDirection === 'lower' ? -instrument.mcid : instrument.mcid;
  return (Math.round(baseline * scale) + Math.round(mcid * scale)) / scale;
}
