/**
 * The per-episode summaries analytics read are derived from an episode and its signed visits;
 * they must follow when either changes. The episodes and visits domains name that need here
 * and call it; the implementation (which reads and writes the summaries) is provided by the
 * code that owns them (`visits/episode-summaries.module.ts` binds `outcomes/episode-summaries`),
 * so the episodes folder imports nothing from outcomes and outcomes may depend on episodes.
 */
export abstract class EpisodeSummaries {
  /** Recomputes the summaries of these episodes in the request's transaction. */
  abstract refresh(episodeIds: string[]): Promise<void>;
}
