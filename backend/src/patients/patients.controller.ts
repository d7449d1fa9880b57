import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { ApiIfMatch, ApiProblems, ApiResource } from '../common/openapi.js';
import { IdParam } from '../common/id-param.js';
import {
  CreatePatientDto,
  PatientPage,
  PatientQuery,
  PatientView,
  UpdatePatientDto,
} from './dto/patient.dto.js';
import { PatientsService } from './patients.service.js';

@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: PatientPage, description: 'By last name, then first name.' })
  @ApiOperation({ summary: 'Search patients' })
  list(@Query() q: PatientQuery): Promise<PatientPage> {
    return this.patients.list(q);
  }

  @Post()
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(201, PatientView, 'Created, with the next MRN of the clinic.')
  @ApiOperation({ summary: 'Register a patient' })
  async create(
    @Body() dto: CreatePatientDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientView> {
    const patient = await this.patients.create(dto);
    setEtag(res, patient.version);
    return patient;
  }

  @Get(':id')
  @Authenticated()
  @ApiResource(200, PatientView)
  @ApiProblems(404)
  @ApiOperation({ summary: 'Get a patient' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<PatientView> {
    const patient = await this.patients.get(id);
    setEtag(res, patient.version);
    return patient;
  }

  @Patch(':id')
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(200, PatientView)
  @ApiIfMatch({ required: true })
  @ApiProblems(404, [409, 'The patient is archived and read-only.'])
  @ApiOperation({ summary: 'Change a patient' })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdatePatientDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientView> {
    const patient = await this.patients.update(id, dto, readIfMatch(req));
    setEtag(res, patient.version);
    return patient;
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ roles: ['therapist'] })
  @ApiNoContentResponse({ description: 'Archived (the record is kept, read-only); archiving twice is fine.' })
  @ApiIfMatch({ required: false })
  @ApiProblems(404, [409, 'The patient has an active episode of care.'])
  @ApiOperation({ summary: 'Archive a patient' })
  async archive(@IdParam() id: string, @Req() req: Request): Promise<void> {
    await this.patients.archive(id, readIfMatch(req));
  }
}
