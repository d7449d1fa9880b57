// Calendar days and weeks of care (`calendarDateIn`, `daysBetween`, `weekOf`, `weekOfVisit`) are
// tested with their rules in libs/clinical/src/dates.spec.ts.
import { chooseEpisode, formatVisitDate, progressDate, visitProgress, weekProgress } from './chart-math';

describe('chart math', () => {
  describe(visitProgress.name, () => {
    it.each([
      [0, 4, 'Visit 0 of 4', false],
      [2, 4, 'Visit 2 of 4', false],
      [4, 4, 'Visit 4 of 4', false],
      [5, 4, 'Visit 5 of 4', true],
    ])('%i signed of %i planned → "%s" (over: %s)', (signed, planned, text, over) => {
      expect(visitProgress(signed, planned)).toEqual({ current: signed, planned, over, text });
    });
  });

  describe(weekProgress.name, () => {
    it.each([
      ['2026-11-24', 'Week 1 of 6', false],
      ['2026-11-30', 'Week 1 of 6', false],
      ['2026-12-01', 'Week 2 of 6', false],
      ['2027-01-04', 'Week 6 of 6', false],
      ['2027-01-05', 'Week 7 of 6', true],
    ])('started 2026-11-24, on %s → "%s" (over: %s)', (date, text, over) => {
      expect(weekProgress('2026-11-24', 6, date)).toMatchObject({ text, over });
    });

    it('has no week before the start date', () => {
      expect(weekProgress('2026-11-24', 6, '2026-11-23')).toBeNull();
    });
  });

  describe(progressDate.name, () => {
    it.each([
      [{ status: 'active', dischargeDate: null }, '2026-11-24'],
      [{ status: 'discharged', dischargeDate: '2026-09-06' }, '2026-09-06'],
      [{ status: 'cancelled', dischargeDate: null }, '2026-11-24'],
    ] as const)('%j counts to %s', (episode, date) => {
      expect(progressDate(episode, '2026-11-24')).toBe(date);
    });
  });

  describe(chooseEpisode.name, () => {
    const episodes = [
      { id: 'newest', status: 'discharged' },
      { id: 'active', status: 'active' },
      { id: 'oldest', status: 'cancelled' },
    ] as const;

    it.each<[string | undefined, string, string]>([
      ['oldest', 'oldest', 'the one asked for'],
      [undefined, 'active', 'the active one when none is asked for'],
      ['someone-elses', 'active', 'the active one when the one asked for is not the patient’s'],
    ])('asked for %s → %s (%s)', (requested, chosen) => {
      expect(chooseEpisode(episodes, requested)).toBe(chosen);
    });

    it('falls back to the newest when none is active, and to nothing without episodes', () => {
      expect(
        chooseEpisode(
          episodes.filter((e) => e.status !== 'active'),
          null,
        ),
      ).toBe('newest');
      expect(chooseEpisode([], null)).toBeNull();
    });
  });

  it('formats a visit date on the clinic’s calendar', () => {
    expect(formatVisitDate('2026-11-24T05:00:00Z', 'America/Denver')).toBe('Mon, Nov 23, 2026');
    expect(formatVisitDate('2026-11-24T05:00:00Z', 'UTC')).toBe('Tue, Nov 24, 2026');
  });
});
