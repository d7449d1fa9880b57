import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { RefusedRequestRecorder } from '../access/tenant-request.interceptor.js';
import { logger } from '../common/logger.js';
import { toProblem } from '../common/problem-response.js';
import { requestContext, type Principal } from '../common/request-context.js';
import { DatabaseHangWatchdog } from '../database/hang-watchdog.js';
import { bindTenant } from '../database/tenant-transaction.js';
import { insertAuditEvent } from './audit.repository.js';

/** Statuses of refused attempts, audited in a transaction of their own. */
const REFUSED = new Set([403, 404, 409, 412, 422, 428]);

/**
 * A refused (403, 404, 409, 412, 422, 428) or failed (5xx) authenticated request leaves a
 * trace even though its transaction rolled back: one `denied`/`failure` event, written in a
 * transaction of its own.
 */
@Injectable()
export class RefusedRequestAudit implements RefusedRequestRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly watchdog: DatabaseHangWatchdog,
  ) {}

  async record(req: Request, principal: Principal, err: unknown): Promise<void> {
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
        await insertAuditEvent(m, {
          clinicId: principal.clinicId,
          userId: principal.userId,
          action: `${req.method.toLowerCase()} ${route}`,
          outcome: problem.status >= 500 ? 'failure' : 'denied',
          entityType: segment.replace(/-events$/, '_event').replace(/s$/, ''),
          // As sent, but text PostgreSQL can store: no NUL, at most 200 characters.
          entityId:
            typeof req.params?.id === 'string' ? req.params.id.replace(/\0/g, '\uFFFD').slice(0, 200) : null,
          changedFields: null,
          detail: { status: problem.status, type: problem.type },
          ip: requestContext.current()?.ip ?? null,
          userAgent: requestContext.current()?.userAgent ?? null,
        });
      });
    } catch (auditErr) {
      // While the database is away this cannot be written either; it is the same outage.
      (problem.status === 503 ? logger.warn : logger.error)('could not audit a refused request', {
        error: String(auditErr),
      });
    }
  }
}
