import { DataSource } from 'typeorm';
import { hashPassword } from '../../auth/passwords.js';
import { Clinic } from '../../clinics/clinic.entity.js';
import { User } from '../../users/user.entity.js';
import { dataSourceOptions } from '../data-source.js';
import { todayIn } from '@stride/clinical';
import { bindTenant } from '../tenant-transaction.js';
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
      const existing = await m.findOne(User, { where: { email: DEMO_OWNER_EMAIL } });
      if (existing) return { created: false, clinicId: existing.clinicId };

      const clinic = await m.save(
        m.create(Clinic, {
          name: 'Riverside Running Physio (demo)',
          timezone: 'America/Denver',
          distanceUnit: 'mi',
          requireMfaForAdmins: false,
        }),
      );
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const owner = await m.save(
        m.create(User, {
          clinicId: clinic.id,
          email: DEMO_OWNER_EMAIL,
          fullName: 'Maya Okafor, DPT',
          roles: ['admin', 'therapist'],
          passwordHash,
          active: true,
          mfaEnabled: false,
        }),
      );
      await bindTenant(m, { clinicId: clinic.id, userId: owner.id });
      const therapist = await m.save(
        m.create(User, {
          clinicId: clinic.id,
          email: DEMO_THERAPIST_EMAIL,
          fullName: 'Liam Brennan, PT',
          roles: ['therapist'],
          passwordHash,
          active: true,
          mfaEnabled: false,
        }),
      );
      await seedDemoCharts(m, clinic.id, [owner, therapist], todayIn(clinic.timezone));
      await rebuildEpisodeSummaries(m, { clinicId: clinic.id });
      return { created: true, clinicId: clinic.id };
    });
  } finally {
    await ds.destroy();
  }
}
