import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { VisitView } from '@stride/api';
import { WEEKLY_DISTANCE_FLAG, weekOfVisit } from '@stride/clinical';

import { IconComponent } from '../../../shared/icon.component';
import { formatVisitDate, VISIT_TYPE_LABELS } from '../chart-math';

const FLAG_TEXT: Record<string, string> = {
  [WEEKLY_DISTANCE_FLAG]: 'Weekly distance up more than 10%',
};

interface Entry {
  id: string;
  number: number;
  date: string;
  week: number;
  type: string;
  draft: boolean;
  /** A draft the signed-in therapist started: they may delete it. */
  deletable: boolean;
  pain: number | null;
  flags: string[];
}

/** The episode's visits in visit order; each opens the visit note (a draft to edit, a signed one to read). */
@Component({
  selector: 'stride-visit-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IconComponent, MatButtonModule, RouterLink],
  template: `
    @if (entries().length) {
      <ol class="timeline">
        @for (entry of entries(); track entry.id) {
          <li [class.draft]="entry.draft">
            <a class="entry" [routerLink]="['/visits', entry.id]">
              <span class="when">
                <span class="number">Visit {{ entry.number }}</span>
                <span class="date">{{ entry.date }} · week {{ entry.week + 1 }}</span>
              </span>
              <span class="type">{{ entry.type }}</span>
              <span class="badge" [class.badge-draft]="entry.draft">
                <stride-icon [name]="entry.draft ? 'edit' : 'lock'" />
                {{ entry.draft ? 'Draft' : 'Signed' }}
              </span>
              <span class="pain">
                @if (entry.pain !== null) {
                  Pain {{ entry.pain }}/10
                } @else {
                  <span class="muted">No pain score</span>
                }
              </span>
              @for (flag of entry.flags; track flag) {
                <span class="flag"><stride-icon name="flag" /> {{ flag }}</span>
              }
            </a>
            @if (entry.deletable) {
              <button
                mat-button
                type="button"
                class="delete-draft"
                [attr.aria-label]="'Delete draft visit ' + entry.number + ' of ' + entry.date"
                (click)="deleteDraft.emit(entry.id)"
              >
                <stride-icon name="delete" /> Delete draft
              </button>
            }
          </li>
        }
      </ol>
    } @else {
      <p class="empty">No visits yet.</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .timeline {
      margin: 0;
      padding: 0;
      list-style: none;
      border-left: 2px solid var(--mat-sys-outline-variant);
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 8px;
      position: relative;
      margin: 0 0 8px;
      padding-left: 16px;
      &::before {
        content: '';
        position: absolute;
        left: -7px;
        top: 18px;
        width: 12px;
        height: 12px;
        border-radius: 50%;
        background: var(--mat-sys-primary);
        border: 2px solid var(--mat-sys-surface);
      }
      &.draft::before {
        background: var(--mat-sys-surface);
        border-color: var(--mat-sys-primary);
      }
    }
    .entry {
      flex: 1 1 auto;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 16px;
      padding: 10px 12px;
      border-radius: var(--mat-sys-corner-small);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      &:hover {
        background: var(--mat-sys-surface-container);
      }
    }
    .when {
      display: flex;
      flex-direction: column;
      min-width: 13rem;
    }
    .number {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-primary);
    }
    .date {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .type {
      min-width: 9rem;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 10px 2px 6px;
      border-radius: 12px;
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      stride-icon {
        width: 16px;
        height: 16px;
      }
    }
    .badge-draft {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      border: 1px dashed var(--mat-sys-tertiary);
    }
    .pain {
      min-width: 6rem;
      font-variant-numeric: tabular-nums;
    }
    .muted,
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .flag {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font-weight: 500;
      color: var(--mat-sys-error);
      stride-icon {
        width: 18px;
        height: 18px;
      }
    }
  `,
})
export class VisitTimelineComponent {
  readonly visits = input.required<readonly VisitView[]>();
  readonly startDate = input.required<string>();
  readonly timeZone = input.required<string>();
  /** The signed-in therapist: their drafts get "Delete draft" (null: none do). */
  readonly deletableBy = input<string | null>(null);
  /** The id of the draft to delete (the chart asks first). */
  readonly deleteDraft = output<string>();

  protected readonly entries = computed<Entry[]>(() =>
    this.visits().map((visit, index) => ({
      id: visit.id,
      number: index + 1,
      date: formatVisitDate(visit.visitDate, this.timeZone()),
      week: weekOfVisit(this.startDate(), visit.visitDate, this.timeZone()),
      type: VISIT_TYPE_LABELS[visit.visitType],
      draft: visit.status === 'draft',
      deletable:
        visit.status === 'draft' && this.deletableBy() !== null && visit.therapistId === this.deletableBy(),
      pain: visit.measurements.find((m) => m.instrument === 'nprs_activity')?.value ?? null,
      flags: visit.flags.map((flag) => FLAG_TEXT[flag] ?? flag),
    })),
  );
}
