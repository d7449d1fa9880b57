import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clinics (the tenant), users, sign-in sessions with rotating refresh tokens, sign-in failure
 * counters and the append-only audit log.
 */
export class Accounts1764000000000 implements MigrationInterface {
  name = 'Accounts1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clinics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        timezone text NOT NULL DEFAULT 'UTC',
        distance_unit text NOT NULL DEFAULT 'km' CHECK (distance_unit IN ('km', 'mi')),
        require_mfa_for_admins boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        roles text[] NOT NULL
          CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['admin', 'therapist']::text[]),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        mfa_enabled boolean NOT NULL DEFAULT false,
        mfa_secret text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_clinic_id_idx ON users (clinic_id, full_name)`);

    // One row per sign-in: the refresh-token family. Revoking it ends every token of the family.
    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX auth_sessions_clinic_id_idx ON auth_sessions (clinic_id)`);
    await q.query(
      `CREATE INDEX auth_sessions_live_user_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL`,
    );

    // Only a SHA-256 of each refresh token is kept. used_at marks a rotated token: presenting it
    // again is reuse, which revokes the family.
    await q.query(`
      CREATE TABLE refresh_tokens (
        token_hash bytea PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id)`);
    await q.query(`CREATE INDEX refresh_tokens_clinic_id_idx ON refresh_tokens (clinic_id)`);

    // Failed sign-ins, counted per account and per address over a sliding window. Read before
    // the clinic is known, so it holds no clinic and no patient data.
    await q.query(`
      CREATE TABLE sign_in_failures (
        id bigserial PRIMARY KEY,
        email_key text NOT NULL,
        address text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email_key, at)`);
    await q.query(`CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (address, at)`);

    // clinic_id is null only for sign-in attempts whose email matches no account.
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        clinic_id uuid REFERENCES clinics(id),
        user_id uuid,
        action text NOT NULL,
        entity_type text,
        entity_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
        ip text,
        user_agent text,
        changed_fields text[],
        detail jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_clinic_at_idx ON audit_events (clinic_id, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (clinic_id, entity_type, entity_id)`);
    await q.query(`CREATE INDEX audit_events_user_idx ON audit_events (clinic_id, user_id, at DESC)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE sign_in_failures`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE auth_sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE clinics`);
  }
}
