import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { HistogramChart } from '../dashboard-charts';
import { BarChartComponent } from './bar-chart.component';
import { chartAnimations } from './chart-animations';
import { NoTabStopsDirective } from '../../../shared/no-tab-stops.directive';

/** Discharged episodes by their number of signed visits: summary, histogram, table. */
@Component({
  selector: 'stride-visit-histogram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BarChartComponent, NoTabStopsDirective],
  template: `
    <section class="card" aria-labelledby="visit-histogram-title" id="visit-histogram">
      <h2 id="visit-histogram-title">Visits per discharged episode</h2>
      <p class="summary">{{ chart().summary }}</p>
      @if (chart().bars.length) {
        <div class="plot" aria-hidden="true" strideNoTabStops>
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
        </div>
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
    </section>
  `,
  styleUrl: './chart-card.scss',
})
export class VisitHistogramComponent {
  readonly chart = input.required<HistogramChart>();

  protected readonly animations = chartAnimations();
  protected readonly valueMax = computed(() => this.chart().yTicks.at(-1) ?? 1);
}
