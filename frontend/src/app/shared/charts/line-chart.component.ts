import { ChangeDetectionStrategy, Component, input, ViewEncapsulation } from '@angular/core';
import {
  ChartCommonModule,
  type Color,
  LineChartComponent,
  LineChartModule,
  type Series,
} from '@swimlane/ngx-charts';

import { chartAnimations } from './chart-animations';
import { CHART_COLORS } from './chart-colors';

/** A horizontal reference line across the plot (a baseline, an MCID threshold…), with its label. */
export interface LineGuide {
  /** Names its look: `stride-guide-<kind>`. */
  kind: string;
  value: number;
  label: string;
}

/** One corner of a band's outline: at `x` the expected value is between `low` and `high`. */
export interface LineBandPoint {
  x: number;
  low: number;
  high: number;
}

/** What the markers read from a point's `extra` (every field optional). */
export interface LinePointExtra {
  /** A draft point gets a hollow marker. */
  kind?: 'signed' | 'draft';
  /** Draws no marker and shows no tooltip: the point a provisional line starts from. */
  connector?: boolean;
  /** Marked with a triangle and `flagLabel` (e.g. a weekly distance more than 10% up). */
  flagged?: boolean;
  flagLabel?: string;
}

export interface LinePoint {
  name: number;
  value: number;
  extra?: LinePointExtra;
}

type Scale = (value: number) => number;

interface Marker {
  key: string;
  x: number;
  y: number;
  draft: boolean;
  flagged: boolean;
  label: string | null;
}

/**
 * The one line chart of the console: ngx-charts' line chart with what a clinical curve needs and
 * the stock one lacks, each an input (the slots):
 * - `guides`: horizontal reference lines with their labels (baseline, MCID threshold);
 * - `band`: a shaded band behind the lines, with dashed edges (an expected course);
 * - markers on every point (filled = signed, hollow = draft), flagged points as a triangle with
 *   their label, and `markerLabel` for a label beside every other marker ("n 12"); a series whose
 *   `extra.kind` is `draft` is drawn dashed. Nothing is told by colour alone.
 * A tooltip of one's own goes in as `<ng-template #tooltipTemplate let-model="model">` content
 * (ngx-charts' own slot). It reuses the stock chart's scales, axes and tooltips by extending it.
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
        @if (bandPath) {
          <svg:path class="stride-band" [attr.d]="bandPath" />
          <svg:path class="stride-band-edge" [attr.d]="bandHighPath" />
          <svg:path class="stride-band-edge" [attr.d]="bandLowPath" />
        }
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
                [tooltipTemplate]="tooltipTemplate"
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
                [class.stride-marker-draft]="marker.draft"
              />
            } @else {
              <svg:circle
                class="stride-marker"
                [class.stride-marker-draft]="marker.draft"
                [attr.cx]="marker.x"
                [attr.cy]="marker.y"
                r="4.5"
              />
            }
            @if (marker.label) {
              <svg:text
                [class]="marker.flagged ? 'stride-flag-label' : 'stride-marker-label'"
                [attr.x]="marker.x"
                [attr.y]="marker.y - (marker.flagged ? 12 : 10)"
                text-anchor="middle"
              >
                {{ marker.label }}
              </svg:text>
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
      .stride-marker-label {
        font-size: 11px;
        paint-order: stroke;
        stroke: var(--mat-sys-surface);
        stroke-width: 3px;
        pointer-events: none;
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
  // What every clinical curve shows unless its page binds otherwise: both axes, the x axis's
  // label, the patient chart's colours, and motion only for people who have not asked for less.
  override xAxis = true;
  override yAxis = true;
  override showXAxisLabel = true;
  override scheme: string | Color = CHART_COLORS;
  override animations = chartAnimations();
  readonly guides = input<readonly LineGuide[]>([]);
  readonly band = input<readonly LineBandPoint[]>([]);
  /** A label beside an unflagged point's marker, or null for none. */
  readonly markerLabel = input<(point: LinePoint) => string | null>(() => null);

  protected markers: Marker[] = [];
  /** The series without the connector points, so a tooltip never repeats a value as a draft. */
  protected tooltipResults: Series[] = [];
  protected bandPath: string | null = null;
  protected bandHighPath = '';
  protected bandLowPath = '';

  override update(): void {
    super.update();
    const results = this.results as { name: string; series: LinePoint[] }[];
    const x = this.xScale as Scale;
    const y = this.yScale as Scale;
    const label = this.markerLabel();
    this.markers = results.flatMap((series, s) =>
      series.series
        .filter((point) => !point.extra?.connector)
        .map((point, p) => {
          const flagged = point.extra?.flagged ?? false;
          return {
            key: `${s}-${p}`,
            x: x(Number(point.name)),
            y: y(point.value),
            draft: point.extra?.kind === 'draft',
            flagged,
            label: flagged ? (point.extra?.flagLabel ?? null) : label(point),
          };
        }),
    );
    this.tooltipResults = results.map((series) => ({
      name: series.name,
      series: series.series.filter((point) => !point.extra?.connector),
    }));
    this.updateBand(x, y);
  }

  protected y(value: number): number {
    return (this.yScale as Scale)(value);
  }

  protected isProvisional(series: Series): boolean {
    return (series as { extra?: LinePointExtra }).extra?.kind === 'draft';
  }

  protected triangle({ x, y }: Marker): string {
    return `M ${x} ${y - 7} L ${x + 7} ${y + 5} L ${x - 7} ${y + 5} Z`;
  }

  private updateBand(x: Scale, y: Scale): void {
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
}
