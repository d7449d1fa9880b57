import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  if (globalThis.__strideEmbedded) {
    await globalThis.__strideEmbedded.stop();
    rmSync(globalThis.__strideEmbeddedDir, { recursive: true, force: true });
    return;
  }
  const client = new pg.Client({ connectionString: process.env.STRIDE_TEST_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`${process.env.STRIDE_TEST_CLONE_PREFIX}%`, process.env.STRIDE_TEST_TEMPLATE],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
