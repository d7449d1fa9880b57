import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClinicsModule } from './clinics/clinics.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { HealthController } from './health/health.controller.js';
import { EpisodesModule } from './episodes/episodes.module.js';
import { ExercisesModule } from './exercises/exercises.module.js';
import { InstrumentsController } from './instruments/instruments.controller.js';
import { OutcomesModule } from './outcomes/outcomes.module.js';
import { PatientsModule } from './patients/patients.module.js';
import { UsersModule } from './users/users.module.js';
import { VisitsModule } from './visits/visits.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config, databaseUrl),
        AuditModule,
        AuthModule,
        UsersModule,
        ClinicsModule,
        PatientsModule,
        EpisodesModule,
        VisitsModule,
        ExercisesModule,
        OutcomesModule,
        DocumentsModule,
      ],
      controllers: [HealthController, InstrumentsController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
