import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Strategy } from 'passport-jwt';
import {
  addUser,
  createTestClinic,
  login,
  PASSWORD,
  randomEmail,
  refreshCookieOf,
  withoutRequestId,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ loginMaxFailuresPerAccount: 3, loginMaxFailuresPerAddress: 1000 });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('signup', () => {
    it('creates a clinic whose first user is admin and therapist, and signs them in', async () => {
      const email = randomEmail('Founder');
      const res = await t
        .http()
        .post('/api/v1/auth/signup')
        .send({
          clinicName: 'Riverside Physio',
          fullName: 'Dana Reyes',
          email,
          password: PASSWORD,
          timezone: 'America/Denver',
          distanceUnit: 'mi',
        })
        .expect(201);
      expect(res.body.user).toMatchObject({
        email: email.toLowerCase(),
        fullName: 'Dana Reyes',
        roles: ['admin', 'therapist'],
        mfaEnabled: false,
        clinic: { name: 'Riverside Physio', timezone: 'America/Denver', distanceUnit: 'mi' },
      });
      expect(typeof res.body.accessToken).toBe('string');
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('stride_refresh='),
      );
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/v1\/auth/);

      const me = await t
        .http()
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`)
        .expect(200);
      expect(me.body).toEqual(res.body.user);
    });

    it('refuses a second account with the same email in any letter case (409)', async () => {
      const owner = await createTestClinic(t);
      const res = await t
        .http()
        .post('/api/v1/auth/signup')
        .send({ clinicName: 'Other', fullName: 'X', email: owner.email.toUpperCase(), password: PASSWORD })
        .expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.type).toBe('/problems/conflict');
    });

    it('names each invalid field (400)', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/signup')
        .send({
          clinicName: '',
          fullName: 'A',
          email: 'not-an-email',
          password: 'short',
          timezone: 'Mars/Olympus',
        })
        .expect(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['clinicName', 'email', 'password', 'timezone']);
    });
  });

  describe('login', () => {
    it('signs in with the right password, whatever the email case', async () => {
      const owner = await createTestClinic(t);
      const actor = await login(t, owner.email.toUpperCase());
      expect(actor.id).toBe(owner.id);
    });

    it('answers an unknown email and a wrong password with the same 401', async () => {
      const owner = await createTestClinic(t);
      const wrong = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: owner.email, password: 'wrong password!' });
      const unknown = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: randomEmail('nobody'), password: 'wrong password!' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
      expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('answers 429 with Retry-After once an account reaches its failure limit, even for the right password', async () => {
      const owner = await createTestClinic(t);
      for (let i = 0; i < 3; i++) {
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: owner.email, password: 'wrong password!' })
          .expect(401);
      }
      const blocked = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: owner.email, password: PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body.type).toBe('/problems/rate-limited');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    });

    it('forgets failures older than the window', async () => {
      const owner = await createTestClinic(t);
      const rows = Array.from(
        { length: 5 },
        () => `('${owner.email}', '203.0.113.9', now() - interval '16 minutes')`,
      );
      await t.sql.query(`INSERT INTO sign_in_failures (email_key, address, at) VALUES ${rows.join(',')}`);
      await login(t, owner.email);
    });

    it('writes an audit event for each success and failure', async () => {
      const owner = await createTestClinic(t);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: owner.email, password: 'wrong password!' })
        .expect(401);
      await login(t, owner.email);
      const { rows } = await t.sql.query<{ action: string; outcome: string; user_id: string }>(
        `SELECT action, outcome, user_id FROM audit_events WHERE clinic_id = $1 AND action = 'auth.login' ORDER BY seq`,
        [owner.clinicId],
      );
      expect(rows).toEqual([
        { action: 'auth.login', outcome: 'failure', user_id: owner.id },
        { action: 'auth.login', outcome: 'success', user_id: owner.id },
      ]);
    });

    it('records a sign-in attempt for an unknown email without a clinic', async () => {
      const email = randomEmail('ghost');
      await t.http().post('/api/v1/auth/login').send({ email, password: 'wrong password!' }).expect(401);
      const { rows } = await t.sql.query(
        `SELECT clinic_id, outcome FROM audit_events WHERE action = 'auth.login' AND detail->>'email' = $1`,
        [email],
      );
      expect(rows).toEqual([{ clinic_id: null, outcome: 'failure' }]);
    });
  });

  describe('refresh', () => {
    it('rotates the refresh token and returns a working access token', async () => {
      const owner = await createTestClinic(t);
      const res = await t.http().post('/api/v1/auth/refresh').set('Cookie', owner.refreshCookie).expect(200);
      const next = refreshCookieOf(res);
      expect(next).not.toBe(owner.refreshCookie);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    });

    it('refuses a used refresh token and revokes its whole family', async () => {
      const owner = await createTestClinic(t);
      const first = await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('Cookie', owner.refreshCookie)
        .expect(200);
      const rotated = refreshCookieOf(first);

      await t.http().post('/api/v1/auth/refresh').set('Cookie', owner.refreshCookie).expect(401);
      // The family is gone: the newest token and the access tokens of the session stop working.
      await t.http().post('/api/v1/auth/refresh').set('Cookie', rotated).expect(401);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(401);
      const { rows } = await t.sql.query(
        `SELECT outcome FROM audit_events WHERE action = 'auth.refresh_token_reuse' AND user_id = $1`,
        [owner.id],
      );
      expect(rows).toEqual([{ outcome: 'denied' }]);
    });

    it('answers 401 without a cookie', async () => {
      const res = await t.http().post('/api/v1/auth/refresh').expect(401);
      expect(res.body.type).toBe('/problems/unauthenticated');
    });

    it('ends a session after 15 idle minutes', async () => {
      const owner = await createTestClinic(t);
      await t.sql.query(
        `UPDATE auth_sessions SET last_seen_at = now() - interval '16 minutes' WHERE user_id = $1`,
        [owner.id],
      );
      await t.http().get('/api/v1/me').set(owner.auth).expect(401);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', owner.refreshCookie).expect(401);
    });

    it('ends a session after its absolute lifetime, however active', async () => {
      const owner = await createTestClinic(t);
      await t.sql.query(
        `UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [owner.id],
      );
      await t.http().post('/api/v1/auth/refresh').set('Cookie', owner.refreshCookie).expect(401);
      await t.http().get('/api/v1/me').set(owner.auth).expect(401);
    });
  });

  describe('logout', () => {
    it('revokes the session: its refresh and access tokens stop working', async () => {
      const owner = await createTestClinic(t);
      // Used once before, so the guard remembers it as verified: the session check still refuses it.
      await t.http().get('/api/v1/me').set(owner.auth).expect(200);
      const res = await t.http().post('/api/v1/auth/logout').set('Cookie', owner.refreshCookie).expect(204);
      expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/stride_refresh=;/);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', owner.refreshCookie).expect(401);
      await t.http().get('/api/v1/me').set(owner.auth).expect(401);
      const { rows } = await t.sql.query(
        `SELECT outcome FROM audit_events WHERE action = 'auth.logout' AND user_id = $1`,
        [owner.id],
      );
      expect(rows).toEqual([{ outcome: 'success' }]);
    });

    it("leaves the user's other sessions alone", async () => {
      const owner = await createTestClinic(t);
      const other = await login(t, owner.email);
      await t.http().post('/api/v1/auth/logout').set('Cookie', owner.refreshCookie).expect(204);
      await t.http().get('/api/v1/me').set(other.auth).expect(200);
    });
  });

  describe('access tokens', () => {
    it('refuses a missing, malformed, or foreign-signed token with 401 problem+json', async () => {
      await t.http().get('/api/v1/me').expect(401);
      await t.http().get('/api/v1/me').set('Authorization', 'Bearer nonsense').expect(401);
      const forged =
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwiY2lkIjoieSIsInNpZCI6InoifQ.c2lnbmF0dXJlLW9mLW5vLW9uZQ';
      const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${forged}`).expect(401);
      expect(res.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    });

    it('verifies a token once, then knows it, and still refuses one that differs by a character', async () => {
      const owner = await createTestClinic(t);
      const verify = jest.spyOn(Strategy as unknown as { JwtVerifier: () => void }, 'JwtVerifier');
      try {
        for (let i = 0; i < 3; i++) await t.http().get('/api/v1/me').set(owner.auth).expect(200);
        expect(verify).toHaveBeenCalledTimes(1);
        // One character of the signature changed: another token, verified (and refused) afresh.
        const token = owner.accessToken;
        const at = token.length - 10;
        const altered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
        await t.http().get('/api/v1/me').set('Authorization', `Bearer ${altered}`).expect(401);
        expect(verify).toHaveBeenCalledTimes(2);
      } finally {
        verify.mockRestore();
      }
    });

    it('stops working at once when the user is deactivated', async () => {
      const owner = await createTestClinic(t);
      const therapist = await addUser(t, owner, ['therapist']);
      await t.http().get('/api/v1/me').set(therapist.auth).expect(200);
      await t
        .http()
        .patch(`/api/v1/users/${therapist.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ active: false })
        .expect(200);
      await t.http().get('/api/v1/me').set(therapist.auth).expect(401);
      await t.http().post('/api/v1/auth/refresh').set('Cookie', therapist.refreshCookie).expect(401);
      // and a deactivated account gets the same 401 as a wrong password
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: therapist.email, password: PASSWORD });
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('The email or password is not correct.');
    });
  });
});
