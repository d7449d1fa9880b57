import { describe, expect, it } from '@jest/globals';
import { exceedsTenPercentRise, runningLoadFlags, WEEKLY_DISTANCE_FLAG } from './running-load.js';

const F = [WEEKLY_DISTANCE_FLAG];
const km = (...values: (number | null | undefined)[]) =>
  values.map((weeklyDistanceKm) => ({ weeklyDistanceKm }));

describe(exceedsTenPercentRise.name, () => {
  describe('at the 10% boundary', () => {
    it.each<[number, number, boolean]>([
      [10, 11, false], // exactly 10%: not more
      [10, 11.0, false],
      [10, 11.01, true],
      [10, 10.99, false],
      [20, 22, false],
      [20, 22.01, true],
      [12.5, 13.75, false], // exactly 10% with decimals
      [12.5, 13.76, true],
      [0.1, 0.11, false],
      [0.1, 0.12, true],
      [33.33, 36.66, false], // 10 × 3666 = 36660 < 11 × 3333 = 36663
      [33.33, 36.67, true], // 36670 > 36663
      [1.1, 1.21, false], // 1.1 × 1.1 = 1.2100000000000002 in floats; in hundredths exactly 10%
      [2.2, 2.42, false], // 2.2 × 1.1 = 2.4200000000000004 in floats
      [999.99, 1000, false],
    ])('%p km → %p km: %p', (previous, next, flagged) => {
      expect(exceedsTenPercentRise(previous, next)).toBe(flagged);
    });
  });

  describe('from and to zero', () => {
    it.each<[number, number, boolean]>([
      [0, 0.01, true], // any rise from 0 counts
      [0, 5, true],
      [0, 0, false],
      [5, 0, false],
    ])('%p km → %p km: %p', (previous, next, flagged) => {
      expect(exceedsTenPercentRise(previous, next)).toBe(flagged);
    });
  });

  describe('falls and small rises', () => {
    it.each<[number, number, boolean]>([
      [10, 10, false],
      [10, 9, false],
      [10, 10.5, false],
      [30, 20, false],
      [30, 33.5, true],
    ])('%p km → %p km: %p', (previous, next, flagged) => {
      expect(exceedsTenPercentRise(previous, next)).toBe(flagged);
    });
  });

  it('agrees with the exact rational rule for every pair of distances 0.00–3.00 km', () => {
    for (let p = 0; p <= 300; p++) {
      for (let n = 0; n <= 300; n++) {
        const got = exceedsTenPercentRise(p / 100, n / 100);
        if (got !== 10 * n > 11 * p) throw new Error(`${p / 100} → ${n / 100} gave ${got}`);
      }
    }
    expect(exceedsTenPercentRise(3, 3.31)).toBe(true);
  });

  it.each<[number, number]>([
    [-1, 5],
    [5, -0.01],
    [Number.NaN, 5],
    [5, Number.POSITIVE_INFINITY],
  ])('throws on a distance that is not a finite number ≥ 0 (%p → %p)', (previous, next) => {
    expect(() => exceedsTenPercentRise(previous, next)).toThrow(RangeError);
  });
});

describe(runningLoadFlags.name, () => {
  describe('flags each visit against the latest earlier visit with a distance', () => {
    it.each<[string, ReturnType<typeof km>, string[][]]>([
      ['no visits', km(), []],
      ['a first visit is never flagged', km(50), [[]]],
      ['a steady build within 10% a week', km(10, 11, 12.1, 13.31), [[], [], [], []]],
      ['a jump of more than 10%', km(10, 12), [[], F]],
      ['each visit against the one before it, not the first', km(10, 12, 13), [[], F, []]],
      ['a fall, then a rise measured from the fall', km(20, 10, 11.5), [[], [], F]],
      ['a rise from 0', km(0, 0.01), [[], F]],
      ['0 after 0', km(0, 0), [[], []]],
      ['11.00 after 10.00 (exactly 10%)', km(10, 11), [[], []]],
      ['11.01 after 10.00', km(10, 11.01), [[], F]],
    ])('%s', (_title, visits, flags) => {
      expect(runningLoadFlags(visits)).toEqual(flags);
    });
  });

  describe('visits without a distance', () => {
    it.each<[string, ReturnType<typeof km>, string[][]]>([
      ['get no flag', km(null, undefined), [[], []]],
      [
        'are skipped: the comparison reaches back to the last visit that has one',
        km(10, null, 12),
        [[], [], F],
      ],
      ['are skipped, also when several in a row', km(10, null, undefined, null, 11), [[], [], [], [], []]],
      ['before the first distance leave it unflagged', km(null, 30, 40), [[], [], F]],
      ['do not reset the reference to 0', km(10, null, 10.5), [[], [], []]],
    ])('%s', (_title, visits, flags) => {
      expect(runningLoadFlags(visits)).toEqual(flags);
    });
  });

  it('answers one fresh array per visit, in the same order', () => {
    const flags = runningLoadFlags(km(10, 20, 30));
    expect(flags).toHaveLength(3);
    expect(flags[1]).not.toBe(flags[2]);
    flags[1].push('x');
    expect(flags[2]).toEqual(F);
  });
});
