import type { EntityManager } from 'typeorm';
import {
  type EpisodeFacts,
  type EpisodeSummary,
  INSTRUMENTS,
  type InstrumentCode,
  summarizeEpisode,
  VISIT_ORDER_COLUMNS,
} from '@stride/clinical';

/** An episode with its signed visits, as the outcome definitions read it. */
export interface EpisodeRowFacts extends EpisodeFacts {
  clinicId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  diagnosisCode: string;
}

interface FactRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  first_name: string;
  last_name: string;
  mrn: string;
  therapist_id: string;
  status: EpisodeFacts['status'];
  start_date: string;
  discharge_date: string | null;
  planned_visits: number;
  diagnosis_code: string;
  visits:
    { id: string; date: string; at: string; m: { instrument: InstrumentCode; value: number }[] }[] | null;
}

/** Visit order (see `libs/clinical/src/visit-order.ts`) over the visits aliased `v`. */
const VISITS_IN_VISIT_ORDER = VISIT_ORDER_COLUMNS.map((c) => `v.${c}`).join(', ');

/**
 * Episodes (`where` over `e` episodes, `p` patients, `c` clinics) with their signed visits in
 * visit order; visit dates are calendar dates in each clinic's time zone.
 */
export async function loadEpisodeFacts(
  m: EntityManager,
  where: string,
  params: unknown[],
): Promise<EpisodeRowFacts[]> {
  const rows = (await m.query(
    `SELECT e.id, e.clinic_id, e.patient_id, p.first_name, p.last_name, p.mrn, e.therapist_id, e.status,
            e.start_date, e.discharge_date, e.planned_visits, e.diagnosis_code,
            (SELECT json_agg(json_build_object(
                      'id', v.id, 'date', (v.visit_date AT TIME ZONE c.timezone)::date, 'at', v.visit_date,
                      'm', v.measurements)
                    ORDER BY ${VISITS_IN_VISIT_ORDER})
               FROM visits v WHERE v.episode_id = e.id AND v.status = 'signed') AS visits
       FROM episodes e JOIN patients p ON p.id = e.patient_id JOIN clinics c ON c.id = e.clinic_id
      WHERE ${where}
      ORDER BY e.start_date, e.created_at, e.id`,
    params,
  )) as FactRow[];
  return rows.map((r) => ({
    id: r.id,
    clinicId: r.clinic_id,
    patientId: r.patient_id,
    patientName: `${r.first_name} ${r.last_name}`,
    mrn: r.mrn,
    diagnosisCode: r.diagnosis_code,
    therapistId: r.therapist_id,
    status: r.status,
    startDate: r.start_date,
    dischargeDate: r.discharge_date,
    plannedVisits: r.planned_visits,
    visits: (r.visits ?? []).map((v) => ({
      id: v.id,
      date: v.date,
      visitDate: new Date(v.at).toISOString(),
      values: Object.fromEntries(v.m.map((mm) => [mm.instrument, mm.value])),
    })),
  }));
}

const CODES = INSTRUMENTS.map((i) => i.code);

/** The flat columns of one summary, as `jsonb_to_recordset` reads them. */
export const SUMMARY_COLUMNS = [
  'signed_visits',
  'last_signed_date',
  'mcid_by_visit_3',
  ...CODES.flatMap((c) => [`${c}_baseline`, `${c}_latest`, `${c}_change`, `${c}_mcid`]),
  'pain_weeks',
  'pain_values',
];
const COLUMN_TYPES = [
  'signed_visits int',
  'last_signed_date date',
  'mcid_by_visit_3 boolean',
  ...CODES.flatMap((c) => [
    `${c}_baseline float8`,
    `${c}_latest float8`,
    `${c}_change float8`,
    `${c}_mcid boolean`,
  ]),
  'pain_weeks int[]',
  'pain_values float8[]',
];

async function store(m: EntityManager, facts: EpisodeRowFacts[]): Promise<void> {
  if (facts.length === 0) return;
  const rows = facts.map((e) => {
    const s: EpisodeSummary = summarizeEpisode(e.startDate, e.visits);
    const row: Record<string, unknown> = {
      episode_id: e.id,
      clinic_id: e.clinicId,
      signed_visits: s.signedVisits,
      last_signed_date: s.lastSignedDate,
      mcid_by_visit_3: s.mcidByVisit3,
      pain_weeks: s.painPoints.map(([w]) => w),
      pain_values: s.painPoints.map(([, v]) => v),
    };
    for (const c of CODES) {
      const o = s.outcomes[c];
      row[`${c}_baseline`] = o.baseline;
      row[`${c}_latest`] = o.latest;
      row[`${c}_change`] = o.change;
      row[`${c}_mcid`] = o.mcidReached;
    }
    return row;
  });
  await m.query(
    `INSERT INTO episode_summaries (episode_id, clinic_id, ${SUMMARY_COLUMNS.join(', ')})
     SELECT episode_id, clinic_id, ${SUMMARY_COLUMNS.join(', ')}
       FROM jsonb_to_recordset($1::jsonb) AS r(episode_id uuid, clinic_id uuid, ${COLUMN_TYPES.join(', ')})
     ON CONFLICT (episode_id) DO UPDATE SET
       ${SUMMARY_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, refreshed_at = now()`,
    [JSON.stringify(rows)],
  );
}

/** Recomputes the summaries of these episodes, in the caller's transaction. */
export async function refreshEpisodeSummaries(m: EntityManager, episodeIds: string[]): Promise<void> {
  if (episodeIds.length === 0) return;
  await store(m, await loadEpisodeFacts(m, 'e.id = ANY($1::uuid[])', [episodeIds]));
}

/**
 * Rebuilds summaries in batches: all of them, or only the missing ones. Only episodes with a
 * signed visit have one (analytics read a missing summary as "no signed visits"). Returns how many.
 */
export async function rebuildEpisodeSummaries(
  m: EntityManager,
  opts: { onlyMissing?: boolean; clinicId?: string } = {},
): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (
      (await m.query(
        `SELECT e.id FROM episodes e
          WHERE e.id > $1 ${opts.clinicId ? 'AND e.clinic_id = $3' : ''}
            AND EXISTS (SELECT 1 FROM visits v WHERE v.episode_id = e.id AND v.status = 'signed')
            ${opts.onlyMissing ? 'AND NOT EXISTS (SELECT 1 FROM episode_summaries s WHERE s.episode_id = e.id)' : ''}
          ORDER BY e.id LIMIT $2`,
        opts.clinicId ? [after, 2000, opts.clinicId] : [after, 2000],
      )) as { id: string }[]
    ).map((r) => r.id);
    if (ids.length === 0) return done;
    await refreshEpisodeSummaries(m, ids);
    done += ids.length;
    after = ids[ids.length - 1];
  }
}
