import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { createApp } from '../src/app.js';
import { logger } from '../src/common/logger.js';
import {
  actorFrom,
  addUser,
  type Actor,
  createEpisode,
  createPatient,
  createTestClinic,
  createVisit,
  daysAgo,
  PASSWORD,
  randomEmail,
  signVisit,
  visitAt,
  withoutRequestId,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';
import {
  expectInOrder,
  pdfjsTextOf,
  pdftotextAvailable,
  pdftotextOf,
  pdfText,
  type PdfText,
} from './documents-pdf-text.js';

/**
 * SPEC §9 "Documents": a whole IT-band course of care charted through the API by a therapist
 * with a Latin Extended name, for a patient with one, in a clinic on Warsaw time; both documents
 * fetched and read back as text (documents-pdf-text.ts), item by item and in order.
 */

const TZ = 'Europe/Warsaw';

/** An instant as `YYYY-MM-DD HH:mm` in Warsaw, worked out apart from the API's own formatter. */
function warsaw(instant: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
  return parts.replace(',', '').replace(/\s+/, ' ');
}

/** supertest: the body as bytes, whatever its type. */
function bytes(res: unknown, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const LONG_SUBJECTIVE = Array.from(
  { length: 4 },
  (_, i) =>
    `Week ${i + 1} of the log: ran the river loop on flat ground with run-walk intervals, felt the outer knee ` +
    `tighten after about ${20 + i} minutes, eased off, and the ache settled within the hour; sleep unaffected.`,
).join(' ');
/** Long enough to run from the first page onto the second. */
const LONG_OBJECTIVE = Array.from(
  { length: 24 },
  (_, i) =>
    `Observation ${i + 1}: single-leg squat shows less knee valgus than at the first visit; Ober test ` +
    `negative on the right; hip abduction strength 4+/5 holding ${10 + i} seconds without a pelvic drop.`,
).join(' ');

interface Course {
  clinicName: string;
  therapist: Actor;
  patient: { id: string; mrn: string };
  episodeId: string;
  visits: { id: string; visitDate: string; signedAt: string; billing: Billing; pdf?: PdfText }[];
  ownExerciseId: string;
}

interface Billing {
  totalTimedMinutes: number;
  totalUnits: number;
  lines: { cptCode: string; minutes: number | null; timed: boolean; units: number }[];
}

describe('documents (SPEC §9)', () => {
  let t: TestApp;
  let owner: Actor;
  let other: Actor;
  let course: Course;
  let library: { id: string; name: string; instructions: string }[];
  let activeEpisodeId: string;
  let draftId: string;

  const exercise = (fragment: string) => {
    const e = library.find((x) => x.name.toLowerCase().includes(fragment));
    if (!e) throw new Error(`no exercise like ${fragment}`);
    return e;
  };

  const getPdf = (path: string, who: Actor) =>
    t.http().get(`/api/v1${path}`).set(who.auth).buffer(true).parse(bytes);

  beforeAll(async () => {
    t = await createTestApp();
    const clinicName = 'Fizjoterapia Łódź — Biegacze';
    const signup = await t
      .http()
      .post('/api/v1/auth/signup')
      .send({
        clinicName,
        fullName: 'Owner Person',
        email: randomEmail('owner'),
        password: PASSWORD,
        timezone: TZ,
      })
      .expect(201);
    owner = actorFrom(signup);
    const therapist = await addUser(t, owner, ['therapist'], 'Agnieszka Wiśniewska');
    other = await createTestClinic(t, 'Another Clinic');
    library = (await t.http().get('/api/v1/exercises?pageSize=100').set(owner.auth).expect(200)).body.items;

    const own = await t
      .http()
      .post('/api/v1/exercises')
      .set(therapist.auth)
      .send({
        name: 'Hip thrust on the bench (Łódź variant)',
        targets: ['glute_maximus'],
        instructions: 'Shoulders on the bench, drive through the heels, pause two seconds at the top.',
        defaultDosage: '3 × 10',
      })
      .expect(201);

    const patient = await createPatient(t, therapist, {
      firstName: 'Zoë',
      lastName: 'Łukasz-García',
      dateOfBirth: '1988-04-12',
      sex: 'female',
    });
    const episode = await createEpisode(t, therapist, patient.id, {
      startDate: daysAgo(35),
      goals: ['Run 10 km pain-free', 'Return to trail running'],
    });

    const sideLying = exercise('side-lying');
    const plank = exercise('side plank');
    const bodies: Record<string, unknown>[] = [
      {
        visitDate: visitAt(34),
        visitType: 'initial_evaluation',
        subjective: 'Lateral right knee pain from 5 km into runs for six weeks; flat runs tolerated.',
        objective: 'Ober test positive on the right; tender over the distal ITB; hip abduction 4-/5.',
        assessment: 'Right ITB syndrome with weak hip abductors; good prognosis.',
        plan: 'Manual therapy, hip strength programme, run-walk 4:1 on flat ground.',
        measurements: [
          { instrument: 'nprs_activity', value: 6 },
          { instrument: 'nprs_rest', value: 2 },
          { instrument: 'nprs_worst_24h', value: 5 },
          { instrument: 'lefs', value: 48 },
          { instrument: 'psfs', value: 4.3 },
        ],
        manualTherapy: [
          {
            technique: 'soft_tissue_mobilization',
            region: 'TFL / lateral hip',
            minutes: 8,
            notes: 'Well tolerated.',
          },
        ],
        exercises: [
          { exerciseId: sideLying.id, sets: 3, reps: 12, load: 'red band', timesPerWeek: 3 },
          { exerciseId: plank.id, sets: 3, holdSeconds: 30, timesPerWeek: 3 },
        ],
        services: [{ cptCode: '97161' }, { cptCode: '97110', minutes: 23 }, { cptCode: '97140', minutes: 8 }],
      },
      {
        visitDate: visitAt(20),
        visitType: 'follow_up',
        subjective: 'Ran 3 × 5 km this week, pain only on the last kilometre.',
        objective: 'Hip abduction 4/5; single-leg squat improved.',
        assessment: 'Improving as expected.',
        plan: 'Progress to hip thrusts; run-walk 9:1.',
        measurements: [
          { instrument: 'nprs_activity', value: 4 },
          { instrument: 'lefs', value: 58 },
        ],
        exercises: [{ exerciseId: own.body.id, sets: 3, reps: 10, load: '20 kg', timesPerWeek: 2 }],
        services: [{ cptCode: '97110', minutes: 30 }],
      },
      {
        visitDate: visitAt(6),
        visitType: 'discharge',
        subjective: LONG_SUBJECTIVE,
        objective: LONG_OBJECTIVE,
        assessment: 'Goals met: 10 km pain-free on flat ground and a first trail run.',
        plan: 'Discharge to the home programme twice weekly; return if symptoms recur.',
        measurements: [
          { instrument: 'nprs_activity', value: 1 },
          { instrument: 'nprs_worst_24h', value: 4 },
          { instrument: 'lefs', value: 70 },
          { instrument: 'psfs', value: 7.5 },
        ],
        manualTherapy: [{ technique: 'instrument_assisted', region: 'Distal ITB', minutes: 6, notes: null }],
        exercises: [
          {
            exerciseId: own.body.id,
            sets: 4,
            reps: 8,
            load: '30 kg',
            timesPerWeek: 2,
            notes: 'Slow lowering.',
          },
          { exerciseId: plank.id, sets: 2, holdSeconds: 45, timesPerWeek: 2 },
        ],
        services: [
          { cptCode: '97110', minutes: 20 },
          { cptCode: '97140', minutes: 6 },
        ],
      },
    ];
    const visits: Course['visits'] = [];
    for (const body of bodies) {
      const v = await createVisit(t, therapist, episode.id, body);
      await signVisit(t, therapist, v.id);
      const read = await t.http().get(`/api/v1/visits/${v.id}`).set(therapist.auth).expect(200);
      visits.push({
        id: v.id,
        visitDate: read.body.visitDate,
        signedAt: read.body.signedAt,
        billing: read.body.billing,
      });
    }
    await t
      .http()
      .post(`/api/v1/visits/${visits[2].id}/addenda`)
      .set(therapist.auth)
      .send({ text: 'Phoned two days later: ran 12 km on the trail without pain.' })
      .expect(201);
    // The library changes after signing: the note keeps the name it was signed with.
    const ownNow = await t.http().get(`/api/v1/exercises?q=bench`).set(therapist.auth).expect(200);
    await t
      .http()
      .patch(`/api/v1/exercises/${own.body.id}`)
      .set(therapist.auth)
      .set('If-Match', `"${ownNow.body.items[0].version}"`)
      .send({ name: 'Renamed hip thrust' })
      .expect(200);

    course = {
      clinicName,
      therapist,
      patient: { id: patient.id, mrn: patient.mrn },
      episodeId: episode.id,
      visits,
      ownExerciseId: own.body.id,
    };

    // Another episode of the patient, still active, with a draft.
    const active = await createEpisode(t, therapist, undefined, { goals: ['Walk without pain'] });
    activeEpisodeId = active.id;
    draftId = (await createVisit(t, therapist, active.id, { visitDate: visitAt(2) })).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  async function auditEvents(action: string, entityId: string) {
    const { rows } = await t.sql.query(
      `SELECT action, entity_type, entity_id, user_id, outcome, detail FROM audit_events
        WHERE action = $1 AND entity_id = $2 ORDER BY seq`,
      [action, entityId],
    );
    return rows as {
      action: string;
      entity_type: string;
      entity_id: string;
      user_id: string;
      outcome: string;
      detail: Record<string, unknown>;
    }[];
  }

  function expectPdfHeaders(res: Response, fileName: string): void {
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.subarray(-6).toString('latin1').trim()).toBe('%%EOF');
    // The Unicode font is embedded (a subset, with its glyph outlines); no standard font is used.
    const raw = body.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/Helvetica|Times-Roman|Courier/);
  }

  /** Every page ends "Page n of m". */
  function expectPageFooters(pdf: PdfText): void {
    pdf.pages.forEach((lines, i) => {
      expect(lines.at(-1)).toMatch(new RegExp(`Page ${i + 1} of ${pdf.pages.length}$`));
    });
  }

  describe('GET /visits/:id/pdf', () => {
    it('prints the signed initial evaluation: every item of SPEC §9, in reading order', async () => {
      const v = course.visits[0];
      const res = await getPdf(`/visits/${v.id}/pdf`, owner).expect(200);
      const day = warsaw(v.visitDate).slice(0, 10);
      expectPdfHeaders(res, `visit-${course.patient.mrn}-${day}.pdf`);
      const pdf = await pdfText(res.body as Buffer);
      expect(pdf.pages).toHaveLength(1);
      expectPageFooters(pdf);
      const side = exercise('side-lying');
      const plank = exercise('side plank');
      expectInOrder(pdf.text, [
        course.clinicName,
        'Visit note',
        'Patient: Zoë Łukasz-García',
        'Date of birth: 1988-04-12',
        `MRN: ${course.patient.mrn}`,
        `Visit date: ${warsaw(v.visitDate)} ${TZ}`,
        'Visit type: Initial evaluation',
        'Diagnosis: M76.31 Iliotibial band syndrome, right leg',
        'Therapist: Agnieszka Wiśniewska',
        'Subjective',
        'Lateral right knee pain from 5 km into runs for six weeks; flat runs tolerated.',
        'Objective',
        'Ober test positive on the right',
        'Assessment',
        'Right ITB syndrome with weak hip abductors; good prognosis.',
        'Plan',
        'Manual therapy, hip strength programme, run-walk 4:1 on flat ground.',
        'Measurements',
        // The baseline visit: no change yet.
        'Pain during running / aggravating activity (NPRS): 6',
        'Change since baseline: —',
        'Pain at rest (NPRS): 2',
        'Change since baseline: —',
        'Worst pain in the last 24 hours (NPRS): 5',
        'Lower Extremity Functional Scale (LEFS, 0–80): 48',
        'Patient-Specific Functional Scale (PSFS, mean of activities): 4.3',
        'Change since baseline: —',
        'Manual therapy',
        'Soft tissue mobilization — TFL / lateral hip, 8 min',
        'Well tolerated.',
        'Exercises',
        `${side.name}: 3 × 12, red band, 3 times a week`,
        side.instructions.split(/\s+/).slice(0, 6).join(' '),
        `${plank.name}: 3 × 30 s hold, 3 times a week`,
        'Service lines',
        ...v.billing.lines.map(
          (l) =>
            `${l.cptCode} (${l.timed ? `timed, ${l.minutes} min` : 'untimed'}): ${l.units} ${l.units === 1 ? 'unit' : 'units'}`,
        ),
        `Total: ${v.billing.totalTimedMinutes} timed minutes, ${v.billing.totalUnits} units (8-minute rule)`,
        `Signed by Agnieszka Wiśniewska on ${warsaw(v.signedAt)} ${TZ}`,
        'Page 1 of 1',
      ]);
      // The 8-minute rule's figures for this visit (31 timed minutes → 2 units, plus the evaluation).
      expect(v.billing).toMatchObject({ totalTimedMinutes: 31, totalUnits: 3 });
      expect(pdf.text).not.toContain('Addenda');
    });

    it('shows each measurement’s change since baseline, the copied exercise name, addenda and page 1 of 2 for a long note', async () => {
      const v = course.visits[2];
      const res = await getPdf(`/visits/${v.id}/pdf`, course.therapist).expect(200);
      const pdf = await pdfText(res.body as Buffer);
      expect(pdf.pages).toHaveLength(2);
      expectPageFooters(pdf);
      expect(pdf.pages[0].at(-1)).toMatch(/Zoë Łukasz-García · P-\d{6} · Visit note .* Page 1 of 2$/);
      // The long note wraps and flows onto the second page, word for word (footers left out).
      const flowing = pdf.pages.map((lines) => lines.slice(0, -1).join(' ')).join(' ');
      expect(flowing).toContain(LONG_SUBJECTIVE);
      expect(flowing).toContain(LONG_OBJECTIVE);
      expect(pdf.pages[0].join(' ')).toContain('Observation 1: single-leg squat');
      expect(pdf.pages[1].join(' ')).toContain('Observation 24: single-leg squat');
      const addendumAt = (await t.http().get(`/api/v1/visits/${v.id}`).set(owner.auth).expect(200)).body
        .addenda[0].createdAt as string;
      expectInOrder(pdf.text, [
        'Visit type: Discharge',
        'Measurements',
        'Pain during running / aggravating activity (NPRS): 1',
        'Change since baseline: +5 (baseline 6; MCID reached)',
        'Worst pain in the last 24 hours (NPRS): 4',
        'Change since baseline: +1 (baseline 5; MCID not reached)',
        'Lower Extremity Functional Scale (LEFS, 0–80): 70',
        'Change since baseline: +22 (baseline 48; MCID reached)',
        'Patient-Specific Functional Scale (PSFS, mean of activities): 7.5',
        'Change since baseline: +3.2 (baseline 4.3; MCID reached)',
        'Manual therapy',
        'Instrument-assisted soft tissue mobilization — Distal ITB, 6 min',
        'Exercises',
        'Hip thrust on the bench (Łódź variant): 4 × 8, 30 kg, 2 times a week',
        'Shoulders on the bench, drive through the heels',
        'Notes: Slow lowering.',
        'Side plank: 2 × 45 s hold, 2 times a week',
        'Service lines',
        `Signed by Agnieszka Wiśniewska on ${warsaw(v.signedAt)} ${TZ}`,
        'Addenda',
        `${warsaw(addendumAt)} ${TZ}, Agnieszka Wiśniewska`,
        'Phoned two days later: ran 12 km on the trail without pain.',
        'Page 2 of 2',
      ]);
      expect(pdf.text).not.toContain('Renamed hip thrust');
    });

    it('answers a draft with 409, and leaves a refused event instead of a read', async () => {
      const res = await t.http().get(`/api/v1/visits/${draftId}/pdf`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: '/problems/conflict', status: 409 });
      expect(res.body.detail).toMatch(/draft/);
      expect(await auditEvents('visit.pdf', draftId)).toEqual([]);
      const refused = await auditEvents('get /api/v1/visits/:id/pdf', draftId);
      expect(refused).toMatchObject([{ outcome: 'denied', detail: { status: 409 } }]);
    });

    it('answers another clinic’s visit exactly like a missing one (404), and a malformed id too', async () => {
      const id = course.visits[0].id;
      const theirs = await t.http().get(`/api/v1/visits/${id}/pdf`).set(other.auth);
      const missing = await t.http().get(`/api/v1/visits/${randomUUID()}/pdf`).set(other.auth);
      expect(theirs.status).toBe(404);
      expect(theirs.body.type).toBe('/problems/not-found');
      expect(withoutRequestId(theirs.body)).toEqual(withoutRequestId(missing.body));
      await t.http().get('/api/v1/visits/not-a-uuid/pdf').set(owner.auth).expect(404);
      await t.http().get(`/api/v1/visits/${id}/pdf`).expect(401);
    });

    it('audits the read as visit.pdf, by the reader, naming the patient', async () => {
      const id = course.visits[1].id;
      await getPdf(`/visits/${id}/pdf`, owner).expect(200);
      expect(await auditEvents('visit.pdf', id)).toEqual([
        {
          action: 'visit.pdf',
          entity_type: 'visit',
          entity_id: id,
          user_id: owner.id,
          outcome: 'success',
          detail: { patientId: course.patient.id, episodeId: course.episodeId },
        },
      ]);
    });
  });

  describe('GET /episodes/:id/discharge-summary.pdf', () => {
    it('answers 409 while the episode is active', async () => {
      const res = await t
        .http()
        .get(`/api/v1/episodes/${activeEpisodeId}/discharge-summary.pdf`)
        .set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: '/problems/conflict', status: 409 });
    });

    it('prints the discharged episode: diagnosis, dates, visits, weeks, reason, outcomes and home programme', async () => {
      const dischargeDate = daysAgo(1);
      const episode = await t.http().get(`/api/v1/episodes/${course.episodeId}`).set(owner.auth).expect(200);
      await t
        .http()
        .post(`/api/v1/episodes/${course.episodeId}/discharge`)
        .set(course.therapist.auth)
        .set('If-Match', `"${episode.body.version}"`)
        .send({
          date: dischargeDate,
          reason: 'goals_met',
          note: 'Running 10 km pain-free; keep the home programme twice a week for six more weeks.',
        })
        .expect(200);

      const res = await getPdf(`/episodes/${course.episodeId}/discharge-summary.pdf`, owner).expect(200);
      expectPdfHeaders(res, `discharge-summary-${course.patient.mrn}-${dischargeDate}.pdf`);
      const pdf = await pdfText(res.body as Buffer);
      expectPageFooters(pdf);
      const outcomes = (
        await t.http().get(`/api/v1/episodes/${course.episodeId}/outcomes`).set(owner.auth).expect(200)
      ).body.measures;
      // The API's own outcome figures, as the document must print them.
      expect(outcomes.nprs_activity).toMatchObject({ baseline: 6, latest: 1, change: 5, mcidReached: true });
      expect(outcomes.nprs_rest).toMatchObject({ baseline: 2, latest: null, mcidReached: null });
      expect(outcomes.nprs_worst_24h).toMatchObject({
        baseline: 5,
        latest: 4,
        change: 1,
        mcidReached: false,
      });
      expect(outcomes.psfs).toMatchObject({ baseline: 4.3, latest: 7.5, mcidReached: true });
      const last = course.visits[2];
      const plank = exercise('side plank');
      expectInOrder(pdf.text, [
        course.clinicName,
        'Discharge summary',
        'Patient: Zoë Łukasz-García',
        'Date of birth: 1988-04-12',
        `MRN: ${course.patient.mrn}`,
        'Diagnosis: M76.31 Iliotibial band syndrome, right leg (side: right)',
        'Treating therapist: Agnieszka Wiśniewska',
        `Start date: ${daysAgo(35)}`,
        `Discharge date: ${dischargeDate}`,
        'Signed visits: 3',
        // 34 days / 7 = 4.857…
        'Weeks: 4.9',
        'Discharge reason: Goals met',
        'Discharge note',
        'Running 10 km pain-free; keep the home programme twice a week for six more weeks.',
        'Outcomes (baseline → latest)',
        'Pain during running / aggravating activity (NPRS): 6 → 1, change +5, MCID reached',
        'Pain at rest (NPRS): 2 → — (measured once), MCID not reached',
        'Worst pain in the last 24 hours (NPRS): 5 → 4, change +1, MCID not reached',
        'Lower Extremity Functional Scale (LEFS, 0–80): 48 → 70, change +22, MCID reached',
        'Patient-Specific Functional Scale (PSFS, mean of activities): 4.3 → 7.5, change +3.2, MCID reached',
        'Home programme',
        `As prescribed at the visit of ${warsaw(last.visitDate).slice(0, 10)}:`,
        'Hip thrust on the bench (Łódź variant): 4 × 8, 30 kg, 2 times a week',
        'Notes: Slow lowering.',
        `${plank.name}: 2 × 45 s hold, 2 times a week`,
        'Page 1 of 1',
      ]);

      expect(await auditEvents('episode.discharge_summary', course.episodeId)).toEqual([
        {
          action: 'episode.discharge_summary',
          entity_type: 'episode',
          entity_id: course.episodeId,
          user_id: owner.id,
          outcome: 'success',
          detail: { patientId: course.patient.id },
        },
      ]);
    });

    it('answers 409 for a cancelled episode, 404 for another clinic’s', async () => {
      const cancelled = await createEpisode(t, course.therapist, course.patient.id);
      await t
        .http()
        .post(`/api/v1/episodes/${cancelled.id}/cancel`)
        .set(course.therapist.auth)
        .send({ reason: 'Entered twice' })
        .expect(200);
      const res = await t
        .http()
        .get(`/api/v1/episodes/${cancelled.id}/discharge-summary.pdf`)
        .set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/cancelled/);

      const theirs = await t
        .http()
        .get(`/api/v1/episodes/${course.episodeId}/discharge-summary.pdf`)
        .set(other.auth);
      const missing = await t
        .http()
        .get(`/api/v1/episodes/${randomUUID()}/discharge-summary.pdf`)
        .set(other.auth);
      expect(theirs.status).toBe(404);
      expect(withoutRequestId(theirs.body)).toEqual(withoutRequestId(missing.body));
    });
  });

  describe('who may read a document', () => {
    it('refuses (403, after 404) an admin whose admin role waits for the two-step sign-in the clinic requires', async () => {
      const adminOnly = await addUser(t, owner, ['admin'], 'Admin Only');
      await t.sql.query(`UPDATE clinics SET require_mfa_for_admins = true WHERE id = $1`, [owner.clinicId]);
      try {
        const visit = await t.http().get(`/api/v1/visits/${course.visits[0].id}/pdf`).set(adminOnly.auth);
        expect(visit.status).toBe(403);
        expect(visit.body.type).toBe('/problems/forbidden');
        const summary = await t
          .http()
          .get(`/api/v1/episodes/${course.episodeId}/discharge-summary.pdf`)
          .set(adminOnly.auth);
        expect(summary.status).toBe(403);
        // Missing comes first: a caller without a role learns nothing about what exists.
        await t.http().get(`/api/v1/visits/${randomUUID()}/pdf`).set(adminOnly.auth).expect(404);
        // A therapist of the clinic who did not write the note may read it.
        await getPdf(`/visits/${course.visits[0].id}/pdf`, owner).expect(200);
      } finally {
        await t.sql.query(`UPDATE clinics SET require_mfa_for_admins = false WHERE id = $1`, [
          owner.clinicId,
        ]);
      }
      await getPdf(`/visits/${course.visits[0].id}/pdf`, adminOnly).expect(200);
    });
  });

  describe('reading a replica (DATABASE_READ_URL)', () => {
    let reader: INestApplication;
    afterAll(async () => {
      await reader?.close();
    });

    it('reads the document in one snapshot of kind "document" and audits it on the primary', async () => {
      const u = new URL(t.databaseUrl);
      u.username = '';
      u.password = '';
      reader = await createApp(
        { ...t.config, databaseReadUrl: u.toString(), dbReadPoolSize: 2 },
        t.appDatabaseUrl,
      );
      await reader.init();
      const debug = jest.spyOn(logger, 'debug');
      const id = course.visits[0].id;
      const before = (await auditEvents('visit.pdf', id)).length;
      const res = await request(reader.getHttpServer())
        .get(`/api/v1/visits/${id}/pdf`)
        .set(owner.auth)
        .buffer(true)
        .parse(bytes)
        .expect(200);
      const snapshots = debug.mock.calls.filter(([msg]) => msg === 'read snapshot').map(([, f]) => f);
      debug.mockRestore();
      expect(snapshots).toMatchObject([
        { kind: 'document', server: 'replica', isolation: 'repeatable read' },
      ]);
      expect(await auditEvents('visit.pdf', id)).toHaveLength(before + 1);
      const direct = await getPdf(`/visits/${id}/pdf`, owner).expect(200);
      expect((await pdfText(res.body as Buffer)).text).toBe((await pdfText(direct.body as Buffer)).text);
    });
  });

  describe('text extraction', () => {
    it('reads the same lines with pdf.js as with pdftotext (the extractor of a machine without poppler)', async () => {
      const res = await getPdf(`/visits/${course.visits[2].id}/pdf`, owner).expect(200);
      const byPdfjs = await pdfjsTextOf(res.body as Buffer);
      expect(byPdfjs.pages).toHaveLength(2);
      expectPageFooters(byPdfjs);
      expectInOrder(byPdfjs.text, ['Patient: Zoë Łukasz-García', 'Change since baseline: +5', 'Page 2 of 2']);
      if (pdftotextAvailable()) {
        const byPoppler = await pdftotextOf(res.body as Buffer);
        expect(byPdfjs.pages).toEqual(byPoppler.pages);
      }
    });
  });
});
