import type { InstrumentCode, VisitView } from '@stride/api';

import { DRAFT_SERIES, SIGNED_SERIES } from './chart-series';
import { buildTrend } from './trend';

type Visit = Pick<VisitView, 'id' | 'visitDate' | 'visitType' | 'status' | 'measurements'>;

let nextId = 0;
function visit(
  date: string,
  status: Visit['status'],
  values: Partial<Record<InstrumentCode, number>>,
): Visit {
  return {
    id: `v-${++nextId}`,
    visitDate: `${date}T16:00:00Z`,
    visitType: nextId === 1 ? 'initial_evaluation' : 'follow_up',
    status,
    measurements: Object.entries(values).map(([instrument, value]) => ({
      instrument: instrument as InstrumentCode,
      value,
    })),
  };
}

const START = '2026-03-02';

describe(buildTrend.name, () => {
  beforeEach(() => (nextId = 0));

  describe('pain (lower is better)', () => {
    const visits = [
      visit('2026-03-02', 'signed', { nprs_activity: 7, lefs: 40 }),
      visit('2026-03-10', 'signed', { nprs_activity: 5 }),
      visit('2026-03-17', 'signed', { lefs: 52 }),
      visit('2026-03-30', 'signed', { nprs_activity: 2, lefs: 61 }),
      visit('2026-04-03', 'draft', { nprs_activity: 1 }),
    ];
    const trend = buildTrend('nprs_activity', visits, START, 'UTC');

    it('takes the first signed value as the baseline and the last as the latest', () => {
      expect(trend).toMatchObject({ baseline: 7, latest: 2, change: 5, mcidReached: true, mcidThreshold: 5 });
    });

    it('plots signed values over weeks since the start (week + 1)', () => {
      expect(trend.series[0]).toEqual({
        name: SIGNED_SERIES,
        extra: { kind: 'signed' },
        series: [
          { name: 1, value: 7, extra: { kind: 'signed' } },
          { name: 2, value: 5, extra: { kind: 'signed' } },
          { name: 5, value: 2, extra: { kind: 'signed' } },
        ],
      });
    });

    it('shows the draft as a provisional series that starts from the last signed value', () => {
      expect(trend.series[1]).toEqual({
        name: DRAFT_SERIES,
        extra: { kind: 'draft' },
        series: [
          { name: 5, value: 2, extra: { kind: 'draft', connector: true } },
          { name: 5, value: 1, extra: { kind: 'draft' } },
        ],
      });
    });

    it('draws the baseline and the MCID threshold (baseline − MCID)', () => {
      expect(trend.guides).toEqual([
        { kind: 'baseline', value: 7, label: 'Baseline 7' },
        { kind: 'mcid', value: 5, label: 'MCID 5' },
      ]);
    });

    it('lists every value for the table, drafts marked and without a change', () => {
      expect(
        trend.points.map(({ visitNumber, week, value, status, change }) => [
          visitNumber,
          week,
          value,
          status,
          change,
        ]),
      ).toEqual([
        [1, 0, 7, 'signed', null],
        [2, 1, 5, 'signed', 2],
        [4, 4, 2, 'signed', 5],
        [5, 4, 1, 'draft', null],
      ]);
    });

    it('says what happened in one sentence, the draft as provisional', () => {
      expect(trend.summary).toBe(
        'Pain fell from 7 to 2 over 4 weeks; MCID reached. Draft (provisional): 1 in week 5.',
      );
    });

    it('leaves the draft out of the outcome', () => {
      const signedOnly = buildTrend('nprs_activity', visits.slice(0, 4), START, 'UTC');
      expect(signedOnly).toMatchObject({ baseline: 7, latest: 2, change: 5 });
      expect(signedOnly.series.map((s) => s.name)).toEqual([SIGNED_SERIES]);
    });
  });

  describe('LEFS (higher is better)', () => {
    it('puts the MCID threshold above the baseline', () => {
      const trend = buildTrend(
        'lefs',
        [visit('2026-03-02', 'signed', { lefs: 40 }), visit('2026-03-16', 'signed', { lefs: 46 })],
        START,
        'UTC',
      );
      expect(trend).toMatchObject({
        baseline: 40,
        latest: 46,
        change: 6,
        mcidReached: false,
        mcidThreshold: 49,
      });
      expect(trend.guides.map((g) => [g.kind, g.value])).toEqual([
        ['baseline', 40],
        ['mcid', 49],
      ]);
      expect(trend.summary).toBe('LEFS rose from 40 to 46 over 2 weeks; MCID (9) not reached.');
    });

    it('counts a change of exactly the MCID as reached', () => {
      const trend = buildTrend(
        'lefs',
        [visit('2026-03-02', 'signed', { lefs: 40 }), visit('2026-03-03', 'signed', { lefs: 49 })],
        START,
        'UTC',
      );
      expect(trend.mcidReached).toBe(true);
      expect(trend.summary).toBe('LEFS rose from 40 to 49 within a week; MCID reached.');
    });
  });

  describe('edge cases', () => {
    it.each([
      [[], 'No signed pain score yet.', null, []],
      [
        [visit('2026-03-02', 'draft', { nprs_activity: 6 })],
        'No signed pain score yet. Draft (provisional): 6 in week 1.',
        null,
        [DRAFT_SERIES],
      ],
      [
        [visit('2026-03-09', 'signed', { nprs_activity: 6 })],
        'Pain 6 at baseline (week 2); no later signed score yet.',
        4,
        [SIGNED_SERIES],
      ],
      [
        [
          visit('2026-03-02', 'signed', { nprs_activity: 4 }),
          visit('2026-03-12', 'signed', { nprs_activity: 4 }),
        ],
        'Pain stayed at 4 over 1 week; MCID (2) not reached.',
        2,
        [SIGNED_SERIES],
      ],
      [
        [
          visit('2026-03-02', 'signed', { nprs_activity: 3 }),
          visit('2026-03-12', 'signed', { nprs_activity: 5 }),
        ],
        'Pain rose from 3 to 5 over 1 week; MCID (2) not reached.',
        1,
        [SIGNED_SERIES],
      ],
    ])('%j → "%s"', (visits, summary, threshold, seriesNames) => {
      nextId = 0;
      const trend = buildTrend('nprs_activity', visits, START, 'UTC');
      expect(trend.summary).toBe(summary);
      expect(trend.mcidThreshold).toBe(threshold);
      expect(trend.series.map((s) => s.name)).toEqual(seriesNames);
    });

    it('has no change with fewer than two signed values, but shows the baseline', () => {
      const trend = buildTrend(
        'nprs_activity',
        [visit('2026-03-02', 'signed', { nprs_activity: 6 })],
        START,
        'UTC',
      );
      expect(trend).toMatchObject({ baseline: 6, latest: null, change: null, mcidReached: null });
      expect(trend.guides.map((g) => g.kind)).toEqual(['baseline', 'mcid']);
    });

    it('does not draw an MCID line the scale cannot hold (baseline 1 of pain)', () => {
      const trend = buildTrend(
        'nprs_activity',
        [visit('2026-03-02', 'signed', { nprs_activity: 1 })],
        START,
        'UTC',
      );
      expect(trend.mcidThreshold).toBe(-1);
      expect(trend.guides.map((g) => g.kind)).toEqual(['baseline']);
    });

    it('starts a draft with no earlier signed value without a connector', () => {
      const visits = [
        visit('2026-03-02', 'draft', { nprs_activity: 6 }),
        visit('2026-03-03', 'signed', { nprs_activity: 5 }),
      ];
      const trend = buildTrend('nprs_activity', visits, START, 'UTC');
      expect(trend.series[1].series).toEqual([{ name: 1, value: 6, extra: { kind: 'draft' } }]);
      expect(trend.baseline).toBe(5);
    });

    it('weeks a visit by the clinic’s calendar date', () => {
      // 05:30 UTC on Monday 9 March is still Sunday 8 March in Denver: week 1, not week 2.
      const late = {
        ...visit('2026-03-09', 'signed', { nprs_activity: 5 }),
        visitDate: '2026-03-09T05:30:00Z',
      };
      expect(buildTrend('nprs_activity', [late], START, 'America/Denver').points[0].week).toBe(0);
      expect(buildTrend('nprs_activity', [late], START, 'UTC').points[0].week).toBe(1);
    });

    it('measures PSFS changes at its 0.1 step without float residue', () => {
      const trend = buildTrend(
        'psfs',
        [visit('2026-03-02', 'signed', { psfs: 3.3 }), visit('2026-03-20', 'signed', { psfs: 5.3 })],
        START,
        'UTC',
      );
      expect(trend.change).toBe(2);
      expect(trend.mcidReached).toBe(true);
      expect(trend.guides[1]).toEqual({
        kind: 'mcid',
        value: expect.closeTo(5.3, 9) as number,
        label: 'MCID 5.3',
      });
    });
  });
});
