import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CSP_NONCE_PLACEHOLDER } from '../src/common/http.js';
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

    it('answers a body whose Content-Encoding does not match it with 400, not 500', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('{"email":"a@b.example","password":"not compressed"}');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: '/problems/validation', errors: [{ field: 'body' }] });
    });

    it('answers a body nested too deeply with 400 before anything recurses over it', async () => {
      const owner = await createTestClinic(t, 'Deep Clinic');
      const deep = '['.repeat(1900) + ']'.repeat(1900); // within this app's 4 KB body limit
      for (const headers of [{}, { 'Idempotency-Key': 'deep-1' }]) {
        const res = await t
          .http()
          .post('/api/v1/patients')
          .set(owner.auth)
          .set(headers)
          .set('Content-Type', 'application/json')
          .send(`{"firstName":${deep}}`);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/too deeply/) }]);
      }
      // Up to 32 levels still reach validation, which names the field.
      const shallow = await t
        .http()
        .post('/api/v1/patients')
        .set(owner.auth)
        .send({ firstName: [[[['x']]]] });
      expect(shallow.status).toBe(400);
      expect(shallow.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'firstName' })]),
      );
    });

    it('audits a refused request even when its path id holds a NUL', async () => {
      const owner = await createTestClinic(t, 'Nul Clinic');
      const count = async () =>
        (
          await t.sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE clinic_id = $1`, [
            owner.clinicId,
          ])
        ).rows[0].n as number;
      const before = await count();
      await t.http().get('/api/v1/patients/%00abc').set(owner.auth).expect(404);
      expect(await count()).toBe(before + 1);
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

    it('serves the console with a fresh CSP nonce per answer, the same in its header and its page', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stride-console-'));
      writeFileSync(
        join(dir, 'index.html'),
        `<!doctype html><html><body><stride-root ngCspNonce="${CSP_NONCE_PLACEHOLDER}"></stride-root>` +
          `<script src="main-ABCD1234.js" type="module" nonce="${CSP_NONCE_PLACEHOLDER}"></script></body></html>`,
      );
      writeFileSync(join(dir, 'main-ABCD1234.js'), 'export {};');
      // A file under the console's `api/` folder must stay invisible: /api belongs to the API.
      mkdirSync(join(dir, 'api', 'v1'), { recursive: true });
      writeFileSync(join(dir, 'api', 'v1', 'stray.json'), '{"from":"disk"}');
      const withConsole = await createTestApp({ consoleDir: dir });
      try {
        const nonces: string[] = [];
        for (const path of ['/', '/patients/p-1?tab=visits', '/index.html']) {
          const res = await withConsole.http().get(path).set('Accept', 'text/html').expect(200);
          const csp = String(res.headers['content-security-policy']);
          const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
          expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 random bits
          expect(res.text).toContain(`ngCspNonce="${nonce}"`);
          expect(res.text).toContain(`nonce="${nonce}"></script>`);
          expect(res.text).not.toContain(CSP_NONCE_PLACEHOLDER);
          expect(csp.split(';')).toEqual(
            expect.arrayContaining([
              "script-src 'self'",
              `style-src-elem 'self' 'nonce-${nonce}'`,
              expect.stringMatching(/^style-src-attr 'unsafe-hashes' 'sha256-[A-Za-z0-9+/]{43}='$/),
              "object-src 'none'",
              "base-uri 'self'",
              "frame-ancestors 'none'",
            ]),
          );
          expect(csp).not.toContain("'unsafe-inline'");
          expect(res.headers['cache-control']).toBe('no-cache');
          nonces.push(nonce);
        }
        expect(new Set(nonces).size).toBe(nonces.length);

        // The bundles are plain files, cached for good; the API and its docs keep their policies.
        const bundle = await withConsole.http().get('/main-ABCD1234.js').expect(200);
        expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        const stray = await withConsole.http().get('/api/v1/stray.json').expect(404);
        expect(stray.headers['content-type']).toContain('application/problem+json');
        expect(stray.text).not.toContain('disk');
        const api = await withConsole.http().get('/api/v1/health').expect(200);
        expect(api.headers['content-security-policy']).toContain("style-src 'self';");
        expect(api.headers['content-security-policy']).not.toMatch(/nonce|unsafe/);
        const docs = await withConsole.http().get('/api/docs').expect(200);
        expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
      } finally {
        await withConsole.close();
      }
    });
  });

  describe('requests the HTTP parser refuses', () => {
    /** Sends raw bytes and reads until the server closes the connection. */
    async function raw(bytes: string): Promise<string> {
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as AddressInfo;
      return new Promise((done, fail) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('close', () => done(answer));
        socket.on('error', fail);
      });
    }

    it('answers headers over 16 KB with 431 problem+json', async () => {
      const answer = await raw(
        `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
      );
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 431 /);
      expect(head).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(body)).toEqual({
        type: '/problems/payload-too-large',
        title: 'Request Header Fields Too Large',
        status: 431,
        detail: 'The request headers exceed 16 KB.',
      });
    });

    it('answers bytes that are not HTTP with 400 problem+json naming the request', async () => {
      const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(body)).toMatchObject({
        type: '/problems/validation',
        status: 400,
        errors: [{ field: 'request', message: 'The request is not valid HTTP/1.1.' }],
      });
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
