import { describe, expect, it } from '@jest/globals';
import { EXERCISE_TARGETS, GLOBAL_EXERCISES } from './global-library.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The IT-band programme Stride's defaults serve: every one of these must be in the library (matched on the name). */
const REQUIRED = [
  'side-lying hip abduction',
  'lateral band walk',
  'clamshell',
  'hip thrust',
  'glute bridge',
  'single-leg bridge',
  'dead bug',
  'side plank',
  'step-down',
  'single-leg balance',
];

describe('GLOBAL_EXERCISES', () => {
  it('holds 14–18 exercises', () => {
    expect(GLOBAL_EXERCISES.length).toBeGreaterThanOrEqual(14);
    expect(GLOBAL_EXERCISES.length).toBeLessThanOrEqual(18);
  });

  it('has unique, lower-case v4 UUIDs as ids', () => {
    for (const e of GLOBAL_EXERCISES)
      expect([e.name, e.id]).toEqual([e.name, expect.stringMatching(UUID_V4)]);
    expect(new Set(GLOBAL_EXERCISES.map((e) => e.id)).size).toBe(GLOBAL_EXERCISES.length);
  });

  it('has unique names, also ignoring case and surrounding spaces', () => {
    const names = GLOBAL_EXERCISES.map((e) => e.name.trim().toLowerCase());
    expect(new Set(names).size).toBe(GLOBAL_EXERCISES.length);
    for (const e of GLOBAL_EXERCISES) expect(e.name).toBe(e.name.trim());
  });

  it.each(REQUIRED)('includes %p', (required) => {
    expect(GLOBAL_EXERCISES.filter((e) => e.name.toLowerCase().includes(required))).not.toHaveLength(0);
  });

  describe.each(GLOBAL_EXERCISES.map((e) => [e.name, e] as const))('%s', (_name, exercise) => {
    it('has at least one target, all valid, none repeated', () => {
      expect(exercise.targets.length).toBeGreaterThan(0);
      for (const t of exercise.targets) expect(EXERCISE_TARGETS).toContain(t);
      expect(new Set(exercise.targets).size).toBe(exercise.targets.length);
    });

    it('has instructions of 2–4 sentences, at most 1000 characters', () => {
      expect(exercise.instructions.trim()).toBe(exercise.instructions);
      expect(exercise.instructions.length).toBeGreaterThan(0);
      expect(exercise.instructions.length).toBeLessThanOrEqual(1000);
      const sentences = exercise.instructions.split(/(?<=[.!?])\s+(?=[A-Z])/);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(4);
    });

    it('has a default dosage', () => {
      expect(exercise.defaultDosage.trim().length).toBeGreaterThan(0);
    });
  });

  it('covers every target the IT-band programme needs', () => {
    const covered = new Set(GLOBAL_EXERCISES.flatMap((e) => e.targets));
    expect([...EXERCISE_TARGETS].filter((t) => !covered.has(t))).toEqual([]);
  });
});

describe('EXERCISE_TARGETS', () => {
  it('is the API’s list of targets, in its order', () => {
    expect(EXERCISE_TARGETS).toEqual([
      'glute_medius',
      'glute_maximus',
      'core',
      'hip_rotators',
      'quadriceps',
      'foot',
      'mobility',
      'running_drill',
    ]);
  });
});
