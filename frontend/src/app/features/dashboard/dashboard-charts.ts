import { formatOneDecimal, formatRate } from './dashboard-format';
import type {
  AnalyticsView as OutcomesAnalytics,
  PainWeekView as PainWeek,
  TherapistOutcomesView as TherapistOutcomes,
  VisitCountBucketView as VisitCountBucket,
} from '@stride/api';

/**
 * What the dashboard's charts draw and their text alternatives, built from the analytics answer.
 * Pure, so the series, the reference band and every sentence are unit-tested without a browser.
 */

// ——— Pain by week ———

/**
 * The expected course the demo seed (and Stride's motivating case, IT band syndrome in a runner) is tuned for: most runners
 * improve within 4–8 weeks, i.e. mean pain falls from where it starts to `TARGET` or less
 * between week `FAST_WEEK` (the quickest usual course) and week `SLOW_WEEK` (the slowest).
 * Weeks as shown (1-based).
 */
export const EXPECTED_COURSE = { target: 3, fastWeek: 4, slowWeek: 8 } as const;

/** The pain scale (NPRS 0–10). */
const PAIN_MAX = 10;

export interface PainPoint {
  /** Week as shown (week + 1). */
  name: number;
  /** Mean NPRS. */
  value: number;
  extra: { n: number };
}

export interface PainSeries {
  name: string;
  series: PainPoint[];
}

/** One corner of the band's outline: at week `x` the expected mean is between `low` and `high`. */
export interface BandPoint {
  x: number;
  low: number;
  high: number;
}

export type CoursePosition = 'below' | 'within' | 'above';

export interface PainRow {
  week: number;
  mean: string;
  n: number;
  expected: string;
  position: CoursePosition;
}

export interface PainChart {
  series: PainSeries[];
  /** Empty when there is nothing to anchor it to. */
  band: BandPoint[];
  /** The last week the x axis shows: at least the slow week, at least the last week with data. */
  xMax: number;
  rows: PainRow[];
  summary: string;
  /** What the band means, for the caption under the chart. */
  bandCaption: string | null;
}

export const PAIN_SERIES = 'Mean pain (NPRS)';

export const POSITION_TEXT: Record<CoursePosition, string> = {
  below: 'Better than the expected course',
  within: 'Within the expected course',
  above: 'Slower than the expected course',
};

/**
 * The band's edges, anchored on the first week with data (`x0`, mean `start`):
 * - `high` — the slowest usual course: a straight fall from `start` to `target` at the slow week,
 *   then `target`;
 * - `low` — the quickest: a straight fall from `start` reaching `target` at the fast week and
 *   going on at the same pace down to 0.
 * A start at or below `target` is already where the course ends: the band is 0 … `target`.
 */
export function expectedBand(x0: number, start: number, xMax: number): BandPoint[] {
  const { target, fastWeek, slowWeek } = EXPECTED_COURSE;
  const high = (x: number): number =>
    start <= target || x0 >= slowWeek || x >= slowWeek
      ? target
      : start + ((target - start) * (x - x0)) / (slowWeek - x0);
  const slope = start > target && x0 < fastWeek ? (target - start) / (fastWeek - x0) : null;
  const low = (x: number): number => (slope === null ? 0 : Math.max(0, start + slope * (x - x0)));
  const corners = new Set<number>([x0, fastWeek, slowWeek, xMax]);
  if (slope !== null) {
    corners.add(x0 - start / slope);
  }
  return [...corners]
    .filter((x) => x >= x0 && x <= xMax)
    .sort((a, b) => a - b)
    .map((x) => ({ x, low: low(x), high: high(x) }));
}

/** The expected range at week `x` (linear between the band's corners). */
export function bandAt(band: readonly BandPoint[], x: number): { low: number; high: number } | null {
  if (!band.length || x < band[0].x || x > band[band.length - 1].x) {
    return null;
  }
  for (let i = 0; i < band.length; i++) {
    const b = band[i];
    if (b.x === x) {
      return { low: b.low, high: b.high };
    }
    const next = band[i + 1];
    if (next && x > b.x && x < next.x) {
      const t = (x - b.x) / (next.x - b.x);
      return { low: b.low + t * (next.low - b.low), high: b.high + t * (next.high - b.high) };
    }
  }
  return null;
}

