/**
 * Benchmark: GET /analytics/outcomes on a clinic chain (see chain.ts).
 *
 *   npm run seed:bench -w backend        build the chain (embedded PostgreSQL in .data/bench)
 *   npm run bench:analytics -w backend   measure (builds the chain first if it is missing)
 *   DATABASE_URL=postgres://… …          use that server instead
 *
 * Prints p50/p95 of the whole HTTP request for the 2,000-episode and the 30,000-episode
 * clinic. Targets (issue 5): p50 < 100 ms and < 400 ms. Loopback only; stops by itself.
 */
import 'reflect-metadata';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { loadConfig, REPO_ROOT } from '../../src/config/config.js';
import { migrate } from '../../src/setup/migrate.js';
import { ensureDatabaseExists, withDatabase } from '../../src/database/database-url.js';
import { startEmbeddedPostgres } from '../../src/database/embedded.js';
import type { EntityManager } from 'typeorm';
import { rebuildEpisodeSummaries } from '../../src/outcomes/episode-summaries.js';
import { buildChain, CHAIN_PASSWORD } from './chain.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const seedOnly = process.argv.includes('--seed-only');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  let url: string;
  let stop: () => Promise<void> = async () => undefined;
  if (process.env.DATABASE_URL) {
    url = process.env.DATABASE_URL;
  } else {
    const dir = process.env.STRIDE_BENCH_DIR ?? join(REPO_ROOT, '.data', 'bench');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const db = await startEmbeddedPostgres(dir, { persistent: true });
    await ensureDatabaseExists(db.adminUrl, 'bench');
    url = withDatabase(db.adminUrl, 'bench');
    stop = db.stop;
  }
  await migrate(url);
  const sql = new pg.Pool({ connectionString: url, max: 2 });

  const existing = await sql.query<{ id: string; episodes: number; email: string }>(
    `SELECT c.id, (SELECT count(*)::int FROM episodes e WHERE e.clinic_id = c.id) AS episodes,
            (SELECT email FROM users u WHERE u.clinic_id = c.id AND 'admin' = ANY(u.roles) LIMIT 1) AS email
       FROM clinics c WHERE c.name IN ('Chain clinic 1', 'Chain clinic 2') ORDER BY c.name`,
  );
  let targets = existing.rows.map((r) => ({ id: r.id, episodes: r.episodes, adminEmail: r.email }));
  if (targets.length < 2 || targets.some((t) => t.episodes === 0)) {
    if (targets.length)
      throw new Error('a half-built chain is in the bench database: delete .data/bench and run again');
    console.log('building the chain (50 clinics, 100,000 patients, 150,000 episodes, 600,000 visits)…');
    const t0 = Date.now();
    const chain = await buildChain(sql, (line) => console.log(`  ${line}`));
    const s0 = Date.now();
    const asManager = {
      query: async (q: string, p?: unknown[]) => (await sql.query(q, p)).rows,
    } as unknown as EntityManager;
    const n = await rebuildEpisodeSummaries(asManager);
    console.log(`summaries of ${n} episodes rebuilt in ${((Date.now() - s0) / 1000).toFixed(0)} s`);
    console.log(`chain built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    targets = [chain[1], chain[0]].sort((a, b) => a.episodes - b.episodes);
  } else {
    console.log('chain present; reusing it');
  }
  const counts = await sql.query(
    `SELECT (SELECT count(*) FROM clinics WHERE name LIKE 'Chain clinic %') AS clinics,
            (SELECT count(*) FROM patients) AS patients, (SELECT count(*) FROM episodes) AS episodes,
            (SELECT count(*) FROM visits WHERE status = 'signed') AS visits`,
  );
  console.log('database:', counts.rows[0]);
  if (seedOnly) {
    await sql.end();
    await stop();
    return;
  }

  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      CONSOLE_DIR: 'none',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      STRIDE_DATA_DIR: mkdtempSync(join(tmpdir(), 'stride-bench-data-')),
    }),
    loginMaxFailuresPerAddress: 100000,
  };
  const app = await createApp(config, url);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;

  console.log(
    `\nGET /api/v1/analytics/outcomes (default filters: last 365 days) — ${ROUNDS} sequential requests each`,
  );
  console.log('clinic                 | episodes in filter |  p50 ms |  p95 ms | target p50');
  for (const clinic of targets) {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: clinic.adminEmail, password: CHAIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < ROUNDS + 3; i++) {
      const s = process.hrtime.bigint();
      const res = await fetch(`${base}/analytics/outcomes`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      const body = (await res.json()) as { episodes: { total: number } };
      if (res.status !== 200) throw new Error(`analytics answered ${res.status}`);
      if (i >= 3) times.push(Number(process.hrtime.bigint() - s) / 1e6);
      total = body.episodes.total;
    }
    times.sort((a, b) => a - b);
    const target = clinic.episodes > 10_000 ? 400 : 100;
    console.log(
      `${`${clinic.episodes.toLocaleString('en')}-episode clinic`.padEnd(23)}| ${String(total).padStart(18)} | ${percentile(times, 50).toFixed(0).padStart(7)} | ${percentile(times, 95).toFixed(0).padStart(7)} | < ${target} ms`,
    );
  }
  await app.close();
  await sql.end();
  await stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
