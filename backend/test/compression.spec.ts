import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { CSP_NONCE_PLACEHOLDER, responseCompression } from '../src/common/http.js';
import { createTestClinic, type Actor } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire (still compressed). */
  wire: Buffer;
  /** The body after undoing Content-Encoding. */
  text: string;
}

/** One request with exactly the given headers (no client adds an Accept-Encoding of its own). */
async function raw(
  server: Server,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawAnswer> {
  if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = wire.length > 0 ? res.headers['content-encoding'] : undefined;
        const decoded =
          encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
        done({ status: res.statusCode ?? 0, headers: res.headers, wire, text: decoded.toString('utf8') });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

const varies = (a: RawAnswer) =>
  String(a.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('accept-encoding');

let t: TestApp;
let owner: Actor;
let server: Server;

beforeAll(async () => {
  t = await createTestApp();
  server = t.app.getHttpServer() as Server;
  owner = await createTestClinic(t);
});
afterAll(async () => {
  await t.close();
});

describe('compression of API answers', () => {
  it('compresses an answer over 1 KiB with the encoding the client prefers, and says it varies', async () => {
    const plain = await raw(server, 'GET', '/api/docs-json');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.wire.length).toBeGreaterThan(1024);
    expect(varies(plain)).toBe(true);

    for (const [accept, expected] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['gzip;q=0.2, br;q=0.9', 'br'],
    ] as const) {
      const res = await raw(server, 'GET', '/api/docs-json', { 'Accept-Encoding': accept });
      expect({ accept, encoding: res.headers['content-encoding'] }).toEqual({ accept, encoding: expected });
      expect(varies(res)).toBe(true);
      expect(res.wire.length).toBeLessThan(plain.wire.length / 3);
      expect(JSON.parse(res.text)).toEqual(JSON.parse(plain.text));
    }
  });

  it('sends identity when the client accepts no br or gzip', async () => {
    for (const accept of ['identity', 'br;q=0, gzip;q=0', 'compress']) {
      const res = await raw(server, 'GET', '/api/docs-json', { 'Accept-Encoding': accept });
      expect({ accept, encoding: res.headers['content-encoding'] }).toEqual({ accept, encoding: undefined });
      expect(res.status).toBe(200);
    }
  });

  it('leaves answers of 1 KiB or less as they are', async () => {
    const res = await raw(server, 'GET', '/api/v1/health', { 'Accept-Encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.wire.length).toBeLessThanOrEqual(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.text)).toEqual(expect.objectContaining({ status: expect.any(String) }));
  });

  it('keeps ETags and If-Match working on compressed answers, and problem+json readable', async () => {
    const auth = { Authorization: owner.auth.Authorization, 'Content-Type': 'application/json' };
    const created = await raw(
      server,
      'POST',
      '/api/v1/patients',
      auth,
      JSON.stringify({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1980-02-03', sex: 'female' }),
    );
    expect(created.status).toBe(201);
    const id = (JSON.parse(created.text) as { id: string }).id;
    for (let i = 0; i < 12; i++) {
      const more = await raw(
        server,
        'POST',
        '/api/v1/patients',
        auth,
        JSON.stringify({ firstName: `Pat${i}`, lastName: 'Example', dateOfBirth: '1990-01-01', sex: 'male' }),
      );
      expect(more.status).toBe(201);
    }
    const list = await raw(server, 'GET', '/api/v1/patients', { ...auth, 'Accept-Encoding': 'br' });
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    expect(list.headers['cache-control']).toBe('no-store');

    const one = await raw(server, 'GET', `/api/v1/patients/${id}`, { ...auth, 'Accept-Encoding': 'gzip' });
    expect(one.status).toBe(200);
    const etag = one.headers.etag;
    expect(etag).toMatch(/^"\d+"$/);
    const stale = await raw(
      server,
      'PATCH',
      `/api/v1/patients/${id}`,
      { ...auth, 'Accept-Encoding': 'gzip', 'If-Match': '"999"' },
      JSON.stringify({ firstName: 'Augusta' }),
    );
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const patched = await raw(
      server,
      'PATCH',
      `/api/v1/patients/${id}`,
      { ...auth, 'Accept-Encoding': 'gzip', 'If-Match': String(etag) },
      JSON.stringify({ firstName: 'Augusta' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).not.toBe(etag);

    // A problem over 1 KiB (every unknown field named) arrives compressed and intact.
    const unknown = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`unknownField${i}`, i]));
    const bad = await raw(
      server,
      'POST',
      '/api/v1/patients',
      { ...auth, 'Accept-Encoding': 'br' },
      JSON.stringify(unknown),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.headers['content-encoding']).toBe('br');
    const problem = JSON.parse(bad.text) as { status: number; errors: { field: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['unknownField0', 'unknownField59']),
    );
  });

  it('never compresses sign-in, MFA, patient-link and patient answers (BREACH)', async () => {
    // The same middleware on a bare app whose answers on those paths are all well over 1 KiB.
    const bare = express();
    bare.use(responseCompression());
    const big = { filler: 'x'.repeat(8000) };
    bare.all(/.*/, (_req, res) => {
      res.json(big);
    });
    const bareServer = bare.listen(0, '127.0.0.1');
    try {
      for (const [method, path] of [
        ['POST', '/api/v1/auth/login'],
        ['POST', '/api/v1/auth/refresh'],
        ['GET', '/api/v1/auth'],
        ['POST', '/api/v1/me/mfa/setup'],
        ['POST', '/api/v1/episodes/0b9f7a64-1f2c-4f0e-9c1e-3d5f3a1b2c4d/patient-links'],
        ['GET', '/api/v1/patient/session'],
        ['GET', '/api/v1/patient/questionnaire?x=1'],
      ]) {
        const res = await raw(bareServer, method, path, { 'Accept-Encoding': 'br, gzip' });
        expect({ path, encoding: res.headers['content-encoding'] }).toEqual({ path, encoding: undefined });
        expect(res.wire.length).toBeGreaterThan(8000);
      }
      // … while its neighbours are compressed.
      for (const path of ['/api/v1/patients', '/api/v1/authors', '/api/v1/me', '/api/v1/episodes/1/visits']) {
        const res = await raw(bareServer, 'GET', path, { 'Accept-Encoding': 'br, gzip' });
        expect({ path, encoding: res.headers['content-encoding'] }).toEqual({ path, encoding: 'br' });
      }
    } finally {
      await new Promise((done) => bareServer.close(done));
    }

    // And through the API itself: a signup answer carries tokens, never compressed.
    const signup = await raw(
      server,
      'POST',
      '/api/v1/auth/signup',
      { 'Content-Type': 'application/json', 'Accept-Encoding': 'br, gzip' },
      JSON.stringify({
        clinicName: 'C',
        fullName: 'O P',
        email: `o.${Date.now()}@clinic.example`,
        password: 'correct horse battery',
      }),
    );
    expect(signup.status).toBe(201);
    expect(signup.headers['content-encoding']).toBeUndefined();
  });

  it('leaves event streams alone', async () => {
    const bare = express();
    bare.use(responseCompression());
    bare.get('/api/v1/events', (_req, res) => {
      res.setHeader('Content-Type', 'text/event-stream');
      res.end(`data: ${'y'.repeat(4000)}\n\n`);
    });
    const bareServer = bare.listen(0, '127.0.0.1');
    try {
      const res = await raw(bareServer, 'GET', '/api/v1/events', { 'Accept-Encoding': 'br, gzip' });
      expect(res.headers['content-encoding']).toBeUndefined();
    } finally {
      await new Promise((done) => bareServer.close(done));
    }
  });
});

describe('compression of the console', () => {
  let consoleApp: TestApp;
  let consoleServer: Server;
  let dir: string;
  const bundle = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stride-console-'));
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head>${'<meta name="x" content="padding">'.repeat(60)}</head>` +
        `<body><stride-root ngCspNonce="${CSP_NONCE_PLACEHOLDER}"></stride-root></body></html>`,
    );
    writeFileSync(join(dir, 'main-ABCD1234.js'), bundle);
    // What frontend/tools/precompress.mjs writes (marked, to tell it from compressing on the fly).
    writeFileSync(join(dir, 'main-ABCD1234.js.br'), brotliCompressSync(`${bundle}// precompressed br\n`));
    writeFileSync(join(dir, 'main-ABCD1234.js.gz'), gzipSync(`${bundle}// precompressed gz\n`));
    writeFileSync(join(dir, 'chunk-EFGH5678.js'), bundle); // no precompressed copy
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'secret.js'), 'outside');
    writeFileSync(join(dir, 'secret.js.br'), brotliCompressSync('outside'));
    // The console proper lives in sub/; secret.js above it must stay out of reach.
    for (const f of [
      'index.html',
      'main-ABCD1234.js',
      'main-ABCD1234.js.br',
      'main-ABCD1234.js.gz',
      'chunk-EFGH5678.js',
      'robots.txt',
    ]) {
      writeFileSync(join(dir, 'sub', f), readFileSync(join(dir, f)));
    }
    consoleApp = await createTestApp({ consoleDir: join(dir, 'sub') });
    consoleServer = consoleApp.app.getHttpServer() as Server;
  });
  afterAll(async () => {
    await consoleApp.close();
  });

  it('sends the precompressed files as they are, to clients that accept them', async () => {
    const br = await raw(consoleServer, 'GET', '/main-ABCD1234.js', { 'Accept-Encoding': 'gzip, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(varies(br)).toBe(true);
    expect(br.wire).toEqual(readFileSync(join(dir, 'sub', 'main-ABCD1234.js.br')));
    expect(br.text).toContain('// precompressed br');

    const gz = await raw(consoleServer, 'GET', '/main-ABCD1234.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toContain('// precompressed gz');

    const plain = await raw(consoleServer, 'GET', '/main-ABCD1234.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(varies(plain)).toBe(true);
    expect(plain.text).toBe(bundle);

    const head = await raw(consoleServer, 'HEAD', '/main-ABCD1234.js', { 'Accept-Encoding': 'br' });
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.wire.length).toBe(0);
  });

  it('compresses files without a precompressed copy, and index.html, on the fly', async () => {
    const chunk = await raw(consoleServer, 'GET', '/chunk-EFGH5678.js', { 'Accept-Encoding': 'br' });
    expect(chunk.headers['content-encoding']).toBe('br');
    expect(chunk.text).toBe(bundle);
    const page = await raw(consoleServer, 'GET', '/patients', {
      Accept: 'text/html',
      'Accept-Encoding': 'gzip',
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(page.text).toContain(`ngCspNonce="${nonce}"`);
  });

  it('answers /robots.txt with the robots file, not the console page', async () => {
    const robots = await raw(consoleServer, 'GET', '/robots.txt', { Accept: 'text/html,*/*' });
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toContain('text/plain');
    expect(robots.text).toBe('User-agent: *\nDisallow: /\n');
  });

  it('never sends a precompressed file from outside the console folder', async () => {
    for (const path of ['/..%2fsecret.js', '/%2e%2e/secret.js', '/sub/..%2f..%2fsecret.js']) {
      const res = await raw(consoleServer, 'GET', path, { 'Accept-Encoding': 'br' });
      expect({ path, body: res.text }).not.toEqual({ path, body: 'outside' });
    }
  });
});
