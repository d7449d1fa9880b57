import type { EpisodeView, OffTrackReason, VisitType } from '@stride/api';

/**
 * Calendar arithmetic of the chart (SPEC §4). Calendar dates are `YYYY-MM-DD` strings; a visit's
 * instant becomes a calendar date in the clinic's time zone before any counting.
 */

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in an IANA time zone. */
export function calendarDateIn(instant: string | Date, timeZone: string): string {
  let format = dateFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(timeZone, format);
  }
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** Today in the clinic's time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return calendarDateIn(now, timeZone);
}

/** `to − from` in whole days, for calendar dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** SPEC §4: floor((date − episode start) / 7), 0-based. The console shows it + 1. */
export function weekIndex(date: string, startDate: string): number {
  return Math.floor(daysBetween(startDate, date) / 7);
}

/** The 0-based week of a visit: its calendar date in the clinic's time zone against the start date. */
export function visitWeek(visitDate: string, startDate: string, timeZone: string): number {
  return weekIndex(calendarDateIn(visitDate, timeZone), startDate);
}

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
  const week = weekIndex(date, startDate);
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
