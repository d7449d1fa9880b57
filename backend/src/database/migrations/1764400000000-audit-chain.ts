import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764300000000-row-level-security.js';

/**
 * A tamper-evident audit log: every audit event carries a SHA-256 chained to the event before
 * it, so editing or deleting a sealed event breaks the chain (`cli.js verify-audit` finds it).
 *
 * Events are inserted without their hash, in the request's own transaction, and sealed in
 * order shortly after by `audit_seal()` (the API calls it every second). Chaining at insert
 * time would make every request of every clinic wait for the previous one to commit; sealing
 * in batches keeps audit inserts concurrent. The chain order is the seal order
 * (`chain_pos`), so an event whose transaction commits late simply joins a later batch.
 *
 * Each hash is sha256(hex(previous hash) || canonical text of the event), where the canonical
 * text is every column in a fixed order, each as `<byte length>:<text>` or `~` for null — the
 * same text `backend/src/audit/audit-chain.ts` rebuilds to verify.
 */
export class AuditChain1764400000000 implements MigrationInterface {
  name = 'AuditChain1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events
        ADD COLUMN chain_pos bigint UNIQUE,
        ADD COLUMN prev_hash bytea,
        ADD COLUMN row_hash bytea`);
    await q.query(`CREATE INDEX audit_events_unsealed_idx ON audit_events (seq) WHERE chain_pos IS NULL`);

    // Append-only, except for sealing: setting the chain columns once, nothing else changed.
    // (Column by column: this runs for every event sealed.)
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL
             AND NEW.id = OLD.id AND NEW.seq = OLD.seq AND NEW.at = OLD.at
             AND NEW.clinic_id IS NOT DISTINCT FROM OLD.clinic_id
             AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id
             AND NEW.action = OLD.action AND NEW.outcome = OLD.outcome
             AND NEW.entity_type IS NOT DISTINCT FROM OLD.entity_type
             AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
             AND NEW.ip IS NOT DISTINCT FROM OLD.ip
             AND NEW.user_agent IS NOT DISTINCT FROM OLD.user_agent
             AND NEW.changed_fields IS NOT DISTINCT FROM OLD.changed_fields
             AND NEW.detail IS NOT DISTINCT FROM OLD.detail THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`
      CREATE TABLE audit_chain_head (
        id integer PRIMARY KEY CHECK (id = 1),
        last_pos bigint NOT NULL,
        last_hash bytea NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO audit_chain_head (id, last_pos, last_hash) VALUES (1, 0, '\\x${'00'.repeat(32)}')`,
    );

    await q.query(`
      CREATE FUNCTION audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v END
      $$`);
    await q.query(`
      CREATE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT audit_field(e.seq::text) || audit_field(e.id::text)
            || audit_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            || audit_field(e.clinic_id::text) || audit_field(e.user_id::text) || audit_field(e.action)
            || audit_field(e.entity_type) || audit_field(e.entity_id) || audit_field(e.outcome)
            || audit_field(e.ip) || audit_field(e.user_agent) || audit_field(e.changed_fields::text)
            || audit_field(e.detail::text)
      $$`);

    // Seals the events not sealed yet, oldest first, up to p_limit; returns how many. Runs as
    // the owner (it sees every clinic's events); concurrent sealers queue on the head row.
    await q.query(`
      CREATE FUNCTION audit_seal(p_limit integer DEFAULT 10000) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_pos bigint;
        v_prev bytea;
        v_hash bytea;
        v_seqs bigint[] := '{}';
        v_positions bigint[] := '{}';
        v_prevs bytea[] := '{}';
        v_hashes bytea[] := '{}';
        r record;
      BEGIN
        SELECT last_pos, last_hash INTO v_pos, v_prev FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        FOR r IN
          SELECT e.seq, audit_event_canonical(e) AS canonical
            FROM audit_events e WHERE e.chain_pos IS NULL ORDER BY e.seq LIMIT p_limit
        LOOP
          v_pos := v_pos + 1;
          v_hash := sha256(convert_to(encode(v_prev, 'hex') || r.canonical, 'UTF8'));
          v_seqs := v_seqs || r.seq;
          v_positions := v_positions || v_pos;
          v_prevs := v_prevs || v_prev;
          v_hashes := v_hashes || v_hash;
          v_prev := v_hash;
        END LOOP;
        IF cardinality(v_seqs) = 0 THEN
          RETURN 0;
        END IF;
        -- One statement for the whole batch.
        UPDATE audit_events e
           SET chain_pos = u.pos, prev_hash = u.prev, row_hash = u.hash
          FROM unnest(v_seqs, v_positions, v_prevs, v_hashes) AS u(seq, pos, prev, hash)
         WHERE e.seq = u.seq;
        UPDATE audit_chain_head SET last_pos = v_pos, last_hash = v_prev, sealed_at = now() WHERE id = 1;
        RETURN cardinality(v_seqs);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_seal(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_seal(integer) TO ${APP_ROLE}`);

    // TOTP two-step sign-in: the secret (encrypted by the API) being set up, and the last time
    // step accepted, so a code cannot be used twice.
    await q.query(`
      ALTER TABLE users
        ADD COLUMN mfa_pending_secret text,
        ADD COLUMN mfa_last_step bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN mfa_pending_secret, DROP COLUMN mfa_last_step`);
    await q.query(`DROP FUNCTION audit_seal(integer)`);
    await q.query(`DROP FUNCTION audit_event_canonical(audit_events)`);
    await q.query(`DROP FUNCTION audit_field(text)`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP INDEX audit_events_unsealed_idx`);
    await q.query(
      `ALTER TABLE audit_events DROP COLUMN chain_pos, DROP COLUMN prev_hash, DROP COLUMN row_hash`,
    );
  }
}
