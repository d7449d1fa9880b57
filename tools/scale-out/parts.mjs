// The real parts of the scale-out run (tools/scale-out/scale-out.mjs), each started as a child
// process on 127.0.0.1 at a free port and stopped by the clean-ups registered here: a PostgreSQL 15
// primary and its streaming replica (Debian's binaries), PgBouncer in transaction mode, the API
// processes and nginx. As root the database parts run as `postgres` (PostgreSQL and PgBouncer
// refuse root); otherwise as the current user.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const PGBIN = '/usr/lib/postgresql/15/bin';
const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'];

export class ScaleOutError extends Error {}

const isRoot = process.getuid?.() === 0;
const postgresIds = isRoot
  ? {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    }
  : undefined;

/** The binaries the run needs, or one sentence saying what to install. */
export function findBinaries() {
  const pgbouncer = PGBOUNCER.find((p) => existsSync(p));
  const nginx = NGINX.find((p) => existsSync(p));
  const missing = [];
  if (!existsSync(join(PGBIN, 'pg_ctl')) || !existsSync(join(PGBIN, 'pg_basebackup')))
    missing.push('postgresql');
  if (!pgbouncer) missing.push('pgbouncer');
  if (!nginx) missing.push('nginx-light');
  if (missing.length > 0) {
    throw new ScaleOutError(
      `the scale-out run needs Debian's ${missing.join(' and ')}: install with apt-get install -y ${missing.join(' ')}`,
    );
  }
  if (isRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      throw new ScaleOutError(
        'running as root needs the postgres system user (apt-get install -y postgresql)',
      );
    }
  }
  return { pgbouncer, nginx };
}

/** Runs `fn` at exit, last registered first (also on failure and on Ctrl-C). */
export class Cleanups {
  /** Set once the clean-up began: nothing may be started any more (it would outlive the run). */
  static closing = false;
  #fns = [];
  add(fn) {
    this.#fns.push(fn);
  }
  async run() {
    Cleanups.closing = true;
    for (const fn of this.#fns.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        // best effort: the other parts still get stopped
      }
    }
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A folder the database parts can write: owned by `postgres` when root. */
export function partDir(path) {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (postgresIds) chownSync(path, postgresIds.uid, postgresIds.gid);
  return path;
}

function writePartFile(path, text) {
  writeFileSync(path, text, { mode: 0o600 });
  if (postgresIds) chownSync(path, postgresIds.uid, postgresIds.gid);
}

const quote = (a) => `'${String(a).replace(/'/g, `'\\''`)}'`;

/** argv to run `bin args` as the database user. */
function asDbUser(bin, args) {
  if (!isRoot) return [bin, args];
  return ['su', ['postgres', '-s', '/bin/sh', '-c', `exec ${[bin, ...args].map(quote).join(' ')}`]];
}

function refuseWhenClosing() {
  if (Cleanups.closing) throw new ScaleOutError('stopping: no part is started any more');
}

function runDb(bin, args) {
  if (!args.includes('stop')) refuseWhenClosing();
  const [cmd, argv] = asDbUser(bin, args);
  try {
    return execFileSync(cmd, argv, { stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    const text = `${err.stderr ?? ''}${err.stdout ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    throw new ScaleOutError(`${bin.split('/').pop()} ${args[0] ?? ''} failed: ${text}`);
  }
}

let pgModule;
/** node-postgres from the backend's dependencies. */
export function pg(root) {
  pgModule ??= createRequire(join(root, 'backend', 'package.json'))('pg');
  return pgModule;
}

