import { standaloneClient } from './database-url.js';

/**
 * Runs `work` (the migrations) while holding the database's migration lock, so API replicas
 * started together with MIGRATE_ON_START apply each migration once: the others wait, then find
 * nothing pending. The lock is transaction-scoped (`pg_advisory_xact_lock`) on a connection of
 * its own that stays in its transaction meanwhile, so it also holds behind a pooler in
 * transaction mode, and it is released when that transaction ends, even if the process dies.
 */
export async function withMigrationLock<T>(ownerUrl: string, work: () => Promise<T>): Promise<T> {
  const client = standaloneClient(ownerUrl);
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('stride.migrate', 0))`);
    return await work();
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
