import type {
  EpisodeView,
  HomeProgramView,
  Instrument,
  PatientView,
  PrescriptionView,
  VisitView,
} from '@stride/api';
import { INSTRUMENTS } from '@stride/clinical';

import type { NoteContext } from './note-fields';

/** Builders for the visit note's specs (plain data, no test framework). */

export const EPISODE_ID = '11111111-1111-4111-8111-111111111111';
export const PATIENT_ID = '22222222-2222-4222-8222-222222222222';
export const VISIT_ID = '33333333-3333-4333-8333-333333333333';
export const CLAMSHELL_ID = '44444444-4444-4444-8444-444444444444';
export const BAND_WALK_ID = '55555555-5555-4555-8555-555555555555';

export const TEST_INSTRUMENTS: Instrument[] = INSTRUMENTS.map((i) => ({ ...i }));

export const KM_CONTEXT: NoteContext = {
  timeZone: 'Europe/Stockholm',
  unit: 'km',
  instrumentCodes: TEST_INSTRUMENTS.map((i) => i.code),
};

export function aPrescription(overrides: Partial<PrescriptionView> = {}): PrescriptionView {
  return {
    exerciseId: CLAMSHELL_ID,
    name: 'Clamshell',
    instructions: 'Lie on your side…',
    targets: ['glute_medius', 'hip_rotators'],
    sets: 3,
    reps: 15,
    holdSeconds: null,
    load: 'red band',
    timesPerWeek: 3,
    notes: null,
    ...overrides,
  };
}

export function aVisit(overrides: Partial<VisitView> = {}): VisitView {
  return {
    id: VISIT_ID,
    episodeId: EPISODE_ID,
    patientId: PATIENT_ID,
    therapistId: 'user-1',
    visitDate: '2026-03-10T15:00:00.000Z',
    visitType: 'follow_up',
    subjective: null,
    objective: null,
    assessment: null,
    plan: null,
    measurements: [],
    manualTherapy: [],
    exercises: [aPrescription()],
    running: null,
    services: [],
    status: 'draft',
    version: 1,
    createdAt: '2026-03-10T15:00:05.000Z',
    signedAt: null,
    signedBy: null,
    addenda: [],
    flags: [],
    billing: { totalTimedMinutes: 0, totalUnits: 0, lines: [] },
    ...overrides,
  };
}

export function anEpisode(overrides: Partial<EpisodeView> = {}): EpisodeView {
  return {
    id: EPISODE_ID,
    patientId: PATIENT_ID,
    therapistId: 'user-1',
    diagnosisCode: 'M76.31',
    diagnosisLabel: 'Iliotibial band syndrome, right leg',
    bodySide: 'right',
    onsetDate: null,
    startDate: '2026-03-02',
    plannedVisits: 4,
    plannedWeeks: 6,
    goals: [],
    status: 'active',
    dischargeDate: null,
    dischargeReason: null,
    dischargeNote: null,
    cancelReason: null,
    version: 1,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export function aPatient(overrides: Partial<PatientView> = {}): PatientView {
  return {
    id: PATIENT_ID,
    mrn: 'P-000007',
    firstName: 'Ava',
    lastName: 'Alvarez',
    dateOfBirth: '1990-04-01',
    sex: 'female',
    email: null,
    phone: null,
    archivedAt: null,
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export function aHomeProgram(items: PrescriptionView[] = [aPrescription()]): HomeProgramView {
  return { visitId: items.length ? 'signed-visit' : null, items };
}

/** A signed earlier visit with a pain score and a weekly distance. */
export function aSignedVisit(
  id: string,
  visitDate: string,
  nprs: number,
  weeklyDistanceKm: number | null,
): VisitView {
  return aVisit({
    id,
    visitDate,
    createdAt: visitDate,
    status: 'signed',
    signedAt: visitDate,
    signedBy: 'user-1',
    measurements: [{ instrument: 'nprs_activity', value: nprs }],
    running: weeklyDistanceKm === null ? null : { weeklyDistanceKm, longestRunKm: null, runWalkRatio: null },
  });
}
