import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base32Decode, base32Encode, hotp, totp, totpStep, verifyTotp } from '../src/auth/totp.js';
import { type Actor, addUser, createTestClinic, PASSWORD, refreshCookieOf } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors (SHA-1, 6 digits)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
    // RFC 6238 Appendix B gives 8 digits; the 6-digit code is their last six.
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
    expect(totp(secret, 1_234_567_890_000)).toBe('005924');
    expect(totp(secret, 20_000_000_000_000)).toBe('353130');
  });

  it('accepts one step of drift, never a step already used', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    const now = 1_234_567_890_000;
    const step = totpStep(now);
    const key = base32Decode(secret);
    expect(verifyTotp(secret, hotp(key, step - 1), null, now)).toBe(step - 1);
    expect(verifyTotp(secret, hotp(key, step + 1), null, now)).toBe(step + 1);
    expect(verifyTotp(secret, hotp(key, step - 2), null, now)).toBeUndefined();
    expect(verifyTotp(secret, hotp(key, step), step, now)).toBeUndefined();
    expect(verifyTotp(secret, '12345', null, now)).toBeUndefined();
  });
});

describe('two-step sign-in', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createTestClinic(t, 'MFA Clinic');
  });

  afterAll(() => t.close());

  /** Sets up and enables TOTP for `actor`; returns the secret. */
  async function enrol(actor: Actor): Promise<string> {
    const setup = await t.http().post('/api/v1/me/mfa/setup').set(actor.auth).expect(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Stride:.*secret=[A-Z2-7]+.*issuer=Stride/);
    const secret = setup.body.secret as string;
    // A wrong code leaves it off.
    const wrong = await t.http().post('/api/v1/me/mfa/enable').set(actor.auth).send({ code: '000000' });
    if (totp(secret) !== '000000') {
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    }
    const on = await t
      .http()
      .post('/api/v1/me/mfa/enable')
      .set(actor.auth)
      .send({ code: totp(secret) });
    expect(on.status).toBe(200);
    expect(on.body.mfaEnabled).toBe(true);
    return secret;
  }

  it('enrols, then asks for a code after the password, and refuses a code used twice', async () => {
    const user = await addUser(t, admin, ['therapist'], 'Code Person');
    const secret = await enrol(user);
    // The secret is kept encrypted.
    const stored = await t.sql.query(`SELECT mfa_secret, mfa_pending_secret FROM users WHERE id = $1`, [
      user.id,
    ]);
    expect(stored.rows[0].mfa_secret).not.toContain(secret);
    expect(stored.rows[0].mfa_pending_secret).toBeNull();
    await t.http().post('/api/v1/me/mfa/setup').set(user.auth).expect(409);

    const first = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    expect(first.headers['set-cookie']).toBeUndefined();
    // The challenge token is no access token.
    await t
      .http()
      .get('/api/v1/me')
      .set({ Authorization: `Bearer ${first.body.mfaToken}` })
      .expect(401);

    // The code that enabled it was used already (same 30-second step): wait for the next step
    // rather than sleep, by using the next step's code, which the drift window accepts.
    const nextCode = totp(secret, Date.now() + 30_000);
    const ok = await t
      .http()
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: first.body.mfaToken, code: nextCode });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ id: user.id, mfaEnabled: true });
    expect(refreshCookieOf(ok)).toMatch(/^stride_refresh=/);
    await t
      .http()
      .get('/api/v1/me')
      .set({ Authorization: `Bearer ${ok.body.accessToken}` })
      .expect(200);

    const again = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD });
    const replay = await t
      .http()
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: again.body.mfaToken, code: nextCode });
    expect(replay.status).toBe(401);
    expect(replay.body.type).toBe('/problems/unauthenticated');

    const audit = await t.sql.query(
      `SELECT detail->>'step' AS step, detail->>'reason' AS reason, outcome FROM audit_events
        WHERE user_id = $1 AND action = 'auth.login' ORDER BY seq`,
      [user.id],
    );
    expect(audit.rows).toEqual(
      expect.arrayContaining([
        { step: 'password', reason: null, outcome: 'success' },
        { step: 'totp', reason: null, outcome: 'success' },
        { step: 'totp', reason: 'wrong_code', outcome: 'failure' },
      ]),
    );
  });

  it('lets one challenge take five wrong codes, then makes the user start again', async () => {
    const user = await addUser(t, admin, ['therapist'], 'Guessing Person');
    const secret = await enrol(user);
    const challenge = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD });
    const right = totp(secret, Date.now() + 30_000);
    const wrongCode = right === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post('/api/v1/auth/mfa/verify')
        .send({ mfaToken: challenge.body.mfaToken, code: wrongCode })
        .expect(401);
    }
    const dead = await t
      .http()
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: challenge.body.mfaToken, code: right });
    expect(dead.status).toBe(401);
    expect(dead.body.detail).toMatch(/email and password again/);
    await t.http().post('/api/v1/auth/mfa/verify').send({ mfaToken: 'not-a-token', code: right }).expect(401);
    const invalid = await t.http().post('/api/v1/auth/mfa/verify').send({ mfaToken: 'x', code: '12ab56' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
  });

  it('lets a clinic require it for admins: no admin powers until enrolled, and no turning it off', async () => {
    const clinic = await t.http().get('/api/v1/clinic').set(admin.auth).expect(200);
    // The admin switching the rule on must meet it first.
    const early = await t
      .http()
      .patch('/api/v1/clinic')
      .set(admin.auth)
      .set('If-Match', `"${clinic.body.version}"`)
      .send({ requireMfaForAdmins: true });
    expect(early.status).toBe(409);

    const secondAdmin = await addUser(t, admin, ['admin', 'therapist'], 'Other Admin');
    await enrol(admin);
    const on = await t
      .http()
      .patch('/api/v1/clinic')
      .set(admin.auth)
      .set('If-Match', `"${clinic.body.version}"`)
      .send({ requireMfaForAdmins: true })
      .expect(200);
    expect(on.body.requireMfaForAdmins).toBe(true);

    // The other admin keeps working as a therapist, but admin routes are closed.
    await t.http().get('/api/v1/patients').set(secondAdmin.auth).expect(200);
    const closed = await t.http().get('/api/v1/users').set(secondAdmin.auth);
    expect(closed.status).toBe(403);
    expect(closed.body.type).toBe('/problems/forbidden');
    await t.http().get('/api/v1/users').set(admin.auth).expect(200);

    // Enrolled admins cannot turn it off while the clinic requires it; therapists can.
    const off = await t.http().delete('/api/v1/me/mfa').set(admin.auth);
    expect(off.status).toBe(409);
    await enrol(secondAdmin);
    await t.http().get('/api/v1/users').set(secondAdmin.auth).expect(200);
    const therapist = await addUser(t, admin, ['therapist'], 'Therapist Off');
    await enrol(therapist);
    await t.http().delete('/api/v1/me/mfa').set(therapist.auth).expect(204);
    const me = await t.http().get('/api/v1/me').set(therapist.auth).expect(200);
    expect(me.body.mfaEnabled).toBe(false);
    const plain = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: therapist.email, password: PASSWORD });
    expect(plain.body.accessToken).toEqual(expect.any(String));
  });
});
