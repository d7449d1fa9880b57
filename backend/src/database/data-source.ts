import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { User } from '../users/user.entity.js';
import { Accounts1764000000000 } from './migrations/1764000000000-accounts.js';
import { Charting1764100000000 } from './migrations/1764100000000-charting.js';
import { EpisodeSummaries1764200000000 } from './migrations/1764200000000-episode-summaries.js';
import { RowLevelSecurity1764300000000 } from './migrations/1764300000000-row-level-security.js';
import { AuditChain1764400000000 } from './migrations/1764400000000-audit-chain.js';
import { rebuildEpisodeSummaries } from '../outcomes/episode-summaries.js';
import { seedGlobalExercises } from './seeds/exercise-library.js';
import { poolClient } from './prepared-statements.js';

// Calendar dates stay `YYYY-MM-DD` strings; node-postgres would make them local-midnight Dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export const ENTITIES = [Clinic, User, AuditEvent];

/** Every migration, in order. Listed explicitly so the compiled and the test builds agree. */
export const MIGRATIONS = [
  Accounts1764000000000,
  Charting1764100000000,
  EpisodeSummaries1764200000000,
  RowLevelSecurity1764300000000,
  AuditChain1764400000000,
];

export interface PoolSettings {
  poolSize: number;
  statementTimeoutMs: number;
  /**
   * Run parameterised queries as named prepared statements (prepared-statements.ts). For the
   * API's pool; off for migrations, seeds and tools, whose DDL could change a prepared
   * statement's result under it.
   */
  preparedStatements?: boolean;
}

export function dataSourceOptions(url: string, pool: PoolSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    applicationName: 'stride-api',
    logging: false,
    extra: {
      max: pool.poolSize,
      Client: poolClient(pool.preparedStatements ?? false),
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      statement_timeout: pool.statementTimeoutMs,
      idle_in_transaction_session_timeout: 60000,
    },
  };
}

/**
 * Applies pending migrations on a short-lived connection of its own, then brings the reference
 * data every clinic shares (the global exercise library) up to date.
 */
export async function migrate(url: string): Promise<string[]> {
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
