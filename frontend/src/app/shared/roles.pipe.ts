import { Pipe, type PipeTransform } from '@angular/core';

import type { Role } from '@stride/api';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  therapist: 'Therapist',
};

/** `['admin', 'therapist']` → "Administrator, Therapist". */
@Pipe({ name: 'roles' })
export class RolesPipe implements PipeTransform {
  transform(roles: readonly Role[] | null | undefined): string {
    return (roles ?? []).map((role) => ROLE_LABELS[role] ?? role).join(', ');
  }
}
