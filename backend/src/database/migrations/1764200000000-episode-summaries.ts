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
    // Flat columns, so clinic analytics aggregate in SQL and send back a few numbers.
    await q.query(`
      CREATE TABLE episode_summaries (
        episode_id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        signed_visits integer NOT NULL,
        last_signed_date date,
        mcid_by_visit_3 boolean NOT NULL,
        nprs_activity_baseline float8,
        nprs_activity_latest float8,
        nprs_activity_change float8,
        nprs_activity_mcid boolean,
        nprs_rest_baseline float8,
        nprs_rest_latest float8,
        nprs_rest_change float8,
        nprs_rest_mcid boolean,
        nprs_worst_24h_baseline float8,
        nprs_worst_24h_latest float8,
        nprs_worst_24h_change float8,
        nprs_worst_24h_mcid boolean,
        lefs_baseline float8,
        lefs_latest float8,
        lefs_change float8,
        lefs_mcid boolean,
        psfs_baseline float8,
        psfs_latest float8,
        psfs_change float8,
        psfs_mcid boolean,
        pain_weeks integer[] NOT NULL,
        pain_values float8[] NOT NULL,
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
