import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian's and Ubuntu's versioned PostgreSQL binaries: `/usr/lib/postgresql/<major>/bin`. */
export const VERSIONED_ROOT = '/usr/lib/postgresql';

/** Thrown when no usable client tool is found; its message is the one sentence to print. */
export class MissingPgToolError extends Error {}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The major version a `pg_dump --version` prints (`pg_dump (PostgreSQL) 15.10 (Debian …)`), or null. */
export function toolMajor(path: string): number | null {
  try {
    const text = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10000, stdio: 'pipe' });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(text);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export interface LocateOptions {
  /** Where versioned installs live (default `/usr/lib/postgresql`). */
  versionedRoot?: string;
  /** The search path (default `$PATH`). */
  path?: string;
}

/**
 * The `pg_dump` or `pg_restore` to use against a server of major version `serverMajor`: the one
 * of `/usr/lib/postgresql/<serverMajor>/bin` when present, else the lowest newer version there,
 * else the first on PATH whose major version is at least the server's (an older one cannot
 * read a newer server, and a dump is only restorable by a pg_restore at least as new).
 */
export function locatePgTool(
  name: 'pg_dump' | 'pg_restore',
  serverMajor: number,
  options: LocateOptions = {},
): string {
  const root = options.versionedRoot ?? VERSIONED_ROOT;
  let versions: number[] = [];
  try {
    versions = readdirSync(root)
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((v) => v >= serverMajor)
      .sort((a, b) => a - b);
  } catch {
    // no versioned installs on this machine
  }
  for (const v of versions) {
    const candidate = join(root, String(v), 'bin', name);
    if (executable(candidate)) return candidate;
  }
  const onPath = (options.path ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const tooOld: string[] = [];
  for (const dir of onPath) {
    const candidate = join(dir, name);
    if (!executable(candidate)) continue;
    const major = toolMajor(candidate);
    if (major !== null && major >= serverMajor) return candidate;
    tooOld.push(`${candidate} is version ${major ?? 'unknown'}`);
  }
  throw new MissingPgToolError(
    `${name} ${serverMajor} or newer is needed and was not found${tooOld.length ? ` (${tooOld.join('; ')})` : ''}: ` +
      `install the PostgreSQL ${serverMajor} client tools (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}; ` +
      `other systems: the postgresql${serverMajor}-client package or https://www.postgresql.org/download/) and run this again.`,
  );
}
