import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreatePatientDto, Page, PatientView } from '@stride/api';
import type { Observable } from 'rxjs';

import { API_BASE } from './api';

export const PATIENT_PAGE_SIZE = 25;

export interface PatientQuery {
  q: string;
  page: number;
  pageSize: number;
}

/** `GET/POST /patients`, `GET /patients/:id`. */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly http = inject(HttpClient);

  list({ q, page, pageSize }: PatientQuery): Observable<Page<PatientView>> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (q) {
      params = params.set('q', q);
    }
    return this.http.get<Page<PatientView>>(`${API_BASE}/patients`, { params });
  }

  get(id: string): Observable<PatientView> {
    return this.http.get<PatientView>(`${API_BASE}/patients/${encodeURIComponent(id)}`);
  }

  create(patient: CreatePatientDto): Observable<PatientView> {
    return this.http.post<PatientView>(`${API_BASE}/patients`, patient);
  }
}
