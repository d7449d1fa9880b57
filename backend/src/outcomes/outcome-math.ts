import { daysBetween } from '../common/dates.js';
import {
  INSTRUMENTS,
  type Instrument,
  type InstrumentCode,
  improvement,
  reachesMcid,
} from '../instruments/instruments.js';

/**
 * SPEC §4, "Outcome definitions", as pure functions. The API's episode outcomes, the clinic
 * analytics and the CSV export all compute from these, so each definition lives in one place.
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

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The median; of an even count, the mean of the middle two. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface MeasureSummary {
  episodes: number;
  meanBaseline: number;
  meanLatest: number;
  meanChange: number;
  mcidRate: number;
}

/** `measures.<code>` over the episodes with a defined change; null when there are none. */
export function measureSummary(
  instrument: Instrument,
  episodes: readonly EpisodeFacts[],
): MeasureSummary | null {
  const outcomes = episodes
    .map((e) => instrumentOutcome(instrument, e.visits))
    .filter(
      (o): o is { baseline: number; latest: number; change: number; mcidReached: boolean } =>
        o.change !== null,
    );
  if (outcomes.length === 0) return null;
  return {
    episodes: outcomes.length,
    meanBaseline: mean(outcomes.map((o) => o.baseline))!,
    meanLatest: mean(outcomes.map((o) => o.latest))!,
    meanChange: mean(outcomes.map((o) => o.change))!,
    mcidRate: outcomes.filter((o) => o.mcidReached).length / outcomes.length,
  };
}

export interface ClinicOutcomes {
  episodes: { total: number; active: number; discharged: number; cancelled: number };
  visitsPerDischargedEpisode: { mean: number | null; median: number | null };
  weeksToDischarge: { mean: number | null; median: number | null };
  measures: Record<InstrumentCode, MeasureSummary | null>;
  byTherapist: {
    therapistId: string;
    episodes: number;
    mcidRate: number | null;
    meanVisits: number | null;
  }[];
  painByWeek: { week: number; mean: number; n: number }[];
  visitCountDistribution: { visits: number; episodes: number }[];
}

const NPRS_ACTIVITY = INSTRUMENTS.find((i) => i.code === 'nprs_activity')!;

/**
 * Everything of `GET /analytics/outcomes` but the off-track list, for the episodes chosen by
 * the filters. Cancelled episodes count only in `episodes.cancelled`.
 */
export function clinicOutcomes(all: readonly EpisodeFacts[]): ClinicOutcomes {
  const counted = all.filter((e) => e.status !== 'cancelled');
  const discharged = counted.filter((e) => e.status === 'discharged');

  const measures = Object.fromEntries(INSTRUMENTS.map((i) => [i.code, measureSummary(i, counted)])) as Record<
    InstrumentCode,
    MeasureSummary | null
  >;

  const byWeek = new Map<number, number[]>();
  for (const e of counted) {
    for (const v of e.visits) {
      const value = v.values.nprs_activity;
      if (value === undefined) continue;
      const week = weekOf(e.startDate, v.date);
      const bucket = byWeek.get(week);
      if (bucket) bucket.push(value);
      else byWeek.set(week, [value]);
    }
  }
  const painByWeek = [...byWeek.entries()]
    .sort(([a], [b]) => a - b)
    .map(([week, values]) => ({ week, mean: mean(values)!, n: values.length }));

  const distribution = new Map<number, number>();
  for (const e of discharged) distribution.set(e.visits.length, (distribution.get(e.visits.length) ?? 0) + 1);

  const therapists = new Map<string, EpisodeFacts[]>();
  for (const e of counted) {
    const list = therapists.get(e.therapistId);
    if (list) list.push(e);
    else therapists.set(e.therapistId, [e]);
  }

  return {
    episodes: {
      total: all.length,
      active: all.filter((e) => e.status === 'active').length,
      discharged: discharged.length,
      cancelled: all.filter((e) => e.status === 'cancelled').length,
    },
    visitsPerDischargedEpisode: {
      mean: mean(discharged.map((e) => e.visits.length)),
      median: median(discharged.map((e) => e.visits.length)),
    },
    weeksToDischarge: {
      mean: mean(discharged.map((e) => daysBetween(e.startDate, e.dischargeDate!) / 7)),
      median: median(discharged.map((e) => daysBetween(e.startDate, e.dischargeDate!) / 7)),
    },
    measures,
    byTherapist: [...therapists.entries()].map(([therapistId, episodes]) => {
      const own = episodes.filter((e) => e.status === 'discharged');
      return {
        therapistId,
        episodes: episodes.length,
        mcidRate: measureSummary(NPRS_ACTIVITY, episodes)?.mcidRate ?? null,
        meanVisits: mean(own.map((e) => e.visits.length)),
      };
    }),
    painByWeek,
    visitCountDistribution: [...distribution.entries()]
      .sort(([a], [b]) => a - b)
      .map(([visits, episodes]) => ({ visits, episodes })),
  };
}
