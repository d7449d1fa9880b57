import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestClinic } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 4096 });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('errors', () => {
    it('answers malformed JSON with 400 problem+json naming the body', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@b.c", ')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: '/problems/validation',
        status: 400,
        errors: [{ field: 'body', message: expect.any(String) }],
      });
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|SyntaxError|stack/);
    });

    it('answers an unknown field with 400 naming it', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'a@b.c', password: 'whatever-long', isAdmin: true })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'isAdmin', message: 'Unknown field.' }]);
    });

    it('answers an oversized body with 413 problem+json', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'a@b.c', password: 'x'.repeat(10_000) })
        .expect(413);
      expect(res.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    });

    it('answers an unknown route with 404 problem+json', async () => {
      const res = await t.http().get('/api/v1/no-such-thing').expect(404);
      expect(res.body.type).toBe('/problems/not-found');
    });

    it('answers a database failure with a bare 500, never SQL or a stack', async () => {
      const owner = await createTestClinic(t);
      await t.sql.query(`ALTER TABLE clinics RENAME COLUMN timezone TO tz_broken`);
      try {
        const res = await t.http().get('/api/v1/clinic').set(owner.auth).expect(500);
        expect(res.body).toMatchObject({ status: 500, title: 'Internal error' });
        expect(JSON.stringify(res.body)).not.toMatch(/tz_broken|timezone|SELECT|column|at /i);
      } finally {
        await t.sql.query(`ALTER TABLE clinics RENAME COLUMN tz_broken TO timezone`);
      }
    });

    it('echoes a request id, and makes one when none is sent', async () => {
      const mine = await t.http().get('/api/v1/health').set('X-Request-Id', 'abc-123').expect(200);
      expect(mine.headers['x-request-id']).toBe('abc-123');
      const made = await t.http().get('/api/v1/health').expect(200);
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('security headers', () => {
    it('sends CSP, nosniff, frame and referrer policies, and no-store on the API', async () => {
      const res = await t.http().get('/api/v1/health').expect(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('OpenAPI', () => {
    it('serves the document generated from the DTOs at /api/docs-json', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/signup',
          '/api/v1/auth/login',
          '/api/v1/me',
          '/api/v1/users/{id}',
          '/api/v1/patients',
          '/api/v1/patients/{id}/episodes',
          '/api/v1/episodes/{id}/discharge',
          '/api/v1/episodes/{id}/visits',
          '/api/v1/episodes/{id}/home-program',
          '/api/v1/visits/{id}/sign',
          '/api/v1/visits/{id}/addenda',
          '/api/v1/exercises/{id}',
          '/api/v1/instruments',
          '/api/v1/audit-events',
        ]),
      );
      const signup = res.body.components.schemas.SignupDto;
      expect(signup.required).toEqual(
        expect.arrayContaining(['clinicName', 'fullName', 'email', 'password']),
      );
      const visit = res.body.components.schemas.CreateVisitDto;
      expect(visit.required).toEqual(expect.arrayContaining(['visitDate', 'visitType']));
      expect(Object.keys(visit.properties)).toEqual(
        expect.arrayContaining(['measurements', 'manualTherapy', 'exercises', 'running', 'services']),
      );
      await t.http().get('/api/docs').expect(200);
    });
  });

  describe('health', () => {
    it('answers liveness without the database and readiness with it', async () => {
      expect((await t.http().get('/api/v1/health').expect(200)).body).toEqual({ status: 'ok' });
      expect((await t.http().get('/api/v1/health/ready').expect(200)).body).toEqual({
        status: 'ok',
        database: 'up',
      });
    });
  });
});
