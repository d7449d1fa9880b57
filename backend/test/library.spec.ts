import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addUser, type Actor, createPatient, createTestClinic } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('exercise library, instruments and audit log', () => {
  let t: TestApp;
  let owner: Actor;
  let therapist: Actor;
  let other: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createTestClinic(t, 'Clinic A');
    therapist = await addUser(t, owner, ['therapist'], 'Therapist');
    other = await createTestClinic(t, 'Clinic B');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('/exercises', () => {
    it('serves the seeded global library, by name, to every clinic', async () => {
      const res = await t.http().get('/api/v1/exercises?pageSize=100').set(therapist.auth).expect(200);
      expect(res.body.total).toBeGreaterThanOrEqual(10);
      const names: string[] = res.body.items.map((e: { name: string }) => e.name);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(res.body.items.every((e: { global: boolean }) => e.global)).toBe(true);
      for (const wanted of [
        'clamshell',
        'glute bridge',
        'dead bug',
        'side plank',
        'step-down',
        'hip thrust',
      ]) {
        expect(names.some((n) => n.toLowerCase().includes(wanted))).toBe(true);
      }
    });

    it('filters by name (accent- and case-insensitive) and by target', async () => {
      const byName = await t.http().get('/api/v1/exercises').query({ q: 'CLAM' }).set(owner.auth).expect(200);
      expect(byName.body.items.map((e: { name: string }) => e.name.toLowerCase())).toEqual([
        expect.stringContaining('clamshell'),
      ]);
      const core = await t
        .http()
        .get('/api/v1/exercises')
        .query({ target: 'core' })
        .set(owner.auth)
        .expect(200);
      expect(core.body.items.length).toBeGreaterThan(0);
      expect(core.body.items.every((e: { targets: string[] }) => e.targets.includes('core'))).toBe(true);
      await t.http().get('/api/v1/exercises').query({ target: 'elbow' }).set(owner.auth).expect(400);
    });

    it('adds clinic exercises that only that clinic sees, editable with If-Match', async () => {
      const created = await t
        .http()
        .post('/api/v1/exercises')
        .set(therapist.auth)
        .send({
          name: 'Banded monster walk (clinic)',
          targets: ['glute_medius'],
          instructions: 'Walk wide.',
          defaultDosage: '2 × 20 m',
        })
        .expect(201);
      expect(created.body).toMatchObject({ global: false, version: 1, defaultDosage: '2 × 20 m' });
      const mine = await t
        .http()
        .get('/api/v1/exercises')
        .query({ q: 'monster walk (clinic)' })
        .set(owner.auth)
        .expect(200);
      expect(mine.body.items).toHaveLength(1);
      const theirs = await t
        .http()
        .get('/api/v1/exercises')
        .query({ q: 'monster walk (clinic)' })
        .set(other.auth)
        .expect(200);
      expect(theirs.body.items).toHaveLength(0);

      await t
        .http()
        .patch(`/api/v1/exercises/${created.body.id}`)
        .set(other.auth)
        .set('If-Match', '"1"')
        .send({ name: 'stolen' })
        .expect(404);
      await t.http().get(`/api/v1/exercises/${created.body.id}`).set(other.auth).expect(404);
      const updated = await t
        .http()
        .patch(`/api/v1/exercises/${created.body.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ targets: ['glute_medius', 'hip_rotators'] })
        .expect(200);
      expect(updated.body).toMatchObject({ targets: ['glute_medius', 'hip_rotators'], version: 2 });
      const { rows } = await t.sql.query(`SELECT name FROM exercises WHERE id = $1`, [created.body.id]);
      expect(rows[0].name).toBe('Banded monster walk (clinic)');
    });

    it('refuses to edit a global exercise (403)', async () => {
      const list = await t.http().get('/api/v1/exercises').set(owner.auth).expect(200);
      const global = list.body.items[0];
      const res = await t
        .http()
        .patch(`/api/v1/exercises/${global.id}`)
        .set(owner.auth)
        .set('If-Match', `"${global.version}"`)
        .send({ name: 'Mine now' })
        .expect(403);
      expect(res.body.type).toBe('/problems/forbidden');
    });

    it('names invalid fields (400)', async () => {
      const res = await t
        .http()
        .post('/api/v1/exercises')
        .set(owner.auth)
        .send({ name: '', targets: ['elbow'], instructions: 'x', global: true })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'global',
        'name',
        'targets',
      ]);
    });

    it('refuses text PostgreSQL cannot store (NUL, half a surrogate pair) with 400, not 500', async () => {
      for (const instructions of ['Band walk\u0000', 'Band walk \ud800']) {
        const res = await t
          .http()
          .post('/api/v1/exercises')
          .set(owner.auth)
          .send({ name: 'Band walk', targets: ['glute_medius'], instructions })
          .expect(400);
        expect(res.body.errors).toEqual([{ field: 'instructions', message: expect.any(String) }]);
      }
    });
  });

  describe('GET /instruments', () => {
    it('serves the instrument registry (instruments/instruments.ts) exactly', async () => {
      const res = await t.http().get('/api/v1/instruments').set(therapist.auth).expect(200);
      expect(
        res.body.map(
          (i: {
            code: string;
            min: number;
            max: number;
            step: number;
            betterDirection: string;
            mcid: number;
          }) => [i.code, i.min, i.max, i.step, i.betterDirection, i.mcid],
        ),
      ).toEqual([
        ['nprs_activity', 0, 10, 1, 'lower', 2],
        ['nprs_rest', 0, 10, 1, 'lower', 2],
        ['nprs_worst_24h', 0, 10, 1, 'lower', 2],
        ['lefs', 0, 80, 1, 'higher', 9],
        ['psfs', 0, 10, 0.1, 'higher', 2],
      ]);
      await t.http().get('/api/v1/instruments').expect(401);
    });
  });

  describe('GET /audit-events', () => {
    it('shows admins their clinic’s events, newest first, filtered by entity, user and action', async () => {
      const p = await createPatient(t, therapist);
      await t.http().get(`/api/v1/patients/${p.id}`).set(therapist.auth).expect(200);
      const res = await t
        .http()
        .get('/api/v1/audit-events')
        .query({ entityType: 'patient', entityId: p.id })
        .set(owner.auth)
        .expect(200);
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual([
        'patient.read',
        'patient.create',
      ]);
      expect(res.body.items[0]).toMatchObject({
        userId: therapist.id,
        outcome: 'success',
        clinicId: owner.clinicId,
      });

      const byUser = await t
        .http()
        .get('/api/v1/audit-events')
        .query({ userId: therapist.id, action: 'patient.create' })
        .set(owner.auth)
        .expect(200);
      expect(byUser.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([p.id]);

      const today = new Date().toISOString().slice(0, 10);
      const range = await t
        .http()
        .get('/api/v1/audit-events')
        .query({ from: today, to: today })
        .set(owner.auth)
        .expect(200);
      expect(range.body.total).toBeGreaterThan(0);
      await t
        .http()
        .get('/api/v1/audit-events')
        .query({ from: '2026-02-02', to: '2026-02-01' })
        .set(owner.auth)
        .expect(400);
    });

    it('shows nothing of another clinic, and is for admins only', async () => {
      const res = await t
        .http()
        .get('/api/v1/audit-events')
        .query({ action: 'patient.create' })
        .set(other.auth)
        .expect(200);
      expect(res.body.items).toEqual([]);
      await t.http().get('/api/v1/audit-events').set(therapist.auth).expect(403);
    });

    it('cannot be edited or deleted, even straight in the database', async () => {
      await expect(t.sql.query(`UPDATE audit_events SET action = 'nothing'`)).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    });
  });
});
