/**
 * A small client of the Stride API, typed only by the committed OpenAPI document: its types
 * are generated from backend/openapi.json by openapi-typescript (into generated/, by
 * test/openapi-client.spec.ts) and its calls go through openapi-fetch. The spec type-checks this
 * file with tsc (a compile error fails it) and then runs it against the test app, so a document
 * that does not describe what the API takes and answers fails one way or the other.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/openapi.js';

type Schemas = components['schemas'];

export interface ClientRun {
  session: Schemas['SessionView'];
  patient: Schemas['PatientView'];
  patientEtag: string | null;
  renamed: Schemas['PatientView'];
  episode: Schemas['EpisodeView'];
  visit: Schemas['VisitView'];
  signed: Schemas['VisitView'];
  visits: Schemas['VisitPage'];
  outcomes: Schemas['EpisodeOutcomesView'];
  analytics: Schemas['AnalyticsView'];
  instruments: Schemas['InstrumentView'][];
  refused: Schemas['ValidationProblemView'];
  stale: Schemas['ProblemView'] | Schemas['ValidationProblemView'];
}

/**
 * Calls the API refuses, which must not compile either: never run, only type-checked (an
 * `@ts-expect-error` that no longer errs fails the compile).
 */
export function wrongCalls(client: ReturnType<typeof createClient<paths>>, id: string): unknown[] {
  return [
    client.POST('/api/v1/patients', {
      // @ts-expect-error — sex is required (the API answers 400 without it).
      body: { firstName: 'A', lastName: 'B', dateOfBirth: '1990-01-01' },
    }),
    client.PATCH('/api/v1/patients/{id}', {
      // @ts-expect-error — a PATCH needs If-Match (the API answers 428 without it).
      params: { path: { id } },
      body: {},
    }),
    client.POST('/api/v1/episodes/{id}/visits', {
      params: { path: { id } },
      // @ts-expect-error — visitType is one of the VisitType enum.
      body: { visitDate: '2026-03-02T16:00:00Z', visitType: 'checkup' },
    }),
  ];
}

function must<T>(data: T | undefined, what: string, response: Response): T {
  if (data === undefined) throw new Error(`${what}: HTTP ${response.status}`);
  return data;
}

/**
 * Signs a clinic up, then creates a patient, an episode and a visit (at `visitDate`, on the
 * episode's start date), signs it and reads analytics.
 */
export async function run(baseUrl: string, email: string, visitDate: string): Promise<ClientRun> {
  const today = visitDate.slice(0, 10);
  const client = createClient<paths>({ baseUrl });

  const signup = await client.POST('/api/v1/auth/signup', {
    body: {
      clinicName: 'OpenAPI Client Physio',
      fullName: 'Casey Client',
      email,
      password: 'a long enough password',
      timezone: 'UTC',
      distanceUnit: 'km',
    },
  });
  const session = must(signup.data, 'signup', signup.response);
  client.use({
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${session.accessToken}`);
      return request;
    },
  });

  const created = await client.POST('/api/v1/patients', {
    params: { header: { 'Idempotency-Key': `client-${email}` } },
    body: { firstName: 'Jordan', lastName: 'Alvarez', dateOfBirth: '1991-04-17', sex: 'female', email: null },
  });
  const patient = must(created.data, 'create patient', created.response);

  const renamedAnswer = await client.PATCH('/api/v1/patients/{id}', {
    params: { path: { id: patient.id }, header: { 'If-Match': created.response.headers.get('ETag') ?? '' } },
    body: { firstName: 'Jordan Lee', phone: null },
  });
  const renamed = must(renamedAnswer.data, 'rename patient', renamedAnswer.response);

  const staleAnswer = await client.PATCH('/api/v1/patients/{id}', {
    params: { path: { id: patient.id }, header: { 'If-Match': '"1"' } },
    body: { lastName: 'Stale' },
  });
  const stale = must(staleAnswer.error, 'stale PATCH', staleAnswer.response);

  const episodeAnswer = await client.POST('/api/v1/patients/{id}/episodes', {
    params: { path: { id: patient.id } },
    body: {
      diagnosisCode: 'M76.31',
      diagnosisLabel: 'Iliotibial band syndrome, right leg',
      bodySide: 'right',
      startDate: today,
      goals: ['Run 10 km pain-free'],
    },
  });
  const episode = must(episodeAnswer.data, 'create episode', episodeAnswer.response);

  const visitAnswer = await client.POST('/api/v1/episodes/{id}/visits', {
    params: { path: { id: episode.id } },
    body: {
      visitDate,
      visitType: 'initial_evaluation',
      assessment: 'Lateral knee pain on runs over 5 km; weak hip abductors.',
      plan: 'Hip strength, load management, return to running.',
      measurements: [
        { instrument: 'nprs_activity', value: 6 },
        { instrument: 'psfs', value: 4.5 },
      ],
      manualTherapy: [{ technique: 'soft_tissue_mobilization', region: 'TFL / lateral hip', minutes: 8 }],
      running: { weeklyDistanceKm: 12.5, longestRunKm: 5, runWalkRatio: '4:1' },
      services: [
        { cptCode: '97110', minutes: 23 },
        { cptCode: '97161', minutes: null },
      ],
    },
  });
  const visit = must(visitAnswer.data, 'create visit', visitAnswer.response);

  const refusedAnswer = await client.POST('/api/v1/episodes/{id}/visits', {
    params: { path: { id: episode.id } },
    body: { visitDate: 'yesterday', visitType: 'follow_up' },
  });
  const problem = must(refusedAnswer.error, 'invalid visit', refusedAnswer.response);
  // A 400 is a ValidationProblem: `errors` is always there.
  if (problem.status !== 400 || !('errors' in problem) || !problem.errors) throw new Error('not a 400');
  const refused: Schemas['ValidationProblemView'] = {
    ...problem,
    type: '/problems/validation',
    status: 400,
    errors: problem.errors,
  };

  const signAnswer = await client.POST('/api/v1/visits/{id}/sign', {
    params: { path: { id: visit.id }, header: { 'If-Match': `"${visit.version}"` } },
  });
  const signed = must(signAnswer.data, 'sign visit', signAnswer.response);

  const listAnswer = await client.GET('/api/v1/episodes/{id}/visits', {
    params: { path: { id: episode.id }, query: { page: 1, pageSize: 10 } },
  });
  const visits = must(listAnswer.data, 'list visits', listAnswer.response);

  const outcomesAnswer = await client.GET('/api/v1/episodes/{id}/outcomes', {
    params: { path: { id: episode.id } },
  });
  const outcomes = must(outcomesAnswer.data, 'episode outcomes', outcomesAnswer.response);

  const analyticsAnswer = await client.GET('/api/v1/analytics/outcomes', {
    params: { query: { from: today, to: today, diagnosis: 'M76' } },
  });
  const analytics = must(analyticsAnswer.data, 'analytics', analyticsAnswer.response);

  const instrumentsAnswer = await client.GET('/api/v1/instruments');
  const instruments = must(instrumentsAnswer.data, 'instruments', instrumentsAnswer.response);

  return {
    session,
    patient,
    patientEtag: created.response.headers.get('ETag'),
    renamed,
    episode,
    visit,
    signed,
    visits,
    outcomes,
    analytics,
    instruments,
    refused,
    stale,
  };
}
