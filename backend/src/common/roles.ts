export const ROLES = ['admin', 'therapist'] as const;
export type Role = (typeof ROLES)[number];
