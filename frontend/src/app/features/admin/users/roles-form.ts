import { FormControl, FormGroup, type ValidatorFn } from '@angular/forms';
import type { Role } from '@stride/api';

/** The two roles as an admin picks them in the order the API lists them (its `users/roles`). */
export const ROLE_OPTIONS: readonly { role: Role; label: string; hint: string }[] = [
  {
    role: 'admin',
    label: 'Administrator',
    hint: 'Users, clinic settings, audit log, exercise library and clinic-wide outcomes.',
  },
  { role: 'therapist', label: 'Therapist', hint: 'Charts patients, writes and signs visit notes.' },
];

export type RolesForm = FormGroup<Record<Role, FormControl<boolean>>>;

const atLeastOneRole: ValidatorFn = (group) =>
  Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { noRole: true };

/** A checkbox per role, at least one ticked. */
export function rolesForm(initial: readonly Role[]): RolesForm {
  return new FormGroup(
    {
      admin: new FormControl(initial.includes('admin'), { nonNullable: true }),
      therapist: new FormControl(initial.includes('therapist'), { nonNullable: true }),
    },
    { validators: atLeastOneRole },
  );
}

/** The ticked roles, in `ROLE_OPTIONS` order. */
export function selectedRoles(value: Partial<Record<Role, boolean>>): Role[] {
  return ROLE_OPTIONS.map((o) => o.role).filter((role) => value[role] === true);
}

export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
