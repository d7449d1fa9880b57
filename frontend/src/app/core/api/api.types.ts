import type { MfaChallengeView, MfaSetupView, MfaVerifyDto } from '@stride/api';

/**
 * Shapes of the Stride API (SPEC.md section 5) the console relies on. Kept by hand until the
 * client is generated from the OpenAPI document at /api/docs-json; the two-step sign-in shapes
 * come from the API's DTOs.
 */

export const API_BASE = '/api/v1';

export type Role = 'admin' | 'therapist';
export type DistanceUnit = 'km' | 'mi';

export interface Clinic {
  id: string;
  name: string;
  timezone: string;
  distanceUnit: DistanceUnit;
}

export interface User {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  mfaEnabled: boolean;
  clinic: Clinic;
}

/** `POST /auth/signup`, `POST /auth/login`, `POST /auth/refresh` on success. */
export interface SessionResponse {
  accessToken: string;
  user: User;
}

/** `POST /auth/login` when the account needs a second factor. */
export type MfaRequiredResponse = MfaChallengeView;

export type LoginResponse = SessionResponse | MfaRequiredResponse;

/** `POST /auth/mfa/verify`: the second step of a two-step sign-in. */
export type MfaVerifyRequest = MfaVerifyDto;

/** `POST /me/mfa/setup`: a new TOTP secret (base32) and its `otpauth://totp/…` link. */
export type MfaSetupResponse = MfaSetupView;

export interface LoginRequest {
  email: string;
  password: string;
}

export interface SignupRequest {
  clinicName: string;
  fullName: string;
  email: string;
  password: string;
  timezone?: string;
  distanceUnit?: DistanceUnit;
}

/** RFC 9457 problem details, as every API error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

export function isMfaRequired(response: LoginResponse): response is MfaRequiredResponse {
  return 'mfaRequired' in response && response.mfaRequired;
}
