import { timeZoneOptions } from './time-zones';

describe(timeZoneOptions.name, () => {
  it('puts UTC first, then the browser’s zones in order', () => {
    expect(timeZoneOptions('UTC', () => ['Europe/Stockholm', 'America/Denver'])).toEqual([
      'UTC',
      'America/Denver',
      'Europe/Stockholm',
    ]);
  });

  it('keeps the clinic’s zone even when the browser lists it under another name', () => {
    expect(timeZoneOptions('Asia/Calcutta', () => ['Asia/Kolkata'])).toEqual([
      'UTC',
      'Asia/Calcutta',
      'Asia/Kolkata',
    ]);
  });

  it('uses Intl.supportedValuesOf by default', () => {
    expect(timeZoneOptions('UTC').length).toBeGreaterThan(300);
  });
});
