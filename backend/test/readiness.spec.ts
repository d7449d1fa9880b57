import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.js';
import { appDatabaseUrl } from '../src/database/app-role.js';
import { migrate } from '../src/setup/migrate.js';
import { ensureDatabaseExists, withDatabase } from '../src/database/database-url.js';
import { DatabaseHangWatchdog, HELD_MS, PROBE_TIMEOUT_MS } from '../src/database/hang-watchdog.js';
import { childPids } from '../tools/resilience/cluster.js';
import { startEmbeddedPostgres } from '../src/database/embedded.js';
import type { AppConfig } from '../src/config/config.js';
import { testConfig } from './test-app.js';

/** A migrated PostgreSQL of the test's own (so stopping or freezing it disturbs no other spec) and the app on it. */
async function ownDatabase(prefix: string, config: AppConfig) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = await startEmbeddedPostgres(dir, { persistent: true });
  const url = withDatabase(db.adminUrl, 'stride');
  await ensureDatabaseExists(db.adminUrl, 'stride');
  await migrate(url);
  const app = await createApp(config, await appDatabaseUrl(url, config));
  await app.init();
  return { dir, db, url, app };
}

describe('readiness', () => {
  it('fails readiness (503, Retry-After) while the database is down, and recovers', async () => {
    const own = await ownDatabase('stride-ready-', testConfig({ dbStatementTimeoutMs: 2000 }));
    const { dir, url, app } = own;
    let db = own.db;
    const http = () => request(app.getHttpServer());
    try {
      await http().get('/api/v1/health/ready').expect(200);
      await db.stop();

      const started = Date.now();
      const down = await http().get('/api/v1/health/ready');
      expect(down.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(down.body).toMatchObject({ type: '/problems/unavailable', status: 503 });
      expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
      await http().get('/api/v1/health').expect(200);

      db = await startEmbeddedPostgres(dir, { persistent: true, port: db.port });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.end();
      await http().get('/api/v1/health/ready').expect(200);
    } finally {
      await app.close();
      await db.stop();
    }
  });

  it('leaves slow work on a live server alone, and closes connections a hung server holds', async () => {
    const { dir, db, app } = await ownDatabase('stride-hung-', testConfig());
    const ds = app.get(DataSource);
    const watchdog = app.get(DatabaseHangWatchdog);
    // The postmaster and its backends, stopped as a hung host would be.
    const postmaster = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    let frozen: number[] = [];
    const thaw = () => frozen.splice(0).forEach((pid) => process.kill(pid, 'SIGCONT'));
    try {
      // Held past HELD_MS while the server answers the probe: it finishes.
      await expect(ds.query('SELECT 1 AS slept FROM pg_sleep(1.6)')).resolves.toEqual([{ slept: 1 }]);
      expect(watchdog.hung).toBe(false);

      await ds.query('SELECT 1'); // leaves an idle pooled connection to the server
      frozen = [postmaster, ...childPids(postmaster)];
      frozen.forEach((pid) => process.kill(pid, 'SIGSTOP'));
      const started = Date.now();
      // Bounded, so that a failure here still thaws the server in `finally`.
      const bounded = Promise.race([
        ds.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('still waiting after 5 s')), 5000)),
      ]);
      await expect(bounded).rejects.toThrow(/Connection terminated/);
      // A bound, not a speed measure: the pooled query is cut off by the watchdog (held + probe
      // time) instead of waiting for the operating system's TCP timeout; the slack is for a busy
      // 2-core machine.
      expect(Date.now() - started).toBeLessThan(HELD_MS + 200 + PROBE_TIMEOUT_MS + 1500);
      expect(watchdog.hung).toBe(true);
      // Until it answers again, API requests are refused at once instead of waiting on it.
      const asked = Date.now();
      const refused = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: 'a@b.c' });
      expect(Date.now() - asked).toBeLessThan(1500); // the statement timeout is 15 s
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({
        type: '/problems/unavailable',
        detail: expect.stringMatching(/database/),
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await request(app.getHttpServer()).get('/api/v1/health').expect(200);

      thaw();
      const until = Date.now() + 3000;
      while (watchdog.hung && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(watchdog.hung).toBe(false);
      await expect(ds.query('SELECT 2 AS two')).resolves.toEqual([{ two: 2 }]);
    } finally {
      thaw();
      await app.close();
      await db.stop();
    }
  });
});