export async function withClient(root, url, fn) {
  const client = new (pg(root).Client)({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const secret = () => randomBytes(18).toString('base64url');

/**
 * PostgreSQL 15 primary (wal_level=replica, replication from 127.0.0.1) and a streaming replica
 * made with pg_basebackup -R. Logins are scram over TCP only.
 */
export async function startDatabases(root, work, cleanups, log) {
  const dir = partDir(join(work, 'pg'));
  const passwords = { postgres: secret(), replicator: secret(), owner: secret(), app: secret() };
  writePartFile(join(dir, 'pw'), passwords.postgres);
  runDb(join(PGBIN, 'initdb'), [
    '-D',
    join(dir, 'primary'),
    '-U',
    'postgres',
    '-A',
    'scram-sha-256',
    `--pwfile=${join(dir, 'pw')}`,
    '--encoding=UTF8',
    '--locale=C.UTF-8',
  ]);
  // initdb's pg_hba.conf already allows `host replication all 127.0.0.1/32 scram-sha-256`.
  const primaryPort = await freePort();
  const serverOptions = (port) =>
    [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c max_connections=150',
      '-c wal_level=replica',
      '-c max_wal_senders=4',
      '-c hot_standby=on',
    ].join(' ');
  runDb(join(PGBIN, 'pg_ctl'), [
    '-D',
    join(dir, 'primary'),
    '-o',
    serverOptions(primaryPort),
    '-l',
    join(dir, 'primary.log'),
    '-w',
    'start',
  ]);
  cleanups.add(() => runDb(join(PGBIN, 'pg_ctl'), ['-D', join(dir, 'primary'), '-m', 'fast', 'stop']));
  const superUrl = (port, db = 'stride') =>
    `postgres://postgres:${passwords.postgres}@127.0.0.1:${port}/${db}`;
  await withClient(root, superUrl(primaryPort, 'postgres'), async (c) => {
    await c.query(`CREATE ROLE replicator LOGIN REPLICATION PASSWORD '${passwords.replicator}'`);
    await c.query(`CREATE ROLE stride LOGIN CREATEROLE PASSWORD '${passwords.owner}'`);
    await c.query(`CREATE DATABASE stride OWNER stride`);
  });
  log(`PostgreSQL 15 primary on 127.0.0.1:${primaryPort} (wal_level=replica)`);

  const replicaPort = await freePort();
  runDb(join(PGBIN, 'pg_basebackup'), [
    '-d',
    `host=127.0.0.1 port=${primaryPort} user=replicator password=${passwords.replicator}`,
    '-D',
    join(dir, 'replica'),
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  runDb(join(PGBIN, 'pg_ctl'), [
    '-D',
    join(dir, 'replica'),
    '-o',
    serverOptions(replicaPort),
    '-l',
    join(dir, 'replica.log'),
    '-w',
    'start',
  ]);
  cleanups.add(() => runDb(join(PGBIN, 'pg_ctl'), ['-D', join(dir, 'replica'), '-m', 'fast', 'stop']));
  let streaming = false;
  for (let i = 0; i < 100 && !streaming; i++) {
    streaming = await withClient(root, superUrl(primaryPort, 'postgres'), async (c) => {
      const r = await c.query(`SELECT state FROM pg_stat_replication WHERE application_name = 'walreceiver'`);
      return r.rows.some((row) => row.state === 'streaming');
    });
    if (!streaming) await sleep(100);
  }
  if (!streaming) throw new ScaleOutError('the replica did not reach the streaming state in 10 s');
  const inRecovery = await withClient(root, superUrl(replicaPort, 'postgres'), async (c) => {
    return (await c.query('SELECT pg_is_in_recovery() AS r')).rows[0].r;
  });
  if (!inRecovery) throw new ScaleOutError('the replica is not in recovery (hot standby)');
  log(`streaming replica on 127.0.0.1:${replicaPort} (pg_basebackup -R; pg_stat_replication: streaming)`);

  return {
    dir,
    primaryPort,
    replicaPort,
    passwords,
    superUrl: superUrl(primaryPort),
    replicaSuperUrl: superUrl(replicaPort),
    ownerUrl: `postgres://stride:${passwords.owner}@127.0.0.1:${primaryPort}/stride`,
  };
}

/**
 * After the migrations created `stride_app` (NOLOGIN): it may log in with a generated password,
 * and gets, as role settings, the timeouts the API's pool would send as startup parameters —
 * PgBouncer 1.18 cannot pass those on, so they are ignored there (ignore_startup_parameters).
 */
export async function prepareAppRole(root, db) {
  await withClient(root, db.superUrl, async (c) => {
    await c.query(`ALTER ROLE stride_app LOGIN PASSWORD '${db.passwords.app}'`);
    await c.query(`ALTER ROLE stride_app SET statement_timeout = '15s'`);
    await c.query(`ALTER ROLE stride_app SET idle_in_transaction_session_timeout = '60s'`);
  });
  // The verifier PgBouncer checks clients against (and, with scram pass-through, logs in with).
  return withClient(root, db.superUrl, async (c) => {
    const r = await c.query(
      `SELECT rolname, rolpassword FROM pg_authid WHERE rolname = 'stride_app' AND rolpassword LIKE 'SCRAM-SHA-256$%'`,
    );
    if (r.rowCount !== 1) throw new ScaleOutError('stride_app has no SCRAM verifier after ALTER ROLE');
    return r.rows[0].rolpassword;
  });
}

/** PgBouncer, transaction pooling: `stride` → primary, `stride_read` → replica. */
export async function startPgBouncer(binary, db, verifier, sizes, cleanups, log) {
  const dir = partDir(join(db.dir, '..', 'pgbouncer'));
  const port = await freePort();
  writePartFile(join(dir, 'userlist.txt'), `"stride_app" "${verifier}"\n`);
  writePartFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `stride = host=127.0.0.1 port=${db.primaryPort} dbname=stride`,
      `stride_read = host=127.0.0.1 port=${db.replicaPort} dbname=stride`,
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `max_client_conn = ${sizes.maxClientConn}`,
      `default_pool_size = ${sizes.poolSize}`,
      'reserve_pool_size = 0',
      // node-postgres sends these as startup parameters; the role carries them instead.
      'ignore_startup_parameters = extra_float_digits,statement_timeout,idle_in_transaction_session_timeout',
      'idle_transaction_timeout = 60',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  const args = isRoot ? ['-u', 'postgres', join(dir, 'pgbouncer.ini')] : [join(dir, 'pgbouncer.ini')];
  refuseWhenClosing();
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const exited = new Promise((r) => child.on('exit', r));
  cleanups.add(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // immediate shutdown (SIGINT would wait for its clients)
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
  await waitForPort(port, () => child.exitCode !== null, `PgBouncer (${stderr.trim()})`);
  log(
    `PgBouncer on 127.0.0.1:${port} (pool_mode=transaction, default_pool_size=${sizes.poolSize}, max_client_conn=${sizes.maxClientConn}, scram)`,
  );
  return { port, dir };
}

export async function waitForPort(port, dead, what, ms = 15000) {
  const { connect } = await import('node:net');
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (dead()) throw new ScaleOutError(`${what} exited on start`);
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new ScaleOutError(`${what} did not listen on 127.0.0.1:${port} in ${ms / 1000} s`);
}

/** One API process (`node backend/dist/main.js`), restartable on the same port. */
export class ApiProcess {
  constructor(root, index, port, env) {
    this.root = root;
    this.index = index;
    this.port = port;
    this.env = env;
    this.child = undefined;
    this.log = '';
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start() {
    this.log = '';
    refuseWhenClosing();
    const child = spawn(process.execPath, [join(this.root, 'backend', 'dist', 'main.js')], {
      cwd: join(this.root, 'backend'),
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((r) => child.on('exit', (code, signal) => r(signal ?? code)));
    const keep = (b) => {
      this.log = (this.log + b).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const until = Date.now() + 60000;
    while (Date.now() < until) {
      if (!this.running) {
        throw new ScaleOutError(
          `API process ${this.index + 1} exited on start: ${this.log.trim().split('\n').slice(-3).join(' | ')}`,
        );
      }
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/api/v1/health/ready`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    throw new ScaleOutError(`API process ${this.index + 1} was not ready in 60 s`);
  }

  kill(signal = 'SIGKILL') {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  async stop() {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, sleep(8000)]);
    if (this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/**
 * nginx as a child process (`-p` a temp prefix, `daemon off`): round robin over `ports`, no
 * stickiness; failed connections and timeouts (and 502) go to the next process only for
 * idempotent methods — nginx never passes a POST on once it was sent (no `non_idempotent`).
 * The client's own X-Forwarded-For is replaced, not appended to. `X-Stride-Upstream` tells the
 * run which process answered.
 */
export class Nginx {
  constructor(binary, dir, port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  writeConfig(ports) {
    const d = this.dir;
    const servers = ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n');
    writeFileSync(
      join(d, 'nginx.conf'),
      `worker_processes 1;
pid ${join(d, 'nginx.pid')};
error_log ${join(d, 'error.log')} warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${join(d, 'tmp', 'body')};
  proxy_temp_path ${join(d, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(d, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(d, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(d, 'tmp', 'scgi')};
  upstream stride_api {
${servers}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${this.port};
    client_max_body_size 2m;
    location / {
      proxy_pass http://stride_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 3;
      add_header X-Stride-Upstream $upstream_addr always;
    }
  }
}
`,
    );
  }

  async start(ports, cleanups) {
    mkdirSync(join(this.dir, 'tmp'), { recursive: true });
    this.writeConfig(ports);
    refuseWhenClosing();
    const child = spawn(
      this.binary,
      [
        '-p',
        this.dir,
        '-c',
        join(this.dir, 'nginx.conf'),
        '-e',
        join(this.dir, 'error.log'),
        '-g',
        'daemon off;',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    this.child = child;
    const exited = new Promise((r) => child.on('exit', r));
    cleanups.add(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
    await waitForPort(this.port, () => child.exitCode !== null, `nginx (${stderr.trim()})`);
  }

  /** A new upstream list, by a reload of the same master (SIGHUP), then waits for the new workers. */
  async reload(ports) {
    this.writeConfig(ports);
    this.child.kill('SIGHUP');
    const want = new Set(ports.map((p) => `127.0.0.1:${p}`));
    const seen = new Set();
    const until = Date.now() + 10000;
    while (Date.now() < until && seen.size < want.size) {
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/api/v1/health`);
        const up = lastUpstream(r.headers.get('x-stride-upstream'));
        await r.arrayBuffer();
        if (up && want.has(up)) seen.add(up);
      } catch {
        // reloading
      }
      if (seen.size < want.size) await sleep(50);
    }
    if (seen.size < want.size) throw new ScaleOutError('nginx did not pick up its new upstream list in 10 s');
  }
}

/** The process that finally answered ($upstream_addr lists every one tried). */
export function lastUpstream(header) {
  if (!header) return undefined;
  const parts = header.split(/\s*[,:]\s+/);
  return parts[parts.length - 1]?.trim();
}
