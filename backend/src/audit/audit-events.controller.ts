import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Authenticated } from '../access/authenticated.decorator.js';
import { type Page, PageQuery, pageWindow } from '../common/pagination.js';
import { ValidationProblem } from '../common/problems.js';
import { IsCalendarDate } from '../common/validators.js';
import { AuditRepository } from './audit.repository.js';

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

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditRepository) {}

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
    const { items, total } = await this.audit.page(q, pageSize, offset);
    return {
      items,
      total,
      page,
      pageSize,
    };
  }
}
