import type { Instrument, VisitView } from '@stride/api';
import {
  baselineOf as firstBaseline,
  exceedsTenPercentRise,
  improvement,
  inVisitOrder,
  reachesMcid,
  type VisitOrderKey,
  visitsBefore,
} from '@stride/clinical';

/**
 * What the visit note shows of the episode's outcomes, on the rules of `@stride/clinical`
 * (baseline in `libs/clinical/src/outcome-math.ts`, visit order in `visit-order.ts`, the 10% rise
 * in `running-load.ts`): this file only picks the visits and words the answers.
 */

export interface Baseline {
  value: number;
  visitId: string;
  visitDate: string;
}

/** The episode's baseline of an instrument: its value at the first signed visit that has it. */
export function baselineOf(visits: readonly VisitView[], code: string): Baseline | null {
  const found = firstBaseline(
    inVisitOrder(visits.filter((v) => v.status === 'signed')),
    (v) => v.measurements.find((m) => m.instrument === code)?.value,
  );
  return found ? { value: found.value, visitId: found.visit.id, visitDate: found.visit.visitDate } : null;
}

export type ChangeKind = 'baseline' | 'better' | 'worse' | 'same' | 'empty';

export interface ChangeSinceBaseline {
  kind: ChangeKind;
  /** Words, never colour alone: "−4 since baseline 7 · MCID reached". */
  text: string;
  mcidReached: boolean | null;
}

/** How a reading compares with the episode's baseline, in the instrument's better direction. */
export function changeSinceBaseline(
  instrument: Instrument,
  baseline: Baseline | null,
  value: number | null,
  visitId: string,
): ChangeSinceBaseline {
  if (!baseline || baseline.visitId === visitId) {
    return {
      kind: value === null ? 'empty' : 'baseline',
      text: value === null ? 'No baseline yet' : 'baseline',
      mcidReached: null,
    };
  }
  const base = formatReading(instrument, baseline.value);
  if (value === null) {
    return { kind: 'empty', text: `Baseline ${base}`, mcidReached: null };
  }
  const change = improvement(instrument, baseline.value, value);
  if (change === 0) {
    return { kind: 'same', text: `No change since baseline ${base}`, mcidReached: false };
  }
  // The raw difference (latest − baseline), from the exact improvement: no float residue.
  const raw = instrument.betterDirection === 'lower' ? -change : change;
  const signed = `${raw > 0 ? '+' : '−'}${formatReading(instrument, Math.abs(raw))}`;
  if (change < 0) {
    return { kind: 'worse', text: `${signed} since baseline ${base} · worse`, mcidReached: false };
  }
  const reached = reachesMcid(instrument, change);
  return {
    kind: 'better',
    text: `${signed} since baseline ${base} · ${reached ? 'MCID reached' : `better, below MCID ${formatReading(instrument, instrument.mcid)}`}`,
    mcidReached: reached,
  };
}

/** A reading at the instrument's step: PSFS 4 → "4.0", NPRS 4 → "4". */
export function formatReading(instrument: Pick<Instrument, 'step'>, value: number): string {
  const decimals = instrument.step < 1 ? Math.round(-Math.log10(instrument.step)) : 0;
  return value.toFixed(decimals);
}

/** The weekly distance (km) of the latest visit before `current` that has one, with that visit. */
export function previousWeeklyDistance(
  visits: readonly VisitView[],
  current: VisitOrderKey,
): { km: number; visit: VisitView } | null {
  const earlier = visitsBefore(visits, current).filter(
    (v) => v.running?.weeklyDistanceKm !== null && v.running?.weeklyDistanceKm !== undefined,
  );
  const last = earlier[earlier.length - 1];
  return last?.running?.weeklyDistanceKm != null ? { km: last.running.weeklyDistanceKm, visit: last } : null;
}

/** The running-load 10% rule for the distance being typed, or false when either side is missing. */
export function risesOverTenPercent(previousKm: number | null, nextKm: number | null): boolean {
  if (previousKm === null || nextKm === null || nextKm < 0 || previousKm < 0) {
    return false;
  }
  return exceedsTenPercentRise(previousKm, nextKm);
}
