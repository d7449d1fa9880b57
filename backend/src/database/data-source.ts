/**
 * Stride reaches PostgreSQL through typed queries, not TypeORM entities. Row-level security keys
 * every tenant row by the transaction's clinic (`app_begin_request`, `bindTenant`), so each query
 * must run on the request's transaction, which raw `EntityManager.query` does and entity
 * repositories hide; the API's pool runs parameterised SQL as named prepared statements
 * (prepared-statements.ts), which wants a fixed text per query; analytics are hand-tuned SQL no
 * entity could express; and the migrations are the one truth about the schema, so there is no
 * second description of the tables to drift from them. Each domain's `*.repository.ts` owns its
 * SQL, its row types and the mapping to the API's views; TypeORM keeps the DataSource, the
 * migrations and the transaction.
 */
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { Accounts1764000000000 } from './migrations/1764000000000-accounts.js';
import { Charting1764100000000 } from './migrations/1764100000000-charting.js';
import { EpisodeSummaries1764200000000 } from './migrations/1764200000000-episode-summaries.js';
import { RowLevelSecurity1764300000000 } from './migrations/1764300000000-row-level-security.js';
import { AuditChain1764400000000 } from './migrations/1764400000000-audit-chain.js';
import { poolClient } from './prepared-statements.js';

// Calendar dates stay `YYYY-MM-DD` strings; node-postgres would make them local-midnight Dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

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
