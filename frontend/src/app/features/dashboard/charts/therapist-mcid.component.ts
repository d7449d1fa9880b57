import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { TherapistChart } from '../dashboard-charts';
import { chartAnimations } from '../../../shared/charts/chart-animations';
import { ChartCardComponent } from '../../../shared/charts/chart-card.component';
import { BarChartComponent } from './bar-chart.component';

/** MCID rate on pain (NPRS during activity) by treating therapist: summary, bars, table. */
@Component({
  selector: 'stride-therapist-mcid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChartCardComponent, BarChartComponent],
  template: `
    <stride-chart-card
      class="card"
      id="mcid-by-therapist"
      heading="MCID rate by therapist"
      role="region"
      titleId="mcid-by-therapist-title"
      [summary]="chart().summary"
      [plotted]="chart().bars.length > 0"
      [plotHeight]="plotHeight()"
    >
      <ng-container ngProjectAs="[strideChartPlot]">
        @defer (on viewport) {
          <stride-bar-chart
            orientation="horizontal"
            [results]="chart().bars"
            valueLabel="Episodes reaching the pain MCID (%)"
            [valueMax]="100"
            [valueTicks]="ticks"
            [tickFormat]="percent"
            [labelFormat]="percent"
            [animations]="animations"
          />
        } @placeholder {
          <div class="placeholder">Chart loads here</div>
        } @loading (minimum 200ms) {
          <div class="placeholder">Loading chart…</div>
        }
      </ng-container>
      @if (chart().rows.length) {
        <details class="data">
          <summary>MCID rate by therapist as a table</summary>
          <div class="table-wrap" tabindex="0" role="region" aria-label="MCID rate by therapist values">
            <table>
              <caption class="visually-hidden">
                By treating therapist: episodes, the share of episodes with a pain change that reached the
                MCID, and visits per discharged episode
              </caption>
              <thead>
                <tr>
                  <th scope="col">Therapist</th>
                  <th scope="col" class="num">Episodes</th>
                  <th scope="col" class="num">Pain MCID rate</th>
                  <th scope="col" class="num">Mean visits per discharged episode</th>
                </tr>
              </thead>
              <tbody>
                @for (row of chart().rows; track row.therapistId) {
                  <tr>
                    <th scope="row">{{ row.name }}</th>
                    <td class="num">{{ row.episodes }}</td>
                    <td class="num">{{ row.mcidRate }}</td>
                    <td class="num">{{ row.meanVisits }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <p class="caption">
            MCID rate: of the episodes with at least two signed pain scores, the share whose pain fell by 2
            points or more (NPRS during activity). “—”: nothing to compute it from yet.
          </p>
        </details>
      }
    </stride-chart-card>
  `,
  styleUrl: './dashboard-chart.scss',
})
export class TherapistMcidComponent {
  readonly chart = input.required<TherapistChart>();

  protected readonly animations = chartAnimations();
  protected readonly ticks = [0, 25, 50, 75, 100];
  protected readonly percent = (value: number): string => `${Math.round(value)}%`;
  /** Room for each therapist's bar and the axis. */
  protected readonly plotHeight = computed(() => Math.max(140, 56 * this.chart().bars.length + 70));
}
