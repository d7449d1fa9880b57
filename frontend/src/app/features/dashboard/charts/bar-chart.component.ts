import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { BarChartModule, type Color, ScaleType } from '@swimlane/ngx-charts';

import type { BarDatum } from '../dashboard-charts';

export const BAR_COLORS: Color = {
  name: 'stride-bars',
  selectable: false,
  group: ScaleType.Ordinal,
  domain: ['#006a6a'],
};

/**
 * The dashboard's bar charts: ngx-charts' stock horizontal bars (MCID rate by therapist, in %)
 * or vertical bars (the visits-per-episode histogram), each bar labelled with its value so
 * nothing is told by colour or length alone. Loaded on demand with ngx-charts.
 */
@Component({
  selector: 'stride-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BarChartModule],
  template: `
    @if (orientation() === 'horizontal') {
      <ngx-charts-bar-horizontal
        [results]="results()"
        [scheme]="colors"
        [xAxis]="true"
        [yAxis]="true"
        [showXAxisLabel]="true"
        [xAxisLabel]="valueLabel()"
        [xScaleMin]="0"
        [xScaleMax]="valueMax()"
        [xAxisTicks]="valueTicks()"
        [xAxisTickFormatting]="tickFormat()"
        [showDataLabel]="true"
        [dataLabelFormatting]="labelFormat()"
        [maxYAxisTickLength]="24"
        [barPadding]="12"
        [animations]="animations()"
      />
    } @else {
      <ngx-charts-bar-vertical
        [results]="results()"
        [scheme]="colors"
        [xAxis]="true"
        [yAxis]="true"
        [showXAxisLabel]="true"
        [xAxisLabel]="categoryLabel()"
        [showYAxisLabel]="true"
        [yAxisLabel]="valueLabel()"
        [yScaleMax]="valueMax()"
        [yAxisTicks]="valueTicks()"
        [yAxisTickFormatting]="tickFormat()"
        [showDataLabel]="true"
        [dataLabelFormatting]="labelFormat()"
        [noBarWhenZero]="false"
        [animations]="animations()"
      />
    }
  `,
  styles: `
    :host {
      display: block;
      width: 100%;
      height: 100%;
    }
    :host ::ng-deep .ngx-charts text {
      fill: var(--mat-sys-on-surface-variant);
    }
    :host ::ng-deep .ngx-charts .gridline-path {
      stroke: var(--mat-sys-outline-variant);
    }
    :host ::ng-deep .ngx-charts .textDataLabel {
      fill: var(--mat-sys-on-surface);
      font-size: 12px;
    }
    /* Upright, centred labels over vertical bars (the stock ones lean at 45°). */
    :host ::ng-deep ngx-charts-bar-vertical .textDataLabel {
      transform: none;
      text-anchor: middle;
    }
  `,
})
export class BarChartComponent {
  readonly orientation = input.required<'horizontal' | 'vertical'>();
  readonly results = input.required<readonly BarDatum[]>();
  readonly valueLabel = input.required<string>();
  readonly categoryLabel = input('');
  readonly valueMax = input.required<number>();
  readonly valueTicks = input.required<number[]>();
  readonly tickFormat = input<(value: number) => string>(String);
  readonly labelFormat = input<(value: number) => string>(String);
  readonly animations = input(true);

  protected readonly colors = BAR_COLORS;
}
