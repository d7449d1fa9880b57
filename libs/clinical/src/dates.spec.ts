import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  calendarDateIn,
  daysBetween,
  isCalendarDate,
  isInstant,
  todayIn,
  weekOf,
  weekOfVisit,
} from './dates.js';

describe(calendarDateIn.name, () => {
  it.each([
    ['2026-03-02T16:00:00Z', 'UTC', '2026-03-02'],
    ['2026-03-02T03:00:00Z', 'America/Denver', '2026-03-01'],
    ['2026-03-03T02:00:00Z', 'America/Denver', '2026-03-02'],
    ['2026-03-02T23:30:00Z', 'Europe/Stockholm', '2026-03-03'],
    ['2026-03-02T23:30:00+01:00', 'Europe/Stockholm', '2026-03-02'],
    ['2026-12-31T12:00:00Z', 'Pacific/Kiritimati', '2027-01-01'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(calendarDateIn(instant, zone)).toBe(date);
  });

  it('takes the instant as a string, a Date or epoch milliseconds alike', () => {
    const instant = '2026-03-02T03:00:00Z';
    expect(calendarDateIn(new Date(instant), 'America/Denver')).toBe('2026-03-01');
    expect(calendarDateIn(Date.parse(instant), 'America/Denver')).toBe('2026-03-01');
  });

  it('does not depend on the machine’s own time zone (this suite runs at UTC+14)', () => {
    expect(calendarDateIn('2026-03-02T09:00:00Z', 'UTC')).toBe('2026-03-02');
  });
});

describe(todayIn.name, () => {
  it.each([
    ['2026-03-02T03:00:00Z', 'America/Denver', '2026-03-01'],
    ['2026-03-02T03:00:00Z', 'UTC', '2026-03-02'],
    ['2026-03-02T23:00:00Z', 'Asia/Tokyo', '2026-03-03'],
  ])('at %s, today in %s is %s', (now, zone, date) => {
    expect(todayIn(zone, new Date(now))).toBe(date);
  });
});

describe(daysBetween.name, () => {
  it.each([
    ['2026-03-01', '2026-03-01', 0],
    ['2026-03-01', '2026-03-08', 7],
    ['2026-03-08', '2026-03-01', -7],
    ['2026-03-02', '2026-03-16', 14],
    // Across the US spring-forward weekend: calendar days, not 24-hour periods.
    ['2026-03-07', '2026-03-09', 2],
    ['2024-02-28', '2024-03-01', 2],
  ])('%s → %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe(addDays.name, () => {
  it.each([
    ['2026-03-01', 0, '2026-03-01'],
    ['2026-03-01', 7, '2026-03-08'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-07', 2, '2026-03-09'],
    ['2027-01-01', -365, '2026-01-01'],
    ['2026-11-24', -365, '2025-11-24'],
    ['2026-11-24', -90, '2026-08-26'],
    ['2024-03-01', -1, '2024-02-29'],
  ])('%s %+i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });
});

describe(weekOf.name, () => {
  it.each([
    ['2026-03-02', 0, 'the start date'],
    ['2026-03-08', 0, 'day 6'],
    ['2026-03-09', 1, 'day 7'],
    ['2026-03-29', 3, 'day 27'],
    ['2026-03-30', 4, 'day 28'],
    ['2026-03-01', -1, 'the day before the start'],
  ])('start 2026-03-02, on %s is week index %i (%s)', (date, week) => {
    expect(weekOf('2026-03-02', date)).toBe(week);
  });
});

describe(weekOfVisit.name, () => {
  it.each([
    // Evening in Denver is the next day in UTC: the clinic's calendar decides the week.
    ['2026-03-09T05:30:00Z', 'America/Denver', 0],
    ['2026-03-09T05:30:00Z', 'UTC', 1],
    ['2026-03-08T23:30:00Z', 'Europe/Stockholm', 1],
    ['2026-03-08T22:30:00Z', 'Europe/Stockholm', 0],
  ])('a visit at %s in %s is in week index %i', (instant, zone, week) => {
    expect(weekOfVisit('2026-03-02', instant, zone)).toBe(week);
  });
});

describe(isCalendarDate.name, () => {
  it.each<[unknown, boolean]>([
    ['2026-03-02', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-3-2', false],
    ['2026-3-1', false],
    ['2026-1-5', false],
    ['24/11/2026', false],
    ['2026-11-24', true],
    ['2026-03-01', true],
    ['2026-03-02T00:00:00Z', false],
    [' 2026-03-02', false],
    ['', false],
    [null, false],
    [undefined, false],
    [20260302, false],
  ])('%p → %p', (value, valid) => {
    expect(isCalendarDate(value)).toBe(valid);
  });
});

describe(isInstant.name, () => {
  it.each<[unknown, boolean]>([
    ['2026-03-02T16:00:00Z', true],
    ['2026-03-02T16:00Z', true],
    ['2026-03-02T16:00:00.123Z', true],
    ['2026-03-02T09:00:00-07:00', true],
    ['2026-03-02T16:00:00', false], // no offset: ambiguous
    ['2026-03-02', false],
    ['2026-03-02T25:00:00Z', false],
    ['yesterday', false],
    [1_772_467_200_000, false],
    [null, false],
  ])('%p → %p', (value, valid) => {
    expect(isInstant(value)).toBe(valid);
  });
});
