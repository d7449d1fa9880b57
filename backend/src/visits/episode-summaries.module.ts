import { Global, Injectable, Module } from '@nestjs/common';
import { TenantDb } from '../database/tenant-transaction.js';
import { EpisodeSummaries } from '../episodes/episode-summaries.port.js';
import { refreshEpisodeSummaries } from '../outcomes/episode-summaries.js';

/** `EpisodeSummaries` through outcomes' summary code, in the request's tenant transaction. */
@Injectable()
export class TenantEpisodeSummaries implements EpisodeSummaries {
  constructor(private readonly db: TenantDb) {}

  refresh(episodeIds: string[]): Promise<void> {
    return refreshEpisodeSummaries(this.db.manager, episodeIds);
  }
}

/**
 * Provides `EpisodeSummaries` to the episodes and visits domains. Global, because the episodes
 * module cannot import what depends on it; VisitsModule imports it once.
 */
@Global()
@Module({
  providers: [{ provide: EpisodeSummaries, useClass: TenantEpisodeSummaries }],
  exports: [EpisodeSummaries],
})
export class EpisodeSummariesModule {}
