import { describe, expect, it } from '@jest/globals';
import { weekOf } from './dates.js';
import { summarizeEpisode } from './episode-summary.js';
import { findInstrument, improvement, INSTRUMENTS, type InstrumentCode, reachesMcid } from './instruments.js';
import {
  baselineOf,
  instrumentOutcome,
  type InstrumentOutcome,
  mcidThreshold,
  outcomeOf,
  type SignedVisit,
} from './outcome-math.js';

const NPRS = findInstrument('nprs_activity')!;
const LEFS = findInstrument('lefs')!;
const PSFS = findInstrument('psfs')!;

let seq = 0;
function visit(date: string, values: SignedVisit['values']): SignedVisit {
  seq++;
  return { id: `v${seq}`, date, visitDate: `${date}T16:00:00.000Z`, values };
}

describe('outcome definitions', () => {
  describe(weekOf.name, () => {
    it.each([
      ['2026-03-02', '2026-03-02', 0],
      ['2026-03-02', '2026-03-08', 0],
      ['2026-03-02', '2026-03-09', 1],
      ['2026-03-02', '2026-04-13', 6],
      ['2026-03-30', '2026-04-06', 1], // across the DST change in Europe/US: calendar days, not hours
    ])('start %s, visit %s → week %i', (start, date, week) => {
      expect(weekOf(start, date)).toBe(week);
    });
  });

  describe(instrumentOutcome.name, () => {
    it('takes the baseline at the first visit that has it and the latest at the last', () => {
      const visits = [
        visit('2026-03-02', { lefs: 40 }),
        visit('2026-03-09', { nprs_activity: 7, lefs: 45 }),
        visit('2026-03-16', {}),
        visit('2026-03-23', { nprs_activity: 4 }),
        visit('2026-03-30', { nprs_activity: 2 }),
      ];
      expect(instrumentOutcome(NPRS, visits)).toEqual({
        baseline: 7,
        latest: 2,
        change: 5,
        mcidReached: true,
      });
      expect(instrumentOutcome(LEFS, visits)).toEqual({
        baseline: 40,
        latest: 45,
        change: 5,
        mcidReached: false,
      });
    });

    it('shows only the baseline with fewer than two visits that have it', () => {
      expect(instrumentOutcome(NPRS, [visit('2026-03-02', { nprs_activity: 6 })])).toEqual({
        baseline: 6,
        latest: null,
        change: null,
        mcidReached: null,
      });
      expect(instrumentOutcome(NPRS, [])).toEqual({
        baseline: null,
        latest: null,
        change: null,
        mcidReached: null,
      });
    });

    it.each([
      [NPRS, 6, 4, 2, true], // exactly the MCID counts
      [NPRS, 6, 5, 1, false],
      [NPRS, 3, 5, -2, false], // worse
      [LEFS, 48, 57, 9, true],
      [LEFS, 48, 56, 8, false],
      [PSFS, 2.1, 4.1, 2, true], // at the step, no float residue
      [PSFS, 3.3, 5.2, 1.9, false],
    ])('%s: %p → %p is a change of %p, MCID %p', (instrument, from, to, change, reached) => {
      const o = instrumentOutcome(instrument, [
        visit('2026-03-02', { [instrument.code]: from }),
        visit('2026-03-09', { [instrument.code]: to }),
      ]);
      expect(o.change).toBe(change);
      expect(o.mcidReached).toBe(reached);
    });
  });

  describe(summarizeEpisode.name, () => {
    it('stores every instrument, the pain points by week and the off-track facts', () => {
      const s = summarizeEpisode('2026-03-02', [
        visit('2026-03-02', { nprs_activity: 7, lefs: 45 }),
        visit('2026-03-12', { nprs_activity: 6 }),
        visit('2026-03-20', { lefs: 50 }),
        visit('2026-04-06', { nprs_activity: 5, lefs: 60 }),
      ]);
      expect(s.signedVisits).toBe(4);
      expect(s.lastSignedDate).toBe('2026-04-06');
      // from the 3rd visit on, only 5 (a change of 2 from 7) has a pain score: MCID by visit 3
      expect(s.mcidByVisit3).toBe(true);
      expect(s.outcomes.nprs_activity).toEqual({ baseline: 7, latest: 5, change: 2, mcidReached: true });
      expect(s.outcomes.lefs).toEqual({ baseline: 45, latest: 60, change: 15, mcidReached: true });
      expect(s.outcomes.psfs).toEqual({ baseline: null, latest: null, change: null, mcidReached: null });
      expect(s.painPoints).toEqual([
        [0, 7],
        [1, 6],
        [5, 5],
      ]);
    });

    it('summarises an episode with no signed visits as empty', () => {
      const s = summarizeEpisode('2026-03-02', []);
      expect(s).toMatchObject({ signedVisits: 0, lastSignedDate: null, mcidByVisit3: false, painPoints: [] });
    });

    it('does not count a pain drop before the 3rd visit as MCID by visit 3', () => {
      const s = summarizeEpisode('2026-03-02', [
        visit('2026-03-02', { nprs_activity: 8 }),
        visit('2026-03-09', { nprs_activity: 4 }),
        visit('2026-03-16', { nprs_activity: 7 }),
      ]);
      expect(s.mcidByVisit3).toBe(false);
    });
  });
});

