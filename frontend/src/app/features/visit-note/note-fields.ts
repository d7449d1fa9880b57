import type { ManualTechnique, UpdateVisitDto, VisitType, VisitView } from '@stride/api';

import type { DistanceUnit } from '@stride/api';
import { fromLocalInput, toLocalInput } from './clinic-time';
import { fromKm, toKm } from './distance';

/**
 * The visit note in two shapes, and the pure functions between them:
 * - `NoteFormValue` — what the form holds: clinic wall-clock date, distances in the clinic's unit,
 *   empty strings for empty text, one measurement control per instrument;
 * - `NoteFields` — what the API takes (`UpdateVisitDto`), normalised the way the API stores it
 *   (trimmed, empty text → null, no running object when it is empty).
 *
 * Change detection always compares `NoteFields` made by the same function on both sides, so a
 * value that only differs in rounding or blanks never looks like an edit (no PATCH loops).
 */

export const FIELD_KEYS = [
  'visitDate',
  'visitType',
  'subjective',
  'objective',
  'assessment',
  'plan',
  'measurements',
  'manualTherapy',
  'exercises',
  'running',
  'services',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

export const SOAP_KEYS = ['subjective', 'objective', 'assessment', 'plan'] as const;
export type SoapKey = (typeof SOAP_KEYS)[number];

export interface ManualTherapyRow {
  technique: ManualTechnique;
  region: string;
  minutes: number | null;
  notes: string;
}

export interface ExerciseRow {
  exerciseId: string;
  /** Display only: copied from the library or the prescription; never sent. */
  name: string;
  targets: string[];
  instructions: string;
  sets: number | null;
  reps: number | null;
  holdSeconds: number | null;
  load: string;
  timesPerWeek: number | null;
  notes: string;
}

export interface RunningValue {
  /** In the clinic's distance unit. */
  weeklyDistance: number | null;
  longestRun: number | null;
  runWalkRatio: string;
}

export interface ServiceRow {
  cptCode: string;
  minutes: number | null;
}

export interface NoteFormValue {
  /** `YYYY-MM-DDTHH:mm` on the clinic's wall clock. */
  visitDate: string;
  visitType: VisitType;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  /** Instrument code → value (null when not measured). */
  measurements: Record<string, number | null>;
  manualTherapy: ManualTherapyRow[];
  exercises: ExerciseRow[];
  running: RunningValue;
  services: ServiceRow[];
}

export interface NoteContext {
  timeZone: string;
  unit: DistanceUnit;
  /** The instruments' codes, in the registry's order. */
  instrumentCodes: readonly string[];
}

export interface NoteFields {
  visitDate: string;
  visitType: VisitType;
  subjective: string | null;
  objective: string | null;
  assessment: string | null;
  plan: string | null;
  measurements: { instrument: string; value: number }[];
  manualTherapy: {
    technique: ManualTechnique;
    region: string;
    minutes: number | null;
    notes: string | null;
  }[];
  exercises: {
    exerciseId: string;
    sets: number | null;
    reps: number | null;
    holdSeconds: number | null;
    load: string | null;
    timesPerWeek: number | null;
    notes: string | null;
  }[];
  running: {
    weeklyDistanceKm: number | null;
    longestRunKm: number | null;
    runWalkRatio: string | null;
  } | null;
  services: { cptCode: string; minutes: number | null }[];
}

/** A PATCH body: some of the fields, arrays whole. */
export type NotePatch = Partial<NoteFields> & UpdateVisitDto;

const text = (value: string | null | undefined): string | null => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

const num = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** What the form shows for a visit as the API returned it. */
export function formFromVisit(visit: VisitView, ctx: NoteContext): NoteFormValue {
  const measurements: Record<string, number | null> = {};
  for (const code of ctx.instrumentCodes) {
    measurements[code] = visit.measurements.find((m) => m.instrument === code)?.value ?? null;
  }
  return {
    visitDate: toLocalInput(visit.visitDate, ctx.timeZone),
    visitType: visit.visitType,
    subjective: visit.subjective ?? '',
    objective: visit.objective ?? '',
    assessment: visit.assessment ?? '',
    plan: visit.plan ?? '',
    measurements,
    manualTherapy: visit.manualTherapy.map((t) => ({
      technique: t.technique,
      region: t.region,
      minutes: t.minutes ?? null,
      notes: t.notes ?? '',
    })),
    exercises: visit.exercises.map((e) => ({
      exerciseId: e.exerciseId,
      name: e.name,
      targets: [...e.targets],
      instructions: e.instructions,
      sets: e.sets ?? null,
      reps: e.reps ?? null,
      holdSeconds: e.holdSeconds ?? null,
      load: e.load ?? '',
      timesPerWeek: e.timesPerWeek ?? null,
      notes: e.notes ?? '',
    })),
    running: {
      weeklyDistance: fromKm(visit.running?.weeklyDistanceKm, ctx.unit),
      longestRun: fromKm(visit.running?.longestRunKm, ctx.unit),
      runWalkRatio: visit.running?.runWalkRatio ?? '',
    },
    services: visit.services.map((s) => ({ cptCode: s.cptCode, minutes: s.minutes ?? null })),
  };
}

/** The API's shape of what the form holds. */
export function fieldsFromForm(form: NoteFormValue, ctx: NoteContext): NoteFields {
  const running = {
    weeklyDistanceKm: toKm(form.running.weeklyDistance, ctx.unit),
    longestRunKm: toKm(form.running.longestRun, ctx.unit),
    runWalkRatio: text(form.running.runWalkRatio),
  };
  const runningEmpty = Object.values(running).every((v) => v === null);
  return {
    visitDate: fromLocalInput(form.visitDate, ctx.timeZone) ?? '',
    visitType: form.visitType,
    subjective: text(form.subjective),
    objective: text(form.objective),
    assessment: text(form.assessment),
    plan: text(form.plan),
    measurements: ctx.instrumentCodes.flatMap((code) => {
      const value = num(form.measurements[code]);
      return value === null ? [] : [{ instrument: code, value }];
    }),
    manualTherapy: form.manualTherapy.map((t) => ({
      technique: t.technique,
      region: (t.region ?? '').trim(),
      minutes: num(t.minutes),
      notes: text(t.notes),
    })),
    exercises: form.exercises.map((e) => ({
      exerciseId: e.exerciseId,
      sets: num(e.sets),
      reps: num(e.reps),
      holdSeconds: num(e.holdSeconds),
      load: text(e.load),
      timesPerWeek: num(e.timesPerWeek),
      notes: text(e.notes),
    })),
    running: runningEmpty ? null : running,
    services: form.services.map((s) => ({ cptCode: s.cptCode, minutes: num(s.minutes) })),
  };
}

/** The visit as the API holds it, normalised exactly like the form's side. */
export function fieldsFromVisit(visit: VisitView, ctx: NoteContext): NoteFields {
  return fieldsFromForm(formFromVisit(visit, ctx), ctx);
}

/** A deep copy of JSON-shaped form data. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function sameField(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields whose values differ, in the note's order. */
export function changedKeys(base: NoteFields, current: NoteFields): FieldKey[] {
  return FIELD_KEYS.filter((key) => !sameField(base[key], current[key]));
}

/** A PATCH body with just these fields (arrays whole, as the API replaces them). */
export function patchFor(fields: NoteFields, keys: readonly FieldKey[]): NotePatch {
  const body: Record<string, unknown> = {};
  for (const key of keys) {
    body[key] = fields[key];
  }
  return body;
}

/** Copies the chosen fields of `from` over `onto` (form shapes). */
export function mergeForm(
  onto: NoteFormValue,
  from: Partial<NoteFormValue>,
  keys: readonly FieldKey[] = FIELD_KEYS,
): NoteFormValue {
  const merged: Record<string, unknown> = { ...onto };
  for (const key of keys) {
    if (key in from) {
      merged[key] = clone(from[key]);
    }
  }
  return merged as unknown as NoteFormValue;
}

/** Just the chosen fields of a form value. */
export function pickForm(form: NoteFormValue, keys: readonly FieldKey[]): Partial<NoteFormValue> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    picked[key] = clone(form[key]);
  }
  return picked;
}
