import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { IdParam } from '../common/id-param.js';
import { PageQuery } from '../common/pagination.js';
import {
  AddendumDto,
  CreateVisitDto,
  HomeProgramView,
  UpdateVisitDto,
  VisitPage,
  VisitView,
} from './dto/visit.dto.js';
import { VisitsService } from './visits.service.js';

@ApiTags('visits')
@Controller()
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Get('episodes/:id/visits')
  @Authenticated()
  @ApiOkResponse({ type: VisitPage, description: 'In visit order: visit date, creation time, id.' })
  list(@IdParam() episodeId: string, @Query() q: PageQuery): Promise<VisitPage> {
    return this.visits.list(episodeId, q);
  }

  @Post('episodes/:id/visits')
  @Authenticated({ roles: ['therapist'] })
  @ApiCreatedResponse({ type: VisitView, description: 'A draft; the caller is its therapist.' })
  async create(
    @IdParam() episodeId: string,
    @Body() dto: CreateVisitDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VisitView> {
    const visit = await this.visits.create(episodeId, dto);
    setEtag(res, visit.version);
    return visit;
  }

  @Get('episodes/:id/home-program')
  @Authenticated()
  @ApiOkResponse({ type: HomeProgramView })
  homeProgram(@IdParam() episodeId: string): Promise<HomeProgramView> {
    return this.visits.homeProgram(episodeId);
  }

  @Get('visits/:id')
  @Authenticated()
  @ApiOkResponse({ type: VisitView })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<VisitView> {
    const visit = await this.visits.get(id);
    setEtag(res, visit.version);
    return visit;
  }

  @Patch('visits/:id')
  @Authenticated({ roles: ['therapist'] })
  @ApiOkResponse({ type: VisitView, description: 'Drafts only; each array replaces the old one whole.' })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateVisitDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VisitView> {
    const visit = await this.visits.update(id, dto, readIfMatch(req));
    setEtag(res, visit.version);
    return visit;
  }

  @Delete('visits/:id')
  @HttpCode(204)
  @Authenticated({ roles: ['therapist'] })
  @ApiNoContentResponse({ description: 'Drafts only.' })
  async remove(@IdParam() id: string, @Req() req: Request): Promise<void> {
    await this.visits.remove(id, readIfMatch(req));
  }

  @Post('visits/:id/sign')
  @HttpCode(200)
  @Authenticated({ roles: ['therapist'] })
  @ApiOkResponse({
    type: VisitView,
    description: "Only the visit's creator; a signed visit never changes again.",
  })
  async sign(
    @IdParam() id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VisitView> {
    const visit = await this.visits.sign(id, readIfMatch(req));
    setEtag(res, visit.version);
    return visit;
  }

  @Post('visits/:id/addenda')
  @Authenticated({ roles: ['therapist'] })
  @ApiCreatedResponse({ type: VisitView, description: 'The visit with its addenda.' })
  async addAddendum(
    @IdParam() id: string,
    @Body() dto: AddendumDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VisitView> {
    const visit = await this.visits.addAddendum(id, dto.text);
    setEtag(res, visit.version);
    return visit;
  }
}
