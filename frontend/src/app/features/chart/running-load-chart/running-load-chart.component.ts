import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { ChartCardComponent } from '../../../shared/charts/chart-card.component';
import { StrideLineChartComponent } from '../../../shared/charts/line-chart.component';
import { IconComponent } from '../../../shared/icon.component';
import type { RunningLoad } from '../running-load-series';

/** Weekly running distance per visit; visits more than 10% up on the previous are marked and named. */
@Component({
  selector: 'stride-running-load-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChartCardComponent, IconComponent, StrideLineChartComponent],
  template: `
    <stride-chart-card
      [heading]="'Weekly running distance (' + load().unit + ')'"
      [level]="4"
      titleId="running-load-title"
      [summary]="load().summary"
      [plotted]="load().rows.length > 0"
      [plotHeight]="240"
    >
      <ng-container ngProjectAs="[strideChartPlot]">
        @defer (on viewport) {
          <stride-line-chart
            [results]="load().series"
            xAxisLabel="Visit"
            [showYAxisLabel]="true"
            [yAxisLabel]="load().unit"
            [xScaleMin]="1"
            [xScaleMax]="lastVisit()"
            [yScaleMax]="yMax()"
            [xAxisTicks]="xTicks()"
            [xAxisTickFormatting]="visitTick"
          />
        } @placeholder {
          <div class="placeholder">Chart loads here</div>
        } @loading (minimum 200ms) {
          <div class="placeholder">Loading chart…</div>
        }
      </ng-container>
      @if (load().rows.length) {
        @if (anyFlagged()) {
          <p class="key" aria-hidden="true">
            <svg width="16" height="14"><path d="M 8 1 L 15 13 L 1 13 Z" class="flag-marker" /></svg>
            &gt;10%: weekly distance more than 10% above the previous visit's
          </p>
        }
        <div class="table-wrap" tabindex="0" role="region" aria-label="Weekly running distance values">
          <table>
            <caption class="visually-hidden">
              Weekly running distance by visit
            </caption>
            <thead>
              <tr>
                <th scope="col">Visit</th>
                <th scope="col">Date</th>
                <th scope="col">Weekly distance</th>
                <th scope="col">Change</th>
                <th scope="col">Longest run</th>
                <th scope="col">Run : walk</th>
              </tr>
            </thead>
            <tbody>
              @for (row of load().rows; track row.visitId) {
                <tr [class.flagged]="row.flagged">
                  <th scope="row">
                    {{ row.visitNumber }}
                    @if (row.status === 'draft') {
                      <span class="draft">(draft)</span>
                    }
                  </th>
                  <td>{{ row.dateText }}</td>
                  <td>{{ row.weeklyDistance }} {{ load().unit }}</td>
                  <td>
                    {{ row.changeText }}
                    @if (row.flagged) {
                      <span class="flag"><stride-icon name="flag" /> Over the 10% guide</span>
                    }
                  </td>
                  <td>{{ row.longestRun }}</td>
                  <td>{{ row.runWalkRatio }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </stride-chart-card>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .key {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 8px 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .flag-marker {
      fill: var(--mat-sys-error);
    }
    .flag {
      display: inline-flex;
      align-items: center;
      vertical-align: middle;
      gap: 4px;
      margin-left: 8px;
      font-weight: 500;
      color: var(--mat-sys-error);
      stride-icon {
        width: 18px;
        height: 18px;
      }
    }
    .draft {
      font-style: italic;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RunningLoadChartComponent {
  readonly load = input.required<RunningLoad>();

  protected readonly lastVisit = computed(() => Math.max(2, ...this.load().rows.map((r) => r.visitNumber)));
  protected readonly anyFlagged = computed(() => this.load().rows.some((r) => r.flagged));
  protected readonly visitTick = (visit: number): string => String(visit);
  /** Headroom above the highest value for the flag labels. */
  protected readonly yMax = computed(() =>
    Math.ceil(Math.max(1, ...this.load().rows.map((r) => r.weeklyDistance)) * 1.2),
  );
  protected readonly xTicks = computed(() => Array.from({ length: this.lastVisit() }, (_, i) => i + 1));
}
