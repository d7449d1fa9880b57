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
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.js';
import { rebuildEpisodeSummaries } from '../src/outcomes/episode-summaries.js';
import { createTestApp, type TestApp } from './test-app.js';

/** A signed visit with the given pain and (optionally) LEFS. */
async function signed(
  t: TestApp,
  who: Actor,
  episodeId: string,
  daysBack: number,
  pain: number,
  lefs?: number,
) {
  const v = await createVisit(t, who, episodeId, {
    visitDate: visitAt(daysBack),
    visitType: 'follow_up',
    measurements: [
      { instrument: 'nprs_activity', value: pain },
      ...(lefs === undefined ? [] : [{ instrument: 'lefs', value: lefs }]),
    ],
  });
  await signVisit(t, who, v.id);
  return v;
}

describe('outcomes', () => {
  let t: TestApp;
  let owner: Actor;
  let liam: Actor;
  let other: Actor;
  let discharged: string;
  let active: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createTestClinic(t, 'Outcome Clinic');
    liam = await addUser(t, owner, ['therapist'], 'Liam Therapist');
    other = await createTestClinic(t, 'Elsewhere');

    // Episode A (owner): 7 → 4 → 1 over 3 signed visits, LEFS 45 → 70, discharged 35 days after start.
    const a = await createEpisode(t, owner, undefined, { startDate: daysAgo(50) });
    await signed(t, owner, a.id, 50, 7, 45);
    await signed(t, owner, a.id, 40, 4);
    await signed(t, owner, a.id, 15, 1, 70);
    await t
      .http()
      .post(`/api/v1/episodes/${a.id}/discharge`)
      .set(owner.auth)
      .send({ date: daysAgo(15), reason: 'goals_met' })
      .expect(200);
    discharged = a.id;

    // Episode B (Liam): 6 → 5 signed, plus a draft at 0 that must not count.
    const b = await createEpisode(t, liam, undefined, { startDate: daysAgo(20), diagnosisCode: 'M25.561' });
    await signed(t, liam, b.id, 20, 6);
    await signed(t, liam, b.id, 12, 5);
    await createVisit(t, liam, b.id, {
      visitDate: visitAt(1),
      visitType: 'follow_up',
      measurements: [{ instrument: 'nprs_activity', value: 0 }],
    });
    active = b.id;

    // Episode C (owner): one signed visit only; cancelled episode D counts only as cancelled.
    const c = await createEpisode(t, owner, undefined, { startDate: daysAgo(3) });
    await signed(t, owner, c.id, 3, 8);
    const d = await createEpisode(t, owner, undefined, { startDate: daysAgo(5) });
    await signed(t, owner, d.id, 5, 9);
    await t.http().post(`/api/v1/episodes/${d.id}/cancel`).set(owner.auth).send({}).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /analytics/outcomes', () => {
    it('computes the clinic to the decimal from signed visits only', async () => {
      const res = await t.http().get('/api/v1/analytics/outcomes').set(owner.auth).expect(200);
      const body = res.body;
      expect(body.episodes).toEqual({ total: 4, active: 2, discharged: 1, cancelled: 1 });
      expect(body.visitsPerDischargedEpisode).toEqual({ mean: 3, median: 3 });
      expect(body.weeksToDischarge).toEqual({ mean: 5, median: 5 });
      // A: 7→1 (6, MCID); B: 6→5 (1) — the draft's 0 is not B's latest; C has one visit.
      expect(body.measures.nprs_activity).toEqual({
        episodes: 2,
        meanBaseline: 6.5,
        meanLatest: 3,
        meanChange: 3.5,
        mcidRate: 0.5,
      });
      expect(body.measures.lefs).toEqual({
        episodes: 1,
        meanBaseline: 45,
        meanLatest: 70,
        meanChange: 25,
        mcidRate: 1,
      });
      expect(body.measures.psfs).toBeNull();
      // weeks: A 0 (7), 1 (4), 5 (1); B 0 (6), 1 (5); C 0 (8)
      expect(body.painByWeek).toEqual([
        { week: 0, mean: 7, n: 3 },
        { week: 1, mean: 4.5, n: 2 },
        { week: 5, mean: 1, n: 1 },
      ]);
      expect(body.visitCountDistribution).toEqual([{ visits: 3, episodes: 1 }]);
      expect(body.byTherapist).toEqual([
        { therapistId: liam.id, fullName: 'Liam Therapist', episodes: 1, mcidRate: 0, meanVisits: null },
        { therapistId: owner.id, fullName: 'Owner Person', episodes: 2, mcidRate: 1, meanVisits: 3 },
      ]);
      expect(body.offTrackTotal).toBe(0);
    });

    it('filters by start date, therapist and ICD-10 prefix', async () => {
      const recent = await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ from: daysAgo(25), to: daysAgo(0) })
        .set(owner.auth)
        .expect(200);
      expect(recent.body.episodes.total).toBe(3);
      const byLiam = await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ therapistId: liam.id })
        .set(owner.auth);
      expect(byLiam.body.episodes.total).toBe(1);
      const knee = await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ diagnosis: 'm25' })
        .set(owner.auth);
      expect(knee.body.episodes.total).toBe(1);
      const foreign = await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ therapistId: other.id })
        .set(owner.auth);
      expect(foreign.body.episodes.total).toBe(0);
      const bad = await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ from: '2026-02-02', to: '2026-02-01' })
        .set(owner.auth)
        .expect(400);
      expect(bad.body.errors[0].field).toBe('from');
    });

    it('shows a therapist only the episodes they treat; another therapist’s id is 403', async () => {
      const mine = await t.http().get('/api/v1/analytics/outcomes').set(liam.auth).expect(200);
      expect(mine.body.episodes).toEqual({ total: 1, active: 1, discharged: 0, cancelled: 0 });
      await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ therapistId: owner.id })
        .set(liam.auth)
        .expect(403);
    });

    it('lists active episodes off track, whatever the date filter', async () => {
      const stale = await createEpisode(t, owner, undefined, { startDate: daysAgo(70) });
      await signed(t, owner, stale.id, 69, 7);
      const res = await t
        .http()
        .get('/api/v1/analytics/outcomes')
        .query({ from: daysAgo(10), to: daysAgo(0) })
        .set(owner.auth)
        .expect(200);
      expect(res.body.offTrackTotal).toBe(1);
      expect(res.body.offTrack).toEqual([
        {
          episodeId: stale.id,
          patientId: expect.any(String),
          patientName: 'Sam Runner',
          therapistId: owner.id,
          reasons: ['over_8_weeks', 'no_visit_14_days'],
        },
      ]);
      await t.http().post(`/api/v1/episodes/${stale.id}/cancel`).set(owner.auth).send({}).expect(200);
    });

    it('answers an empty selection with zeros, nulls and empty lists', async () => {
      const res = await t.http().get('/api/v1/analytics/outcomes').set(other.auth).expect(200);
      expect(res.body).toEqual({
        episodes: { total: 0, active: 0, discharged: 0, cancelled: 0 },
        visitsPerDischargedEpisode: { mean: null, median: null },
        weeksToDischarge: { mean: null, median: null },
        measures: { nprs_activity: null, nprs_rest: null, nprs_worst_24h: null, lefs: null, psfs: null },
        byTherapist: [],
        painByWeek: [],
        visitCountDistribution: [],
        offTrack: [],
        offTrackTotal: 0,
      });
    });

    it('takes the median of an even count as the mean of the middle two', async () => {
      const clinic = await createTestClinic(t, 'Medians');
      // Two discharged episodes: 2 visits over 14 days and 4 visits over 21 days.
      const specs: [number, number[]][] = [
        [14, [30, 16]],
        [21, [40, 33, 26, 19]],
      ];
      for (const [length, days] of specs) {
        const start = days[0];
        const e = await createEpisode(t, clinic, undefined, { startDate: daysAgo(start) });
        for (const d of days) await signed(t, clinic, e.id, d, 5);
        await t
          .http()
          .post(`/api/v1/episodes/${e.id}/discharge`)
          .set(clinic.auth)
          .send({ date: daysAgo(start - length), reason: 'goals_met' })
          .expect(200);
      }
      const res = await t.http().get('/api/v1/analytics/outcomes').set(clinic.auth).expect(200);
      expect(res.body.visitsPerDischargedEpisode).toEqual({ mean: 3, median: 3 });
      expect(res.body.weeksToDischarge).toEqual({ mean: 2.5, median: 2.5 });
      expect(res.body.visitCountDistribution).toEqual([
        { visits: 2, episodes: 1 },
        { visits: 4, episodes: 1 },
      ]);
      // equal pain at every visit: a defined change of 0 for both, no MCID
      expect(res.body.measures.nprs_activity).toEqual({
        episodes: 2,
        meanBaseline: 5,
        meanLatest: 5,
        meanChange: 0,
        mcidRate: 0,
      });
    });
  });

  describe('GET /analytics/outcomes.csv', () => {
    it('answers one RFC 4180 row per episode, neutralising formula-looking text, for admins only', async () => {
      const evil = await createPatient(t, owner, {
        firstName: '=HYPERLINK("http://x")',
        lastName: 'Doe, Jr.',
      });
      await createEpisode(t, owner, evil.id, { startDate: daysAgo(1) });
      const res = await t.http().get('/api/v1/analytics/outcomes.csv').set(owner.auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'episode_id,mrn,patient,therapist,diagnosis_code,start_date,status,discharge_date,signed_visits,' +
          'nprs_activity_baseline,nprs_activity_latest,nprs_activity_change,nprs_activity_mcid,' +
          'nprs_rest_baseline,nprs_rest_latest,nprs_rest_change,nprs_rest_mcid,' +
          'nprs_worst_24h_baseline,nprs_worst_24h_latest,nprs_worst_24h_change,nprs_worst_24h_mcid,' +
          'lefs_baseline,lefs_latest,lefs_change,lefs_mcid,psfs_baseline,psfs_latest,psfs_change,psfs_mcid,off_track',
      );
      expect(lines).toHaveLength(1 + 6);
      const rowA = lines.find((l) => l.startsWith(discharged))!;
      expect(rowA).toContain(',discharged,');
      expect(rowA).toContain(',3,7,1,6,true,,,,,,,,,45,70,25,true,,,,,');
      const rowEvil = lines.find((l) => l.includes('HYPERLINK'))!;
      expect(rowEvil).toContain(`"'=HYPERLINK(""http://x"") Doe, Jr."`);
      const rowB = lines.find((l) => l.startsWith(active))!;
      expect(rowB).toContain(',6,5,1,false,');
      await t.http().get('/api/v1/analytics/outcomes.csv').set(liam.auth).expect(403);
      const { rows } = await t.sql.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'analytics.export'`,
      );
      expect(rows[0].n).toBe(1);
    });
  });

  describe('GET /episodes/:id/outcomes', () => {
    it('answers every instrument with baseline, latest, change, MCID and the signed series', async () => {
      const res = await t.http().get(`/api/v1/episodes/${discharged}/outcomes`).set(liam.auth).expect(200);
      expect(Object.keys(res.body.measures)).toEqual([
        'nprs_activity',
        'nprs_rest',
        'nprs_worst_24h',
        'lefs',
        'psfs',
      ]);
      expect(res.body.measures.nprs_activity).toMatchObject({
        baseline: 7,
        latest: 1,
        change: 6,
        mcidReached: true,
      });
      expect(
        res.body.measures.nprs_activity.series.map((s: { week: number; value: number }) => [s.week, s.value]),
      ).toEqual([
        [0, 7],
        [1, 4],
        [5, 1],
      ]);
      expect(res.body.measures.psfs).toEqual({
        baseline: null,
        latest: null,
        change: null,
        mcidReached: null,
        series: [],
      });
      const b = await t.http().get(`/api/v1/episodes/${active}/outcomes`).set(owner.auth).expect(200);
      expect(b.body.measures.nprs_activity).toMatchObject({
        baseline: 6,
        latest: 5,
        change: 1,
        mcidReached: false,
      });
      await t.http().get(`/api/v1/episodes/${discharged}/outcomes`).set(other.auth).expect(404);
    });
  });

  describe('episode summaries', () => {
    it('are kept current by the writes, and a rebuild from scratch gives the same rows', async () => {
      const read = async () =>
        (await t.sql.query(`SELECT * FROM episode_summaries ORDER BY episode_id`)).rows.map(
          ({ refreshed_at: _at, ...row }) => row,
        );
      const live = await read();
      expect(live.length).toBeGreaterThanOrEqual(4);
      await t.sql.query(`DELETE FROM episode_summaries`);
      // As the owner, like `cli.js rebuild-summaries`: the API's role sees no clinic here.
      const ds = new DataSource(dataSourceOptions(t.databaseUrl, { poolSize: 1, statementTimeoutMs: 60000 }));
      await ds.initialize();
      const rebuilt = await ds.transaction((m) => rebuildEpisodeSummaries(m)).finally(() => ds.destroy());
      expect(rebuilt).toBe(live.length);
      expect(await read()).toEqual(live);
    });
  });
});
