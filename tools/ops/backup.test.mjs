#!/usr/bin/env node
// Backups, end to end (SPEC §14, issue 13 item 5), on real PostgreSQL 15 servers:
//   source cluster: owner role `stride` (not superuser), a password with URL-special characters;
//   migrate, seed the demo clinic, then through the API sign up a clinic, chart and sign a visit;
//   `npm run backup` (audit events sealed first, default path under STRIDE_DATA_DIR);
//   target cluster: a fresh server without `stride_app`, owner role `clinic_owner`, empty database;
//   `npm run restore -- FILE`, then: `audit:verify` passes with the same head, the signed visits
//   (ids and content hash) are identical, every table's row count is equal, row-level security is
//   still enabled and forced with the same policies and grants, and the API starts on the restored
//   database and serves the signed visit. Then the failing case: a restore into the non-empty
//   database exits 1 and changes nothing.
// Needs Debian's PostgreSQL 15 (`apt-get install postgresql`); everything listens on 127.0.0.1
// and is stopped and removed at the end, also on failure.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(ROOT, 'backend', 'package.json'));
const pg = require('pg');
const PGBIN = '/usr/lib/postgresql/15/bin';

let failures = 0;
const out = (line = '') => process.stdout.write(`${line}\n`);
function check(ok, what, detail = '') {
  out(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}
function fatal(sentence) {
  process.stderr.write(`backup test: ${sentence}\n`);
  process.exit(1);
}

if (!existsSync(join(PGBIN, 'pg_ctl'))) {
  fatal(
    `PostgreSQL 15 server binaries are missing in ${PGBIN}; install them with apt-get install postgresql`,
  );
}

// ---------------------------------------------------------------------------------------------
// Clean-up on every way out
const cleanups = [];
process.on('exit', () => {
  for (const f of cleanups.splice(0).reverse()) {
    try {
      f();
    } catch {
      // best effort
    }
  }
});
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(sig, () => process.exit(code));
}

