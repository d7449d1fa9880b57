import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source.js';
import { withMigrationLock } from '../database/migration-lock.js';
import { rebuildEpisodeSummaries } from '../outcomes/episode-summaries.js';
import { seedGlobalExercises } from './seeds/exercise-library.js';

/**
 * Applies pending migrations on a short-lived connection of its own, then brings the reference
 * data every clinic shares (the global exercise library) up to date. Processes migrating at
 * once take turns (database/migration-lock.ts).
 */
export async function migrate(url: string): Promise<string[]> {
  return withMigrationLock(url, () => migrateNow(url));
}

async function migrateNow(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, { poolSize: 1, statementTimeoutMs: 600000 }));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    await ds.transaction((m) => seedGlobalExercises(m));
    // Episodes written before the summary table existed, or by hand, get their summary now.
    await ds.transaction((m) => rebuildEpisodeSummaries(m, { onlyMissing: true }));
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
