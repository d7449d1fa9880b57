import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { Role } from '../src/users/user.entity.js';
import type { TestApp } from './test-app.js';

/** Anything that can send requests to an app. */
export type HttpApp = Pick<TestApp, 'http'>;

export const PASSWORD = 'correct horse battery';

export function randomEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@clinic.example`;
}

export interface Actor {
  id: string;
  email: string;
  clinicId: string;
  roles: Role[];
  accessToken: string;
  /** The `stride_refresh=…` cookie pair as sent back to the API. */
  refreshCookie: string;
  auth: { Authorization: string };
}

export function refreshCookieOf(res: Response): string {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = raw?.find((c) => c.startsWith('stride_refresh='));
  if (!cookie) throw new Error(`no refresh cookie in answer ${res.status}`);
  return cookie.split(';')[0];
}

function actorFrom(res: Response): Actor {
  const body = res.body as {
    accessToken: string;
    user: { id: string; email: string; roles: Role[]; clinic: { id: string } };
  };
  return {
    id: body.user.id,
    email: body.user.email,
    clinicId: body.user.clinic.id,
    roles: body.user.roles,
    accessToken: body.accessToken,
    refreshCookie: refreshCookieOf(res),
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** A new clinic through the public signup; its owner is admin and therapist. */
export async function createTestClinic(t: HttpApp, name = 'Test Clinic'): Promise<Actor> {
  const res = await t
    .http()
    .post('/api/v1/auth/signup')
    .send({ clinicName: name, fullName: 'Owner Person', email: randomEmail('owner'), password: PASSWORD })
    .expect(201);
  return actorFrom(res);
}

export async function login(t: HttpApp, email: string, password = PASSWORD): Promise<Actor> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return actorFrom(res);
}

/** A further user of the admin's clinic, signed in. */
export async function addUser(
  t: HttpApp,
  admin: Actor,
  roles: Role[],
  fullName = 'Second Person',
): Promise<Actor> {
  const email = randomEmail(roles.join('-'));
  await t
    .http()
    .post('/api/v1/users')
    .set(admin.auth)
    .send({ email, fullName, roles, password: PASSWORD })
    .expect(201);
  return login(t, email);
}

/** Problem bodies differ only in requestId between two answers. */
export function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _ignored, ...rest } = body;
  return rest;
}
