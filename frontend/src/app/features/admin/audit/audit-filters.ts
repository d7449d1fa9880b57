import type { Params } from '@angular/router';
import { isCalendarDate } from '@stride/clinical';

/**
 * The audit log's filters as they live in the URL query (`/admin/audit?action=patient.read&page=2`),
 * so a filtered view can be bookmarked, shared with another admin and kept on reload.
 * Pure functions, no Angular services.
 */
export interface AuditFilters {
  action: string;
  entityType: string;
  entityId: string;
  userId: string;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, inclusive. */
  to: string;
  /** From 1. */
  page: number;
}

export type AuditFilterKey = Exclude<keyof AuditFilters, 'page'>;

export const FILTER_KEYS: readonly AuditFilterKey[] = [
  'action',
  'entityType',
  'entityId',
  'userId',
  'from',
  'to',
];

export const NO_FILTERS: AuditFilters = {
  action: '',
  entityType: '',
  entityId: '',
  userId: '',
  from: '',
  to: '',
  page: 1,
};

/** The API's limits (`GET /audit-events`): a longer value would be a 400, so it is dropped. */
const MAX_LENGTH: Partial<Record<AuditFilterKey, number>> = { action: 100, entityType: 50, entityId: 100 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function first(value: unknown): string {
  const one: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof one === 'string' ? one.trim() : '';
}

function valid(key: AuditFilterKey, value: string): boolean {
  switch (key) {
    case 'userId':
      return UUID.test(value);
    case 'from':
    case 'to':
      return isCalendarDate(value);
    default:
      return value.length <= (MAX_LENGTH[key] ?? Infinity);
  }
}

/** Filters from the URL query; a value the API would refuse (bad date, bad id, bad page) is left out. */
export function filtersFromQuery(query: Params): AuditFilters {
  const filters: AuditFilters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) {
    const value = first(query[key]);
    filters[key] = value && valid(key, value) ? value : '';
  }
  const page = first(query.page);
  filters.page = /^\d{1,6}$/.test(page) && Number(page) >= 1 ? Number(page) : 1;
  return filters;
}

/** The URL query for filters: only the ones set, and `page` only past the first. */
export function filtersToQuery(filters: AuditFilters): Params {
  const query: Params = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) {
      query[key] = value;
    }
  }
  if (filters.page > 1) {
    query.page = String(filters.page);
  }
  return query;
}

/** The query of `GET /audit-events` for filters and a page size. */
export function auditApiParams(filters: AuditFilters, pageSize: number): Record<string, string> {
  return {
    ...(filtersToQuery({ ...filters, page: 1 }) as Record<string, string>),
    page: String(filters.page),
    pageSize: String(pageSize),
  };
}

/** Why the date range cannot be asked for (the API answers 400 when from is after to), or null. */
export function dateRangeError(filters: Pick<AuditFilters, 'from' | 'to'>): string | null {
  return filters.from && filters.to && filters.from > filters.to
    ? 'The “to” date must be on or after the “from” date.'
    : null;
}

export function sameFilters(a: AuditFilters, b: AuditFilters): boolean {
  return a.page === b.page && FILTER_KEYS.every((key) => a[key] === b[key]);
}

export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== '');
}
