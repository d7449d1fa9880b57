#!/usr/bin/env node
// `npm run scale-out` — Stride scaled out on real parts, on one machine, loopback only (SPEC §14):
// a PostgreSQL 15 primary and a streaming replica, PgBouncer in transaction mode, 3 API processes
// behind nginx (round robin, no stickiness). It proves and prints:
//   1. throughput of the same load with 1 and with 3 API processes behind the same nginx;
//   2. an API process SIGKILLed under load: every acknowledged write stored exactly once, nothing
//      stored twice, clients saw only retriable failures; the process restarts and rejoins;
//   3. sign-in throttling counted once across the processes, and a revoked session refused by
//      every process;
//   4. DATABASE_READ_URL: with the replica's replay paused, analytics (from the replica) miss a
//      visit signed meanwhile, the CSV export (it waited ~2 s, then read the primary) holds it;
//      after resume analytics show it; the audit events of those reads are on the primary.
//
//   npm run scale-out                       (people: 20 s loads, 16 clients)
//   npm run scale-out -- --check            (CI: short loads; exit 1 naming each broken guarantee)
//   npm run scale-out -- --seconds 60 --clients 32 --keep
//
// Needs Debian's postgresql (15), pgbouncer and nginx-light. Every part is a child process on
// 127.0.0.1 at a free port, stopped at the end — also on failure and on Ctrl-C.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, runLoad, send } from './load.mjs';
import {
  ApiProcess,
  Cleanups,
  findBinaries,
  freePort,
  Nginx,
  prepareAppRole,
  ScaleOutError,
  sleep,
  startDatabases,
  startPgBouncer,
  withClient,
} from './parts.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_PROCESSES = 3;
const LOGIN_LIMIT = 4;
const DB_POOL_SIZE = 10;
/** Connections to the replica, and as many to the primary for reads that fall back (i13-read). */
const DB_READ_POOL_SIZE = 3;

function parseArgs(argv) {
  const o = { check: false, keep: false, seconds: undefined, clients: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const number = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 600)
        throw new ScaleOutError(`${a} wants a whole number 1–600`);
      return v;
    };
    if (a === '--check') o.check = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--seconds') o.seconds = number();
    else if (a === '--clients') o.clients = number();
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run scale-out -- [--check] [--seconds N] [--clients N] [--keep]\n');
      process.exit(0);
    } else throw new ScaleOutError(`unknown option ${a} (see --help)`);
  }
  o.seconds ??= o.check ? 8 : 20;
  o.clients ??= 16;
  return o;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const broken = [];
/** Ctrl-C or SIGTERM: the handler stops every part and exits; the run's own ending is ignored. */
let interrupted = false;
function guarantee(ok, sentence, detail = '') {
  out(`${ok ? 'ok  ' : 'FAIL'} ${sentence}${!ok && detail ? ` — ${detail}` : ''}`);
  if (!ok) broken.push(sentence);
}

