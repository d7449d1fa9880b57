import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ClinicView, UpdateClinicDto } from '@stride/api';
import type { Observable } from 'rxjs';

import { API_BASE } from './api';
import { ifMatch } from './if-match';

/** `GET /clinic`, `PATCH /clinic` (admins, with `If-Match`). */
@Injectable({ providedIn: 'root' })
export class ClinicApi {
  private readonly http = inject(HttpClient);

  get(): Observable<ClinicView> {
    return this.http.get<ClinicView>(`${API_BASE}/clinic`);
  }

  update(version: number, change: UpdateClinicDto): Observable<ClinicView> {
    return this.http.patch<ClinicView>(`${API_BASE}/clinic`, change, { headers: ifMatch(version) });
  }
}
