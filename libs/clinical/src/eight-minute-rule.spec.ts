import { describe, expect, it } from '@jest/globals';
import {
  computeBilling,
  isKnownCptCode,
  isTimedCptCode,
  type ServiceLineInput,
  TIMED_CPT_CODES,
  timedUnitsFor,
  UNTIMED_CPT_CODES,
} from './eight-minute-rule.js';

interface Case {
  title: string;
  lines: ServiceLineInput[];
  /** Units per line, in input order. */
  units: number[];
  totalTimedMinutes: number;
  totalUnits: number;
}

const lines = (...pairs: [string, number | null][]): ServiceLineInput[] =>
  pairs.map(([cptCode, minutes]) => ({ cptCode, minutes }));

/** Units per line, as computeBilling answers them. */
const unitsOf = (input: readonly ServiceLineInput[]) => computeBilling(input).lines.map((l) => l.units);

describe(computeBilling.name, () => {
  /*
   * The worked examples of Medicare Claims Processing Manual ch. 5 §20.2, restated in our own
   * words. The 33 + 7 minute case is the one CMS publishes most widely; the others follow the
   * manual's numbered examples. Where CMS lets either code take the unit (equal time), Stride's
   * tie-break (the earlier line) decides, as the rule's header in `eight-minute-rule.ts` says.
   */
  describe('CMS ch. 5 §20.2 worked examples', () => {
    it.each<Case>([
      {
        title:
          'Example 1: 24 min 97112 + 23 min 97110 = 47 min → 3 units: 2×97112 + 1×97110 (more units to the longer service)',
        lines: lines(['97112', 24], ['97110', 23]),
        units: [2, 1],
        totalTimedMinutes: 47,
        totalUnits: 3,
      },
      {
        title:
          'Example 2: 20 min 97112 + 20 min 97110 = 40 min → 3 units; equal time, so the earlier line takes the 2nd unit',
        lines: lines(['97112', 20], ['97110', 20]),
        units: [2, 1],
        totalTimedMinutes: 40,
        totalUnits: 3,
      },
      {
        title:
          'Example 3: 33 min 97110 + 7 min 97140 = 40 min → 3 units: 2×97110 + 1×97140 (7 min left beat 3)',
        lines: lines(['97110', 33], ['97140', 7]),
        units: [2, 1],
        totalTimedMinutes: 40,
        totalUnits: 3,
      },
      {
        title:
          'Example 4: 18 min 97110 + 13 min 97140 + 10 min 97116 + 8 min 97035 = 49 min → 3 units: 1 each of 97110, 97140, 97116; 97035 none',
        lines: lines(['97110', 18], ['97140', 13], ['97116', 10], ['97035', 8]),
        units: [1, 1, 1, 0],
        totalTimedMinutes: 49,
        totalUnits: 3,
      },
      {
        title:
          'Example 5: 7 min 97112 + 7 min 97110 + 7 min 97140 = 21 min → 1 unit, to one code (the earliest line)',
        lines: lines(['97112', 7], ['97110', 7], ['97140', 7]),
        units: [1, 0, 0],
        totalTimedMinutes: 21,
        totalUnits: 1,
      },
      {
        title:
          'Example 3 with group therapy: 33 min 97110 + 7 min 97140 + 45 min 97150 → 3 timed units + 1 untimed = 4',
        lines: lines(['97110', 33], ['97140', 7], ['97150', 45]),
        units: [2, 1, 1],
        totalTimedMinutes: 40,
        totalUnits: 4,
      },
    ])('$title', ({ lines: input, units, totalTimedMinutes, totalUnits }) => {
      const billing = computeBilling(input);
      expect(billing.lines.map((l) => l.units)).toEqual(units);
      expect(billing.totalTimedMinutes).toBe(totalTimedMinutes);
      expect(billing.totalUnits).toBe(totalUnits);
    });
  });

  describe('unit table edges (a single timed code)', () => {
    it.each([
      [0, 0],
      [1, 0],
      [7, 0],
      [8, 1],
      [15, 1],
      [22, 1],
      [23, 2],
      [30, 2],
      [37, 2],
      [38, 3],
      [52, 3],
      [53, 4],
      [61, 4],
      [67, 4],
      [68, 5],
      [82, 5],
      [83, 6],
      [97, 6],
      [98, 7],
      [112, 7],
      [113, 8],
      [127, 8],
      [128, 9],
    ])('bills 97110 for %i min as %i units', (minutes, units) => {
      const billing = computeBilling(lines(['97110', minutes]));
      expect(billing.lines).toEqual([{ cptCode: '97110', minutes, timed: true, units }]);
      expect(billing.totalTimedMinutes).toBe(minutes);
      expect(billing.totalUnits).toBe(units);
    });
  });

  describe('left-over units', () => {
    it.each<[string, ServiceLineInput[], number[]]>([
      ['2 × 7 min = 14 min → 1 unit, to the earlier line (tie)', lines(['97110', 7], ['97140', 7]), [1, 0]],
      [
        '3 × 7 min = 21 min → 1 unit, to the earliest line',
        lines(['97110', 7], ['97140', 7], ['97112', 7]),
        [1, 0, 0],
      ],
      [
        '3 × 5 min = 15 min → 1 unit, to the earliest line',
        lines(['97110', 5], ['97140', 5], ['97112', 5]),
        [1, 0, 0],
      ],
      [
        '3 × 4 min = 12 min → 1 unit, to the earliest line',
        lines(['97110', 4], ['97140', 4], ['97112', 4]),
        [1, 0, 0],
      ],
      ['2 × 3 min = 6 min → nothing', lines(['97110', 3], ['97140', 3]), [0, 0]],
      [
        '5 + 9 min: the later line has more left and takes the unit',
        lines(['97110', 5], ['97140', 9]),
        [0, 1],
      ],
      [
        '16 + 7 min = 23 → 2 units: 1 whole + 1 left-over to the 7 (beats 1)',
        lines(['97110', 16], ['97140', 7]),
        [1, 1],
      ],
      [
        '15 + 15 + 7 = 37 → 2 units: whole units only, the 7 gets none',
        lines(['97110', 15], ['97140', 15], ['97112', 7]),
        [1, 1, 0],
      ],
      [
        '14 + 14 + 14 = 42 → 3 units: one each',
        lines(['97110', 14], ['97140', 14], ['97112', 14]),
        [1, 1, 1],
      ],
      ['30 + 8 min = 38 → 3 units: 2 whole + 1 to the 8', lines(['97110', 30], ['97140', 8]), [2, 1]],
      [
        '23 + 8 min = 31 → 2 units: 8 min left on both, the earlier line wins',
        lines(['97110', 23], ['97140', 8]),
        [2, 0],
      ],
      [
        '8 + 23 min = 31 → 2 units: the same tie in the other order',
        lines(['97140', 8], ['97110', 23]),
        [1, 1],
      ],
      [
        '10 + 10 + 10 = 30 → 2 units: the two earlier lines (tie)',
        lines(['97110', 10], ['97140', 10], ['97112', 10]),
        [1, 1, 0],
      ],
      [
        'a later larger remainder outranks an earlier smaller one: 8, 12, 12',
        lines(['97110', 8], ['97140', 12], ['97112', 12]),
        [0, 1, 1],
      ],
    ])('%s', (_title, input, units) => {
      expect(unitsOf(input)).toEqual(units);
    });
  });

  describe('untimed codes', () => {
    it('bills an untimed code alone as 1 unit with no timed minutes, minutes null when absent', () => {
      expect(computeBilling([{ cptCode: '97161' }])).toEqual({
        totalTimedMinutes: 0,
        totalUnits: 1,
        lines: [{ cptCode: '97161', minutes: null, timed: false, units: 1 }],
      });
    });

    it.each([...UNTIMED_CPT_CODES])('bills %s as 1 unit whatever its minutes', (code) => {
      for (const minutes of [null, 0, 5, 60]) {
        const billing = computeBilling(lines([code, minutes]));
        expect(billing.lines).toEqual([{ cptCode: code, minutes, timed: false, units: 1 }]);
        expect(billing.totalTimedMinutes).toBe(0);
        expect(billing.totalUnits).toBe(1);
      }
    });

    it('keeps untimed minutes out of the timed total when mixed with timed codes', () => {
      const billing = computeBilling(lines(['97162', 45], ['97110', 7], ['97010', 15], ['G0283', 15]));
      expect(billing.totalTimedMinutes).toBe(7);
      expect(billing.lines.map((l) => [l.cptCode, l.units])).toEqual([
        ['97162', 1],
        ['97110', 0],
        ['97010', 1],
        ['G0283', 1],
      ]);
      expect(billing.totalUnits).toBe(3);
    });

    it('adds untimed units to timed ones: 97161 + 22 min 97110 + 9 min 97140 = 1 + 2', () => {
      const billing = computeBilling(lines(['97161', null], ['97110', 22], ['97140', 9]));
      expect(billing).toEqual({
        totalTimedMinutes: 31,
        totalUnits: 3,
        lines: [
          { cptCode: '97161', minutes: null, timed: false, units: 1 },
          { cptCode: '97110', minutes: 22, timed: true, units: 1 },
          { cptCode: '97140', minutes: 9, timed: true, units: 1 },
        ],
      });
    });
  });

  describe('lines', () => {
    it('keeps input order and reports each line as {cptCode, minutes, timed, units}', () => {
      const billing = computeBilling(lines(['97140', 8], ['97164', null], ['97110', 38], ['97530', 0]));
      expect(billing.lines).toEqual([
        { cptCode: '97140', minutes: 8, timed: true, units: 1 },
        { cptCode: '97164', minutes: null, timed: false, units: 1 },
        { cptCode: '97110', minutes: 38, timed: true, units: 2 },
        { cptCode: '97530', minutes: 0, timed: true, units: 0 },
      ]);
      expect(billing.totalTimedMinutes).toBe(46);
      expect(billing.totalUnits).toBe(4);
    });

    it('bills nothing for no lines', () => {
      expect(computeBilling([])).toEqual({ totalTimedMinutes: 0, totalUnits: 0, lines: [] });
    });

    it('counts a timed line without minutes as 0 minutes and keeps minutes null', () => {
      const billing = computeBilling([{ cptCode: '97110' }, { cptCode: '97140', minutes: 10 }]);
      expect(billing.lines).toEqual([
        { cptCode: '97110', minutes: null, timed: true, units: 0 },
        { cptCode: '97140', minutes: 10, timed: true, units: 1 },
      ]);
      expect(billing.totalTimedMinutes).toBe(10);
    });

    it('does not change its input', () => {
      const input = Object.freeze(lines(['97110', 33], ['97140', 7]).map((l) => Object.freeze(l)));
      expect(() => computeBilling(input)).not.toThrow();
      expect(input).toEqual(lines(['97110', 33], ['97140', 7]));
    });
  });

  describe('invariants over a range (proof by exhaustion)', () => {
    const check = (minutes: number[]) => {
      const billing = computeBilling(minutes.map((m, i) => ({ cptCode: TIMED_CPT_CODES[i], minutes: m })));
      const total = minutes.reduce((a, b) => a + b, 0);
      const whole = minutes.reduce((a, m) => a + Math.floor(m / 15), 0);
      const withRemainder = minutes.filter((m) => m % 15 > 0).length;
      return { billing, total, whole, withRemainder };
    };

    it('never has more whole 15-minute units than the total allows, and the lines add up to the total (3 codes, 0–60 min each)', () => {
      let cases = 0;
      for (let a = 0; a <= 60; a++) {
        for (let b = 0; b <= 60; b++) {
          for (let c = 0; c <= 60; c++) {
            const { billing, total, whole, withRemainder } = check([a, b, c]);
            const expectedUnits = timedUnitsFor(total);
            if (whole > expectedUnits)
              throw new Error(`whole units ${whole} > ${expectedUnits} for ${a}/${b}/${c}`);
            if (expectedUnits - whole > withRemainder) {
              throw new Error(
                `left-over ${expectedUnits - whole} > ${withRemainder} lines with remainders for ${a}/${b}/${c}`,
              );
            }
            const units = billing.lines.map((l) => l.units);
            const sum = units.reduce((x, y) => x + y, 0);
            if (sum !== expectedUnits || billing.totalUnits !== expectedUnits) {
              throw new Error(`units ${units.join('+')} ≠ ${expectedUnits} for ${a}/${b}/${c}`);
            }
            [a, b, c].forEach((m, i) => {
              const extra = units[i] - Math.floor(m / 15);
              if (extra < 0 || extra > 1 || (extra === 1 && m % 15 === 0)) {
                throw new Error(`line ${i} of ${a}/${b}/${c} billed ${units[i]} units`);
              }
            });
            cases++;
          }
        }
      }
      expect(cases).toBe(61 ** 3);
    });

    it('holds for every timed code at once (13 lines of 0–14 min: left-over ≤ lines with remainders)', () => {
      for (let m = 0; m <= 14; m++) {
        for (let k = 0; k <= TIMED_CPT_CODES.length; k++) {
          const minutes = TIMED_CPT_CODES.map((_, i) => (i < k ? m : 0));
          const { billing, total, withRemainder } = check(minutes);
          expect(billing.totalUnits).toBe(timedUnitsFor(total));
          expect(billing.totalUnits).toBeLessThanOrEqual(withRemainder);
        }
      }
    });
  });

  describe('misuse', () => {
    it.each<[string, ServiceLineInput[], RegExp]>([
      ['an unknown code', lines(['99999', 10]), /unknown CPT\/HCPCS code "99999"/],
      ['a lower-case HCPCS code', lines(['g0283', null]), /unknown/],
      ['a repeated timed code', lines(['97110', 10], ['97110', 10]), /97110 is repeated/],
      ['a repeated untimed code', lines(['97161', null], ['97161', null]), /97161 is repeated/],
      ['negative minutes', lines(['97110', -1]), /whole number of minutes/],
      ['fractional minutes', lines(['97110', 7.5]), /whole number of minutes/],
      ['NaN minutes', lines(['97140', Number.NaN]), /whole number of minutes/],
      ['infinite minutes', lines(['97140', Number.POSITIVE_INFINITY]), /whole number of minutes/],
      ['negative minutes on an untimed code', lines(['97161', -5]), /whole number of minutes/],
    ])('throws on %s', (_title, input, message) => {
      expect(() => computeBilling(input)).toThrow(message);
    });
  });
});

