import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import { API_BASE } from '../../core/api/api';
import { generalErrorMessage } from '../../shared/problem';
import type { AnalyticsView as OutcomesAnalytics, OutcomesFilters } from '@stride/api';

function filterParams(filters: OutcomesFilters): HttpParams {
  let params = new HttpParams().set('from', filters.from).set('to', filters.to);
  if (filters.therapistId) {
    params = params.set('therapistId', filters.therapistId);
  }
  if (filters.diagnosis) {
    params = params.set('diagnosis', filters.diagnosis);
  }
  return params;
}

/**
 * `GET /analytics/outcomes` and its CSV. It stays with the dashboard while the analytics shapes
 * are the dashboard's own; every other resource's client is in `core/api/`.
 */
@Injectable({ providedIn: 'root' })
export class AnalyticsApi {
  private readonly http = inject(HttpClient);

  outcomes(filters: OutcomesFilters): Observable<OutcomesAnalytics> {
    return this.http.get<OutcomesAnalytics>(`${API_BASE}/analytics/outcomes`, {
      params: filterParams(filters),
    });
  }

  /** Admins only. Through HttpClient, so the Bearer token goes with it. */
  csv(filters: OutcomesFilters): Observable<Blob> {
    return this.http.get(`${API_BASE}/analytics/outcomes.csv`, {
      params: filterParams(filters),
      responseType: 'blob',
    });
  }
}

/** `stride-outcomes-<from>-<to>.csv` */
export function csvFileName(filters: Pick<OutcomesFilters, 'from' | 'to'>): string {
  return `stride-outcomes-${filters.from}-${filters.to}.csv`;
}

/** Saves a blob as a download through an object URL, which is let go once the download has it. */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** A sentence for a failed blob request: its problem+json body is read out of the Blob first. */
export async function blobErrorMessage(error: unknown): Promise<string> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    const text = await readText(error.error).catch(() => '');
    return generalErrorMessage(
      new HttpErrorResponse({
        error: text,
        headers: error.headers,
        status: error.status,
        statusText: error.statusText,
        url: error.url ?? undefined,
      }),
    );
  }
  return generalErrorMessage(error);
}

/** A blob's text (FileReader: in every browser, and in jsdom, which lacks `Blob.text()`). */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('The blob could not be read'));
    reader.readAsText(blob);
  });
}