/** Where a mean sits against the band (to 1e-9, so a value on an edge is within). */
export function coursePosition(value: number, range: { low: number; high: number }): CoursePosition {
  if (value < range.low - 1e-9) {
    return 'below';
  }
  return value > range.high + 1e-9 ? 'above' : 'within';
}

export function buildPainChart(painByWeek: readonly PainWeek[]): PainChart {
  const weeks = [...painByWeek].sort((a, b) => a.week - b.week);
  const first = weeks.at(0);
  const last = weeks.at(-1);
  const xMax = Math.max(EXPECTED_COURSE.slowWeek, (last?.week ?? 0) + 1);
  if (!first || !last) {
    return {
      series: [],
      band: [],
      xMax,
      rows: [],
      summary: 'No signed pain scores (NPRS during activity) for episodes starting in this period.',
      bandCaption: null,
    };
  }
  const band = expectedBand(first.week + 1, first.mean, xMax);
  const rows = weeks.map((w): PainRow => {
    const range = bandAt(band, w.week + 1) ?? { low: 0, high: PAIN_MAX };
    return {
      week: w.week + 1,
      mean: formatOneDecimal(w.mean),
      n: w.n,
      expected: `${formatOneDecimal(range.low)}–${formatOneDecimal(range.high)}`,
      position: coursePosition(w.mean, range),
    };
  });
  const lastRow = rows[rows.length - 1];
  return {
    series: [
      {
        name: PAIN_SERIES,
        series: weeks.map((w) => ({ name: w.week + 1, value: w.mean, extra: { n: w.n } })),
      },
    ],
    band,
    xMax,
    rows,
    summary: painSummary(first, last, lastRow.position),
    bandCaption:
      `Shaded band: the expected course — mean pain falling from week ${first.week + 1}’s ` +
      `${formatOneDecimal(first.mean)} to ${EXPECTED_COURSE.target} or less between week ` +
      `${EXPECTED_COURSE.fastWeek} and week ${EXPECTED_COURSE.slowWeek}, as most runners improve ` +
      `within ${EXPECTED_COURSE.fastWeek}–${EXPECTED_COURSE.slowWeek} weeks.`,
  };
}

function painSummary(first: PainWeek, last: PainWeek, position: CoursePosition): string {
  const scores = (n: number): string => `${n} ${n === 1 ? 'score' : 'scores'}`;
  if (first === last) {
    return (
      `Mean pain ${formatOneDecimal(first.mean)} in week ${first.week + 1} ` +
      `(${scores(first.n)}); no later weeks yet.`
    );
  }
  const a = formatOneDecimal(first.mean);
  const b = formatOneDecimal(last.mean);
  const movement = a === b ? `stayed at ${a}` : `${last.mean < first.mean ? 'fell' : 'rose'} from ${a}`;
  const to = a === b ? '' : ` to ${b}`;
  return (
    `Mean pain ${movement} in week ${first.week + 1} (${scores(first.n)})${to} ` +
    `${a === b ? 'through' : 'in'} week ${last.week + 1} (${scores(last.n)}): ` +
    `${POSITION_TEXT[position].toLowerCase()}.`
  );
}

// ——— MCID rate by therapist ———

export interface BarDatum {
  name: string;
  value: number;
}

export interface TherapistRow {
  therapistId: string;
  name: string;
  episodes: number;
  mcidRate: string;
  meanVisits: string;
}

export interface TherapistChart {
  /** Therapists with a rate, as percentages. */
  bars: BarDatum[];
  rows: TherapistRow[];
  summary: string;
}

export function buildTherapistChart(byTherapist: readonly TherapistOutcomes[]): TherapistChart {
  const sorted = [...byTherapist].sort((a, b) => a.fullName.localeCompare(b.fullName));
  const seen = new Map<string, number>();
  // ngx-charts keys bars by name: two therapists of the same name get a number.
  const names = sorted.map((t) => {
    const count = (seen.get(t.fullName) ?? 0) + 1;
    seen.set(t.fullName, count);
    return count === 1 ? t.fullName : `${t.fullName} (${count})`;
  });
  const rated = sorted
    .map((t, i) => ({ t, name: names[i] }))
    .filter((x): x is { t: TherapistOutcomes & { mcidRate: number }; name: string } => x.t.mcidRate !== null);
  return {
    bars: rated.map(({ t, name }) => ({ name, value: t.mcidRate * 100 })),
    rows: sorted.map((t, i) => ({
      therapistId: t.therapistId,
      name: names[i],
      episodes: t.episodes,
      mcidRate: formatRate(t.mcidRate),
      meanVisits: formatOneDecimal(t.meanVisits),
    })),
    summary: therapistSummary(
      rated.map(({ t, name }) => ({ name, rate: t.mcidRate })),
      sorted.length,
    ),
  };
}

