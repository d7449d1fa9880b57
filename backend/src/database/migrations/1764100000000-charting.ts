import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Charting: patients (with gap-free MRNs per clinic and accent-insensitive search), episodes of
 * care, visits (immutable once signed, enforced by a trigger), addenda (append-only), the
 * exercise library (global rows have no clinic) and idempotency keys.
 */
export class Charting1764100000000 implements MigrationInterface {
  name = 'Charting1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes a
    // wrapper that can be used in a generated column and an index.
    await q.query(`
      CREATE FUNCTION stride_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`);

    await q.query(`ALTER TABLE users ADD CONSTRAINT users_id_clinic_key UNIQUE (id, clinic_id)`);

    // One row per clinic, locked by each patient create until it commits: MRNs have no gaps
    // (a rolled-back create rolls its number back) and no duplicates.
    await q.query(`
      CREATE TABLE patient_mrn_counters (
        clinic_id uuid PRIMARY KEY REFERENCES clinics(id),
        last_value integer NOT NULL
      )`);

    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        mrn text NOT NULL CHECK (mrn ~ '^P-[0-9]{6,}$'),
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
        date_of_birth date NOT NULL,
        sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        email text,
        phone text,
        archived_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_text text GENERATED ALWAYS AS (stride_fold(first_name || ' ' || last_name || ' ' || mrn)) STORED,
        sort_last text COLLATE "C" GENERATED ALWAYS AS (stride_fold(last_name)) STORED,
        sort_first text COLLATE "C" GENERATED ALWAYS AS (stride_fold(first_name)) STORED,
        CONSTRAINT patients_clinic_mrn_key UNIQUE (clinic_id, mrn),
        CONSTRAINT patients_id_clinic_key UNIQUE (id, clinic_id)
      )`);
    // Lists sort by folded name with the C collation: the same order on every server, accents
    // sorted with their base letter (Ångström among the A's).
    await q.query(`CREATE INDEX patients_clinic_name_idx ON patients (clinic_id, sort_last, sort_first, id)`);
    await q.query(`CREATE INDEX patients_search_idx ON patients USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE episodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        patient_id uuid NOT NULL,
        therapist_id uuid NOT NULL,
        diagnosis_code text NOT NULL CHECK (diagnosis_code ~ '^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$'),
        diagnosis_label text NOT NULL CHECK (length(diagnosis_label) BETWEEN 1 AND 200),
        body_side text NOT NULL CHECK (body_side IN ('left', 'right', 'bilateral', 'not_applicable')),
        onset_date date,
        start_date date NOT NULL,
        planned_visits integer NOT NULL DEFAULT 4 CHECK (planned_visits BETWEEN 1 AND 100),
        planned_weeks integer NOT NULL DEFAULT 6 CHECK (planned_weeks BETWEEN 1 AND 104),
        goals text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'discharged', 'cancelled')),
        discharge_date date,
        discharge_reason text
          CHECK (discharge_reason IN ('goals_met', 'plateaued', 'self_discharged', 'referred_out', 'other')),
        discharge_note text,
        cancel_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT episodes_id_clinic_key UNIQUE (id, clinic_id),
        CONSTRAINT episodes_patient_fk FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
        CONSTRAINT episodes_therapist_fk FOREIGN KEY (therapist_id, clinic_id) REFERENCES users (id, clinic_id),
        CONSTRAINT episodes_discharge_ck CHECK (
          (status = 'discharged') = (discharge_date IS NOT NULL AND discharge_reason IS NOT NULL)
          AND (discharge_date IS NULL OR discharge_date >= start_date))
      )`);
    await q.query(`CREATE INDEX episodes_patient_idx ON episodes (clinic_id, patient_id, start_date DESC)`);
    await q.query(`CREATE INDEX episodes_therapist_idx ON episodes (clinic_id, therapist_id, start_date)`);
    await q.query(`CREATE INDEX episodes_clinic_start_idx ON episodes (clinic_id, start_date)`);

    await q.query(`
      CREATE TABLE exercises (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid REFERENCES clinics(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        targets text[] NOT NULL CHECK (
          cardinality(targets) >= 1 AND targets <@ ARRAY['glute_medius', 'glute_maximus', 'core', 'hip_rotators',
            'quadriceps', 'foot', 'mobility', 'running_drill']::text[]),
        instructions text NOT NULL CHECK (length(instructions) <= 4000),
        default_dosage text NOT NULL DEFAULT '' CHECK (length(default_dosage) <= 200),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX exercises_clinic_name_idx ON exercises (clinic_id, name)`);

    await q.query(`
      CREATE TABLE visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        episode_id uuid NOT NULL,
        patient_id uuid NOT NULL,
        therapist_id uuid NOT NULL,
        visit_date timestamptz NOT NULL,
        visit_type text NOT NULL
          CHECK (visit_type IN ('initial_evaluation', 'follow_up', 're_evaluation', 'discharge')),
        subjective text,
        objective text,
        assessment text,
        plan text,
        measurements jsonb NOT NULL DEFAULT '[]',
        manual_therapy jsonb NOT NULL DEFAULT '[]',
        exercises jsonb NOT NULL DEFAULT '[]',
        running jsonb,
        services jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
        signed_at timestamptz,
        signed_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT visits_id_clinic_key UNIQUE (id, clinic_id),
        CONSTRAINT visits_episode_fk FOREIGN KEY (episode_id, clinic_id) REFERENCES episodes (id, clinic_id),
        CONSTRAINT visits_patient_fk FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
        CONSTRAINT visits_therapist_fk FOREIGN KEY (therapist_id, clinic_id) REFERENCES users (id, clinic_id),
        CONSTRAINT visits_signed_ck CHECK ((status = 'signed') = (signed_at IS NOT NULL AND signed_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX visits_episode_order_idx ON visits (episode_id, visit_date, created_at, id)`);
    await q.query(`CREATE INDEX visits_clinic_idx ON visits (clinic_id, visit_date)`);
    // A signed visit never changes and is never deleted, whatever code path tries.
    await q.query(`
      CREATE FUNCTION visits_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'signed' THEN
          RAISE EXCEPTION 'visit % is signed and cannot be %', OLD.id,
            CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
            USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER visits_signed_immutable BEFORE UPDATE OR DELETE ON visits
      FOR EACH ROW EXECUTE FUNCTION visits_signed_immutable()`);

    await q.query(`
      CREATE TABLE visit_addenda (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        visit_id uuid NOT NULL,
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
        author_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT visit_addenda_visit_fk FOREIGN KEY (visit_id, clinic_id) REFERENCES visits (id, clinic_id),
        CONSTRAINT visit_addenda_author_fk FOREIGN KEY (author_id, clinic_id) REFERENCES users (id, clinic_id)
      )`);
    await q.query(`CREATE INDEX visit_addenda_visit_idx ON visit_addenda (clinic_id, visit_id, created_at)`);
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER visit_addenda_append_only BEFORE UPDATE OR DELETE ON visit_addenda
      FOR EACH ROW EXECUTE FUNCTION append_only()`);

    // The first 2xx answer to a POST with an Idempotency-Key, stored with the write it made.
    await q.query(`
      CREATE TABLE idempotency_keys (
        clinic_id uuid NOT NULL REFERENCES clinics(id),
        user_id uuid NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer NOT NULL,
        response_body jsonb,
        etag text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clinic_id, user_id, method, path, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE visit_addenda`);
    await q.query(`DROP FUNCTION append_only()`);
    await q.query(`DROP TABLE visits`);
    await q.query(`DROP FUNCTION visits_signed_immutable()`);
    await q.query(`DROP TABLE exercises`);
    await q.query(`DROP TABLE episodes`);
    await q.query(`DROP TABLE patients`);
    await q.query(`DROP TABLE patient_mrn_counters`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_id_clinic_key`);
    await q.query(`DROP FUNCTION stride_fold(text)`);
  }
}
