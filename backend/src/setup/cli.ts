import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source.js';
import { resolveDatabase, standaloneClient } from '../database/database-url.js';
import { appDatabaseUrl } from '../database/app-role.js';
import { pruneIdempotencyKeys } from '../idempotency/idempotency.js';
import { pruneSignInFailures } from '../auth/sign-in-throttle.repository.js';
import { migrate } from './migrate.js';
import { rebuildEpisodeSummaries } from '../outcomes/episode-summaries.js';
import { seedDemo } from './seeds/demo.js';
import { verifyAuditCommand } from '../audit/audit-chain.js';
import { BackupError, backup, restore } from './backup.js';

/** Expired idempotency keys and sign-in failures, as the owner (the API's role may not delete the keys). */
async function pruneOwnerTables(url: string): Promise<void> {
  const client = standaloneClient(url);
  await client.connect();
  try {
    const query = (sql: string) => client.query(sql);
    await pruneIdempotencyKeys(query);
    await pruneSignInFailures(query);
  } finally {
    await client.end();
  }
}

/** The operator's commands: the steps `npm start` runs, one at a time, the audit verifier, backup and restore. */
async function run(command: string | undefined): Promise<void> {
  // Arguments are checked before the database is reached.
  const args = process.argv.slice(3);
  let backupOut: string | undefined;
  if (command === 'backup') {
    const at = args.indexOf('--out');
    if ((at >= 0 && !args[at + 1]) || args.some((a, i) => a !== '--out' && (at < 0 || i !== at + 1))) {
      throw new BackupError('usage: npm run backup [-- --out FILE]');
    }
    backupOut = at >= 0 ? args[at + 1] : undefined;
  }
  if (command === 'restore' && args.length !== 1) {
    throw new BackupError('usage: npm run restore -- <file written by npm run backup>');
  }
  const config = loadConfig();
  const db = await resolveDatabase(config, () => undefined);
  const where = config.databaseUrl ? 'DATABASE_URL' : `the embedded database in ${config.dataDir}`;
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrate(db.url);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
        // The API's role may log in with DATABASE_APP_PASSWORD (an API started with the app
        // role's connection only cannot do this itself); owner housekeeping of each deployment.
        if (!config.databaseAppUrl) await appDatabaseUrl(db.url, config);
        await pruneOwnerTables(db.url);
        break;
      }
      case 'revert': {
        const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 600000 }));
        await ds.initialize();
        await ds.undoLastMigration({ transaction: 'each' });
        await ds.destroy();
        process.stdout.write('reverted the last migration\n');
        break;
      }
      case 'seed': {
        if (config.nodeEnv === 'production') throw new Error('demo data is never seeded in production');
        const result = await seedDemo(db.url);
        process.stdout.write(result.created ? 'demo clinic seeded\n' : 'demo clinic already present\n');
        break;
      }
      case 'rebuild-summaries': {
        const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 600000 }));
        await ds.initialize();
        const n = await ds.transaction((m) => rebuildEpisodeSummaries(m));
        await ds.destroy();
        process.stdout.write(`rebuilt the summaries of ${n} episodes\n`);
        break;
      }
      case 'verify-audit': {
        const result = await verifyAuditCommand(db.url, process.argv.slice(3));
        process.stdout.write(`${result.lines.join('\n')}\n`);
        process.exitCode = result.exitCode;
        break;
      }
      case 'backup': {
        const result = await backup(db.url, { out: backupOut, dataDir: config.dataDir, where });
        process.stdout.write(
          `sealed ${result.sealedNow} pending audit event(s); audit chain head ${result.head}\n` +
            `backup written: ${result.file} (${result.bytes} bytes)\n`,
        );
        break;
      }
      case 'restore': {
        const result = await restore(db.url, process.argv[3], where);
        process.stdout.write(
          `${result.createdRole ? 'created the role stride_app; ' : ''}restored ${result.tables} tables from ${process.argv[3]}\n`,
        );
        break;
      }
      default:
        throw new Error(
          'usage: cli.js migrate | revert | seed | rebuild-summaries | verify-audit [--seal] [--expect-head POS:HASH] | backup [--out FILE] | restore FILE',
        );
    }
  } finally {
    await db.embedded?.stop();
  }
}

run(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
