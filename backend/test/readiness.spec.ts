import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { appDatabaseUrl } from '../src/database/app-role.js';
import { migrate } from '../src/database/data-source.js';
import { ensureDatabaseExists, withDatabase } from '../src/database/database-url.js';
import { startEmbeddedPostgres } from '../src/database/embedded.js';
import { testConfig } from './test-app.js';

describe('readiness', () => {
  it('fails readiness (503, Retry-After) while the database is down, and recovers', async () => {
    // A PostgreSQL of this test's own, so stopping it disturbs no other spec.
    const dir = mkdtempSync(join(tmpdir(), 'stride-ready-'));
    let db = await startEmbeddedPostgres(dir, { persistent: true });
    const url = withDatabase(db.adminUrl, 'stride');
    await ensureDatabaseExists(db.adminUrl, 'stride');
    await migrate(url);
    const config = testConfig({ dbStatementTimeoutMs: 2000 });
    const app = await createApp(config, await appDatabaseUrl(url, config));
    await app.init();
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
});
