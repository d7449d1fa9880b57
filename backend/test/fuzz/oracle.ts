/**
 * What every answer must satisfy, and a cheap fingerprint of the database to prove that a
 * refused request wrote nothing.
 */
import type pg from 'pg';
import { NASTY_STRINGS } from './values.js';

/**
 * Tables a refused request may write by design: the audit trail (refused attempts are audited
 * in a transaction of their own) and the sign-in failure counters. The migrations bookkeeping
 * is never written by a request.
 */
const EXCLUDED_TABLE = /^(audit_.*|sign_in_failures|migrations|typeorm_metadata)$/;
/** Columns that change on every authenticated read by design (the idle-timeout clock). */
const EXCLUDED_COLUMNS: Record<string, string[]> = { auth_sessions: ['last_seen_at'] };

export type Fingerprint = Record<string, string>;

/** Not a table: the newest audit event's sequence number, to see that a refusal was audited. */
export const AUDIT_MARK = '~audit';

/**
 * One statement that returns, per domain table, its row count and the newest transaction id
 * among its rows (`xmin`). Every committed insert or update leaves a row version with a new,
 * higher xmin, and every committed delete lowers the count, so any write a request commits
 * changes the pair; a rolled-back write leaves no visible row and changes nothing. Tables with
 * a column that changes by design (auth_sessions.last_seen_at) are hashed by content instead,
 * without that column. Built from the catalog, so tables added later are covered too.
 */
export async function fingerprintQuery(sql: pg.Pool): Promise<{ text: string; tables: string[] }> {
  const { rows } = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const columns = new Map<string, string[]>();
  for (const r of rows) {
    if (EXCLUDED_TABLE.test(r.table_name)) continue;
    const list = columns.get(r.table_name) ?? [];
    list.push(r.column_name);
    columns.set(r.table_name, list);
  }
  const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
  const parts = [...columns].map(([table, cols]) => {
    const excluded = EXCLUDED_COLUMNS[table];
    if (!excluded) {
      return `(SELECT count(*) || ':' || coalesce(max(t.xmin::text::bigint), 0) FROM ${q(table)} t) AS ${q(table)}`;
    }
    const kept = cols.filter((c) => !excluded.includes(c)).map((c) => `t.${q(c)}`);
    return `(SELECT count(*) || ':' || md5(coalesce(string_agg(h, '' ORDER BY h), ''))
               FROM (SELECT md5(ROW(${kept.join(', ')})::text) AS h FROM ${q(table)} t) s) AS ${q(table)}`;
  });
  if (rows.some((r) => r.table_name === 'audit_events' && r.column_name === 'seq')) {
    parts.push(`(SELECT coalesce(max(seq), 0)::text FROM audit_events) AS ${q(AUDIT_MARK)}`);
  }
  return { text: `SELECT ${parts.join(',\n')}`, tables: [...columns.keys()] };
}

export async function takeFingerprint(sql: pg.Pool, query: string): Promise<Fingerprint> {
  const { rows } = await sql.query<Fingerprint>(query);
  return rows[0];
}

export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys(after).filter((k) => k !== AUDIT_MARK && before[k] !== after[k]);
}

/** Text that only a leaked stack trace or database error would put into an answer. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /(\n|\\n)\s+at /,
  /\bat [\w$.<>]+ \((file:|node:|\/)/,
  /QueryFailedError/,
  /EntityNotFound/,
  /node_modules/,
  /SELECT /,
  /INSERT INTO/,
  /UPDATE /,
  /DELETE FROM/,
  /violates/,
  /relation "/,
  /column "/,
  /syntax error/,
  /duplicate key/,
  /invalid input syntax/,
  /out of range/,
  /TypeError|ReferenceError|RangeError/,
  /Cannot read propert/,
  /Maximum call stack/,
];

/**
 * The fuzzer's own strings that match a leak pattern: an answer may echo them back (a patient
 * named `' UNION SELECT …` is stored and read like any name), so they are cut out first.
 */
const ECHOABLE = NASTY_STRINGS.filter((s) => s.length > 0 && LEAK_PATTERNS.some((p) => p.test(s)));

export function leaksIn(text: string): string[] {
  let scrubbed = text;
  for (const s of ECHOABLE) {
    scrubbed = scrubbed.split(s).join('').split(JSON.stringify(s).slice(1, -1)).join('');
  }
  return LEAK_PATTERNS.filter((p) => p.test(scrubbed)).map((p) => {
    const m = p.exec(scrubbed)!;
    return `${p} near ${JSON.stringify(scrubbed.slice(Math.max(0, m.index - 80), m.index + 120))}`;
  });
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** The problem+json rules for a non-2xx answer; returns what is wrong. */
export function problemViolations(a: Answer): string[] {
  if (a.status >= 200 && a.status < 300) return [];
  // A conditional GET (If-None-Match: *) of something that exists: 304 has no body by definition.
  if (a.status === 304 && a.text === '') return [];
  const out: string[] = [];
  if (!/^application\/problem\+json(;|$)/.test(a.contentType)) {
    out.push(
      `status ${a.status} with Content-Type ${JSON.stringify(a.contentType)}, not application/problem+json`,
    );
  }
  const p = a.json as { type?: unknown; title?: unknown; status?: unknown } | undefined;
  if (!p || typeof p !== 'object') {
    out.push(`status ${a.status} with a body that is not a JSON object`);
  } else {
    if (typeof p.type !== 'string' || !p.type) out.push('problem without a string "type"');
    if (typeof p.title !== 'string' || !p.title) out.push('problem without a string "title"');
    if (p.status !== a.status)
      out.push(`problem "status" ${JSON.stringify(p.status)} but HTTP status ${a.status}`);
  }
  return out;
}
