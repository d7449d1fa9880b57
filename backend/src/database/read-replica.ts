import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type DataSourceOptions, type EntityManager, type QueryRunner } from 'typeorm';
import { isDatabaseUnavailable } from '../common/database-unavailable.js';
import { logger } from '../common/logger.js';
import { requestContext, type RequestContext } from '../common/request-context.js';
import { dataSourceOptions } from './data-source.js';

/**
 * The read path of a scaled-out API (SPEC §14, "Scale-out"): analytics, exports and documents
 * read a streaming replica (`DATABASE_READ_URL`) instead of the primary.
 *
 * The request itself still runs in its primary transaction (access/tenant-request.interceptor.ts):
 * the session check, and the audit event of the read, which the caller writes with the primary
 * manager after the read; that transaction commits before the answer is sent. The read runs
 * apart, on a connection of its own, in one `REPEATABLE READ READ ONLY` transaction bound to the
 * caller's clinic and user with the same transaction-local settings `app_begin_request` sets, so
 * row-level security shows it exactly the rows the primary transaction would: every query of one
 * answer sees one snapshot.
 *
 * Documents and exports must show what was committed before the request: the primary's WAL
 * position is read first (`pg_current_wal_lsn()`), and the replica is waited for, up to
 * READ_WAIT_MS, polling `pg_last_wal_replay_lsn()`; a server not in recovery is caught up by
 * definition. A replica that stays behind, is unreachable or fails during the read is replaced
 * by the primary (also one REPEATABLE READ snapshot, on a small pool of its own, so a request
 * holding a connection of the API's pool never waits for another one of the same pool). Without
 * `DATABASE_READ_URL` the read runs in the request's own transaction, as before.
 *
 * Which server answered is logged at debug level only (no header: it would tell a client about
 * the deployment).
 */

/** What is read: exports and documents wait for the replica to catch up, analytics do not. */
export type ReadKind = 'analytics' | 'export' | 'document';

const WAITS_FOR_PRIMARY: Record<ReadKind, boolean> = { analytics: false, export: true, document: true };

/** How long an export or a document waits for the replica, and how often it looks. */
export const READ_WAIT_MS = 2000;
export const READ_POLL_MS = 50;
/** How long the replica may take to open its pool, and to answer a connection's first query. */
export const READ_CONNECT_MS = 2000;
/** After a connection failure, the replica is not tried again for this long. */
export const REPLICA_RETRY_MS = 5000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Calls `check` until it answers true, every `intervalMs`, for at most `timeoutMs` (a last check
 * at the deadline). True when it did.
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs: number,
  clock: Clock = realClock,
): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    const left = deadline - clock.now();
    if (left <= 0) return false;
    await clock.sleep(Math.min(intervalMs, left));
  }
}

/**
 * The URL of the read pool: `readUrl` as given when it names the API's role (a pooler in front of
 * the replica may want its own password), else its server and database with `appUrl`'s user and
 * password. Any other user is refused: the replica is read under the same row-level security.
 */
export function readUrlAsAppRole(readUrl: string, appUrl: string): string {
  const read = new URL(readUrl);
  const app = new URL(appUrl);
  if (read.username === '') {
    read.username = app.username;
    read.password = app.password;
  } else if (decodeURIComponent(read.username) !== decodeURIComponent(app.username)) {
    throw new Error(
      `DATABASE_READ_URL must log in as the API's role ${decodeURIComponent(app.username)}, not ${decodeURIComponent(read.username)}`,
    );
  }
  return read.toString();
}

/**
 * An error of the read server rather than of the request: it cannot be reached or dropped the
 * connection (classes 08 and 57P, node-postgres' socket errors), or cancelled the read for a
 * recovery conflict (40001). The read is then done again on the primary.
 */
export function isReadServerFault(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  return (e?.code ?? e?.driverError?.code) === '40001';
}