describe(timedUnitsFor.name, () => {
  it('matches the CMS chart (8–22 → 1, 23–37 → 2, … each band 15 wide) from 0 to 500 minutes', () => {
    for (let minutes = 0; minutes <= 500; minutes++) {
      const band = minutes < 8 ? 0 : 1 + Math.floor((minutes - 8) / 15);
      expect([minutes, timedUnitsFor(minutes)]).toEqual([minutes, band]);
    }
  });

  it.each([-1, 2.5, Number.NaN])('throws on %p', (minutes) => {
    expect(() => timedUnitsFor(minutes)).toThrow(/whole number of minutes/);
  });
});

describe(isTimedCptCode.name, () => {
  it.each([...TIMED_CPT_CODES])('%s is timed', (code) => {
    expect(isTimedCptCode(code)).toBe(true);
    expect(isKnownCptCode(code)).toBe(true);
  });

  it.each([...UNTIMED_CPT_CODES, '97999', ''])('%p is not timed', (code) => {
    expect(isTimedCptCode(code)).toBe(false);
  });
});

describe(isKnownCptCode.name, () => {
  it.each([...UNTIMED_CPT_CODES])('%s is known (untimed)', (code) => {
    expect(isKnownCptCode(code)).toBe(true);
  });

  it.each(['97999', '97124', 'g0283', ' 97110', '97110 ', ''])('%p is not known', (code) => {
    expect(isKnownCptCode(code)).toBe(false);
  });

  it('has 13 timed and 9 untimed codes, none in both lists', () => {
    expect(TIMED_CPT_CODES).toHaveLength(13);
    expect(UNTIMED_CPT_CODES).toHaveLength(9);
    expect(TIMED_CPT_CODES.filter((c) => (UNTIMED_CPT_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
