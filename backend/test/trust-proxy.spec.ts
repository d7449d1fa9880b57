import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PASSWORD, randomEmail } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/**
 * Over a real socket from 127.0.0.1, as from the one proxy in front of the API (docker/nginx.conf),
 * which appends the client's address as the last X-Forwarded-For entry; everything left of it
 * is what the client itself sent.
 */
describe('behind one proxy (TRUST_PROXY=1, COOKIE_SECURE=auto)', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ trustProxy: 1, cookieSecure: 'auto', loginMaxFailuresPerAddress: 3 });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  function post(path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: JSON.parse(text) as Record<string, unknown>,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  const signup = (headers: Record<string, string>) =>
    post(
      '/api/v1/auth/signup',
      {
        clinicName: 'Proxy Clinic',
        fullName: 'Owner Person',
        email: randomEmail('proxy'),
        password: PASSWORD,
      },
      headers,
    );

  it("records the proxy's hop, never the client's forged leftmost address, in the audit log", async () => {
    const res = await signup({ 'x-forwarded-for': '1.2.3.4, 203.0.113.7' });
    expect(res.status).toBe(201);
    const clinicId = (res.body.user as { clinic: { id: string } }).clinic.id;
    const { rows } = await t.sql.query<{ ip: string | null }>(
      `SELECT DISTINCT ip FROM audit_events WHERE clinic_id = $1`,
      [clinicId],
    );
    expect(rows.map((r) => r.ip)).toEqual(['203.0.113.7']);
  });

  it('throttles the real address however the forged part rotates', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await post(
        '/api/v1/auth/login',
        { email: randomEmail('spray'), password: 'wrong password!' },
        { 'x-forwarded-for': `10.0.0.${i}, 198.51.100.9` },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another real address is not affected.
    const other = await post(
      '/api/v1/auth/login',
      { email: randomEmail('spray'), password: 'wrong password!' },
      { 'x-forwarded-for': '10.0.0.1, 198.51.100.10' },
    );
    expect(other.status).toBe(401);
  });

  it('sends the refresh cookie Secure only when the request came over HTTPS', async () => {
    const plain = await signup({ 'x-forwarded-for': '203.0.113.8' });
    const secure = await signup({ 'x-forwarded-for': '203.0.113.8', 'x-forwarded-proto': 'https' });
    const cookie = (a: Answer) => ([a.headers['set-cookie'] ?? []].flat()[0] ?? '').toLowerCase();
    expect(cookie(plain)).toMatch(/^stride_refresh=/);
    expect(cookie(plain)).not.toMatch(/;\s*secure/);
    expect(cookie(secure)).toMatch(/;\s*secure/);
  });
});
