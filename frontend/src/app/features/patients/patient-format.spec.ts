import { ageOn, formatCalendarDate, fullName, sortName } from './patient-format';

describe('patient format', () => {
  describe(ageOn.name, () => {
    it.each([
      ['1991-04-17', '2026-04-16', 34, 'the day before the birthday'],
      ['1991-04-17', '2026-04-17', 35, 'on the birthday'],
      ['1991-04-17', '2026-12-31', 35, 'later in the year'],
      ['1991-12-31', '2026-01-01', 34, 'early in the year, birthday in December'],
      ['2000-02-29', '2026-02-28', 25, 'a leap-day birthday, not yet in a common year'],
      ['2000-02-29', '2026-03-01', 26, 'a leap-day birthday, 1 March in a common year'],
      ['2000-02-29', '2028-02-29', 28, 'a leap-day birthday in a leap year'],
      ['2026-11-24', '2026-11-24', 0, 'born today'],
    ])('born %s, on %s is %i (%s)', (dob, today, age) => {
      expect(ageOn(dob, today)).toBe(age);
    });
  });

  it('writes names in reading order and in list order', () => {
    const patient = { firstName: 'Chloé', lastName: 'Chen' };
    expect(fullName(patient)).toBe('Chloé Chen');
    expect(sortName(patient)).toBe('Chen, Chloé');
  });

  it('formats a calendar date without shifting it by a time zone', () => {
    expect(formatCalendarDate('2026-03-02')).toBe('Mar 2, 2026');
    expect(formatCalendarDate('1991-12-31')).toBe('Dec 31, 1991');
  });
});
