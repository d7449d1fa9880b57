import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addUser,
  type Actor,
  createEpisode,
  createPatient,
  createTestClinic,
  createVisit,
  daysAgo,
  signVisit,
  visitAt,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('episodes', () => {
  let t: TestApp;
  let owner: Actor;
  let colleague: Actor;
  let adminOnly: Actor;
  let other: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createTestClinic(t, 'Clinic A');
    colleague = await addUser(t, owner, ['therapist'], 'Colleague');
    adminOnly = await addUser(t, owner, ['admin'], 'Manager');
    other = await createTestClinic(t, 'Clinic B');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /patients/:id/episodes', () => {
    it('creates an active episode with the default plan, treated by the caller', async () => {
      const p = await createPatient(t, owner);
      const res = await t
        .http()
        .post(`/api/v1/patients/${p.id}/episodes`)
        .set(owner.auth)
        .send({
          diagnosisCode: 'm76.31',
          diagnosisLabel: 'ITBS, right',
          bodySide: 'right',
          startDate: '2026-10-01',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        patientId: p.id,
        therapistId: owner.id,
        diagnosisCode: 'M76.31',
        plannedVisits: 4,
        plannedWeeks: 6,
        goals: [],
        status: 'active',
        dischargeDate: null,
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
    });

    it('accepts a colleague as treating therapist, refuses anyone else (400 on therapistId)', async () => {
      const p = await createPatient(t, owner);
      const ok = await createEpisode(t, owner, p.id, { therapistId: colleague.id });
      expect((ok as unknown as { therapistId: string }).therapistId).toBe(colleague.id);
      for (const therapistId of [adminOnly.id, other.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await t
          .http()
          .post(`/api/v1/patients/${p.id}/episodes`)
          .set(owner.auth)
          .send({
            diagnosisCode: 'M76.31',
            diagnosisLabel: 'ITBS',
            bodySide: 'right',
            startDate: daysAgo(1),
            therapistId,
          })
          .expect(400);
        expect(res.body.errors).toEqual([{ field: 'therapistId', message: expect.any(String) }]);
      }
    });

    it('names invalid fields: code, side, dates, status', async () => {
      const p = await createPatient(t, owner);
      const res = await t
        .http()
        .post(`/api/v1/patients/${p.id}/episodes`)
        .set(owner.auth)
        .send({
          diagnosisCode: 'ITB',
          diagnosisLabel: 'x',
          bodySide: 'up',
          startDate: '2026-02-30',
          status: 'discharged',
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'bodySide',
        'diagnosisCode',
        'startDate',
        'status',
      ]);
      const onset = await t
        .http()
        .post(`/api/v1/patients/${p.id}/episodes`)
        .set(owner.auth)
        .send({
          diagnosisCode: 'M76.31',
          diagnosisLabel: 'x',
          bodySide: 'left',
          startDate: '2026-03-01',
          onsetDate: '2026-03-02',
        })
        .expect(400);
      expect(onset.body.errors[0].field).toBe('onsetDate');
    });

    it('answers another clinic’s patient with 404 and creates nothing', async () => {
      const p = await createPatient(t, owner);
      await t
        .http()
        .post(`/api/v1/patients/${p.id}/episodes`)
        .set(other.auth)
        .send({ diagnosisCode: 'M76.31', diagnosisLabel: 'x', bodySide: 'left', startDate: daysAgo(1) })
        .expect(404);
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM episodes WHERE patient_id = $1`, [
        p.id,
      ]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('GET /patients/:id/episodes and /episodes/:id', () => {
    it('lists a patient’s episodes newest start first', async () => {
      const p = await createPatient(t, owner);
      await createEpisode(t, owner, p.id, { startDate: '2025-01-10' });
      await createEpisode(t, owner, p.id, { startDate: '2026-06-01' });
      const res = await t.http().get(`/api/v1/patients/${p.id}/episodes`).set(owner.auth).expect(200);
      expect(res.body.items.map((e: { startDate: string }) => e.startDate)).toEqual([
        '2026-06-01',
        '2025-01-10',
      ]);
      await t.http().get(`/api/v1/patients/${p.id}/episodes`).set(other.auth).expect(404);
    });

    it('carries offTrack reasons', async () => {
      const old = await createEpisode(t, owner, undefined, { startDate: daysAgo(70) });
      const res = await t.http().get(`/api/v1/episodes/${old.id}`).set(owner.auth).expect(200);
      expect(res.body.offTrack).toEqual(['over_8_weeks', 'no_visit_14_days']);
      const fresh = await createEpisode(t, owner, undefined, { startDate: daysAgo(2) });
      expect(
        (await t.http().get(`/api/v1/episodes/${fresh.id}`).set(owner.auth).expect(200)).body.offTrack,
      ).toEqual([]);
      await t.http().get(`/api/v1/episodes/${old.id}`).set(other.auth).expect(404);
    });
  });

  describe('PATCH /episodes/:id', () => {
    it('edits with If-Match and refuses status changes (400)', async () => {
      const e = await createEpisode(t, owner);
      const res = await t
        .http()
        .patch(`/api/v1/episodes/${e.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ plannedVisits: 5, goals: ['Run 10 km pain-free'] })
        .expect(200);
      expect(res.body).toMatchObject({ plannedVisits: 5, goals: ['Run 10 km pain-free'], version: 2 });
      const status = await t
        .http()
        .patch(`/api/v1/episodes/${e.id}`)
        .set(owner.auth)
        .set('If-Match', '"2"')
        .send({ status: 'discharged' })
        .expect(400);
      expect(status.body.errors).toEqual([{ field: 'status', message: 'Unknown field.' }]);
      await t.http().patch(`/api/v1/episodes/${e.id}`).set(owner.auth).send({ plannedVisits: 6 }).expect(428);
      await t
        .http()
        .patch(`/api/v1/episodes/${e.id}`)
        .set(other.auth)
        .set('If-Match', '"2"')
        .send({ plannedVisits: 9 })
        .expect(404);
      const { rows } = await t.sql.query(`SELECT planned_visits FROM episodes WHERE id = $1`, [e.id]);
      expect(rows[0].planned_visits).toBe(5);
    });

    it('refuses a start date after the first visit (400 on startDate)', async () => {
      const e = await createEpisode(t, owner, undefined, { startDate: daysAgo(30) });
      await createVisit(t, owner, e.id, { visitDate: visitAt(20) });
      const res = await t
        .http()
        .patch(`/api/v1/episodes/${e.id}`)
        .set(owner.auth)
        .set('If-Match', '*')
        .send({ startDate: daysAgo(10) })
        .expect(400);
      expect(res.body.errors[0].field).toBe('startDate');
    });
  });

  describe('discharge and cancel', () => {
    it('refuses discharge while a draft is open (409), outside last visit … today (400), then discharges', async () => {
      const e = await createEpisode(t, owner, undefined, { startDate: daysAgo(40) });
      const v1 = await createVisit(t, owner, e.id, { visitDate: visitAt(30) });
      await signVisit(t, owner, v1.id);
      const draft = await createVisit(t, owner, e.id, { visitDate: visitAt(10), visitType: 'follow_up' });
      await t
        .http()
        .post(`/api/v1/episodes/${e.id}/discharge`)
        .set(owner.auth)
        .send({ date: daysAgo(1), reason: 'goals_met' })
        .expect(409);
      await t.http().delete(`/api/v1/visits/${draft.id}`).set(owner.auth).expect(204);

      for (const date of [daysAgo(31), daysAgo(-2)]) {
        const res = await t
          .http()
          .post(`/api/v1/episodes/${e.id}/discharge`)
          .set(owner.auth)
          .send({ date, reason: 'goals_met' })
          .expect(400);
        expect(res.body.errors[0].field).toBe('date');
      }
      await t
        .http()
        .post(`/api/v1/episodes/${e.id}/discharge`)
        .set(owner.auth)
        .send({ date: daysAgo(1), reason: 'sideways' })
        .expect(400);
      await t
        .http()
        .post(`/api/v1/episodes/${e.id}/discharge`)
        .set(other.auth)
        .send({ date: daysAgo(1), reason: 'goals_met' })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/episodes/${e.id}/discharge`)
        .set(owner.auth)
        .set('If-Match', '"9"')
        .send({ date: daysAgo(1), reason: 'goals_met' })
        .expect(412);

      const res = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/discharge`)
        .set(owner.auth)
        .send({ date: daysAgo(1), reason: 'goals_met', note: 'Back to 25 km/week pain-free' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'discharged',
        dischargeDate: daysAgo(1),
        dischargeReason: 'goals_met',
        dischargeNote: 'Back to 25 km/week pain-free',
      });

      // closed: no more visits, edits, discharge or cancel; addenda still allowed
      const closed = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .send({ visitDate: visitAt(0), visitType: 'follow_up' })
        .expect(409);
      expect(closed.body.type).toBe('/problems/episode-closed');
      await t
        .http()
        .patch(`/api/v1/episodes/${e.id}`)
        .set(owner.auth)
        .set('If-Match', '*')
        .send({ plannedVisits: 3 })
        .expect(409);
      await t.http().post(`/api/v1/episodes/${e.id}/cancel`).set(owner.auth).send({}).expect(409);
      await t
        .http()
        .post(`/api/v1/visits/${v1.id}/addenda`)
        .set(owner.auth)
        .send({ text: 'Phoned at 2 weeks: still pain-free.' })
        .expect(201);
    });

    it('cancels an active episode once', async () => {
      const e = await createEpisode(t, owner);
      await t.http().post(`/api/v1/episodes/${e.id}/cancel`).set(other.auth).send({}).expect(404);
      const res = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/cancel`)
        .set(owner.auth)
        .send({ reason: 'Entered twice' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Entered twice', version: 2 });
      await t.http().post(`/api/v1/episodes/${e.id}/cancel`).set(owner.auth).send({}).expect(409);
    });
  });
});
