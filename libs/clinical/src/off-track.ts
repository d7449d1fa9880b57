import { daysBetween } from './dates.js';
import { findInstrument, improvement, reachesMcid } from './instruments.js';
import { baselineOf } from './outcome-math.js';

/**
 * When an active episode is off track, for the chart (`GET /episodes/:id`) and the clinic
 * analytics alike: no pain MCID by the 3rd signed visit, more than 8 weeks since the start, more
 * signed visits than planned, or no signed visit in the last 14 days. Dates are calendar dates in
 * the clinic's time zone (see `dates.ts`).
 */

export const OFF_TRACK_REASONS = [
  'no_mcid_by_visit_3',
  'over_8_weeks',
  'over_planned_visits',
  'no_visit_14_days',
] as const;
export type OffTrackReason = (typeof OFF_TRACK_REASONS)[number];

export interface OffTrackEpisode {
  status: 'active' | 'discharged' | 'cancelled';
  startDate: string;
  plannedVisits: number;
}

export interface OffTrackVisit {
  /** Calendar date of the visit in the clinic's time zone. */
  date: string;
  /** The visit's nprs_activity value, if it has one. */
  nprsActivity: number | null;
}

const NPRS_ACTIVITY = findInstrument('nprs_activity')!;

/** What the off-track rules need of an episode's signed visits. */
export interface OffTrackFacts {
  signedVisits: number;
  /** Calendar date of the last signed visit, or null with none. */
  lastSignedDate: string | null;
  /** Some signed visit from the 3rd on shows MCID on nprs_activity against its baseline. */
  mcidByVisit3: boolean;
}

/** The off-track facts of an episode's signed visits, given in visit order. */
export function offTrackFacts(signedVisits: readonly OffTrackVisit[]): OffTrackFacts {
  const baseline = baselineOf(signedVisits, (v) => v.nprsActivity)?.value ?? null;
  const mcidByVisit3 =
    baseline !== null &&
    signedVisits
      .slice(2)
      .some(
        (v) =>
          v.nprsActivity !== null &&
          reachesMcid(NPRS_ACTIVITY, improvement(NPRS_ACTIVITY, baseline, v.nprsActivity)),
      );
  return {
    signedVisits: signedVisits.length,
    lastSignedDate: signedVisits.length ? signedVisits[signedVisits.length - 1].date : null,
    mcidByVisit3,
  };
}

/**
 * Why one episode is off track (empty when it is not); `today` is today in the clinic's time zone.
 * Only active episodes are ever off track. The chart (`GET /episodes/:id`) and the analytics both
 * answer from this function.
 */
export function offTrackReasons(
  episode: OffTrackEpisode,
  facts: OffTrackFacts,
  today: string,
): OffTrackReason[] {
  if (episode.status !== 'active') return [];
  const reasons: OffTrackReason[] = [];
  if (facts.signedVisits >= 3 && !facts.mcidByVisit3) reasons.push('no_mcid_by_visit_3');
  if (daysBetween(episode.startDate, today) > 56) reasons.push('over_8_weeks');
  if (facts.signedVisits > episode.plannedVisits) reasons.push('over_planned_visits');
  if (daysBetween(facts.lastSignedDate ?? episode.startDate, today) > 14) reasons.push('no_visit_14_days');
  return reasons;
}
