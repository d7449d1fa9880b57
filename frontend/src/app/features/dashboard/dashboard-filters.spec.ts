import {
  activePreset,
  type FilterParams,
  filtersFromParams,
  filtersProblem,
  isDiagnosisPrefix,
  normalizeDiagnosis,
  paramsFromFilters,
  PRESETS,
  presetPeriod,
  sameFilters,
} from './dashboard-filters';
import type { OutcomesFilters } from '@stride/api';

const TODAY = '2026-11-24';
const ADMIN = { today: TODAY, canFilterTherapist: true };
const THERAPIST = { today: TODAY, canFilterTherapist: false };

describe('dashboard filters', () => {
  describe('diagnosis', () => {
    it.each([
      [' m76 ', 'M76'],
      ['M76.31', 'M76.31'],
      ['', null],
      ['   ', null],
      [null, null],
    ])('normalises %p to %p', (value, expected) => {
      expect(normalizeDiagnosis(value)).toBe(expected);
    });

    it.each([
      ['M', true],
      ['M76', true],
      ['M76.31', true],
      ['M76.3100', true],
      ['M76.31000', false],
      ['M76 3', false],
      ['M76%', false],
      ["M'76", false],
    ])('%p is an acceptable prefix: %p', (value, expected) => {
      expect(isDiagnosisPrefix(value)).toBe(expected);
    });
  });

  describe('filtersFromParams (URL → filters)', () => {
    const cases: [string, FilterParams, typeof ADMIN, OutcomesFilters][] = [
      [
        'no parameters: the last 365 days',
        {},
        ADMIN,
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
      ],
      [
        'every parameter',
        { from: '2026-01-01', to: '2026-06-30', therapistId: 't-1', diagnosis: 'm76' },
        ADMIN,
        { from: '2026-01-01', to: '2026-06-30', therapistId: 't-1', diagnosis: 'M76' },
      ],
      [
        'only `to`: a year before it',
        { to: '2026-06-30' },
        ADMIN,
        { from: '2025-06-30', to: '2026-06-30', therapistId: null, diagnosis: null },
      ],
      [
        'only `from`: up to today',
        { from: '2026-09-01' },
        ADMIN,
        { from: '2026-09-01', to: TODAY, therapistId: null, diagnosis: null },
      ],
      [
        'invalid dates fall back to the defaults',
        { from: '2026-02-30', to: 'yesterday' },
        ADMIN,
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
      ],
      [
        'an unusable diagnosis and a blank therapist are dropped',
        { diagnosis: 'M76; drop', therapistId: '  ' },
        ADMIN,
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
      ],
      [
        'a therapist cannot filter by therapist: it is dropped',
        { therapistId: 't-1', diagnosis: 'M76.3' },
        THERAPIST,
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: 'M76.3' },
      ],
      [
        'start after end is kept (the page reports it)',
        { from: '2026-10-01', to: '2026-09-01' },
        ADMIN,
        { from: '2026-10-01', to: '2026-09-01', therapistId: null, diagnosis: null },
      ],
      [
        'null parameters as the router gives them',
        { from: null, to: null, therapistId: null, diagnosis: null },
        ADMIN,
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
      ],
    ];

    it.each(cases)('%s', (_name, params, context, expected) => {
      expect(filtersFromParams(params, context)).toEqual(expected);
    });
  });

  describe('paramsFromFilters (filters → URL)', () => {
    it.each<[string, OutcomesFilters, Record<string, string | null>]>([
      [
        'period only: the other parameters are removed',
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
        { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
      ],
      [
        'every filter',
        { from: '2026-01-01', to: '2026-06-30', therapistId: 't-1', diagnosis: 'M76' },
        { from: '2026-01-01', to: '2026-06-30', therapistId: 't-1', diagnosis: 'M76' },
      ],
    ])('%s', (_name, filters, expected) => {
      expect(paramsFromFilters(filters)).toEqual(expected);
    });

    it.each<OutcomesFilters>([
      { from: '2025-11-24', to: TODAY, therapistId: null, diagnosis: null },
      { from: '2026-01-01', to: '2026-06-30', therapistId: 't-1', diagnosis: 'M76.31' },
    ])('round-trips %p', (filters) => {
      const params = paramsFromFilters(filters);
      expect(filtersFromParams(params, ADMIN)).toEqual(filters);
    });
  });

  describe('presets', () => {
    it.each([
      ['last-90-days', { from: '2026-08-26', to: TODAY }],
      ['last-12-months', { from: '2025-11-24', to: TODAY }],
    ])('%s ends today', (id, expected) => {
      expect(
        presetPeriod(
          PRESETS.find((p) => p.id === id)!,
          TODAY,
        ),
      ).toEqual(expected);
    });

    it.each([
      [{ from: '2026-08-26', to: TODAY }, 'last-90-days'],
      [{ from: '2025-11-24', to: TODAY }, 'last-12-months'],
      [{ from: '2025-11-24', to: '2026-11-23' }, null],
      [{ from: '2026-01-01', to: TODAY }, null],
    ])('%p is %p', (period, expected) => {
      expect(activePreset(period, TODAY)).toBe(expected);
    });
  });

  describe('filtersProblem', () => {
    it.each([
      ['2026-01-01', '2026-01-01', null],
      ['2026-01-01', '2026-02-01', null],
      ['2026-02-02', '2026-02-01', 'The start of the period is after its end.'],
    ])('%s … %s → %p', (from, to, expected) => {
      expect(filtersProblem({ from, to, therapistId: null, diagnosis: null })).toBe(expected);
    });
  });

  it('compares filters by value', () => {
    const a: OutcomesFilters = { from: '2026-01-01', to: TODAY, therapistId: 't-1', diagnosis: 'M76' };
    expect(sameFilters(a, { ...a })).toBe(true);
    expect(sameFilters(a, { ...a, diagnosis: 'M76.3' })).toBe(false);
    expect(sameFilters(a, { ...a, therapistId: null })).toBe(false);
  });
});
