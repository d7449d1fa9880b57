import {
  type AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  type ValidationErrors,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import type { ErrorStateMatcher } from '@angular/material/core';
import type { Instrument, ManualTechnique, VisitType } from '@stride/api';
import { isKnownCptCode, isTimedCptCode, measurementProblem } from '@stride/clinical';

import type { DistanceUnit, FieldProblem } from '@stride/api';
import {
  datePattern,
  humanize,
  instrumentName,
  instrumentWords,
  plainFieldMessage,
} from '../../shared/field-messages';
import { SERVER_ERROR } from '../../shared/problem';
import { fromLocalInput } from './clinic-time';
import { fromKm } from './distance';
import { controlPathFor } from './field-paths';
import { FIELD_LABELS } from './note-labels';
import {
  type ExerciseRow,
  FIELD_KEYS,
  type FieldKey,
  type ManualTherapyRow,
  type NoteFormValue,
  type NotePatch,
  type ServiceRow,
} from './note-fields';

/**
 * The note's reactive form. Every validator's error value is the sentence to show, so templates
 * print `controlError(control)`; the API's own messages arrive under `server` (`shared/problem`).
 */

export type ManualTherapyGroup = FormGroup<{
  technique: FormControl<ManualTechnique>;
  region: FormControl<string>;
  minutes: FormControl<number | null>;
  notes: FormControl<string>;
}>;

export type ExerciseGroup = FormGroup<{
  exerciseId: FormControl<string>;
  name: FormControl<string>;
  targets: FormControl<string[]>;
  instructions: FormControl<string>;
  sets: FormControl<number | null>;
  reps: FormControl<number | null>;
  holdSeconds: FormControl<number | null>;
  load: FormControl<string>;
  timesPerWeek: FormControl<number | null>;
  notes: FormControl<string>;
}>;

export type ServiceGroup = FormGroup<{
  cptCode: FormControl<string>;
  minutes: FormControl<number | null>;
}>;

export type RunningGroup = FormGroup<{
  weeklyDistance: FormControl<number | null>;
  longestRun: FormControl<number | null>;
  runWalkRatio: FormControl<string>;
}>;

export type NoteForm = FormGroup<{
  visitDate: FormControl<string>;
  visitType: FormControl<VisitType>;
  subjective: FormControl<string>;
  objective: FormControl<string>;
  assessment: FormControl<string>;
  plan: FormControl<string>;
  measurements: FormGroup<Record<string, FormControl<number | null>>>;
  manualTherapy: FormArray<ManualTherapyGroup>;
  exercises: FormArray<ExerciseGroup>;
  running: RunningGroup;
  services: FormArray<ServiceGroup>;
}>;

export interface NoteFormLimits {
  /** The episode's start date (`YYYY-MM-DD`): a visit cannot fall on a day before it. */
  episodeStart: string;
  timeZone: string;
  unit: DistanceUnit;
  /** Injected clock, for tests. */
  now?: () => number;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const SOAP_MAX = 20000;

// ---------- validators (each error's value is its message) ----------

function fail(key: string, message: string): ValidationErrors {
  return { [key]: message };
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * Required, with its message. Composed after Angular's own `Validators.required` (which makes
 * mat-form-field show the asterisk) so this message replaces its `true`.
 */
function required(message: string): ValidatorFn[] {
  return [Validators.required, (c) => (isBlank(c.value) ? fail('required', message) : null)];
}

function maxLength(max: number): ValidatorFn {
  return (c) =>
    typeof c.value === 'string' && c.value.length > max
      ? fail('maxlength', `Use at most ${max} characters.`)
      : null;
}

/** A whole number from min to max, or empty. */
export function wholeNumber(min: number, max: number): ValidatorFn {
  return (c) => {
    const v: unknown = c.value;
    if (v === null || v === undefined || v === '') return null;
    return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : fail('range', `Enter a whole number from ${min} to ${max}.`);
  };
}

/** A distance ≥ 0 with at most 2 decimals, up to `maxKm` (in the clinic's unit), or empty. */
export function distance(maxKm: number, unit: DistanceUnit): ValidatorFn {
  const max = fromKm(maxKm, unit) ?? maxKm;
  return (c) => {
    const v: unknown = c.value;
    if (v === null || v === undefined || v === '') return null;
    const ok = typeof v === 'number' && v >= 0 && v <= max && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
    return ok ? null : fail('range', `Enter a distance from 0 to ${max} with at most 2 decimals.`);
  };
}

export function instrumentValue(code: string): ValidatorFn {
  return (c) => {
    if (c.value === null || c.value === undefined || c.value === '') return null;
    const problem = measurementProblem(code, c.value);
    return problem ? fail('instrument', `Value ${problem}.`) : null;
  };
}

export function visitDateValidator(limits: NoteFormLimits): ValidatorFn {
  return (c) => {
    const local = typeof c.value === 'string' ? c.value : '';
    if (!local) return fail('required', 'Enter the date and time of the visit.');
    const instant = fromLocalInput(local, limits.timeZone);
    if (!instant) return fail('date', `Enter the date of the visit as ${datePattern()}, and its time.`);
    if (Date.parse(instant) > (limits.now?.() ?? Date.now()) + FUTURE_TOLERANCE_MS) {
      return fail('future', 'The visit cannot be in the future.');
    }
    if (local.slice(0, 10) < limits.episodeStart) {
      return fail(
        'beforeStart',
        `The visit cannot be before the episode's start date (${limits.episodeStart}).`,
      );
    }
    return null;
  };
}

const repsOrHold: ValidatorFn = (group) => {
  const { reps, holdSeconds } = (group as ExerciseGroup).getRawValue();
  return reps === null && holdSeconds === null
    ? fail('repsOrHold', 'Enter reps, a hold time, or both.')
    : null;
};

const timedNeedsMinutes: ValidatorFn = (group) => {
  const { cptCode, minutes } = (group as ServiceGroup).getRawValue();
  return isTimedCptCode(cptCode) && minutes === null
    ? fail('minutesRequired', `${cptCode} is a timed code: enter its minutes.`)
    : null;
};

const knownCode: ValidatorFn = (c) =>
  isBlank(c.value)
    ? fail('required', 'Choose a code.')
    : isKnownCptCode(String(c.value))
      ? null
      : fail('code', 'Choose a supported code.');

const RUN_WALK = /^\d{1,2}:\d{1,2}$/;
const runWalk: ValidatorFn = (c) =>
  isBlank(c.value) || RUN_WALK.test(String(c.value).trim())
    ? null
    : fail('pattern', 'Write it as run:walk minutes, e.g. 4:1.');

// ---------- building ----------

export function manualTherapyGroup(row?: Partial<ManualTherapyRow>): ManualTherapyGroup {
  return new FormGroup({
    technique: new FormControl<ManualTechnique>(row?.technique ?? 'soft_tissue_mobilization', {
      nonNullable: true,
    }),
    region: new FormControl(row?.region ?? '', {
      nonNullable: true,
      validators: [...required('Enter the region treated.'), maxLength(200)],
    }),
    minutes: new FormControl<number | null>(row?.minutes ?? null, { validators: [wholeNumber(1, 120)] }),
    notes: new FormControl(row?.notes ?? '', { nonNullable: true, validators: [maxLength(2000)] }),
  });
}

export function exerciseGroup(row: ExerciseRow): ExerciseGroup {
  return new FormGroup(
    {
      exerciseId: new FormControl(row.exerciseId, { nonNullable: true }),
      name: new FormControl(row.name, { nonNullable: true }),
      targets: new FormControl<string[]>(row.targets, { nonNullable: true }),
      instructions: new FormControl(row.instructions, { nonNullable: true }),
      sets: new FormControl<number | null>(row.sets, { validators: [wholeNumber(1, 20)] }),
      reps: new FormControl<number | null>(row.reps, { validators: [wholeNumber(1, 500)] }),
      holdSeconds: new FormControl<number | null>(row.holdSeconds, { validators: [wholeNumber(1, 900)] }),
      load: new FormControl(row.load, { nonNullable: true, validators: [maxLength(100)] }),
      timesPerWeek: new FormControl<number | null>(row.timesPerWeek, { validators: [wholeNumber(1, 21)] }),
      notes: new FormControl(row.notes, { nonNullable: true, validators: [maxLength(1000)] }),
    },
    { validators: [repsOrHold] },
  );
}

export function serviceGroup(row?: Partial<ServiceRow>): ServiceGroup {
  return new FormGroup(
    {
      cptCode: new FormControl(row?.cptCode ?? '', { nonNullable: true, validators: [knownCode] }),
      minutes: new FormControl<number | null>(row?.minutes ?? null, { validators: [wholeNumber(0, 480)] }),
    },
    { validators: [timedNeedsMinutes] },
  );
}

export function buildNoteForm(instruments: readonly Instrument[], limits: NoteFormLimits): NoteForm {
  const measurements: Record<string, FormControl<number | null>> = {};
  for (const instrument of instruments) {
    measurements[instrument.code] = new FormControl<number | null>(null, {
      validators: [instrumentValue(instrument.code)],
    });
  }
  const soap = () => new FormControl('', { nonNullable: true, validators: [maxLength(SOAP_MAX)] });
  return new FormGroup({
    visitDate: new FormControl('', { nonNullable: true, validators: [visitDateValidator(limits)] }),
    visitType: new FormControl<VisitType>('follow_up', { nonNullable: true }),
    subjective: soap(),
    objective: soap(),
    assessment: soap(),
    plan: soap(),
    measurements: new FormGroup(measurements),
    manualTherapy: new FormArray<ManualTherapyGroup>([]),
    exercises: new FormArray<ExerciseGroup>([]),
    running: new FormGroup({
      weeklyDistance: new FormControl<number | null>(null, { validators: [distance(1000, limits.unit)] }),
      longestRun: new FormControl<number | null>(null, { validators: [distance(500, limits.unit)] }),
      runWalkRatio: new FormControl('', { nonNullable: true, validators: [runWalk] }),
    }),
    services: new FormArray<ServiceGroup>([]),
  });
}

/** Puts a whole value into the form, resizing its row arrays (one change event at the end). */
export function setNoteForm(form: NoteForm, value: NoteFormValue): void {
  const c = form.controls;
  c.manualTherapy.clear({ emitEvent: false });
  value.manualTherapy.forEach((row) => c.manualTherapy.push(manualTherapyGroup(row), { emitEvent: false }));
  c.exercises.clear({ emitEvent: false });
  value.exercises.forEach((row) => c.exercises.push(exerciseGroup(row), { emitEvent: false }));
  c.services.clear({ emitEvent: false });
  value.services.forEach((row) => c.services.push(serviceGroup(row), { emitEvent: false }));
  const measurements: Record<string, number | null> = {};
  for (const code of Object.keys(c.measurements.controls)) {
    measurements[code] = value.measurements[code] ?? null;
  }
  form.setValue({ ...value, measurements });
}

export function readNoteForm(form: NoteForm): NoteFormValue {
  return form.getRawValue();
}

/** The top-level fields the form holds as invalid: they wait until fixed. */
export function blockedKeys(form: NoteForm): Set<FieldKey> {
  return new Set(FIELD_KEYS.filter((key) => form.controls[key].invalid));
}

/** The message to show for a control, or null (API messages first). */
export function controlError(control: AbstractControl | null | undefined): string | null {
  if (!control?.errors) return null;
  const server: unknown = control.errors[SERVER_ERROR];
  if (typeof server === 'string') return server;
  for (const value of Object.values(control.errors)) {
    if (typeof value === 'string') return value;
  }
  return 'Check this value.';
}

/** Names inside the note's rows that read badly as words ("Exercise id"). */
const NOTE_LEAF_LABELS: Record<string, string> = {
  exerciseId: 'The exercise',
  cptCode: 'The code',
  holdSeconds: 'Hold time',
  timesPerWeek: 'Times per week',
  weeklyDistanceKm: 'Weekly distance',
  longestRunKm: 'Longest run',
  runWalkRatio: 'Run:walk',
};

/** An API message about a note field, in the note's words (its labels, instrument names). */
export function notePlainMessage(error: FieldProblem): string {
  const top = error.field.split(/[.[]/)[0] ?? error.field;
  const leaf =
    error.field
      .replace(/\[\d+\]/g, '')
      .split('.')
      .at(-1) ?? error.field;
  const label =
    NOTE_LEAF_LABELS[leaf] ??
    instrumentName(leaf) ??
    (leaf === top ? FIELD_LABELS[top as FieldKey] : undefined) ??
    humanize(leaf);
  return plainFieldMessage(instrumentWords(error.message), label, error.field);
}

/**
 * Puts API field errors on the controls they name (`controlPathFor`), touched so they show at
 * once. Returns the errors that match no control.
 */
export function applyNoteFieldErrors(
  form: NoteForm,
  errors: readonly FieldProblem[],
  sent: NotePatch | null,
): FieldProblem[] {
  const unmatched: FieldProblem[] = [];
  for (const error of errors) {
    const path = controlPathFor(error.field, sent, error.message);
    const control = path ? form.get(path) : null;
    if (control) {
      control.setErrors({ ...control.errors, [SERVER_ERROR]: notePlainMessage(error) });
      control.markAsTouched();
    } else {
      unmatched.push(error);
    }
  }
  return unmatched;
}

/** Shows a field in error when it, or its row (`errorKey` on the parent group), is invalid and touched. */
export function rowErrorMatcher(errorKey: string): ErrorStateMatcher {
  return {
    isErrorState: (control) =>
      !!control &&
      (control.touched || !!control.parent?.touched) &&
      (control.invalid || !!control.parent?.hasError(errorKey)),
  };
}
