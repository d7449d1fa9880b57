import { Injectable } from '@nestjs/common';
import { VISIT_ORDER_COLUMNS } from '@stride/clinical';
import { TenantRepository } from '../database/tenant-repository.js';
import { type EpisodeRowFacts, loadEpisodeFactsOf } from '../outcomes/episode-summaries.js';

/**
 * Who signed the visit `v`, as a document prints it: `signer_name`, `signer_credentials`.
 *
 * SPEC §3 has signing copy the signer's name and credentials onto the visit
 * (`visits.signed_by_name`, `visits.signed_by_credentials`); until those columns exist this reads
 * the signer's current name from `users` (joined as `s`) and no credentials. Once they land,
 * this is the one line to change:
 *   `v.signed_by_name AS signer_name, v.signed_by_credentials AS signer_credentials`
 */
function signerColumns(): string {
  return `s.full_name AS signer_name, NULL::text AS signer_credentials`;
}

/** Who the document is about and where it comes from. */
export interface DocumentPatientRow {
  clinic_name: string;
  timezone: string;
  patient_id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  mrn: string;
}

export interface DocumentPrescription {
  exerciseId: string;
  name: string;
  instructions: string;
  sets: number | null;
  reps: number | null;
  holdSeconds: number | null;
  load: string | null;
  timesPerWeek: number | null;
  notes: string | null;
}

export interface VisitDocumentRow extends DocumentPatientRow {
  id: string;
  episode_id: string;
  status: 'draft' | 'signed';
  visit_date: Date;
  visit_type: string;
  subjective: string | null;
  objective: string | null;
  assessment: string | null;
  plan: string | null;
  measurements: { instrument: string; value: number }[];
  manual_therapy: { technique: string; region: string; minutes: number | null; notes: string | null }[];
  exercises: DocumentPrescription[];
  services: { cptCode: string; minutes: number | null }[];
  signed_at: Date | null;
  signer_name: string | null;
  signer_credentials: string | null;
  therapist_name: string;
  diagnosis_code: string;
  diagnosis_label: string;
  body_side: string;
}

export interface AddendumDocumentRow {
  text: string;
  created_at: Date;
  author_name: string;
}

export interface EpisodeDocumentRow extends DocumentPatientRow {
  id: string;
  status: 'active' | 'discharged' | 'cancelled';
  diagnosis_code: string;
  diagnosis_label: string;
  body_side: string;
  start_date: string;
  discharge_date: string | null;
  discharge_reason: string | null;
  discharge_note: string | null;
  therapist_name: string;
}

const PATIENT_COLUMNS = `c.name AS clinic_name, c.timezone, p.id AS patient_id, p.first_name, p.last_name,
  p.date_of_birth::text AS date_of_birth, p.mrn`;

const LATEST_FIRST = VISIT_ORDER_COLUMNS.map((c) => `${c} DESC`).join(', ');

/**
 * What the documents read (SPEC §9 "Documents"): visits, their addenda, episodes, patients,
 * users and the clinic, keyed by the caller's clinic like every repository. It runs wherever
 * `TenantDb` points: in a document read, the replica's snapshot (database/read-replica.ts).
 */
@Injectable()
export class DocumentsRepository extends TenantRepository {
  /** The clinic's visit with everything its document prints, or undefined. */
  async visit(id: string): Promise<VisitDocumentRow | undefined> {
    const rows = (await this.m.query(
      `SELECT v.id, v.episode_id, v.status, v.visit_date, v.visit_type, v.subjective, v.objective, v.assessment,
              v.plan, v.measurements, v.manual_therapy, v.exercises, v.services, v.signed_at, ${signerColumns()},
              t.full_name AS therapist_name, e.diagnosis_code, e.diagnosis_label, e.body_side, ${PATIENT_COLUMNS}
         FROM visits v
         JOIN episodes e ON e.id = v.episode_id AND e.clinic_id = v.clinic_id
         JOIN patients p ON p.id = v.patient_id AND p.clinic_id = v.clinic_id
         JOIN clinics c ON c.id = v.clinic_id
         JOIN users t ON t.id = v.therapist_id AND t.clinic_id = v.clinic_id
         LEFT JOIN users s ON s.id = v.signed_by AND s.clinic_id = v.clinic_id
        WHERE v.id = $1 AND v.clinic_id = $2`,
      [id, this.clinicId],
    )) as VisitDocumentRow[];
    return rows[0];
  }

  /** A visit's addenda, oldest first, with their authors' names. */
  async addenda(visitId: string): Promise<AddendumDocumentRow[]> {
    return (await this.m.query(
      `SELECT a.text, a.created_at, u.full_name AS author_name
         FROM visit_addenda a JOIN users u ON u.id = a.author_id AND u.clinic_id = a.clinic_id
        WHERE a.visit_id = $1 AND a.clinic_id = $2
        ORDER BY a.created_at, a.id`,
      [visitId, this.clinicId],
    )) as AddendumDocumentRow[];
  }

  /** The clinic's episode with its patient, treating therapist and clinic, or undefined. */
  async episode(id: string): Promise<EpisodeDocumentRow | undefined> {
    const rows = (await this.m.query(
      `SELECT e.id, e.status, e.diagnosis_code, e.diagnosis_label, e.body_side, e.start_date::text AS start_date,
              e.discharge_date::text AS discharge_date, e.discharge_reason, e.discharge_note,
              t.full_name AS therapist_name, ${PATIENT_COLUMNS}
         FROM episodes e
         JOIN patients p ON p.id = e.patient_id AND p.clinic_id = e.clinic_id
         JOIN clinics c ON c.id = e.clinic_id
         JOIN users t ON t.id = e.therapist_id AND t.clinic_id = e.clinic_id
        WHERE e.id = $1 AND e.clinic_id = $2`,
      [id, this.clinicId],
    )) as EpisodeDocumentRow[];
    return rows[0];
  }

  /** The episode's signed visits in visit order with their measurements (outcome-math.ts reads them). */
  signedVisits(episodeId: string): Promise<EpisodeRowFacts> {
    return loadEpisodeFactsOf(this.m, episodeId, this.clinicId);
  }

  /** The home programme (SPEC §2): the prescription of the latest signed visit that has one. */
  async homeProgram(
    episodeId: string,
  ): Promise<{ visit_date: Date; exercises: DocumentPrescription[] } | undefined> {
    const rows = (await this.m.query(
      `SELECT visit_date, exercises FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 AND status = 'signed' AND jsonb_array_length(exercises) > 0
        ORDER BY ${LATEST_FIRST} LIMIT 1`,
      [episodeId, this.clinicId],
    )) as { visit_date: Date; exercises: DocumentPrescription[] }[];
    return rows[0];
  }
}
