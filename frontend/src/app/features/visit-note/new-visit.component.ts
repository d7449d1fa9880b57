import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import type { EpisodeView } from '@stride/api';
import { firstValueFrom, forkJoin } from 'rxjs';

import { generalErrorMessage, retryAfterSeconds, toProblem } from '../../shared/problem';
import { newVisitBody } from './new-visit';
import { noteStorage, type PendingNewVisit, randomUuid } from './note-storage';
import { EpisodesApi } from '../../core/api/episodes.api';
import { VisitsApi } from '../../core/api/visits.api';

const RETRYABLE = new Set([0, 408, 429, 502, 503, 504]);
const MAX_BACKOFF_MS = 30_000;

/**
 * `episodes/:episodeId/visits/new`: picks the defaults, creates the draft with an Idempotency-Key
 * kept in sessionStorage until the draft exists (a double click, a retry or a reload never makes
 * two drafts), then replaces this URL with the note's.
 */
@Component({
  selector: 'stride-new-visit',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressSpinnerModule, RouterLink],
  template: `
    <div class="new-visit">
      <h1>New visit</h1>
      @switch (state()) {
        @case ('starting') {
          <p class="progress" role="status">
            <mat-progress-spinner mode="indeterminate" diameter="24" aria-hidden="true" />
            Starting the visit note…
          </p>
        }
        @case ('retrying') {
          <p class="progress" role="status">
            <mat-progress-spinner mode="indeterminate" diameter="24" aria-hidden="true" />
            Offline — will retry. The visit is started only once, however often this retries.
          </p>
          <button mat-stroked-button type="button" (click)="retryNow()">Try again now</button>
        }
        @case ('failed') {
          <div class="alert" role="alert">
            <p>{{ error() }}</p>
          </div>
          <div class="actions">
            @if (canStartOver()) {
              <button mat-flat-button type="button" (click)="startOver()">Start again</button>
            }
            @if (episode(); as episode) {
              <a
                mat-button
                [routerLink]="['/patients', episode.patientId]"
                [queryParams]="{ episode: episode.id }"
              >
                Back to the chart
              </a>
            } @else {
              <a mat-button routerLink="/patients">Back to patients</a>
            }
          </div>
        }
      }
    </div>
  `,
  styles: `
    .progress {
      display: flex;
      gap: 12px;
      align-items: center;
    }
    .alert {
      margin: 0 0 16px;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .alert p {
      margin: 0;
    }
    .actions {
      display: flex;
      gap: 8px;
    }
  `,
})
export class NewVisitComponent {
  private readonly episodes = inject(EpisodesApi);
  private readonly visits = inject(VisitsApi);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly episodeId = input.required<string>();

  protected readonly state = signal<'starting' | 'retrying' | 'failed'>('starting');
  protected readonly error = signal<string | null>(null);
  protected readonly episode = signal<EpisodeView | null>(null);
  protected readonly canStartOver = signal(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private destroyed = false;

  constructor() {
    effect(() => {
      const episodeId = this.episodeId();
      untracked(() => void this.start(episodeId));
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.clearTimer();
    });
  }

  private async start(episodeId: string): Promise<void> {
    this.state.set('starting');
    this.error.set(null);
    let pending = noteStorage.readNewVisit(episodeId);
    if (!pending) {
      try {
        const [episode, visits, program] = await firstValueFrom(
          forkJoin([
            this.episodes.get(episodeId),
            this.visits.forEpisode(episodeId),
            this.episodes.homeProgram(episodeId),
          ]),
        );
        this.episode.set(episode);
        if (episode.status !== 'active') {
          this.fail(`This episode is ${episode.status}: it takes no new visits.`, false);
          return;
        }
        pending = { key: randomUuid(), body: newVisitBody(visits, program), startedAt: Date.now() };
        noteStorage.writeNewVisit(episodeId, pending);
      } catch (error: unknown) {
        this.fail(
          error instanceof HttpErrorResponse && error.status === 404
            ? 'This episode does not exist, or it belongs to another clinic.'
            : generalErrorMessage(error),
          true,
        );
        return;
      }
    }
    await this.create(episodeId, pending);
  }

  private async create(episodeId: string, pending: PendingNewVisit): Promise<void> {
    this.clearTimer();
    try {
      const visit = await firstValueFrom(this.visits.create(episodeId, pending.body, pending.key));
      noteStorage.clearNewVisit(episodeId);
      if (!this.destroyed) {
        await this.router.navigate(['/visits', visit.id], { replaceUrl: true });
      }
    } catch (error: unknown) {
      if (this.destroyed) return;
      const status = error instanceof HttpErrorResponse ? error.status : -1;
      const hinted = error instanceof HttpErrorResponse ? retryAfterSeconds(error) : null;
      if (RETRYABLE.has(status) || (status === 409 && hinted !== null)) {
        // Same key, same body: the API replays the first answer or finishes the first attempt.
        this.attempt++;
        this.state.set('retrying');
        const delay = hinted !== null ? hinted * 1000 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt);
        this.timer = setTimeout(() => void this.create(episodeId, pending), delay);
        return;
      }
      // Refused for good: this key will never make a draft, so forget it.
      noteStorage.clearNewVisit(episodeId);
      const problem = toProblem(error);
      const fieldMessages = problem?.errors?.map((e) => e.message).join(' ') ?? '';
      this.fail(fieldMessages === '' ? generalErrorMessage(error) : fieldMessages, status !== 403);
    }
  }

  protected retryNow(): void {
    const pending = noteStorage.readNewVisit(this.episodeId());
    if (pending) {
      this.state.set('starting');
      void this.create(this.episodeId(), pending);
    } else {
      void this.start(this.episodeId());
    }
  }

  protected startOver(): void {
    noteStorage.clearNewVisit(this.episodeId());
    this.attempt = 0;
    void this.start(this.episodeId());
  }

  private fail(message: string, canStartOver: boolean): void {
    this.state.set('failed');
    this.error.set(message);
    this.canStartOver.set(canStartOver);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
