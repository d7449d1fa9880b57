import { afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../src/app.js';
import type { AppConfig } from '../src/config/config.js';
import { createTestClinic, PASSWORD, randomEmail } from './factories.js';
import { asAppRole, cloneTemplateDatabase, dropDatabase, testConfig } from './test-app.js';

/**
 * Several API processes on one database. Only sign-in is exercised here: passport keeps its
 * strategies in a process-wide registry, so two Nest apps in one process share the last one's.
 */
describe('sign-in limits', () => {
  const apps: INestApplication[] = [];
  let url: string | undefined;

  async function start(overrides: Partial<AppConfig>) {
    url ??= await cloneTemplateDatabase();
    const app = await createApp(testConfig(overrides), asAppRole(url));
    await app.init();
    apps.push(app);
    return { http: () => request(app.getHttpServer()) };
  }

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    if (url) await dropDatabase(url);
    url = undefined;
  });

  it('counts failures in PostgreSQL, so the account limit holds across API processes', async () => {
    const limits = { loginMaxFailuresPerAccount: 3, loginMaxFailuresPerAddress: 1000 };
    const a = await start(limits);
    const b = await start(limits);
    const owner = await createTestClinic(a);
    const fail = { email: owner.email, password: 'wrong password!' };
    await a.http().post('/api/v1/auth/login').send(fail).expect(401);
    await b.http().post('/api/v1/auth/login').send(fail).expect(401);
    await a.http().post('/api/v1/auth/login').send(fail).expect(401);
    const res = await b.http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 429 to an address that failed too often, whichever accounts it tried', async () => {
    const a = await start({ loginMaxFailuresPerAccount: 100, loginMaxFailuresPerAddress: 4 });
    const owner = await createTestClinic(a);
    for (let i = 0; i < 4; i++) {
      await a
        .http()
        .post('/api/v1/auth/login')
        .send({ email: randomEmail('spray'), password: 'wrong password!' })
        .expect(401);
    }
    const res = await a.http().post('/api/v1/auth/login').send({ email: owner.email, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.type).toBe('/problems/rate-limited');
  });
});
