import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { IdParam } from '../common/id-param.js';
import { ApiIfMatch, ApiProblems, ApiResource } from '../common/openapi.js';
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
  @ApiProblems([404, 'No such episode in your clinic.'])
  @ApiOperation({ summary: 'List an episode’s visits' })
  list(@IdParam() episodeId: string, @Query() q: PageQuery): Promise<VisitPage> {
    return this.visits.list(episodeId, q);
  }

  @Post('episodes/:id/visits')
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(201, VisitView, 'A draft; the caller is its therapist.')
  @ApiProblems([404, 'No such episode in your clinic.'], [409, 'The episode is discharged or cancelled.'])
  @ApiOperation({ summary: 'Start a visit (draft)' })
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
  @ApiOkResponse({
    type: HomeProgramView,
    description:
      'The prescription of the latest signed visit that has one; visitId null and no items when none.',
  })
  @ApiProblems([404, 'No such episode in your clinic.'])
  @ApiOperation({ summary: 'The episode’s home program' })
  homeProgram(@IdParam() episodeId: string): Promise<HomeProgramView> {
    return this.visits.homeProgram(episodeId);
  }

  @Get('visits/:id')
  @Authenticated()
  @ApiResource(200, VisitView)
  @ApiProblems(404)
  @ApiOperation({ summary: 'Get a visit' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<VisitView> {
    const visit = await this.visits.get(id);
    setEtag(res, visit.version);
    return visit;
  }

  @Patch('visits/:id')
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(200, VisitView, 'Drafts only; each array replaces the old one whole.')
  @ApiIfMatch({ required: true })
  @ApiProblems(
    404,
    [403, 'Only the visit’s creator may change it.'],
    [409, 'The visit is signed, or its episode is closed.'],
  )
  @ApiOperation({ summary: 'Change a draft visit' })
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
  @ApiIfMatch({ required: false })
  @ApiProblems(
    404,
    [403, 'Only the visit’s creator (or an admin, for a draft of an inactive creator) may delete it.'],
    [409, 'The visit is signed, or its episode is closed.'],
  )
  @ApiOperation({ summary: 'Delete a draft visit' })
  async remove(@IdParam() id: string, @Req() req: Request): Promise<void> {
    await this.visits.remove(id, readIfMatch(req));
  }

  @Post('visits/:id/sign')
  @HttpCode(200)
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(200, VisitView, 'Signed: it never changes again.')
  @ApiIfMatch({ required: false })
  @ApiProblems(
    404,
    [403, 'Only the visit’s creator may sign it.'],
    [409, 'The visit is signed already, or its episode is closed.'],
    [422, 'Cannot sign yet (/problems/sign-incomplete): `errors` lists every failing rule, in order.'],
  )
  @ApiOperation({ summary: 'Sign a visit' })
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
  @ApiResource(201, VisitView, 'The visit with its addenda.')
  @ApiProblems(
    404,
    [403, 'Only the visit’s creator may add an addendum.'],
    [409, 'Addenda are for signed visits.'],
  )
  @ApiOperation({ summary: 'Add an addendum to a signed visit' })
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
