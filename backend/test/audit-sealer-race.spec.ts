import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { type Query, sealAuditEvents, verifyAuditChain } from '../src/audit/audit-chain.js';
import { type Actor, createTestClinic } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Every API process runs the audit sealer (audit/audit-chain.ts). Two processes sealing at once
 * are two connections of the API role calling `audit_seal()` together: the second must wait for
 * the first's head row lock (a transaction-scoped `FOR UPDATE`, nothing session-level, so it
 * works behind PgBouncer's transaction mode) and continue the chain from the first's new head.
 */
describe('two audit sealers racing', () => {
  let t: TestApp;
  let owner: Query;
  let actor: Actor;
  let first: pg.Client;
  let second: pg.Client;

  beforeAll(async () => {
    t = await createTestApp();
    owner = async (sql, params) => (await t.sql.query(sql, params)).rows;
    actor = await createTestClinic(t, 'Sealer Race Clinic');
    first = new pg.Client({ connectionString: t.appDatabaseUrl });
    second = new pg.Client({ connectionString: t.appDatabaseUrl });
    await first.connect();
    await second.connect();
  });

  afterAll(async () => {
    await first.end();
    await second.end();
    await t.close();
  });

  async function waitsOnLock(pid: number): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
      const { rows } = await t.sql.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [
        pid,
      ]);
      if (rows[0]?.wait_event_type === 'Lock') return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  it('serialises on the chain head: the second continues from the first, the chain stays whole', async () => {
    await t.http().get('/api/v1/patients').set(actor.auth).expect(200);
    const pending = async () =>
      (await t.sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE chain_pos IS NULL`)).rows[0]
        .n as number;
    const before = await pending();
    expect(before).toBeGreaterThan(0);

    // The first sealer has sealed but not committed; it holds the head row.
    await first.query('BEGIN');
    const sealedFirst = (await first.query(`SELECT audit_seal() AS n`)).rows[0].n as number;
    expect(sealedFirst).toBe(before);

    // The second starts meanwhile and must wait for it.
    const secondPid = (await second.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
    const sealing = second.query(`SELECT audit_seal() AS n`);
    expect(await waitsOnLock(secondPid)).toBe(true);

    // New events arrive while the second waits; then the first commits.
    await t.http().get('/api/v1/patients').set(actor.auth).expect(200);
    await t.http().get('/api/v1/patients').set(actor.auth).expect(200);
    await first.query('COMMIT');

    // The second seals only what the first did not: no event twice, no fork of the chain.
    const sealedSecond = (await sealing).rows[0].n as number;
    expect(sealedSecond).toBeGreaterThanOrEqual(2);
    expect(await pending()).toBe(0);

    const report = await verifyAuditChain(owner);
    expect(report.problems).toEqual([]);
    const { rows } = await t.sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT chain_pos)::int AS positions FROM audit_events`,
    );
    expect(report.sealed).toBe(rows[0].n);
    expect(sealedFirst + sealedSecond).toBe(rows[0].n);
    expect(rows[0].positions).toBe(rows[0].n);
  });

  it('many sealers on separate connections at once leave one whole chain', async () => {
    // One connection each (a pool of one queues its queries), as four API processes.
    const clients = Array.from(
      { length: 4 },
      () => new pg.Pool({ connectionString: t.appDatabaseUrl, max: 1 }),
    );
    try {
      const work = Array.from({ length: 20 }, () =>
        t.http().get('/api/v1/patients').set(actor.auth).expect(200),
      );
      const sealing = clients.flatMap((c) =>
        Array.from({ length: 3 }, () =>
          sealAuditEvents(async (sql, params) => (await c.query(sql, params)).rows),
        ),
      );
      await Promise.all([...work, ...sealing]);
      await sealAuditEvents(owner);
      const report = await verifyAuditChain(owner);
      expect(report.problems).toEqual([]);
      expect(report.unsealed).toBe(0);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
