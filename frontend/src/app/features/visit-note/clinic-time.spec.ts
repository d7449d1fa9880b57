import { calendarDateIn, daysBetween } from '@stride/clinical';

import { fromLocalInput, nowToTheMinute, toLocalInput, weekOfCare } from './clinic-time';

describe('clinic time', () => {
  it('shows an instant on the clinic wall clock', () => {
    expect(toLocalInput('2026-03-02T16:00:00Z', 'America/Denver')).toBe('2026-03-02T09:00');
    expect(toLocalInput('2026-03-02T23:30:00Z', 'Europe/Stockholm')).toBe('2026-03-03T00:30');
    expect(toLocalInput('2026-03-02T16:00:00Z', 'UTC')).toBe('2026-03-02T16:00');
  });

  it('turns a wall-clock time back into the instant, across DST changes', () => {
    expect(fromLocalInput('2026-03-02T09:00', 'America/Denver')).toBe('2026-03-02T16:00:00.000Z');
    // Denver is on MDT (−6) from 8 March 2026.
    expect(fromLocalInput('2026-03-10T09:00', 'America/Denver')).toBe('2026-03-10T15:00:00.000Z');
    expect(fromLocalInput('2026-07-01T12:00', 'Europe/Stockholm')).toBe('2026-07-01T10:00:00.000Z');
    expect(fromLocalInput('not a date', 'UTC')).toBeNull();
  });

  it('round-trips every hour of a year in a DST zone', () => {
    for (let h = 0; h < 365 * 24; h += 5) {
      const instant = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString();
      const local = toLocalInput(instant, 'America/Denver');
      const back = fromLocalInput(local, 'America/Denver');
      // The repeated hour when clocks go back maps to one of its two instants.
      expect(toLocalInput(back!, 'America/Denver')).toBe(local);
    }
  });

  it('gives calendar dates and 1-based weeks of care in the clinic zone', () => {
    expect(calendarDateIn('2026-03-03T02:00:00Z', 'America/Denver')).toBe('2026-03-02');
    expect(daysBetween('2026-03-02', '2026-03-16')).toBe(14);
    expect(weekOfCare('2026-03-02', '2026-03-02T16:00:00Z', 'America/Denver')).toBe(1);
    expect(weekOfCare('2026-03-02', '2026-03-09T03:00:00Z', 'America/Denver')).toBe(1);
    expect(weekOfCare('2026-03-02', '2026-03-09T16:00:00Z', 'America/Denver')).toBe(2);
  });

  it('dates a new visit to the minute', () => {
    expect(nowToTheMinute(Date.parse('2026-03-02T16:04:59.999Z'))).toBe('2026-03-02T16:04:00.000Z');
  });
});
