import {
  computeBilling,
  isKnownCptCode,
  isTimedCptCode,
  TIMED_CPT_CODES,
  UNTIMED_CPT_CODES,
} from '@stride/clinical';

import type { ServiceRow } from './note-fields';

export interface LiveBilling {
  /** Units per form row, or null for a row the rule cannot bill yet (no code, repeated code). */
  units: (number | null)[];
  totalUnits: number;
  totalTimedMinutes: number;
}

/**
 * The 8-minute rule (`computeBilling`, the API's own code) over the rows being typed. Rows it
 * would refuse — an unknown or repeated code, minutes that are not a whole number ≥ 0 — are left
 * out, and a timed row without minutes counts as 0 minutes, so half-filled rows never throw.
 */
export function liveBilling(rows: readonly ServiceRow[]): LiveBilling {
  const seen = new Set<string>();
  const billable: { index: number; cptCode: string; minutes: number | null }[] = [];
  rows.forEach((row, index) => {
    if (!isKnownCptCode(row.cptCode) || seen.has(row.cptCode)) {
      return;
    }
    seen.add(row.cptCode);
    const minutes = Number.isSafeInteger(row.minutes) && (row.minutes ?? -1) >= 0 ? row.minutes : null;
    billable.push({ index, cptCode: row.cptCode, minutes });
  });
  const billing = computeBilling(billable);
  const units: (number | null)[] = rows.map(() => null);
  billing.lines.forEach((line, i) => {
    const index = billable[i]?.index;
    if (index !== undefined) {
      units[index] = line.units;
    }
  });
  return { units, totalUnits: billing.totalUnits, totalTimedMinutes: billing.totalTimedMinutes };
}

export interface CptOption {
  code: string;
  timed: boolean;
  label: string;
}

const DESCRIPTIONS: Record<string, string> = {
  '97010': 'Hot or cold packs',
  '97012': 'Mechanical traction',
  '97014': 'Electrical stimulation, unattended',
  '97032': 'Electrical stimulation, attended',
  '97033': 'Iontophoresis',
  '97035': 'Ultrasound',
  '97110': 'Therapeutic exercise',
  '97112': 'Neuromuscular re-education',
  '97113': 'Aquatic therapy',
  '97116': 'Gait training',
  '97140': 'Manual therapy',
  '97150': 'Group therapy',
  '97161': 'PT evaluation, low complexity',
  '97162': 'PT evaluation, moderate complexity',
  '97163': 'PT evaluation, high complexity',
  '97164': 'PT re-evaluation',
  '97530': 'Therapeutic activities',
  '97535': 'Self-care / home management training',
  '97750': 'Physical performance test',
  '97760': 'Orthotic management and training',
  '97761': 'Prosthetic training',
  G0283: 'Electrical stimulation, unattended (Medicare)',
};

/** Every code the rule knows: timed codes first, each labelled "timed" or "untimed". */
export const CPT_OPTIONS: readonly CptOption[] = [...TIMED_CPT_CODES, ...UNTIMED_CPT_CODES].map((code) => {
  const timed = isTimedCptCode(code);
  return { code, timed, label: `${code} ${DESCRIPTIONS[code] ?? ''} (${timed ? 'timed' : 'untimed'})` };
});

/** The code a new service line starts with: the first common one not yet on the visit. */
export function nextCptCode(used: readonly string[]): string {
  const common = ['97110', '97140', '97530', '97112', '97161', '97164'];
  return [...common, ...CPT_OPTIONS.map((o) => o.code)].find((c) => !used.includes(c)) ?? '';
}
