import { describe, expect, it } from '@jest/globals';
import { findInstrument, type SignedVisit } from '@stride/clinical';
import { outcomeLine } from './discharge-summary-document.js';
import { changeText, dosageText, instantIn, signedByLine, valueText, weeksText } from './document-text.js';
import { changeSinceBaseline } from './visit-document.js';

const psfs = findInstrument('psfs')!;
const lefs = findInstrument('lefs')!;

describe('document text', () => {
  it.each([
    ['2026-03-29T00:30:00Z', 'Europe/Warsaw', '2026-03-29 01:30'], // the night clocks go forward
    ['2026-03-29T01:30:00Z', 'Europe/Warsaw', '2026-03-29 03:30'],
    ['2026-12-31T23:59:00Z', 'Pacific/Kiritimati', '2027-01-01 13:59'],
    ['2026-03-02T00:00:00Z', 'America/Denver', '2026-03-01 17:00'],
    ['2026-07-01T00:00:00Z', 'UTC', '2026-07-01 00:00'],
  ])('writes %s in %s as %s (24-hour clock)', (instant, zone, text) => {
    expect(instantIn(instant, zone)).toBe(text);
  });

  it.each([
    ['Anna Kowalska', 'PT, DPT', 'Signed by Anna Kowalska, PT, DPT on 2026-03-02 17:20 Europe/Warsaw'],
    ['Anna Kowalska', null, 'Signed by Anna Kowalska on 2026-03-02 17:20 Europe/Warsaw'],
    ['Anna Kowalska', '  ', 'Signed by Anna Kowalska on 2026-03-02 17:20 Europe/Warsaw'],
  ])('signs as %s with credentials %j', (name, credentials, line) => {
    expect(signedByLine(name, credentials, '2026-03-02T16:20:00Z', 'Europe/Warsaw')).toBe(line);
  });

  it.each([
    ['nprs_activity', 3, '+3'],
    ['nprs_activity', -1, '-1'],
    ['nprs_activity', 0, '0'],
    ['psfs', 2, '+2.0'],
    ['psfs', 3.2, '+3.2'],
    ['psfs', -0.1, '-0.1'],
    ['lefs', 22, '+22'],
  ])('writes a change of %s by %s as %s', (code, change, text) => {
    expect(changeText(findInstrument(code)!, change)).toBe(text);
  });

  it('writes values at the instrument’s step', () => {
    expect(valueText(psfs, 4)).toBe('4.0');
    expect(valueText(lefs, 48)).toBe('48');
  });

  it.each([
    [0, '0.0'],
    [34, '4.9'],
    [35, '5.0'],
    [41, '5.9'],
    [3, '0.4'],
  ])('writes %i days as %s weeks', (days, text) => {
    expect(weeksText(days)).toBe(text);
  });

  it.each([
    [
      { sets: 3, reps: 12, holdSeconds: null, load: 'red band', timesPerWeek: 3 },
      '3 × 12, red band, 3 times a week',
    ],
    [{ sets: 3, reps: null, holdSeconds: 30, load: null, timesPerWeek: 1 }, '3 × 30 s hold, once a week'],
    [{ sets: null, reps: 10, holdSeconds: 5, load: ' ', timesPerWeek: null }, '10 reps, 5 s hold'],
    [{ sets: 2, reps: null, holdSeconds: null, load: null, timesPerWeek: null }, '2 sets'],
    [{ sets: null, reps: null, holdSeconds: null, load: null, timesPerWeek: null }, '—'],
  ])('writes the dosage %j as %s', (dosage, text) => {
    expect(dosageText(dosage)).toBe(text);
  });
});

describe('outcomes as printed (outcome-math.ts)', () => {
  const visits: SignedVisit[] = [
    {
      id: 'a',
      date: '2026-03-01',
      visitDate: '2026-03-01T16:00:00Z',
      values: { nprs_activity: 6, psfs: 3.3 },
    },
    { id: 'b', date: '2026-03-10', visitDate: '2026-03-10T16:00:00Z', values: { lefs: 50 } },
    {
      id: 'c',
      date: '2026-03-20',
      visitDate: '2026-03-20T16:00:00Z',
      values: { nprs_activity: 5, psfs: 5.3 },
    },
  ];

  it('gives the change since baseline, "—" at the baseline visit', () => {
    expect(changeSinceBaseline('nprs_activity', 6, 'a', visits)).toBe('—');
    expect(changeSinceBaseline('nprs_activity', 5, 'c', visits)).toBe('+1 (baseline 6; MCID not reached)');
    // 3.3 → 5.3 is exactly 2.0 (no float residue): the MCID is reached.
    expect(changeSinceBaseline('psfs', 5.3, 'c', visits)).toBe('+2.0 (baseline 3.3; MCID reached)');
    expect(changeSinceBaseline('lefs', 50, 'b', visits)).toBe('—');
  });

  it('prints baseline → latest with the MCID verdict, one reading, or none', () => {
    expect(outcomeLine(findInstrument('psfs')!, visits)).toBe(
      'Patient-Specific Functional Scale (PSFS, mean of activities): 3.3 → 5.3, change +2.0, MCID reached',
    );
    expect(outcomeLine(findInstrument('nprs_activity')!, visits)).toBe(
      'Pain during running / aggravating activity (NPRS): 6 → 5, change +1, MCID not reached',
    );
    expect(outcomeLine(findInstrument('lefs')!, visits)).toBe(
      'Lower Extremity Functional Scale (LEFS, 0–80): 50 → — (measured once), MCID not reached',
    );
    expect(outcomeLine(findInstrument('nprs_rest')!, visits)).toBe('Pain at rest (NPRS): not measured');
  });
});
