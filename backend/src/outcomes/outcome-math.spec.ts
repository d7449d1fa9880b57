import { describe, expect, it } from '@jest/globals';
import { findInstrument } from '../instruments/instruments.js';
import { instrumentOutcome, type SignedVisit, summarizeEpisode, weekOf } from './outcome-math.js';

const NPRS = findInstrument('nprs_activity')!;
const LEFS = findInstrument('lefs')!;
const PSFS = findInstrument('psfs')!;

let seq = 0;
function visit(date: string, values: SignedVisit['values']): SignedVisit {
  seq++;
  return { id: `v${seq}`, date, visitDate: `${date}T16:00:00.000Z`, values };
}

describe('outcome definitions (SPEC §4)', () => {
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
