import { Body, Controller, Get, Patch, Req, Res } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { ApiIfMatch, ApiProblems, ApiResource } from '../common/openapi.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicView, UpdateClinicDto } from './dto/clinic.dto.js';

@ApiTags('clinic')
@Controller('clinic')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get()
  @Authenticated()
  @ApiResource(200, ClinicView, 'The caller’s clinic.')
  @ApiOperation({ summary: 'Get the clinic' })
  async get(@Res({ passthrough: true }) res: Response): Promise<ClinicView> {
    const clinic = await this.clinics.get();
    setEtag(res, clinic.version);
    return clinic;
  }

  @Patch()
  @Authenticated({ roles: ['admin'] })
  @ApiResource(200, ClinicView)
  @ApiIfMatch({ required: true })
  @ApiProblems([409, 'Requiring two-step sign-in for admins needs it on for the caller first.'])
  @ApiOperation({ summary: 'Change the clinic’s settings' })
  async update(
    @Body() dto: UpdateClinicDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClinicView> {
    const clinic = await this.clinics.update(dto, readIfMatch(req));
    setEtag(res, clinic.version);
    return clinic;
  }
}
