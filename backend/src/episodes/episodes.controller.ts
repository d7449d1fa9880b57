import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { IdParam } from '../common/id-param.js';
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
  list(@IdParam() patientId: string, @Query() q: PageQuery): Promise<EpisodePage> {
    return this.episodes.listForPatient(patientId, q);
  }

  @Post('patients/:id/episodes')
  @Authenticated({ roles: ['therapist'] })
  @ApiCreatedResponse({ type: EpisodeView })
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
  @ApiOkResponse({ type: EpisodeView, description: 'With offTrack reasons.' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<EpisodeView> {
    const episode = await this.episodes.get(id);
    setEtag(res, episode.version);
    return episode;
  }

  @Patch('episodes/:id')
  @Authenticated({ roles: ['therapist'] })
  @ApiOkResponse({ type: EpisodeView })
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
  @ApiOkResponse({ type: EpisodeView })
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
  @ApiOkResponse({ type: EpisodeView })
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
