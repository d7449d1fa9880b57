import { doseFromDosage } from './dosage';
import { CPT_OPTIONS, liveBilling, nextCptCode } from './live-billing';

describe('live billing', () => {
  it('bills the rows with the 8-minute rule, per line and in total', () => {
    expect(
      liveBilling([
        { cptCode: '97110', minutes: 23 },
        { cptCode: '97140', minutes: 8 },
      ]),
    ).toEqual({
      units: [2, 0],
      totalUnits: 2,
      totalTimedMinutes: 31,
    });
    expect(
      liveBilling([
        { cptCode: '97110', minutes: 33 },
        { cptCode: '97140', minutes: 7 },
      ]).units,
    ).toEqual([2, 1]);
  });

  it('counts untimed codes as one unit and never throws on half-filled rows', () => {
    expect(
      liveBilling([
        { cptCode: '97161', minutes: null },
        { cptCode: '97110', minutes: null },
        { cptCode: '', minutes: 10 },
        { cptCode: '97161', minutes: 5 },
        { cptCode: '97140', minutes: 2.5 },
      ]),
    ).toEqual({ units: [1, 0, null, null, 0], totalUnits: 1, totalTimedMinutes: 0 });
  });

  it('labels every known code timed or untimed', () => {
    expect(CPT_OPTIONS.find((o) => o.code === '97110')?.label).toBe('97110 Therapeutic exercise (timed)');
    expect(CPT_OPTIONS.find((o) => o.code === '97161')?.label).toContain('(untimed)');
    expect(CPT_OPTIONS).toHaveLength(22);
  });

  it('starts a new line with a common code not yet billed', () => {
    expect(nextCptCode([])).toBe('97110');
    expect(nextCptCode(['97110'])).toBe('97140');
  });
});

describe('doseFromDosage', () => {
  it.each([
    [
      '3 × 15 each side, 3×/week (add a band when easy)',
      { sets: 3, reps: 15, holdSeconds: null, timesPerWeek: 3 },
    ],
    ['3 × 20–30 s hold each side, 3×/week', { sets: 3, reps: null, holdSeconds: 20, timesPerWeek: 3 }],
    ['60–90 s each side, daily or before runs', { sets: null, reps: null, holdSeconds: 60, timesPerWeek: 7 }],
    ['3 × 20 m before easy runs, 2–3×/week', { sets: 3, reps: null, holdSeconds: null, timesPerWeek: 2 }],
    ['3 × 12 with a 2-second hold, 3×/week', { sets: 3, reps: 12, holdSeconds: 2, timesPerWeek: 3 }],
    ['', { sets: null, reps: null, holdSeconds: null, timesPerWeek: null }],
  ])('reads "%s"', (text, dose) => {
    expect(doseFromDosage(text)).toEqual(dose);
  });
});
