import type { Clinic } from '../clinics/clinic.entity.js';
import type { ClinicUserView, UserView } from './dto/user.dto.js';
import type { User } from './user.entity.js';

export function toUserView(user: User, clinic: Clinic): UserView {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    mfaEnabled: user.mfaEnabled,
    clinic: {
      id: clinic.id,
      name: clinic.name,
      timezone: clinic.timezone,
      distanceUnit: clinic.distanceUnit,
    },
  };
}

export function toClinicUserView(user: User): ClinicUserView {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    active: user.active,
    mfaEnabled: user.mfaEnabled,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
  };
}
