import type { EntityManager } from 'typeorm';
import { GLOBAL_EXERCISES } from '../../exercises/global-library.js';

/**
 * Writes the global library (no clinic) as the code has it. Safe to run on every migrate: rows
 * are keyed by fixed ids and only rewritten when their content changed.
 */
export async function seedGlobalExercises(m: EntityManager): Promise<void> {
  for (const e of GLOBAL_EXERCISES) {
    await m.query(
      `INSERT INTO exercises (id, clinic_id, name, targets, instructions, default_dosage)
       VALUES ($1, NULL, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, targets = EXCLUDED.targets,
              instructions = EXCLUDED.instructions, default_dosage = EXCLUDED.default_dosage,
              version = exercises.version + 1, updated_at = now()
        WHERE exercises.clinic_id IS NULL
          AND (exercises.name, exercises.targets, exercises.instructions, exercises.default_dosage)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.targets, EXCLUDED.instructions, EXCLUDED.default_dosage)`,
      [e.id, e.name, e.targets, e.instructions, e.defaultDosage],
    );
  }
}
