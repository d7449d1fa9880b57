import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import {
  MAX_PREPARED_TEXTS,
  poolClient,
  PreparingClient,
  statementName,
} from '../src/database/prepared-statements.js';
import { type Actor, createPatient, createTestClinic } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The named statements the connection has prepared, by name. */
async function preparedOn(client: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; statement: string }>(
    'SELECT name, statement FROM pg_prepared_statements',
  );
  return new Map(rows.map((r) => [r.name, r.statement]));
}

describe('named prepared statements (database/prepared-statements.ts)', () => {
  let t: TestApp;
  let pool: pg.Pool;
  const clinics: { actor: Actor; patients: string[] }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    pool = new pg.Pool({ connectionString: t.appDatabaseUrl, max: 2, Client: PreparingClient });
    for (const name of ['Prepared A', 'Prepared B']) {
      const actor = await createTestClinic(t, name);
      const patients = [];
      for (let i = 0; i < 3; i++) patients.push((await createPatient(t, actor)).id);
      clinics.push({ actor, patients: patients.sort() });
    }
  }, 60_000);

  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  it('prepares a parameterised query once per connection, under a name from its text', async () => {
    const client = await pool.connect();
    try {
      const text = 'SELECT $1::int + 1 AS n';
      expect((await client.query(text, [1])).rows).toEqual([{ n: 2 }]);
      expect((await client.query(text, [41])).rows).toEqual([{ n: 42 }]);
      const prepared = await preparedOn(client);
      expect(prepared.get(statementName(text)!)).toBe(text);
      // A text without values (BEGIN, COMMIT, DDL) stays unnamed.
      await client.query('SELECT 7 AS unnamed_seven');
      expect([...(await preparedOn(client)).values()].some((s) => s.includes('unnamed_seven'))).toBe(false);
    } finally {
      client.release();
    }
  });

  it('gives one text the same name everywhere and two texts two names', () => {
    expect(statementName('SELECT $1::int')).toBe(statementName('SELECT $1::int'));
    expect(statementName('SELECT $1::int')).not.toBe(statementName('SELECT $1::text'));
    expect(statementName('SELECT $1::int')).toMatch(/^stride_[0-9a-f]{32}$/);
  });

  it('takes a callback in place of the promise, as node-postgres does', async () => {
    const client = await pool.connect();
    try {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        void client.query('SELECT $1::text AS s', ['cb'], (err: Error | undefined, res: pg.QueryResult) =>
          err ? reject(err) : resolve(res.rows),
        );
      });
      expect(rows).toEqual([{ s: 'cb' }]);
    } finally {
      client.release();
    }
  });

  it('keeps the connection usable after a statement that fails to prepare or to run', async () => {
    const client = await pool.connect();
    try {
      await expect(client.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
      await expect(client.query('SELECT 1 / $1::int AS q', [0])).rejects.toThrow(/division by zero/);
      expect((await client.query('SELECT 1 / $1::int AS q', [1])).rows).toEqual([{ q: 1 }]);
      expect((await client.query('SELECT $1::int AS ok', [5])).rows).toEqual([{ ok: 5 }]);
    } finally {
      client.release();
    }
  });

  it('keeps row-level security on a cached generic plan: one connection, clinic after clinic', async () => {
    const client = await pool.connect();
    try {
      const text = 'SELECT id FROM patients WHERE created_at > $1 ORDER BY id';
      // The plan PostgreSQL keeps for a named statement, forced, and reused across clinics.
      await client.query('SET plan_cache_mode = force_generic_plan');
      for (let round = 0; round < 3; round++) {
        for (const { actor, patients } of clinics) {
          await client.query('BEGIN');
          await client.query(`SELECT set_config('app.clinic_id', $1, true)`, [actor.clinicId]);
          const { rows } = await client.query<{ id: string }>(text, [new Date(0)]);
          await client.query('COMMIT');
          expect(rows.map((r) => r.id)).toEqual(patients);
        }
      }
      // Without a clinic, the same cached statement returns nothing.
      expect((await client.query(text, [new Date(0)])).rows).toEqual([]);
      expect((await preparedOn(client)).has(statementName(text)!)).toBe(true);
    } finally {
      await client.query('RESET plan_cache_mode');
      client.release();
    }
  });

  it('is the client of the API pool unless turned off (DB_PREPARED_STATEMENTS=false)', () => {
    expect(poolClient(true)).toBe(PreparingClient);
    expect(poolClient(false)).toBe(pg.Client);
    const driver = t.app.get(DataSource).driver as unknown as { master: pg.Pool & { Client: unknown } };
    expect(driver.master.Client).toBe(PreparingClient);
  });

  // Last: it fills the module's table of names.
  it(`names at most ${MAX_PREPARED_TEXTS} texts; later ones run unnamed`, async () => {
    let named = 0;
    while (statementName(`SELECT $1::int + ${named}`) !== undefined) named++;
    expect(named).toBeLessThanOrEqual(MAX_PREPARED_TEXTS);
    expect(statementName('SELECT $1::int AS one_too_many')).toBeUndefined();
    const client = await pool.connect();
    try {
      expect((await client.query('SELECT $1::int AS one_too_many', [3])).rows).toEqual([{ one_too_many: 3 }]);
      const statements = [...(await preparedOn(client)).values()];
      expect(statements.some((s) => s.includes('one_too_many'))).toBe(false);
      // A text named before the bound keeps its name.
      expect(statementName('SELECT $1::int + 1 AS n')).toBeDefined();
    } finally {
      client.release();
    }
  });
});
