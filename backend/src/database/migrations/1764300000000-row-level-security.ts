import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role-name.js';

/** The role the API connects as: owns no table, is not superuser, cannot bypass RLS. */
export { APP_ROLE };

/** Every table whose rows belong to one clinic, and the column that says which. */
export const TENANT_TABLES: Record<string, string> = {
  clinics: 'id',
  users: 'clinic_id',
  auth_sessions: 'clinic_id',
  refresh_tokens: 'clinic_id',
  audit_events: 'clinic_id',
  patient_mrn_counters: 'clinic_id',
  patients: 'clinic_id',
  episodes: 'clinic_id',
  exercises: 'clinic_id',
  visits: 'clinic_id',
  visit_addenda: 'clinic_id',
  idempotency_keys: 'clinic_id',
  episode_summaries: 'clinic_id',
};

/** What the API role may do to each table. Audit events and addenda are append-only. */
const GRANTS: Record<string, string> = {
  clinics: 'SELECT, INSERT, UPDATE',
  users: 'SELECT, INSERT, UPDATE',
  auth_sessions: 'SELECT, INSERT, UPDATE',
  refresh_tokens: 'SELECT, INSERT, UPDATE',
  audit_events: 'SELECT, INSERT',
  patient_mrn_counters: 'SELECT, INSERT, UPDATE',
  patients: 'SELECT, INSERT, UPDATE',
  episodes: 'SELECT, INSERT, UPDATE',
  exercises: 'SELECT, INSERT, UPDATE',
  visits: 'SELECT, INSERT, UPDATE, DELETE',
  visit_addenda: 'SELECT, INSERT',
  idempotency_keys: 'SELECT, INSERT, UPDATE',
  episode_summaries: 'SELECT, INSERT, UPDATE, DELETE',
  // Holds no clinic and no patient data: read before the clinic is known.
  sign_in_failures: 'SELECT, INSERT, DELETE',
};

/**
 * Row-level security as the second wall between clinics.
 *
 * Every tenant table has RLS enabled and forced. The API role's policies compare the row's
 * clinic with `app.clinic_id`, a setting the API sets per transaction with
 * `set_config(…, true)`; with no clinic set, no row matches. The migration owner keeps a
 * policy of its own (`owner_maintenance`) for migrations, seeds and the few narrow
 * SECURITY DEFINER functions below; an owner can alter its tables' policies anyway, so this
 * grants it nothing new, while FORCE keeps every other path (the API role) under the policies.
 *
 * What must be read before the clinic is known — an account by email, a refresh token by
 * its hash — goes through SECURITY DEFINER functions that return only ids.
 */
