import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { type AppConfig, loadConfig } from '../src/config/config.js';
import { APP_ROLE, withCredentials } from '../src/database/app-role.js';
import { migrate } from '../src/setup/migrate.js';
import { withDatabase } from '../src/database/database-url.js';

export interface TestApp {
  app: INestApplication;
  /** supertest bound to the running app. */
  http: () => ReturnType<typeof request>;
  /** Direct SQL on the spec file's own database, for setting up and checking state. */
  sql: pg.Pool;
  config: AppConfig;
  /** The owner's (superuser's) URL of the spec file's database. */
  databaseUrl: string;
  /** The same database as the API's role, under row-level security. */
  appDatabaseUrl: string;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CONSOLE_DIR: 'none',
    LOG_LEVEL: 'silent',
    STRIDE_DATA_DIR: mkdtempSync(join(tmpdir(), 'stride-test-data-')),
    SEED_DEMO: 'false',
    AUDIT_SEAL_INTERVAL_MS: '0',
  });
  return { ...base, ...overrides };
}

/** `url` as the API's own role (row-level security applies), as global-setup prepared it. */
export function asAppRole(url: string): string {
  const password = process.env.STRIDE_TEST_APP_PASSWORD;
  if (!password) throw new Error('test/global-setup.ts did not run');
  return withCredentials(url, APP_ROLE, password);
}

/** A database of the spec file's own, cloned from the migrated template (fast: no migrations). */
export async function cloneTemplateDatabase(): Promise<string> {
  const adminUrl = process.env.STRIDE_TEST_ADMIN_URL;
  const template = process.env.STRIDE_TEST_TEMPLATE;
  const prefix = process.env.STRIDE_TEST_CLONE_PREFIX;
  if (!adminUrl || !template || !prefix) throw new Error('test/global-setup.ts did not run');
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await ensureTemplate(client, adminUrl, template);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/**
 * The first spec file to get here migrates the template; the others wait on the advisory lock
 * and find it ready. A comment on the database marks a finished migration.
 */
async function ensureTemplate(client: pg.Client, adminUrl: string, template: string): Promise<void> {
  await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [template]);
  try {
    const ready = await client.query(
      `SELECT 1 FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid
        WHERE d.datname = $1 AND s.description = 'migrated'`,
      [template],
    );
    if (ready.rowCount) return;
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.query(`CREATE DATABASE ${template}`);
    await migrate(withDatabase(adminUrl, template));
    await client.query(`COMMENT ON DATABASE ${template} IS 'migrated'`);
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [template]);
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The whole HTTP app, in-process, on a fresh clone of the migrated template. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const databaseUrl = await cloneTemplateDatabase();
  const config = testConfig(overrides);
  const appDatabaseUrl = asAppRole(databaseUrl);
  const app = await createApp(config, appDatabaseUrl);
  await app.init();
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    sql,
    config,
    databaseUrl,
    appDatabaseUrl,
    async close() {
      await sql.end();
      await app.close();
      await dropDatabase(databaseUrl);
    },
  };
}
