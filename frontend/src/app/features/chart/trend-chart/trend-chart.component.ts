import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { ChartCardComponent } from '../../../shared/charts/chart-card.component';
import { StrideLineChartComponent } from '../../../shared/charts/line-chart.component';
import { VISIT_TYPE_LABELS } from '../chart-math';
import type { Trend } from '../trend';

/**
 * One outcome over the weeks of an episode: the ngx-charts graphic (loaded when scrolled into
 * view), its legend, a one-sentence summary and the values as a table.
 */
@Component({
  selector: 'stride-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChartCardComponent, StrideLineChartComponent],
  templateUrl: './trend-chart.component.html',
  styleUrl: './trend-chart.component.scss',
})
export class TrendChartComponent {
  readonly trend = input.required<Trend>();
  readonly heading = input.required<string>();
  readonly plannedWeeks = input(6);

  protected readonly visitTypes = VISIT_TYPE_LABELS;

  protected readonly hasDrafts = computed(() => this.trend().points.some((p) => p.status === 'draft'));
  protected readonly lastWeek = computed(() =>
    Math.max(this.plannedWeeks(), ...this.trend().points.map((p) => p.week + 1), 2),
  );
  protected readonly xTicks = computed(() => Array.from({ length: this.lastWeek() }, (_, i) => i + 1));
  protected readonly yTicks = computed(() => {
    const { min, max } = this.trend().instrument;
    const step = max <= 10 ? 2 : 10;
    return Array.from({ length: Math.floor((max - min) / step) + 1 }, (_, i) => min + i * step);
  });

  protected readonly weekTick = (week: number): string => (Number.isInteger(week) ? String(week) : '');

  protected round(value: number | null): number | null {
    return value === null ? null : Math.round(value * 10) / 10;
  }

  protected changeText(change: number | null): string {
    if (change === null) {
      return '—';
    }
    const mcid = this.trend().instrument.mcid;
    const rounded = Math.round(change * 10) / 10;
    const text = rounded > 0 ? `${rounded} better` : rounded < 0 ? `${-rounded} worse` : 'no change';
    return change >= mcid ? `${text} (MCID reached)` : text;
  }
}
