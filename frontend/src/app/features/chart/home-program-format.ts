import type { PrescriptionView } from '@stride/api';

type Dose = Pick<PrescriptionView, 'sets' | 'reps' | 'holdSeconds' | 'load' | 'timesPerWeek'>;

/** "3 sets × 15 reps · hold 30 s · blue band · 3 times a week"; null when no dose was given. */
export function doseText(item: Dose): string | null {
  const parts: string[] = [];
  const sets = item.sets ? `${item.sets} ${item.sets === 1 ? 'set' : 'sets'}` : null;
  const reps = item.reps ? `${item.reps} ${item.reps === 1 ? 'rep' : 'reps'}` : null;
  const volume = sets && reps ? `${sets} × ${reps}` : (sets ?? reps);
  if (volume) {
    parts.push(volume);
  }
  if (item.holdSeconds) {
    parts.push(`hold ${item.holdSeconds} s`);
  }
  if (item.load) {
    parts.push(item.load);
  }
  if (item.timesPerWeek) {
    parts.push(item.timesPerWeek === 1 ? 'once a week' : `${item.timesPerWeek} times a week`);
  }
  return parts.length ? parts.join(' · ') : null;
}
