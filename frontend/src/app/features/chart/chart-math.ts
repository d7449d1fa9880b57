import type { EpisodeView, OffTrackReason, VisitType } from '@stride/api';
import { weekOf } from '@stride/clinical';

/**
 * What the chart shows of an episode's progress, and its labels. Calendar days, weeks of care and
 * "today in the clinic's time zone" come from `@stride/clinical` (`libs/clinical/src/dates.ts`).
 */

export interface Progress {
  /** 1-based, as shown. */
  current: number;
  planned: number;
  /** Past the plan. */
  over: boolean;
  text: string;
}

/** "Visit 2 of 4": signed visits against planned visits. */
export function visitProgress(signedVisits: number, plannedVisits: number): Progress {
  return {
    current: signedVisits,
    planned: plannedVisits,
    over: signedVisits > plannedVisits,
    text: `Visit ${signedVisits} of ${plannedVisits}`,
  };
}

/**
 * "Week 3 of 6" on `date` (today for an active episode, the discharge date for a discharged one);
 * null before the start date.
 */
export function weekProgress(startDate: string, plannedWeeks: number, date: string): Progress | null {
  const week = weekOf(startDate, date);
  if (week < 0) {
    return null;
  }
  return {
    current: week + 1,
    planned: plannedWeeks,
    over: week + 1 > plannedWeeks,
    text: `Week ${week + 1} of ${plannedWeeks}`,
  };
}

/** The date the episode's week count stops at: its discharge date, else today. */
export function progressDate(episode: Pick<EpisodeView, 'status' | 'dischargeDate'>, today: string): string {
  return episode.status === 'discharged' && episode.dischargeDate ? episode.dischargeDate : today;
}

export const OFF_TRACK_TEXT: Record<OffTrackReason, string> = {
  no_mcid_by_visit_3: 'No pain improvement (MCID) by visit 3',
  over_8_weeks: 'More than 8 weeks since the start',
  over_planned_visits: 'More visits than planned',
  no_visit_14_days: 'No visit in the last 14 days',
};

export const VISIT_TYPE_LABELS: Record<VisitType, string> = {
  initial_evaluation: 'Initial evaluation',
  follow_up: 'Follow-up',
  re_evaluation: 'Re-evaluation',
  discharge: 'Discharge',
};

export const BODY_SIDE_LABELS: Record<EpisodeView['bodySide'], string> = {
  left: 'Left',
  right: 'Right',
  bilateral: 'Bilateral',
  not_applicable: 'Side not applicable',
};

export const EPISODE_STATUS_LABELS: Record<EpisodeView['status'], string> = {
  active: 'Active',
  discharged: 'Discharged',
  cancelled: 'Cancelled',
};

export const DISCHARGE_REASON_LABELS: Record<NonNullable<EpisodeView['dischargeReason']>, string> = {
  goals_met: 'Goals met',
  plateaued: 'Plateaued',
  self_discharged: 'Self-discharged',
  referred_out: 'Referred out',
  other: 'Other',
};

const instantFormatters = new Map<string, Intl.DateTimeFormat>();

/** A visit's date as the clinic sees it: "Mon, Nov 23, 2026". */
export function formatVisitDate(instant: string, timeZone: string): string {
  let format = instantFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
    });
    instantFormatters.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/** Picks the episode to show: the one asked for if it is the patient's, else the active one, else the newest. */
export function chooseEpisode(
  episodes: readonly Pick<EpisodeView, 'id' | 'status'>[],
  requested: string | null | undefined,
): string | null {
  if (requested && episodes.some((e) => e.id === requested)) {
    return requested;
  }
  return (episodes.find((e) => e.status === 'active') ?? episodes[0])?.id ?? null;
}
