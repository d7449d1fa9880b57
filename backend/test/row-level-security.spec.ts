import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { inspectRole } from '../src/database/app-role.js';
import { APP_ROLE } from '../src/database/app-role-name.js';
import { type Actor, createEpisode, createPatient, createTestClinic, createVisit } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Tables without a clinic, holding no patient data, that the API role cannot (or need not) filter. */
const NOT_TENANT = new Set(['schema_migrations', 'sign_in_failures', 'audit_chain_head']);

/**
 * Every tenant table and the column that names its clinic, read from the catalog: every table
 * with a `clinic_id` column (a new one is covered without editing anything), and `clinics`,
 * which is the tenant itself.
 */
async function tenantTables(sql: pg.Pool): Promise<Record<string, string>> {
  const { rows } = await sql.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        AND a.attname = 'clinic_id' AND NOT a.attisdropped
      ORDER BY c.relname`,
  );
  return {
    clinics: 'id',
    ...Object.fromEntries(rows.filter((r) => !NOT_TENANT.has(r.table)).map((r) => [r.table, 'clinic_id'])),
  };
}

interface ClinicData {
  actor: Actor;
  patients: string[];
  episodes: string[];
  visits: string[];
}

describe('row-level security', () => {
  let t: TestApp;
  let app: pg.Pool;
  const clinics: ClinicData[] = [];
  let TENANT_TABLES: Record<string, string>;

  beforeAll(async () => {
    // A small pool, so that connections (and whatever a request left on them) are reused often.
    t = await createTestApp({ dbPoolSize: 3 });
    app = new pg.Pool({ connectionString: t.appDatabaseUrl, max: 2 });
    TENANT_TABLES = await tenantTables(t.sql);
    for (let c = 0; c < 4; c++) {
      const actor = await createTestClinic(t, `RLS clinic ${c}`);
      const data: ClinicData = { actor, patients: [], episodes: [], visits: [] };
      for (let p = 0; p < 3; p++) {
        const patient = await createPatient(t, actor, { lastName: `Clinic${c}` });
        const episode = await createEpisode(t, actor, patient.id);
        const visit = await createVisit(t, actor, episode.id);
        data.patients.push(patient.id);
        data.episodes.push(episode.id);
        data.visits.push(visit.id);
      }
      clinics.push(data);
    }
  }, 120_000);

  afterAll(async () => {
    await app.end();
    await t.close();
  });

  describe('the catalog', () => {
    it('has row-level security enabled and forced on every table but the few without a clinic', async () => {
      const { rows } = await t.sql.query<{ table: string; enabled: boolean; forced: boolean }>(
        `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
           FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')`,
      );
      const unprotected = rows
        .filter((r) => !NOT_TENANT.has(r.table) && !(r.enabled && r.forced))
        .map((r) => r.table);
      expect(unprotected).toEqual([]);
      // Every table the migration names exists, and nothing else slipped into the exempt list.
      const names = rows.map((r) => r.table);
      expect(names).toEqual(expect.arrayContaining(Object.keys(TENANT_TABLES)));
      // The catalog's tenant tables include at least those the first migrations created.
      expect(Object.keys(TENANT_TABLES)).toEqual(
        expect.arrayContaining([
          'clinics',
          'users',
          'auth_sessions',
          'patients',
          'episodes',
          'visits',
          'audit_events',
        ]),
      );
      expect(names.filter((n) => NOT_TENANT.has(n)).sort()).toEqual([...NOT_TENANT].sort());
    });

    it('filters the API role by the transaction clinic in every policy that applies to it', async () => {
      const { rows } = await t.sql.query<{
        table: string;
        policy: string;
        qual: string | null;
        check: string | null;
      }>(
        `SELECT tablename AS table, policyname AS policy, qual, with_check AS check
           FROM pg_policies
          WHERE schemaname = 'public' AND ($1 = ANY (roles) OR 'public' = ANY (roles))`,
        [APP_ROLE],
      );
      expect(new Set(rows.map((r) => r.table))).toEqual(new Set(Object.keys(TENANT_TABLES)));
      for (const r of rows) {
        for (const expr of [r.qual, r.check].filter((e): e is string => e !== null)) {
          expect({ policy: `${r.table}.${r.policy}`, expr }).toEqual({
            policy: `${r.table}.${r.policy}`,
            expr: expect.stringContaining('app_current_clinic()'),
          });
        }
      }
    });

    it('connects the API as a role that is not superuser, cannot bypass RLS and owns nothing', async () => {
      const role = await inspectRole(async (sql) => (await app.query(sql)).rows);
      expect(role).toEqual({ user: APP_ROLE, superuser: false, bypassRls: false, ownsTables: 0 });
      const { rows } = await t.sql.query<{ member: boolean; owner: string }>(
        `SELECT pg_has_role($1, c.relowner, 'USAGE') AS member, pg_get_userbyid(c.relowner) AS owner
           FROM pg_class c WHERE c.relname = 'patients' AND c.relnamespace = 'public'::regnamespace`,
        [APP_ROLE],
      );
      expect(rows[0].member).toBe(false);
      expect(rows[0].owner).not.toBe(APP_ROLE);
    });

    it('gives the API role no way to change or remove audit events, or to read the chain head', async () => {
      const { rows } = await t.sql.query<{ privilege: string; table: string }>(
        `SELECT privilege_type AS privilege, table_name AS table FROM information_schema.role_table_grants
          WHERE grantee = $1 AND (table_name IN ('audit_events', 'visit_addenda') AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
                 OR table_name IN ('audit_chain_head', 'schema_migrations'))`,
        [APP_ROLE],
      );
      expect(rows).toEqual([]);
    });
  });

  describe('the API role', () => {
    it('sees no row of any clinic when no clinic is set', async () => {
      for (const [table, column] of Object.entries(TENANT_TABLES)) {
        const owner = await t.sql.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL`,
        );
        const seen = await app.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL`);
        if (['clinics', 'users', 'patients', 'episodes', 'visits', 'audit_events'].includes(table)) {
          expect({ table, rows: owner.rows[0].n > 0 }).toEqual({ table, rows: true });
        }
        expect({ table, seen: seen.rows[0].n }).toEqual({ table, seen: 0 });
      }
      // The global exercise library belongs to no clinic and is readable by all.
      const global = await app.query(`SELECT count(*)::int AS n FROM exercises`);
      expect(global.rows[0].n).toBeGreaterThan(0);
    });

    it('sees exactly its clinic once bound, and the binding ends with the transaction', async () => {
      const client = await app.connect();
      try {
        const [a, b] = clinics;
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.clinic_id', $1, true)`, [a.actor.clinicId]);
        const seen = await client.query<{ id: string }>(`SELECT id FROM patients ORDER BY id`);
        expect(seen.rows.map((r) => r.id)).toEqual([...a.patients].sort());
        const other = await client.query(`SELECT 1 FROM visits WHERE id = ANY($1)`, [b.visits]);
        expect(other.rowCount).toBe(0);
        await client.query('COMMIT');
        // Same connection, next transaction: nothing bound any more.
        const after = await client.query(`SELECT count(*)::int AS n FROM patients`);
        expect(after.rows[0].n).toBe(0);
      } finally {
        client.release();
      }
    });

    it('cannot write into another clinic, nor without a clinic', async () => {
      const [a, b] = clinics;
      const client = await app.connect();
      try {
        await expect(
          client.query(
            `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex)
             VALUES ($1, 'X-1', 'No', 'Clinic', '1990-01-01', 'female')`,
            [b.actor.clinicId],
          ),
        ).rejects.toThrow(/row-level security/);
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.clinic_id', $1, true)`, [a.actor.clinicId]);
        await expect(
          client.query(
            `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex)
             VALUES ($1, 'X-2', 'Wrong', 'Clinic', '1990-01-01', 'female')`,
            [b.actor.clinicId],
          ),
        ).rejects.toThrow(/row-level security/);
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.clinic_id', $1, true)`, [a.actor.clinicId]);
        const moved = await client.query(`UPDATE visits SET subjective = 'moved' WHERE id = ANY($1)`, [
          b.visits,
        ]);
        expect(moved.rowCount).toBe(0);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      const untouched = await t.sql.query(`SELECT count(*)::int AS n FROM visits WHERE subjective = 'moved'`);
      expect(untouched.rows[0].n).toBe(0);
    });
  });

  const total = Number(process.env.RLS_REQUESTS ?? 20_000);
  it(`answers ${total.toLocaleString('en')} interleaved requests of 4 clinics through a pool of 3 with no row of another clinic`, async () => {
    const server = t.app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const base = `http://127.0.0.1:${port}/api/v1`;

    const owned = new Map<string, number>(); // every id of every clinic -> its clinic index
    clinics.forEach((c, i) => [...c.patients, ...c.episodes, ...c.visits].forEach((id) => owned.set(id, i)));
    const ids = (value: unknown, found: string[] = []): string[] => {
      if (typeof value === 'string' && owned.has(value)) found.push(value);
      else if (Array.isArray(value)) value.forEach((v) => ids(v, found));
      else if (value && typeof value === 'object') Object.values(value).forEach((v) => ids(v, found));
      return found;
    };

    const routes = (c: ClinicData, n: number): string[] => {
      const k = n % 3;
      return [
        `/patients?pageSize=50`,
        `/patients/${c.patients[k]}`,
        `/patients/${c.patients[k]}/episodes`,
        `/episodes/${c.episodes[k]}`,
        `/episodes/${c.episodes[k]}/visits`,
        `/visits/${c.visits[k]}`,
        `/patients?q=Clinic`,
        // Another clinic's record must be a 404, never its data.
        `/visits/${clinics[(clinics.indexOf(c) + 1) % clinics.length].visits[k]}`,
      ];
    };

    let sent = 0;
    let foreign = 0;
    let notFoundForeign = 0;
    const failures: string[] = [];
    const worker = async (w: number) => {
      for (;;) {
        const n = sent++;
        if (n >= total) return;
        const ci = (n + w) % clinics.length;
        const c = clinics[ci];
        const list = routes(c, n);
        const path = list[n % list.length];
        const res = await fetch(base + path, { headers: { Authorization: c.actor.auth.Authorization } });
        const body = (await res.json()) as unknown;
        if (path === list[list.length - 1]) {
          if (res.status === 404) notFoundForeign++;
          else failures.push(`${path}: ${res.status}`);
          continue;
        }
        if (res.status !== 200) failures.push(`${path}: ${res.status}`);
        for (const id of ids(body)) if (owned.get(id) !== ci) foreign++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(failures.slice(0, 5)).toEqual([]);
    expect(foreign).toBe(0);
    expect(notFoundForeign).toBe(Math.floor(total / 8));
  }, 300_000);
});
