/**
 * A fresh world for each fuzzed operation, so that what one operation's fuzzing does (a
 * deactivated user, a discharged episode, a revoked session) never changes what the next sees:
 * clinic A (the caller's) with charts in every state, and clinic B whose ids stand for
 * "another clinic's".
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { type Actor, actorFrom, daysAgo, PASSWORD, randomEmail, visitAt } from '../factories.js';
import type { TestApp } from '../test-app.js';

export interface ClinicWorld {
  owner: Actor;
  /** A's therapist-only user, signed in (B has none). */
  therapist?: Actor;
  /** Ids by kind: patient, episode, visit, user, exercise. */
  ids: Record<string, string[]>;
  emails: string[];
}

export interface World {
  a: ClinicWorld;
  b: ClinicWorld;
  /** Ids every clinic may use: the global exercise library. */
  shared: Record<string, string[]>;
  /** The ETag last seen for a resource id (or for a path without one, such as /clinic). */
  etags: Map<string, string>;
}

let addressCounter = 0;

/** Answers of the fixture requests must succeed; this says which did not, and why. */
async function ok(res: Response | Promise<Response>, status: number, what: string): Promise<Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

function track(world: Pick<World, 'etags'>, res: Response): void {
  const body = res.body as { id?: unknown; version?: unknown };
  const etag = res.headers.etag as string | undefined;
  if (typeof body?.id === 'string' && etag) world.etags.set(body.id, etag);
}

/** A clinic through the public signup; its owner is admin and therapist. */
export async function signupClinic(t: TestApp, name: string): Promise<Actor> {
  const res = await ok(
    t
      .http()
      .post('/api/v1/auth/signup')
      .send({
        clinicName: name,
        fullName: 'Owner Person',
        email: randomEmail('fuzz-owner'),
        password: PASSWORD,
      }),
    201,
    'signup',
  );
  return actorFrom(res);
}

/**
 * Fixture sign-ins come from an address of their own (the app trusts X-Forwarded-For in this
 * spec), so the fuzzing of the sign-in endpoints, which soon hits the per-address limit of
 * failed sign-ins, never locks the fixtures out.
 */
async function loginFresh(t: TestApp, email: string): Promise<Actor> {
  addressCounter += 1;
  const res = await ok(
    t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', `10.77.${(addressCounter >> 8) & 255}.${addressCounter & 255}`)
      .send({ email, password: PASSWORD }),
    200,
    'login',
  );
  return actorFrom(res);
}

