import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../src/database/database-url.js';
import { MIGRATIONS } from '../src/database/data-source.js';
import { migrate } from '../src/setup/migrate.js';
import { dropDatabase } from './test-app.js';

/** API replicas started together with MIGRATE_ON_START: each migration runs once, none fails. */
describe('migrating from several processes at once', () => {
  let url: string | undefined;

  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  it('takes turns: one applies every migration, the others find nothing pending', async () => {
    const adminUrl = process.env.STRIDE_TEST_ADMIN_URL;
    const prefix = process.env.STRIDE_TEST_CLONE_PREFIX;
    if (!adminUrl || !prefix) throw new Error('test/global-setup.ts did not run');
    const name = `${prefix}${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    url = withDatabase(adminUrl, name);

    const applied = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const counts = applied.map((names) => names.length).sort();
    expect(counts).toEqual([0, 0, MIGRATIONS.length]);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query(`SELECT count(*)::int AS n FROM schema_migrations`);
      expect(rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      await check.end();
    }
  });
});
