import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateExerciseDto, ExerciseTarget, ExerciseView, Page, UpdateExerciseDto } from '@stride/api';
import { map, type Observable } from 'rxjs';

import { API_BASE } from './api';
import { ifMatch } from './if-match';

export const EXERCISE_PAGE_SIZE = 25;

export interface ExerciseQuery {
  q: string;
  target: ExerciseTarget | '';
  page: number;
}

/** `GET/POST /exercises`, `GET/PATCH /exercises/:id`: the global library and the clinic's own. */
@Injectable({ providedIn: 'root' })
export class ExercisesApi {
  private readonly http = inject(HttpClient);

  list({ q, target, page }: ExerciseQuery, pageSize = EXERCISE_PAGE_SIZE): Observable<Page<ExerciseView>> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (q) {
      params = params.set('q', q);
    }
    if (target) {
      params = params.set('target', target);
    }
    return this.http.get<Page<ExerciseView>>(`${API_BASE}/exercises`, { params });
  }

  /** The first page of matches, for a picker (20 unless asked). */
  search(query: { q?: string; target?: ExerciseTarget; pageSize?: number }): Observable<ExerciseView[]> {
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

  get(id: string): Observable<ExerciseView> {
    return this.http.get<ExerciseView>(`${API_BASE}/exercises/${encodeURIComponent(id)}`);
  }

  create(exercise: CreateExerciseDto): Observable<ExerciseView> {
    return this.http.post<ExerciseView>(`${API_BASE}/exercises`, exercise);
  }

  /** PATCH with `If-Match` on the version the form was loaded from. */
  update(
    exercise: Pick<ExerciseView, 'id' | 'version'>,
    change: UpdateExerciseDto,
  ): Observable<ExerciseView> {
    return this.http.patch<ExerciseView>(`${API_BASE}/exercises/${encodeURIComponent(exercise.id)}`, change, {
      headers: ifMatch(exercise.version),
    });
  }
}
