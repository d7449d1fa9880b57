import type { AnalyticsView as OutcomesAnalytics } from '@stride/api';

/** Shown for a value the API answers with null (nothing to compute it from). */
export const NO_VALUE = '—';

/** Means and medians: one decimal, half away from zero on the decimal value ("3.0", "4.3"). */
export function formatOneDecimal(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return NO_VALUE;
  }
  const rounded = Math.round(Math.abs(value) * 10) / 10;
  return `${value < 0 && rounded !== 0 ? '-' : ''}${rounded.toFixed(1)}`;
}

/** A fraction 0–1 as a whole percentage ("67%"). */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return NO_VALUE;
  }
  return `${Math.round(value * 100)}%`;
}

export type KpiKey =
  'episodes' | 'active' | 'discharged' | 'mean-visits' | 'median-weeks' | 'nprs-mcid-rate' | 'lefs-mcid-rate';

export interface Kpi {
  /** The card's `data-kpi` attribute. */
  key: KpiKey;
  label: string;
  /** Exactly the text of the `data-kpi` element. */
  value: string;
  /** A line of context under the value, or null. */
  detail: string | null;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The KPI cards, in the order shown. */
export function buildKpis(answer: OutcomesAnalytics): Kpi[] {
  const { episodes, visitsPerDischargedEpisode: visits, weeksToDischarge: weeks, measures } = answer;
  const nprs = measures.nprs_activity;
  const lefs = measures.lefs;
  return [
    {
      key: 'episodes',
      label: 'Episodes',
      value: String(episodes.total),
      detail: episodes.cancelled ? `incl. ${episodes.cancelled} cancelled` : null,
    },
    { key: 'active', label: 'Active', value: String(episodes.active), detail: null },
    { key: 'discharged', label: 'Discharged', value: String(episodes.discharged), detail: null },
    {
      key: 'mean-visits',
      label: 'Mean visits per discharged episode',
      value: formatOneDecimal(visits.mean),
      detail: visits.median === null ? null : `median ${formatOneDecimal(visits.median)}`,
    },
    {
      key: 'median-weeks',
      label: 'Median weeks to discharge',
      value: formatOneDecimal(weeks.median),
      detail: weeks.mean === null ? null : `mean ${formatOneDecimal(weeks.mean)}`,
    },
    {
      key: 'nprs-mcid-rate',
      label: 'Pain (NPRS) MCID rate',
      value: formatRate(nprs?.mcidRate),
      detail: nprs ? `of ${plural(nprs.episodes, 'episode', 'episodes')} with a change` : 'no changes yet',
    },
    {
      key: 'lefs-mcid-rate',
      label: 'LEFS MCID rate',
      value: formatRate(lefs?.mcidRate),
      detail: lefs ? `of ${plural(lefs.episodes, 'episode', 'episodes')} with a change` : 'no changes yet',
    },
  ];
}

/**
 * Therapist names by id: the clinic's users (admins can list them), then the answer's
 * `byTherapist`, then the signed-in user, so an off-track row names its therapist when anyone knows.
 */
export function therapistNames(
  answer: Pick<OutcomesAnalytics, 'byTherapist'> | null,
  users: readonly { id: string; fullName: string }[],
  me: { id: string; fullName: string } | null,
): Map<string, string> {
  const names = new Map<string, string>();
  if (me) {
    names.set(me.id, me.fullName);
  }
  for (const t of answer?.byTherapist ?? []) {
    names.set(t.therapistId, t.fullName);
  }
  for (const u of users) {
    names.set(u.id, u.fullName);
  }
  return names;
}
