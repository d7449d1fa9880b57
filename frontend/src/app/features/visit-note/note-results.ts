/**
 * What saving and signing a note can end in, as types the page switches on (and the words it
 * shows), and the mapping of a refused sign to them. Pure: no Angular.
 */
import type { VisitView } from '@stride/api';

import type { FieldProblem, Problem } from '@stride/api';

import { instrumentWords, plainWords } from '../../shared/field-messages';

/** Ctrl+S, "take mine", leaving: all changes saved, or why not. */
export type SaveResult = { readonly saved: true } | { readonly saved: false; readonly reason: string };

/** Signing: the signed visit, or why it did not happen. */
export type SignResult =
  | { readonly kind: 'signed'; readonly visit: VisitView }
  /** Pending edits could not be saved first. */
  | { readonly kind: 'not-saved'; readonly reason: string }
  /** 422: required content is missing; its field errors go onto the form. */
  | { readonly kind: 'incomplete'; readonly reason: string; readonly errors: FieldProblem[] }
  /** 403: not the therapist who created the visit. */
  | { readonly kind: 'forbidden'; readonly reason: string }
  /** 412: saved elsewhere a moment ago; the autosave compares first. */
  | { readonly kind: 'stale'; readonly reason: string }
  /** 409 visit-signed: someone signed it already; the note reloads. */
  | { readonly kind: 'already-signed'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export type SignFailure = Exclude<SignResult, { kind: 'signed' } | { kind: 'not-saved' }>;

/** A refused `POST /visits/:id/sign` (its status and problem+json) as a result to show. */
export function signFailure(status: number, problem: Problem | null, general: string): SignFailure {
  if (status === 422) {
    return {
      kind: 'incomplete',
      reason: plainWords(instrumentWords(problem?.detail ?? 'This note cannot be signed yet.')),
      errors: problem?.errors ?? [],
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      reason: problem?.detail ?? 'Only the therapist who created this visit can sign it.',
    };
  }
  if (status === 412) {
    return {
      kind: 'stale',
      reason:
        'Someone saved this note a moment ago. Close this dialog: your changes are compared with theirs first.',
    };
  }
  if (status === 409 && problem?.type.endsWith('/visit-signed')) {
    return { kind: 'already-signed', reason: 'This note is already signed.' };
  }
  return { kind: 'failed', reason: general };
}
