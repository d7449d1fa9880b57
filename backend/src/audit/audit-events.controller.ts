import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { countRows, type Page, PageQuery, pageWindow, windowTotal } from '../common/pagination.js';
import { ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { IsCalendarDate } from '../common/validators.js';
import { TenantDb } from '../database/tenant-transaction.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'visit', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: 'visit.sign', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ format: 'date', description: 'From this UTC date, inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'To this UTC date, inclusive' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class AuditEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) entityType: string | null;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'], enumName: 'AuditOutcome' }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ type: [String], nullable: true }) changedFields: string[] | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Free-form facts of the event',
  })
  detail: Record<string, unknown> | null;
}

export class AuditEventPage {
  @ApiProperty({ type: AuditEventView, isArray: true }) items: AuditEventView[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) pageSize: number;
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

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly db: TenantDb) {}

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({
    type: AuditEventPage,
    description: 'Newest first. Audit events can be neither edited nor deleted.',
  })
  @ApiOperation({ summary: 'List audit events' })
  async list(@Query() q: AuditQuery): Promise<Page<AuditEventView>> {
    if (q.from && q.to && q.from > q.to) throw ValidationProblem.field('from', 'from must not be after to');
    const { page, pageSize, offset } = pageWindow(q);
    const params: unknown[] = [requestContext.principal().clinicId];
    const where = ['clinic_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.entityType) add('entity_type = ?', q.entityType);
    if (q.entityId) add('entity_id = ?', q.entityId);
    if (q.userId) add('user_id = ?', q.userId);
    if (q.action) add('action = ?', q.action);
    if (q.from) add(`at >= ?::date`, q.from);
    if (q.to) add(`at < ?::date + 1`, q.to);
    const rows = (await this.db.manager.query(
      `SELECT id, at, clinic_id, user_id, action, entity_type, entity_id, outcome, ip, user_agent, changed_fields,
              detail, count(*) OVER () AS total
         FROM audit_events WHERE ${where.join(' AND ')}
        ORDER BY at DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    )) as (AuditRow & { total: string })[];
    const total = await windowTotal(rows, offset, () =>
      countRows(this.db.manager, 'audit_events', where.join(' AND '), params),
    );
    return {
      items: rows.map((r) => ({
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
      })),
      total,
      page,
      pageSize,
    };
  }
}
