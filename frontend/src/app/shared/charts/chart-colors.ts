import type { Color, ScaleType } from '@swimlane/ngx-charts';

/**
 * The patient chart's series colours (signed, draft). A type-only import: a value import of
 * ngx-charts (its `ScaleType` enum) would pull the whole library (~246 KB) into the page's
 * chunk, when it should load only with the deferred graphic.
 */
export const CHART_COLORS: Color = {
  name: 'stride',
  selectable: false,
  group: 'ordinal' as ScaleType,
  domain: ['#006a6a', '#4a6363'],
};
