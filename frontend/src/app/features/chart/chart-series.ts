/** The shapes the Stride line chart draws (ngx-charts' multi-series data plus what the markers need). */

export type PointKind = 'signed' | 'draft';

export interface PointExtra {
  kind: PointKind;
  /** Draws no marker and shows no tooltip: the signed point a provisional line starts from. */
  connector?: boolean;
  /** Marked with a triangle and `flagLabel` (e.g. a weekly distance more than 10% up). */
  flagged?: boolean;
  flagLabel?: string;
}

export interface ChartPoint {
  name: number;
  value: number;
  extra: PointExtra;
}

export interface ChartSeries {
  name: string;
  series: ChartPoint[];
  /** A provisional series is drawn dashed and lighter. */
  extra: { kind: PointKind };
}

/** A horizontal reference line across the plot (baseline, MCID threshold). */
export interface Guide {
  kind: 'baseline' | 'mcid';
  value: number;
  label: string;
}

export const SIGNED_SERIES = 'Signed';
export const DRAFT_SERIES = 'Draft (provisional)';
