import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CancelEpisodeDto,
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodeView,
  HomeProgramView,
  Page,
  VisitView,
} from '@stride/api';
import { map, type Observable } from 'rxjs';

import { API_BASE } from '../../core/api/api';

/** The most the API pages (SPEC §6); an episode has a handful of visits. */
const ALL = 100;

/** Episodes, their visits and home programme, as the chart reads and writes them. */
@Injectable({ providedIn: 'root' })
export class ChartApi {
  private readonly http = inject(HttpClient);

  episodes(patientId: string): Observable<EpisodeView[]> {
    return this.http
      .get<Page<EpisodeView>>(`${API_BASE}/patients/${encodeURIComponent(patientId)}/episodes`, {
        params: { pageSize: ALL },
      })
      .pipe(map((page) => page.items));
  }

  /** With `offTrack`. */
  episode(id: string): Observable<EpisodeView> {
    return this.http.get<EpisodeView>(`${API_BASE}/episodes/${encodeURIComponent(id)}`);
  }

  visits(episodeId: string): Observable<VisitView[]> {
    return this.http
      .get<Page<VisitView>>(`${API_BASE}/episodes/${encodeURIComponent(episodeId)}/visits`, {
        params: { pageSize: ALL },
      })
      .pipe(map((page) => page.items));
  }

  visit(id: string): Observable<VisitView> {
    return this.http.get<VisitView>(`${API_BASE}/visits/${encodeURIComponent(id)}`);
  }

  homeProgram(episodeId: string): Observable<HomeProgramView> {
    return this.http.get<HomeProgramView>(
      `${API_BASE}/episodes/${encodeURIComponent(episodeId)}/home-program`,
    );
  }

  createEpisode(patientId: string, episode: CreateEpisodeDto): Observable<EpisodeView> {
    return this.http.post<EpisodeView>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/episodes`,
      episode,
    );
  }

  discharge(
    episode: Pick<EpisodeView, 'id' | 'version'>,
    body: DischargeEpisodeDto,
  ): Observable<EpisodeView> {
    return this.http.post<EpisodeView>(
      `${API_BASE}/episodes/${encodeURIComponent(episode.id)}/discharge`,
      body,
      {
        headers: ifMatch(episode.version),
      },
    );
  }

  cancel(episode: Pick<EpisodeView, 'id' | 'version'>, body: CancelEpisodeDto): Observable<EpisodeView> {
    return this.http.post<EpisodeView>(
      `${API_BASE}/episodes/${encodeURIComponent(episode.id)}/cancel`,
      body,
      {
        headers: ifMatch(episode.version),
      },
    );
  }
}

function ifMatch(version: number): HttpHeaders {
  return new HttpHeaders({ 'If-Match': `"${version}"` });
}
