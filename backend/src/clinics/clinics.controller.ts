import { Body, Controller, Get, Patch, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicView, UpdateClinicDto } from './dto/clinic.dto.js';

@ApiTags('clinic')
@Controller('clinic')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: ClinicView })
  async get(@Res({ passthrough: true }) res: Response): Promise<ClinicView> {
    const clinic = await this.clinics.get();
    setEtag(res, clinic.version);
    return clinic;
  }

  @Patch()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: ClinicView })
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
