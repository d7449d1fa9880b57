import { daysBetween } from '../common/dates.js';
import { findInstrument, improvement, reachesMcid } from '../instruments/instruments.js';

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

/**
 * SPEC §4 "Off track", for one episode. `signedVisits` are the episode's signed visits in visit
 * order; `today` is today in the clinic's time zone. Only active episodes are ever off track.
 */
export function offTrackReasons(
  episode: OffTrackEpisode,
  signedVisits: readonly OffTrackVisit[],
  today: string,
): OffTrackReason[] {
  if (episode.status !== 'active') return [];
  const reasons: OffTrackReason[] = [];

  if (signedVisits.length >= 3) {
    const baseline = signedVisits.find((v) => v.nprsActivity !== null)?.nprsActivity ?? null;
    const reached =
      baseline !== null &&
      signedVisits
        .slice(2)
        .some(
          (v) =>
            v.nprsActivity !== null &&
            reachesMcid(NPRS_ACTIVITY, improvement(NPRS_ACTIVITY, baseline, v.nprsActivity)),
        );
    if (!reached) reasons.push('no_mcid_by_visit_3');
  }
  if (daysBetween(episode.startDate, today) > 56) reasons.push('over_8_weeks');
  if (signedVisits.length > episode.plannedVisits) reasons.push('over_planned_visits');
  const last = signedVisits.length ? signedVisits[signedVisits.length - 1].date : episode.startDate;
  if (daysBetween(last, today) > 14) reasons.push('no_visit_14_days');
  return reasons;
}
