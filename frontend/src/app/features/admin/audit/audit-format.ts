import type { IconName } from '../../../shared/icon.component';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One audit event as `GET /audit-events` answers it. */
export type { AuditEventView } from '@stride/api';

/** Each outcome as a word and an icon (never colour alone). */
export const OUTCOMES: Record<AuditOutcome, { label: string; icon: IconName }> = {
  success: { label: 'Success', icon: 'check' },
  failure: { label: 'Failed', icon: 'warning' },
  denied: { label: 'Denied', icon: 'lock' },
};

export function outcomeOf(outcome: string): { label: string; icon: IconName } {
  return OUTCOMES[outcome as AuditOutcome] ?? { label: outcome, icon: 'info' };
}

/** Actions the API writes today, offered as suggestions in the action filter. */
export const KNOWN_ACTIONS: readonly string[] = [
  'auth.login',
  'auth.logout',
  'auth.signup',
  'auth.refresh_token_reuse',
  'patient.list',
  'patient.read',
  'patient.create',
  'patient.update',
  'patient.archive',
  'episode.list',
  'episode.read',
  'episode.create',
  'episode.update',
  'episode.discharge',
  'episode.cancel',
  'episode.outcomes.read',
  'home_program.read',
  'visit.list',
  'visit.read',
  'visit.create',
  'visit.update',
  'visit.delete',
  'visit.sign',
  'visit.addendum',
  'analytics.read',
  'analytics.export',
  'exercise.create',
  'exercise.update',
  'user.create',
  'user.update',
  'clinic.update',
];

/** Entity types the API writes today, offered as suggestions in the entity type filter. */
export const KNOWN_ENTITY_TYPES: readonly string[] = [
  'patient',
  'episode',
  'visit',
  'exercise',
  'user',
  'clinic',
  'session',
];

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 Mar 2026, 16:05:09" on the clinic's wall clock. */
export function formatAuditTime(instant: string, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/** The name shown for an event's user: null is no one signed in (e.g. a failed sign-in). */
export function userLabel(userId: string | null, names: ReadonlyMap<string, string>): string {
  if (userId === null) {
    return 'No signed-in user';
  }
  return names.get(userId) ?? `Unknown user (${userId.slice(0, 8)})`;
}

/** `detail` as indented JSON for the row's disclosure, or null when the event has none. */
export function detailText(detail: Record<string, unknown> | null): string | null {
  return detail && Object.keys(detail).length ? JSON.stringify(detail, null, 2) : null;
}
