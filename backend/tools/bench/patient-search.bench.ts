/**
 * Benchmark: GET /patients?q= on a clinic with 100,000 patients.
 *
 *   npm run bench:search -w backend            (embedded PostgreSQL in a temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:search -w backend
 *
 * Prints p50/p95 of the whole HTTP request (auth, transaction, audit) for several kinds of
 * search, the database time of the search query with its index and without (the baseline:
 * index scans switched off), and the plan's key lines. Loopback only; stops by itself.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { benchDatabase } from './bench-database.js';
import { hashPassword } from '../../src/users/passwords.js';
import { loadConfig } from '../../src/config/config.js';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);

const QUERIES: [string, string][] = [
  ['surname, 5 letters', 'garci'],
  ['accented, folded', 'nunez'],
  ['first + surname', 'sofia mull'],
  ['common fragment (worst)', 'son'],
  ['full MRN', 'P-054321'],
  ['MRN digits', '054321'],
  ['2 letters (no trigram)', 'ku'],
  ['no match', 'zzzzqx'],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const { url, stop } = await benchDatabase();
  const sql = new pg.Pool({ connectionString: url, max: 2 });

  process.stdout.write(`seeding ${PATIENTS.toLocaleString('en')} patients… `);
  const t0 = Date.now();
  const [clinic] = (await sql.query(`INSERT INTO clinics (name) VALUES ('Bench clinic') RETURNING id`))
    .rows as { id: string }[];
  const email = `bench.${Date.now()}@bench.example`;
  const password = 'bench-password-123';
  await sql.query(
    `INSERT INTO users (clinic_id, email, full_name, roles, password_hash) VALUES ($1, $2, 'Bench', '{admin,therapist}', $3)`,
    [clinic.id, email, await hashPassword(password)],
  );
  // Names with a realistic spread: 40 first names (some accented) and ~1,000 surnames built
  // from syllables, so a surname fragment matches tens to hundreds of patients, not thousands.
  await sql.query(
    `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex)
     SELECT $1, 'P-' || lpad(g::text, 6, '0'),
            (ARRAY['Sofía','José','Zoë','Ann','Björn','Chloé','Liam','Priya','Noah','Mia','Ivan','Hana','Olga','Kai',
                   'Renée','Tariq','Amara','Finn','Grace','Hiro','Jonah','Lena','Marco','Nadia','Owen','Rosa','Sam',
                   'Uma','Victor','Wren','Yusuf','Siobhán','Caleb','Dana','Emeka','Freya','Gabriel','Jade','Leo','Pablo'])
              [1 + (g * 7) % 40],
            (ARRAY['Gar','Nú','Mül','Smi','Å','Kowal','Oka','Tana','Ros','Pat','Wal','Che','Jova','Du','Lar','Had','Cos',
                   'Ber','Fis','Hug','Iba','Jen','Lind','Mor','Quin','Sven','Thom','Var','Zim','Yam','Bren','Del'])
              [1 + (g / 40) % 32] ||
            (ARRAY['cía','ñez','ler','th','berg','ski','for','ka','si','el','sh','n','nović','bois','sen','dad','ta',
                   'ger','cher','hes','rra','ssen','qvist','eno','tero','sson','pson','gas','mer','moto','nan'])
              [1 + (g / 1280) % 31],
            date '1950-01-01' + (g % 20000), (ARRAY['female','male','other','unknown'])[1 + g % 4]
       FROM generate_series(1, $2::int) g`,
    [clinic.id, PATIENTS],
  );
  // 1,000 patients in another clinic, so the search also filters by clinic.
  const [otherClinic] = (await sql.query(`INSERT INTO clinics (name) VALUES ('Other') RETURNING id`))
    .rows as {
    id: string;
  }[];
  await sql.query(
    `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex)
     SELECT $1, 'P-' || lpad(g::text, 6, '0'), 'Other', 'García ' || g, date '1980-01-01', 'unknown'
       FROM generate_series(1, 1000) g`,
    [otherClinic.id],
  );
  await sql.query(`ANALYZE patients`);
  process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

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
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };

  console.log(`\nGET /api/v1/patients?q=… — ${ROUNDS} requests each, sequential, loopback, whole HTTP path`);
  console.log('query                      |  hits |  p50 ms |  p95 ms');
  for (const [label, q] of QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < ROUNDS + 5; i++) {
      const started = process.hrtime.bigint();
      const res = await fetch(`${base}/patients?q=${encodeURIComponent(q)}`, { headers });
      const body = (await res.json()) as { total: number };
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200) throw new Error(`search answered ${res.status}`);
      if (i >= 5) times.push(ms); // the first few warm the caches
      total = body.total;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(27)}| ${String(total).padStart(5)} | ${percentile(times, 50).toFixed(1).padStart(7)} | ${percentile(times, 95).toFixed(1).padStart(7)}`,
    );
  }

  // The search statement alone, with its index and with index scans switched off (the baseline).
  const searchSql = `SELECT id FROM patients WHERE clinic_id = $1 AND archived_at IS NULL
      AND search_text LIKE '%' || stride_fold($2) || '%'
    ORDER BY sort_last, sort_first, id LIMIT 25`;
  async function dbTime(q: string, indexes: boolean): Promise<number> {
    const client = await sql.connect();
    try {
      await client.query('BEGIN');
      if (!indexes) await client.query('SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off');
      const times: number[] = [];
      for (let i = 0; i < 25; i++) {
        const s = process.hrtime.bigint();
        await client.query(searchSql, [clinic.id, q]);
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      await client.query('ROLLBACK');
      times.sort((a, b) => a - b);
      return percentile(times, 50);
    } finally {
      client.release();
    }
  }
  console.log('\nsearch statement alone, p50 ms: with index vs. sequential scan (baseline)');
  for (const [label, q] of QUERIES.filter(([l]) => !l.startsWith('2 letters'))) {
    const withIndex = await dbTime(q, true);
    const seq = await dbTime(q, false);
    console.log(
      `${label.padEnd(27)}| ${withIndex.toFixed(2).padStart(7)} | ${seq.toFixed(2).padStart(7)} | ×${(seq / withIndex).toFixed(1)}`,
    );
  }
  const plan = await sql.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${searchSql}`, [clinic.id, 'garci']);
  console.log('\nplan for q=garci:');
  for (const row of plan.rows as { 'QUERY PLAN': string }[]) console.log(`  ${row['QUERY PLAN']}`);

  await app.close();
  await sql.end();
  await stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
