import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { Role } from '../src/common/roles.js';
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

/** The signed-in actor of a signup, login or two-step verify answer. */
export function actorFrom(res: Response): Actor {
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

export interface PatientRef {
  id: string;
  mrn: string;
  version: number;
}

export async function createPatient(
  t: HttpApp,
  actor: Actor,
  body: Partial<{ firstName: string; lastName: string; dateOfBirth: string; sex: string }> = {},
): Promise<PatientRef> {
  const res = await t
    .http()
    .post('/api/v1/patients')
    .set(actor.auth)
    .send({ firstName: 'Sam', lastName: 'Runner', dateOfBirth: '1990-05-01', sex: 'female', ...body })
    .expect(201);
  return res.body as PatientRef;
}

export interface EpisodeRef {
  id: string;
  patientId: string;
  startDate: string;
  version: number;
}

/** A date `days` before today (UTC), as YYYY-MM-DD. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** An instant `days` before now, at 16:00 UTC that day (never in the future). */
export function visitAt(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  d.setUTCHours(days === 0 ? Math.min(d.getUTCHours(), 16) : 16, 0, 0, 0);
  return d.toISOString();
}

export async function createEpisode(
  t: HttpApp,
  actor: Actor,
  patientId?: string,
  body: Record<string, unknown> = {},
): Promise<EpisodeRef> {
  const pid = patientId ?? (await createPatient(t, actor)).id;
  const res = await t
    .http()
    .post(`/api/v1/patients/${pid}/episodes`)
    .set(actor.auth)
    .send({
      diagnosisCode: 'M76.31',
      diagnosisLabel: 'Iliotibial band syndrome, right leg',
      bodySide: 'right',
      startDate: daysAgo(30),
      ...body,
    })
    .expect(201);
  return res.body as EpisodeRef;
}

export interface VisitRef {
  id: string;
  version: number;
  status: string;
}

export async function createVisit(
  t: HttpApp,
  actor: Actor,
  episodeId: string,
  body: Record<string, unknown> = {},
): Promise<VisitRef> {
  const res = await t
    .http()
    .post(`/api/v1/episodes/${episodeId}/visits`)
    .set(actor.auth)
    .send({
      visitDate: visitAt(20),
      visitType: 'initial_evaluation',
      measurements: [{ instrument: 'nprs_activity', value: 6 }],
      ...body,
    });
  if (res.status !== 201) throw new Error(`visit create failed ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as VisitRef;
}

export async function signVisit(t: HttpApp, actor: Actor, visitId: string): Promise<void> {
  const res = await t.http().post(`/api/v1/visits/${visitId}/sign`).set(actor.auth);
  if (res.status !== 200) throw new Error(`sign failed ${res.status}: ${JSON.stringify(res.body)}`);
}
