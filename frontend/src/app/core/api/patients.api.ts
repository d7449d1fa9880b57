import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreatePatientDto, Page, PatientView, PossibleDuplicate, UpdatePatientDto } from '@stride/api';
import { map, type Observable } from 'rxjs';

import { API_BASE, POSSIBLE_DUPLICATE } from './api';
import { ifMatch, withEtagVersion } from './if-match';

export const PATIENT_PAGE_SIZE = 25;

export interface PatientQuery {
  q: string;
  page: number;
  pageSize: number;
  /** Archived patients too (`archived=true`); the API leaves them out by default. */
  archived?: boolean;
}

const patientUrl = (id: string) => `${API_BASE}/patients/${encodeURIComponent(id)}`;

/**
 * The patients a `POST /patients` 409 `/problems/possible-duplicate` names (SPEC §2), or null when
 * the error is anything else.
 */
export function possibleDuplicates(error: unknown): PossibleDuplicate[] | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 409) {
    return null;
  }
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  const problem = body as { type?: unknown; existing?: unknown } | null;
  if (problem?.type !== POSSIBLE_DUPLICATE || !Array.isArray(problem.existing)) {
    return null;
  }
  return problem.existing.filter(
    (e: unknown): e is PossibleDuplicate =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as PossibleDuplicate).id === 'string' &&
      typeof (e as PossibleDuplicate).mrn === 'string',
  );
}

/** `GET/POST /patients`, `GET/PATCH/DELETE /patients/:id` (every single patient with its ETag's version). */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly http = inject(HttpClient);

  list({ q, page, pageSize, archived }: PatientQuery): Observable<Page<PatientView>> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (q) {
      params = params.set('q', q);
    }
    if (archived) {
      params = params.set('archived', 'true');
    }
    return this.http.get<Page<PatientView>>(`${API_BASE}/patients`, { params });
  }

  get(id: string): Observable<PatientView> {
    return this.http.get<PatientView>(patientUrl(id), { observe: 'response' }).pipe(map(withEtagVersion));
  }

  /**
   * Creates a patient. The API answers 409 `/problems/possible-duplicate` when one with the same
   * names and date of birth exists (see `possibleDuplicates`); `confirmDuplicate` sends it anyway,
   * as a new request (the interceptor gives it its own Idempotency-Key).
   */
  create(patient: CreatePatientDto, options: { confirmDuplicate?: boolean } = {}): Observable<PatientView> {
    const params = options.confirmDuplicate ? new HttpParams().set('confirmDuplicate', 'true') : undefined;
    return this.http
      .post<PatientView>(`${API_BASE}/patients`, patient, { observe: 'response', params })
      .pipe(map(withEtagVersion));
  }

  update(patient: Pick<PatientView, 'id' | 'version'>, body: UpdatePatientDto): Observable<PatientView> {
    return this.http
      .patch<PatientView>(patientUrl(patient.id), body, {
        observe: 'response',
        headers: ifMatch(patient.version),
      })
      .pipe(map(withEtagVersion));
  }

  /** Archives (`DELETE`, 204): the record stays, read-only. 409 while an episode is active. */
  archive(patient: Pick<PatientView, 'id' | 'version'>): Observable<void> {
    return this.http.delete<void>(patientUrl(patient.id), { headers: ifMatch(patient.version) });
  }
}
