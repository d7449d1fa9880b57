import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addUser,
  type Actor,
  createEpisode,
  createPatient,
  createTestClinic,
  withoutRequestId,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('patients', () => {
  let t: TestApp;
  let owner: Actor;
  let adminOnly: Actor;
  let other: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createTestClinic(t, 'Clinic A');
    adminOnly = await addUser(t, owner, ['admin'], 'Office Manager');
    other = await createTestClinic(t, 'Clinic B');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /patients', () => {
    it('assigns MRNs per clinic from P-000001 on', async () => {
      const clinic = await createTestClinic(t, 'Fresh');
      const a = await createPatient(t, clinic);
      const b = await createPatient(t, clinic);
      expect([a.mrn, b.mrn]).toEqual(['P-000001', 'P-000002']);
      const elsewhere = await createTestClinic(t, 'Fresh too');
      expect((await createPatient(t, elsewhere)).mrn).toBe('P-000001');
    });

    it('gives 25 concurrent creates 25 distinct MRNs with no gaps', async () => {
      const clinic = await createTestClinic(t, 'Busy');
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          t
            .http()
            .post('/api/v1/patients')
            .set(clinic.auth)
            .send({ firstName: `P${i}`, lastName: 'Parallel', dateOfBirth: '1985-01-01', sex: 'male' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(25).fill(201));
      const mrns = results.map((r) => r.body.mrn as string).sort();
      expect(mrns).toEqual(Array.from({ length: 25 }, (_, i) => `P-${String(i + 1).padStart(6, '0')}`));
    });

    it('gives a number back when the create fails after taking it', async () => {
      const clinic = await createTestClinic(t, 'Rollback');
      await createPatient(t, clinic);
      await t.sql.query(`ALTER TABLE patients ADD CONSTRAINT test_no_bobby CHECK (first_name <> 'Bobby')`);
      try {
        await t
          .http()
          .post('/api/v1/patients')
          .set(clinic.auth)
          .send({ firstName: 'Bobby', lastName: 'Tables', dateOfBirth: '1985-01-01', sex: 'male' })
          .expect(500);
      } finally {
        await t.sql.query(`ALTER TABLE patients DROP CONSTRAINT test_no_bobby`);
      }
      expect((await createPatient(t, clinic)).mrn).toBe('P-000002');
      const { rows } = await t.sql.query(
        `SELECT count(*)::int AS n FROM patients p JOIN users u ON u.clinic_id = p.clinic_id WHERE u.id = $1`,
        [clinic.id],
      );
      expect(rows[0].n).toBe(2);
    });

    it('names each invalid field (400) and writes nothing', async () => {
      const before = await t.sql.query(`SELECT count(*)::int AS n FROM patients`);
      const res = await t
        .http()
        .post('/api/v1/patients')
        .set(owner.auth)
        .send({
          firstName: '',
          lastName: 'X',
          dateOfBirth: '2999-01-01',
          sex: 'robot',
          email: 'nope',
          mrn: 'P-9',
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'dateOfBirth',
        'email',
        'firstName',
        'mrn',
        'sex',
      ]);
      const after = await t.sql.query(`SELECT count(*)::int AS n FROM patients`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('needs the therapist role: an admin-only user gets 403 and nothing is stored', async () => {
      const stored = async () =>
        (
          await t.sql.query(
            `SELECT (SELECT count(*)::int FROM patients WHERE clinic_id = $1) AS patients,
                    (SELECT count(*)::int FROM patients WHERE clinic_id = $1 AND last_name = 'Forbidden-B') AS named,
                    (SELECT last_value FROM patient_mrn_counters WHERE clinic_id = $1) AS mrn`,
            [owner.clinicId],
          )
        ).rows[0];
      const before = await stored();
      await t
        .http()
        .post('/api/v1/patients')
        .set(adminOnly.auth)
        .send({ firstName: 'A', lastName: 'Forbidden-B', dateOfBirth: '1990-01-01', sex: 'unknown' })
        .expect(403);
      expect(await stored()).toEqual({ ...before, named: 0 });
    });
  });

  describe('GET /patients', () => {
    let clinic: Actor;
    beforeAll(async () => {
      clinic = await createTestClinic(t, 'Search');
      await createPatient(t, clinic, { firstName: 'José', lastName: 'Núñez' });
      await createPatient(t, clinic, { firstName: 'Zoë', lastName: 'Ångström' });
      await createPatient(t, clinic, { firstName: 'Ann', lastName: 'Smith' });
      await createPatient(t, clinic, { firstName: 'Annie', lastName: 'Smithers' });
      await createPatient(t, clinic, { firstName: '100%', lastName: 'Pure' });
    });

    const names = (body: { items: { firstName: string; lastName: string }[] }) =>
      body.items.map((p) => `${p.firstName} ${p.lastName}`);

    it('orders by last then first name, accents with their base letter, in the page envelope', async () => {
      const res = await t.http().get('/api/v1/patients').set(clinic.auth).expect(200);
      expect(res.body).toMatchObject({ total: 5, page: 1, pageSize: 25 });
      expect(names(res.body)).toEqual([
        'Zoë Ångström',
        'José Núñez',
        '100% Pure',
        'Ann Smith',
        'Annie Smithers',
      ]);
    });

    it.each([
      ['jose nunez', ['José Núñez']],
      ['NÚÑ', ['José Núñez']],
      ['angstrom', ['Zoë Ångström']],
      ['zoe', ['Zoë Ångström']],
      ['smith ann', ['Ann Smith', 'Annie Smithers']],
      ['P-000003', ['Ann Smith']],
      ['000004', ['Annie Smithers']],
      ['100%', ['100% Pure']],
      ['%', ['100% Pure']],
      ['_', []],
    ])('finds %p case- and accent-insensitively', async (q, expected) => {
      const res = await t.http().get('/api/v1/patients').query({ q }).set(clinic.auth).expect(200);
      expect(names(res.body)).toEqual(expected);
    });

    it('pages, with an empty page past the end; pageSize over 100 is 400', async () => {
      const p2 = await t.http().get('/api/v1/patients?page=2&pageSize=2').set(clinic.auth).expect(200);
      expect(p2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(names(p2.body)).toEqual(['100% Pure', 'Ann Smith']);
      const past = await t.http().get('/api/v1/patients?page=9&pageSize=2').set(clinic.auth).expect(200);
      expect(past.body).toMatchObject({ items: [], total: 5 });
      await t.http().get('/api/v1/patients?pageSize=101').set(clinic.auth).expect(400);
    });

    it('never shows another clinic’s patients', async () => {
      const res = await t.http().get('/api/v1/patients').query({ q: 'jose' }).set(other.auth).expect(200);
      expect(res.body.items).toEqual([]);
    });

    it('writes one audit event naming the ids returned', async () => {
      const res = await t.http().get('/api/v1/patients').query({ q: 'smith' }).set(clinic.auth).expect(200);
      const { rows } = await t.sql.query(
        `SELECT detail FROM audit_events WHERE action = 'patient.list' AND user_id = $1 ORDER BY seq DESC LIMIT 1`,
        [clinic.id],
      );
      expect(rows[0].detail.ids).toEqual(res.body.items.map((p: { id: string }) => p.id));
    });
  });

  describe('GET/PATCH/DELETE /patients/:id', () => {
    it('reads a patient with its version as ETag, and audits the read', async () => {
      const p = await createPatient(t, owner);
      const res = await t.http().get(`/api/v1/patients/${p.id}`).set(owner.auth).expect(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({ id: p.id, mrn: p.mrn, archivedAt: null, version: 1 });
      const { rows } = await t.sql.query(
        `SELECT 1 FROM audit_events WHERE action = 'patient.read' AND entity_id = $1`,
        [p.id],
      );
      expect(rows).toHaveLength(1);
    });

    it('answers another clinic with 404, exactly like a missing id, and changes nothing', async () => {
      const p = await createPatient(t, owner, { firstName: 'Private' });
      const foreign = await t.http().get(`/api/v1/patients/${p.id}`).set(other.auth).expect(404);
      const missing = await t
        .http()
        .get('/api/v1/patients/00000000-0000-4000-8000-000000000000')
        .set(other.auth)
        .expect(404);
      expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(missing.body));
      await t
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(other.auth)
        .set('If-Match', '"1"')
        .send({ firstName: 'Hacked' })
        .expect(404);
      await t.http().delete(`/api/v1/patients/${p.id}`).set(other.auth).expect(404);
      const { rows } = await t.sql.query(
        `SELECT first_name, archived_at, version FROM patients WHERE id = $1`,
        [p.id],
      );
      expect(rows[0]).toEqual({ first_name: 'Private', archived_at: null, version: 1 });
      // and the refusal is audited in the other clinic's log
      const audit = await t.sql.query(
        `SELECT outcome FROM audit_events WHERE clinic_id = $1 AND entity_id = $2 AND outcome = 'denied'`,
        [other.clinicId, p.id],
      );
      expect(audit.rows.length).toBeGreaterThanOrEqual(3);
    });

    it('PATCH needs If-Match (428), refuses a stale one (412), applies a current one', async () => {
      const p = await createPatient(t, owner);
      await t.http().patch(`/api/v1/patients/${p.id}`).set(owner.auth).send({ lastName: 'New' }).expect(428);
      await t
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(owner.auth)
        .set('If-Match', '"2"')
        .send({ lastName: 'New' })
        .expect(412);
      const res = await t
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ lastName: 'New', email: 'sam@example.org' })
        .expect(200);
      expect(res.body).toMatchObject({ lastName: 'New', email: 'sam@example.org', version: 2 });
      expect(res.headers.etag).toBe('"2"');
      const cleared = await t
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(owner.auth)
        .set('If-Match', '"2"')
        .send({ email: null })
        .expect(200);
      expect(cleared.body.email).toBeNull();
      await t
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(owner.auth)
        .set('If-Match', '"3"')
        .send({ firstName: null })
        .expect(400);
    });

    it('refuses a body that is not JSON with 400 on Content-Type, after authentication, changing nothing', async () => {
      const p = await createPatient(t, owner);
      const patch = () =>
        t
          .http()
          .patch(`/api/v1/patients/${p.id}`)
          .set('If-Match', '"1"')
          .set('Content-Type', 'text/plain')
          .send('{"lastName":"Lost"}');
      await patch().expect(401);
      const res = await patch().set(owner.auth).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'Content-Type', message: expect.stringContaining('JSON') }]);
      const form = await t
        .http()
        .post('/api/v1/patients')
        .set(owner.auth)
        .type('form')
        .send({ firstName: 'Form', lastName: 'Post', dateOfBirth: '1990-01-01' })
        .expect(400);
      expect(form.body.errors).toEqual([{ field: 'Content-Type', message: expect.stringContaining('JSON') }]);
      const after = await t.http().get(`/api/v1/patients/${p.id}`).set(owner.auth).expect(200);
      expect(after.body).toMatchObject({ lastName: 'Runner', version: 1 });
      // No body at all is not this error: the DTO's own rules answer.
      await t.http().patch(`/api/v1/patients/${p.id}`).set(owner.auth).set('If-Match', '"1"').expect(200);
    });

    it('lets exactly one of ten racing PATCHes on one version win', async () => {
      const p = await createPatient(t, owner);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .patch(`/api/v1/patients/${p.id}`)
            .set(owner.auth)
            .set('If-Match', '"1"')
            .send({ lastName: `Racer ${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array(9).fill(412)]);
      const { rows } = await t.sql.query(`SELECT version FROM patients WHERE id = $1`, [p.id]);
      expect(rows[0].version).toBe(2);
    });

    it('DELETE archives: hidden from the list, still readable, read-only', async () => {
      const p = await createPatient(t, owner, { lastName: 'Archivable' });
      await t.http().delete(`/api/v1/patients/${p.id}`).set(owner.auth).expect(204);
      const got = await t.http().get(`/api/v1/patients/${p.id}`).set(owner.auth).expect(200);
      expect(got.body.archivedAt).not.toBeNull();
      expect(got.body.version).toBe(2);
      const listed = await t
        .http()
        .get('/api/v1/patients')
        .query({ q: 'Archivable' })
        .set(owner.auth)
        .expect(200);
      expect(listed.body.items).toEqual([]);
      const withArchived = await t
        .http()
        .get('/api/v1/patients')
        .query({ q: 'Archivable', archived: 'true' })
        .set(owner.auth)
        .expect(200);
      expect(withArchived.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
      await t
        .http()
        .patch(`/api/v1/patients/${p.id}`)
        .set(owner.auth)
        .set('If-Match', '"2"')
        .send({ lastName: 'X' })
        .expect(409);
      await t
        .http()
        .post(`/api/v1/patients/${p.id}/episodes`)
        .set(owner.auth)
        .send({ diagnosisCode: 'M76.31', diagnosisLabel: 'ITBS', bodySide: 'right', startDate: '2026-01-05' })
        .expect(409);
    });

    it('refuses to archive a patient in active care (409)', async () => {
      const p = await createPatient(t, owner);
      await createEpisode(t, owner, p.id);
      const res = await t.http().delete(`/api/v1/patients/${p.id}`).set(owner.auth).expect(409);
      expect(res.body.type).toBe('/problems/conflict');
    });
  });
});
