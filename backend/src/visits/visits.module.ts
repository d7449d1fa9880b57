import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module.js';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { EpisodeSummariesModule } from './episode-summaries.module.js';
import { VisitsController } from './visits.controller.js';
import { VisitsRepository } from './visits.repository.js';
import { VisitsService } from './visits.service.js';

@Module({
  imports: [EpisodeSummariesModule, EpisodesModule, ExercisesModule],
  controllers: [VisitsController],
  providers: [VisitsService, VisitsRepository],
})
export class VisitsModule {}
