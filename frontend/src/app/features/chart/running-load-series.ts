import type { VisitView } from '@stride/api';
import { WEEKLY_DISTANCE_FLAG } from '@stride/clinical';

import type { DistanceUnit } from '@stride/api';
import { formatVisitDate } from './chart-math';
import type { ChartSeries } from './chart-series';

export const KM_PER_MILE = 1.609344;

/** km (as the API speaks) in the clinic's unit, to 0.1. */
export function toUnit(km: number, unit: DistanceUnit): number {
  const value = unit === 'mi' ? km / KM_PER_MILE : km;
  return Math.round(value * 10) / 10;
}

export function formatDistance(km: number | null | undefined, unit: DistanceUnit): string {
  return km === null || km === undefined ? '—' : `${toUnit(km, unit)} ${unit}`;
}

export interface RunningLoadRow {
  visitId: string;
  /** 1-based over all the episode's visits, as the timeline numbers them. */
  visitNumber: number;
  status: 'signed' | 'draft';
  dateText: string;
  weeklyDistance: number;
  longestRun: string;
  runWalkRatio: string;
  /** "+16% on 12.5 km", "first recorded", "from 0". */
  changeText: string;
  /** The API's `weekly_distance_over_10_percent` flag. */
  flagged: boolean;
}

export interface RunningLoad {
  unit: DistanceUnit;
  rows: RunningLoadRow[];
  series: ChartSeries[];
  summary: string;
}

type LoadVisit = Pick<VisitView, 'id' | 'visitDate' | 'status' | 'running' | 'flags'>;

/**
 * Weekly distance per visit (visits without one are skipped), in the clinic's unit. Which visits
 * rose more than 10% is the API's flag (computed by `libs/clinical/src/running-load.ts`, shared);
 * this only says by how much.
 */
export function buildRunningLoad(
  visits: readonly LoadVisit[],
  unit: DistanceUnit,
  timeZone: string,
): RunningLoad {
  const rows: RunningLoadRow[] = [];
  let previousKm: number | null = null;
  visits.forEach((visit, index) => {
    const km = visit.running?.weeklyDistanceKm;
    if (km === null || km === undefined) {
      return;
    }
    rows.push({
      visitId: visit.id,
      visitNumber: index + 1,
      status: visit.status,
      dateText: formatVisitDate(visit.visitDate, timeZone),
      weeklyDistance: toUnit(km, unit),
      longestRun: formatDistance(visit.running?.longestRunKm, unit),
      runWalkRatio: visit.running?.runWalkRatio ?? '—',
      changeText: changeText(previousKm, km, unit),
      flagged: visit.flags.includes(WEEKLY_DISTANCE_FLAG),
    });
    previousKm = km;
  });

  const series: ChartSeries[] = rows.length
    ? [
        {
          name: `Weekly distance (${unit})`,
          extra: { kind: 'signed' },
          series: rows.map((row) => ({
            name: row.visitNumber,
            value: row.weeklyDistance,
            extra: {
              kind: row.status,
              flagged: row.flagged,
              flagLabel: row.flagged ? '>10%' : undefined,
            },
          })),
        },
      ]
    : [];
  return { unit, rows, series, summary: summary(rows, unit) };
}

function changeText(previousKm: number | null, km: number, unit: DistanceUnit): string {
  if (previousKm === null) {
    return 'First recorded';
  }
  if (previousKm === 0) {
    return km === 0 ? 'No change' : 'Up from 0';
  }
  const percent = Math.round(((km - previousKm) / previousKm) * 100);
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±';
  return `${sign}${Math.abs(percent)}% on ${toUnit(previousKm, unit)} ${unit}`;
}

function summary(rows: readonly RunningLoadRow[], unit: DistanceUnit): string {
  if (!rows.length) {
    return 'No weekly running distance recorded yet.';
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const range =
    rows.length === 1
      ? `Weekly distance ${first.weeklyDistance} ${unit} at visit ${first.visitNumber}.`
      : `Weekly distance went from ${first.weeklyDistance} to ${last.weeklyDistance} ${unit} over ${rows.length} visits.`;
  const flagged = rows.filter((r) => r.flagged);
  const flags = flagged.length
    ? ` Rose more than 10% at ${flagged.length === 1 ? 'visit' : 'visits'} ${flagged.map((r) => r.visitNumber).join(', ')}.`
    : ' No rise of more than 10%.';
  return range + (rows.length > 1 ? flags : '');
}
