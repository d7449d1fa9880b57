import { FormControl, FormGroup, type ValidatorFn, Validators } from '@angular/forms';
import type { CreateExerciseDto, ExerciseTarget, ExerciseView, UpdateExerciseDto } from '@stride/api';

import { TARGETS } from '../../visit-note/note-labels';

export type TargetsForm = FormGroup<Record<ExerciseTarget, FormControl<boolean>>>;

export type ExerciseForm = FormGroup<{
  name: FormControl<string>;
  targets: TargetsForm;
  instructions: FormControl<string>;
  defaultDosage: FormControl<string>;
}>;

const atLeastOneTarget: ValidatorFn = (group) =>
  Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { noTarget: true };

/** The form of a new exercise (null) or of an existing one. */
export function exerciseForm(exercise: ExerciseView | null): ExerciseForm {
  const targets = Object.fromEntries(
    TARGETS.map((t) => [t, new FormControl(exercise?.targets.includes(t) ?? false, { nonNullable: true })]),
  ) as Record<ExerciseTarget, FormControl<boolean>>;
  return new FormGroup({
    name: new FormControl(exercise?.name ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(120)],
    }),
    targets: new FormGroup(targets, { validators: atLeastOneTarget }),
    instructions: new FormControl(exercise?.instructions ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(4000)],
    }),
    defaultDosage: new FormControl(exercise?.defaultDosage ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(200)],
    }),
  });
}

/** The form's value as `POST /exercises` takes it (an empty dosage left out). */
export function toCreateDto(form: ExerciseForm): CreateExerciseDto {
  const value = form.getRawValue();
  const dosage = value.defaultDosage.trim();
  return {
    name: value.name.trim(),
    targets: TARGETS.filter((t) => value.targets[t]),
    instructions: value.instructions.trim(),
    ...(dosage ? { defaultDosage: dosage } : {}),
  };
}

/** The form's value as `PATCH /exercises/:id` takes it (an empty dosage clears it). */
export function toUpdateDto(form: ExerciseForm): UpdateExerciseDto {
  const { defaultDosage, ...rest } = toCreateDto(form);
  return { ...rest, defaultDosage: defaultDosage ?? null };
}
