import type { ClinicUserView, ClinicView, ExerciseView, Page } from '@stride/api';

import type { AuditEventView } from './audit/audit-format';

/** Test data for the admin screens' specs. */

export const ME_ID = 'user-1';

export function aClinicUser(overrides: Partial<ClinicUserView> = {}): ClinicUserView {
  return {
    id: '3f1c2a9e-0000-4000-8000-000000000002',
    email: 'sam.okafor@example.org',
    fullName: 'Sam Okafor',
    roles: ['therapist'],
    active: true,
    mfaEnabled: false,
    version: 3,
    createdAt: '2026-01-05T09:00:00.000Z',
    ...overrides,
  };
}

export function aPage<T>(items: T[], overrides: Partial<Page<T>> = {}): Page<T> {
  return { items, total: items.length, page: 1, pageSize: 50, ...overrides };
}

export function anExercise(overrides: Partial<ExerciseView> = {}): ExerciseView {
  return {
    id: 'ex-own-1',
    name: 'Banded monster walk',
    targets: ['glute_medius'],
    instructions: 'Band above the knees, walk forward in small wide steps.',
    defaultDosage: '3 × 12',
    global: false,
    version: 2,
    ...overrides,
  };
}

export function aClinic(overrides: Partial<ClinicView> = {}): ClinicView {
  return {
    id: 'clinic-1',
    name: 'Riverside Sports Rehab',
    timezone: 'Europe/Stockholm',
    distanceUnit: 'km',
    requireMfaForAdmins: false,
    version: 4,
    ...overrides,
  };
}

export function anAuditEvent(overrides: Partial<AuditEventView> = {}): AuditEventView {
  return {
    id: 'ev-1',
    at: '2026-03-02T15:04:05.000Z',
    clinicId: 'clinic-1',
    userId: ME_ID,
    action: 'patient.update',
    entityType: 'patient',
    entityId: 'pat-1',
    outcome: 'success',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    changedFields: ['phone', 'email'],
    detail: null,
    ...overrides,
  };
}

/** A problem+json error answer for `TestRequest.flush`. */
export function problem(
  status: number,
  body: { title?: string; detail?: string; type?: string; errors?: { field: string; message: string }[] },
): [object, { status: number; statusText: string; headers: Record<string, string> }] {
  return [
    { type: body.type ?? '/problems/error', title: body.title ?? 'Error', status, ...body },
    { status, statusText: 'Error', headers: { 'Content-Type': 'application/problem+json' } },
  ];
}
