import type { EntityManager } from 'typeorm';
import { StaleVersionError } from '../common/problems.js';

/** What an `If-Match` header named: a version, `*` (any), or nothing (no check). */
export type IfMatch = number | '*' | undefined;

export interface VersionedUpdateSpec {
  /** The table: a constant of the repository, never input. */
  table: string;
  id: string;
  clinicId: string;
  /**
   * The column holding the row's clinic: `clinic_id` for every tenant table, `id` for the
   * clinics table itself (the tenant's own row).
   */
  tenantColumn?: 'clinic_id' | 'id';
  /** The version the caller expects; `*` or undefined writes whatever the current version is. */
  ifMatch: IfMatch;
  /** Column → new value, bound as parameters. Column names are constants of the repository. */
  values?: Record<string, unknown>;
  /** Column → SQL expression written as is (`now()`, `$3`-free constants only). */
  expressions?: Record<string, string>;
  /** Further conditions the row must meet, as constant SQL (`archived_at IS NULL`). */
  where?: string;
  /** Columns to return (the repository's column list). */
  returning: string;
}

/**
 * The `values` of a spec from the fields of a body: each field given (not undefined) under its
 * column, in the body's order. `columns` is the repository's constant map of field → column.
 */
export function columnValues<Field extends string>(
  changes: Partial<Record<Field, unknown>>,
  columns: Record<Field, string>,
): Record<string, unknown> {
  return Object.fromEntries(
    (Object.keys(changes) as Field[])
      .filter((field) => changes[field] !== undefined)
      .map((field) => [columns[field], changes[field]]),
  );
}

/** What the row is now, read again after an update matched nothing. */
export interface CurrentVersion {
  version: number;
}

/**
 * The one versioned update: check the expected version and write in a single statement, so of
 * racing writers on one version exactly one wins, and bump `version` and `updated_at`.
 *
 * When no row matched, `reread` loads the row as it is now (it throws "not found" when it is
 * gone or another clinic's); `explain` may name the state that refused the write (an archived
 * patient, a signed visit); otherwise the answer is 412 with the current version.
 */
export async function versionedUpdate<Row, Current extends CurrentVersion = CurrentVersion>(
  manager: EntityManager,
  spec: VersionedUpdateSpec,
  reread: () => Promise<Current>,
  explain?: (current: Current) => Error | undefined,
): Promise<Row> {
  const values = Object.entries(spec.values ?? {}).filter(([, v]) => v !== undefined);
  const sets = [
    ...values.map(([column], i) => `${column} = $${i + 4}`),
    ...Object.entries(spec.expressions ?? {}).map(([column, sql]) => `${column} = ${sql}`),
    'version = version + 1',
    'updated_at = now()',
  ];
  const rows = (await manager.query(
    `UPDATE ${spec.table} SET ${sets.join(', ')}
      WHERE ${matching(spec)}
      RETURNING ${spec.returning}`,
    [...matchParams(spec), ...values.map(([, v]) => v)],
  )) as [Row[], number];
  const row = rows[0][0];
  if (row) return row;
  return refuse(reread, explain);
}

/** The row of the spec at the expected version ($1 id, $2 clinic, $3 version or null). */
function matching(spec: Pick<VersionedUpdateSpec, 'where' | 'tenantColumn'>): string {
  return `id = $1 AND ${spec.tenantColumn ?? 'clinic_id'} = $2 AND ($3::int IS NULL OR version = $3)${spec.where ? ` AND ${spec.where}` : ''}`;
}

function matchParams(spec: Pick<VersionedUpdateSpec, 'id' | 'clinicId' | 'ifMatch'>): unknown[] {
  return [spec.id, spec.clinicId, spec.ifMatch === undefined || spec.ifMatch === '*' ? null : spec.ifMatch];
}

/** After a miss: the refusal `explain` names from the row as it is now, else 412 with its version. */
async function refuse<Current extends CurrentVersion>(
  reread: () => Promise<Current>,
  explain?: (current: Current) => Error | undefined,
): Promise<never> {
  const current = await reread();
  throw explain?.(current) ?? new StaleVersionError(current.version);
}

/** What `versionedDelete` deletes: a row of a table keyed by id and clinic, at a version. */
export type VersionedDeleteSpec = Pick<
  VersionedUpdateSpec,
  'table' | 'id' | 'clinicId' | 'tenantColumn' | 'ifMatch' | 'where'
>;

/**
 * The versioned delete: the same check as `versionedUpdate` (the version named by If-Match, in
 * the one statement that deletes), with the same answers when no row matched: `explain`'s error
 * for the state that refused it, else 412 with the current version.
 */
export async function versionedDelete<Current extends CurrentVersion = CurrentVersion>(
  manager: EntityManager,
  spec: VersionedDeleteSpec,
  reread: () => Promise<Current>,
  explain?: (current: Current) => Error | undefined,
): Promise<void> {
  const rows = (await manager.query(
    `DELETE FROM ${spec.table} WHERE ${matching(spec)} RETURNING id`,
    matchParams(spec),
  )) as [unknown[], number];
  if (rows[0].length > 0) return;
  return refuse(reread, explain);
}
