import type { Page, PatientView } from '@stride/api';

/** Test data for the patient specs (not imported by the app). */
export function aPatient(overrides: Partial<PatientView> = {}): PatientView {
  return {
    id: 'p-1',
    mrn: 'P-000001',
    firstName: 'Ava',
    lastName: 'Alvarez',
    dateOfBirth: '1990-06-15',
    sex: 'female',
    email: null,
    phone: null,
    archivedAt: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function aPage<T>(items: T[], total = items.length, page = 1): Page<T> {
  return { items, total, page, pageSize: 25 };
}