function therapistSummary(rated: readonly { name: string; rate: number }[], therapists: number): string {
  if (therapists === 0) {
    return 'No episodes start in this period.';
  }
  if (rated.length === 0) {
    return 'No episode has a pain change yet (two signed pain scores), so there is no MCID rate.';
  }
  if (rated.length === 1) {
    return `${rated[0].name}: ${formatRate(rated[0].rate)} of episodes with a pain change reached the MCID.`;
  }
  const byRate = [...rated].sort((a, b) => b.rate - a.rate);
  const top = byRate[0];
  const bottom = byRate[byRate.length - 1];
  if (formatRate(top.rate) === formatRate(bottom.rate)) {
    return `All ${rated.length} therapists: ${formatRate(top.rate)} of episodes with a pain change reached the MCID.`;
  }
  return (
    `Share of episodes with a pain change that reached the MCID, across ${rated.length} therapists: ` +
    `from ${formatRate(bottom.rate)} (${bottom.name}) to ${formatRate(top.rate)} (${top.name}).`
  );
}

// ——— Visits per discharged episode ———

export interface HistogramChart {
  /** One bar per visit count from the fewest to the most, gaps as 0. Names are the counts. */
  bars: BarDatum[];
  /** The y axis's whole-number ticks, one step past the tallest bar. */
  yTicks: number[];
  summary: string;
}

export function buildVisitHistogram(distribution: readonly VisitCountBucket[]): HistogramChart {
  const buckets = [...distribution].filter((b) => b.episodes > 0).sort((a, b) => a.visits - b.visits);
  if (!buckets.length) {
    return { bars: [], yTicks: [], summary: 'No discharged episodes among those starting in this period.' };
  }
  const min = buckets[0].visits;
  const max = buckets[buckets.length - 1].visits;
  const counts = new Map(buckets.map((b) => [b.visits, b.episodes]));
  const bars = Array.from({ length: max - min + 1 }, (_, i) => ({
    name: String(min + i),
    value: counts.get(min + i) ?? 0,
  }));
  const total = buckets.reduce((sum, b) => sum + b.episodes, 0);
  const most = Math.max(...buckets.map((b) => b.episodes));
  const modes = buckets.filter((b) => b.episodes === most).map((b) => b.visits);
  const step = Math.max(1, Math.ceil(most / 5));
  // One step of headroom over the tallest bar, for its label.
  const yTicks = Array.from({ length: Math.floor(most / step) + 2 }, (_, i) => i * step);
  const visits = (n: number): string => `${n} ${n === 1 ? 'visit' : 'visits'}`;
  const range = min === max ? `all took ${visits(min)}` : `from ${min} to ${visits(max)}`;
  const commonest =
    min === max
      ? ''
      : `; most often ${modes.length === 1 ? visits(modes[0]) : `${modes.slice(0, -1).join(', ')} or ${visits(modes[modes.length - 1])}`} (${most} ${most === 1 ? 'episode' : 'episodes'}${modes.length > 1 ? ' each' : ''})`;
  return {
    bars,
    yTicks,
    summary: `${total} discharged ${total === 1 ? 'episode' : 'episodes'}, ${range}${commonest}.`,
  };
}

/** The parts of the answer the charts need, built once per answer. */
export interface DashboardCharts {
  pain: PainChart;
  therapists: TherapistChart;
  visits: HistogramChart;
}

export function buildCharts(answer: OutcomesAnalytics): DashboardCharts {
  return {
    pain: buildPainChart(answer.painByWeek),
    therapists: buildTherapistChart(answer.byTherapist),
    visits: buildVisitHistogram(answer.visitCountDistribution),
  };
}
