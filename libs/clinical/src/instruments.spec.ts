import { describe, expect, it } from '@jest/globals';
import {
  findInstrument,
  improvement,
  type Instrument,
  INSTRUMENT_CODES,
  INSTRUMENTS,
  measurementProblem,
  reachesMcid,
} from './instruments.js';

const instrument = (code: string): Instrument => findInstrument(code)!;

describe('INSTRUMENTS', () => {
  it('is the instrument table, in its order', () => {
    expect(
      INSTRUMENTS.map(({ code, min, max, step, betterDirection, mcid }) => [
        code,
        min,
        max,
        step,
        betterDirection,
        mcid,
      ]),
    ).toEqual([
      ['nprs_activity', 0, 10, 1, 'lower', 2],
      ['nprs_rest', 0, 10, 1, 'lower', 2],
      ['nprs_worst_24h', 0, 10, 1, 'lower', 2],
      ['lefs', 0, 80, 1, 'higher', 9],
      ['psfs', 0, 10, 0.1, 'higher', 2],
    ]);
    expect(INSTRUMENT_CODES).toEqual(INSTRUMENTS.map((i) => i.code));
  });

  it('has a human-readable name for each, the primary pain outcome first', () => {
    expect(INSTRUMENTS[0].name).toBe('Pain during running / aggravating activity (NPRS)');
    for (const i of INSTRUMENTS) expect(i.name).toMatch(/^[A-Z].{5,}/);
    expect(new Set(INSTRUMENTS.map((i) => i.name)).size).toBe(INSTRUMENTS.length);
  });

  it.each(INSTRUMENTS.map((i) => [i.code, i.step] as const))(
    '%s has a step that is the reciprocal of a whole number (%p), as the step arithmetic needs',
    (_code, step) => {
      expect(Math.abs(1 / step - Math.round(1 / step))).toBeLessThan(1e-9);
    },
  );
});

describe(findInstrument.name, () => {
  it.each([...INSTRUMENT_CODES])('finds %s', (code) => {
    expect(findInstrument(code)?.code).toBe(code);
  });

  it.each(['', 'NPRS_ACTIVITY', 'vas', 'nprs'])('finds nothing for %p', (code) => {
    expect(findInstrument(code)).toBeUndefined();
  });
});

