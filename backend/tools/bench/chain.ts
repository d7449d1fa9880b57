import type pg from 'pg';
import { hashPassword } from '../../src/users/passwords.js';

/**
 * A clinic chain at scale, written straight in SQL: 50 clinics, 100,000 patients, 150,000
 * episodes, 600,000 signed visits with measurements. Clinic 1 holds 30,000 episodes, clinic 2
 * holds 2,000 (the two the analytics benchmark measures); the other 48 share the rest. Each
 * episode has 4 signed visits 10 days apart, pain falling for most, LEFS rising; 70% are
 * discharged, 25% active, 5% cancelled.
 */
export const CHAIN_PASSWORD = 'bench-password-123';

export interface ChainClinic {
  id: string;
  episodes: number;
  adminEmail: string;
}

export async function buildChain(sql: pg.Pool, log: (line: string) => void): Promise<ChainClinic[]> {
  const hash = await hashPassword(CHAIN_PASSWORD);
  const run = Date.now().toString(36);
  const sizes: { episodes: number; patients: number }[] = [
    { episodes: 30_000, patients: 20_000 },
    { episodes: 2_000, patients: 1_333 },
  ];
  const restEpisodes = 150_000 - 32_000;
  const restPatients = 100_000 - 21_333;
  for (let i = 0; i < 48; i++) {
    sizes.push({
      episodes: Math.floor(restEpisodes / 48) + (i < restEpisodes % 48 ? 1 : 0),
      patients: Math.floor(restPatients / 48) + (i < restPatients % 48 ? 1 : 0),
    });
  }

  const clinics: ChainClinic[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO clinics (name, timezone) VALUES ($1, 'America/Denver') RETURNING id`,
      [`Chain clinic ${i + 1}`],
    );
    const id = rows[0].id;
    const adminEmail = `admin.${i + 1}.${run}@chain.example`;
    await sql.query(
      `INSERT INTO users (clinic_id, email, full_name, roles, password_hash)
       SELECT $1, CASE WHEN g = 0 THEN $2 ELSE 'pt' || g || '.' || $3 || '.' || $4 || '@chain.example' END,
              CASE WHEN g = 0 THEN 'Clinic Admin' ELSE 'Therapist ' || g END,
              CASE WHEN g = 0 THEN '{admin,therapist}'::text[] ELSE '{therapist}'::text[] END, $5
         FROM generate_series(0, 3) g`,
      [id, adminEmail, i + 1, run, hash],
    );
    clinics.push({ id, episodes: sizes[i].episodes, adminEmail });
  }
  log(`clinics and users: ${clinics.length}`);

  const t0 = Date.now();
  for (let i = 0; i < clinics.length; i++) {
    const c = clinics[i];
    const { patients, episodes } = sizes[i];
    await sql.query(
      `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex)
       SELECT $1, 'P-' || lpad(g::text, 6, '0'),
              (ARRAY['Ava','Ben','Chloé','Dan','Elena','Finn','Grace','Hiro','Ivan','Jade'])[1 + g % 10],
              (ARRAY['García','Núñez','Müller','Smith','Åberg','Kowalski','Okafor','Tanaka','Rossi','Patel'])[1 + (g / 10) % 10]
                || ' ' || g,
              date '1950-01-01' + (g % 20000), (ARRAY['female','male'])[1 + g % 2]
         FROM generate_series(1, $2::int) g`,
      [c.id, patients],
    );
    await sql.query(`INSERT INTO patient_mrn_counters (clinic_id, last_value) VALUES ($1, $2)`, [
      c.id,
      patients,
    ]);
    // Episodes: patient by number, therapist round-robin, start 40–400 days ago.
    await sql.query(
      `WITH p AS (SELECT id, row_number() OVER (ORDER BY mrn) AS n FROM patients WHERE clinic_id = $1),
            t AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE clinic_id = $1)
       INSERT INTO episodes (clinic_id, patient_id, therapist_id, diagnosis_code, diagnosis_label, body_side,
                             start_date, status, discharge_date, discharge_reason)
       SELECT $1, p.id, t.id,
              CASE WHEN g % 10 = 0 THEN 'M25.561' ELSE 'M76.3' || (1 + g % 2) END,
              'Iliotibial band syndrome', CASE WHEN g % 2 = 0 THEN 'right' ELSE 'left' END,
              current_date - (40 + g % 360),
              CASE WHEN g % 20 = 0 THEN 'cancelled' WHEN g % 4 = 1 THEN 'active' ELSE 'discharged' END,
              CASE WHEN g % 20 <> 0 AND g % 4 <> 1 THEN current_date - (40 + g % 360) + 30 END,
              CASE WHEN g % 20 <> 0 AND g % 4 <> 1 THEN 'goals_met' END
         FROM generate_series(1, $2::int) g
         JOIN p ON p.n = 1 + (g - 1) % $3
         JOIN t ON t.n = 1 + g % 4`,
      [c.id, episodes, patients],
    );
    // Four signed visits each, 10 days apart: pain 7 → 1 for most, a stalled 1 in 5.
    await sql.query(
      `INSERT INTO visits (clinic_id, episode_id, patient_id, therapist_id, visit_date, visit_type, measurements,
                           services, status, signed_at, signed_by)
       SELECT e.clinic_id, e.id, e.patient_id, e.therapist_id,
              ((e.start_date + k * 10)::timestamp + time '16:00') AT TIME ZONE 'America/Denver',
              CASE WHEN k = 0 THEN 'initial_evaluation' ELSE 'follow_up' END,
              jsonb_build_array(
                jsonb_build_object('instrument', 'nprs_activity',
                  'value', CASE WHEN hashtext(e.id::text) % 5 = 0 THEN 7 - k / 2 ELSE 7 - 2 * k END),
                jsonb_build_object('instrument', 'lefs', 'value', 45 + 8 * k)),
              '[{"cptCode":"97110","minutes":30}]'::jsonb, 'signed',
              ((e.start_date + k * 10)::timestamp + time '16:30') AT TIME ZONE 'America/Denver', e.therapist_id
         FROM episodes e CROSS JOIN generate_series(0, 3) k
        WHERE e.clinic_id = $1`,
      [c.id],
    );
    if (i < 2 || i % 10 === 0)
      log(
        `clinic ${i + 1}: ${patients} patients, ${episodes} episodes (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
  }
  await sql.query('ANALYZE');
  return clinics;
}
