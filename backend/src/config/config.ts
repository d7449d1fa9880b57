import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ROLE } from '../database/app-role-name.js';

/** Everything the API reads from its environment, validated once at boot. */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** postgres://… of an external server; undefined means "start the embedded PostgreSQL". */
  databaseUrl?: string;
  /**
   * postgres://… the API itself connects with: a role that owns no table and cannot bypass
   * row-level security. Undefined: the `stride_app` role on DATABASE_URL's server, given
   * `databaseAppPassword` by the owner at start.
   */
  databaseAppUrl?: string;
  databaseAppPassword: string;
  /**
   * postgres://host:port/db of a streaming replica for analytics, exports and documents
   * (database/read-replica.ts), logged into as the API's role (its credentials when the URL has
   * no user); undefined: they read the primary.
   */
  databaseReadUrl?: string;
  /** Connections of the read pool (and of its fallback pool on the primary). */
  dbReadPoolSize: number;
  /** How often the API seals new audit events into the hash chain; 0 turns it off. */
  auditSealIntervalMs: number;
  /** Folder that keeps the embedded database and the local secrets file. */
  dataDir: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** `auto`: Secure when the request came over HTTPS (req.secure, through the trusted proxy hop). */
  cookieSecure: boolean | 'auto';
  bodyLimitBytes: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  seedDemo: boolean;
  migrateOnStart: boolean;
  /** Built console to serve on the same origin, or undefined to serve none. */
  consoleDir?: string;
  /**
   * How many reverse-proxy hops in front of the API to trust for the client's address and
   * scheme (X-Forwarded-For / -Proto, read from the right): 0 trusts none. TRUST_PROXY=true is
   * one hop — never "every hop", which would believe a client's own forged X-Forwarded-For.
   */
  trustProxy: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  dbPoolSize: number;
  dbStatementTimeoutMs: number;
  /** Parameterised queries as named prepared statements (database/prepared-statements.ts). */
  dbPreparedStatements: boolean;
  /** Load shedding (database/load-shedding.ts): API requests in flight at most; 0 turns it off. */
  loadShedMaxInFlight: number;
  /** Load shedding: refuse while this many requests wait for a pool connection; 0 turns it off. */
  loadShedMaxPoolWaiting: number;
  loadShedRetryAfterSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }
}

/**
 * Development convenience: a secret generated once and kept in the (git-ignored) data folder,
 * so tokens survive a restart. Production never reaches this: it must be given JWT_SECRET.
 */
function localSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

/** TRUST_PROXY: true (one hop), false, or a number of hops. */
function readTrustProxy(r: Reader): number {
  const raw = r.str('TRUST_PROXY')?.toLowerCase();
  if (raw !== undefined && /^\d+$/.test(raw)) return r.int('TRUST_PROXY', 0, 0, 10);
  return r.bool('TRUST_PROXY', false) ? 1 : 0;
}

interface DatabaseParts {
  host: string;
  port: number;
  name: string;
  user?: string;
  password?: string;
}

/**
 * DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD: the server as
 * parts, so a password with URL-special characters (`p@ss/w#rd:1`) needs no escaping by hand.
 */
