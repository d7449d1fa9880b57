import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';
import { bindTenant } from '../database/tenant-transaction.js';
import { type AuditOutcome, insertAuditEvent } from './audit.repository.js';

export interface AuditInput {
  action: string;
  outcome?: AuditOutcome;
  entityType?: string;
  entityId?: string;
  changedFields?: string[];
  detail?: Record<string, unknown>;
  /** Defaults to the authenticated caller's. */
  clinicId?: string | null;
  userId?: string | null;
}

/** Writes audit events; callers pick the transaction so the event commits with the work. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** In the given transaction (the request's, for work that succeeds). */
  async record(manager: EntityManager, input: AuditInput): Promise<void> {
    const ctx = requestContext.current();
    const principal = ctx?.principal;
    await insertAuditEvent(manager, {
      clinicId: input.clinicId !== undefined ? input.clinicId : (principal?.clinicId ?? null),
      userId: input.userId !== undefined ? input.userId : (principal?.userId ?? null),
      action: input.action,
      outcome: input.outcome ?? 'success',
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      changedFields: input.changedFields ?? null,
      detail: input.detail ?? null,
      ip: ctx?.ip ?? null,
      userAgent: ctx?.userAgent ?? null,
    });
  }

  /** In a transaction of its own, for refused or failed attempts whose work rolls back. */
  async recordSeparately(input: AuditInput): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const clinicId = input.clinicId ?? requestContext.current()?.principal?.clinicId;
      if (clinicId) await bindTenant(m, { clinicId });
      await this.record(m, input);
    });
  }
}
