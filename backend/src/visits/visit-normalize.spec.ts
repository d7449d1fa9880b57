import { describe, expect, it } from '@jest/globals';
import { normalizeVisit, needsTimeZone, prescribedIds, type VisitBody } from './visit-normalize.js';
import { FUTURE_TOLERANCE_MS } from './visit-rules.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const BRIDGE = {
  id: '0b6f3a52-1c5e-4a1e-9a57-6a4d2f1b0c01',
  name: 'Glute bridge',
  instructions: 'Lift the hips.',
  targets: ['glute_maximus'],
};
const ctx = (over: Partial<Parameters<typeof normalizeVisit>[1]> = {}) => ({
  startDate: '2026-03-01',
  timeZone: 'UTC',
  library: new Map([[BRIDGE.id, BRIDGE]]),
  now: NOW,
  ...over,
});

describe(normalizeVisit.name, () => {
  it('writes only the fields the body names, normalised', () => {
    const { columns, errors } = normalizeVisit(
      {
        visitDate: '2026-03-10T09:30:00+01:00',
        subjective: '',
        plan: null,
        manualTherapy: [{ technique: 'soft_tissue', region: '  ITB  ', notes: '' }],
        running: { weeklyDistanceKm: null },
      },
      ctx(),
    );
    expect(errors).toEqual([]);
    expect(columns).toEqual({
      visit_date: '2026-03-10T08:30:00.000Z',
      subjective: null,
      plan: null,
      manual_therapy: JSON.stringify([
        { technique: 'soft_tissue', region: 'ITB', minutes: null, notes: null },
      ]),
      running: null, // nothing given is no running block
    });
  });

  it('copies the library exercise into the prescription (case-insensitive id)', () => {
    const { columns, errors } = normalizeVisit(
      { exercises: [{ exerciseId: BRIDGE.id.toUpperCase(), sets: 3, reps: 12, load: ' band ' }] },
      ctx(),
    );
    expect(errors).toEqual([]);
    expect(JSON.parse(columns.exercises!)).toEqual([
      {
        exerciseId: BRIDGE.id,
        name: BRIDGE.name,
        instructions: BRIDGE.instructions,
        targets: BRIDGE.targets,
        sets: 3,
        reps: 12,
        holdSeconds: null,
        load: 'band',
        timesPerWeek: null,
        notes: null,
      },
    ]);
  });

  it('names every field error, in body order', () => {
    const body: VisitBody = {
      visitDate: '2026-02-28T12:00:00Z', // before the start date
      measurements: [
        { instrument: 'lefs', value: 40 },
        { instrument: 'lefs', value: 41 },
      ],
      exercises: [{ exerciseId: '00000000-0000-0000-0000-000000000000', reps: 5 }, { exerciseId: BRIDGE.id }],
      services: [{ cptCode: '97110' }, { cptCode: '97110', minutes: 8 }],
    };
    expect(normalizeVisit(body, ctx()).errors.map((e) => e.field)).toEqual([
      'visitDate',
      'measurements[1].instrument',
      'exercises[0].exerciseId',
      'exercises[1].reps',
      'services[0].minutes',
      'services[1].cptCode',
    ]);
  });

  it('reckons the visit day in the clinic’s time zone', () => {
    // 2026-03-01T02:00Z is still 28 February in New York: before the start date there.
    const visitDate = '2026-03-01T02:00:00Z';
    expect(normalizeVisit({ visitDate }, ctx()).errors).toEqual([]);
    expect(normalizeVisit({ visitDate }, ctx({ timeZone: 'America/New_York' })).errors).toEqual([
      {
        field: 'visitDate',
        message: "visitDate falls on 2026-02-28, before the episode's start date 2026-03-01",
      },
    ]);
  });
});

describe('what the normaliser needs read', () => {
  it('needs the time zone only for a visit date that is not refused outright', () => {
    expect(needsTimeZone({}, NOW)).toBe(false);
    expect(needsTimeZone({ visitDate: new Date(NOW).toISOString() }, NOW)).toBe(true);
    expect(needsTimeZone({ visitDate: new Date(NOW + FUTURE_TOLERANCE_MS + 1).toISOString() }, NOW)).toBe(
      false,
    );
  });

  it('asks for each prescribed exercise once, in lower case, and for none without exercises', () => {
    expect(prescribedIds({})).toBeUndefined();
    expect(prescribedIds({ exercises: null })).toEqual([]);
    expect(
      prescribedIds({ exercises: [{ exerciseId: 'AB' }, { exerciseId: 'ab' }, { exerciseId: 'c' }] }),
    ).toEqual(['ab', 'c']);
  });
});
