import type { Instrument } from '@stride/api';

import type { DistanceUnit } from '@stride/api';
import { formatInstant, fromLocalInput } from './clinic-time';
import { unitLabel } from './distance';
import type {
  ExerciseRow,
  FieldKey,
  ManualTherapyRow,
  NoteFormValue,
  RunningValue,
  ServiceRow,
} from './note-fields';
import { TECHNIQUE_LABELS, VISIT_TYPE_LABELS } from './note-labels';
import { formatReading } from './outcomes';

export interface SummaryContext {
  timeZone: string;
  unit: DistanceUnit;
  instruments: readonly Instrument[];
}

const EMPTY = '(empty)';

/** A field's value in words, for the conflict view and for edits that could not be saved. */
export function describeField(key: FieldKey, value: unknown, ctx: SummaryContext): string {
  switch (key) {
    case 'visitDate': {
      const local = typeof value === 'string' ? value : '';
      const instant = fromLocalInput(local, ctx.timeZone);
      return instant ? formatInstant(instant, ctx.timeZone) : local || EMPTY;
    }
    case 'visitType':
      return (
        VISIT_TYPE_LABELS[value as NoteFormValue['visitType']] ?? (typeof value === 'string' ? value : EMPTY)
      );
    case 'subjective':
    case 'objective':
    case 'assessment':
    case 'plan':
      return (typeof value === 'string' ? value.trim() : '') || EMPTY;
    case 'measurements':
      return describeMeasurements(value as NoteFormValue['measurements'], ctx.instruments);
    case 'manualTherapy':
      return list((value as ManualTherapyRow[]).map(describeManualTherapy));
    case 'exercises':
      return list((value as ExerciseRow[]).map(describeExercise));
    case 'running':
      return describeRunning(value as RunningValue, ctx.unit);
    case 'services':
      return list(
        (value as ServiceRow[]).map((s) => `${s.cptCode}${s.minutes !== null ? ` · ${s.minutes} min` : ''}`),
      );
  }
}

function list(items: string[]): string {
  return items.length ? items.join('; ') : EMPTY;
}

function describeMeasurements(
  values: Record<string, number | null>,
  instruments: readonly Instrument[],
): string {
  return list(
    instruments.flatMap((i) => {
      const v = values[i.code];
      return v === null || v === undefined ? [] : [`${i.name}: ${formatReading(i, v)}`];
    }),
  );
}

export function describeManualTherapy(t: ManualTherapyRow): string {
  const parts = [TECHNIQUE_LABELS[t.technique] ?? t.technique, t.region.trim() || '(no region)'];
  if (t.minutes !== null) parts.push(`${t.minutes} min`);
  if (t.notes.trim()) parts.push(t.notes.trim());
  return parts.join(' · ');
}

/** "Clamshell 3 × 15, red band, 3×/week". */
export function describeExercise(
  e: Pick<ExerciseRow, 'name' | 'sets' | 'reps' | 'holdSeconds' | 'load' | 'timesPerWeek' | 'notes'>,
): string {
  const dose = [
    e.sets !== null ? `${e.sets} ×` : '',
    e.reps !== null ? `${e.reps}` : '',
    e.holdSeconds !== null ? `${e.reps !== null ? ', ' : ''}${e.holdSeconds} s hold` : '',
  ]
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/ ,/g, ',')
    .trim();
  const parts = [`${e.name}${dose ? ` ${dose}` : ''}`];
  if ((e.load ?? '').trim()) parts.push((e.load ?? '').trim());
  if (e.timesPerWeek !== null) parts.push(`${e.timesPerWeek}×/week`);
  if ((e.notes ?? '').trim()) parts.push((e.notes ?? '').trim());
  return parts.join(', ');
}

export function describeRunning(r: RunningValue | null, unit: DistanceUnit): string {
  if (!r) return EMPTY;
  const u = unitLabel(unit);
  const parts: string[] = [];
  if (r.weeklyDistance !== null) parts.push(`${r.weeklyDistance} ${u}/week`);
  if (r.longestRun !== null) parts.push(`longest run ${r.longestRun} ${u}`);
  if (r.runWalkRatio.trim()) parts.push(`run:walk ${r.runWalkRatio.trim()}`);
  return list(parts);
}
