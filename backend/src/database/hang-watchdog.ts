import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';

/** A connection held this long makes the watchdog ask whether the server still answers. */
export const HELD_MS = 1000;
/** How long a fresh connection may take to answer `SELECT 1` before the server counts as hung. */
export const PROBE_TIMEOUT_MS = 750;
/** After a probe that got an answer, the next one waits at least this long. */
const PROBE_PAUSE_MS = 1000;
const TICK_MS = 200;

/** The parts of node-postgres' pool and client the watchdog uses (pg-pool's events). */
interface PgPool {
  options: pg.ClientConfig;
  on(event: 'acquire' | 'remove', listener: (client: pg.PoolClient) => void): void;
  on(event: 'release', listener: (err: Error | undefined, client: pg.PoolClient) => void): void;
}

/** Closes the client's socket at once: its pending query fails, and the pool drops it. */
function destroyConnection(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/**
 * A stopped PostgreSQL refuses connections and breaks the open ones, so requests fail fast. A hung
 * one (SIGSTOP, a stalled disk, a silent network partition) accepts TCP and answers nothing, and
 * nothing on the client side ends a query that is waiting for it: `statement_timeout` runs on
 * the server. This watchdog tells the two apart without cutting legitimately slow work short:
 *
 * - it notes when each pooled connection is checked out and returned;
 * - when one has been out for HELD_MS, it opens a fresh connection and sends `SELECT 1`;
 * - an answer within PROBE_TIMEOUT_MS means the server is alive (the slow work goes on);
 * - no answer means hung: it closes every connection that has been out since before the probe
 *   (their requests fail as in any outage: 503 problem+json with Retry-After, nothing committed
 *   that was not answered), and `hung` stays set, refusing new requests at once, until a
 *   probe gets an answer again.
 */
@Injectable()
export class DatabaseHangWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly out = new Map<pg.PoolClient, number>();
  private pool?: PgPool;
  private timer?: NodeJS.Timeout;
  private probing = false;
  private nextProbeAt = 0;
  private hungSince = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the last probe found the server hung (cleared by the next that gets an answer). */
  get hung(): boolean {
    return this.hungSince > 0;
  }

  onApplicationBootstrap(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    this.pool = pool;
    pool.on('acquire', (client) => this.out.set(client, Date.now()));
    pool.on('release', (_err, client) => this.out.delete(client));
    pool.on('remove', (client) => this.out.delete(client));
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    if (this.probing || now < this.nextProbeAt) return;
    const held = [...this.out.values()].some((since) => now - since >= HELD_MS);
    if (!held && !this.hung) return;
    this.probing = true;
    try {
      const started = Date.now();
      const answered = await this.probe();
      if (answered) {
        if (this.hung) logger.info('the database answers again', { hungMs: Date.now() - this.hungSince });
        this.hungSince = 0;
        this.nextProbeAt = Date.now() + PROBE_PAUSE_MS;
        return;
      }
      if (!this.hung) {
        this.hungSince = started;
        logger.warn('the database accepts connections but does not answer; closing the ones in use', {
          probeTimeoutMs: PROBE_TIMEOUT_MS,
        });
      }
      for (const [client, since] of this.out) {
        if (since <= started) destroyConnection(client);
      }
    } finally {
      this.probing = false;
    }
  }

  /** `SELECT 1` on a connection of its own; false unless it answers within PROBE_TIMEOUT_MS. */
  private async probe(): Promise<boolean> {
    const client = new pg.Client({ ...this.pool!.options, application_name: 'stride-watchdog' });
    client.on('error', () => undefined); // the probe's own outcome is all that matters
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    const answered = await Promise.race([
      client
        .connect()
        .then(() => client.query('SELECT 1'))
        .then(
          () => true,
          () => false,
        ),
      timeout,
    ]);
    clearTimeout(timer);
    if (answered) await client.end().catch(() => undefined);
    else destroyConnection(client);
    return answered;
  }
}
