import { Body, Controller, Get, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { IdParam } from '../common/id-param.js';
import { ApiIfMatch, ApiProblems, ApiResource } from '../common/openapi.js';
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
  @ApiOperation({ summary: 'Search the exercise library' })
  list(@Query() q: ExerciseQuery): Promise<ExercisePage> {
    return this.exercises.list(q);
  }

  @Get(':id')
  @Authenticated()
  @ApiResource(200, ExerciseView)
  @ApiProblems(404)
  @ApiOperation({ summary: 'Get an exercise' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<ExerciseView> {
    const exercise = await this.exercises.get(id);
    setEtag(res, exercise.version);
    return exercise;
  }

  @Post()
  @Authenticated({ roles: ['therapist', 'admin'] })
  @ApiResource(201, ExerciseView, 'Created in your clinic’s library.')
  @ApiOperation({ summary: 'Add an exercise' })
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
  @ApiResource(200, ExerciseView, 'Your clinic’s exercises only.')
  @ApiIfMatch({ required: true })
  @ApiProblems(404, [403, 'Needs the therapist or admin role; the global library cannot be edited.'])
  @ApiOperation({ summary: 'Change a clinic exercise' })
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
