import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Color, ScaleType } from '@swimlane/ngx-charts';

import { ChartCardComponent } from '../../../shared/charts/chart-card.component';
import { type LinePoint, StrideLineChartComponent } from '../../../shared/charts/line-chart.component';
import { type PainChart, POSITION_TEXT } from '../dashboard-charts';
import { formatOneDecimal } from '../dashboard-format';

/** A type-only import keeps ngx-charts out of this eagerly loaded file. */
const PAIN_COLORS: Color = {
  name: 'stride-pain',
  selectable: false,
  group: 'ordinal' as ScaleType,
  domain: ['#006a6a'],
};

/** How many week ticks the x axis may carry before it thins them out. */
const MAX_WEEK_TICKS = 13;

/**
 * Mean pain (NPRS during activity) by week since the episode's start against the expected course:
 * summary, the ngx-charts graphic (loaded when scrolled into view), its key, what the band means
 * and the values as a table.
 */
@Component({
  selector: 'stride-pain-by-week',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChartCardComponent, StrideLineChartComponent],
  template: `
    <stride-chart-card
      class="card"
      id="pain-by-week"
      heading="Pain by week"
      role="region"
      titleId="pain-by-week-title"
      [summary]="chart().summary"
      [plotted]="chart().rows.length > 0"
      [plotHeight]="300"
    >
      <ng-container ngProjectAs="[strideChartPlot]">
        @defer (on viewport) {
          <stride-line-chart
            [results]="chart().series"
            [band]="chart().band"
            [markerLabel]="scoresLabel"
            [scheme]="colors"
            xAxisLabel="Week since the episode’s start"
            [showYAxisLabel]="true"
            yAxisLabel="Mean pain (NPRS 0–10)"
            [xScaleMin]="1"
            [xScaleMax]="chart().xMax"
            [yScaleMax]="10"
            [xAxisTicks]="xTicks()"
            [yAxisTicks]="yTicks"
            [xAxisTickFormatting]="weekTick"
          >
            <ng-template #tooltipTemplate let-model="model">
              <div class="area-tooltip-container">
                @for (item of model; track $index) {
                  <div class="tooltip-item">{{ tooltipText(item) }}</div>
                }
              </div>
            </ng-template>
          </stride-line-chart>
        } @placeholder {
          <div class="placeholder">Chart loads here</div>
        } @loading (minimum 200ms) {
          <div class="placeholder">Loading chart…</div>
        }
      </ng-container>
      @if (chart().rows.length) {
        <ul class="legend" aria-hidden="true">
          <li>
            <svg width="28" height="12">
              <line x1="0" y1="6" x2="28" y2="6" class="l-mean" />
              <circle cx="14" cy="6" r="4" class="m-mean" />
            </svg>
            Mean pain; “n” = scores that week
          </li>
          @if (chart().band.length) {
            <li>
              <svg width="28" height="12"><rect x="0" y="1" width="28" height="10" class="s-band" /></svg>
              Expected course
            </li>
          }
        </ul>
        @if (chart().bandCaption; as caption) {
          <p class="caption">{{ caption }}</p>
        }
        <details class="data">
          <summary>Pain by week as a table</summary>
          <!-- Focusable so a keyboard can scroll a wide table (WCAG 2.1.1). -->
          <div class="table-wrap" tabindex="0" role="region" aria-label="Pain by week values">
            <table>
              <caption class="visually-hidden">
                Mean pain (NPRS during activity) by week since the episode’s start
              </caption>
              <thead>
                <tr>
                  <th scope="col">Week</th>
                  <th scope="col" class="num">Mean pain</th>
                  <th scope="col" class="num">Scores (n)</th>
                  <th scope="col" class="num">Expected range</th>
                  <th scope="col">Against the expected course</th>
                </tr>
              </thead>
              <tbody>
                @for (row of chart().rows; track row.week) {
                  <tr>
                    <th scope="row">{{ row.week }}</th>
                    <td class="num">{{ row.mean }}</td>
                    <td class="num">{{ row.n }}</td>
                    <td class="num">{{ row.expected }}</td>
                    <td>{{ positionText[row.position] }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </details>
      }
    </stride-chart-card>
  `,
  styleUrl: './dashboard-chart.scss',
  styles: `
    .legend {
      line {
        stroke: var(--mat-sys-primary);
        stroke-width: 2.5px;
      }
      circle {
        fill: var(--mat-sys-primary);
      }
      .s-band {
        fill: var(--mat-sys-tertiary-container);
        stroke: var(--mat-sys-tertiary);
        stroke-dasharray: 4 4;
      }
    }
  `,
})
export class PainByWeekComponent {
  readonly chart = input.required<PainChart>();

  protected readonly colors = PAIN_COLORS;
  protected readonly positionText = POSITION_TEXT;
  protected readonly yTicks = [0, 2, 4, 6, 8, 10];
  protected readonly xTicks = computed(() => {
    const last = this.chart().xMax;
    const step = Math.ceil(last / MAX_WEEK_TICKS);
    return Array.from({ length: Math.floor((last - 1) / step) + 1 }, (_, i) => 1 + i * step);
  });
  protected readonly weekTick = (week: number): string => (Number.isInteger(week) ? String(week) : '');
  /** Beside every week's marker: how many scores its mean is of. */
  protected readonly scoresLabel = (point: LinePoint): string =>
    `n ${(point as LinePoint & { extra: { n: number } }).extra.n}`;

  protected tooltipText(item: { name: number; value: number; extra?: { n: number } }): string {
    const n = item.extra?.n;
    return `Week ${item.name}: mean ${formatOneDecimal(item.value)}${n === undefined ? '' : ` (n = ${n})`}`;
  }
}