export class RowLevelSecurity1764300000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$`);
    await q.query(`GRANT CONNECT ON DATABASE "${await currentDatabase(q)}" TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    for (const [table, privileges] of Object.entries(GRANTS)) {
      await q.query(`GRANT ${privileges} ON ${table} TO ${APP_ROLE}`);
    }
    await q.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);

    // The clinic of the current transaction; null (matching nothing) when none is set.
    await q.query(`
      CREATE FUNCTION app_current_clinic() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT nullif(current_setting('app.clinic_id', true), '')::uuid
      $$`);

    for (const [table, column] of Object.entries(TENANT_TABLES)) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(
        `CREATE POLICY owner_maintenance ON ${table} TO CURRENT_USER USING (true) WITH CHECK (true)`,
      );
      if (table === 'exercises') {
        // The global library (no clinic) is readable by every clinic and writable by none.
        await q.query(`
          CREATE POLICY tenant_read ON exercises FOR SELECT TO ${APP_ROLE}
            USING (clinic_id IS NULL OR clinic_id = app_current_clinic())`);
        await q.query(`
          CREATE POLICY tenant_write ON exercises FOR ALL TO ${APP_ROLE}
            USING (clinic_id = app_current_clinic()) WITH CHECK (clinic_id = app_current_clinic())`);
      } else if (table === 'audit_events') {
        // A sign-in attempt for an email that matches no account has no clinic.
        await q.query(`
          CREATE POLICY tenant_read ON audit_events FOR SELECT TO ${APP_ROLE}
            USING (clinic_id = app_current_clinic())`);
        await q.query(`
          CREATE POLICY tenant_insert ON audit_events FOR INSERT TO ${APP_ROLE}
            WITH CHECK (clinic_id = app_current_clinic()
                        OR (clinic_id IS NULL AND app_current_clinic() IS NULL))`);
      } else {
        await q.query(`
          CREATE POLICY tenant_isolation ON ${table} FOR ALL TO ${APP_ROLE}
            USING (${column} = app_current_clinic()) WITH CHECK (${column} = app_current_clinic())`);
      }
    }

    // Before the clinic is known: which account an email belongs to, and which clinic a
    // refresh token belongs to. Ids only; the password hash is read afterwards under RLS.
    await q.query(`
      CREATE FUNCTION auth_find_account(p_email text)
        RETURNS TABLE (user_id uuid, clinic_id uuid)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT u.id, u.clinic_id FROM public.users u WHERE lower(u.email) = lower(p_email)
      $$`);
    await q.query(`
      CREATE FUNCTION auth_find_refresh_token(p_token_hash bytea)
        RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT rt.clinic_id FROM public.refresh_tokens rt WHERE rt.token_hash = p_token_hash
      $$`);
    for (const fn of ['auth_find_account(text)', 'auth_find_refresh_token(bytea)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }

    // The start of every authenticated request, in one round trip: binds the transaction to
    // the token's clinic and user, checks under RLS that the session is live and the user
    // active, marks the session used (at most every 30 s, never waiting on a lock) and returns
    // the user's roles — without admin while the clinic requires two-step sign-in for admins
    // and the user has not set it up. Null, and nothing bound, when the session is not live.
    await q.query(`
      CREATE FUNCTION app_begin_request(p_session uuid, p_user uuid, p_clinic uuid, p_idle_minutes integer)
        RETURNS text[] LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_roles text[];
        v_seen timestamptz;
      BEGIN
        PERFORM set_config('app.clinic_id', p_clinic::text, true), set_config('app.user_id', p_user::text, true);
        SELECT s.last_seen_at,
               CASE WHEN c.require_mfa_for_admins AND NOT u.mfa_enabled
                    THEN array_remove(u.roles, 'admin') ELSE u.roles END
          INTO v_seen, v_roles
          FROM auth_sessions s
          JOIN users u ON u.id = s.user_id AND u.clinic_id = s.clinic_id
          JOIN clinics c ON c.id = s.clinic_id
         WHERE s.id = p_session AND s.user_id = p_user AND s.clinic_id = p_clinic
           AND u.active AND s.revoked_at IS NULL AND s.expires_at > now()
           AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes);
        IF NOT FOUND THEN
          PERFORM set_config('app.clinic_id', '', true), set_config('app.user_id', '', true);
          RETURN NULL;
        END IF;
        IF v_seen < now() - interval '30 seconds' THEN
          UPDATE auth_sessions SET last_seen_at = now()
           WHERE id IN (SELECT id FROM auth_sessions WHERE id = p_session FOR UPDATE SKIP LOCKED);
        END IF;
        RETURN v_roles;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_begin_request(uuid, uuid, uuid, integer)`);
    await q.query(`DROP FUNCTION auth_find_refresh_token(bytea)`);
    await q.query(`DROP FUNCTION auth_find_account(text)`);
    for (const table of Object.keys(TENANT_TABLES)) {
      for (const policy of [
        'owner_maintenance',
        'tenant_isolation',
        'tenant_read',
        'tenant_write',
        'tenant_insert',
      ]) {
        await q.query(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
      }
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION app_current_clinic()`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE CONNECT ON DATABASE "${await currentDatabase(q)}" FROM ${APP_ROLE}`);
  }
}

async function currentDatabase(q: QueryRunner): Promise<string> {
  const [row] = (await q.query(`SELECT current_database() AS name`)) as { name: string }[];
  return row.name.replace(/"/g, '""');
}
