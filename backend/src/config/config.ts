import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  cookieSecure: boolean;
  bodyLimitBytes: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  seedDemo: boolean;
  migrateOnStart: boolean;
  /** Built console to serve on the same origin, or undefined to serve none. */
  consoleDir?: string;
  trustProxy: boolean;
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

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';

  const databaseUrl = r.str('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    r.problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (production && databaseUrl === undefined) {
    r.problems.push('DATABASE_URL is required in production (the embedded database is for development)');
  }
  const dataDir = resolve(r.str('STRIDE_DATA_DIR') ?? join(REPO_ROOT, '.data'));

  const databaseAppUrl = r.str('DATABASE_APP_URL');
  if (databaseAppUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseAppUrl)) {
    r.problems.push('DATABASE_APP_URL must start with postgres:// or postgresql://');
  }
  const databaseAppPassword = r.str('DATABASE_APP_PASSWORD');
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
    cookieSecure: r.bool('COOKIE_SECURE', production),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    loginMaxFailuresPerAccount: r.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 10, 1, 10000),
    loginMaxFailuresPerAddress: r.int('LOGIN_MAX_FAILURES_PER_ADDRESS', 100, 1, 100000),
    loginWindowMinutes: r.int('LOGIN_WINDOW_MINUTES', 15, 1, 1440),
    seedDemo,
    migrateOnStart: r.bool('MIGRATE_ON_START', true),
    consoleDir,
    trustProxy: r.bool('TRUST_PROXY', false),
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
