/**
 * The rules of a visit's life, in one place: when a visit may still be edited, what signing it
 * requires, who may sign it or add an addendum, and how far ahead of the clock a visit date may
 * run. The visits service, the visit normaliser (visit-normalize.ts) and anything else that asks
 * these questions call these functions; none keeps its own copy.
 */
import {
  ConflictError,
  EpisodeClosedError,
  type FieldError,
  ForbiddenError,
  SignIncompleteError,
  VisitSignedError,
} from '../common/problems.js';

/** A visit date may run at most this far ahead of the server clock (clock skew, typing "now"). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Whether a visit date lies beyond the tolerance ahead of the clock (`now`, epoch ms). */
export function isInTheFuture(at: Date, now: number = Date.now()): boolean {
  return at.getTime() > now + FUTURE_TOLERANCE_MS;
}

/** Visit types that can be signed only with an activity pain score (nprs_activity). */
export const SIGN_NEEDS_PAIN: ReadonlySet<string> = new Set(['initial_evaluation', 'discharge']);

/** What these rules read of a visit. */
export interface VisitFacts {
  status: 'draft' | 'signed';
  therapistId: string;
  visitType: string;
  visitDate: Date;
  measurements: readonly { instrument: string }[];
}

/** What these rules read of the visit's episode. */
export interface EpisodeFacts {
  status: string;
}

/** 409 when the visit is signed: a signed visit never changes again. */
export function signedRefusal(visit: Pick<VisitFacts, 'status'>): VisitSignedError | undefined {
  return visit.status === 'signed' ? new VisitSignedError() : undefined;
}

/**
 * Editable (update, delete, sign): a draft of an active episode. Refuses a signed visit before
 * its episode is read, then a closed episode; returns the episode.
 */
export async function assertEditable<E extends EpisodeFacts>(
  visit: Pick<VisitFacts, 'status'>,
  episodeOf: () => Promise<E>,
): Promise<E> {
  const signed = signedRefusal(visit);
  if (signed) throw signed;
  const episode = await episodeOf();
  if (episode.status !== 'active') throw new EpisodeClosedError(episode.status);
  return episode;
}

/** 403 unless the caller is the therapist who created the visit: only they sign it. */
export function assertSigner(visit: Pick<VisitFacts, 'therapistId'>, userId: string): void {
  if (visit.therapistId !== userId)
    throw new ForbiddenError('Only the therapist who created the visit can sign it.');
}

/**
 * Signable, beyond editable: the visit has happened, and an initial evaluation or a discharge
 * visit carries a pain score. 422 naming what is missing.
 */
export function assertComplete(visit: VisitFacts, now: number = Date.now()): void {
  if (
    SIGN_NEEDS_PAIN.has(visit.visitType) &&
    !visit.measurements.some((m) => m.instrument === 'nprs_activity')
  ) {
    throw new SignIncompleteError(
      `A ${visit.visitType.replace('_', ' ')} needs a pain score (nprs_activity) to be signed.`,
      [{ field: 'measurements', message: 'nprs_activity is required to sign this visit type' }],
    );
  }
  if (isInTheFuture(visit.visitDate, now)) {
    throw new SignIncompleteError('A visit cannot be signed before it happens.', [
      { field: 'visitDate', message: 'visitDate is in the future' },
    ]);
  }
}

/** Addenda: only the visit's therapist adds them, and only to a signed visit (a draft is edited). */
export function assertAddendumAllowed(
  visit: Pick<VisitFacts, 'status' | 'therapistId'>,
  userId: string,
): void {
  if (visit.therapistId !== userId) {
    throw new ForbiddenError('Only the therapist who created the visit can add an addendum.');
  }
  if (visit.status !== 'signed') {
    throw new ConflictError('Addenda are for signed visits; edit the draft instead.');
  }
}

/**
 * The date rules of a visit body, as field errors: not beyond the tolerance ahead of the clock,
 * and not on a calendar day (`day`, in the clinic's time zone) before the episode's start.
 */
export function visitDateErrors(
  at: Date,
  day: string,
  startDate: string,
  now: number = Date.now(),
): FieldError[] {
  if (isInTheFuture(at, now)) return [{ field: 'visitDate', message: 'visitDate cannot be in the future' }];
  if (day < startDate) {
    return [
      {
        field: 'visitDate',
        message: `visitDate falls on ${day}, before the episode's start date ${startDate}`,
      },
    ];
  }
  return [];
}
