import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ClinicsController } from './clinics.controller.js';
import { ClinicsRepository } from './clinics.repository.js';
import { ClinicsService } from './clinics.service.js';

@Module({
  imports: [UsersModule],
  controllers: [ClinicsController],
  providers: [ClinicsService, ClinicsRepository],
})
export class ClinicsModule {}
