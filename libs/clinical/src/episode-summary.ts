import { weekOf } from './dates.js';
import { INSTRUMENTS, type InstrumentCode } from './instruments.js';
import { type OffTrackFacts, offTrackFacts } from './off-track.js';
import { type InstrumentOutcome, instrumentOutcome, type SignedVisit } from './outcome-math.js';

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
