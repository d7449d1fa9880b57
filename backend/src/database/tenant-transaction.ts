import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { bodyHash } from '../common/canonical-json.js';
import { logger } from '../common/logger.js';
import { toProblem } from '../common/problem-response.js';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  UnauthenticatedError,
  ValidationProblem,
} from '../common/problems.js';
import { requestContext, type Principal } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Role } from '../users/roles.js';
import { DatabaseHangWatchdog } from './hang-watchdog.js';

/**
 * Sets the transaction-local settings that row-level security policies read. `true` as the
 * third argument of set_config makes them local to the transaction, so they never leak
 * through the pool to another request.
 */
export async function bindTenant(manager: EntityManager, principal: Pick<Principal, 'clinicId' | 'userId'>) {
  await manager.query(`SELECT set_config('app.clinic_id', $1, true), set_config('app.user_id', $2, true)`, [
    principal.clinicId,
    principal.userId,
  ]);
}

/**
 * The data access of tenant code: the current request's transaction, already bound to the
 * caller's clinic. Code that finds no transaction throws instead of running tenant-blind.
 */
@Injectable()
export class TenantDb {
  get manager(): EntityManager {
    const m = requestContext.current()?.manager;
    if (!m) throw new Error('No tenant transaction: the route must use @Authenticated()');
    return m;
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** Statuses of refused attempts, audited in a transaction of their own. */
const REFUSED = new Set([403, 404, 409, 412, 422, 428]);

interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response_body: unknown;
  etag: string | null;
}

/**
 * Runs the route handler, its pipes and everything it writes in one transaction bound to the
 * authenticated clinic; a thrown error rolls the whole request back.
 *
 * A POST with an `Idempotency-Key` stores its first 2xx answer in that same transaction and
 * replays it for 24 hours; the same key with another body is 422; while the first is still
 * running, 409 with Retry-After. Keys are scoped to clinic, user, method and path.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly watchdog: DatabaseHangWatchdog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = requestContext.current();
    const principal = requestContext.principal();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const rawKey = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const key = typeof rawKey === 'string' ? rawKey : undefined;
    const badKey = rawKey !== undefined && (key === undefined || !IDEMPOTENCY_KEY.test(key));
    const successStatus =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      (req.method === 'POST' ? 201 : 200);

    const work = this.dataSource.transaction(async (manager) => {
      // Binds the transaction to the token's clinic and checks the session under RLS (401 if
      // it is no longer live), reading the user's current roles; see app_begin_request.
      const [begun] = (await manager.query(`SELECT app_begin_request($1, $2, $3, $4) AS roles`, [
        principal.sessionId,
        principal.userId,
        principal.clinicId,
        this.config.sessionIdleMinutes,
      ])) as { roles: Role[] | null }[];
      if (!begun.roles) throw new UnauthenticatedError();
      principal.roles = begun.roles;
      if (badKey) {
        throw ValidationProblem.field(
          'Idempotency-Key',
          'Idempotency-Key must be 1–200 printable ASCII characters',
        );
      }
      const scope = key
        ? [principal.clinicId, principal.userId, req.method, req.originalUrl.split('?')[0], key]
        : undefined;
      const hash = key ? bodyHash(req.body) : '';
      if (scope) {
        const stored = await this.claimKey(manager, scope, hash);
        if (stored) {
          res.setHeader('Idempotent-Replayed', 'true');
          if (stored.etag) res.setHeader('ETag', stored.etag);
          return stored.response_body;
        }
      }
      // The handler runs in the request's own async context (opened by requestContextMiddleware),
      // which lends it the transaction for as long as the transaction is open.
      ctx!.manager = manager;
      let result: unknown;
      try {
        result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      } finally {
        ctx!.manager = undefined;
      }
      if (scope && successStatus >= 200 && successStatus < 300) {
        const etag = res.getHeader('ETag');
        await manager.query(
          `INSERT INTO idempotency_keys (clinic_id, user_id, method, path, key, request_hash, status_code,
                                         response_body, etag)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (clinic_id, user_id, method, path, key) DO UPDATE
             SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
                 response_body = EXCLUDED.response_body, etag = EXCLUDED.etag, created_at = now()`,
          [
            ...scope,
            hash,
            successStatus,
            JSON.stringify(result ?? null),
            typeof etag === 'string' ? etag : null,
          ],
        );
      }
      return result;
    });

    return from(
      work.catch(async (err: unknown) => {
        await this.auditRefusal(req, principal, err);
        throw err;
      }),
    );
  }

  /**
   * Takes the key's lock for this transaction (409 if another request holds it), then returns
   * the stored answer to replay, if there is one from the last 24 hours.
   */
  private async claimKey(m: EntityManager, scope: string[], hash: string): Promise<StoredAnswer | undefined> {
    const [lock] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok`, [
      scope.join('\n'),
    ])) as { ok: boolean }[];
    if (!lock.ok) throw new ConflictError('A request with this Idempotency-Key is still in progress.', 1);
    const rows = (await m.query(
      `SELECT request_hash, status_code, response_body, etag FROM idempotency_keys
        WHERE clinic_id = $1 AND user_id = $2 AND method = $3 AND path = $4 AND key = $5
          AND created_at > now() - interval '24 hours'`,
      scope,
    )) as StoredAnswer[];
    const stored = rows[0];
    if (stored && stored.request_hash !== hash) throw new IdempotencyKeyReusedError();
    return stored;
  }

  /** A refused attempt leaves a trace even though its transaction rolled back. */
  private async auditRefusal(req: Request, principal: Principal, err: unknown): Promise<void> {
    const problem = toProblem(err);
    if (!REFUSED.has(problem.status) && problem.status < 500) return;
    if (this.watchdog.hung) {
      // The audit row would wait on the same hung server; it is the same outage.
      logger.warn('could not audit a refused request', { error: 'the database does not answer' });
      return;
    }
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const segment = /^\/api\/v1\/([a-z-]+)/.exec(route)?.[1] ?? 'request';
    try {
      await this.dataSource.transaction(async (m) => {
        await bindTenant(m, principal);
        await m.query(
          `INSERT INTO audit_events (clinic_id, user_id, action, outcome, entity_type, entity_id, ip, user_agent, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            principal.clinicId,
            principal.userId,
            `${req.method.toLowerCase()} ${route}`,
            problem.status >= 500 ? 'failure' : 'denied',
            segment.replace(/-events$/, '_event').replace(/s$/, ''),
            // As sent, but text PostgreSQL can store: no NUL, at most 200 characters.
            typeof req.params?.id === 'string' ? req.params.id.replace(/\0/g, '\uFFFD').slice(0, 200) : null,
            requestContext.current()?.ip ?? null,
            requestContext.current()?.userAgent ?? null,
            JSON.stringify({ status: problem.status, type: problem.type }),
          ],
        );
      });
    } catch (auditErr) {
      // While the database is away this cannot be written either; it is the same outage.
      (problem.status === 503 ? logger.warn : logger.error)('could not audit a refused request', {
        error: String(auditErr),
      });
    }
  }
}
