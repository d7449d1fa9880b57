import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { DatabaseHangWatchdog } from './hang-watchdog.js';
import { logger } from '../common/logger.js';
import { writeProblem } from '../common/problem-response.js';
import { UnavailableError } from '../common/problems.js';

/** Liveness must stay cheap and truthful under load: never counted, never refused. */
const EXEMPT = '/api/v1/health';
const REPORT_EVERY_MS = 10_000;

export interface LoadLimits {
  /** At most this many API requests in progress at once; 0: no limit. */
  maxInFlight: number;
  /** Refuse while this many requests wait for a database connection; 0: no limit. */
  maxPoolWaiting: number;
  retryAfterSeconds: number;
}

/** The part of a node-postgres Pool this reads. */
interface PoolCounts {
  waitingCount: number;
}

/**
 * Admission control for /api/ routes. Past the limits a request is answered at once with 503
 * problem+json and `Retry-After`, before its body is parsed or the database is touched, instead
 * of queueing for a pool connection (5 s before it would fail anyway) while every request's
 * latency grows with the queue.
 *
 * While DatabaseHangWatchdog finds the server hung, every such request is refused the same way
 * (it would only wait on the server). Besides that, two signals, either one refuses:
 * - requests in flight in this process (Little's law: in flight = throughput × latency, so a
 *   cap on it caps the latency of the admitted ones at a given throughput); this also catches
 *   a process whose CPU, not its database, is the bottleneck, where the pool queue stays short;
 * - requests waiting for a connection of the pg pool: the database side is saturated (slow
 *   queries, locks), even if this process is not. Off by default: a request holds its
 *   connection for its whole transaction, so at an ordinary 50 concurrent requests on a pool
 *   of 10 about 40 wait all the time (throughput.bench.ts: a limit of 10 refused 16,620 of
 *   ~17,300 requests at normal load), while the API's CPU is what runs out first.
 *
 * Defaults (LOAD_SHED_MAX_IN_FLIGHT=100): at 2× the sustainable rate from 200 connections, 100
 * kept the 2xx rate at capacity with p99 ≈ 0.4–0.6 s instead of 1–2 s unlimited; 50 halved the
 * 2xx rate (in flight = throughput × latency: too few slots), 150 admitted too much. Size it
 * as requests per second the process sustains × the latency you accept.
 *
 * Shedding is logged as at most one warning per 10 s, with the count refused since the last
 * one, not one line per refusal (each refused request still has its access-log line).
 */
export function loadShedding(app: INestApplication, config: AppConfig) {
  return admissionControl(
    {
      maxInFlight: config.loadShedMaxInFlight,
      maxPoolWaiting: config.loadShedMaxPoolWaiting,
      retryAfterSeconds: config.loadShedRetryAfterSeconds,
    },
    poolOf(app),
    hungOf(app),
  );
}

/**
 * The app's provider of `type`, looked up on first use (the middleware is installed before the
 * app is initialised); null when the app has none (an app without a database).
 */
function lazyProvider<T>(app: INestApplication, type: new (...args: never[]) => T): () => T | null {
  let looked = false;
  let found: T | null = null;
  return () => {
    if (!looked) {
      looked = true;
      try {
        found = app.get(type, { strict: false });
      } catch {
        found = null;
      }
    }
    return found;
  };
}

/** Whether the app's DatabaseHangWatchdog finds the server hung. */
function hungOf(app: INestApplication): () => boolean {
  const watchdog = lazyProvider(app, DatabaseHangWatchdog);
  return () => watchdog()?.hung ?? false;
}

/** The pg Pool behind the app's TypeORM DataSource (re-read: a re-initialised source has a new one). */
function poolOf(app: INestApplication): () => PoolCounts | undefined {
  const dataSource = lazyProvider(app, DataSource);
  return () => (dataSource()?.driver as unknown as { master?: PoolCounts } | undefined)?.master;
}

export function admissionControl(
  limits: LoadLimits,
  pool: () => PoolCounts | undefined,
  hung: () => boolean = () => false,
) {
  const busy = new UnavailableError(limits.retryAfterSeconds, 'The server is busy. Try again shortly.');
  // Not counted as shedding: the watchdog has logged the hang, and clears it when it ends.
  const databaseHung = new UnavailableError(
    limits.retryAfterSeconds,
    'The database does not answer. Try again shortly.',
  );
  let inFlight = 0;
  let refused = 0;
  let lastReport = 0;

  const refuse = (res: Response, waiting: number) => {
    refused++;
    const now = Date.now();
    if (now - lastReport >= REPORT_EVERY_MS) {
      logger.warn('load shedding: requests refused with 503', {
        refused,
        since: lastReport ? new Date(lastReport).toISOString() : undefined,
        inFlight,
        poolWaiting: waiting,
        maxInFlight: limits.maxInFlight,
        maxPoolWaiting: limits.maxPoolWaiting,
      });
      refused = 0;
      lastReport = now;
    }
    res.setHeader('Cache-Control', 'no-store');
    writeProblem(res, busy);
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.path;
    if (!path.startsWith('/api/') || path.startsWith(EXEMPT)) return next();
    if (hung()) {
      res.setHeader('Cache-Control', 'no-store');
      return writeProblem(res, databaseHung);
    }
    const waiting = limits.maxPoolWaiting > 0 ? (pool()?.waitingCount ?? 0) : 0;
    if (
      (limits.maxInFlight > 0 && inFlight >= limits.maxInFlight) ||
      (limits.maxPoolWaiting > 0 && waiting >= limits.maxPoolWaiting)
    ) {
      return refuse(res, waiting);
    }
    inFlight++;
    let open = true;
    // 'close' comes after the answer is sent, and also when the client goes away first.
    res.once('close', () => {
      if (open) {
        open = false;
        inFlight--;
      }
    });
    next();
  };
}
