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

/**
 * As the owner: both. With the app role's connection only, sign-in failures (the role may delete
 * them); idempotency keys are then pruned by the owner's `cli.js migrate` of each deployment.
 */
async function pruneExpired(url: string, owner: boolean): Promise<void> {
  const client = standaloneClient(url);
  try {
    await client.connect();
    const query = (sql: string) => client.query(sql);
    if (owner) await pruneIdempotencyKeys(query);
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
  // DATABASE_APP_URL without DATABASE_URL: this process never holds the owner's password (the
  // images: a one-shot `cli.js migrate` runs as the owner first; config refuses MIGRATE_ON_START).
  const db: ResolvedDatabase | undefined =
    config.databaseUrl === undefined && config.databaseAppUrl !== undefined
      ? undefined
      : await resolveDatabase(config, (line) => logger.debug('postgres', { line }));
  logger.info(
    db?.embedded ? 'embedded PostgreSQL started' : db ? 'using DATABASE_URL' : 'using DATABASE_APP_URL only',
    {
      dataDir: db?.embedded ? config.dataDir : undefined,
    },
  );
  if (db && config.migrateOnStart) {
    const applied = await migrate(db.url);
    logger.info('migrations applied', { applied });
  }
  const seeded = db && config.seedDemo ? await seedDemo(db.url) : undefined;

  // The API connects as a role that owns no table and cannot bypass row-level security; the
  // owner (db.url) only migrates, seeds and does housekeeping.
  const appUrl = db ? await appDatabaseUrl(db.url, config) : config.databaseAppUrl!;
  await refuseBypassingRole(appUrl, config);
  const app: INestApplication = await createApp(config, appUrl);
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  logger.info('ready', { url, ms: Date.now() - started });

  const lines = [``, `  Stride is running at ${url.replace('127.0.0.1', 'localhost')}`];
  lines.push(`  API docs: ${url.replace('127.0.0.1', 'localhost')}/api/docs`);
  if (db?.embedded?.relocatedTo) {
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
  const prune = () => void (db ? pruneExpired(db.url, true) : pruneExpired(appUrl, false));
  const housekeeping = setInterval(prune, 60 * 60 * 1000);
  housekeeping.unref();
  prune();

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
      await db?.embedded?.stop();
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
