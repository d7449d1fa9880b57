import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateVisitDto, Page, UpdateVisitDto, VisitView } from '@stride/api';
import { map, type Observable } from 'rxjs';

import { API_BASE } from './api';
import { IDEMPOTENCY_KEY } from './idempotency';
import { ifMatch, withEtagVersion } from './if-match';
import { LARGEST_PAGE } from './page';

const visitUrl = (id: string) => `${API_BASE}/visits/${encodeURIComponent(id)}`;
const idempotent = (key: string) => new HttpHeaders({ [IDEMPOTENCY_KEY]: key });

/**
 * Visits: `/episodes/:id/visits`, `/visits/:id`, sign and addenda. Every answer that is one
 * visit carries the version its ETag named, ready for the next `If-Match`.
 */
@Injectable({ providedIn: 'root' })
export class VisitsApi {
  private readonly http = inject(HttpClient);

  /** The episode's visits in visit order (an episode has a handful: one page). */
  forEpisode(episodeId: string): Observable<VisitView[]> {
    return this.http
      .get<Page<VisitView>>(`${API_BASE}/episodes/${encodeURIComponent(episodeId)}/visits`, {
        params: { pageSize: LARGEST_PAGE },
      })
      .pipe(map((page) => page.items));
  }

  get(id: string): Observable<VisitView> {
    return this.http.get<VisitView>(visitUrl(id), { observe: 'response' }).pipe(map(withEtagVersion));
  }

  /** Starts a draft; the key makes a retry or a double click replay the first answer. */
  create(episodeId: string, body: CreateVisitDto, idempotencyKey: string): Observable<VisitView> {
    return this.http
      .post<VisitView>(`${API_BASE}/episodes/${encodeURIComponent(episodeId)}/visits`, body, {
        observe: 'response',
        headers: idempotent(idempotencyKey),
      })
      .pipe(map(withEtagVersion));
  }

  update(id: string, version: number, body: UpdateVisitDto): Observable<VisitView> {
    return this.http
      .patch<VisitView>(visitUrl(id), body, { observe: 'response', headers: ifMatch(version) })
      .pipe(map(withEtagVersion));
  }

  sign(id: string, version: number): Observable<VisitView> {
    return this.http
      .post<VisitView>(`${visitUrl(id)}/sign`, null, { observe: 'response', headers: ifMatch(version) })
      .pipe(map(withEtagVersion));
  }

  /** Deletes a draft (`If-Match`: a draft changed elsewhere since it was read is 412, not deleted). */
  delete(id: string, version: number): Observable<void> {
    return this.http.delete<void>(visitUrl(id), { headers: ifMatch(version) });
  }

  addAddendum(id: string, text: string, idempotencyKey: string): Observable<VisitView> {
    return this.http
      .post<VisitView>(
        `${visitUrl(id)}/addenda`,
        { text },
        { observe: 'response', headers: idempotent(idempotencyKey) },
      )
      .pipe(map(withEtagVersion));
  }
}