/**
 * Settles as `promise` does, or rejects (ETIMEDOUT) after `ms`: for a server that accepts
 * connections and never answers (a pooler in front of a replica that is down).
 */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`${what} did not answer within ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A pool opened on first use; after a failure it rests REPLICA_RETRY_MS. With `answerWithinMs`,
 * opening it and a first round trip on each connection must each take less than that (waiting
 * for a free connection does not count): a server that accepts and never answers is a failure.
 */
class LazyPool {
  private source?: DataSource;
  private opening?: Promise<DataSource>;
  private downUntil = 0;

  constructor(
    private readonly options: DataSourceOptions,
    readonly server: 'replica' | 'primary',
    private readonly answerWithinMs?: number,
  ) {}

  /** A connection of this pool, or the error that kept it from one. */
  async connect(): Promise<QueryRunner> {
    if (Date.now() < this.downUntil) {
      throw new Error(`the ${this.server} read pool is resting after a failure`);
    }
    try {
      return await this.attempt();
    } catch (err) {
      this.failed();
      throw err;
    }
  }

  private async attempt(): Promise<QueryRunner> {
    const what = `the ${this.server} read server`;
    const limit = this.answerWithinMs;
    let source: DataSource;
    try {
      source = limit ? await within(limit, this.open(), what) : await this.open();
    } catch (err) {
      // A pool still opening is given up; it closes itself when it settles.
      if (!this.source?.isInitialized) this.opening = undefined;
      throw err;
    }
    const runner = source.createQueryRunner('master');
    let client: pg.PoolClient | undefined;
    try {
      client = (await runner.connect()) as pg.PoolClient;
      if (limit) await within(limit, runner.query('SELECT 1'), what);
    } catch (err) {
      // A connection left with a query in flight is closed, never handed out again.
      if (client) void client.end().catch(() => undefined);
      await runner.release();
      throw err;
    }
    return runner;
  }

  failed(): void {
    this.downUntil = Date.now() + REPLICA_RETRY_MS;
  }

  private open(): Promise<DataSource> {
    if (this.source?.isInitialized) return Promise.resolve(this.source);
    if (!this.opening) {
      const source = new DataSource(this.options);
      const opening: Promise<DataSource> = source.initialize().then(
        async () => {
          if (this.opening === opening) {
            this.source = source;
            return source;
          }
          await source.destroy().catch(() => undefined);
          throw new Error(`the ${this.server} read pool was given up while it opened`);
        },
        async (err: unknown) => {
          if (this.opening === opening) this.opening = undefined;
          await source.destroy().catch(() => undefined);
          throw err;
        },
      );
      this.opening = opening;
    }
    return this.opening;
  }

  async close(): Promise<void> {
    this.opening = undefined;
    if (this.source?.isInitialized) await this.source.destroy();
  }
}

export interface ReadReplicaSettings {
  /** DATABASE_READ_URL, undefined when there is no replica. */
  readUrl?: string;
  /** The URL the API's own pool uses (its credentials are the read pool's too). */
  appUrl: string;
  poolSize: number;
  statementTimeoutMs: number;
  preparedStatements: boolean;
}

/** Runs a read of analytics, an export or a document on the replica (see the top of this file). */
@Injectable()
export class ReadReplica implements OnApplicationShutdown {
  private readonly replica?: LazyPool;
  private readonly primary?: LazyPool;

  constructor(settings: ReadReplicaSettings) {
    if (!settings.readUrl) return;
    const pool = (url: string, server: 'replica' | 'primary'): LazyPool => {
      const base = dataSourceOptions(url, {
        poolSize: settings.poolSize,
        statementTimeoutMs: settings.statementTimeoutMs,
        preparedStatements: settings.preparedStatements,
      });
      return new LazyPool(
        {
          ...base,
          migrations: [],
          applicationName: server === 'replica' ? 'stride-api-read' : 'stride-api-read-primary',
        } as DataSourceOptions,
        server,
        server === 'replica' ? READ_CONNECT_MS : undefined,
      );
    };
    this.replica = pool(readUrlAsAppRole(settings.readUrl, settings.appUrl), 'replica');
    this.primary = pool(settings.appUrl, 'primary');
  }

  /** Whether reads go to a replica at all. */
  get enabled(): boolean {
    return this.replica !== undefined;
  }

  /**
   * Runs `work` in one read-only snapshot of the caller's clinic, lending it the read transaction
   * as the request's manager (so repositories built on TenantDb read through it). Call it inside
   * an authenticated request; write the read's audit event after it, with the manager of the
   * request's own transaction (the one in effect before this call).
   */
  async read<T>(kind: ReadKind, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const ctx = requestContext.current();
    const primaryManager = ctx?.manager;
    if (!ctx || !primaryManager)
      throw new Error('No tenant transaction: the route must use @Authenticated()');
    if (!this.replica || !this.primary) return work(primaryManager);

    // The position to wait for: everything committed before this request is at or below it.
    const position = WAITS_FOR_PRIMARY[kind]
      ? ((await primaryManager.query(`SELECT pg_current_wal_lsn()::text AS lsn`)) as { lsn: string }[])[0].lsn
      : undefined;

    const runner = await this.replicaConnection(kind, position);
    if (runner) {
      try {
        return await this.inSnapshot(runner, ctx, primaryManager, kind, 'replica', work);
      } catch (err) {
        if (!isReadServerFault(err)) throw err;
        if ((err as { code?: string }).code !== '40001') this.replica.failed();
        logger.warn('the read replica failed during a read; reading the primary', {
          kind,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return this.inSnapshot(await this.primary.connect(), ctx, primaryManager, kind, 'primary', work);
  }

  /** A replica connection that has replayed `position` (when given), or undefined. */
  private async replicaConnection(
    kind: ReadKind,
    position: string | undefined,
  ): Promise<QueryRunner | undefined> {
    let runner: QueryRunner;
    try {
      runner = await this.replica!.connect();
    } catch (err) {
      logger.warn('the read replica cannot be reached; reading the primary', {
        kind,
        error: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    }
    if (position === undefined) return runner;
    try {
      const caught = await waitUntil(
        async () => {
          const [row] = (await within(
            READ_CONNECT_MS,
            runner.query(
              `SELECT NOT pg_is_in_recovery() OR coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught`,
              [position],
            ),
            'the read replica',
          )) as { caught: boolean }[];
          return row.caught;
        },
        READ_WAIT_MS,
        READ_POLL_MS,
      );
      if (caught) return runner;
      logger.debug('the read replica is behind the primary; reading the primary', { kind, position });
    } catch (err) {
      this.replica!.failed();
      // Its connection may still have the query in flight: closed, never handed out again.
      void ((await runner.connect()) as pg.PoolClient).end().catch(() => undefined);
      logger.warn('the read replica failed while catching up; reading the primary', {
        kind,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    await runner.release();
    return undefined;
  }

  private async inSnapshot<T>(
    runner: QueryRunner,
    ctx: RequestContext,
    primaryManager: EntityManager,
    kind: ReadKind,
    server: 'replica' | 'primary',
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const principal = requestContext.principal();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The settings row-level security reads, as app_begin_request sets them (transaction-local).
      const [seen] = (await runner.query(
        `SELECT set_config('app.clinic_id', $1, true), set_config('app.user_id', $2, true),
                current_setting('transaction_isolation') AS isolation,
                current_setting('transaction_read_only') AS read_only,
                current_setting('application_name') AS application,
                pg_is_in_recovery() AS in_recovery`,
        [principal.clinicId, principal.userId],
      )) as { isolation: string; read_only: string; application: string; in_recovery: boolean }[];
      logger.debug('read snapshot', {
        kind,
        server,
        isolation: seen.isolation,
        readOnly: seen.read_only,
        application: seen.application,
        inRecovery: seen.in_recovery,
      });
      let result: T;
      ctx.manager = runner.manager;
      try {
        result = await work(runner.manager);
      } finally {
        ctx.manager = primaryManager;
      }
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.replica?.close(), this.primary?.close()]);
  }
}
