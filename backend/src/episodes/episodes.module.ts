import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { EpisodesController } from './episodes.controller.js';
import { EpisodesRepository } from './episodes.repository.js';
import { EpisodesService } from './episodes.service.js';

@Module({
  imports: [PatientsModule],
  controllers: [EpisodesController],
  providers: [EpisodesService, EpisodesRepository],
  exports: [EpisodesService],
})
export class EpisodesModule {}
