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

/** `measures.<code>` over the episodes' outcomes that have a defined change; null when none. */
export function summarizeMeasure(outcomes: readonly InstrumentOutcome[]): MeasureSummary | null {
  const defined = outcomes.filter(
    (o): o is { baseline: number; latest: number; change: number; mcidReached: boolean } => o.change !== null,
  );
  if (defined.length === 0) return null;
  return {
    episodes: defined.length,
    meanBaseline: mean(defined.map((o) => o.baseline))!,
    meanLatest: mean(defined.map((o) => o.latest))!,
    meanChange: mean(defined.map((o) => o.change))!,
    mcidRate: defined.filter((o) => o.mcidReached).length / defined.length,
  };
}

/** `measures.<code>` straight from episodes and their signed visits. */
export function measureSummary(
  instrument: Instrument,
  episodes: readonly EpisodeFacts[],
): MeasureSummary | null {
  return summarizeMeasure(episodes.map((e) => instrumentOutcome(instrument, e.visits)));
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

/** An episode as the clinic analytics read it: its row and its summary. */
export interface SummarizedEpisode {
  status: EpisodeFacts['status'];
  startDate: string;
  dischargeDate: string | null;
  therapistId: string;
  summary: EpisodeSummary;
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

/** `clinicOutcomes` straight from episodes and their signed visits (tests, small sets). */
export function clinicOutcomes(all: readonly EpisodeFacts[]): ClinicOutcomes {
  return clinicOutcomesOf(
    all.map((e) => ({
      status: e.status,
      startDate: e.startDate,
      dischargeDate: e.dischargeDate,
      therapistId: e.therapistId,
      summary: summarizeEpisode(e.startDate, e.visits),
    })),
  );
}

/**
 * Everything of `GET /analytics/outcomes` but the off-track list, for the episodes chosen by
 * the filters. Cancelled episodes count only in `episodes.cancelled`.
 */
export function clinicOutcomesOf(all: readonly SummarizedEpisode[]): ClinicOutcomes {
  const counted = all.filter((e) => e.status !== 'cancelled');
  const discharged = counted.filter((e) => e.status === 'discharged');

  const measures = Object.fromEntries(
    INSTRUMENTS.map((i) => [i.code, summarizeMeasure(counted.map((e) => e.summary.outcomes[i.code]))]),
  ) as Record<InstrumentCode, MeasureSummary | null>;

  const byWeek = new Map<number, { sum: number; n: number }>();
  for (const e of counted) {
    for (const [week, value] of e.summary.painPoints) {
      const bucket = byWeek.get(week);
      if (bucket) {
        bucket.sum += value;
        bucket.n++;
      } else byWeek.set(week, { sum: value, n: 1 });
    }
  }
  const painByWeek = [...byWeek.entries()]
    .sort(([a], [b]) => a - b)
    .map(([week, { sum, n }]) => ({ week, mean: sum / n, n }));

  const distribution = new Map<number, number>();
  for (const e of discharged) {
    distribution.set(e.summary.signedVisits, (distribution.get(e.summary.signedVisits) ?? 0) + 1);
  }

  const therapists = new Map<string, SummarizedEpisode[]>();
  for (const e of counted) {
    const list = therapists.get(e.therapistId);
    if (list) list.push(e);
    else therapists.set(e.therapistId, [e]);
  }
  const weeks = discharged.map((e) => daysBetween(e.startDate, e.dischargeDate!) / 7);
  const visits = discharged.map((e) => e.summary.signedVisits);

  return {
    episodes: {
      total: all.length,
      active: all.filter((e) => e.status === 'active').length,
      discharged: discharged.length,
      cancelled: all.filter((e) => e.status === 'cancelled').length,
    },
    visitsPerDischargedEpisode: { mean: mean(visits), median: median(visits) },
    weeksToDischarge: { mean: mean(weeks), median: median(weeks) },
    measures,
    byTherapist: [...therapists.entries()].map(([therapistId, episodes]) => ({
      therapistId,
      episodes: episodes.length,
      mcidRate: summarizeMeasure(episodes.map((e) => e.summary.outcomes.nprs_activity))?.mcidRate ?? null,
      meanVisits: mean(episodes.filter((e) => e.status === 'discharged').map((e) => e.summary.signedVisits)),
    })),
    painByWeek,
    visitCountDistribution: [...distribution.entries()]
      .sort(([a], [b]) => a - b)
      .map(([v, episodes]) => ({ visits: v, episodes })),
  };
}
