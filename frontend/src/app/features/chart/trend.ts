import type { VisitType, VisitView } from '@stride/api';
import {
  findInstrument,
  improvement,
  type Instrument,
  type InstrumentCode,
  reachesMcid,
} from '@stride/instruments';

import { formatVisitDate, visitWeek } from './chart-math';
import { type ChartPoint, type ChartSeries, DRAFT_SERIES, type Guide, SIGNED_SERIES } from './chart-series';

/** One value of an instrument at one visit. */
export interface TrendPoint {
  visitId: string;
  /** 1-based, in visit order over all the episode's visits (as the timeline numbers them). */
  visitNumber: number;
  visitType: VisitType;
  status: 'signed' | 'draft';
  dateText: string;
  /** 0-based week since the episode's start (SPEC §4); shown + 1. */
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
 * outcome (SPEC §4: baseline = the first signed value, change against the last); a draft's values
 * are provisional and kept apart. Weeks use the visit's calendar date in the clinic's time zone.
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
  let baseline: number | null = null;
  const points: TrendPoint[] = [];
  visits.forEach((visit, index) => {
    const measurement = visit.measurements.find((m) => m.instrument === code);
    if (!measurement) {
      return;
    }
    const signed = visit.status === 'signed';
    const change = signed && baseline !== null ? improvement(instrument, baseline, measurement.value) : null;
    if (signed && baseline === null) {
      baseline = measurement.value;
    }
    points.push({
      visitId: visit.id,
      visitNumber: index + 1,
      visitType: visit.visitType,
      status: visit.status,
      dateText: formatVisitDate(visit.visitDate, timeZone),
      week: visitWeek(visit.visitDate, startDate, timeZone),
      value: measurement.value,
      change,
    });
  });

  const signed = points.filter((p) => p.status === 'signed');
  const first = signed.at(0);
  const last = signed.length > 1 ? signed.at(-1) : undefined;
  const change = first && last ? improvement(instrument, first.value, last.value) : null;
  const mcidReached = change === null ? null : reachesMcid(instrument, change);
  const mcidThreshold = first
    ? instrument.betterDirection === 'lower'
      ? first.value - instrument.mcid
      : first.value + instrument.mcid
    : null;

  return {
    instrument,
    points,
    baseline: first?.value ?? null,
    latest: last?.value ?? null,
    change,
    mcidReached,
    mcidThreshold,
    series: chartSeries(points),
    guides: guides(instrument, first?.value ?? null, mcidThreshold),
    summary: summary(instrument, points, first, last, mcidReached),
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
