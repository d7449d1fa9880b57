/**
 * The visit normaliser: turns a visit body (POST or PATCH) into the columns a visits row stores,
 * checked against its episode, with every field error found. Pure: what it needs from the
 * database (the clinic's time zone, the prescribed library exercises) is read by the caller and
 * passed in — `needsTimeZone` and `prescribedIds` say what to read. The visits service refuses a
 * body with errors; the throughput benchmark's raw baseline runs the same code.
 */
import { calendarDateIn, isTimedCptCode } from '@stride/clinical';
import type { FieldError } from '../common/problems.js';
import { isInTheFuture, visitDateErrors } from './visit-rules.js';

/** A visit body as the normaliser reads it: what CreateVisitDto / UpdateVisitDto hold. */
export interface VisitBody {
  visitDate?: string;
  visitType?: string;
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
  measurements?: readonly { instrument: string; value: number }[] | null;
  manualTherapy?:
    readonly { technique: string; region: string; minutes?: number | null; notes?: string | null }[] | null;
  exercises?:
    | readonly {
        exerciseId: string;
        sets?: number | null;
        reps?: number | null;
        holdSeconds?: number | null;
        load?: string | null;
        timesPerWeek?: number | null;
        notes?: string | null;
      }[]
    | null;
  running?: {
    weeklyDistanceKm?: number | null;
    longestRunKm?: number | null;
    runWalkRatio?: string | null;
  } | null;
  services?: readonly { cptCode: string; minutes?: number | null }[] | null;
}

/** The scalar and jsonb (as JSON text) columns a visit body writes. */
export interface VisitColumns {
  visit_date?: string;
  visit_type?: string;
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
  measurements?: string;
  manual_therapy?: string;
  exercises?: string;
  running?: string | null;
  services?: string;
}

/** The API field each column comes from (audit events name fields). */
export const FIELD_OF_COLUMN: Record<keyof VisitColumns, string> = {
  visit_date: 'visitDate',
  visit_type: 'visitType',
  subjective: 'subjective',
  objective: 'objective',
  assessment: 'assessment',
  plan: 'plan',
  measurements: 'measurements',
  manual_therapy: 'manualTherapy',
  exercises: 'exercises',
  running: 'running',
  services: 'services',
};

/** What a prescription copies of a library exercise. */
export interface LibraryExercise {
  id: string;
  name: string;
  instructions: string;
  targets: string[];
}

export interface NormalizeContext {
  /** The episode's start date: no visit falls on a day before it. */
  startDate: string;
  /** The clinic's time zone, given when `needsTimeZone` says so. */
  timeZone?: string;
  /** The library exercises of `prescribedIds`, by id (lower case), when the body prescribes. */
  library?: ReadonlyMap<string, LibraryExercise>;
  /** The clock (epoch ms). */
  now: number;
}

/** Whether normalising the body needs the clinic's time zone: a visit date that is not refused outright. */
export function needsTimeZone(dto: VisitBody, now: number): boolean {
  return dto.visitDate !== undefined && !isInTheFuture(new Date(dto.visitDate), now);
}

/** The library exercise ids the body prescribes (lower case, once each), or undefined when it sets none. */
export function prescribedIds(dto: VisitBody): string[] | undefined {
  if (dto.exercises === undefined) return undefined;
  return [...new Set((dto.exercises ?? []).map((e) => e.exerciseId.toLowerCase()))];
}

/** The columns the body writes, and every field error against its episode. */
export function normalizeVisit(
  dto: VisitBody,
  ctx: NormalizeContext,
): { columns: VisitColumns; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const cols: VisitColumns = {};

  if (dto.visitDate !== undefined) {
    const at = new Date(dto.visitDate);
    const day = needsTimeZone(dto, ctx.now) ? calendarDateIn(at, ctx.timeZone ?? 'UTC') : '';
    errors.push(...visitDateErrors(at, day, ctx.startDate, ctx.now));
    cols.visit_date = at.toISOString();
  }
  if (dto.visitType !== undefined) cols.visit_type = dto.visitType;
  for (const k of ['subjective', 'objective', 'assessment', 'plan'] as const) {
    if (dto[k] !== undefined) cols[k] = dto[k] === null || dto[k] === '' ? null : dto[k];
  }

  if (dto.measurements !== undefined) {
    const seen = new Set<string>();
    const list = dto.measurements ?? [];
    list.forEach((mm, i) => {
      if (seen.has(mm.instrument)) {
        errors.push({
          field: `measurements[${i}].instrument`,
          message: `${mm.instrument} is already measured on this visit`,
        });
      }
      seen.add(mm.instrument);
    });
    cols.measurements = JSON.stringify(list.map((mm) => ({ instrument: mm.instrument, value: mm.value })));
  }

  if (dto.manualTherapy !== undefined) {
    cols.manual_therapy = JSON.stringify(
      (dto.manualTherapy ?? []).map((t) => ({
        technique: t.technique,
        region: t.region.trim(),
        minutes: t.minutes ?? null,
        notes: t.notes ? t.notes : null,
      })),
    );
  }

  if (dto.exercises !== undefined) {
    const items: unknown[] = [];
    (dto.exercises ?? []).forEach((e, i) => {
      const ex = ctx.library?.get(e.exerciseId.toLowerCase());
      if (!ex) {
        errors.push({
          field: `exercises[${i}].exerciseId`,
          message: 'exerciseId is not in the exercise library',
        });
        return;
      }
      if (e.reps == null && e.holdSeconds == null) {
        errors.push({ field: `exercises[${i}].reps`, message: 'give reps, holdSeconds or both' });
      }
      // Name, instructions and targets are copied so later library edits never change this note.
      items.push({
        exerciseId: ex.id,
        name: ex.name,
        instructions: ex.instructions,
        targets: ex.targets,
        sets: e.sets ?? null,
        reps: e.reps ?? null,
        holdSeconds: e.holdSeconds ?? null,
        load: e.load ? e.load.trim() : null,
        timesPerWeek: e.timesPerWeek ?? null,
        notes: e.notes ? e.notes : null,
      });
    });
    cols.exercises = JSON.stringify(items);
  }

  if (dto.running !== undefined) {
    const r = dto.running;
    const running = r
      ? {
          weeklyDistanceKm: r.weeklyDistanceKm ?? null,
          longestRunKm: r.longestRunKm ?? null,
          runWalkRatio: r.runWalkRatio ?? null,
        }
      : null;
    const empty = !running || Object.values(running).every((v) => v === null);
    cols.running = empty ? null : JSON.stringify(running);
  }

  if (dto.services !== undefined) {
    const list = dto.services ?? [];
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.cptCode)) {
        errors.push({
          field: `services[${i}].cptCode`,
          message: `${s.cptCode} is already billed on this visit: one line per code`,
        });
      }
      seen.add(s.cptCode);
      if (isTimedCptCode(s.cptCode) && (s.minutes === undefined || s.minutes === null)) {
        errors.push({
          field: `services[${i}].minutes`,
          message: `${s.cptCode} is a timed code: minutes are required`,
        });
      }
    });
    cols.services = JSON.stringify(list.map((s) => ({ cptCode: s.cptCode, minutes: s.minutes ?? null })));
  }

  return { columns: cols, errors };
}
