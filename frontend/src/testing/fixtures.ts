import type { SessionView as SessionResponse, UserView as User } from '@stride/api';
import { fakeJwt } from './fake-jwt';

export const ACCESS_TOKEN_LIFETIME_S = 15 * 60;

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 'user-1',
    email: 'maya.lind@example.org',
    fullName: 'Maya Lind',
    roles: ['admin', 'therapist'],
    mfaEnabled: false,
    clinic: {
      id: 'clinic-1',
      name: 'Riverside Sports Rehab',
      timezone: 'Europe/Stockholm',
      distanceUnit: 'km',
    },
    ...overrides,
  };
}

/** A token that expires `lifetimeSeconds` after the current (possibly faked) time. */
export function anAccessToken(label = 'a', lifetimeSeconds = ACCESS_TOKEN_LIFETIME_S): string {
  return fakeJwt({ sub: 'user-1', jti: label, exp: Math.floor(Date.now() / 1000) + lifetimeSeconds });
}

export function aSession(token = anAccessToken(), user = aUser()): SessionResponse {
  return { accessToken: token, user };
}
