import { daysBetween } from '../common/dates.js';
import { type OffTrackFacts, offTrackFacts } from './off-track.js';
import {
  INSTRUMENTS,
  type Instrument,
  type InstrumentCode,
  improvement,
  reachesMcid,
} from '../instruments/instruments.js';

/**
 * SPEC §4, "Outcome definitions", per episode, as pure functions: baseline, latest, change and
 * MCID of each instrument, the week of a visit, the off-track facts. The episode outcomes
 * endpoint computes from them directly; clinic analytics and the CSV read them from the
 * summaries they are stored in (episode-summaries.ts) and only aggregate.
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

/** Week of a visit: floor((visit date − start date) / 7), 0-based. */
export function weekOf(startDate: string, visitDate: string): number {
  return Math.floor(daysBetween(startDate, visitDate) / 7);
}

/**
 * Baseline at the first signed visit that has the instrument, latest at the last; change and
 * MCID only with two or more such visits.
 */
export function instrumentOutcome(instrument: Instrument, visits: readonly SignedVisit[]): InstrumentOutcome {
  const values = visits.map((v) => v.values[instrument.code]).filter((x): x is number => x !== undefined);
  if (values.length === 0) return { baseline: null, latest: null, change: null, mcidReached: null };
  const baseline = values[0];
  if (values.length < 2) return { baseline, latest: null, change: null, mcidReached: null };
  const latest = values[values.length - 1];
  const change = improvement(instrument, baseline, latest);
  return { baseline, latest, change, mcidReached: reachesMcid(instrument, change) };
}

/**
 * What analytics need of one episode's signed visits, computed when a visit is signed or the
 * episode changes and kept in `episode_summaries`, so clinic analytics never re-read visits.
 */
export interface EpisodeSummary extends OffTrackFacts {
  outcomes: Record<InstrumentCode, InstrumentOutcome>;
  /** `[week, value]` of every signed nprs_activity value, for pain by week. */
  painPoints: [number, number][];
}

export function summarizeEpisode(startDate: string, visits: readonly SignedVisit[]): EpisodeSummary {
  return {
    ...offTrackFacts(visits.map((v) => ({ date: v.date, nprsActivity: v.values.nprs_activity ?? null }))),
    outcomes: Object.fromEntries(INSTRUMENTS.map((i) => [i.code, instrumentOutcome(i, visits)])) as Record<
      InstrumentCode,
      InstrumentOutcome
    >,
    painPoints: visits
      .filter((v) => v.values.nprs_activity !== undefined)
      .map((v) => [weekOf(startDate, v.date), v.values.nprs_activity!] as [number, number]),
  };
}
