import { computeBilling, VISIT_ORDER_COLUMNS } from '@stride/clinical';
import type {
  AddendumView,
  ManualTherapyView,
  MeasurementView,
  PrescriptionView,
  RunningView,
  ServiceLineView,
  VisitType,
  VisitView,
} from './dto/visit.dto.js';

/** A visits row as the services read it. */
export interface VisitRow {
  id: string;
  episode_id: string;
  patient_id: string;
  therapist_id: string;
  visit_date: Date;
  visit_type: VisitType;
  subjective: string | null;
  objective: string | null;
  assessment: string | null;
  plan: string | null;
  measurements: MeasurementView[];
  manual_therapy: ManualTherapyView[];
  exercises: PrescriptionView[];
  running: RunningView | null;
  services: ServiceLineView[];
  status: 'draft' | 'signed';
  signed_at: Date | null;
  signed_by: string | null;
  version: number;
  created_at: Date;
}

export const VISIT_COLUMNS = `id, episode_id, patient_id, therapist_id, visit_date, visit_type, subjective, objective,
  assessment, plan, measurements, manual_therapy, exercises, running, services, status, signed_at, signed_by,
  version, created_at`;

/** Visit order (see `libs/clinical/src/visit-order.ts`): visit date, then creation time, then id. */
export const VISIT_ORDER = VISIT_ORDER_COLUMNS.join(', ');

export function toVisitView(row: VisitRow, addenda: AddendumView[], flags: string[]): VisitView {
  return {
    id: row.id,
    episodeId: row.episode_id,
    patientId: row.patient_id,
    therapistId: row.therapist_id,
    visitDate: row.visit_date.toISOString(),
    visitType: row.visit_type,
    subjective: row.subjective,
    objective: row.objective,
    assessment: row.assessment,
    plan: row.plan,
    measurements: row.measurements,
    manualTherapy: row.manual_therapy,
    exercises: row.exercises,
    running: row.running,
    services: row.services,
    status: row.status,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    signedAt: row.signed_at ? row.signed_at.toISOString() : null,
    signedBy: row.signed_by,
    addenda,
    flags,
    billing: computeBilling(row.services),
  };
}
