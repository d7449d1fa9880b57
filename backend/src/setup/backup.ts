import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type pg from 'pg';
import { sealAuditEvents } from '../audit/audit-chain.js';
import { APP_ROLE } from '../database/app-role-name.js';
import { standaloneClient } from '../database/database-url.js';
import { locatePgTool } from './pg-tools.js';

/** A refusal or failure whose message is the one sentence the CLI prints (exit 1). */
export class BackupError extends Error {}

/**
 * libpq's connection settings for `url`, with the password moved from the URL (where `ps` would
 * show it) to PGPASSWORD; libpq decodes the URL's percent-escapes itself.
 */
function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'stride-backup' };
  delete env.PGPASSWORD;
  if (password) env.PGPASSWORD = password;
  // node-postgres' and libpq's URL forms agree for postgres://user@host:port/db?sslmode=…
  return { dbname: u.toString().replace(/^postgresql:/, 'postgres:'), env };
}

/** Runs a client tool; resolves with its stdout, rejects with its last stderr line. */
function runTool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new BackupError(`${bin} could not be started: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolveRun(Buffer.concat(out).toString('utf8'));
      const lines = Buffer.concat(err).toString('utf8').trim().split('\n').filter(Boolean);
      const detail = lines.slice(-3).join(' | ') || (signal ? `killed by ${signal}` : `exit code ${code}`);
      reject(new BackupError(`${bin.split('/').pop()} failed: ${detail}`));
    });
  });
}

async function withClient<T>(url: string, where: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = standaloneClient(url, { connectionTimeoutMillis: 10000 });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(
      `cannot connect to the database at ${where}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function serverMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(rows[0].v) / 10000);
}

/** `stride-20261207T221500Z.dump`: a UTC timestamp that sorts and has no `:`. */
export function backupFileName(now = new Date()): string {
  return `stride-${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')}.dump`;
}

export interface BackupResult {
  file: string;
  bytes: number;
  sealedNow: number;
  head: string;
}

/**
 * `cli.js backup [--out FILE]`, as the owner: seals pending audit events into the hash chain,
 * then `pg_dump -Fc --enable-row-security` (the owner's `owner_maintenance` policy sees every
 * row; nothing live is changed) to FILE, or to `<data dir>/backups/stride-<UTC time>.dump`.
 * The file is written beside its final name and renamed when complete, readable by its owner only.
 */
