import { detailText, formatAuditTime, outcomeOf, userLabel } from './audit-format';

describe('audit formatting', () => {
  it.each([
    ['success', 'Success', 'check'],
    ['failure', 'Failed', 'warning'],
    ['denied', 'Denied', 'lock'],
    ['something-new', 'something-new', 'info'],
  ])('outcome %p is the word %p with the icon %p', (outcome, label, icon) => {
    expect(outcomeOf(outcome)).toEqual({ label, icon });
  });

  it.each([
    ['2026-03-02T15:04:05.000Z', 'UTC', '2 Mar 2026, 15:04:05'],
    ['2026-03-02T15:04:05.000Z', 'Europe/Stockholm', '2 Mar 2026, 16:04:05'],
    ['2026-03-02T03:00:00.000Z', 'America/Denver', '1 Mar 2026, 20:00:00'],
  ])('%p in %p reads %p', (at, zone, expected) => {
    expect(formatAuditTime(at, zone)).toBe(expected);
  });

  it('names the user, no one, or an unknown id', () => {
    const names = new Map([['u-1', 'Maya Lind']]);
    expect(userLabel('u-1', names)).toBe('Maya Lind');
    expect(userLabel(null, names)).toBe('No signed-in user');
    expect(userLabel('12345678-aaaa', names)).toBe('Unknown user (12345678)');
  });

  it('shows detail as indented JSON, and nothing for none', () => {
    expect(detailText(null)).toBeNull();
    expect(detailText({})).toBeNull();
    expect(detailText({ status: 403 })).toBe('{\n  "status": 403\n}');
  });
});
