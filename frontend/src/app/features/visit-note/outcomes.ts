import type { Instrument, VisitView } from '@stride/api';
import { improvement, reachesMcid } from '@stride/instruments';
import { exceedsTenPercentRise } from '@stride/running-load';

/** The part of a visit that fixes its place in visit order (SPEC §3). */
export interface VisitOrderKey {
  id: string;
  visitDate: string;
  createdAt: string;
}

/** Visit order: visit date, then creation time, then id. */
export function compareVisitOrder(a: VisitOrderKey, b: VisitOrderKey): number {
  return (
    Date.parse(a.visitDate) - Date.parse(b.visitDate) ||
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The episode's other visits that come before `current` in visit order, in that order. */
export function visitsBefore<T extends VisitOrderKey>(visits: readonly T[], current: VisitOrderKey): T[] {
  return visits
    .filter((v) => v.id !== current.id && compareVisitOrder(v, current) < 0)
    .sort(compareVisitOrder);
}

/** "Visit n": the place of `current` among the episode's visits (drafts included). */
export function visitNumber(visits: readonly VisitOrderKey[], current: VisitOrderKey): number {
  return visitsBefore(visits, current).length + 1;
}

export interface Baseline {
  value: number;
  visitId: string;
  visitDate: string;
}

/** SPEC §4: an instrument's value at the first signed visit of the episode that has it. */
export function baselineOf(visits: readonly VisitView[], code: string): Baseline | null {
  const first = visits
    .filter((v) => v.status === 'signed' && v.measurements.some((m) => m.instrument === code))
    .sort(compareVisitOrder)[0];
  const value = first?.measurements.find((m) => m.instrument === code)?.value;
  return first && value !== undefined ? { value, visitId: first.id, visitDate: first.visitDate } : null;
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

/** SPEC §3's 10% rule for the distance being typed, or false when either side is missing. */
export function risesOverTenPercent(previousKm: number | null, nextKm: number | null): boolean {
  if (previousKm === null || nextKm === null || nextKm < 0 || previousKm < 0) {
    return false;
  }
  return exceedsTenPercentRise(previousKm, nextKm);
}