/** The newest modification time under `dir` (files only). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the API (as `npm start` would) when backend/dist is missing or older than its sources. */
function buildIfStale() {
  const main = join(ROOT, 'backend', 'dist', 'main.js');
  const sources = Math.max(
    newest(join(ROOT, 'backend', 'src')),
    newest(join(ROOT, 'libs', 'clinical', 'src')),
    statSync(join(ROOT, 'backend', 'package.json')).mtimeMs,
  );
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  out('building the API (backend/dist is missing or older than its sources)');
  const r = spawnSync('npm', ['run', 'build', '-w', 'backend'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new ScaleOutError(
      `npm run build -w backend failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
}

function migrate(ownerUrl, work) {
  const r = spawnSync(process.execPath, [join(ROOT, 'backend', 'dist', 'setup', 'cli.js'), 'migrate'], {
    cwd: join(ROOT, 'backend'),
    env: {
      ...process.env,
      DATABASE_URL: ownerUrl,
      NODE_ENV: 'development',
      STRIDE_DATA_DIR: join(work, 'cli'),
    },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new ScaleOutError(
      `the migrations failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
}

const reasons = (r) => [...r.retries.entries()].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');

function table(rows) {
  const head = ['run', 'req/s', 'p50 ms', 'p99 ms', 'ops', 'writes acked', 'retries', 'errors'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.rps, 1),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    String(r.ops),
    String(r.acks.length),
    String(r.retried),
    String(r.errors.length),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  out(line(head));
  for (const b of body) out(line(b));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const binaries = findBinaries();
  buildIfStale();

  const cleanups = new Cleanups();
  const stop = async (code) => {
    if (interrupted) return;
    interrupted = true;
    await cleanups.run();
    process.exit(code);
  };
  process.on('SIGINT', () => {
    out('\ninterrupted: stopping every part');
    void stop(130);
  });
  process.on('SIGTERM', () => void stop(143));

  const work = mkdtempSync(join(tmpdir(), 'stride-scale-out-'));
  chmodSync(work, 0o755);
  if (!opts.keep) cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  try {
    await run(opts, binaries, work, cleanups);
  } catch (err) {
    await cleanups.run();
    throw err;
  }
  await cleanups.run();
  if (opts.keep) out(`kept ${work}`);
}

async function run(opts, binaries, work, cleanups) {
  const log = (line) => out(`  ${line}`);
  out(
    `scale-out: ${opts.check ? 'check mode, ' : ''}${opts.clients} clients, ${opts.seconds} s per load, in ${work}`,
  );

  // --- databases, PgBouncer ---------------------------------------------------------------------
  const db = await startDatabases(ROOT, work, cleanups, log);
  migrate(db.ownerUrl, work);
  log('migrations applied once, on the primary, as the owner');
  const verifier = await prepareAppRole(ROOT, db);
  // Every client connection an API process may open through PgBouncer, with room to spare; the
  // primary gets at most one server connection per API pool connection.
  const clientConnections = API_PROCESSES * (DB_POOL_SIZE + 2 * DB_READ_POOL_SIZE);
  const sizes = {
    poolSize: API_PROCESSES * (DB_POOL_SIZE + DB_READ_POOL_SIZE),
    maxClientConn: clientConnections * 2,
  };
  const bouncer = await startPgBouncer(binaries.pgbouncer, db, verifier, sizes, cleanups, log);
  const appUrl = `postgres://stride_app:${db.passwords.app}@127.0.0.1:${bouncer.port}/stride`;
  // The replica through PgBouncer too (database `stride_read`): its connections are bounded and
  // pooled like the primary's, and the read path (one REPEATABLE READ snapshot, no session state)
  // is proven under transaction pooling — the way a deployment with a pooler would run it.
  const readUrl = `postgres://stride_app:${db.passwords.app}@127.0.0.1:${bouncer.port}/stride_read`;

  // --- API processes ------------------------------------------------------------------------------
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: db.ownerUrl,
    DATABASE_APP_URL: appUrl,
    DATABASE_READ_URL: readUrl,
    DB_PREPARED_STATEMENTS: 'false',
    DB_POOL_SIZE: String(DB_POOL_SIZE),
    DB_READ_POOL_SIZE: String(DB_READ_POOL_SIZE),
    MIGRATE_ON_START: 'false',
    SEED_DEMO: 'false',
    // nginx is the one trusted hop (it replaces X-Forwarded-For with the client's address).
    TRUST_PROXY: '1',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    CONSOLE_DIR: 'none',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    STRIDE_DATA_DIR: join(work, 'api'),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: String(LOGIN_LIMIT),
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    LOAD_SHED_MAX_IN_FLIGHT: '1000',
    // One access token serves the whole load (--seconds is at most 600, four loads).
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };
  const apis = [];
  for (let i = 0; i < API_PROCESSES; i++) apis.push(new ApiProcess(ROOT, i, await freePort(), env));
  cleanups.add(() => Promise.all(apis.map((a) => a.stop())));
  await Promise.all(apis.map((a) => a.start()));
  log(
    `${API_PROCESSES} API processes on ${apis.map((a) => a.port).join(', ')} (NODE_ENV=production, PgBouncer, DB_PREPARED_STATEMENTS=false)`,
  );
  const addr = (api) => `127.0.0.1:${api.port}`;

  // --- nginx, first with one process ---------------------------------------------------------------
  mkdirSync(join(work, 'nginx'), { recursive: true });
  const nginx = new Nginx(binaries.nginx, join(work, 'nginx'), await freePort());
  await nginx.start(
    apis.map((a) => a.port),
    cleanups,
  );
  const base = `http://127.0.0.1:${nginx.port}`;
  log(`nginx on ${base} (round robin, no stickiness)`);

  // --- a clinic and some patients to read ---------------------------------------------------------
  const password = 'scale-out correct horse';
  const signup = await send(base, 'POST', '/auth/signup', {
    body: {
      clinicName: 'Scale-out Clinic',
      fullName: 'Sam Load',
      email: `load-${Date.now()}@scale-out.example`,
      password,
    },
  });
  if (signup.res.status !== 201)
    throw new ScaleOutError(`sign-up through nginx failed: ${describe('POST /auth/signup', signup.res)}`);
  const owner = signup.res.body;
  const token = owner.accessToken;
  const patientIds = [];
  for (let i = 0; i < 40; i++) {
    const r = await send(base, 'POST', '/patients', {
      token,
      body: { firstName: 'Chart', lastName: `Reader-${i}`, dateOfBirth: '1975-06-07', sex: 'male' },
    });
    if (r.res.status !== 201)
      throw new ScaleOutError(`creating a patient failed: ${describe('POST /patients', r.res)}`);
    patientIds.push(r.res.body.id);
  }

  const runTag = randomBytes(3).toString('hex');
  const load = (name, tag, events) =>
    runLoad({
      base,
      token,
      patientIds,
      clients: opts.clients,
      seconds: opts.seconds,
      tag: `${runTag}${tag}`,
      events,
    }).then((r) => ({ ...r, name }));

  // --- 1. throughput: 1 and 3 processes ------------------------------------------------------------
  out('\n1. throughput, the same load through the same nginx (70% reads, 30% idempotent writes)');
  // Warm every process up first (not measured), so neither figure pays for a cold start.
  const warm = await runLoad({
    base,
    token,
    patientIds,
    clients: opts.clients,
    seconds: 3,
    tag: `${runTag}w`,
  }).then((r) => ({ ...r, name: 'warm-up' }));
  // In the order 1, 3, 3, 1, so that drift over the run (more rows, a warmer cache, another
  // program on the machine) weighs on both figures alike; the ratio is of the two sums.
  await nginx.reload([apis[0].port]);
  const one = await load('1 API process', 'a');
  await nginx.reload(apis.map((a) => a.port));
  const three = await load(`${API_PROCESSES} API processes`, 'b');
  const threeAgain = await load(`${API_PROCESSES} API processes`, 'c');
  await nginx.reload([apis[0].port]);
  const oneAgain = await load('1 API process', 'd');
  await nginx.reload(apis.map((a) => a.port));
  const spread = apis.map(
    (a) => (three.upstreams.get(addr(a)) ?? 0) + (threeAgain.upstreams.get(addr(a)) ?? 0),
  );
  const measured = [one, three, threeAgain, oneAgain];

  // --- 2. kill one process under load ---------------------------------------------------------------
  out(`\n2. SIGKILL of API process 2 at 30% of a ${opts.seconds} s load, restarted at 60%`);
  const victim = apis[1];
  let restartedAt = Infinity;
  let killedAt = Infinity;
  let killedBy;
  let servedWhileDead = 0;
  let servedAfterRestart = 0;
  const kill = await runLoad({
    base,
    token,
    patientIds,
    clients: opts.clients,
    seconds: opts.seconds,
    tag: `${runTag}k`,
    onUpstream: (up) => {
      if (up !== addr(victim)) return;
      if (Date.now() > restartedAt) servedAfterRestart++;
      // (an answer nginx had already received may reach its client just after the kill)
      else if (Date.now() > killedAt + 500) servedWhileDead++;
    },
    events: [
      {
        atFraction: 0.3,
        run: async () => {
          killedBy = await victim.kill('SIGKILL');
          killedAt = Date.now();
        },
      },
      {
        atFraction: 0.6,
        run: async () => {
          await victim.start();
          restartedAt = Date.now();
        },
      },
    ],
  }).then((r) => ({ ...r, name: 'kill + restart' }));

  // The restart may finish near the end of the load: give nginx's fail_timeout (2 s) to pass.
  for (let i = 0; i < 60 && servedAfterRestart === 0 && victim.running; i++) {
    const r = await send(base, 'GET', '/health', {}, null, 0);
    if (r.res.headers?.get('x-stride-upstream') === addr(victim)) servedAfterRestart++;
    else await new Promise((res) => setTimeout(res, 100));
  }

  out('');
  table([...measured, kill]);
  const ratio = (three.rps + threeAgain.rps) / (one.rps + oneAgain.rps);
  out(
    `ratio 3/1: ${fmt(ratio, 2)} (2 shared cores run nginx, PgBouncer, PostgreSQL ×2, the load and the APIs)`,
  );
  out(`answers per process with 3: ${spread.join(' / ')}`);
  out('');

  guarantee(
    warm.errors.length === 0,
    'warm-up: clients saw no non-retriable error',
    warm.errors.slice(0, 3).join('; '),
  );
  for (const r of measured) {
    guarantee(
      r.errors.length === 0,
      `${r.name}: clients saw no non-retriable error`,
      r.errors.slice(0, 3).join('; '),
    );
    guarantee(r.acks.length > 0 && r.reads > 0, `${r.name}: reads and writes were served`);
  }
  guarantee(
    spread.every((n) => n > 0) && Math.min(...spread) >= 0.25 * Math.max(...spread),
    'round robin: every process served a fair share of the 3-process load',
    spread.join(' / '),
  );

  guarantee(
    kill.errors.length === 0,
    'kill: clients saw only retriable failures',
    kill.errors.slice(0, 3).join('; '),
  );
  const stored = await withClient(ROOT, db.superUrl, async (c) => {
    const rows = (
      await c.query(
        `SELECT last_name, array_agg(id::text) AS ids FROM patients WHERE last_name LIKE $1 GROUP BY last_name`,
        [`${runTag}%`],
      )
    ).rows;
    return new Map(rows.map((r) => [r.last_name, r.ids]));
  });
  const allAcks = [warm, ...measured, kill].flatMap((r) => r.acks);
  const missing = allAcks.filter((a) => !stored.has(a.lastName));
  const wrongId = allAcks.filter((a) => stored.has(a.lastName) && stored.get(a.lastName)[0] !== a.id);
  const twice = [...stored.entries()].filter(([, ids]) => ids.length > 1);
  guarantee(
    missing.length === 0 && wrongId.length === 0,
    `every acknowledged write (${allAcks.length}) is stored, with the id the client was given`,
    `${missing.length} missing, ${wrongId.length} with another id`,
  );
  guarantee(
    twice.length === 0,
    'nothing is stored twice (acknowledged or not)',
    twice
      .slice(0, 3)
      .map(([n]) => n)
      .join(', '),
  );
  const unacked = [warm, ...measured, kill].flatMap((r) => r.unacknowledged);
  const unackedStored = unacked.filter((u) => stored.has(u.lastName)).length;
  for (const r of measured) {
    if (r.retried > 0) out(`     ${r.name}: ${r.retried} retries (${reasons(r)})`);
  }
  out(
    `     kill run: ${kill.retried} retries (${reasons(kill)}), ` +
      `${unacked.length} writes left unacknowledged (${unackedStored} of them stored once)`,
  );
  guarantee(
    killedBy === 'SIGKILL' && servedWhileDead === 0,
    'kill: process 2 died of SIGKILL mid-run and answered nothing until its restart',
    `exit ${killedBy}, ${servedWhileDead} answers while dead`,
  );
  guarantee(
    victim.running && servedAfterRestart > 0,
    `the restarted process rejoined (${servedAfterRestart} answers after its restart)`,
  );

  // --- 3. sign-in throttling and revocation across processes ----------------------------------------
  out(
    `\n3. sign-in throttling (LOGIN_MAX_FAILURES_PER_ACCOUNT=${LOGIN_LIMIT}) and token revocation across processes`,
  );
  const email = `throttle-${Date.now()}@scale-out.example`;
  const s2 = await send(base, 'POST', '/auth/signup', {
    body: { clinicName: 'Throttle Clinic', fullName: 'Tia Throttle', email, password },
  });
  if (s2.res.status !== 201)
    throw new ScaleOutError(`sign-up failed: ${describe('POST /auth/signup', s2.res)}`);
  const failures = [];
  for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
    const r = await send(
      base,
      'POST',
      '/auth/login',
      { body: { email, password: `wrong password ${i}` } },
      null,
      0,
    );
    failures.push({
      status: r.res.status,
      up: r.res.headers?.get('x-stride-upstream'),
      retryAfter: r.res.headers?.get('retry-after'),
    });
  }
  const right = await send(base, 'POST', '/auth/login', { body: { email, password } }, null, 0);
  const statuses = failures.map((f) => f.status);
  out(`     wrong passwords: ${statuses.join(' ')}; then the right one: ${right.res.status}`);
  out(`     answered by: ${failures.map((f) => f.up).join(' ')}`);
  guarantee(
    statuses.slice(0, LOGIN_LIMIT).every((s) => s === 401) &&
      statuses.slice(LOGIN_LIMIT).every((s) => s === 429),
    `failed sign-ins are refused after exactly ${LOGIN_LIMIT}, spread over the processes`,
    statuses.join(' '),
  );
  guarantee(
    new Set(failures.map((f) => f.up)).size === API_PROCESSES,
    'those sign-ins went to every process',
  );
  guarantee(
    right.res.status === 429 && Boolean(right.res.headers?.get('retry-after')),
    'the locked account is refused (429 with Retry-After) even with the right password',
  );
  const counted = await withClient(ROOT, db.superUrl, async (c) =>
    Number((await c.query(`SELECT count(*) FROM sign_in_failures`)).rows[0].count),
  );
  guarantee(counted === LOGIN_LIMIT, `the failures are counted once in total in PostgreSQL (${counted})`);

  const login = await send(
    base,
    'POST',
    '/auth/login',
    { body: { email: owner.user.email, password } },
    null,
    0,
  );
  if (login.res.status !== 200)
    throw new ScaleOutError(`sign-in failed: ${describe('POST /auth/login', login.res)}`);
  const access = login.res.body.accessToken;
  const cookie = /stride_refresh=[^;]+/.exec(login.res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new ScaleOutError('sign-in set no refresh cookie');
  const everyProcess = async (fn) => {
    const seen = new Map();
    for (let i = 0; i < API_PROCESSES * 2; i++) {
      const r = await fn();
      seen.set(r.res.headers?.get('x-stride-upstream'), r.res.status);
    }
    return seen;
  };
  const before = await everyProcess(() => send(base, 'GET', '/me', { token: access }, null, 0));
  guarantee(
    [...before.values()].every((s) => s === 200) && before.size === API_PROCESSES,
    'the access token works on every process before sign-out',
  );
  const logout = await send(base, 'POST', '/auth/logout', { token: access, cookie }, null, 0);
  const signedOutOn = logout.res.headers?.get('x-stride-upstream');
  guarantee(logout.res.status === 204, `sign-out through ${signedOutOn} answers 204`);
  const meAfter = await everyProcess(() => send(base, 'GET', '/me', { token: access }, null, 0));
  const refreshAfter = await everyProcess(() => send(base, 'POST', '/auth/refresh', { cookie }, null, 0));
  const others = apis.map(addr).filter((a) => a !== signedOutOn);
  guarantee(
    others.every((a) => meAfter.get(a) === 401) && [...meAfter.values()].every((s) => s === 401),
    'after sign-out the access token is refused (401) by every process, the other two included',
    JSON.stringify([...meAfter.entries()]),
  );
  guarantee(
    others.every((a) => refreshAfter.get(a) === 401) && [...refreshAfter.values()].every((s) => s === 401),
    'after sign-out the refresh cookie is refused (401) by every process, the other two included',
    JSON.stringify([...refreshAfter.entries()]),
  );

  // --- 4. the replica ---------------------------------------------------------------------------------
  await replicaChecks({ base, token, db, guarantee });

  out('');
  if (broken.length > 0) {
    out(`scale-out: ${broken.length} guarantee(s) broken:`);
    for (const b of broken) out(`  - ${b}`);
  } else {
    out('scale-out: every guarantee held');
  }
}

/**
 * 4. Reads from the replica (DATABASE_READ_URL): with the replica's replay paused, a visit signed
 * through nginx is not in analytics (served by the replica) but is in the CSV export (it waited
 * up to 2 s for the replica, then read the primary); once replay resumes analytics shows it; the
 * audit events of those reads are on the primary.
 */
async function replicaChecks({ base, token, db, guarantee }) {
  out('\n4. the streaming replica (DATABASE_READ_URL through PgBouncer)');
  const api = async (method, path, body) => {
    const r = await send(base, method, path, {
      token,
      body,
      key: method === 'POST' ? randomBytes(8).toString('hex') : undefined,
    });
    if (r.res.status >= 300) throw new ScaleOutError(`${method} ${path} failed: ${describe(method, r.res)}`);
    return r.res.body;
  };
  /** A patient with a new episode and one signed visit (it moves the analytics). */
  const signedEpisode = async (name) => {
    const patient = await api('POST', '/patients', {
      firstName: 'Replica',
      lastName: name,
      dateOfBirth: '1988-08-08',
      sex: 'female',
    });
    // Started yesterday, so a visit a minute ago is never before the start, even just after midnight.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const episode = await api('POST', `/patients/${patient.id}/episodes`, {
      diagnosisCode: 'M76.31',
      diagnosisLabel: 'Iliotibial band syndrome, right leg',
      bodySide: 'right',
      startDate: yesterday,
    });
    const visit = await api('POST', `/episodes/${episode.id}/visits`, {
      visitDate: new Date(Date.now() - 60_000).toISOString(),
      visitType: 'initial_evaluation',
      subjective: 'Lateral knee pain after 5 km.',
      measurements: [{ instrument: 'nprs_activity', value: 6 }],
    });
    await api('POST', `/visits/${visit.id}/sign`);
    return episode.id;
  };
  const total = async () => (await api('GET', '/analytics/outcomes')).episodes.total;
  const replayed = async () => {
    const primaryLsn = await withClient(
      ROOT,
      db.superUrl,
      async (c) => (await c.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l,
    );
    for (let i = 0; i < 100; i++) {
      const caught = await withClient(
        ROOT,
        db.replicaSuperUrl,
        async (c) =>
          (await c.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [primaryLsn])).rows[0].ok,
      );
      if (caught) return true;
      await sleep(100);
    }
    return false;
  };
  const onReplica = (sql) => withClient(ROOT, db.replicaSuperUrl, (c) => c.query(sql));

  await signedEpisode('Before-Pause');
  guarantee(await replayed(), 'the replica replays the primary (caught up within 10 s)');
  const before = await total();
  const since = await withClient(
    ROOT,
    db.superUrl,
    async (c) => (await c.query('SELECT now() AS t')).rows[0].t,
  );
  await onReplica('SELECT pg_wal_replay_pause()');
  let resumed = false;
  try {
    let state;
    for (let i = 0; i < 50 && state !== 'paused'; i++) {
      if (i > 0) await sleep(100);
      state = (await onReplica('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s;
    }
    if (state !== 'paused') throw new ScaleOutError(`the replica's replay did not pause in 5 s (${state})`);
    out(`     replica replay: ${state}`);
    const episodeId = await signedEpisode('While-Paused');
    const stale = await total();
    guarantee(
      stale === before,
      `analytics come from the paused replica: still ${before} episodes, not ${before + 1}`,
      `got ${stale}`,
    );

    const t0 = performance.now();
    const csv = await send(base, 'GET', '/analytics/outcomes.csv', { token });
    const csvMs = performance.now() - t0;
    const text = typeof csv.res.body === 'string' ? csv.res.body : JSON.stringify(csv.res.body);
    out(`     CSV export while the replica is paused: ${csv.res.status} in ${fmt(csvMs)} ms`);
    guarantee(
      csv.res.status === 200 && text.includes(episodeId),
      'the CSV export holds the new episode (it read the primary)',
    );
    guarantee(
      csvMs >= 1900 && csvMs < 8000,
      `the export waited about 2 s for the replica before reading the primary (${fmt(csvMs)} ms)`,
    );

    await onReplica('SELECT pg_wal_replay_resume()');
    resumed = true;
    let fresh = stale;
    for (let i = 0; i < 100 && fresh === stale; i++) {
      await sleep(100);
      fresh = await total();
    }
    guarantee(
      fresh === before + 1,
      `after pg_wal_replay_resume() analytics show ${before + 1} episodes`,
      `got ${fresh}`,
    );

    const audit = await withClient(
      ROOT,
      db.superUrl,
      async (c) =>
        (
          await c.query(
            `SELECT action, count(*)::int AS n FROM audit_events
            WHERE at >= $1 AND action IN ('analytics.read', 'analytics.export') GROUP BY action`,
            [since],
          )
        ).rows,
    );
    const n = Object.fromEntries(audit.map((r) => [r.action, r.n]));
    guarantee(
      (n['analytics.read'] ?? 0) >= 2 && (n['analytics.export'] ?? 0) === 1,
      `the audit events of those reads are on the primary (${n['analytics.read'] ?? 0} analytics.read, ${n['analytics.export'] ?? 0} analytics.export)`,
    );
  } finally {
    if (!resumed) await onReplica('SELECT pg_wal_replay_resume()').catch(() => undefined);
  }
}

main().then(
  () => {
    if (!interrupted) process.exit(broken.length > 0 ? 1 : 0);
  },
  (err) => {
    if (interrupted) return;
    if (err instanceof ScaleOutError) process.stderr.write(`scale-out: ${err.message}\n`);
    else process.stderr.write(`scale-out: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
