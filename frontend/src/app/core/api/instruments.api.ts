import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Instrument } from '@stride/api';
import type { Observable } from 'rxjs';

import { API_BASE } from './api';

/** `GET /instruments`: the outcome measures the API scores. */
@Injectable({ providedIn: 'root' })
export class InstrumentsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Instrument[]> {
    return this.http.get<Instrument[]>(`${API_BASE}/instruments`);
  }
}
