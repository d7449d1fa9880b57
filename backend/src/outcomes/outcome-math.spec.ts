import { describe, expect, it } from '@jest/globals';
import { findInstrument } from '../instruments/instruments.js';
import {
  clinicOutcomes,
  type EpisodeFacts,
  instrumentOutcome,
  measureSummary,
  median,
  mean,
  type SignedVisit,
  weekOf,
} from './outcome-math.js';

const NPRS = findInstrument('nprs_activity')!;
const LEFS = findInstrument('lefs')!;
const PSFS = findInstrument('psfs')!;

let seq = 0;
function visit(date: string, values: SignedVisit['values']): SignedVisit {
  seq++;
  return { id: `v${seq}`, date, visitDate: `${date}T16:00:00.000Z`, values };
}

function episode(over: Partial<EpisodeFacts> & Pick<EpisodeFacts, 'visits'>): EpisodeFacts {
  seq++;
  return {
    id: `e${seq}`,
    status: 'active',
    startDate: '2026-03-02',
    dischargeDate: null,
    therapistId: 't1',
    plannedVisits: 4,
    ...over,
  };
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

  describe(mean.name + ' and ' + median.name, () => {
    it.each([
      [[], null, null],
      [[3], 3, 3],
      [[1, 2, 3, 10], 4, 2.5],
      [[4, 1, 3], 8 / 3, 3],
    ])('%j → mean %p, median %p (even count: mean of the middle two)', (values, m, md) => {
      expect(mean(values)).toBe(m);
      expect(median(values)).toBe(md);
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

  describe(measureSummary.name, () => {
    it('averages over the episodes with a defined change only; null when none', () => {
      const eps = [
        episode({
          visits: [visit('2026-03-02', { nprs_activity: 8 }), visit('2026-03-16', { nprs_activity: 2 })],
        }),
        episode({
          visits: [visit('2026-03-02', { nprs_activity: 6 }), visit('2026-03-16', { nprs_activity: 5 })],
        }),
        episode({ visits: [visit('2026-03-02', { nprs_activity: 9 })] }), // one visit: excluded
      ];
      expect(measureSummary(NPRS, eps)).toEqual({
        episodes: 2,
        meanBaseline: 7,
        meanLatest: 3.5,
        meanChange: 3.5,
        mcidRate: 0.5,
      });
      expect(measureSummary(LEFS, eps)).toBeNull();
    });
  });

  describe(clinicOutcomes.name, () => {
    it('answers an empty clinic with zeros and nulls', () => {
      const out = clinicOutcomes([]);
      expect(out.episodes).toEqual({ total: 0, active: 0, discharged: 0, cancelled: 0 });
      expect(out.visitsPerDischargedEpisode).toEqual({ mean: null, median: null });
      expect(out.weeksToDischarge).toEqual({ mean: null, median: null });
      expect(Object.values(out.measures)).toEqual([null, null, null, null, null]);
      expect(out.byTherapist).toEqual([]);
      expect(out.painByWeek).toEqual([]);
      expect(out.visitCountDistribution).toEqual([]);
    });

    it('computes a hand-worked clinic to the decimal', () => {
      const a = episode({
        therapistId: 't1',
        status: 'discharged',
        startDate: '2026-03-02',
        dischargeDate: '2026-04-06', // 35 days = 5 weeks
        visits: [
          visit('2026-03-02', { nprs_activity: 7, lefs: 45 }),
          visit('2026-03-12', { nprs_activity: 4 }), // week 1
          visit('2026-04-06', { nprs_activity: 1, lefs: 70 }), // week 5
        ],
      });
      const b = episode({
        therapistId: 't1',
        status: 'discharged',
        startDate: '2026-03-02',
        dischargeDate: '2026-05-04', // 63 days = 9 weeks
        visits: [
          visit('2026-03-03', { nprs_activity: 6 }),
          visit('2026-03-10', { nprs_activity: 6 }),
          visit('2026-03-20', { nprs_activity: 5 }),
          visit('2026-05-04', { nprs_activity: 5 }),
        ],
      });
      const c = episode({
        therapistId: 't2',
        status: 'active',
        startDate: '2026-03-05',
        visits: [visit('2026-03-05', { nprs_activity: 8 }), visit('2026-03-14', { nprs_activity: 5 })],
      });
      const cancelled = episode({
        therapistId: 't2',
        status: 'cancelled',
        visits: [visit('2026-03-02', { nprs_activity: 10 }), visit('2026-03-09', { nprs_activity: 0 })],
      });
      const out = clinicOutcomes([a, b, c, cancelled]);

      expect(out.episodes).toEqual({ total: 4, active: 1, discharged: 2, cancelled: 1 });
      expect(out.visitsPerDischargedEpisode).toEqual({ mean: 3.5, median: 3.5 });
      expect(out.weeksToDischarge).toEqual({ mean: 7, median: 7 });
      // nprs: a 7→1 (6, MCID), b 6→5 (1), c 8→5 (3, MCID); the cancelled episode does not count
      expect(out.measures.nprs_activity).toEqual({
        episodes: 3,
        meanBaseline: 7,
        meanLatest: 11 / 3,
        meanChange: 10 / 3,
        mcidRate: 2 / 3,
      });
      expect(out.measures.lefs).toEqual({
        episodes: 1,
        meanBaseline: 45,
        meanLatest: 70,
        meanChange: 25,
        mcidRate: 1,
      });
      expect(out.measures.psfs).toBeNull();
      // weeks: a 0,1,5; b 0,1,2,9; c 0,1
      expect(out.painByWeek).toEqual([
        { week: 0, mean: 7, n: 3 },
        { week: 1, mean: 5, n: 3 },
        { week: 2, mean: 5, n: 1 },
        { week: 5, mean: 1, n: 1 },
        { week: 9, mean: 5, n: 1 },
      ]);
      expect(out.visitCountDistribution).toEqual([
        { visits: 3, episodes: 1 },
        { visits: 4, episodes: 1 },
      ]);
      expect(out.byTherapist).toEqual([
        { therapistId: 't1', episodes: 2, mcidRate: 0.5, meanVisits: 3.5 },
        { therapistId: 't2', episodes: 1, mcidRate: 1, meanVisits: null },
      ]);
    });
  });
});
