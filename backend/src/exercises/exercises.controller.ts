import { Body, Controller, Get, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { IdParam } from '../common/id-param.js';
import {
  CreateExerciseDto,
  ExercisePage,
  ExerciseQuery,
  ExerciseView,
  UpdateExerciseDto,
} from './dto/exercise.dto.js';
import { ExercisesService } from './exercises.service.js';

@ApiTags('exercises')
@Controller('exercises')
export class ExercisesController {
  constructor(private readonly exercises: ExercisesService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({
    type: ExercisePage,
    description: 'The global library and your clinic’s exercises, by name.',
  })
  list(@Query() q: ExerciseQuery): Promise<ExercisePage> {
    return this.exercises.list(q);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: ExerciseView })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<ExerciseView> {
    const exercise = await this.exercises.get(id);
    setEtag(res, exercise.version);
    return exercise;
  }

  @Post()
  @Authenticated({ roles: ['therapist', 'admin'] })
  @ApiCreatedResponse({ type: ExerciseView })
  async create(
    @Body() dto: CreateExerciseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExerciseView> {
    const exercise = await this.exercises.create(dto);
    setEtag(res, exercise.version);
    return exercise;
  }

  @Patch(':id')
  @Authenticated({ roles: ['therapist', 'admin'] })
  @ApiOkResponse({ type: ExerciseView, description: 'Your clinic’s exercises only: a global one is 403.' })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateExerciseDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExerciseView> {
    const exercise = await this.exercises.update(id, dto, readIfMatch(req));
    setEtag(res, exercise.version);
    return exercise;
  }
}
