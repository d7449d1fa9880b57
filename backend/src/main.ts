import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './app.js';
import { logger } from './common/logger.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { appDatabaseUrl, inspectRole } from './database/app-role.js';
import { pruneSignInFailures } from './auth/sign-in-throttle.repository.js';
import { pruneIdempotencyKeys } from './idempotency/idempotency.js';
import { migrate } from './setup/migrate.js';
import { EmbeddedDatabaseError } from './database/embedded.js';
import { resolveDatabase, standaloneClient, type ResolvedDatabase } from './database/database-url.js';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD, DEMO_THERAPIST_EMAIL, seedDemo } from './setup/seeds/demo.js';

async function pruneExpired(url: string): Promise<void> {
  const client = standaloneClient(url);
  try {
    await client.connect();
    const query = (sql: string) => client.query(sql);
    await pruneIdempotencyKeys(query);
    await pruneSignInFailures(query);
  } catch (err) {
    logger.warn('housekeeping failed', { error: err instanceof Error ? err.message : String(err) });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Production refuses a connection that row-level security would not hold. */
async function refuseBypassingRole(url: string, config: AppConfig): Promise<void> {
  const client = standaloneClient(url);
  await client.connect();
  try {
    const role = await inspectRole(async (sql) => (await client.query(sql)).rows);
    if (role.superuser || role.bypassRls || role.ownsTables > 0) {
      const problem = `the API's database role ${role.user} can bypass row-level security`;
      if (config.nodeEnv === 'production') throw new Error(`${problem}; give it a role that owns no table`);
      logger.warn(problem);
    }
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nStride refuses to start with this configuration.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }

  const started = Date.now();
  const db: ResolvedDatabase = await resolveDatabase(config, (line) => logger.debug('postgres', { line }));
  logger.info(db.embedded ? 'embedded PostgreSQL started' : 'using DATABASE_URL', {
    dataDir: db.embedded ? config.dataDir : undefined,
  });
  if (config.migrateOnStart) {
    const applied = await migrate(db.url);
    logger.info('migrations applied', { applied });
  }
  const seeded = config.seedDemo ? await seedDemo(db.url) : undefined;

  // The API connects as a role that owns no table and cannot bypass row-level security; the
  // owner (db.url) only migrates, seeds and does housekeeping.
  const appUrl = await appDatabaseUrl(db.url, config);
  await refuseBypassingRole(appUrl, config);
  const app: INestApplication = await createApp(config, appUrl);
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  logger.info('ready', { url, ms: Date.now() - started });

  const lines = [``, `  Stride is running at ${url.replace('127.0.0.1', 'localhost')}`];
  lines.push(`  API docs: ${url.replace('127.0.0.1', 'localhost')}/api/docs`);
  if (db.embedded?.relocatedTo) {
    lines.push(`  Embedded PostgreSQL (postgres cannot enter this checkout): ${db.embedded.relocatedTo}`);
  }
  if (seeded) {
    lines.push(
      `  Demo clinic sign-in (${seeded.created ? 'just seeded' : 'seeded earlier'}):`,
      `    owner (admin + therapist): ${DEMO_OWNER_EMAIL} / ${DEMO_PASSWORD}`,
      `    therapist:                 ${DEMO_THERAPIST_EMAIL} / ${DEMO_PASSWORD}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // Housekeeping: idempotency keys are replayed for 24 hours, sign-in failures counted over a
  // window of minutes; older rows only take space.
  const housekeeping = setInterval(() => void pruneExpired(db.url), 60 * 60 * 1000);
  housekeeping.unref();
  void pruneExpired(db.url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    clearInterval(housekeeping);
    try {
      await app.close();
      await db.embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof EmbeddedDatabaseError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  logger.error('failed to start', { error: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
