import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { HistogramChart } from '../dashboard-charts';
import { chartAnimations } from '../../../shared/charts/chart-animations';
import { ChartCardComponent } from '../../../shared/charts/chart-card.component';
import { BarChartComponent } from './bar-chart.component';

/** Discharged episodes by their number of signed visits: summary, histogram, table. */
@Component({
  selector: 'stride-visit-histogram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChartCardComponent, BarChartComponent],
  template: `
    <stride-chart-card
      class="card"
      id="visit-histogram"
      heading="Visits per discharged episode"
      role="region"
      titleId="visit-histogram-title"
      [summary]="chart().summary"
      [plotted]="chart().bars.length > 0"
    >
      <ng-container ngProjectAs="[strideChartPlot]">
        @defer (on viewport) {
          <stride-bar-chart
            orientation="vertical"
            [results]="chart().bars"
            categoryLabel="Signed visits"
            valueLabel="Discharged episodes"
            [valueMax]="valueMax()"
            [valueTicks]="chart().yTicks"
            [animations]="animations"
          />
        } @placeholder {
          <div class="placeholder">Chart loads here</div>
        } @loading (minimum 200ms) {
          <div class="placeholder">Loading chart…</div>
        }
      </ng-container>
      @if (chart().bars.length) {
        <details class="data">
          <summary>Visits per discharged episode as a table</summary>
          <div
            class="table-wrap"
            tabindex="0"
            role="region"
            aria-label="Visits per discharged episode values"
          >
            <table>
              <caption class="visually-hidden">
                Discharged episodes by their number of signed visits
              </caption>
              <thead>
                <tr>
                  <th scope="col">Signed visits</th>
                  <th scope="col" class="num">Discharged episodes</th>
                </tr>
              </thead>
              <tbody>
                @for (bar of chart().bars; track bar.name) {
                  <tr>
                    <th scope="row">{{ bar.name }}</th>
                    <td class="num">{{ bar.value }}</td>
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
})
export class VisitHistogramComponent {
  readonly chart = input.required<HistogramChart>();

  protected readonly animations = chartAnimations();
  protected readonly valueMax = computed(() => this.chart().yTicks.at(-1) ?? 1);
}
