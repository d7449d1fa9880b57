import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { IdParam } from '../common/id-param.js';
import { ApiIfMatch, ApiProblems, ApiResource } from '../common/openapi.js';
import { PageQuery } from '../common/pagination.js';
import {
  CancelEpisodeDto,
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodePage,
  EpisodeView,
  UpdateEpisodeDto,
} from './dto/episode.dto.js';
import { EpisodesService } from './episodes.service.js';

@ApiTags('episodes')
@Controller()
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  @Get('patients/:id/episodes')
  @Authenticated()
  @ApiOkResponse({ type: EpisodePage, description: 'Newest start first.' })
  @ApiProblems([404, 'No such patient in your clinic.'])
  @ApiOperation({ summary: 'List a patient’s episodes of care' })
  list(@IdParam() patientId: string, @Query() q: PageQuery): Promise<EpisodePage> {
    return this.episodes.listForPatient(patientId, q);
  }

  @Post('patients/:id/episodes')
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(201, EpisodeView)
  @ApiProblems([404, 'No such patient in your clinic.'], [409, 'The patient is archived and read-only.'])
  @ApiOperation({ summary: 'Open an episode of care' })
  async create(
    @IdParam() patientId: string,
    @Body() dto: CreateEpisodeDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EpisodeView> {
    const episode = await this.episodes.create(patientId, dto);
    setEtag(res, episode.version);
    return episode;
  }

  @Get('episodes/:id')
  @Authenticated()
  @ApiResource(200, EpisodeView, 'With its offTrack reasons.')
  @ApiProblems(404)
  @ApiOperation({ summary: 'Get an episode of care' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<EpisodeView> {
    const episode = await this.episodes.get(id);
    setEtag(res, episode.version);
    return episode;
  }

  @Patch('episodes/:id')
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(200, EpisodeView)
  @ApiIfMatch({ required: true })
  @ApiProblems(404, [409, 'The episode is discharged or cancelled.'])
  @ApiOperation({ summary: 'Change an episode of care' })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateEpisodeDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EpisodeView> {
    const episode = await this.episodes.update(id, dto, readIfMatch(req));
    setEtag(res, episode.version);
    return episode;
  }

  @Post('episodes/:id/discharge')
  @HttpCode(200)
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(200, EpisodeView, 'The episode, discharged.')
  @ApiIfMatch({ required: false })
  @ApiProblems(404, [409, 'The episode is closed, or has draft visits open.'])
  @ApiOperation({ summary: 'Discharge an episode' })
  async discharge(
    @IdParam() id: string,
    @Body() dto: DischargeEpisodeDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EpisodeView> {
    const episode = await this.episodes.discharge(id, dto, readIfMatch(req));
    setEtag(res, episode.version);
    return episode;
  }

  @Post('episodes/:id/cancel')
  @HttpCode(200)
  @Authenticated({ roles: ['therapist'] })
  @ApiResource(200, EpisodeView, 'The episode, cancelled; its drafts are deleted.')
  @ApiIfMatch({ required: false })
  @ApiProblems(404, [409, 'The episode is closed.'])
  @ApiOperation({ summary: 'Cancel an episode' })
  async cancel(
    @IdParam() id: string,
    @Body() dto: CancelEpisodeDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EpisodeView> {
    const episode = await this.episodes.cancel(id, dto, readIfMatch(req));
    setEtag(res, episode.version);
    return episode;
  }
}
