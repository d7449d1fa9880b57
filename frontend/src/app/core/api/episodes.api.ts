import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CancelEpisodeDto,
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodeView,
  HomeProgramView,
  Page,
  UpdateEpisodeDto,
} from '@stride/api';
import { map, type Observable } from 'rxjs';

import { API_BASE } from './api';
import { ifMatch, withEtagVersion } from './if-match';
import { LARGEST_PAGE } from './page';

const episodeUrl = (id: string) => `${API_BASE}/episodes/${encodeURIComponent(id)}`;

/** Episodes of care and their home programme: `/patients/:id/episodes`, `/episodes/:id[/…]`. */
@Injectable({ providedIn: 'root' })
export class EpisodesApi {
  private readonly http = inject(HttpClient);

  /** A patient's episodes (a handful: one page). */
  forPatient(patientId: string): Observable<EpisodeView[]> {
    return this.http
      .get<Page<EpisodeView>>(`${API_BASE}/patients/${encodeURIComponent(patientId)}/episodes`, {
        params: { pageSize: LARGEST_PAGE },
      })
      .pipe(map((page) => page.items));
  }

  /** With `offTrack`. */
  get(id: string): Observable<EpisodeView> {
    return this.http.get<EpisodeView>(episodeUrl(id));
  }

  create(patientId: string, episode: CreateEpisodeDto): Observable<EpisodeView> {
    return this.http.post<EpisodeView>(
      `${API_BASE}/patients/${encodeURIComponent(patientId)}/episodes`,
      episode,
    );
  }

  /** PATCH with `If-Match` (the status is not changed here: discharge and cancel do that). */
  update(episode: Pick<EpisodeView, 'id' | 'version'>, body: UpdateEpisodeDto): Observable<EpisodeView> {
    return this.http
      .patch<EpisodeView>(episodeUrl(episode.id), body, {
        observe: 'response',
        headers: ifMatch(episode.version),
      })
      .pipe(map(withEtagVersion));
  }

  discharge(
    episode: Pick<EpisodeView, 'id' | 'version'>,
    body: DischargeEpisodeDto,
  ): Observable<EpisodeView> {
    return this.http.post<EpisodeView>(`${episodeUrl(episode.id)}/discharge`, body, {
      headers: ifMatch(episode.version),
    });
  }

  cancel(episode: Pick<EpisodeView, 'id' | 'version'>, body: CancelEpisodeDto): Observable<EpisodeView> {
    return this.http.post<EpisodeView>(`${episodeUrl(episode.id)}/cancel`, body, {
      headers: ifMatch(episode.version),
    });
  }

  homeProgram(episodeId: string): Observable<HomeProgramView> {
    return this.http.get<HomeProgramView>(`${episodeUrl(episodeId)}/home-program`);
  }
}
