import type { EntityManager } from 'typeorm';
import { addDays } from '@stride/clinical';
import { GLOBAL_EXERCISES, type GlobalExercise } from '../../exercises/global-library.js';

/**
 * Realistic IT-band courses for the demo clinic: an initial evaluation, 2–4 follow-ups over 3–8
 * weeks, pain falling from 6–8 to 0–3 for most, LEFS rising, exercises progressing, running load
 * rising by at most 10% between visits — and a few stalled, overdue, plateaued or cancelled
 * episodes, so every screen has something true to show. Deterministic: the same seed, the same
 * clinic, relative to the day it runs.
 */

/** mulberry32: a small deterministic PRNG, so the demo is the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ava',
  'Ben',
  'Chloé',
  'Daniel',
  'Elena',
  'Finn',
  'Grace',
  'Hiro',
  'Isabel',
  'Jonah',
  'Kai',
  'Lena',
  'Marco',
  'Nadia',
  'Owen',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
  'Uma',
  'Victor',
  'Wren',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Siobhán',
  'Björn',
  'Amara',
  'Caleb',
  'Dana',
  'Emeka',
  'Freya',
  'Gabriel',
  'Hana',
  'Ivan',
  'Jade',
  'Leo',
  'Mia',
  'Noah',
  'Olga',
  'Pablo',
  'Renée',
  'Sofia',
];
const LAST = [
  'Alvarez',
  'Brennan',
  'Chen',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hughes',
  'Ibarra',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Müller',
  'Nakamura',
  "O'Connor",
  'Patel',
  'Quintero',
  'Rossi',
  'Svensson',
  'Thompson',
  'Underwood',
  'Vargas',
  'Walsh',
  'Xu',
  'Yamamoto',
  'Zimmermann',
  'Núñez',
  'Åberg',
  'Okafor',
  'Reyes',
  'Schmidt',
  'Tanaka',
  'Walker',
  'Moreno',
  'Kim',
  'Lindqvist',
  'Costa',
  'Dlamini',
  'Ferreira',
  'Gallagher',
  'Haddad',
  'Iverson',
  'Jovanović',
  'Keller',
];

type Course = 'discharged_well' | 'improving' | 'stalled' | 'overdue' | 'plateaued' | 'cancelled';

/** 44 episodes: mostly good courses, a few that need attention. */
const COURSES: Course[] = [
  ...Array<Course>(12).fill('discharged_well'),
  ...Array<Course>(22).fill('improving'),
  ...Array<Course>(4).fill('stalled'),
  ...Array<Course>(3).fill('overdue'),
  'plateaued',
  'cancelled',
  'cancelled',
];

function exercise(fragment: string): GlobalExercise {
  const e = GLOBAL_EXERCISES.find((x) => x.name.toLowerCase().includes(fragment));
  if (!e) throw new Error(`demo seed: no global exercise like "${fragment}"`);
  return e;
}

interface Dose {
  ex: string;
  sets: number;
  reps?: number;
  hold?: number;
  load?: string;
}

/** The programme at each stage of care: bands get heavier, holds longer, exercises harder. */
const STAGES: Dose[][] = [
  [
    { ex: 'clamshell', sets: 2, reps: 12 },
    { ex: 'glute bridge', sets: 3, reps: 10 },
    { ex: 'side-lying', sets: 2, reps: 12 },
    { ex: 'dead bug', sets: 2, reps: 8 },
  ],
  [
    { ex: 'clamshell', sets: 3, reps: 15, load: 'yellow band' },
    { ex: 'lateral band walk', sets: 3, reps: 10, load: 'red band' },
    { ex: 'single-leg bridge', sets: 3, reps: 8 },
    { ex: 'side plank', sets: 3, hold: 20 },
  ],
  [
    { ex: 'lateral band walk', sets: 3, reps: 12, load: 'green band' },
    { ex: 'hip thrust', sets: 3, reps: 8, load: '20 kg' },
    { ex: 'step-down', sets: 3, reps: 10 },
    { ex: 'side plank', sets: 3, hold: 40 },
    { ex: 'single-leg balance', sets: 3, hold: 30 },
  ],
  [
    { ex: 'lateral band walk', sets: 3, reps: 15, load: 'blue band' },
    { ex: 'hip thrust', sets: 4, reps: 8, load: '40 kg' },
    { ex: 'step-down', sets: 3, reps: 12, load: '5 kg' },
    { ex: 'side plank', sets: 3, hold: 45 },
    { ex: 'single-leg balance', sets: 3, hold: 45, load: 'eyes closed' },
  ],
];