async function buildClinic(
  t: TestApp,
  world: Pick<World, 'etags'>,
  name: string,
  full: boolean,
): Promise<ClinicWorld> {
  const owner = await signupClinic(t, name);
  const h = () => t.http();
  const ids: Record<string, string[]> = {
    patient: [],
    episode: [],
    visit: [],
    user: [owner.id],
    exercise: [],
  };
  const emails = [owner.email];
  const post = async (path: string, body: object, status = 201) => {
    const res = await ok(h().post(path).set(owner.auth).send(body), status, `POST ${path}`);
    track(world, res);
    return res.body as { id: string; version: number };
  };

  let therapist: Actor | undefined;
  if (full) {
    const therapistEmail = randomEmail('fuzz-therapist');
    const created = await post('/api/v1/users', {
      email: therapistEmail,
      fullName: 'Tess Therapist',
      roles: ['therapist'],
      password: PASSWORD,
    });
    ids.user.push(created.id);
    emails.push(therapistEmail);
    therapist = await loginFresh(t, therapistEmail);
  }

  const exercise = await post('/api/v1/exercises', {
    name: `${name} band walk`,
    targets: ['glute_medius'],
    instructions: 'Band above the knees, small steps sideways, knees out.',
  });
  ids.exercise.push(exercise.id);

  const patient = (first: string) =>
    post('/api/v1/patients', {
      firstName: first,
      lastName: 'Runner',
      dateOfBirth: '1990-05-01',
      sex: 'female',
    });
  const episode = (patientId: string) =>
    post(`/api/v1/patients/${patientId}/episodes`, {
      diagnosisCode: 'M76.31',
      diagnosisLabel: 'Iliotibial band syndrome, right leg',
      bodySide: 'right',
      startDate: daysAgo(30),
    });
  const visit = (episodeId: string, days: number, type: string) =>
    post(`/api/v1/episodes/${episodeId}/visits`, {
      visitDate: visitAt(days),
      visitType: type,
      measurements: [{ instrument: 'nprs_activity', value: 6 }],
      exercises: [{ exerciseId: exercise.id, sets: 3, reps: 12, timesPerWeek: 3 }],
      services: [{ cptCode: '97110', minutes: 23 }],
    });
  const sign = async (visitId: string) => {
    const res = await ok(h().post(`/api/v1/visits/${visitId}/sign`).set(owner.auth), 200, 'sign');
    track(world, res);
  };

  const main = await patient('Sam');
  ids.patient.push(main.id);
  const active = await episode(main.id);
  ids.episode.push(active.id);
  const signed = await visit(active.id, 20, 'initial_evaluation');
  await sign(signed.id);
  const draft = await visit(active.id, 10, 'follow_up');
  ids.visit.push(signed.id, draft.id);

  if (full) {
    await post(`/api/v1/visits/${signed.id}/addenda`, { text: 'Also reports hip pain on stairs.' });
    // A discharged episode with a signed visit, and a cancelled one.
    const closed = await episode(main.id);
    const closedVisit = await visit(closed.id, 15, 'initial_evaluation');
    await sign(closedVisit.id);
    const discharged = await ok(
      h()
        .post(`/api/v1/episodes/${closed.id}/discharge`)
        .set(owner.auth)
        .send({ date: daysAgo(0), reason: 'goals_met' }),
      200,
      'discharge',
    );
    track(world, discharged);
    const spare = await patient('Alex');
    const cancelled = await ok(
      h()
        .post(`/api/v1/episodes/${(await episode(spare.id)).id}/cancel`)
        .set(owner.auth)
        .send({ reason: 'moved away' }),
      200,
      'cancel',
    );
    track(world, cancelled);
    // An active episode with signed visits only, which can be discharged.
    const ready = await episode(spare.id);
    await sign((await visit(ready.id, 12, 'initial_evaluation')).id);
    ids.episode.push(closed.id, cancelled.body.id as string, ready.id);
    ids.visit.push(closedVisit.id);
    // An archived patient.
    const archived = await patient('Robin');
    await ok(h().delete(`/api/v1/patients/${archived.id}`).set(owner.auth), 204, 'archive');
    world.etags.set(archived.id, '"2"');
    ids.patient.push(spare.id, archived.id);
    const clinic = await ok(h().get('/api/v1/clinic').set(owner.auth), 200, 'clinic');
    if (clinic.headers.etag) world.etags.set('/api/v1/clinic', clinic.headers.etag as string);
  }
  return { owner, therapist, ids, emails };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const world: World = { a: undefined!, b: undefined!, shared: {}, etags: new Map() };
  world.a = await buildClinic(t, world, 'Fuzz Clinic A', true);
  world.b = await buildClinic(t, world, 'Fuzz Clinic B', false);
  const lib = await ok(
    t.http().get('/api/v1/exercises?pageSize=100').set(world.a.owner.auth),
    200,
    'exercise library',
  );
  const globals = (lib.body.items as { id: string; global: boolean }[])
    .filter((e) => e.global)
    .map((e) => e.id);
  world.shared.exercise = globals.slice(0, 3);
  return world;
}

/** Bearer tokens any client could make up: unsigned, signed with a guessed key, or not a JWT. */
export function forgedTokens(owner: Actor): string[] {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const [, payload] = owner.accessToken.split('.');
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const guessed = `${header}.${payload}`;
  const sig = createHmac('sha256', 'secret').update(guessed).digest('base64url');
  const claims = b64({
    sub: randomUUID(),
    cid: randomUUID(),
    sid: randomUUID(),
    iss: 'stride',
    aud: 'stride-api',
  });
  return [
    none,
    `${guessed}.${sig}`,
    `${header}.${claims}.${sig}`,
    `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.AAAA`,
    owner.refreshCookie.split('=')[1],
    'eyJ.eyJ.eyJ',
  ];
}
