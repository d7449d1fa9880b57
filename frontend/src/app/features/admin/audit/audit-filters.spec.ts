import type { Params } from '@angular/router';

import {
  auditApiParams,
  type AuditFilters,
  dateRangeError,
  filtersFromQuery,
  filtersToQuery,
  hasFilters,
  NO_FILTERS,
  sameFilters,
} from './audit-filters';

const USER = '8c0e6f1e-5a4b-4c3d-9e2f-1a2b3c4d5e6f';
const f = (overrides: Partial<AuditFilters>): AuditFilters => ({ ...NO_FILTERS, ...overrides });

describe('audit filters ⇄ URL', () => {
  describe(filtersFromQuery.name, () => {
    it.each<[string, Params, AuditFilters]>([
      ['no query: no filters, page 1', {}, NO_FILTERS],
      ['an action', { action: 'patient.read' }, f({ action: 'patient.read' })],
      [
        'values are trimmed',
        { action: '  visit.sign ', entityType: ' visit' },
        f({ action: 'visit.sign', entityType: 'visit' }),
      ],
      [
        'an entity',
        { entityType: 'patient', entityId: 'p-1' },
        f({ entityType: 'patient', entityId: 'p-1' }),
      ],
      ['a user id', { userId: USER }, f({ userId: USER })],
      ['a user id that is not a uuid is dropped', { userId: 'maya' }, NO_FILTERS],
      ['a date range', { from: '2026-03-01', to: '2026-03-31' }, f({ from: '2026-03-01', to: '2026-03-31' })],
      ['an impossible date is dropped', { from: '2026-02-30', to: '31/03/2026' }, NO_FILTERS],
      ['a page', { page: '3' }, f({ page: 3 })],
      ['page 0 is page 1', { page: '0' }, NO_FILTERS],
      ['a negative page is page 1', { page: '-2' }, NO_FILTERS],
      ['a page that is not a number is page 1', { page: 'two' }, NO_FILTERS],
      [
        'a repeated parameter takes the first',
        { action: ['auth.login', 'auth.logout'] },
        f({ action: 'auth.login' }),
      ],
      ['an action longer than the API takes is dropped', { action: 'x'.repeat(101) }, NO_FILTERS],
      ['an entity type longer than 50 is dropped', { entityType: 'x'.repeat(51) }, NO_FILTERS],
      ['unknown parameters are ignored', { q: 'anything', outcome: 'denied' }, NO_FILTERS],
      [
        'a refused request’s action, with spaces and slashes',
        { action: 'post /api/v1/visits/:id/sign' },
        f({ action: 'post /api/v1/visits/:id/sign' }),
      ],
    ])('%s', (_, query, expected) => {
      expect(filtersFromQuery(query)).toEqual(expected);
    });
  });

  describe(filtersToQuery.name, () => {
    it.each<[string, AuditFilters, Params]>([
      ['no filters: an empty query', NO_FILTERS, {}],
      [
        'only the filters set',
        f({ action: 'visit.sign', userId: USER }),
        { action: 'visit.sign', userId: USER },
      ],
      ['page 1 is left out', f({ entityType: 'visit', page: 1 }), { entityType: 'visit' }],
      ['a later page is kept', f({ page: 4 }), { page: '4' }],
      ['blank values are left out', f({ action: '   ', from: '2026-03-01' }), { from: '2026-03-01' }],
    ])('%s', (_, filters, expected) => {
      expect(filtersToQuery(filters)).toEqual(expected);
    });

    it.each<AuditFilters>([
      NO_FILTERS,
      f({ action: 'patient.read', entityType: 'patient', entityId: 'p-9', page: 2 }),
      f({ userId: USER, from: '2026-01-01', to: '2026-01-31', page: 12 }),
    ])('round-trips through the URL: %o', (filters) => {
      expect(filtersFromQuery(filtersToQuery(filters))).toEqual(filters);
    });
  });

  describe(auditApiParams.name, () => {
    it.each<[string, AuditFilters, Record<string, string>]>([
      ['page and size always', NO_FILTERS, { page: '1', pageSize: '50' }],
      [
        'every filter set',
        f({
          action: 'a',
          entityType: 'b',
          entityId: 'c',
          userId: USER,
          from: '2026-01-01',
          to: '2026-01-02',
          page: 3,
        }),
        {
          action: 'a',
          entityType: 'b',
          entityId: 'c',
          userId: USER,
          from: '2026-01-01',
          to: '2026-01-02',
          page: '3',
          pageSize: '50',
        },
      ],
    ])('%s', (_, filters, expected) => {
      expect(auditApiParams(filters, 50)).toEqual(expected);
    });
  });

  describe(dateRangeError.name, () => {
    it.each<[string, string, boolean]>([
      ['', '', false],
      ['2026-03-01', '', false],
      ['', '2026-03-01', false],
      ['2026-03-01', '2026-03-01', false],
      ['2026-03-01', '2026-03-02', false],
      ['2026-03-02', '2026-03-01', true],
      ['2026-12-31', '2026-01-01', true],
    ])('from %p to %p → refused: %p', (from, to, refused) => {
      expect(dateRangeError({ from, to }) !== null).toBe(refused);
    });
  });

  describe('helpers', () => {
    it('tells filters apart, page included', () => {
      expect(sameFilters(f({ action: 'x' }), f({ action: 'x' }))).toBe(true);
      expect(sameFilters(f({ action: 'x' }), f({ action: 'x', page: 2 }))).toBe(false);
      expect(sameFilters(f({ from: '2026-01-01' }), f({ to: '2026-01-01' }))).toBe(false);
    });

    it('knows whether any filter is set (the page is not a filter)', () => {
      expect(hasFilters(NO_FILTERS)).toBe(false);
      expect(hasFilters(f({ page: 3 }))).toBe(false);
      expect(hasFilters(f({ entityId: 'p-1' }))).toBe(true);
    });
  });
});
