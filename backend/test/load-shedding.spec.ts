import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type Actor, createEpisode, createTestClinic, type EpisodeRef, visitAt } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Waits until `done()` holds (polling), or fails after `ms`. */
async function until(done: () => Promise<boolean> | boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Keeps a request in flight on purpose: the test's own transaction locks the episode row, so a
 * visit POSTed to it waits on the lock (the visit insert takes the episode FOR SHARE) while it
 * holds its pool connection. Returns the pending answer and the function that lets it go.
 */
async function holdOneRequest(t: TestApp, base: string, owner: Actor, episode: EpisodeRef) {
  const locker: pg.PoolClient = await t.sql.connect();
  await locker.query('BEGIN');
  await locker.query('SELECT id FROM episodes WHERE id = $1 FOR UPDATE', [episode.id]);
  const pending = request(base)
    .post(`/api/v1/episodes/${episode.id}/visits`)
    .set(owner.auth)
    .send({ visitDate: visitAt(3), visitType: 'follow_up' })
    .then((res) => res);
  await until(async () => {
    const { rows } = await t.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return rows[0].n === 1;
  }, 'the held request to wait on the lock');
  return {
    pending,
    release: async () => {
      await locker.query('COMMIT');
      locker.release();
    },
  };
}

function expectShed(res: request.Response, retryAfter: string): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe(retryAfter);
  expect(res.body).toMatchObject({
    type: '/problems/unavailable',
    status: 503,
    title: 'Service unavailable',
  });
  expect(typeof res.body.detail).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/stack|SELECT/i);
}

/** The app on a loopback port (the tests need real concurrent connections), with a clinic and an episode. */
async function listeningApp(overrides: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(overrides);
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const owner = await createTestClinic(t); // one request at a time: never refused
  const episode = await createEpisode(t, owner);
  return { t, base, owner, episode };
}

describe('load shedding', () => {
  describe('past the in-flight limit', () => {
    let t: TestApp;
    let base: string;
    let owner: Actor;
    let episode: EpisodeRef;

    beforeAll(async () => {
      ({ t, base, owner, episode } = await listeningApp({
        loadShedMaxInFlight: 1,
        loadShedMaxPoolWaiting: 0,
        loadShedRetryAfterSeconds: 3,
      }));
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers 503 problem+json with Retry-After at once, keeps /health, and serves normally afterwards', async () => {
      const held = await holdOneRequest(t, base, owner, episode);
      try {
        const started = Date.now();
        const refused = await request(base).get(`/api/v1/episodes/${episode.id}/visits`).set(owner.auth);
        expectShed(refused, '3');
        expect(Date.now() - started).toBeLessThan(1000);
        // Refused before the body is read: a POST is refused the same way.
        expectShed(
          await request(base)
            .post(`/api/v1/episodes/${episode.id}/visits`)
            .set(owner.auth)
            .send({ visitDate: visitAt(2), visitType: 'follow_up' }),
          '3',
        );
        await request(base).get('/api/v1/health').expect(200);
      } finally {
        await held.release();
      }
      expect((await held.pending).status).toBe(201);

      const after = await request(base)
        .get(`/api/v1/episodes/${episode.id}/visits`)
        .set(owner.auth)
        .expect(200);
      expect(after.body.total).toBe(1);
      // The refused POST wrote nothing.
      const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM visits WHERE episode_id = $1', [
        episode.id,
      ]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('while requests wait for a database connection', () => {
    let t: TestApp;
    let base: string;
    let owner: Actor;
    let episode: EpisodeRef;

    beforeAll(async () => {
      ({ t, base, owner, episode } = await listeningApp({
        dbPoolSize: 1,
        auditSealIntervalMs: 0, // nothing else may take the one connection
        loadShedMaxInFlight: 0,
        loadShedMaxPoolWaiting: 1,
        loadShedRetryAfterSeconds: 1,
      }));
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses with 503 + Retry-After once the pool has a waiter, and recovers', async () => {
      const pool = (t.app.get(DataSource).driver as unknown as { master: { waitingCount: number } }).master;
      const held = await holdOneRequest(t, base, owner, episode); // holds the only connection
      let queued: Promise<request.Response> | undefined;
      try {
        expect(pool.waitingCount).toBe(0);
        // Admitted (no one waits yet), then waits for the connection.
        queued = request(base)
          .get(`/api/v1/episodes/${episode.id}/visits`)
          .set(owner.auth)
          .then((res) => res);
        await until(() => pool.waitingCount === 1, 'a request waiting for the pool');
        expectShed(await request(base).get(`/api/v1/episodes/${episode.id}/visits`).set(owner.auth), '1');
      } finally {
        await held.release();
      }
      expect((await held.pending).status).toBe(201);
      expect((await queued!).status).toBe(200);
      await request(base).get(`/api/v1/episodes/${episode.id}/visits`).set(owner.auth).expect(200);
    });
  });
});
