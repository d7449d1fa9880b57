import { ChangeDetectionStrategy, Component, input, ViewEncapsulation } from '@angular/core';

import { NoTabStopsDirective } from '../no-tab-stops.directive';

let nextId = 0;

/**
 * The frame every chart of the console sits in: a titled figure (or region) with its
 * one-sentence summary, an error or loading state, the graphic in a box hidden from assistive
 * technology (the `[strideChartPlot]` slot, shown when `plotted`), and the rest — key, caption,
 * the values as a table — as plain content. The graphic itself stays in the caller's `@defer`
 * block, so its code loads only when it scrolls into view.
 *
 * Its rules are global (no view encapsulation) so they reach the projected content, and scoped
 * to `stride-chart-card`.
 */
@Component({
  selector: 'stride-chart-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  imports: [NoTabStopsDirective],
  host: {
    '[attr.role]': 'role()',
    '[attr.aria-labelledby]': 'titleId()',
    '[attr.aria-busy]': 'loading() || null',
  },
  template: `
    @if (level() === 4) {
      <h4 class="chart-card-title" [id]="titleId()">{{ heading() }}</h4>
    } @else {
      <h2 class="chart-card-title" [id]="titleId()">{{ heading() }}</h2>
    }
    @if (error(); as message) {
      <p class="chart-card-error" role="alert">{{ message }}</p>
    } @else if (loading()) {
      <div class="plot" [style.height.px]="plotHeight()">
        <div class="placeholder">Loading chart…</div>
      </div>
    } @else {
      <p class="summary">{{ summary() }}</p>
      @if (plotted()) {
        <div class="plot" aria-hidden="true" strideNoTabStops [style.height.px]="plotHeight()">
          <ng-content select="[strideChartPlot]" />
        </div>
      }
      <ng-content />
    }
  `,
  styleUrl: './chart-card.scss',
})
export class ChartCardComponent {
  readonly heading = input.required<string>();
  /** The heading's level: 2 on a page of charts (the dashboard), 4 inside an episode's outcomes. */
  readonly level = input<2 | 4>(2);
  readonly summary = input('');
  /** A figure (a chart among the episode's record) or a region (a dashboard card). */
  readonly role = input<'figure' | 'region'>('figure');
  readonly titleId = input(`chart-card-${nextId++}-title`);
  /** Whether there is anything to draw: no box for an empty chart (the summary says so). */
  readonly plotted = input(true);
  readonly plotHeight = input(260);
  readonly loading = input(false);
  /** A sentence in place of the chart when its data could not be read. */
  readonly error = input<string | null>(null);
}
