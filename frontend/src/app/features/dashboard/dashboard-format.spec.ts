import { anAnalytics, anEmptyAnalytics } from './dashboard.fixtures';
import { buildKpis, formatOneDecimal, formatRate, therapistNames } from './dashboard-format';

describe('dashboard format', () => {
  describe('formatOneDecimal (means and medians)', () => {
    it.each<[number | null | undefined, string]>([
      [3.4285714285714284, '3.4'],
      [3, '3.0'],
      [5.142857142857143, '5.1'],
      [1.05, '1.1'],
      [1.45, '1.5'],
      [2.25, '2.3'],
      [0, '0.0'],
      [-0.04, '0.0'],
      [-1.25, '-1.3'],
      [null, '—'],
      [undefined, '—'],
      [Number.NaN, '—'],
    ])('%p → %p', (value, expected) => {
      expect(formatOneDecimal(value)).toBe(expected);
    });
  });

  describe('formatRate (fractions as whole percentages)', () => {
    it.each<[number | null | undefined, string]>([
      [0.7777777777777778, '78%'],
      [0.625, '63%'],
      [0.005, '1%'],
      [0.004, '0%'],
      [1, '100%'],
      [0, '0%'],
      [null, '—'],
      [undefined, '—'],
    ])('%p → %p', (value, expected) => {
      expect(formatRate(value)).toBe(expected);
    });
  });

  describe('buildKpis', () => {
    it('gives every card its key, label and displayed value, in order', () => {
      expect(buildKpis(anAnalytics()).map((k) => [k.key, k.label, k.value, k.detail])).toEqual([
        ['episodes', 'Episodes', '12', 'incl. 1 cancelled'],
        ['active', 'Active', '4', null],
        ['discharged', 'Discharged', '7', null],
        ['mean-visits', 'Mean visits per discharged episode', '3.4', 'median 3.0'],
        ['median-weeks', 'Median weeks to discharge', '5.1', 'mean 5.3'],
        ['nprs-mcid-rate', 'Pain (NPRS) MCID rate', '78%', 'of 9 episodes with a change'],
        ['lefs-mcid-rate', 'LEFS MCID rate', '63%', 'of 8 episodes with a change'],
      ]);
    });

    it('shows "—" for what the API answers with null', () => {
      const values = Object.fromEntries(buildKpis(anEmptyAnalytics()).map((k) => [k.key, k.value]));
      expect(values).toEqual({
        episodes: '0',
        active: '0',
        discharged: '0',
        'mean-visits': '—',
        'median-weeks': '—',
        'nprs-mcid-rate': '—',
        'lefs-mcid-rate': '—',
      });
    });

    it('says "1 episode" for one', () => {
      const answer = anAnalytics();
      answer.measures.lefs = { ...answer.measures.lefs!, episodes: 1 };
      expect(buildKpis(answer).find((k) => k.key === 'lefs-mcid-rate')!.detail).toBe(
        'of 1 episode with a change',
      );
    });
  });

  describe('therapistNames', () => {
    it('takes the users list over byTherapist over the signed-in user', () => {
      const names = therapistNames(anAnalytics(), [{ id: 't-1', fullName: 'Liam Brennan' }], {
        id: 't-3',
        fullName: 'Me Myself',
      });
      expect(Object.fromEntries(names)).toEqual({
        't-1': 'Liam Brennan',
        't-2': 'Maya Okafor, DPT',
        't-3': 'Me Myself',
      });
    });
  });
});
