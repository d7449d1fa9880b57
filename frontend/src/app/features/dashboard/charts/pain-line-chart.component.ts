import { ChangeDetectionStrategy, Component, input, ViewEncapsulation } from '@angular/core';
import { ChartCommonModule, LineChartComponent, LineChartModule } from '@swimlane/ngx-charts';

import type { BandPoint, PainSeries } from '../dashboard-charts';
import { formatOneDecimal } from '../dashboard-format';

type Scale = (value: number) => number;

interface Marker {
  key: string;
  x: number;
  y: number;
  label: string;
}

/**
 * ngx-charts' line chart with what the pain-by-week curve needs: the expected course as a shaded
 * band behind the line, a marker on every week with its number of scores ("n 12") beside it, and a
 * tooltip that names week, mean and n. It reuses the stock chart's scales, axes and tooltip area
 * by extending it (as the patient chart's line chart does).
 *
 * The graphic is hidden from assistive technology: the page beside it has a summary and a table.
 */
@Component({
  selector: 'stride-pain-line-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  imports: [ChartCommonModule, LineChartModule],
  template: `
    <ng-template #painTooltip let-model="model">
      <div class="area-tooltip-container">
        @for (item of model; track $index) {
          <div class="tooltip-item">{{ tooltipText(item) }}</div>
        }
      </div>
    </ng-template>
    <ngx-charts-chart [view]="[width, height]" [showLegend]="false" [animations]="animations">
      <svg:defs>
        <svg:clipPath [attr.id]="clipPathId">
          <svg:rect
            [attr.width]="dims.width + 10"
            [attr.height]="dims.height + 10"
            [attr.transform]="'translate(-5, -5)'"
          />
        </svg:clipPath>
      </svg:defs>
      <svg:g [attr.transform]="transform" class="line-chart chart">
        <svg:g
          ngx-charts-x-axis
          [xScale]="xScale"
          [dims]="dims"
          [showGridLines]="showGridLines"
          [showLabel]="showXAxisLabel"
          [labelText]="xAxisLabel"
          [trimTicks]="trimXAxisTicks"
          [rotateTicks]="rotateXAxisTicks"
          [maxTickLength]="maxXAxisTickLength"
          [tickFormatting]="xAxisTickFormatting"
          [ticks]="xAxisTicks"
          [wrapTicks]="wrapTicks"
          (dimensionsChanged)="updateXAxisHeight($event)"
        />
        <svg:g
          ngx-charts-y-axis
          [yScale]="yScale"
          [dims]="dims"
          [showGridLines]="showGridLines"
          [showLabel]="showYAxisLabel"
          [labelText]="yAxisLabel"
          [trimTicks]="trimYAxisTicks"
          [maxTickLength]="maxYAxisTickLength"
          [tickFormatting]="yAxisTickFormatting"
          [ticks]="yAxisTicks"
          [wrapTicks]="wrapTicks"
          (dimensionsChanged)="updateYAxisWidth($event)"
        />
        @if (bandPath) {
          <svg:path class="stride-band" [attr.d]="bandPath" />
          <svg:path class="stride-band-edge" [attr.d]="bandHighPath" />
          <svg:path class="stride-band-edge" [attr.d]="bandLowPath" />
        }
        <svg:g [attr.clip-path]="clipPath">
          @for (series of results; track series.name) {
            <svg:g
              ngx-charts-line-series
              [xScale]="xScale"
              [yScale]="yScale"
              [colors]="colors"
              [data]="series"
              [activeEntries]="activeEntries"
              [scaleType]="scaleType"
              [curve]="curve"
              [rangeFillOpacity]="rangeFillOpacity"
              [hasRange]="hasRange"
              [animations]="animations"
            />
          }
          @if (!tooltipDisabled) {
            <svg:g (mouseleave)="hideCircles()">
              <svg:g
                ngx-charts-tooltip-area
                [dims]="dims"
                [xSet]="xSet"
                [xScale]="xScale"
                [yScale]="yScale"
                [results]="results"
                [colors]="colors"
                [tooltipDisabled]="tooltipDisabled"
                [tooltipTemplate]="painTooltip"
                (hover)="updateHoveredVertical($event)"
              />
            </svg:g>
          }
        </svg:g>
        <svg:g class="stride-markers">
          @for (marker of markers; track marker.key) {
            <svg:circle class="stride-marker" [attr.cx]="marker.x" [attr.cy]="marker.y" r="4.5" />
            <svg:text class="stride-n" [attr.x]="marker.x" [attr.y]="marker.y - 10" text-anchor="middle">
              {{ marker.label }}
            </svg:text>
          }
        </svg:g>
      </svg:g>
    </ngx-charts-chart>
  `,
  styles: `
    /* The stock ngx-charts line-chart rules are global (styles.scss); these are ours. */
    stride-pain-line-chart {
      .stride-band {
        fill: var(--mat-sys-tertiary-container);
        fill-opacity: 0.7;
      }
      .stride-band-edge {
        fill: none;
        stroke: var(--mat-sys-tertiary);
        stroke-dasharray: 4 4;
        stroke-width: 1.5px;
      }
      .stride-marker {
        fill: var(--mat-sys-primary);
        stroke: var(--mat-sys-surface);
        stroke-width: 1.5px;
        pointer-events: none;
      }
      .stride-n {
        font-size: 11px;
        paint-order: stroke;
        stroke: var(--mat-sys-surface);
        stroke-width: 3px;
        pointer-events: none;
      }
    }
  `,
})
export class PainLineChartComponent extends LineChartComponent {
  readonly band = input<readonly BandPoint[]>([]);

  protected markers: Marker[] = [];
  protected bandPath: string | null = null;
  protected bandHighPath = '';
  protected bandLowPath = '';

  override update(): void {
    super.update();
    const x = this.xScale as Scale;
    const y = this.yScale as Scale;
    const results = this.results as PainSeries[];
    this.markers = results.flatMap((series, s) =>
      series.series.map((point) => ({
        key: `${s}-${point.name}`,
        x: x(point.name),
        y: y(point.value),
        label: `n ${point.extra.n}`,
      })),
    );
    const band = this.band();
    if (band.length < 2) {
      this.bandPath = null;
      return;
    }
    const high = band.map((b) => `${x(b.x)},${y(b.high)}`);
    const low = band.map((b) => `${x(b.x)},${y(b.low)}`);
    this.bandHighPath = `M ${high.join(' L ')}`;
    this.bandLowPath = `M ${low.join(' L ')}`;
    this.bandPath = `M ${high.join(' L ')} L ${[...low].reverse().join(' L ')} Z`;
  }

  protected tooltipText(item: { name: number; value: number; extra?: { n: number } }): string {
    const n = item.extra?.n;
    return `Week ${item.name}: mean ${formatOneDecimal(item.value)}${n === undefined ? '' : ` (n = ${n})`}`;
  }
}
