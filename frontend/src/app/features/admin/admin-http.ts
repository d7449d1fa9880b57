import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { generalErrorMessage, toProblem } from '../../shared/problem';

/** `If-Match: "<version>"`, which every PATCH needs (428 without it, 412 when stale). */
export function ifMatch(version: number): HttpHeaders {
  return new HttpHeaders({ 'If-Match': `"${version}"` });
}

/** The HTTP status of a failed call, or null when it was not an HTTP answer. */
export function httpStatus(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}

/**
 * One sentence for an alert: the API's own `detail` (or title), followed by any field messages
 * it named, so a 400 that no form field shows is still explained.
 */
export function problemSentence(error: unknown): string {
  const general = generalErrorMessage(error);
  const fields = toProblem(error)?.errors ?? [];
  const extra = fields.map((e) => e.message).filter((m) => m && !general.includes(m));
  return [general, ...extra].join(' ');
}