const isRoot = process.getuid?.() === 0;
const work = mkdtempSync(join(tmpdir(), 'stride-backup-test-'));
chmodSync(work, 0o755);
cleanups.push(() => rmSync(work, { recursive: true, force: true }));

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function asPostgres(bin, args) {
  if (!isRoot) return execFileSync(join(PGBIN, bin), args, { stdio: 'pipe' });
  const cmd = [join(PGBIN, bin), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe' });
}

/** A throwaway PostgreSQL 15 cluster with scram logins, a superuser and one owner role. */
async function cluster(name, owner, ownerPassword, database) {
  const dir = join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  const superPassword = `super-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
  writeFileSync(join(dir, 'pw'), superPassword);
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pw'), uid, gid);
  }
  asPostgres('initdb', [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '-A',
    'scram-sha-256',
    `--pwfile=${join(dir, 'pw')}`,
    '--encoding=UTF8',
    '--locale=C.UTF-8',
  ]);
  const port = await freePort();
  asPostgres('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
  ]);
  cleanups.push(() => asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']));
  const superUrl = `postgres://postgres:${superPassword}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD ${admin.escapeLiteral(ownerPassword)}`);
  await admin.query(`CREATE DATABASE ${database} OWNER ${owner}`);
  await admin.end();
  const enc = encodeURIComponent;
  return {
    port,
    ownerUrl: `postgres://${owner}:${enc(ownerPassword)}@127.0.0.1:${port}/${database}`,
    superUrl: `postgres://postgres:${superPassword}@127.0.0.1:${port}/${database}`,
  };
}

function npm(args, env, { allowFail = false } = {}) {
  const r = spawnSync('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0 && !allowFail) {
    fatal(
      `npm ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
  return r;
}

async function withDb(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Everything the restore must carry over, read as the superuser (sees every row). */
function fingerprint(url) {
  return withDb(url, async (c) => {
    const tables = (
      await c.query(
        `SELECT relname FROM pg_class WHERE relkind IN ('r','p') AND relnamespace = 'public'::regnamespace ORDER BY 1`,
      )
    ).rows.map((r) => r.relname);
    const counts = {};
    for (const t of tables)
      counts[t] = (await c.query(`SELECT count(*)::int AS n FROM public."${t}"`)).rows[0].n;
    const signed = (
      await c.query(
        `SELECT id::text, encode(sha256(convert_to(row_to_json(v)::text, 'UTF8')), 'hex') AS h
           FROM visits v WHERE status = 'signed' ORDER BY id`,
      )
    ).rows.map((r) => `${r.id}:${r.h}`);
    const rls = (
      await c.query(
        `SELECT relname || ':' || relrowsecurity || ':' || relforcerowsecurity AS x FROM pg_class
          WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY relname`,
      )
    ).rows.map((r) => r.x);
    // Policies, with the owner's own role written as OWNER (it may differ between servers).
    const policies = (
      await c.query(
        `SELECT p.tablename || ':' || p.policyname || ':' || p.cmd || ':' ||
                array_to_string(ARRAY(SELECT CASE WHEN r::text = t.tableowner THEN 'OWNER' ELSE r::text END
                                        FROM unnest(p.roles) r), ',') || ':' ||
                coalesce(p.qual, '') || ':' || coalesce(p.with_check, '') AS x
           FROM pg_policies p JOIN pg_tables t ON t.schemaname = p.schemaname AND t.tablename = p.tablename
          WHERE p.schemaname = 'public' ORDER BY 1`,
      )
    ).rows.map((r) => r.x);
    const grants = (
      await c.query(
        `SELECT table_name || ':' || string_agg(privilege_type, ',' ORDER BY privilege_type) AS x
           FROM information_schema.role_table_grants WHERE grantee = 'stride_app' GROUP BY table_name ORDER BY 1`,
      )
    ).rows.map((r) => r.x);
    const functions = (
      await c.query(
        `SELECT p.proname || ':' || p.prosecdef || ':' || has_function_privilege('stride_app', p.oid, 'EXECUTE') AS x
           FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1`,
      )
    ).rows.map((r) => r.x);
    const triggers = (
      await c.query(
        `SELECT tgrelid::regclass || ':' || tgname AS x FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
      )
    ).rows.map((r) => r.x);
    const migrations = (await c.query(`SELECT name FROM schema_migrations ORDER BY id`)).rows.map(
      (r) => r.name,
    );
    const head = (
      await c.query(`SELECT last_pos || ':' || encode(last_hash, 'hex') AS x FROM audit_chain_head`)
    ).rows[0].x;
    return { tables, counts, signed, rls, policies, grants, functions, triggers, migrations, head };
  });
}

