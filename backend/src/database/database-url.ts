import pg from 'pg';
import { logger } from '../common/logger.js';
import { REPO_ROOT, type AppConfig } from '../config/config.js';
import type { EmbeddedDatabase } from './embedded.js';

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

export const EMBEDDED_DATABASE_NAME = 'stride';

/**
 * A single connection for short owner work (start-up, housekeeping, tools). node-postgres
 * emits 'error' when the server drops the connection while it is idle or busy; without a
 * listener that would end the process, so the error is only logged (the awaited query fails).
 */
export function standaloneClient(
  url: string,
  options: Omit<pg.ClientConfig, 'connectionString'> = {},
): pg.Client {
  const client = new pg.Client({ connectionString: url, ...options });
  client.on('error', (err) => logger.warn('database connection lost', { error: err.message }));
  return client;
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabaseExists(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = standaloneClient(adminUrl);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const ident = client.escapeIdentifier(name);
      await client.query(
        template
          ? `CREATE DATABASE ${ident} TEMPLATE ${client.escapeIdentifier(template)}`
          : `CREATE DATABASE ${ident}`,
      );
    }
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL in the data folder. */
export async function resolveDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  // Loaded only when needed: it installs exit hooks of its own that a server has no use for.
  const { startEmbeddedPostgres } = await import('./embedded.js');
  const embedded = await startEmbeddedPostgres(config.dataDir, { log, checkout: REPO_ROOT });
  if (embedded.relocatedTo) {
    logger.info(
      'the postgres user cannot reach this checkout: the embedded PostgreSQL runs from its own folder',
      {
        folder: embedded.relocatedTo,
      },
    );
  }
  await ensureDatabaseExists(embedded.adminUrl, EMBEDDED_DATABASE_NAME);
  return { url: withDatabase(embedded.adminUrl, EMBEDDED_DATABASE_NAME), embedded };
}