export async function backup(
  ownerUrl: string,
  options: { out?: string; dataDir: string; where?: string },
): Promise<BackupResult> {
  const where = options.where ?? 'DATABASE_URL';
  const file = resolve(options.out ?? join(options.dataDir, 'backups', backupFileName()));
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose another --out FILE`);
  if (options.out === undefined) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  else if (!existsSync(dirname(file))) throw new BackupError(`the folder ${dirname(file)} does not exist`);

  const { pgDump, sealedNow, head } = await withClient(ownerUrl, where, async (client) => {
    // The right pg_dump is found before anything is sealed.
    const tool = locatePgTool('pg_dump', await serverMajor(client));
    const { rows } = await client.query<{ ok: boolean }>(
      `SELECT to_regprocedure('audit_seal(integer)') IS NOT NULL AS ok`,
    );
    if (!rows[0].ok) {
      throw new BackupError(
        `the database at ${where} holds no Stride schema (no audit_seal()); nothing to back up`,
      );
    }
    const query = async (sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as unknown[];
    let sealed = 0;
    for (;;) {
      const n = await sealAuditEvents(query, 10000);
      sealed += n;
      if (n < 10000) break;
    }
    const [h] = (await query(
      `SELECT last_pos::text AS pos, encode(last_hash, 'hex') AS hash FROM audit_chain_head WHERE id = 1`,
    )) as { pos: string; hash: string }[];
    return { pgDump: tool, sealedNow: sealed, head: `${h.pos}:${h.hash}` };
  });

  const { dbname, env } = libpqConnection(ownerUrl);
  const partial = `${file}.partial`;
  writeFileSync(partial, '', { mode: 0o600 });
  try {
    await runTool(
      pgDump,
      [
        '--format=custom',
        '--enable-row-security',
        '--no-password',
        `--file=${partial}`,
        `--dbname=${dbname}`,
      ],
      env,
    );
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { file, bytes: statSync(file).size, sealedNow, head };
}

/** What a restore found in the dump's table of contents. */
interface RestorePlan {
  /** The list `pg_restore -L` reads: the dump's, with the owner's own policies left out. */
  list: string;
  /** Tables whose `owner_maintenance` policy is created again for the restoring owner. */
  ownerPolicyTables: string[];
}

/**
 * The dump's `owner_maintenance` policies name the role that owned the schema when it was dumped
 * (the migration said `TO CURRENT_USER`). The restoring owner may be another role, so those
 * policies are left out of pg_restore and created again `TO CURRENT_USER`, as the migration did.
 */
export function planRestore(toc: string): RestorePlan {
  const ownerPolicyTables: string[] = [];
  const list = toc
    .split('\n')
    .map((line) => {
      const match = /^\d+;\s+\d+\s+\d+\s+POLICY\s+public\s+(\S+)\s+owner_maintenance(\s|$)/.exec(line);
      if (!match) return line;
      ownerPolicyTables.push(match[1]);
      return `;${line}`;
    })
    .join('\n');
  return { list, ownerPolicyTables };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface RestoreResult {
  tables: number;
  createdRole: boolean;
}

/**
 * `cli.js restore FILE`: restores a `backup` into DATABASE_URL (or the embedded database), which
 * must hold no table (else nothing is changed and it fails). Creates the API role (`stride_app`, as the row-level security
 * migration does: no login until the API sets its password, no superuser, no BYPASSRLS) when the
 * server lacks it; the restoring role becomes the owner of everything (pg_restore --no-owner),
 * so the API migrates, seeds and seals as that owner afterwards.
 */
export async function restore(
  ownerUrl: string,
  fileArg: string | undefined,
  where = 'DATABASE_URL',
): Promise<RestoreResult> {
  if (!fileArg) throw new BackupError('usage: npm run restore -- <file written by npm run backup>');
  const file = resolve(fileArg);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file} is not a file`);

  const major = await withClient(ownerUrl, where, async (client) => {
    const { rows } = await client.query<{ n: number; names: string | null; db: string }>(
      `SELECT count(*)::int AS n, string_agg(c.relname, ', ' ORDER BY c.relname) FILTER (WHERE rn <= 5) AS names,
              current_database() AS db
         FROM (SELECT c.relname, row_number() OVER (ORDER BY n.nspname, c.relname) AS rn
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%') c`,
    );
    const { n, names, db } = rows[0];
    if (n > 0) {
      throw new BackupError(
        `restore refused: database "${db}" at ${where} already holds ${n} table(s) (${names}${n > 5 ? ', …' : ''}); ` +
          'restore into an empty database (for a server: createdb a new one and point DATABASE_URL at it); nothing was changed',
      );
    }
    return serverMajor(client);
  });

  const pgRestore = locatePgTool('pg_restore', major);
  const { dbname, env } = libpqConnection(ownerUrl);
  let toc: string;
  try {
    toc = await runTool(pgRestore, ['--list', file], env);
  } catch (err) {
    throw new BackupError(
      `${file} is not a readable backup (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (!/^\d+;\s+\d+\s+\d+\s+TABLE\s+public\s+schema_migrations\s/m.test(toc)) {
    throw new BackupError(`${file} is not a Stride backup: it holds no schema_migrations table`);
  }
  const plan = planRestore(toc);

  const createdRole = await withClient(ownerUrl, where, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
    } catch (err) {
      throw new BackupError(
        `the role ${APP_ROLE} is missing and could not be created (${err instanceof Error ? err.message : String(err)}); ` +
          `create it as a superuser with: CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS`,
      );
    }
    return true;
  });

  const work = mkdtempSync(join(tmpdir(), 'stride-restore-'));
  try {
    const listFile = join(work, 'restore.list');
    writeFileSync(listFile, plan.list, { mode: 0o600 });
    // One transaction: on any error nothing is left behind in the database.
    await runTool(
      pgRestore,
      [
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-password',
        `--use-list=${listFile}`,
        `--dbname=${dbname}`,
        file,
      ],
      env,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  return withClient(ownerUrl, where, async (client) => {
    await client.query('BEGIN');
    for (const table of plan.ownerPolicyTables) {
      await client.query(
        `CREATE POLICY owner_maintenance ON public.${quoteIdent(table)} TO CURRENT_USER USING (true) WITH CHECK (true)`,
      );
    }
    // Database-level grants are not part of a dump of one database.
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(rows[0].db)} TO ${APP_ROLE}`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const counted = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace`,
    );
    return { tables: counted.rows[0].n, createdRole };
  });
}
