import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module.js';
import { VisitsController } from './visits.controller.js';
import { VisitsService } from './visits.service.js';

@Module({ imports: [EpisodesModule], controllers: [VisitsController], providers: [VisitsService] })
export class VisitsModule {}
