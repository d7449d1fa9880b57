import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions, migrate } from './data-source.js';
import { resolveDatabase } from './database-url.js';
import { rebuildEpisodeSummaries } from '../outcomes/episode-summaries.js';
import { seedDemo } from './seeds/demo.js';
import { sealAuditEvents, verifyAuditChain } from '../audit/audit-chain.js';

/** `migrate` | `revert` | `seed`: the same steps `npm start` runs, one at a time. */
async function run(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const db = await resolveDatabase(config, () => undefined);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrate(db.url);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
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
        // Exit 0 when the chain is whole, 2 when it is broken. --seal seals pending events
        // first; --expect-head POS:HASH checks a head recorded earlier (keep it off the server).
        const args = process.argv.slice(3);
        const expect = args[args.indexOf('--expect-head') + 1];
        const match = args.includes('--expect-head') ? /^(\d+):([0-9a-f]{64})$/.exec(expect ?? '') : null;
        if (args.includes('--expect-head') && !match) throw new Error('--expect-head takes POSITION:SHA256HEX');
        const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 600000 }));
        await ds.initialize();
        try {
          const query = (sql: string, params?: unknown[]) => ds.query(sql, params) as Promise<unknown[]>;
          if (args.includes('--seal')) await sealAuditEvents(query);
          const report = await verifyAuditChain(query, {
            expectHead: match ? { position: Number(match[1]), hash: match[2] } : undefined,
          });
          const lines = [
            `sealed events checked: ${report.sealed}`,
            `not sealed yet: ${report.unsealed}${
              report.oldestUnsealedSeconds !== null
                ? ` (oldest ${Math.round(report.oldestUnsealedSeconds)} s)`
                : ''
            }`,
            `head: ${report.head.position}:${report.head.hash}`,
            ...report.problems.map((p) => `BROKEN: ${p}`),
            report.ok ? 'audit chain intact' : 'audit chain BROKEN',
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
          if (!report.ok) process.exitCode = 2;
        } finally {
          await ds.destroy();
        }
        break;
      }
      default:
        throw new Error('usage: cli.js migrate | revert | seed | rebuild-summaries | verify-audit [--seal] [--expect-head POS:HASH]');
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
