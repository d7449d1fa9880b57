import type { CreateVisitDto, HomeProgramView, VisitType } from '@stride/api';

import { nowToTheMinute } from './clinic-time';

/**
 * The body that starts a visit: an initial evaluation when the episode has no visits yet, else a
 * follow-up; dated now (to the minute); the current home program carried forward as the
 * prescription, so progressing it is one edit per exercise.
 */
export function newVisitBody(
  existingVisits: number,
  program: HomeProgramView,
  now = Date.now(),
): CreateVisitDto {
  const visitType: VisitType = existingVisits === 0 ? 'initial_evaluation' : 'follow_up';
  return {
    visitDate: nowToTheMinute(now),
    visitType,
    exercises: program.items.map((item) => ({
      exerciseId: item.exerciseId,
      sets: item.sets,
      reps: item.reps,
      holdSeconds: item.holdSeconds,
      load: item.load,
      timesPerWeek: item.timesPerWeek,
      notes: item.notes,
    })),
  };
}
