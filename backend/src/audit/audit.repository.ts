import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { countRows, windowTotal } from '../common/pagination.js';
import { requestContext } from '../common/request-context.js';
import { TenantRepository } from '../database/tenant-repository.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One event as written; append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export interface NewAuditEvent {
  clinicId: string | null;
  userId: string | null;
  action: string;
  outcome: AuditOutcome;
  entityType: string | null;
  entityId: string | null;
  changedFields: string[] | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
}

interface AuditRow {
  id: string;
  at: Date;
  clinic_id: string;
  user_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  changed_fields: string[] | null;
  detail: Record<string, unknown> | null;
}

/** An event as the API shows it (`AuditEventView`). */
export interface AuditEventItem {
  id: string;
  at: string;
  clinicId: string;
  userId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  changedFields: string[] | null;
  detail: Record<string, unknown> | null;
}

function toItem(r: AuditRow): AuditEventItem {
  return {
    id: r.id,
    at: r.at.toISOString(),
    clinicId: r.clinic_id,
    userId: r.user_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    outcome: r.outcome,
    ip: r.ip,
    userAgent: r.user_agent,
    changedFields: r.changed_fields,
    detail: r.detail,
  };
}

const AUDIT_COLUMNS = `id, at, clinic_id, user_id, action, entity_type, entity_id, outcome, ip, user_agent,
  changed_fields, detail`;

/** What the audit log can be searched by (each optional; `from`/`to` are UTC dates, inclusive). */
export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  userId?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** Writes an event in the given transaction (the request's, or one of its own). */
export async function insertAuditEvent(m: EntityManager, e: NewAuditEvent): Promise<void> {
  await m.query(
    `INSERT INTO audit_events
       (clinic_id, user_id, action, outcome, entity_type, entity_id, changed_fields, detail, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.clinicId,
      e.userId,
      e.action,
      e.outcome,
      e.entityType,
      e.entityId,
      e.changedFields,
      e.detail ? JSON.stringify(e.detail) : null,
      e.ip,
      e.userAgent,
    ],
  );
}

/** The audit log of the caller's clinic. */
@Injectable()
export class AuditRepository extends TenantRepository {
  /** Newest first, with the total of matches. */
  async page(
    f: AuditFilters,
    limit: number,
    offset: number,
  ): Promise<{ items: AuditEventItem[]; total: number }> {
    const params: unknown[] = [requestContext.principal().clinicId];
    const where = ['clinic_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.entityType) add('entity_type = ?', f.entityType);
    if (f.entityId) add('entity_id = ?', f.entityId);
    if (f.userId) add('user_id = ?', f.userId);
    if (f.action) add('action = ?', f.action);
    if (f.from) add(`at >= ?::date`, f.from);
    if (f.to) add(`at < ?::date + 1`, f.to);
    const m = this.db.manager;
    const rows = (await m.query(
      `SELECT ${AUDIT_COLUMNS}, count(*) OVER () AS total
         FROM audit_events WHERE ${where.join(' AND ')}
        ORDER BY at DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    )) as (AuditRow & { total: string })[];
    const total = await windowTotal(rows, offset, () =>
      countRows(m, 'audit_events', where.join(' AND '), params),
    );
    return { items: rows.map(toItem), total };
  }
}
