import type { VisitView } from '@stride/api';

import { buildRunningLoad, formatDistance, toUnit } from './running-load-series';

type Visit = Pick<VisitView, 'id' | 'visitDate' | 'status' | 'running' | 'flags'>;

function visit(
  n: number,
  weeklyDistanceKm: number | null,
  flagged = false,
  status: Visit['status'] = 'signed',
): Visit {
  return {
    id: `v-${n}`,
    visitDate: `2026-03-0${n}T16:00:00Z`,
    status,
    running: weeklyDistanceKm === null ? null : { weeklyDistanceKm, longestRunKm: 5, runWalkRatio: '4:1' },
    flags: flagged ? ['weekly_distance_over_10_percent'] : [],
  };
}

describe('running load', () => {
  describe(toUnit.name, () => {
    it.each([
      [10, 'km', 10],
      [12.5, 'km', 12.5],
      [12.34, 'km', 12.3],
      [16.09344, 'mi', 10],
      [12.5, 'mi', 7.8],
      [0, 'mi', 0],
    ] as const)('%f km in %s is %f', (km, unit, value) => {
      expect(toUnit(km, unit)).toBe(value);
    });

    it('writes a missing distance as a dash', () => {
      expect(formatDistance(null, 'km')).toBe('—');
      expect(formatDistance(5, 'mi')).toBe('3.1 mi');
    });
  });

  describe(buildRunningLoad.name, () => {
    const visits = [
      visit(1, 10),
      visit(2, null),
      visit(3, 11),
      visit(4, 12.5, true),
      visit(5, 12, false, 'draft'),
    ];

    it('plots weekly distance per visit, numbered like the timeline, skipping visits without one', () => {
      const load = buildRunningLoad(visits, 'km', 'UTC');
      expect(load.series).toHaveLength(1);
      expect(load.series[0].series).toEqual([
        { name: 1, value: 10, extra: { kind: 'signed', flagged: false, flagLabel: undefined } },
        { name: 3, value: 11, extra: { kind: 'signed', flagged: false, flagLabel: undefined } },
        { name: 4, value: 12.5, extra: { kind: 'signed', flagged: true, flagLabel: '>10%' } },
        { name: 5, value: 12, extra: { kind: 'draft', flagged: false, flagLabel: undefined } },
      ]);
    });

    it('marks the API’s 10% flag and says by how much in words', () => {
      const load = buildRunningLoad(visits, 'km', 'UTC');
      expect(load.rows.map((r) => [r.visitNumber, r.changeText, r.flagged])).toEqual([
        [1, 'First recorded', false],
        [3, '+10% on 10 km', false],
        [4, '+14% on 11 km', true],
        [5, '−4% on 12.5 km', false],
      ]);
      expect(load.summary).toBe(
        'Weekly distance went from 10 to 12 km over 4 visits. Rose more than 10% at visit 4.',
      );
    });

    it('speaks the clinic’s unit', () => {
      const load = buildRunningLoad(visits, 'mi', 'UTC');
      expect(load.series[0].name).toBe('Weekly distance (mi)');
      expect(load.rows.map((r) => r.weeklyDistance)).toEqual([6.2, 6.8, 7.8, 7.5]);
      expect(load.rows[1].changeText).toBe('+10% on 6.2 mi');
      expect(load.rows[0].longestRun).toBe('3.1 mi');
    });

    it.each([
      ['no distances', [], 'No weekly running distance recorded yet.'],
      ['one distance', [visit(1, 8)], 'Weekly distance 8 km at visit 1.'],
      [
        'a rise within 10%',
        [visit(1, 8), visit(2, 8.5)],
        'Weekly distance went from 8 to 8.5 km over 2 visits. No rise of more than 10%.',
      ],
    ])('sums up %s as "%s"', (_name, list, text) => {
      expect(buildRunningLoad(list, 'km', 'UTC').summary).toBe(text);
    });

    it('counts any rise from 0', () => {
      const load = buildRunningLoad([visit(1, 0), visit(2, 3, true)], 'km', 'UTC');
      expect(load.rows[1].changeText).toBe('Up from 0');
      expect(load.rows[1].flagged).toBe(true);
    });
  });
});
