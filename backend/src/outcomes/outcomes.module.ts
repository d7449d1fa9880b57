import { Global, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClinicTimeZoneChange } from '../clinics/time-zone-change.js';
import { EpisodesModule } from '../episodes/episodes.module.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { rebuildEpisodeSummaries } from './episode-summaries.js';
import { OutcomesController } from './outcomes.controller.js';
import { OutcomesService } from './outcomes.service.js';

/** Visit days (and so weeks) are calendar dates in the clinic's time zone: its summaries follow it. */
export class SummariesFollowTimeZone extends ClinicTimeZoneChange {
  async changed(m: EntityManager, clinicId: string): Promise<void> {
    await rebuildEpisodeSummaries(m, { clinicId });
  }
}

/** Global for the one provider the clinic module reads (ClinicTimeZoneChange). */
@Global()
@Module({
  imports: [EpisodesModule],
  controllers: [OutcomesController],
  providers: [
    OutcomesService,
    AnalyticsRepository,
    { provide: ClinicTimeZoneChange, useClass: SummariesFollowTimeZone },
  ],
  exports: [ClinicTimeZoneChange],
})
export class OutcomesModule {}
