import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { retry, throwError, timer } from 'rxjs';

import { retryAfterSeconds } from '../../shared/problem';
import { API_BASE } from './api';

/**
 * Idempotent POSTs, in one place (SPEC §6 "Idempotency"): every authenticated POST to the API
 * carries an `Idempotency-Key` — one per call, so one per user action; a caller that must keep
 * its key across reloads or retries of its own (a visit being started, an addendum's text) sets
 * the header itself and keeps it. While the first request with a key is still running the API
 * answers 409 with `Retry-After`: that answer is waited out and the same request (same key, same
 * body) sent again until the first one's answer is replayed, so a double click or a retry never
 * shows a "still in progress" error for work that was saved.
 */
export const IDEMPOTENCY_KEY = 'Idempotency-Key';

/** How often a 409 "still in progress" is waited out before it is shown. */
export const MAX_IN_PROGRESS_WAITS = 20;
/** The longest single wait, whatever `Retry-After` says. */
const MAX_WAIT_MS = 10_000;

/**
 * POSTs that take no key: signing in and its tokens (no caller yet), and the answers that carry a
 * secret, which the API never replays (second release: a repeated key is 409 there for good).
 */
const WITHOUT_KEY: readonly RegExp[] = [/^\/auth\//, /^\/me\//, /^\/patient\//, /\/patient-links$/];

/** The API path of a console request (`/api/v1/visits/…` → `/visits/…`), or null for other URLs. */
function apiPath(url: string): string | null {
  const path = url.split('?')[0] ?? '';
  return path.startsWith(`${API_BASE}/`) ? path.slice(API_BASE.length) : null;
}

/** Whether a POST to this URL is sent with an Idempotency-Key. */
export function takesIdempotencyKey(method: string, url: string): boolean {
  const path = apiPath(url);
  return method === 'POST' && path !== null && !WITHOUT_KEY.some((pattern) => pattern.test(path));
}

/** The API's 409 for a request whose key is still being worked on (it names when to ask again). */
export function isStillInProgress(error: unknown): error is HttpErrorResponse {
  return error instanceof HttpErrorResponse && error.status === 409 && error.headers.has('Retry-After');
}

export const idempotencyInterceptor: HttpInterceptorFn = (request, next) => {
  if (!takesIdempotencyKey(request.method, request.url)) {
    return next(request);
  }
  const keyed = request.headers.has(IDEMPOTENCY_KEY)
    ? request
    : request.clone({ setHeaders: { [IDEMPOTENCY_KEY]: randomUuid() } });
  return next(keyed).pipe(
    retry({
      count: MAX_IN_PROGRESS_WAITS,
      delay: (error: unknown) =>
        isStillInProgress(error)
          ? timer(Math.min(MAX_WAIT_MS, Math.max(250, (retryAfterSeconds(error) ?? 1) * 1000)))
          : throwError(() => error),
    }),
  );
};

/** A random UUID v4, also where `crypto.randomUUID` is missing (plain http on a clinic LAN). */
export function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