function prescription(stage: number) {
  return STAGES[Math.min(stage, STAGES.length - 1)].map((d) => {
    const e = exercise(d.ex);
    return {
      exerciseId: e.id,
      name: e.name,
      instructions: e.instructions,
      targets: e.targets,
      sets: d.sets,
      reps: d.reps ?? null,
      holdSeconds: d.hold ?? null,
      load: d.load ?? null,
      timesPerWeek: 3,
      notes: null,
    };
  });
}

interface PlannedVisit {
  day: number; // days after the start date
  pain: number;
  lefs: number;
  weeklyKm: number;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** Visit days, pain, LEFS and weekly distance for one course. */
function planCourse(course: Course, daysSinceStart: number, r: () => number): PlannedVisit[] {
  const pain0 = 6 + Math.floor(r() * 3); // 6–8
  const lefs0 = 42 + Math.floor(r() * 14); // 42–55
  const km0 = Math.round((6 + r() * 10) * 2) / 2; // 6–16 km/week, in half km
  const gaps = () => 7 + Math.floor(r() * 8); // a visit every 1–2 weeks
  let count: number;
  switch (course) {
    case 'discharged_well':
      count = 3 + Math.floor(r() * 2);
      break;
    case 'stalled':
      count = 3 + Math.floor(r() * 2);
      break;
    case 'plateaued':
      count = 4;
      break;
    case 'cancelled':
      count = 1;
      break;
    case 'overdue':
      count = 2;
      break;
    default:
      count = 1 + Math.floor(r() * 3);
  }
  const visits: PlannedVisit[] = [];
  let day = 0;
  let km = km0;
  for (let i = 0; i < count; i++) {
    if (i > 0) day += gaps();
    const progress = count === 1 ? 0 : i / (count - 1);
    let pain: number;
    if (course === 'stalled' || course === 'plateaued') pain = pain0 - (i >= 2 ? 1 : 0);
    else pain = Math.round(pain0 - progress * (pain0 - Math.floor(r() * 3)) - (i > 0 ? r() : 0));
    const lefsGain = course === 'stalled' || course === 'plateaued' ? 4 : 22 + Math.floor(r() * 6);
    visits.push({
      day,
      pain: clamp(pain, 0, 10),
      lefs: clamp(Math.round(lefs0 + progress * lefsGain), 0, 80),
      weeklyKm: km,
    });
    // At most +10% by the next visit (the ceiling runners are coached to), sometimes less; a
    // stalled runner jumped 25% after the first visit, which the 10% flag catches.
    const rise = course === 'stalled' && i === 0 ? 1.25 : 1 + 0.05 + r() * 0.05;
    km = Math.floor(km * rise * 2) / 2;
  }
  // Keep every visit in the past: squeeze the course into the days that have gone by.
  const last = visits[visits.length - 1].day;
  const room = course === 'overdue' ? daysSinceStart - 18 : daysSinceStart - 1;
  if (last > room && last > 0) {
    for (const v of visits) v.day = Math.floor((v.day * Math.max(room, 0)) / last);
  }
  return visits;
}

function servicesFor(visitIndex: number, r: () => number) {
  if (visitIndex === 0) {
    return [
      { cptCode: r() < 0.6 ? '97161' : '97162', minutes: null },
      { cptCode: '97110', minutes: 15 + Math.floor(r() * 10) },
      { cptCode: '97140', minutes: 8 + Math.floor(r() * 6) },
    ];
  }
  const lines = [
    { cptCode: '97110', minutes: 23 + Math.floor(r() * 16) },
    { cptCode: '97140', minutes: 8 + Math.floor(r() * 8) },
  ];
  if (r() < 0.35) lines.push({ cptCode: '97530', minutes: 8 + Math.floor(r() * 8) });
  return lines;
}

const SUBJECTIVE = [
  'Lateral knee pain from about 5 km into runs, easing with rest. Worse downhill.',
  'Runs of 30 minutes now comfortable; slight tightness on the outside of the thigh after.',
  'No pain on flat runs; a twinge on the long downhill on Sunday.',
  'Back to regular running, no lateral knee pain this week.',
];
const ASSESSMENT = [
  'Presentation consistent with ITB syndrome; weak hip abductors, trunk drops on single-leg stance.',
  'Improving: better pelvic control on step-down, pain lower with running.',
  'Good progress; strength and control near symmetrical.',
  'Goals largely met; independent with home programme.',
];

export interface DemoTherapist {
  id: string;
}

/** Writes the demo charts into the given clinic. Runs inside the demo seed's transaction. */
export async function seedDemoCharts(
  m: EntityManager,
  clinicId: string,
  therapists: DemoTherapist[],
  today: string,
): Promise<{ patients: number; episodes: number; visits: number }> {
  const r = rng(20261124);
  let visitCount = 0;
  for (let i = 0; i < COURSES.length; i++) {
    const course = COURSES[i];
    const therapist = therapists[i % therapists.length];
    const mrn = `P-${String(i + 1).padStart(6, '0')}`;
    const birthYear = 1965 + Math.floor(r() * 40);
    const dob = `${birthYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const [patient] = (await m.query(
      `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        clinicId,
        mrn,
        FIRST[i % FIRST.length],
        LAST[i % LAST.length],
        dob,
        r() < 0.55 ? 'female' : 'male',
        `${FIRST[i % FIRST.length]
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')}.runner${i + 1}@example.com`,
      ],
    )) as { id: string }[];

    let daysSinceStart =
      course === 'discharged_well' || course === 'plateaued'
        ? 50 + Math.floor(r() * 70)
        : course === 'overdue'
          ? 30 + Math.floor(r() * 40)
          : 1000; // under way: decided by the plan below
    const plan = planCourse(course, daysSinceStart, r);
    if (daysSinceStart === 1000) {
      // A course under way was last seen within the past week and a half.
      daysSinceStart = plan[plan.length - 1].day + 1 + Math.floor(r() * 9);
    }
    const startDate = addDays(today, -daysSinceStart);
    const side = r() < 0.5 ? 'right' : 'left';
    const [episode] = (await m.query(
      `INSERT INTO episodes (clinic_id, patient_id, therapist_id, diagnosis_code, diagnosis_label, body_side,
                             onset_date, start_date, planned_visits, planned_weeks, goals)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 4, 6, $9) RETURNING id`,
      [
        clinicId,
        patient.id,
        therapist.id,
        side === 'right' ? 'M76.31' : 'M76.32',
        `Iliotibial band syndrome, ${side} leg`,
        side,
        addDays(startDate, -(14 + Math.floor(r() * 40))),
        startDate,
        [
          'Run 10 km on the flat without lateral knee pain',
          'Return to weekly long run',
          'Descend stairs pain-free',
        ],
      ],
    )) as { id: string }[];

    for (let v = 0; v < plan.length; v++) {
      const pv = plan[v];
      const hour = 8 + Math.floor(r() * 9);
      // Clinic local time (Denver, UTC−7 in winter) written with its offset.
      const visitDate = `${addDays(startDate, pv.day)}T${String(hour).padStart(2, '0')}:${r() < 0.5 ? '00' : '30'}:00-07:00`;
      const measurements = [
        { instrument: 'nprs_activity', value: pv.pain },
        { instrument: 'nprs_worst_24h', value: clamp(pv.pain + 1, 0, 10) },
        { instrument: 'lefs', value: pv.lefs },
        ...(v === 0 || v === plan.length - 1
          ? [{ instrument: 'psfs', value: Math.round(clamp(3 + (10 - pv.pain) * 0.6, 0, 10) * 10) / 10 }]
          : []),
      ];
      const running =
        pv.weeklyKm > 0
          ? {
              weeklyDistanceKm: pv.weeklyKm,
              longestRunKm: Math.round(pv.weeklyKm * 0.35 * 2) / 2,
              runWalkRatio: v === 0 ? '4:1' : v === 1 ? '9:1' : null,
            }
          : null;
      const discharging = course === 'discharged_well' || course === 'plateaued';
      const type =
        v === 0 ? 'initial_evaluation' : discharging && v === plan.length - 1 ? 'discharge' : 'follow_up';
      await m.query(
        `INSERT INTO visits (clinic_id, episode_id, patient_id, therapist_id, visit_date, visit_type, subjective,
                             objective, assessment, plan, measurements, manual_therapy, exercises, running, services,
                             status, signed_at, signed_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'signed',
                 $5::timestamptz + interval '20 minutes', $4, $5::timestamptz)`,
        [
          clinicId,
          episode.id,
          patient.id,
          therapist.id,
          visitDate,
          type,
          SUBJECTIVE[Math.min(v, SUBJECTIVE.length - 1)],
          v === 0
            ? 'Ober test positive; Noble compression reproduces pain at 30° flexion. Hip abduction 4-/5.'
            : 'Single-leg squat: less knee valgus and pelvic drop.',
          ASSESSMENT[Math.min(v, ASSESSMENT.length - 1)],
          v === plan.length - 1 && discharging
            ? 'Discharge to home programme.'
            : 'Progress loading; keep weekly distance rise within 10%.',
          JSON.stringify(measurements),
          JSON.stringify([
            { technique: 'soft_tissue_mobilization', region: 'TFL / lateral hip', minutes: 8, notes: null },
            ...(r() < 0.4
              ? [{ technique: 'instrument_assisted', region: 'Lateral thigh', minutes: 5, notes: null }]
              : []),
          ]),
          JSON.stringify(prescription(v)),
          running ? JSON.stringify(running) : null,
          JSON.stringify(servicesFor(v, r)),
        ],
      );
      visitCount++;
    }

    if (course === 'improving' && i % 8 === 0) {
      // Today's visit, charted halfway and autosaved: a draft.
      await m.query(
        `INSERT INTO visits (clinic_id, episode_id, patient_id, therapist_id, visit_date, visit_type, subjective,
                             measurements)
         VALUES ($1, $2, $3, $4, now() - interval '40 minutes', 'follow_up', $5, $6)`,
        [
          clinicId,
          episode.id,
          patient.id,
          therapist.id,
          'Ran 3 × 5 km this week; no pain until the last kilometre.',
          JSON.stringify([
            { instrument: 'nprs_activity', value: Math.max(0, plan[plan.length - 1].pain - 1) },
          ]),
        ],
      );
      visitCount++;
    }

    const lastDay = addDays(startDate, plan[plan.length - 1].day);
    if (course === 'discharged_well' || course === 'plateaued') {
      await m.query(
        `UPDATE episodes SET status = 'discharged', discharge_date = $2, discharge_reason = $3, version = 2
          WHERE id = $1`,
        [episode.id, lastDay, course === 'plateaued' ? 'plateaued' : 'goals_met'],
      );
    } else if (course === 'cancelled') {
      await m.query(
        `UPDATE episodes SET status = 'cancelled', cancel_reason = $2, version = 2 WHERE id = $1`,
        [episode.id, 'Moved away before the second visit'],
      );
    }
  }
  await m.query(
    `INSERT INTO patient_mrn_counters (clinic_id, last_value) VALUES ($1, $2)
     ON CONFLICT (clinic_id) DO UPDATE SET last_value = EXCLUDED.last_value`,
    [clinicId, COURSES.length],
  );
  return { patients: COURSES.length, episodes: COURSES.length, visits: visitCount };
}
