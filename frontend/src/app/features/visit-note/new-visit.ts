import type { CreateVisitDto, HomeProgramView, VisitType, VisitView } from '@stride/api';

import { nowToTheMinute } from './clinic-time';

/**
 * Evaluation codes (PT evaluation of low, moderate, high complexity; re-evaluation): billed for
 * the evaluation itself, so never carried into the next visit's service lines.
 */
export const EVALUATION_CODES: ReadonlySet<string> = new Set(['97161', '97162', '97163', '97164']);

/**
 * The body that starts a visit: an initial evaluation until the episode has a signed visit (a
 * draft, say a stray "New visit", does not make the next one a follow-up: SPEC §3 signs a
 * follow-up only after a signed initial evaluation), else a follow-up; dated now (to the minute); the current home program carried forward as the
 * prescription, so progressing it is one edit per exercise; and the manual therapy and service
 * lines of the episode's last signed visit (visit order: the list as the API orders it) as
 * editable rows, so a routine follow-up is not typed again (evaluation codes stay behind).
 */
export function newVisitBody(
  visits: readonly Pick<VisitView, 'status' | 'manualTherapy' | 'services'>[],
  program: HomeProgramView,
  now = Date.now(),
): CreateVisitDto {
  const lastSigned = visits.filter((v) => v.status === 'signed').at(-1);
  const visitType: VisitType = lastSigned ? 'follow_up' : 'initial_evaluation';
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
    ...(lastSigned?.manualTherapy.length
      ? {
          manualTherapy: lastSigned.manualTherapy.map((t) => ({
            technique: t.technique,
            region: t.region,
            minutes: t.minutes,
            notes: t.notes,
          })),
        }
      : {}),
    ...(lastSigned?.services.some((s) => !EVALUATION_CODES.has(s.cptCode))
      ? {
          services: lastSigned.services
            .filter((s) => !EVALUATION_CODES.has(s.cptCode))
            .map((s) => ({ cptCode: s.cptCode, minutes: s.minutes })),
        }
      : {}),
  };
}
