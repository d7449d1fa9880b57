import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  type Query,
  sealAuditEvents,
  verifyAuditChain,
  verifyAuditCommand,
} from '../src/audit/audit-chain.js';
import { type Actor, createEpisode, createPatient, createTestClinic, createVisit } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('tamper-evident audit log', () => {
  let t: TestApp;
  let app: pg.Pool;
  let owner: Query;
  let actor: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    app = new pg.Pool({ connectionString: t.appDatabaseUrl, max: 2 });
    owner = async (sql, params) => (await t.sql.query(sql, params)).rows;
    actor = await createTestClinic(t, 'Audit Clinic');
    const patient = await createPatient(t, actor);
    const episode = await createEpisode(t, actor, patient.id);
    await createVisit(t, actor, episode.id);
  });

  afterAll(async () => {
    await app.end();
    await t.close();
  });

  /** A superuser edit that bypasses the append-only trigger, as an attacker with the server would. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    const client = await t.sql.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL session_replication_role = replica`);
      await client.query(sql, params);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  it('seals events through the API role, concurrently with new events, into an intact chain', async () => {
    const seal: Query = async (sql, params) => (await app.query(sql, params)).rows;
    const work = Array.from({ length: 40 }, () =>
      t.http().get('/api/v1/patients').set(actor.auth).expect(200),
    );
    const sealing = Array.from({ length: 5 }, () => sealAuditEvents(seal));
    await Promise.all([...work, ...sealing]);
    await sealAuditEvents(seal);
    const report = await verifyAuditChain(owner);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.unsealed).toBe(0);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM audit_events`);
    expect(report.sealed).toBe(rows[0].n);
    expect(report.head.position).toBe(rows[0].n);
  });

  it('refuses ordinary edits and deletes, even by the owner', async () => {
    await expect(t.sql.query(`UPDATE audit_events SET action = 'x' WHERE chain_pos = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.sql.query(`DELETE FROM audit_events WHERE chain_pos = 1`)).rejects.toThrow(/append-only/);
    // Sealing is the one update allowed, once, and only of the chain columns.
    await expect(
      t.sql.query(`UPDATE audit_events SET chain_pos = chain_pos + 100000 WHERE chain_pos = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(app.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/permission denied/);
  });

  it('finds an edited event, a deleted event and events cut from the end', async () => {
    await sealAuditEvents(owner);
    const before = await verifyAuditChain(owner);
    expect(before.ok).toBe(true);
    expect(before.sealed).toBeGreaterThan(6);

    await tamper(
      `UPDATE audit_events SET detail = '{"email":"someone.else@example.com"}' WHERE chain_pos = 2`,
    );
    const edited = await verifyAuditChain(owner);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toEqual([expect.stringMatching(/position 2\) was changed after it was sealed/)]);

    await tamper(`DELETE FROM audit_events WHERE chain_pos = 4`);
    const deleted = await verifyAuditChain(owner);
    expect(deleted.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/positions 4–4 are missing/),
        expect.stringMatching(/position 5\) does not link/),
      ]),
    );

    const last = before.head.position;
    await tamper(`DELETE FROM audit_events WHERE chain_pos = $1`, [last]);
    const cut = await verifyAuditChain(owner);
    expect(cut.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/sealed events were deleted/)]),
    );

    // A head recorded earlier (kept off the server) catches a rewrite of the head as well.
    await tamper(
      `UPDATE audit_chain_head SET last_pos = last_pos - 1,
              last_hash = (SELECT row_hash FROM audit_events WHERE chain_pos = $1)`,
      [last - 1],
    );
    const rewritten = await verifyAuditChain(owner, { expectHead: before.head });
    expect(rewritten.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/recorded earlier, is no longer in the chain/)]),
    );
  });

  it('has a verifier command that exits 2 on a broken chain and 0 on a whole one', async () => {
    const broken = await verifyAuditCommand(t.databaseUrl, ['--seal']);
    expect(broken.exitCode).toBe(2);
    expect(broken.lines).toContain('audit chain BROKEN');
    expect(broken.lines.filter((l) => l.startsWith('BROKEN: ')).length).toBeGreaterThanOrEqual(3);
    expect((await verifyAuditCommand(t.databaseUrl, ['--expect-head', 'nonsense'])).exitCode).toBe(64);

    // A database whose log nobody touched verifies clean.
    const fresh = await createTestApp();
    try {
      const a = await createTestClinic(fresh, 'Clean Clinic');
      await fresh.http().get('/api/v1/patients').set(a.auth).expect(200);
      const whole = await verifyAuditCommand(fresh.databaseUrl, ['--seal']);
      expect(whole.lines).toContain('audit chain intact');
      expect(whole.exitCode).toBe(0);
      const head = whole.lines.find((l) => l.startsWith('head: '))!.slice(6);
      expect((await verifyAuditCommand(fresh.databaseUrl, ['--expect-head', head])).exitCode).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
