import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { OutcomesController } from './outcomes.controller.js';
import { OutcomesService } from './outcomes.service.js';

@Module({
  imports: [EpisodesModule],
  controllers: [OutcomesController],
  providers: [OutcomesService, AnalyticsRepository],
})
export class OutcomesModule {}