describe(measurementProblem.name, () => {
  describe('accepts', () => {
    it.each<[string, number]>([
      ['nprs_activity', 0],
      ['nprs_activity', 6],
      ['nprs_activity', 10],
      ['nprs_rest', 0],
      ['nprs_worst_24h', 10],
      ['lefs', 0],
      ['lefs', 48],
      ['lefs', 80],
      ['psfs', 0],
      ['psfs', 0.1],
      ['psfs', 0.3],
      ['psfs', 0.7],
      ['psfs', 2.1],
      ['psfs', 7.3],
      ['psfs', 9.9],
      ['psfs', 10],
      ['psfs', 1.1 + 2.2], // 3.3000000000000003: float noise on a valid value
      ['nprs_activity', -0],
    ])('%s = %p', (code, value) => {
      expect(measurementProblem(code, value)).toBeUndefined();
    });

    it('every multiple of 0.1 from 0 to 10 on psfs, however it is written', () => {
      for (let tenths = 0; tenths <= 100; tenths++) {
        expect([tenths, measurementProblem('psfs', tenths / 10)]).toEqual([tenths, undefined]);
        expect([tenths, measurementProblem('psfs', Number((tenths * 0.1).toFixed(1)))]).toEqual([
          tenths,
          undefined,
        ]);
        expect([tenths, measurementProblem('psfs', tenths * 0.1)]).toEqual([tenths, undefined]);
      }
    });
  });

  describe('refuses', () => {
    it.each<[string, unknown, string]>([
      ['nprs_activity', 6.5, 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_activity', -1, 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_activity', 11, 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_rest', 10.000001, 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_worst_24h', 0.1, 'must be a number from 0 to 10 in steps of 1'],
      ['lefs', 81, 'must be a number from 0 to 80 in steps of 1'],
      ['lefs', 40.5, 'must be a number from 0 to 80 in steps of 1'],
      ['psfs', 7.35, 'must be a number from 0 to 10 in steps of 0.1'],
      ['psfs', 0.05, 'must be a number from 0 to 10 in steps of 0.1'],
      ['psfs', 10.1, 'must be a number from 0 to 10 in steps of 0.1'],
      ['psfs', -0.1, 'must be a number from 0 to 10 in steps of 0.1'],
      ['psfs', 3.30001, 'must be a number from 0 to 10 in steps of 0.1'],
      ['nprs_activity', Number.NaN, 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_activity', Number.POSITIVE_INFINITY, 'must be a number from 0 to 10 in steps of 1'],
      ['lefs', Number.NEGATIVE_INFINITY, 'must be a number from 0 to 80 in steps of 1'],
      ['nprs_activity', '6', 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_activity', null, 'must be a number from 0 to 10 in steps of 1'],
      ['nprs_activity', undefined, 'must be a number from 0 to 10 in steps of 1'],
      ['psfs', true, 'must be a number from 0 to 10 in steps of 0.1'],
      ['psfs', [5], 'must be a number from 0 to 10 in steps of 0.1'],
    ])('%s = %p: %s', (code, value, message) => {
      expect(measurementProblem(code, value)).toBe(message);
    });

    it.each(['vas', '', 'LEFS'])('an unknown instrument %p, naming the known ones', (code) => {
      expect(measurementProblem(code, 5)).toBe(
        `unknown instrument "${code}": expected one of nprs_activity, nprs_rest, nprs_worst_24h, lefs, psfs`,
      );
    });
  });
});

describe(improvement.name, () => {
  describe('lower-better instruments: baseline − latest', () => {
    it.each<[string, number, number, number]>([
      ['nprs_activity', 6, 2, 4],
      ['nprs_activity', 6, 4, 2],
      ['nprs_activity', 6, 5, 1],
      ['nprs_activity', 3, 3, 0],
      ['nprs_activity', 2, 5, -3],
      ['nprs_rest', 10, 0, 10],
      ['nprs_worst_24h', 0, 10, -10],
    ])('%s %p → %p is a change of %p', (code, baseline, latest, change) => {
      expect(improvement(instrument(code), baseline, latest)).toBe(change);
    });

    it('3.3 → 1.3 on a lower-better instrument with step 0.1 is exactly 2', () => {
      const tenthsPain: Instrument = { ...instrument('nprs_activity'), step: 0.1 };
      expect(3.3 - 1.3).not.toBe(2); // 1.9999999999999998: the float trap this avoids
      expect(improvement(tenthsPain, 3.3, 1.3)).toBe(2);
    });
  });

  describe('higher-better instruments: latest − baseline', () => {
    it.each<[string, number, number, number]>([
      ['psfs', 2.1, 4.1, 2],
      ['psfs', 3.3, 1.3, -2],
      ['psfs', 0.1, 0.4, 0.3],
      ['psfs', 0.7, 0.8, 0.1],
      ['psfs', 4.6, 6.5, 1.9],
      ['psfs', 5, 5, 0],
      ['psfs', 0, 10, 10],
      ['lefs', 40, 49, 9],
      ['lefs', 48, 60, 12],
      ['lefs', 60, 52, -8],
    ])('%s %p → %p is a change of %p', (code, baseline, latest, change) => {
      expect(improvement(instrument(code), baseline, latest)).toBe(change);
    });
  });

  it('leaves no float residue for any pair of psfs values', () => {
    for (let a = 0; a <= 100; a++) {
      for (let b = 0; b <= 100; b++) {
        const change = improvement(instrument('psfs'), a / 10, b / 10);
        if (change !== (b - a) / 10) throw new Error(`${a / 10} → ${b / 10} gave ${change}`);
      }
    }
    expect(improvement(instrument('psfs'), 2.1, 4.1)).toBe(2);
  });

  it('answers 0, never -0, for no change', () => {
    expect(Object.is(improvement(instrument('nprs_activity'), 4, 4), 0)).toBe(true);
    expect(Object.is(improvement(instrument('psfs'), 4.4, 4.4), 0)).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('throws on a non-finite value (%p)', (value) => {
    expect(() => improvement(instrument('psfs'), value, 3)).toThrow(
      /baseline of psfs must be a finite number/,
    );
    expect(() => improvement(instrument('psfs'), 3, value)).toThrow(/latest of psfs must be a finite number/);
  });
});

describe(reachesMcid.name, () => {
  it.each<[string, number, boolean]>([
    ['nprs_activity', 2, true],
    ['nprs_activity', 3, true],
    ['nprs_activity', 1, false],
    ['nprs_activity', 0, false],
    ['nprs_activity', -2, false],
    ['lefs', 9, true],
    ['lefs', 8, false],
    ['lefs', 20, true],
    ['psfs', 2, true],
    ['psfs', 1.9, false],
    ['psfs', 2.1, true],
  ])('%s change %p → %p', (code, change, reached) => {
    expect(reachesMcid(instrument(code), change)).toBe(reached);
  });

  it.each<[string, number, number, boolean]>([
    ['nprs_activity', 6, 4, true],
    ['nprs_activity', 6, 5, false],
    ['lefs', 40, 49, true],
    ['lefs', 40, 48, false],
    ['psfs', 2.1, 4.1, true],
    ['psfs', 2.1, 4.0, false],
    ['psfs', 1.3, 3.3, true],
  ])('%s %p → %p reaches the MCID: %p', (code, baseline, latest, reached) => {
    const i = instrument(code);
    expect(reachesMcid(i, improvement(i, baseline, latest))).toBe(reached);
  });
});
