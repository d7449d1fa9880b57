import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  addUser,
  type Actor,
  createEpisode,
  createTestClinic,
  createVisit,
  daysAgo,
  type EpisodeRef,
  signVisit,
  visitAt,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

const SIDE_LYING_ABDUCTION = 'side-lying';

describe('visits', () => {
  let t: TestApp;
  let owner: Actor;
  let colleague: Actor;
  let other: Actor;
  let library: { id: string; name: string; global: boolean }[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createTestClinic(t, 'Clinic A');
    colleague = await addUser(t, owner, ['therapist'], 'Colleague');
    other = await createTestClinic(t, 'Clinic B');
    library = (await t.http().get('/api/v1/exercises?pageSize=100').set(owner.auth).expect(200)).body.items;
  });
  afterAll(async () => {
    await t.close();
  });

  const exerciseId = (nameFragment: string) => {
    const e = library.find((x) => x.name.toLowerCase().includes(nameFragment));
    if (!e) throw new Error(`no exercise like ${nameFragment}`);
    return e.id;
  };

  describe('POST /episodes/:id/visits', () => {
    it('stores the whole body as a draft and answers billing, flags and copied exercises', async () => {
      const e = await createEpisode(t, owner);
      const res = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .send({
          visitDate: visitAt(20),
          visitType: 'initial_evaluation',
          subjective: 'Lateral knee pain at 5 km.',
          objective: 'Ober test positive R.',
          assessment: 'ITBS R, weak glute med.',
          plan: 'Hip strength, load management.',
          measurements: [
            { instrument: 'nprs_activity', value: 6 },
            { instrument: 'lefs', value: 48 },
            { instrument: 'psfs', value: 3.3 },
          ],
          manualTherapy: [
            { technique: 'soft_tissue_mobilization', region: 'TFL / lateral hip', minutes: 8, notes: '' },
          ],
          exercises: [
            {
              exerciseId: exerciseId(SIDE_LYING_ABDUCTION),
              sets: 3,
              reps: 12,
              load: 'red band',
              timesPerWeek: 3,
            },
            { exerciseId: exerciseId('side plank'), sets: 3, holdSeconds: 30, timesPerWeek: 3 },
          ],
          running: { weeklyDistanceKm: 12.5, longestRunKm: 5, runWalkRatio: '4:1' },
          services: [
            { cptCode: '97110', minutes: 23 },
            { cptCode: '97140', minutes: 8 },
            { cptCode: '97161' },
          ],
        })
        .expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        episodeId: e.id,
        patientId: e.patientId,
        therapistId: owner.id,
        status: 'draft',
        version: 1,
        signedAt: null,
        signedBy: null,
        addenda: [],
        flags: [],
        measurements: [
          { instrument: 'nprs_activity', value: 6 },
          { instrument: 'lefs', value: 48 },
          { instrument: 'psfs', value: 3.3 },
        ],
        running: { weeklyDistanceKm: 12.5, longestRunKm: 5, runWalkRatio: '4:1' },
        billing: {
          totalTimedMinutes: 31,
          totalUnits: 3,
          lines: [
            // 31 timed minutes = 2 units: 97110 gets its whole unit, the one left goes to the
            // largest remainder — 8 minutes each, a tie, so the earlier line.
            { cptCode: '97110', minutes: 23, timed: true, units: 2 },
            { cptCode: '97140', minutes: 8, timed: true, units: 0 },
            { cptCode: '97161', minutes: null, timed: false, units: 1 },
          ],
        },
      });
      expect(res.body.exercises[0]).toMatchObject({ sets: 3, reps: 12, holdSeconds: null, load: 'red band' });
      expect(res.body.exercises[0].name.toLowerCase()).toContain('side-lying');
      expect(res.body.exercises[0].instructions.length).toBeGreaterThan(20);
    });

    it.each([
      [{ measurements: [{ instrument: 'nprs_activity', value: 11 }] }, 'measurements[0].value'],
      [{ measurements: [{ instrument: 'nprs_activity', value: 5.5 }] }, 'measurements[0].value'],
      [{ measurements: [{ instrument: 'psfs', value: 7.35 }] }, 'measurements[0].value'],
      [{ measurements: [{ instrument: 'vas', value: 3 }] }, 'measurements[0].instrument'],
      [
        {
          measurements: [
            { instrument: 'lefs', value: 40 },
            { instrument: 'lefs', value: 41 },
          ],
        },
        'measurements[1].instrument',
      ],
      [{ manualTherapy: [{ technique: 'cupping', region: 'ITB' }] }, 'manualTherapy[0].technique'],
      [{ services: [{ cptCode: '99999', minutes: 10 }] }, 'services[0].cptCode'],
      [
        {
          services: [
            { cptCode: '97110', minutes: 10 },
            { cptCode: '97110', minutes: 5 },
          ],
        },
        'services[1].cptCode',
      ],
      [{ services: [{ cptCode: '97110' }] }, 'services[0].minutes'],
      [{ running: { weeklyDistanceKm: -1 } }, 'running.weeklyDistanceKm'],
      [{ running: { weeklyDistanceKm: 10.123 } }, 'running.weeklyDistanceKm'],
      [{ running: { runWalkRatio: 'often' } }, 'running.runWalkRatio'],
      // Found by test/fuzz.spec.ts: each of these was a 500.
      [{ running: { weeklyDistanceKm: 1e-7 } }, 'running.weeklyDistanceKm'],
      [{ running: [{ weeklyDistanceKm: 5 }] }, 'running'],
      [{ exercises: [[{ exerciseId: '00000000-0000-4000-8000-000000000000', sets: 3 }]] }, 'exercises'],
      [{ subjective: 'Knee pain\u0000' }, 'subjective'],
      [{ plan: 'a \udc00 b' }, 'plan'],
      [{ measurements: JSON.parse('['.repeat(40) + ']'.repeat(40)) }, 'body'],
      [
        { exercises: [{ exerciseId: '00000000-0000-4000-8000-000000000000', sets: 3, reps: 10 }] },
        'exercises[0].exerciseId',
      ],
      [{ visitDate: '2026-03-02 16:00' }, 'visitDate'],
      [{ visitType: 'checkup' }, 'visitType'],
      [{ therapistId: '00000000-0000-4000-8000-000000000000' }, 'therapistId'],
    ])('refuses %j with 400 naming %s and stores nothing', async (patch, field) => {
      const e = await createEpisode(t, owner);
      const res = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .send({ visitDate: visitAt(5), visitType: 'follow_up', ...patch })
        .expect(400);
      expect(res.body.type).toBe('/problems/validation');
      expect(res.body.errors.map((x: { field: string }) => x.field)).toContain(field);
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM visits WHERE episode_id = $1`, [
        e.id,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('refuses a visit date in the future or before the episode starts, in the clinic’s time zone', async () => {
      const e = await createEpisode(t, owner, undefined, { startDate: daysAgo(10) });
      const future = new Date(Date.now() + 10 * 60_000).toISOString();
      const early = visitAt(11);
      for (const visitDate of [future, early]) {
        const res = await t
          .http()
          .post(`/api/v1/episodes/${e.id}/visits`)
          .set(owner.auth)
          .send({ visitDate, visitType: 'follow_up' })
          .expect(400);
        expect(res.body.errors).toEqual([{ field: 'visitDate', message: expect.any(String) }]);
      }
      // 03:00 UTC on the start date is the evening before in Denver: refused there.
      const denver = await createTestClinic(t, 'Denver');
      await t
        .http()
        .patch('/api/v1/clinic')
        .set(denver.auth)
        .set('If-Match', '*')
        .send({ timezone: 'America/Denver' })
        .expect(200);
      const start = daysAgo(5);
      const de = await createEpisode(t, denver, undefined, { startDate: start });
      await t
        .http()
        .post(`/api/v1/episodes/${de.id}/visits`)
        .set(denver.auth)
        .send({ visitDate: `${start}T03:00:00Z`, visitType: 'follow_up' })
        .expect(400);
      await t
        .http()
        .post(`/api/v1/episodes/${de.id}/visits`)
        .set(denver.auth)
        .send({ visitDate: `${start}T03:00:00-07:00`, visitType: 'follow_up' })
        .expect(201);
    });

    it('refuses another clinic’s exercise as if it did not exist (400)', async () => {
      const mine = await t
        .http()
        .post('/api/v1/exercises')
        .set(other.auth)
        .send({ name: 'Secret drill', targets: ['running_drill'], instructions: 'Run.' })
        .expect(201);
      const e = await createEpisode(t, owner);
      const res = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .send({
          visitDate: visitAt(5),
          visitType: 'follow_up',
          exercises: [{ exerciseId: mine.body.id, reps: 5 }],
        })
        .expect(400);
      expect(res.body.errors[0].field).toBe('exercises[0].exerciseId');
    });

    it('answers another clinic’s episode with 404', async () => {
      const e = await createEpisode(t, owner);
      await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(other.auth)
        .send({ visitDate: visitAt(5), visitType: 'follow_up' })
        .expect(404);
      await t.http().get(`/api/v1/episodes/${e.id}/visits`).set(other.auth).expect(404);
      await t.http().get(`/api/v1/episodes/${e.id}/home-program`).set(other.auth).expect(404);
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM visits WHERE episode_id = $1`, [
        e.id,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('stores all of 40 concurrent creates', async () => {
      const e = await createEpisode(t, owner);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          t
            .http()
            .post(`/api/v1/episodes/${e.id}/visits`)
            .set(i % 2 ? colleague.auth : owner.auth)
            .send({ visitDate: visitAt(1 + (i % 20)), visitType: 'follow_up', subjective: `visit ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
      const { rows } = await t.sql.query(
        `SELECT count(DISTINCT subjective)::int AS n FROM visits WHERE episode_id = $1`,
        [e.id],
      );
      expect(rows[0].n).toBe(40);
    });
  });

  describe('running load flag', () => {
    it('flags a rise of more than 10% over the latest earlier visit that has a distance', async () => {
      const e = await createEpisode(t, owner, undefined, { startDate: daysAgo(40) });
      const km = [10, 11, null, 12.11, 0, 0.5];
      for (let i = 0; i < km.length; i++) {
        await createVisit(t, owner, e.id, {
          visitDate: visitAt(35 - i * 5),
          visitType: 'follow_up',
          measurements: [],
          ...(km[i] === null ? {} : { running: { weeklyDistanceKm: km[i] } }),
        });
      }
      const res = await t.http().get(`/api/v1/episodes/${e.id}/visits`).set(owner.auth).expect(200);
      expect(res.body.items.map((v: { flags: string[] }) => v.flags)).toEqual([
        [],
        [],
        [],
        ['weekly_distance_over_10_percent'],
        [],
        ['weekly_distance_over_10_percent'],
      ]);
    });
  });

  describe('GET /episodes/:id/visits and /visits/:id', () => {
    it('lists in visit order (date, then creation) and pages', async () => {
      const e = await createEpisode(t, owner);
      const late = await createVisit(t, owner, e.id, { visitDate: visitAt(2), visitType: 'follow_up' });
      const early = await createVisit(t, owner, e.id, { visitDate: visitAt(9) });
      const sameDay = await createVisit(t, owner, e.id, { visitDate: visitAt(2), visitType: 'follow_up' });
      const res = await t.http().get(`/api/v1/episodes/${e.id}/visits`).set(owner.auth).expect(200);
      expect(res.body.items.map((v: { id: string }) => v.id)).toEqual([early.id, late.id, sameDay.id]);
      const p2 = await t
        .http()
        .get(`/api/v1/episodes/${e.id}/visits?page=2&pageSize=2`)
        .set(owner.auth)
        .expect(200);
      expect(p2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(p2.body.items.map((v: { id: string }) => v.id)).toEqual([sameDay.id]);
    });

    it('reads one visit with ETag; another clinic gets 404', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id);
      const res = await t.http().get(`/api/v1/visits/${v.id}`).set(colleague.auth).expect(200);
      expect(res.headers.etag).toBe('"1"');
      await t.http().get(`/api/v1/visits/${v.id}`).set(other.auth).expect(404);
      const { rows } = await t.sql.query(
        `SELECT 1 FROM audit_events WHERE action = 'visit.read' AND entity_id = $1`,
        [v.id],
      );
      expect(rows).toHaveLength(1);
    });
  });

  describe('PATCH and DELETE drafts', () => {
    it('replaces each array whole, clears with null, needs If-Match', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id, {
        services: [{ cptCode: '97110', minutes: 30 }],
        running: { weeklyDistanceKm: 8 },
      });
      await t.http().patch(`/api/v1/visits/${v.id}`).set(owner.auth).send({ plan: 'x' }).expect(428);
      const res = await t
        .http()
        .patch(`/api/v1/visits/${v.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({
          measurements: [{ instrument: 'nprs_activity', value: 5 }],
          services: [{ cptCode: '97140', minutes: 38 }],
          running: null,
          plan: 'Progress bands',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        version: 2,
        measurements: [{ instrument: 'nprs_activity', value: 5 }],
        running: null,
        plan: 'Progress bands',
        billing: { totalTimedMinutes: 38, totalUnits: 3 },
      });
      await t
        .http()
        .patch(`/api/v1/visits/${v.id}`)
        .set(other.auth)
        .set('If-Match', '"2"')
        .send({ plan: 'hijack' })
        .expect(404);
      const { rows } = await t.sql.query(`SELECT plan FROM visits WHERE id = $1`, [v.id]);
      expect(rows[0].plan).toBe('Progress bands');
    });

    it('lets exactly one of ten racing PATCHes on one version win', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .patch(`/api/v1/visits/${v.id}`)
            .set(owner.auth)
            .set('If-Match', '"1"')
            .send({ subjective: `writer ${i}` }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(412)]);
      const winner = results.find((r) => r.status === 200)!;
      const { rows } = await t.sql.query(`SELECT subjective, version FROM visits WHERE id = $1`, [v.id]);
      expect(rows[0]).toEqual({ subjective: winner.body.subjective, version: 2 });
    });

    it('deletes a draft; another clinic gets 404', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id);
      await t.http().delete(`/api/v1/visits/${v.id}`).set(other.auth).expect(404);
      await t.http().delete(`/api/v1/visits/${v.id}`).set(colleague.auth).set('If-Match', '"1"').expect(204);
      await t.http().get(`/api/v1/visits/${v.id}`).set(owner.auth).expect(404);
    });
  });

  describe('signing', () => {
    it('is for the creator only (403); another clinic gets 404', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id);
      await t.http().post(`/api/v1/visits/${v.id}/sign`).set(colleague.auth).expect(403);
      await t.http().post(`/api/v1/visits/${v.id}/sign`).set(other.auth).expect(404);
      const { rows } = await t.sql.query(`SELECT status FROM visits WHERE id = $1`, [v.id]);
      expect(rows[0].status).toBe('draft');
    });

    it('needs nprs_activity on an initial evaluation or discharge (422), not on a follow-up', async () => {
      const e = await createEpisode(t, owner);
      const ie = await createVisit(t, owner, e.id, { measurements: [{ instrument: 'lefs', value: 40 }] });
      const res = await t.http().post(`/api/v1/visits/${ie.id}/sign`).set(owner.auth).expect(422);
      expect(res.body.type).toBe('/problems/sign-incomplete');
      const fu = await createVisit(t, owner, e.id, {
        visitType: 'follow_up',
        measurements: [],
        visitDate: visitAt(3),
      });
      await t.http().post(`/api/v1/visits/${fu.id}/sign`).set(owner.auth).expect(200);
    });

    it('freezes the visit: PATCH, DELETE and re-sign are 409, and so is an UPDATE sent straight to the database', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id);
      const signed = await t
        .http()
        .post(`/api/v1/visits/${v.id}/sign`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .expect(200);
      expect(signed.body).toMatchObject({ status: 'signed', signedBy: owner.id, version: 2 });
      expect(signed.body.signedAt).toEqual(expect.any(String));
      const patch = await t
        .http()
        .patch(`/api/v1/visits/${v.id}`)
        .set(owner.auth)
        .set('If-Match', '"2"')
        .send({ plan: 'changed' })
        .expect(409);
      expect(patch.body.type).toBe('/problems/visit-signed');
      await t.http().delete(`/api/v1/visits/${v.id}`).set(owner.auth).expect(409);
      await t.http().post(`/api/v1/visits/${v.id}/sign`).set(owner.auth).expect(409);

      await expect(t.sql.query(`UPDATE visits SET plan = 'tampered' WHERE id = $1`, [v.id])).rejects.toThrow(
        /signed/,
      );
      await expect(t.sql.query(`UPDATE visits SET status = 'draft' WHERE id = $1`, [v.id])).rejects.toThrow(
        /signed/,
      );
      await expect(t.sql.query(`DELETE FROM visits WHERE id = $1`, [v.id])).rejects.toThrow(/signed/);
      const { rows } = await t.sql.query(`SELECT plan, status FROM visits WHERE id = $1`, [v.id]);
      expect(rows[0]).toEqual({ plan: null, status: 'signed' });
      const audit = await t.sql.query(
        `SELECT action, outcome FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
        [v.id],
      );
      expect(audit.rows).toEqual([
        { action: 'visit.create', outcome: 'success' },
        { action: 'visit.sign', outcome: 'success' },
        { action: 'patch /api/v1/visits/:id', outcome: 'denied' },
        { action: 'delete /api/v1/visits/:id', outcome: 'denied' },
        { action: 'post /api/v1/visits/:id/sign', outcome: 'denied' },
      ]);
    });
  });

  describe('addenda', () => {
    it('are appended to signed visits by their creator only, and never change', async () => {
      const e = await createEpisode(t, owner);
      const v = await createVisit(t, owner, e.id);
      await t
        .http()
        .post(`/api/v1/visits/${v.id}/addenda`)
        .set(owner.auth)
        .send({ text: 'early' })
        .expect(409);
      await signVisit(t, owner, v.id);
      await t
        .http()
        .post(`/api/v1/visits/${v.id}/addenda`)
        .set(colleague.auth)
        .send({ text: 'not mine' })
        .expect(403);
      await t
        .http()
        .post(`/api/v1/visits/${v.id}/addenda`)
        .set(other.auth)
        .send({ text: 'foreign' })
        .expect(404);
      await t.http().post(`/api/v1/visits/${v.id}/addenda`).set(owner.auth).send({ text: '' }).expect(400);
      const res = await t
        .http()
        .post(`/api/v1/visits/${v.id}/addenda`)
        .set(owner.auth)
        .send({ text: 'Pain score was taken after the run, not before.' })
        .expect(201);
      expect(res.body.addenda).toEqual([
        {
          id: expect.any(String),
          text: 'Pain score was taken after the run, not before.',
          authorId: owner.id,
          createdAt: expect.any(String),
        },
      ]);
      expect(res.body.version).toBe(2);
      await expect(
        t.sql.query(`UPDATE visit_addenda SET text = 'edited' WHERE visit_id = $1`, [v.id]),
      ).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`DELETE FROM visit_addenda WHERE visit_id = $1`, [v.id])).rejects.toThrow(
        /append-only/,
      );
    });
  });

  describe('home program', () => {
    it('is the prescription of the latest signed visit that has one, unchanged by later library edits', async () => {
      const own = await t
        .http()
        .post('/api/v1/exercises')
        .set(owner.auth)
        .send({ name: 'Wall lean hip drop', targets: ['glute_medius'], instructions: 'Lean, drop, lift.' })
        .expect(201);
      const e = await createEpisode(t, owner);
      const empty = await t.http().get(`/api/v1/episodes/${e.id}/home-program`).set(owner.auth).expect(200);
      expect(empty.body).toEqual({ visitId: null, items: [] });

      const v1 = await createVisit(t, owner, e.id, {
        visitDate: visitAt(20),
        exercises: [{ exerciseId: own.body.id, sets: 2, reps: 10 }],
      });
      await signVisit(t, owner, v1.id);
      const v2 = await createVisit(t, owner, e.id, {
        visitDate: visitAt(10),
        visitType: 'follow_up',
        measurements: [],
      });
      await signVisit(t, owner, v2.id);
      await createVisit(t, owner, e.id, {
        visitDate: visitAt(5),
        visitType: 'follow_up',
        exercises: [{ exerciseId: own.body.id, sets: 4, reps: 15 }],
      }); // a draft: does not count

      await t
        .http()
        .patch(`/api/v1/exercises/${own.body.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ name: 'Renamed', instructions: 'Different now.' })
        .expect(200);
      const res = await t.http().get(`/api/v1/episodes/${e.id}/home-program`).set(colleague.auth).expect(200);
      expect(res.body.visitId).toBe(v1.id);
      expect(res.body.items).toEqual([
        {
          exerciseId: own.body.id,
          name: 'Wall lean hip drop',
          instructions: 'Lean, drop, lift.',
          targets: ['glute_medius'],
          sets: 2,
          reps: 10,
          holdSeconds: null,
          load: null,
          timesPerWeek: null,
          notes: null,
        },
      ]);
    });
  });

  describe('idempotency', () => {
    let e: EpisodeRef;
    beforeAll(async () => {
      e = await createEpisode(t, owner);
    });
    const body = () => ({ visitDate: visitAt(3), visitType: 'follow_up', subjective: 'double tap' });

    it('replays the first answer for a retry and creates nothing more', async () => {
      const b = body();
      const first = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .set('Idempotency-Key', 'save-1')
        .send(b)
        .expect(201);
      const retry = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .set('Idempotency-Key', 'save-1')
        .send({ subjective: b.subjective, visitType: b.visitType, visitDate: b.visitDate }) // keys reordered
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM visits WHERE episode_id = $1`, [
        e.id,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('answers 422 for the same key with another body', async () => {
      await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .set('Idempotency-Key', 'save-2')
        .send(body())
        .expect(201);
      const res = await t
        .http()
        .post(`/api/v1/episodes/${e.id}/visits`)
        .set(owner.auth)
        .set('Idempotency-Key', 'save-2')
        .send({ ...body(), subjective: 'something else' })
        .expect(422);
      expect(res.body.type).toBe('/problems/idempotency-key-reused');
    });

    it('scopes keys per user: a colleague’s same key is a new request', async () => {
      // The owner uses the key first. The colleague then sends another body with it: a key
      // shared across users would answer 422 (another body) or replay the owner's visit.
      const path = `/api/v1/episodes/${e.id}/visits`;
      const owners = await t
        .http()
        .post(path)
        .set(owner.auth)
        .set('Idempotency-Key', 'save-5')
        .send(body())
        .expect(201);
      const res = await t
        .http()
        .post(path)
        .set(colleague.auth)
        .set('Idempotency-Key', 'save-5')
        .send({ ...body(), subjective: 'the colleague’s own note' })
        .expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(res.body.id).not.toBe(owners.body.id);
      expect(res.body.therapistId).toBe(colleague.id);
      expect(res.body.subjective).toBe('the colleague’s own note');
      const { rows } = await t.sql.query(
        `SELECT therapist_id, subjective FROM visits WHERE id = ANY($1::uuid[]) ORDER BY therapist_id = $2`,
        [[owners.body.id, res.body.id], colleague.id],
      );
      expect(rows).toEqual([
        { therapist_id: owner.id, subjective: 'double tap' },
        { therapist_id: colleague.id, subjective: 'the colleague’s own note' },
      ]);
    });

    it('answers 409 with Retry-After while the first request with the key is still running', async () => {
      const path = `/api/v1/episodes/${e.id}/visits`;
      const scope = [owner.clinicId, owner.id, 'POST', path, 'save-3'].join('\n');
      const holder = new pg.Client({ connectionString: t.databaseUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [scope]);
        const res = await t
          .http()
          .post(path)
          .set(owner.auth)
          .set('Idempotency-Key', 'save-3')
          .send(body())
          .expect(409);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      await t.http().post(path).set(owner.auth).set('Idempotency-Key', 'save-3').send(body()).expect(201);
    });

    it('stores nothing for a refused request, so a corrected retry with the same key works', async () => {
      const path = `/api/v1/episodes/${e.id}/visits`;
      await t
        .http()
        .post(path)
        .set(owner.auth)
        .set('Idempotency-Key', 'save-4')
        .send({ ...body(), measurements: [{ instrument: 'nprs_activity', value: 99 }] })
        .expect(400);
      await t.http().post(path).set(owner.auth).set('Idempotency-Key', 'save-4').send(body()).expect(201);
    });
  });
});
