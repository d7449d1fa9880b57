import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';
import type { AuditOutcome } from './audit-event.entity.js';

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
    await manager.query(
      `INSERT INTO audit_events
         (clinic_id, user_id, action, outcome, entity_type, entity_id, changed_fields, detail, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        input.clinicId !== undefined ? input.clinicId : (principal?.clinicId ?? null),
        input.userId !== undefined ? input.userId : (principal?.userId ?? null),
        input.action,
        input.outcome ?? 'success',
        input.entityType ?? null,
        input.entityId ?? null,
        input.changedFields ?? null,
        input.detail ? JSON.stringify(input.detail) : null,
        ctx?.ip ?? null,
        ctx?.userAgent ?? null,
      ],
    );
  }

  /** In a transaction of its own, for refused or failed attempts whose work rolls back. */
  async recordSeparately(input: AuditInput): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const clinicId = input.clinicId ?? requestContext.current()?.principal?.clinicId;
      if (clinicId) await m.query(`SELECT set_config('app.clinic_id', $1, true)`, [clinicId]);
      await this.record(m, input);
    });
  }
}
