import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import type { Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { IdParam } from '../common/id-param.js';
import { ApiProblems } from '../common/openapi.js';
import { IsCalendarDate } from '../common/validators.js';
import { INSTRUMENTS } from '@stride/clinical';
import { csvLine } from './csv.js';
import { AnalyticsView, EpisodeOutcomesView } from './dto/outcomes.dto.js';
import { OutcomesService } from './outcomes.service.js';

export class AnalyticsQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Episodes starting on or after (default today − 365 days)',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Episodes starting on or before (default today)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  @ApiPropertyOptional({ description: 'ICD-10 prefix, e.g. M76 (1–8 of A–Z, 0–9 and dots; upper-cased)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString()
  @Matches(/^[A-Z0-9.]{1,8}$/, { message: 'diagnosis must be an ICD-10 code prefix such as M76' })
  diagnosis?: string;
}

@ApiTags('outcomes')
@Controller()
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get('analytics/outcomes')
  @Authenticated({ roles: ['admin', 'therapist'] })
  @ApiOkResponse({
    type: AnalyticsView,
    description:
      'Clinic outcomes (admins) or the caller’s own episodes (therapists), of the episodes starting ' +
      'from `from` to `to`; outcome-math.ts and off-track.ts define the figures.',
  })
  @ApiProblems(
    [400, 'A filter is invalid, or from is after to.'],
    [403, 'A therapist asked for another therapist’s episodes.'],
  )
  @ApiOperation({ summary: 'Outcome analytics' })
  analytics(@Query() q: AnalyticsQuery) {
    return this.outcomes.analytics(q);
  }

  @Get('analytics/outcomes.csv')
  @Authenticated({ roles: ['admin'] })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'One row per episode; RFC 4180; text cells beginning with = + - @ are prefixed with an apostrophe. ' +
      'Header: episode_id, mrn, patient, therapist, diagnosis_code, start_date, status, discharge_date, ' +
      'signed_visits, then <code>_baseline, <code>_latest, <code>_change, <code>_mcid per instrument, then off_track.',
    content: { 'text/csv': { schema: { type: 'string' } } },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="stride-outcomes.csv"',
        required: true,
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems([400, 'A filter is invalid, or from is after to.'])
  @ApiOperation({ summary: 'Outcome analytics as CSV' })
  async csv(@Query() q: AnalyticsQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const rows = await this.outcomes.exportRows(q);
    const header = [
      'episode_id',
      'mrn',
      'patient',
      'therapist',
      'diagnosis_code',
      'start_date',
      'status',
      'discharge_date',
      'signed_visits',
      ...INSTRUMENTS.flatMap((i) => [
        `${i.code}_baseline`,
        `${i.code}_latest`,
        `${i.code}_change`,
        `${i.code}_mcid`,
      ]),
      'off_track',
    ];
    let body = csvLine(header);
    for (const e of rows) {
      body += csvLine([
        e.id,
        e.mrn,
        e.patientName,
        e.therapist,
        e.diagnosisCode,
        e.startDate,
        e.status,
        e.dischargeDate,
        e.signedVisits,
        ...INSTRUMENTS.flatMap((i) => {
          const o = e.outcomes[i.code];
          return [o.baseline, o.latest, o.change, o.mcidReached];
        }),
        e.reasons.join(';'),
      ]);
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="stride-outcomes.csv"`);
    return body;
  }

  @Get('episodes/:id/outcomes')
  @Authenticated()
  @ApiOkResponse({
    type: EpisodeOutcomesView,
    description: 'Baseline, latest, change, MCID and the series of signed values of every instrument.',
  })
  @ApiProblems(404)
  @ApiOperation({ summary: 'An episode’s outcomes' })
  episode(@IdParam() id: string) {
    return this.outcomes.episodeOutcomes(id);
  }
}
