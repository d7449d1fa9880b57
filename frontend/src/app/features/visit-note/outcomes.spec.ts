import { compareVisitOrder, findInstrument, visitNumber } from '@stride/clinical';

import {
  baselineOf,
  changeSinceBaseline,
  formatReading,
  previousWeeklyDistance,
  risesOverTenPercent,
} from './outcomes';
import { aSignedVisit, aVisit, VISIT_ID } from './visit-note.testing';

const nprs = findInstrument('nprs_activity')!;
const lefs = findInstrument('lefs')!;
const psfs = findInstrument('psfs')!;

describe('outcomes on the note', () => {
  const first = aSignedVisit('v1', '2026-03-02T16:00:00.000Z', 7, 10);
  const second = aSignedVisit('v2', '2026-03-09T16:00:00.000Z', 5, 12);
  const draftBefore = aVisit({
    id: 'v0',
    visitDate: '2026-03-01T16:00:00.000Z',
    measurements: [{ instrument: 'nprs_activity', value: 9 }],
  });
  const current = aVisit({
    id: VISIT_ID,
    visitDate: '2026-03-16T16:00:00.000Z',
    createdAt: '2026-03-16T16:00:00.000Z',
  });

  describe('baselineOf', () => {
    it('is the value at the first signed visit that has the instrument (drafts never count)', () => {
      expect(baselineOf([second, draftBefore, first, current], 'nprs_activity')).toEqual({
        value: 7,
        visitId: 'v1',
        visitDate: first.visitDate,
      });
      expect(baselineOf([first, second], 'lefs')).toBeNull();
    });
  });

  describe('changeSinceBaseline', () => {
    const baseline = { value: 7, visitId: 'v1', visitDate: first.visitDate };

    it('says "baseline" on the very first visit', () => {
      expect(changeSinceBaseline(nprs, null, 6, VISIT_ID)).toEqual({
        kind: 'baseline',
        text: 'baseline',
        mcidReached: null,
      });
      expect(changeSinceBaseline(nprs, baseline, 7, 'v1').text).toBe('baseline');
    });

    it('shows the change in the instrument’s units and whether it reaches the MCID', () => {
      expect(changeSinceBaseline(nprs, baseline, 3, VISIT_ID)).toEqual({
        kind: 'better',
        text: '−4 since baseline 7 · MCID reached',
        mcidReached: true,
      });
      expect(changeSinceBaseline(nprs, baseline, 6, VISIT_ID).text).toBe(
        '−1 since baseline 7 · better, below MCID 2',
      );
      expect(changeSinceBaseline(nprs, baseline, 9, VISIT_ID)).toMatchObject({
        kind: 'worse',
        text: '+2 since baseline 7 · worse',
      });
      expect(changeSinceBaseline(nprs, baseline, 7, VISIT_ID).text).toBe('No change since baseline 7');
      expect(changeSinceBaseline(nprs, baseline, null, VISIT_ID)).toMatchObject({
        kind: 'empty',
        text: 'Baseline 7',
      });
    });

    it('counts higher-better instruments upwards, at the step, without float residue', () => {
      expect(changeSinceBaseline(lefs, { value: 48, visitId: 'v1', visitDate: '' }, 60, VISIT_ID).text).toBe(
        '+12 since baseline 48 · MCID reached',
      );
      expect(
        changeSinceBaseline(psfs, { value: 3.3, visitId: 'v1', visitDate: '' }, 5.3, VISIT_ID).text,
      ).toBe('+2.0 since baseline 3.3 · MCID reached');
      expect(
        changeSinceBaseline(psfs, { value: 3.3, visitId: 'v1', visitDate: '' }, 4.2, VISIT_ID).text,
      ).toBe('+0.9 since baseline 3.3 · better, below MCID 2.0');
    });

    it('formats readings at the step', () => {
      expect(formatReading(psfs, 4)).toBe('4.0');
      expect(formatReading(nprs, 4)).toBe('4');
    });
  });

  describe('visit order', () => {
    it('orders by date, then creation, then id', () => {
      const a = { id: 'b', visitDate: '2026-03-02T16:00:00Z', createdAt: '2026-03-02T10:00:00Z' };
      const b = { id: 'a', visitDate: '2026-03-02T16:00:00Z', createdAt: '2026-03-02T10:00:00Z' };
      const c = { id: 'c', visitDate: '2026-03-02T16:00:00Z', createdAt: '2026-03-02T09:00:00Z' };
      expect([a, b, c].sort(compareVisitOrder).map((v) => v.id)).toEqual(['c', 'a', 'b']);
    });

    it('numbers the visit among the episode’s visits, drafts included', () => {
      expect(visitNumber([first, second, draftBefore, current], current)).toBe(4);
      expect(visitNumber([first, second], { ...current, visitDate: '2026-03-05T16:00:00.000Z' })).toBe(2);
    });
  });

  describe('running load', () => {
    it('compares with the latest earlier visit that has a weekly distance', () => {
      const noDistance = aSignedVisit('v3', '2026-03-12T16:00:00.000Z', 4, null);
      expect(previousWeeklyDistance([first, second, noDistance, current], current)?.km).toBe(12);
      expect(previousWeeklyDistance([current], current)).toBeNull();
      // Moving the visit before the second one changes what "earlier" means.
      expect(
        previousWeeklyDistance([first, second], { ...current, visitDate: '2026-03-05T16:00:00.000Z' })?.km,
      ).toBe(10);
    });

    it('warns only above a 10% rise (exactly 10 × new > 11 × previous, see running-load.ts)', () => {
      expect(risesOverTenPercent(10, 11)).toBe(false);
      expect(risesOverTenPercent(10, 11.01)).toBe(true);
      expect(risesOverTenPercent(0, 0.5)).toBe(true);
      expect(risesOverTenPercent(null, 20)).toBe(false);
      expect(risesOverTenPercent(10, null)).toBe(false);
    });
  });
});
