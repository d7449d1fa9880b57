import type { ExerciseTarget, ManualTechnique, VisitType } from '@stride/api';

import type { FieldKey } from './note-fields';

export const VISIT_TYPE_LABELS: Record<VisitType, string> = {
  initial_evaluation: 'Initial evaluation',
  follow_up: 'Follow-up',
  re_evaluation: 'Re-evaluation',
  discharge: 'Discharge',
};
export const VISIT_TYPES = Object.keys(VISIT_TYPE_LABELS) as VisitType[];

export const TECHNIQUE_LABELS: Record<ManualTechnique, string> = {
  soft_tissue_mobilization: 'Soft-tissue mobilisation',
  myofascial_release: 'Myofascial release',
  instrument_assisted: 'Instrument-assisted (IASTM)',
  joint_mobilization: 'Joint mobilisation',
  dry_needling: 'Dry needling',
  manual_stretching: 'Manual stretching',
  other: 'Other',
};
export const TECHNIQUES = Object.keys(TECHNIQUE_LABELS) as ManualTechnique[];

export const TARGET_LABELS: Record<ExerciseTarget, string> = {
  glute_medius: 'Glute medius',
  glute_maximus: 'Glute maximus',
  core: 'Core',
  hip_rotators: 'Hip rotators',
  quadriceps: 'Quadriceps',
  foot: 'Foot',
  mobility: 'Mobility',
  running_drill: 'Running drill',
};
export const TARGETS = Object.keys(TARGET_LABELS) as ExerciseTarget[];

export function targetLabel(target: string): string {
  return TARGET_LABELS[target as ExerciseTarget] ?? target;
}

/** The note's fields as a clinician names them (conflict view, unsaved-field lists). */
export const FIELD_LABELS: Record<FieldKey, string> = {
  visitDate: 'Visit date and time',
  visitType: 'Visit type',
  subjective: 'Subjective',
  objective: 'Objective',
  assessment: 'Assessment',
  plan: 'Plan',
  measurements: 'Measurements',
  manualTherapy: 'Manual therapy',
  exercises: 'Exercises',
  running: 'Running load',
  services: 'Service lines',
};

/** Targets whose name contains the search text ("glute" → medius and maximus). */
export function targetsMatching(text: string): ExerciseTarget[] {
  const needle = fold(text);
  if (needle.length < 3) {
    return [];
  }
  return TARGETS.filter(
    (t) => fold(TARGET_LABELS[t]).includes(needle) || t.includes(needle.replace(/ /g, '_')),
  );
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
}