// ---------------------------------------------------------------------------------------------
// The API as a child process
async function startApi(databaseUrl, dataDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'backend', 'dist', 'main.js')], {
    cwd: join(ROOT, 'backend'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      DATABASE_APP_PASSWORD: 'restore-test-app-password-0123',
      JWT_SECRET: 'backup-test-secret-that-is-long-enough-0123456789',
      STRIDE_DATA_DIR: dataDir,
      CONSOLE_DIR: 'none',
      SEED_DEMO: 'false',
      PORT: String(port),
      AUDIT_SEAL_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  const exited = new Promise((r) => child.on('exit', r));
  cleanups.push(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null)
      fatal(`the API exited on start: ${log.trim().split('\n').slice(-5).join(' | ')}`);
    try {
      const r = await fetch(`${base}/api/v1/health/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
    if (i === 299)
      fatal(`the API did not become ready in 30 s: ${log.trim().split('\n').slice(-5).join(' | ')}`);
  }
  return {
    base,
    async call(method, path, token, body) {
      const r = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: r.status, body: json };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function expectStatus(res, status, what) {
  if (res.status !== status)
    fatal(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

// ---------------------------------------------------------------------------------------------
out('backup test: building the API');
npm(['run', 'build', '-w', 'backend'], {});

const source = await cluster('source', 'stride', 'p@ss/w#rd:1', 'stride');
out(`source PostgreSQL 15 on 127.0.0.1:${source.port} (owner "stride", not superuser)`);
const dataDir = join(work, 'data');
const env = { DATABASE_URL: source.ownerUrl, STRIDE_DATA_DIR: dataDir, NODE_ENV: 'development' };
npm(['run', 'migrate', '-w', 'backend'], env);
npm(['run', 'seed', '-w', 'backend'], env);

// Data written through the API, as a clinic would: these audit events stay unsealed (the API's
// sealer is off), so the backup must seal them.
const api = await startApi(source.ownerUrl, dataDir);
const signup = expectStatus(
  await api.call('POST', '/auth/signup', null, {
    clinicName: 'Backup Test Clinic',
    fullName: 'Ada Owner',
    email: `owner-${Date.now()}@backup-test.example`,
    password: 'correct horse battery',
  }),
  201,
  'signup',
);
const token = signup.accessToken;
const patient = expectStatus(
  await api.call('POST', '/patients', token, {
    firstName: 'Zoë',
    lastName: 'Łukasz-Runner',
    dateOfBirth: '1990-05-01',
    sex: 'female',
  }),
  201,
  'create patient',
);
// Started yesterday (the clinic's zone is UTC), so the visit an hour ago is never before the
// start, even just after midnight.
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const episode = expectStatus(
  await api.call('POST', `/patients/${patient.id}/episodes`, token, {
    diagnosisCode: 'M76.31',
    diagnosisLabel: 'Iliotibial band syndrome, right leg',
    bodySide: 'right',
    startDate: yesterday,
  }),
  201,
  'create episode',
);
const visit = expectStatus(
  await api.call('POST', `/episodes/${episode.id}/visits`, token, {
    visitDate: new Date(Date.now() - 3600_000).toISOString(),
    visitType: 'initial_evaluation',
    subjective: 'Lateral knee pain after 5 km; “worse downhill”.',
    measurements: [{ instrument: 'nprs_activity', value: 6 }],
  }),
  201,
  'create visit',
);
expectStatus(await api.call('POST', `/visits/${visit.id}/sign`, token), 200, 'sign visit');
const signedView = expectStatus(
  await api.call('GET', `/visits/${visit.id}`, token),
  200,
  'read signed visit',
);
await api.stop();

const unsealedBefore = await withDb(source.superUrl, async (c) =>
  Number((await c.query(`SELECT count(*) FROM audit_events WHERE chain_pos IS NULL`)).rows[0].count),
);
check(unsealedBefore > 0, `the source holds audit events not sealed yet (${unsealedBefore})`);

// --- backup ------------------------------------------------------------------------------------
const backupRun = npm(['run', 'backup'], env);
const written = /backup written: (\S+)/.exec(backupRun.stdout)?.[1];
check(Boolean(written), 'npm run backup prints the path it wrote', backupRun.stdout);
if (!written) process.exit(1);
check(
  written.startsWith(join(dataDir, 'backups', 'stride-')) && /stride-\d{8}T\d{6}Z\.dump$/.test(written),
  `the default path is <data dir>/backups/stride-<UTC time>.dump (${written})`,
);
check((statSync(written).mode & 0o077) === 0, 'the backup file is readable by its owner only');
const before = await fingerprint(source.superUrl);
check(
  backupRun.stdout.includes(`sealed ${unsealedBefore} pending`),
  `backup says it sealed the ${unsealedBefore} pending events`,
);
const unsealedAfter = await withDb(source.superUrl, async (c) =>
  Number((await c.query(`SELECT count(*) FROM audit_events WHERE chain_pos IS NULL`)).rows[0].count),
);
check(unsealedAfter === 0, 'backup sealed the pending audit events first');
check(
  backupRun.stdout.includes(`audit chain head ${before.head}`),
  `backup prints the chain head (${before.head})`,
);
check(
  before.signed.length > 1 && before.signed.some((s) => s.startsWith(visit.id)),
  `source has ${before.signed.length} signed visits, the API's among them`,
);

const again = npm(['run', 'backup', '-w', 'backend', '--', '--out', written], env, { allowFail: true });
check(
  again.status === 1 && /already exists/.test(again.stderr),
  'backup refuses to overwrite a file',
  again.stderr,
);

// --- restore into a fresh server ---------------------------------------------------------------
const target = await cluster('target', 'clinic_owner', 'another:p@ss word', 'stride_restored');
out(`target PostgreSQL 15 on 127.0.0.1:${target.port} (owner "clinic_owner", no stride_app yet)`);
const targetEnv = { DATABASE_URL: target.ownerUrl, STRIDE_DATA_DIR: dataDir, NODE_ENV: 'development' };
const restoreRun = npm(['run', 'restore', '--', written], targetEnv, { allowFail: true });
check(
  restoreRun.status === 0,
  'npm run restore exits 0',
  restoreRun.stderr.trim().split('\n').slice(-3).join(' | '),
);
check(/created the role stride_app/.test(restoreRun.stdout), 'restore created the missing API role');

const after = await fingerprint(target.superUrl);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
check(same(before.tables, after.tables), `same tables (${after.tables.length})`);
const differing = before.tables.filter((t) => before.counts[t] !== after.counts[t]);
check(
  differing.length === 0,
  'every table has the same row count',
  differing.map((t) => `${t} ${before.counts[t]}→${after.counts[t]}`).join(', '),
);
check(
  same(before.signed, after.signed),
  `the same ${after.signed.length} signed visits, each with the same content hash`,
);
check(same(before.rls, after.rls), 'row-level security enabled and forced on the same tables');
check(after.rls.filter((x) => x.endsWith(':true:true')).length >= 13, 'tenant tables still have RLS forced');
check(
  same(before.policies, after.policies),
  `the same ${after.policies.length} policies (owner_maintenance for the new owner)`,
);
check(same(before.grants, after.grants), 'the same grants to stride_app');
check(same(before.functions, after.functions), 'the same functions, SECURITY DEFINER and EXECUTE grants');
check(
  same(before.triggers, after.triggers),
  'the same triggers (signed visits immutable, audit append-only)',
);
check(
  same(before.migrations, after.migrations),
  `the migrations table is intact (${after.migrations.length})`,
);
const role = await withDb(
  target.superUrl,
  async (c) =>
    (await c.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'stride_app'`)).rows[0],
);
check(role && !role.rolsuper && !role.rolbypassrls, 'stride_app is neither superuser nor BYPASSRLS');

const verify = npm(['run', 'audit:verify', '-w', 'backend', '--', '--expect-head', before.head], targetEnv, {
  allowFail: true,
});
check(
  verify.status === 0 && verify.stdout.includes('audit chain intact'),
  'audit:verify passes on the restored database with the head recorded at backup',
  verify.stdout.trim().split('\n').slice(-3).join(' | '),
);

// The API starts on the restored database and serves the signed visit.
const restoredApi = await startApi(target.ownerUrl, dataDir);
const login = expectStatus(
  await restoredApi.call('POST', '/auth/login', null, {
    email: signup.user.email,
    password: 'correct horse battery',
  }),
  200,
  'sign-in on the restored database',
);
const served = await restoredApi.call('GET', `/visits/${visit.id}`, login.accessToken);
check(
  served.status === 200 && served.body.status === 'signed',
  'the API on the restored database serves the signed visit',
);
const strip = ({ requestId: _r, ...rest }) => rest;
check(
  same(strip(served.body), strip(signedView)),
  'the served visit is exactly what was signed before the backup',
);
const demo = await restoredApi.call('POST', '/auth/login', null, {
  email: 'owner@stride-demo.example',
  password: 'stride-demo-2026',
});
check(demo.status === 200, 'the demo clinic signs in on the restored database');
await restoredApi.stop();

// --- the failing case: a database that holds tables ---------------------------------------------
const beforeRefusal = await fingerprint(target.superUrl);
const refused = npm(['run', 'restore', '-w', 'backend', '--', written], targetEnv, { allowFail: true });
check(refused.status === 1, `restore into a non-empty database exits 1 (got ${refused.status})`);
check(
  /restore refused: .* already holds \d+ table/.test(refused.stderr),
  'it says why in one sentence',
  refused.stderr.trim().split('\n').pop(),
);
check(same(beforeRefusal, await fingerprint(target.superUrl)), 'and changes nothing');
const missing = npm(['run', 'restore', '-w', 'backend', '--', join(work, 'no-such.dump')], targetEnv, {
  allowFail: true,
});
check(
  missing.status === 1 && /is not a file/.test(missing.stderr),
  'restore of a missing file exits 1 with a sentence',
);

out(failures ? `backup test: ${failures} check(s) FAILED` : 'backup test: all checks passed');
process.exit(failures ? 1 : 0);
