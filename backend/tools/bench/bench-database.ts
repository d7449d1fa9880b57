import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabaseExists, withDatabase } from '../../src/database/database-url.js';
import { startEmbeddedPostgres } from '../../src/database/embedded.js';
import { migrate } from '../../src/setup/migrate.js';

/**
 * The migrated database of a benchmark: `DATABASE_URL` when set, else a throwaway embedded
 * PostgreSQL in a temporary folder that `stop()` shuts down and removes.
 */
export async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  let url: string;
  let stop: () => Promise<void> = async () => undefined;
  if (process.env.DATABASE_URL) {
    url = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'stride-bench-'));
    chmodSync(dir, 0o755);
    const db = await startEmbeddedPostgres(dir, { persistent: false });
    await ensureDatabaseExists(db.adminUrl, 'bench');
    url = withDatabase(db.adminUrl, 'bench');
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate(url);
  return { url, stop };
}