function databaseParts(r: Reader): DatabaseParts | undefined {
  const host = r.str('DATABASE_HOST');
  if (host === undefined) {
    for (const name of ['DATABASE_USER', 'DATABASE_PASSWORD', 'DATABASE_NAME', 'DATABASE_PORT']) {
      if (r.str(name) !== undefined) r.problems.push(`${name} needs DATABASE_HOST`);
    }
    return undefined;
  }
  if (!/^[A-Za-z0-9._-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(host)) {
    r.problems.push(`DATABASE_HOST must be a host name or address (got "${host}")`);
  }
  const user = r.str('DATABASE_USER');
  const password = r.str('DATABASE_PASSWORD');
  if (password !== undefined && user === undefined) r.problems.push('DATABASE_PASSWORD needs DATABASE_USER');
  return {
    host,
    port: r.int('DATABASE_PORT', 5432, 1, 65535),
    name: r.str('DATABASE_NAME') ?? 'stride',
    user,
    password,
  };
}

function partsUrl(p: DatabaseParts, user: string, password: string | undefined): string {
  const credentials =
    encodeURIComponent(user) + (password === undefined ? '' : `:${encodeURIComponent(password)}`);
  return `postgres://${credentials}@${p.host}:${p.port}/${encodeURIComponent(p.name)}`;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';

  const parts = databaseParts(r);
  const databaseAppPassword = r.str('DATABASE_APP_PASSWORD');
  let databaseUrl = r.str('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    r.problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (parts && databaseUrl !== undefined) r.problems.push('set DATABASE_URL or DATABASE_HOST, not both');
  if (parts?.user !== undefined) databaseUrl ??= partsUrl(parts, parts.user, parts.password);
  let databaseAppUrl = r.str('DATABASE_APP_URL');
  if (databaseAppUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseAppUrl)) {
    r.problems.push('DATABASE_APP_URL must start with postgres:// or postgresql://');
  }
  // DATABASE_HOST without DATABASE_USER: the API has the app role's connection only.
  if (parts && parts.user === undefined && databaseAppPassword !== undefined) {
    databaseAppUrl ??= partsUrl(parts, APP_ROLE, databaseAppPassword);
  }
  if (production && databaseUrl === undefined && databaseAppUrl === undefined) {
    r.problems.push(
      'DATABASE_URL (or DATABASE_HOST with DATABASE_USER) is required in production (the embedded database is for development)',
    );
  }
  const dataDir = resolve(r.str('STRIDE_DATA_DIR') ?? join(REPO_ROOT, '.data'));
  if (databaseAppPassword !== undefined && databaseAppPassword.length < 16) {
    r.problems.push('DATABASE_APP_PASSWORD must be at least 16 characters');
  }
  if (databaseAppPassword === undefined && databaseAppUrl === undefined && production) {
    r.problems.push('DATABASE_APP_PASSWORD or DATABASE_APP_URL is required in production');
  }

  const databaseReadUrl = r.str('DATABASE_READ_URL');
  if (databaseReadUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = /^postgres(ql)?:\/\//.test(databaseReadUrl) ? new URL(databaseReadUrl) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.hostname === '') {
      r.problems.push('DATABASE_READ_URL must be a postgres://host:port/database URL');
    }
  }

  let jwtSecret = r.str('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    r.problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (jwtSecret === undefined) {
    if (production) r.problems.push('JWT_SECRET is required in production');
    else jwtSecret = localSecret(dataDir, 'jwtSecret');
  }

  const seedDemo = r.bool('SEED_DEMO', !production);
  if (production && seedDemo) r.problems.push('SEED_DEMO cannot be on in production');
  const migrateOnStart = r.bool('MIGRATE_ON_START', true);
  if (production && databaseUrl === undefined && migrateOnStart) {
    r.problems.push(
      "MIGRATE_ON_START needs the owner's connection (DATABASE_URL or DATABASE_USER); with the app role's only, set it to false and migrate with `node backend/dist/setup/cli.js migrate` as the owner",
    );
  }
  const cookieRaw = r.str('COOKIE_SECURE')?.toLowerCase();
  const cookieSecure = cookieRaw === 'auto' ? 'auto' : r.bool('COOKIE_SECURE', production);
  const trustProxy = readTrustProxy(r);

  const consoleDirRaw = r.str('CONSOLE_DIR');
  const defaultConsole = join(REPO_ROOT, 'frontend', 'dist', 'browser');
  const consoleDir = consoleDirRaw === 'none' ? undefined : resolve(consoleDirRaw ?? defaultConsole);

  const config: AppConfig = {
    nodeEnv,
    port: r.int('PORT', 3000, 0, 65535),
    host: r.str('HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl,
    databaseAppUrl,
    // Development: derived from the (local) JWT secret, so it needs no secret of its own.
    databaseAppPassword:
      databaseAppPassword ??
      (jwtSecret
        ? Buffer.from(hkdfSync('sha256', jwtSecret, 'stride', 'database-app-password', 24)).toString(
            'base64url',
          )
        : ''),
    databaseReadUrl,
    dbReadPoolSize: r.int('DB_READ_POOL_SIZE', 3, 1, 100),
    auditSealIntervalMs: r.int('AUDIT_SEAL_INTERVAL_MS', 1000, 0, 3600000),
    dataDir,
    jwtSecret: jwtSecret ?? '',
    accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 3600),
    sessionIdleMinutes: r.int('SESSION_IDLE_MINUTES', 15, 1, 240),
    sessionAbsoluteHours: r.int('SESSION_ABSOLUTE_HOURS', 12, 1, 72),
    cookieSecure,
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    loginMaxFailuresPerAccount: r.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 10, 1, 10000),
    loginMaxFailuresPerAddress: r.int('LOGIN_MAX_FAILURES_PER_ADDRESS', 100, 1, 100000),
    loginWindowMinutes: r.int('LOGIN_WINDOW_MINUTES', 15, 1, 1440),
    seedDemo,
    migrateOnStart,
    consoleDir,
    trustProxy,
    logLevel: r.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    dbPoolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
    dbStatementTimeoutMs: r.int('DB_STATEMENT_TIMEOUT_MS', 15000, 100, 600000),
    dbPreparedStatements: r.bool('DB_PREPARED_STATEMENTS', true),
    loadShedMaxInFlight: r.int('LOAD_SHED_MAX_IN_FLIGHT', 100, 0, 100000),
    loadShedMaxPoolWaiting: r.int('LOAD_SHED_MAX_POOL_WAITING', 0, 0, 100000),
    loadShedRetryAfterSeconds: r.int('LOAD_SHED_RETRY_AFTER_SECONDS', 1, 1, 3600),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
