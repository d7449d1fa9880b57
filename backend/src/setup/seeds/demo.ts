import { DataSource } from 'typeorm';
import { hashPassword } from '../../users/passwords.js';
import { insertClinic } from '../../clinics/clinics.repository.js';
import { accounts } from '../../users/users.repository.js';
import { dataSourceOptions } from '../../database/data-source.js';
import { todayIn } from '@stride/clinical';
import { bindTenant } from '../../database/tenant-transaction.js';
import { rebuildEpisodeSummaries } from '../../outcomes/episode-summaries.js';
import { seedDemoCharts } from './demo-charts.js';

/** Public demo credentials: printed at start, only ever seeded outside production. */
export const DEMO_PASSWORD = 'stride-demo-2026';
export const DEMO_OWNER_EMAIL = 'owner@stride-demo.example';
export const DEMO_THERAPIST_EMAIL = 'therapist@stride-demo.example';

export interface DemoSeedResult {
  created: boolean;
  clinicId: string;
}

/**
 * The demo clinic: an owner who is admin and therapist, a second therapist, and 44 patients with
 * IT-band courses of care. Safe to run again: it does nothing when the owner exists.
 */
export async function seedDemo(url: string): Promise<DemoSeedResult> {
  const ds = new DataSource(dataSourceOptions(url, { poolSize: 1, statementTimeoutMs: 60000 }));
  await ds.initialize();
  try {
    return await ds.transaction(async (m) => {
      // Serialises concurrent first starts against one database.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('stride.seed.demo'))`);
      const existing = await accounts.findByEmail(m, DEMO_OWNER_EMAIL);
      if (existing) return { created: false, clinicId: existing.clinicId };

      const clinic = await insertClinic(m, {
        name: 'Riverside Running Physio (demo)',
        timezone: 'America/Denver',
        distanceUnit: 'mi',
      });
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const owner = await accounts.insert(m, {
        clinicId: clinic.id,
        email: DEMO_OWNER_EMAIL,
        fullName: 'Maya Okafor, DPT',
        roles: ['admin', 'therapist'],
        passwordHash,
      });
      await bindTenant(m, { clinicId: clinic.id, userId: owner.id });
      const therapist = await accounts.insert(m, {
        clinicId: clinic.id,
        email: DEMO_THERAPIST_EMAIL,
        fullName: 'Liam Brennan, PT',
        roles: ['therapist'],
        passwordHash,
      });
      await seedDemoCharts(m, clinic.id, [owner, therapist], todayIn(clinic.timezone));
      await rebuildEpisodeSummaries(m, { clinicId: clinic.id });
      return { created: true, clinicId: clinic.id };
    });
  } finally {
    await ds.destroy();
  }
}