describe(outcomeOf.name, () => {
  it.each<[string, number[], InstrumentOutcome]>([
    ['no values', [], { baseline: null, latest: null, change: null, mcidReached: null }],
    ['one value: a baseline only', [6], { baseline: 6, latest: null, change: null, mcidReached: null }],
    ['two values', [7, 5], { baseline: 7, latest: 5, change: 2, mcidReached: true }],
    ['the last value is the latest', [7, 3, 6], { baseline: 7, latest: 6, change: 1, mcidReached: false }],
    ['worse', [3, 6], { baseline: 3, latest: 6, change: -3, mcidReached: false }],
    ['no change', [4, 4], { baseline: 4, latest: 4, change: 0, mcidReached: false }],
  ])('nprs_activity, %s', (_, values, outcome) => {
    expect(outcomeOf(findInstrument('nprs_activity')!, values)).toEqual(outcome);
  });

  it('agrees with instrumentOutcome over the same visits', () => {
    const psfs = findInstrument('psfs')!;
    const visits = [2.1, 3.3, 4.1].map((value, i) => ({
      id: `o${i}`,
      date: `2026-03-0${i + 2}`,
      visitDate: `2026-03-0${i + 2}T16:00:00.000Z`,
      values: { psfs: value },
    }));
    expect(instrumentOutcome(psfs, visits)).toEqual(outcomeOf(psfs, [2.1, 3.3, 4.1]));
    expect(outcomeOf(psfs, [2.1, 3.3, 4.1]).change).toBe(2);
  });
});

describe(baselineOf.name, () => {
  it.each<[string, (number | null | undefined)[], { index: number; value: number } | null]>([
    ['the first value', [7, 5], { index: 0, value: 7 }],
    ['skips visits without a value', [undefined, null, 6, 4], { index: 2, value: 6 }],
    ['a zero is a value', [null, 0, 3], { index: 1, value: 0 }],
    ['none', [null, undefined], null],
    ['no visits', [], null],
  ])('%s', (_, values, expected) => {
    const visits = values.map((value, index) => ({ index, value }));
    const found = baselineOf(visits, (v) => v.value);
    expect(found && { index: found.visit.index, value: found.value }).toEqual(expected);
  });
});

describe(mcidThreshold.name, () => {
  it.each<[InstrumentCode, number, number]>([
    ['nprs_activity', 7, 5],
    ['nprs_activity', 1, -1], // off the scale: cannot be reached
    ['lefs', 40, 49],
    ['lefs', 75, 84],
    ['psfs', 2.1, 4.1],
    ['psfs', 3.3, 5.3],
  ])('%s from baseline %p: %p', (code, baseline, threshold) => {
    expect(mcidThreshold(findInstrument(code)!, baseline)).toBe(threshold);
  });

  it('is exactly where a reading starts to reach the MCID', () => {
    for (const instrument of INSTRUMENTS) {
      const baseline = (instrument.min + instrument.max) / 2;
      const threshold = mcidThreshold(instrument, Math.round(baseline / instrument.step) * instrument.step);
      const base = Math.round(baseline / instrument.step) * instrument.step;
      expect(reachesMcid(instrument, improvement(instrument, base, threshold))).toBe(true);
      const short =
        instrument.betterDirection === 'lower' ? threshold + instrument.step : threshold - instrument.step;
      expect(reachesMcid(instrument, improvement(instrument, base, short))).toBe(false);
    }
  });
});
