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
import { DataSource } from 'typeorm';
import { UnauthenticatedError } from '../common/problems.js';
import { requestContext, type Principal } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { beginTenantRequest } from '../database/tenant-transaction.js';
import {
  claimIdempotencyKey,
  idempotentRequest,
  readIdempotencyKey,
  storeIdempotentAnswer,
} from '../idempotency/idempotency.js';

/**
 * Leaves a trace of a refused or failed authenticated request, whose own transaction rolled
 * back. Provided by the audit module (audit/refused-requests.ts).
 */
export abstract class RefusedRequestRecorder {
  abstract record(req: Request, principal: Principal, err: unknown): Promise<void>;
}

/**
 * Runs the route handler, its pipes and everything it writes in one transaction bound to the
 * authenticated clinic (database/tenant-transaction.ts); a thrown error rolls the whole request
 * back. A POST with an `Idempotency-Key` is answered once (idempotency/idempotency.ts); a
 * refused or failed request is audited apart (RefusedRequestRecorder).
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refusals: RefusedRequestRecorder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = requestContext.current();
    const principal = requestContext.principal();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const successStatus =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      (req.method === 'POST' ? 201 : 200);

    const work = this.dataSource.transaction(async (manager) => {
      // Binds the transaction to the token's clinic and checks the session under RLS (401 if
      // it is no longer live), reading the user's current roles.
      const roles = await beginTenantRequest(manager, principal, this.config.sessionIdleMinutes);
      if (!roles) throw new UnauthenticatedError();
      principal.roles = roles;
      const key = req.method === 'POST' ? readIdempotencyKey(req.headers['idempotency-key']) : undefined;
      const idempotent = key
        ? idempotentRequest(principal, req.method, req.originalUrl, key, req.body)
        : undefined;
      if (idempotent) {
        const stored = await claimIdempotencyKey(manager, idempotent);
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
      if (idempotent && successStatus >= 200 && successStatus < 300) {
        const etag = res.getHeader('ETag');
        await storeIdempotentAnswer(manager, idempotent, {
          status: successStatus,
          body: result,
          etag: typeof etag === 'string' ? etag : null,
        });
      }
      return result;
    });

    return from(
      work.catch(async (err: unknown) => {
        await this.refusals.record(req, principal, err);
        throw err;
      }),
    );
  }
}
