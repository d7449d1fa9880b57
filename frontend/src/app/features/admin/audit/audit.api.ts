import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page } from '@stride/api';
import type { Observable } from 'rxjs';

import { API_BASE } from '../../../core/api/api';
import { auditApiParams, type AuditFilters } from './audit-filters';
import type { AuditEventView } from './audit-format';

export const AUDIT_PAGE_SIZE = 50;

/** `GET /audit-events` (admins only), newest first. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(filters: AuditFilters, pageSize = AUDIT_PAGE_SIZE): Observable<Page<AuditEventView>> {
    return this.http.get<Page<AuditEventView>>(`${API_BASE}/audit-events`, {
      params: auditApiParams(filters, pageSize),
    });
  }
}
