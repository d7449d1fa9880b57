import { ChangeDetectionStrategy, Component, input, ViewEncapsulation } from '@angular/core';
import { ChartCommonModule, LineChartComponent, LineChartModule, type Series } from '@swimlane/ngx-charts';

import type { ChartSeries, Guide, PointExtra } from '../chart-series';

type Scale = (value: number) => number;

interface Marker {
  key: string;
  x: number;
  y: number;
  kind: PointExtra['kind'];
  flagged: boolean;
  flagLabel: string | undefined;
}

/**
 * ngx-charts' line chart with what a clinical trend needs and the stock one lacks: a marker on
 * every value (filled = signed, hollow = draft), provisional series dashed, horizontal guides
 * (baseline, MCID threshold) with their labels, and flagged points marked with a triangle and a
 * label — so nothing is told by colour alone. It reuses the stock chart's scales, axes and
 * tooltips by extending it.
 *
 * The graphic is hidden from assistive technology: the page beside it carries a summary and a
 * data table.
 */
@Component({
  selector: 'stride-line-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  imports: [ChartCommonModule, LineChartModule],
  template: `
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
        @for (guide of guides(); track guide.kind) {
          <svg:g class="stride-guide" [class]="'stride-guide-' + guide.kind">
            <svg:line x1="0" [attr.x2]="dims.width" [attr.y1]="y(guide.value)" [attr.y2]="y(guide.value)" />
            <svg:text [attr.x]="dims.width - 4" [attr.y]="y(guide.value) - 5" text-anchor="end">
              {{ guide.label }}
            </svg:text>
          </svg:g>
        }
        <svg:g [attr.clip-path]="clipPath">
          @for (series of results; track series.name) {
            <svg:g
              ngx-charts-line-series
              [class.stride-provisional]="isProvisional(series)"
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
                [results]="tooltipResults"
                [colors]="colors"
                [tooltipDisabled]="tooltipDisabled"
                (hover)="updateHoveredVertical($event)"
              />
            </svg:g>
          }
        </svg:g>
        <svg:g class="stride-markers">
          @for (marker of markers; track marker.key) {
            @if (marker.flagged) {
              <svg:path
                class="stride-marker stride-marker-flag"
                [attr.d]="triangle(marker)"
                [class.stride-marker-draft]="marker.kind === 'draft'"
              />
              <svg:text
                class="stride-flag-label"
                [attr.x]="marker.x"
                [attr.y]="marker.y - 12"
                text-anchor="middle"
              >
                {{ marker.flagLabel }}
              </svg:text>
            } @else {
              <svg:circle
                class="stride-marker"
                [class.stride-marker-draft]="marker.kind === 'draft'"
                [attr.cx]="marker.x"
                [attr.cy]="marker.y"
                r="4.5"
              />
            }
          }
        </svg:g>
      </svg:g>
    </ngx-charts-chart>
  `,
  styles: `
    /* The stock ngx-charts line-chart rules are global (styles.scss); these are ours. */
    stride-line-chart {
      .stride-provisional path.line {
        stroke-dasharray: 6 5;
        stroke-width: 2px;
      }
      .stride-guide line {
        stroke: var(--mat-sys-outline);
        stroke-width: 1.5px;
      }
      .stride-guide-mcid line {
        stroke: var(--mat-sys-tertiary);
        stroke-dasharray: 2 4;
        stroke-width: 2px;
      }
      .stride-guide text {
        font-size: 12px;
        paint-order: stroke;
        stroke: var(--mat-sys-surface);
        stroke-width: 3px;
      }
      .stride-guide-mcid text {
        fill: var(--mat-sys-tertiary);
      }
      .stride-marker {
        fill: var(--mat-sys-primary);
        stroke: var(--mat-sys-surface);
        stroke-width: 1.5px;
        pointer-events: none;
      }
      .stride-marker-draft {
        fill: var(--mat-sys-surface);
        stroke: var(--mat-sys-primary);
        stroke-width: 2px;
      }
      .stride-marker-flag {
        fill: var(--mat-sys-error);
      }
      .stride-flag-label {
        font-size: 12px;
        font-weight: 600;
        fill: var(--mat-sys-error);
        paint-order: stroke;
        stroke: var(--mat-sys-surface);
        stroke-width: 3px;
      }
    }
  `,
})
export class StrideLineChartComponent extends LineChartComponent {
  readonly guides = input<readonly Guide[]>([]);

  protected markers: Marker[] = [];
  /** The series without the connector points, so a tooltip never repeats a value as a draft. */
  protected tooltipResults: Series[] = [];

  override update(): void {
    super.update();
    const results = this.results as ChartSeries[];
    const x = this.xScale as Scale;
    const y = this.yScale as Scale;
    this.markers = results.flatMap((series, s) =>
      series.series
        .filter((point) => !point.extra.connector)
        .map((point, p) => ({
          key: `${s}-${p}`,
          x: x(Number(point.name)),
          y: y(point.value),
          kind: point.extra.kind,
          flagged: point.extra.flagged ?? false,
          flagLabel: point.extra.flagLabel,
        })),
    );
    this.tooltipResults = results.map((series) => ({
      name: series.name,
      series: series.series.filter((point) => !point.extra.connector),
    }));
  }

  protected y(value: number): number {
    return (this.yScale as Scale)(value);
  }

  protected isProvisional(series: Series): boolean {
    return (series as ChartSeries).extra?.kind === 'draft';
  }

  protected triangle({ x, y }: Marker): string {
    return `M ${x} ${y - 7} L ${x + 7} ${y + 5} L ${x - 7} ${y + 5} Z`;
  }
}
