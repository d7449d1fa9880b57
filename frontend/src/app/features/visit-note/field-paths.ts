import { FIELD_KEYS, type FieldKey, type NotePatch } from './note-fields';

/**
 * Where an API error belongs in the note form. The API names fields by body path
 * (`measurements[0].value`, `exercises[1].exerciseId`, `running.weeklyDistanceKm`); the form
 * names controls by dotted path (`measurements.nprs_activity`, `exercises.1`,
 * `running.weeklyDistance`). Array indices line up because rows are sent whole and in form order;
 * measurements are keyed by instrument, found through the body that was sent.
 * Returns null when no control matches (the message then goes to the general alert).
 */
export function controlPathFor(field: string, sent: NotePatch | null, message = ''): string | null {
  const simple: Record<string, string> = {
    visitDate: 'visitDate',
    visitType: 'visitType',
    subjective: 'subjective',
    objective: 'objective',
    assessment: 'assessment',
    plan: 'plan',
    'running.weeklyDistanceKm': 'running.weeklyDistance',
    'running.longestRunKm': 'running.longestRun',
    'running.runWalkRatio': 'running.runWalkRatio',
  };
  if (simple[field]) {
    return simple[field];
  }

  const measurement = /^measurements\[(\d+)\](?:\.(instrument|value))?$/.exec(field);
  if (measurement) {
    const code = sent?.measurements?.[Number(measurement[1])]?.instrument;
    return code ? `measurements.${code}` : null;
  }
  if (field === 'measurements') {
    // e.g. signing an evaluation without a pain score: "nprs_activity is required …".
    const code = /\b(nprs_activity|nprs_rest|nprs_worst_24h|lefs|psfs)\b/.exec(message)?.[1];
    return code ? `measurements.${code}` : null;
  }

  const row = /^(manualTherapy|exercises|services)\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (row) {
    const [, array, index, property] = row as unknown as [string, string, string, string | undefined];
    const controls: Record<string, readonly string[]> = {
      manualTherapy: ['technique', 'region', 'minutes', 'notes'],
      exercises: ['sets', 'reps', 'holdSeconds', 'load', 'timesPerWeek', 'notes'],
      services: ['cptCode', 'minutes'],
    };
    if (property && controls[array]?.includes(property)) {
      return `${array}.${index}.${property}`;
    }
    // `exercises[1].exerciseId` or a whole row: the row itself shows the message.
    return `${array}.${index}`;
  }
  return null;
}

/** The top-level note field an API error path belongs to (`services[0].minutes` → `services`). */
export function fieldKeyOf(path: string): FieldKey | null {
  const key = /^([a-zA-Z]+)/.exec(path)?.[1];
  const keys: readonly string[] = FIELD_KEYS;
  return key && keys.includes(key) ? (key as FieldKey) : null;
}
