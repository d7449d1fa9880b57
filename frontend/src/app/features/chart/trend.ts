import type { VisitType, VisitView } from '@stride/api';
import {
  baselineOf,
  findInstrument,
  improvement,
  type Instrument,
  type InstrumentCode,
  mcidThreshold,
  outcomeOf,
  weekOfVisit,
} from '@stride/clinical';

import { formatVisitDate } from './chart-math';
import { type ChartPoint, type ChartSeries, DRAFT_SERIES, type Guide, SIGNED_SERIES } from './chart-series';

/** One value of an instrument at one visit. */
export interface TrendPoint {
  visitId: string;
  /** 1-based, in visit order over all the episode's visits (as the timeline numbers them). */
  visitNumber: number;
  visitType: VisitType;
  status: 'signed' | 'draft';
  dateText: string;
  /** 0-based week since the episode's start (`weekOfVisit`); shown + 1. */
  week: number;
  value: number;
  /** Improvement on the baseline in the better direction; signed values after the baseline only. */
  change: number | null;
}

export interface Trend {
  instrument: Instrument;
  /** Signed and draft values, in visit order. */
  points: TrendPoint[];
  baseline: number | null;
  latest: number | null;
  change: number | null;
  mcidReached: boolean | null;
  /** Baseline − MCID for lower-better instruments, baseline + MCID for higher-better ones. */
  mcidThreshold: number | null;
  series: ChartSeries[];
  guides: Guide[];
  summary: string;
}

/** What a sentence calls each instrument. */
const SUBJECTS: Record<InstrumentCode, string> = {
  nprs_activity: 'Pain',
  nprs_rest: 'Pain at rest',
  nprs_worst_24h: 'Worst pain',
  lefs: 'LEFS',
  psfs: 'PSFS',
};

/** "No signed … yet." */
const NOUNS: Record<InstrumentCode, string> = {
  nprs_activity: 'pain score',
  nprs_rest: 'rest pain score',
  nprs_worst_24h: 'worst-pain score',
  lefs: 'LEFS score',
  psfs: 'PSFS score',
};

type TrendVisit = Pick<VisitView, 'id' | 'visitDate' | 'visitType' | 'status' | 'measurements'>;

/**
 * The trend of one instrument over an episode's visits (in visit order): signed values are the
 * outcome (`outcomeOf` in `libs/clinical/src/outcome-math.ts`: baseline = the first signed value,
 * change against the last); a draft's values are provisional and kept apart. Weeks use the
 * visit's calendar date in the clinic's time zone.
 */
export function buildTrend(
  code: InstrumentCode,
  visits: readonly TrendVisit[],
  startDate: string,
  timeZone: string,
): Trend {
  const instrument = findInstrument(code);
  if (!instrument) {
    throw new Error(`Unknown instrument ${code}`);
  }
  const valueAt = (visit: TrendVisit) => visit.measurements.find((m) => m.instrument === code)?.value;
  const baseline = baselineOf(
    visits.filter((v) => v.status === 'signed'),
    valueAt,
  );
  const points: TrendPoint[] = [];
  visits.forEach((visit, index) => {
    const value = valueAt(visit);
    if (value === undefined) {
      return;
    }
    const signed = visit.status === 'signed';
    // Each signed value after the baseline, against it.
    const change =
      signed && baseline && baseline.visit !== visit ? improvement(instrument, baseline.value, value) : null;
    points.push({
      visitId: visit.id,
      visitNumber: index + 1,
      visitType: visit.visitType,
      status: visit.status,
      dateText: formatVisitDate(visit.visitDate, timeZone),
      week: weekOfVisit(startDate, visit.visitDate, timeZone),
      value,
      change,
    });
  });

  const signed = points.filter((p) => p.status === 'signed');
  const outcome = outcomeOf(
    instrument,
    signed.map((p) => p.value),
  );
  const first = signed.at(0);
  const last = outcome.latest === null ? undefined : signed.at(-1);
  const threshold = outcome.baseline === null ? null : mcidThreshold(instrument, outcome.baseline);

  return {
    instrument,
    points,
    ...outcome,
    mcidThreshold: threshold,
    series: chartSeries(points),
    guides: guides(instrument, outcome.baseline, threshold),
    summary: summary(instrument, points, first, last, outcome.mcidReached),
  };
}

function chartSeries(points: readonly TrendPoint[]): ChartSeries[] {
  const toPoint = (p: TrendPoint): ChartPoint => ({
    name: p.week + 1,
    value: p.value,
    extra: { kind: p.status },
  });
  const series: ChartSeries[] = [];
  const signed = points.filter((p) => p.status === 'signed');
  if (signed.length) {
    series.push({ name: SIGNED_SERIES, series: signed.map(toPoint), extra: { kind: 'signed' } });
  }
  const drafts = points.filter((p) => p.status === 'draft');
  if (drafts.length) {
    // The dashed provisional line starts at the last signed value before the first draft.
    const from = signed.filter((p) => p.visitNumber < drafts[0].visitNumber).at(-1);
    const connector: ChartPoint[] = from
      ? [{ ...toPoint(from), extra: { kind: 'draft', connector: true } }]
      : [];
    series.push({
      name: DRAFT_SERIES,
      series: [...connector, ...drafts.map(toPoint)],
      extra: { kind: 'draft' },
    });
  }
  return series;
}

function guides(instrument: Instrument, baseline: number | null, threshold: number | null): Guide[] {
  if (baseline === null || threshold === null) {
    return [];
  }
  const result: Guide[] = [{ kind: 'baseline', value: baseline, label: `Baseline ${format(baseline)}` }];
  // A threshold outside the scale cannot be drawn (or reached); the summary and table still tell.
  if (threshold >= instrument.min && threshold <= instrument.max) {
    result.push({ kind: 'mcid', value: threshold, label: `MCID ${format(threshold)}` });
  }
  return result;
}

function summary(
  instrument: Instrument,
  points: readonly TrendPoint[],
  first: TrendPoint | undefined,
  last: TrendPoint | undefined,
  mcidReached: boolean | null,
): string {
  const subject = SUBJECTS[instrument.code];
  const drafts = points.filter((p) => p.status === 'draft');
  const draftNote = drafts.length
    ? ` Draft (provisional): ${drafts.map((d) => `${format(d.value)} in week ${d.week + 1}`).join(', ')}.`
    : '';
  if (!first) {
    return `No signed ${NOUNS[instrument.code]} yet.${draftNote}`;
  }
  if (!last) {
    return `${subject} ${format(first.value)} at baseline (week ${first.week + 1}); no later signed score yet.${draftNote}`;
  }
  const weeks = last.week - first.week;
  const span = weeks <= 0 ? 'within a week' : `over ${weeks} ${weeks === 1 ? 'week' : 'weeks'}`;
  const movement =
    last.value === first.value
      ? `stayed at ${format(first.value)} ${span}`
      : `${last.value < first.value ? 'fell' : 'rose'} from ${format(first.value)} to ${format(last.value)} ${span}`;
  const mcid = mcidReached ? 'MCID reached' : `MCID (${format(instrument.mcid)}) not reached`;
  return `${subject} ${movement}; ${mcid}.${draftNote}`;
}

/** Values at the instrument's step: 4.2, 7. */
function format(value: number): string {
  return String(Math.round(value * 10) / 10);
}
