import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { logger } from '../src/common/logger.js';
import type { AppConfig } from '../src/config/config.js';
import {
  addUser,
  type Actor,
  createEpisode,
  createTestClinic,
  createVisit,
  daysAgo,
  type HttpApp,
  login,
  signVisit,
  visitAt,
} from './factories.js';
import { cloneTemplateDatabase, createTestApp, dropDatabase, type TestApp } from './test-app.js';

/**
 * DATABASE_READ_URL (database/read-replica.ts) on real PostgreSQL. The embedded server cannot
 * stream to a replica (no pg_basebackup); `npm run test:ops` does that. Here the "replica" is:
 * - a second connection to the same database: the answers must be those of the primary path;
 * - another database cloned before any clinic existed: what the API answers from it proves that
 *   the read went to the read URL, while the session check and the audit stay on the primary;
 * - a port nobody listens on: the primary answers.
 */

/** `url` without its user and password, as DATABASE_READ_URL is given. */
function serverOnly(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

async function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A server that speaks just enough of the PostgreSQL protocol to accept a login (trust), then
 * never answers a query: a pooler in front of a replica that is down.
 */
async function silentServer(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let greeted = false;
    socket.on('data', () => {
      if (greeted) return;
      greeted = true;
      const authOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
      const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
      socket.write(Buffer.concat([authOk, ready]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface SecondApp extends HttpApp {
  app: INestApplication;
}

/** Another API process on the primary database of `t`, reading `readUrl`. */
async function apiReading(t: TestApp, readUrl: string): Promise<SecondApp> {
  const config: AppConfig = { ...t.config, databaseReadUrl: readUrl, dbReadPoolSize: 2 };
  const app = await createApp(config, t.appDatabaseUrl);
  await app.init();
  const server = app.getHttpServer();
  return { app, http: () => request(server) };
}

interface SnapshotLog {
  kind: string;
  server: string;
  isolation: string;
  readOnly: string;
  application: string;
  inRecovery: boolean;
}

describe('reads on DATABASE_READ_URL', () => {
  let t: TestApp;
  let same: SecondApp;
  let stale: SecondApp;
  let dead: SecondApp;
  let hung: SecondApp;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let staleUrl: string;
  let owner: Actor;
  let liam: Actor;
  let other: Actor;
  let otherEpisode: string;
  const mine: string[] = [];

  async function signed(who: Actor, episodeId: string, daysBack: number, pain: number) {
    const v = await createVisit(t, who, episodeId, {
      visitDate: visitAt(daysBack),
      visitType: 'follow_up',
      measurements: [{ instrument: 'nprs_activity', value: pain }],
    });
    await signVisit(t, who, v.id);
  }

  beforeAll(async () => {
    // Cloned before any clinic exists: a replica that missed everything below.
    staleUrl = await cloneTemplateDatabase();
    t = await createTestApp();
    owner = await createTestClinic(t, 'Replica Clinic');
    liam = await addUser(t, owner, ['therapist'], 'Liam Replica');
    other = await createTestClinic(t, 'Other Replica Clinic');

    const a = await createEpisode(t, owner, undefined, { startDate: daysAgo(40) });
    await signed(owner, a.id, 40, 8);
    await signed(owner, a.id, 30, 3);
    const b = await createEpisode(t, liam, undefined, { startDate: daysAgo(20), diagnosisCode: 'M25.561' });
    await signed(liam, b.id, 20, 6);
    await signed(liam, b.id, 10, 5);
    const c = await createEpisode(t, liam, undefined, { startDate: daysAgo(5) });
    mine.push(a.id, b.id, c.id);
    const o = await createEpisode(t, other, undefined, { startDate: daysAgo(15) });
    await signed(other, o.id, 15, 9);
    otherEpisode = o.id;

    same = await apiReading(t, serverOnly(t.databaseUrl));
    stale = await apiReading(t, serverOnly(staleUrl));
    dead = await apiReading(t, `postgres://127.0.0.1:${await unusedPort()}/stride`);
    silent = await silentServer();
    hung = await apiReading(t, `postgres://127.0.0.1:${silent.port}/stride`);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await Promise.all([same?.app.close(), stale?.app.close(), dead?.app.close(), hung?.app.close()]);
    await silent?.close();
    await t?.close();
    if (staleUrl) await dropDatabase(staleUrl);
  });

  /** The read snapshots the API logged (at debug level) while `fn` ran. */
  async function snapshotsOf(fn: () => Promise<unknown>): Promise<SnapshotLog[]> {
    const debug = jest.spyOn(logger, 'debug');
    await fn();
    const seen = debug.mock.calls
      .filter(([msg]) => msg === 'read snapshot')
      .map(([, f]) => f as unknown as SnapshotLog);
    debug.mockRestore();
    return seen;
  }

  async function auditCount(action: string, clinicId: string): Promise<number> {
    const { rows } = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = $1 AND clinic_id = $2`,
      [action, clinicId],
    );
    return rows[0].n as number;
  }

  const analytics = (api: HttpApp, who: Actor, query = '') =>
    api.http().get(`/api/v1/analytics/outcomes${query}`).set(who.auth).expect(200);
  const csv = (api: HttpApp, who: Actor, query = '') =>
    api.http().get(`/api/v1/analytics/outcomes.csv${query}`).set(who.auth).expect(200);

  it('answers analytics and the CSV exactly as the primary path does', async () => {
    for (const query of ['', '?diagnosis=m25', `?therapistId=${liam.id}`, `?from=${daysAgo(25)}`]) {
      const primary = await analytics(t, owner, query);
      const replica = await analytics(same, owner, query);
      expect(replica.body).toEqual(primary.body);
      const primaryCsv = await csv(t, owner, query);
      const replicaCsv = await csv(same, owner, query);
      expect(replicaCsv.text).toBe(primaryCsv.text);
      expect(replicaCsv.headers['content-type']).toBe(primaryCsv.headers['content-type']);
    }
    const all = await analytics(same, owner);
    expect(all.body.episodes.total).toBe(3);
  });

  it('reads one REPEATABLE READ READ ONLY transaction on the read connection per answer', async () => {
    const seen = await snapshotsOf(async () => {
      await analytics(same, owner);
      await csv(same, owner);
    });
    // Each answer made several queries (time zone, totals, off-track, names): one snapshot each.
    expect(seen).toEqual([
      {
        kind: 'analytics',
        server: 'replica',
        isolation: 'repeatable read',
        readOnly: 'on',
        application: 'stride-api-read',
        inRecovery: false,
      },
      {
        kind: 'export',
        server: 'replica',
        isolation: 'repeatable read',
        readOnly: 'on',
        application: 'stride-api-read',
        inRecovery: false,
      },
    ]);
    // Without DATABASE_READ_URL nothing changes: the request's own transaction reads.
    expect(await snapshotsOf(() => analytics(t, owner))).toEqual([]);
  });

  it('shows a therapist only the episodes they treat, and no clinic another clinic’s rows', async () => {
    const theirs = await analytics(same, liam);
    expect(theirs.body.episodes.total).toBe(2);
    expect(theirs.body.byTherapist.map((r: { therapistId: string }) => r.therapistId)).toEqual([liam.id]);
    await same.http().get(`/api/v1/analytics/outcomes?therapistId=${owner.id}`).set(liam.auth).expect(403);
    await same.http().get('/api/v1/analytics/outcomes.csv').set(liam.auth).expect(403);

    const elsewhere = await analytics(same, other);
    expect(elsewhere.body.episodes.total).toBe(1);
    const otherCsv = (await csv(same, other)).text;
    expect(otherCsv).toContain(otherEpisode);
    for (const id of mine) expect(otherCsv).not.toContain(id);
    const ownerCsv = (await csv(same, owner)).text;
    expect(ownerCsv).not.toContain(otherEpisode);
    for (const id of mine) expect(ownerCsv).toContain(id);
  });

  it('reads the read URL, and checks the session and audits on the primary, committed before the answer', async () => {
    const readsBefore = await auditCount('analytics.read', owner.clinicId);
    const exportsBefore = await auditCount('analytics.export', owner.clinicId);

    // The stale "replica" has no clinic at all: its answer is empty although the primary has 3.
    const fromStale = await analytics(stale, owner);
    expect(fromStale.body.episodes.total).toBe(0);
    expect((await analytics(t, owner)).body.episodes.total).toBe(3);
    const staleCsv = (await csv(stale, owner)).text;
    expect(staleCsv.trim().split('\n')).toHaveLength(1);

    // Each answer's audit event is on the primary, and visible (committed) as soon as it came.
    expect(await auditCount('analytics.read', owner.clinicId)).toBe(readsBefore + 2);
    expect(await auditCount('analytics.export', owner.clinicId)).toBe(exportsBefore + 1);
    const { rows } = await t.sql.query(
      `SELECT detail FROM audit_events WHERE action = 'analytics.export' AND clinic_id = $1 ORDER BY seq DESC LIMIT 1`,
      [owner.clinicId],
    );
    expect(rows[0].detail).toMatchObject({ episodes: 0 });

    // A session revoked on the primary is refused, whatever the replica holds.
    await t.http().post('/api/v1/auth/logout').set('Cookie', owner.refreshCookie).expect(204);
    await stale.http().get('/api/v1/analytics/outcomes').set(owner.auth).expect(401);
    owner = await login(t, owner.email);
  });

  it('answers from the primary when the read server cannot be reached', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const seen = await snapshotsOf(async () => {
      expect((await analytics(dead, owner)).body).toEqual((await analytics(t, owner)).body);
      expect((await csv(dead, owner)).text).toBe((await csv(t, owner)).text);
    });
    expect(warn.mock.calls.some(([msg]) => /cannot be reached/.test(msg))).toBe(true);
    expect(seen).toEqual([
      expect.objectContaining({ server: 'primary', isolation: 'repeatable read', readOnly: 'on' }),
      expect.objectContaining({ server: 'primary', isolation: 'repeatable read', readOnly: 'on' }),
    ]);
    expect(seen.map((s) => s.application)).toEqual(['stride-api-read-primary', 'stride-api-read-primary']);
  });

  it('answers from the primary when the read server accepts but never answers, then stops trying it', async () => {
    const expected = (await analytics(t, owner)).body;
    const warn = jest.spyOn(logger, 'warn');
    let started = Date.now();
    expect((await analytics(hung, owner)).body).toEqual(expected);
    const first = Date.now() - started;
    expect(first).toBeGreaterThanOrEqual(1900);
    expect(first).toBeLessThan(8000);
    expect(
      warn.mock.calls.some(
        ([msg, f]) => /cannot be reached/.test(msg) && /did not answer/.test(String(f?.error)),
      ),
    ).toBe(true);
    // Resting: the next answers do not wait for it again.
    started = Date.now();
    expect((await csv(hung, owner)).text).toBe((await csv(t, owner)).text);
    expect((await analytics(hung, owner)).body).toEqual(expected);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
