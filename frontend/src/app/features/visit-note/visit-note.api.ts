import { HttpClient, HttpHeaders, type HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateVisitDto,
  EpisodeView,
  ExerciseTarget,
  ExerciseView,
  HomeProgramView,
  Instrument,
  Page,
  PatientView,
  VisitView,
} from '@stride/api';
import { map, type Observable } from 'rxjs';

import { API_BASE } from '../../core/api/api';
import type { NotePatch } from './note-fields';

/** The version an `ETag: "<n>"` names (a weak `W/` prefix is ignored), or null. */
export function versionFromEtag(etag: string | null): number | null {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec((etag ?? '').trim());
  return m ? Number(m[1]) : null;
}

/** A visit with the version its ETag named (the body's `version` when the header is missing). */
function withVersion(response: HttpResponse<VisitView>): VisitView {
  const visit = response.body!;
  const version = versionFromEtag(response.headers.get('ETag'));
  return version === null ? visit : { ...visit, version };
}

const ifMatch = (version: number) => new HttpHeaders({ 'If-Match': `"${version}"` });

/** The visit note's calls to the API: thin, typed with the API's own DTOs (`@stride/api`). */
@Injectable({ providedIn: 'root' })
export class VisitNoteApi {
  private readonly http = inject(HttpClient);

  getVisit(id: string): Observable<VisitView> {
    return this.http
      .get<VisitView>(`${API_BASE}/visits/${id}`, { observe: 'response' })
      .pipe(map(withVersion));
  }

  /** Starts a draft; the key makes a retry or a double click replay the first answer. */
  createVisit(episodeId: string, body: CreateVisitDto, idempotencyKey: string): Observable<VisitView> {
    return this.http
      .post<VisitView>(`${API_BASE}/episodes/${episodeId}/visits`, body, {
        observe: 'response',
        headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      })
      .pipe(map(withVersion));
  }

  patchVisit(id: string, version: number, body: NotePatch): Observable<VisitView> {
    return this.http
      .patch<VisitView>(`${API_BASE}/visits/${id}`, body, { observe: 'response', headers: ifMatch(version) })
      .pipe(map(withVersion));
  }

  signVisit(id: string, version: number): Observable<VisitView> {
    return this.http
      .post<VisitView>(`${API_BASE}/visits/${id}/sign`, null, {
        observe: 'response',
        headers: ifMatch(version),
      })
      .pipe(map(withVersion));
  }

  addAddendum(id: string, text: string, idempotencyKey: string): Observable<VisitView> {
    return this.http
      .post<VisitView>(
        `${API_BASE}/visits/${id}/addenda`,
        { text },
        { observe: 'response', headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) },
      )
      .pipe(map(withVersion));
  }

  getEpisode(id: string): Observable<EpisodeView> {
    return this.http.get<EpisodeView>(`${API_BASE}/episodes/${id}`);
  }

  getPatient(id: string): Observable<PatientView> {
    return this.http.get<PatientView>(`${API_BASE}/patients/${id}`);
  }

  /** The episode's visits in visit order (at most 100, SPEC §6's largest page). */
  listVisits(episodeId: string): Observable<VisitView[]> {
    return this.http
      .get<Page<VisitView>>(`${API_BASE}/episodes/${episodeId}/visits`, { params: { pageSize: 100 } })
      .pipe(map((page) => page.items));
  }

  getHomeProgram(episodeId: string): Observable<HomeProgramView> {
    return this.http.get<HomeProgramView>(`${API_BASE}/episodes/${episodeId}/home-program`);
  }

  searchExercises(query: {
    q?: string;
    target?: ExerciseTarget;
    pageSize?: number;
  }): Observable<ExerciseView[]> {
    const params: Record<string, string | number> = { pageSize: query.pageSize ?? 20 };
    if (query.q) {
      params.q = query.q;
    }
    if (query.target) {
      params.target = query.target;
    }
    return this.http
      .get<Page<ExerciseView>>(`${API_BASE}/exercises`, { params })
      .pipe(map((page) => page.items));
  }

  getInstruments(): Observable<Instrument[]> {
    return this.http.get<Instrument[]>(`${API_BASE}/instruments`);
  }
}
