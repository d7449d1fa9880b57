import {
  bandAt,
  buildCharts,
  buildPainChart,
  buildTherapistChart,
  buildVisitHistogram,
  coursePosition,
  expectedBand,
  PAIN_SERIES,
} from './dashboard-charts';
import { anAnalytics } from './dashboard.fixtures';

describe('dashboard charts', () => {
  describe('expectedBand', () => {
    it('falls from the first week’s mean: to 3 by week 4 (fast) and by week 8 (slow)', () => {
      // Start 6 in week 1: fast edge −1 a week (3 at week 4, 0 at week 7); slow edge −3/7 a week.
      expect(expectedBand(1, 6, 8)).toEqual([
        { x: 1, low: 6, high: 6 },
        { x: 4, low: 3, high: 6 - (3 * 3) / 7 },
        { x: 7, low: 0, high: 6 - (3 * 6) / 7 },
        { x: 8, low: 0, high: 3 },
      ]);
    });

    it('stays at 0 … 3 after week 8, up to the last week shown', () => {
      const band = expectedBand(1, 7, 11);
      expect(band.at(-1)).toEqual({ x: 11, low: 0, high: 3 });
      expect(band.map((b) => b.x)).toEqual([1, 4, 6.25, 8, 11]);
    });

    it('is 0 … 3 throughout when the start is already at 3 or less', () => {
      expect(expectedBand(1, 2.5, 8)).toEqual([
        { x: 1, low: 0, high: 3 },
        { x: 4, low: 0, high: 3 },
        { x: 8, low: 0, high: 3 },
      ]);
    });

    it('anchors on a later first week (no week-1 scores)', () => {
      const band = expectedBand(2, 7, 8);
      expect(band[0]).toEqual({ x: 2, low: 7, high: 7 });
      expect(bandAt(band, 4)).toEqual({ low: 3, high: 7 - (4 * 2) / 6 });
      expect(bandAt(band, 8)).toEqual({ low: 0, high: 3 });
    });

    it('has no fast edge when the first scores come after week 4', () => {
      const band = expectedBand(5, 6, 8);
      expect(band).toEqual([
        { x: 5, low: 0, high: 6 },
        { x: 8, low: 0, high: 3 },
      ]);
    });
  });

  describe('bandAt and coursePosition', () => {
    const band = expectedBand(1, 6, 8);

    it.each([
      [1, { low: 6, high: 6 }],
      [2.5, { low: 4.5, high: 6 - (1.5 * 3) / 7 }],
      [8, { low: 0, high: 3 }],
      [0, null],
      [9, null],
    ])('week %p → %p', (x, expected) => {
      const range = bandAt(band, x);
      if (expected === null) {
        expect(range).toBeNull();
      } else {
        expect(range!.low).toBeCloseTo(expected.low, 10);
        expect(range!.high).toBeCloseTo(expected.high, 10);
      }
    });

    it.each([
      [2.9, 'below'],
      [3, 'within'],
      [4, 'within'],
      [5, 'within'],
      [5.2, 'above'],
    ] as const)('mean %p against 3 … 5 is %p', (value, expected) => {
      expect(coursePosition(value, { low: 3, high: 5 })).toBe(expected);
    });
  });

  describe('buildPainChart', () => {
    it('draws week + 1 against the mean, with n on each point', () => {
      const chart = buildPainChart(anAnalytics().painByWeek);
      expect(chart.series).toEqual([
        {
          name: PAIN_SERIES,
          series: [
            { name: 1, value: 6.75, extra: { n: 12 } },
            { name: 2, value: 5.2, extra: { n: 5 } },
            { name: 4, value: 3.5, extra: { n: 8 } },
            { name: 7, value: 1.8571428571428572, extra: { n: 7 } },
          ],
        },
      ]);
      expect(chart.xMax).toBe(8);
      expect(chart.band[0]).toEqual({ x: 1, low: 6.75, high: 6.75 });
    });

    it('gives a table row per week with the expected range and where the mean sits', () => {
      expect(buildPainChart(anAnalytics().painByWeek).rows).toEqual([
        { week: 1, mean: '6.8', n: 12, expected: '6.8–6.8', position: 'within' },
        { week: 2, mean: '5.2', n: 5, expected: '5.5–6.2', position: 'below' },
        { week: 4, mean: '3.5', n: 8, expected: '3.0–5.1', position: 'within' },
        { week: 7, mean: '1.9', n: 7, expected: '0.0–3.5', position: 'within' },
      ]);
    });

    it('sums the curve up in one sentence and says what the band means', () => {
      const chart = buildPainChart(anAnalytics().painByWeek);
      expect(chart.summary).toBe(
        'Mean pain fell from 6.8 in week 1 (12 scores) to 1.9 in week 7 (7 scores): within the expected course.',
      );
      expect(chart.bandCaption).toBe(
        'Shaded band: the expected course — mean pain falling from week 1’s 6.8 to 3 or less between ' +
          'week 4 and week 8, as most runners improve within 4–8 weeks.',
      );
    });

    it('widens the x axis past week 8 when the data does, and sorts weeks', () => {
      const chart = buildPainChart([
        { week: 10, mean: 4, n: 1 },
        { week: 0, mean: 7, n: 3 },
      ]);
      expect(chart.xMax).toBe(11);
      expect(chart.series[0].series.map((p) => p.name)).toEqual([1, 11]);
      expect(chart.summary).toBe(
        'Mean pain fell from 7.0 in week 1 (3 scores) to 4.0 in week 11 (1 score): slower than the expected course.',
      );
    });

    it('says so for a single week', () => {
      expect(buildPainChart([{ week: 0, mean: 6, n: 1 }]).summary).toBe(
        'Mean pain 6.0 in week 1 (1 score); no later weeks yet.',
      );
    });

    it('draws nothing without scores', () => {
      const chart = buildPainChart([]);
      expect(chart.series).toEqual([]);
      expect(chart.band).toEqual([]);
      expect(chart.bandCaption).toBeNull();
      expect(chart.summary).toBe(
        'No signed pain scores (NPRS during activity) for episodes starting in this period.',
      );
    });
  });

  describe('buildTherapistChart', () => {
    it('bars the rated therapists in %, by name; the table has everyone', () => {
      const chart = buildTherapistChart([
        ...anAnalytics().byTherapist,
        { therapistId: 't-3', fullName: 'Ana New', episodes: 1, mcidRate: null, meanVisits: null },
      ]);
      expect(chart.bars).toEqual([
        { name: 'Liam Brennan, PT', value: 75 },
        { name: 'Maya Okafor, DPT', value: 80 },
      ]);
      expect(chart.rows).toEqual([
        { therapistId: 't-3', name: 'Ana New', episodes: 1, mcidRate: '—', meanVisits: '—' },
        { therapistId: 't-1', name: 'Liam Brennan, PT', episodes: 4, mcidRate: '75%', meanVisits: '3.7' },
        { therapistId: 't-2', name: 'Maya Okafor, DPT', episodes: 7, mcidRate: '80%', meanVisits: '3.3' },
      ]);
      expect(chart.summary).toBe(
        'Share of episodes with a pain change that reached the MCID, across 2 therapists: ' +
          'from 75% (Liam Brennan, PT) to 80% (Maya Okafor, DPT).',
      );
    });

    it('tells two therapists of the same name apart', () => {
      const chart = buildTherapistChart([
        { therapistId: 'a', fullName: 'Sam Lee', episodes: 1, mcidRate: 1, meanVisits: 3 },
        { therapistId: 'b', fullName: 'Sam Lee', episodes: 1, mcidRate: 0, meanVisits: 4 },
      ]);
      expect(chart.bars.map((b) => b.name)).toEqual(['Sam Lee', 'Sam Lee (2)']);
    });

    it.each([
      [[], 'No episodes start in this period.'],
      [
        [{ therapistId: 'a', fullName: 'Sam Lee', episodes: 2, mcidRate: null, meanVisits: null }],
        'No episode has a pain change yet (two signed pain scores), so there is no MCID rate.',
      ],
      [
        [{ therapistId: 'a', fullName: 'Sam Lee', episodes: 2, mcidRate: 0.5, meanVisits: 3 }],
        'Sam Lee: 50% of episodes with a pain change reached the MCID.',
      ],
      [
        [
          { therapistId: 'a', fullName: 'Sam Lee', episodes: 2, mcidRate: 0.5, meanVisits: 3 },
          { therapistId: 'b', fullName: 'Kim Ray', episodes: 2, mcidRate: 0.5, meanVisits: 3 },
        ],
        'All 2 therapists: 50% of episodes with a pain change reached the MCID.',
      ],
    ])('summary of %p', (byTherapist, expected) => {
      expect(buildTherapistChart(byTherapist).summary).toBe(expected);
    });
  });

  describe('buildVisitHistogram', () => {
    it('has a bar for every visit count from the fewest to the most (gaps as 0)', () => {
      const chart = buildVisitHistogram(anAnalytics().visitCountDistribution);
      expect(chart.bars).toEqual([
        { name: '3', value: 4 },
        { name: '4', value: 2 },
        { name: '5', value: 0 },
        { name: '6', value: 1 },
      ]);
      expect(chart.yTicks).toEqual([0, 1, 2, 3, 4, 5]);
      expect(chart.summary).toBe(
        '7 discharged episodes, from 3 to 6 visits; most often 3 visits (4 episodes).',
      );
    });

    it('thins the y ticks out for tall bars, with a step of headroom', () => {
      expect(buildVisitHistogram([{ visits: 4, episodes: 23 }]).yTicks).toEqual([0, 5, 10, 15, 20, 25]);
    });

    it.each([
      [[], 'No discharged episodes among those starting in this period.'],
      [[{ visits: 4, episodes: 1 }], '1 discharged episode, all took 4 visits.'],
      [
        [
          { visits: 3, episodes: 2 },
          { visits: 5, episodes: 2 },
        ],
        '4 discharged episodes, from 3 to 5 visits; most often 3 or 5 visits (2 episodes each).',
      ],
    ])('summary of %p', (distribution, expected) => {
      expect(buildVisitHistogram(distribution).summary).toBe(expected);
    });
  });

  it('builds all three from an answer', () => {
    const charts = buildCharts(anAnalytics());
    expect(charts.pain.rows).toHaveLength(4);
    expect(charts.therapists.rows).toHaveLength(2);
    expect(charts.visits.bars).toHaveLength(4);
  });
});
