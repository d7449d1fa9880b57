import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-episode summary of its signed visits (outcome per instrument, pain points by week,
 * off-track facts), refreshed in the transaction that signs a visit or changes the episode,
 * so clinic analytics aggregate one row per episode instead of re-reading every visit.
 * Filled for existing episodes by `migrate()`; rebuilt from scratch by
 * `node backend/dist/database/cli.js rebuild-summaries`.
 */
export class EpisodeSummaries1764200000000 implements MigrationInterface {
  name = 'EpisodeSummaries1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE episode_summaries (
        episode_id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        signed_visits integer NOT NULL,
        last_signed_date date,
        mcid_by_visit_3 boolean NOT NULL,
        outcomes jsonb NOT NULL,
        pain_points jsonb NOT NULL,
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT episode_summaries_episode_fk FOREIGN KEY (episode_id, clinic_id)
          REFERENCES episodes (id, clinic_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX episode_summaries_clinic_idx ON episode_summaries (clinic_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE episode_summaries`);
  }
}
