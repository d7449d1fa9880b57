import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl, FormGroup } from '@angular/forms';

import type { FieldProblem, Problem } from '@stride/api';

import { plainFieldErrors, plainWords, SERVER_ERROR } from './field-messages';

export { SERVER_ERROR };

/** The problem+json body of a failed API call, or null when the answer carried none. */
export function toProblem(error: unknown): Problem | null {
  if (!(error instanceof HttpErrorResponse)) {
    return null;
  }
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (!isPlainObject(body)) {
    return null;
  }
  const candidate = body as Partial<Problem>;
  if (typeof candidate.type !== 'string' && typeof candidate.title !== 'string') {
    return null;
  }
  return {
    type: typeof candidate.type === 'string' ? candidate.type : 'about:blank',
    title: typeof candidate.title === 'string' ? candidate.title : '',
    status: typeof candidate.status === 'number' ? candidate.status : error.status,
    detail: typeof candidate.detail === 'string' ? candidate.detail : undefined,
    errors: Array.isArray(candidate.errors) ? candidate.errors.filter(isFieldProblem) : undefined,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldProblem).field === 'string' &&
    typeof (value as FieldProblem).message === 'string'
  );
}

/**
 * Puts each `errors[]` message on the form control of the same name (shown by its `mat-error` and
 * cleared as soon as the value changes), in plain words about the field's label (`labels`: JSON
 * name → label; by default the name as words). Returns the messages that match no control.
 */
export function applyFieldErrors(
  form: FormGroup,
  problem: Problem | null,
  labels: Record<string, string> = {},
): FieldProblem[] {
  const unmatched: FieldProblem[] = [];
  for (const fieldError of plainFieldErrors(problem, labels)?.errors ?? []) {
    const control = form.get(fieldError.field);
    if (control) {
      control.setErrors({ ...control.errors, [SERVER_ERROR]: fieldError.message });
      control.markAsTouched();
    } else {
      unmatched.push(fieldError);
    }
  }
  return unmatched;
}

/** The API's message for a control, if the last answer named it. */
export function serverError(control: AbstractControl): string | null {
  const message: unknown = control.getError(SERVER_ERROR);
  return typeof message === 'string' ? message : null;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(error: HttpErrorResponse, now = Date.now()): number | null {
  const header = error.headers.get('Retry-After');
  if (!header) {
    return null;
  }
  if (/^\d+$/.test(header.trim())) {
    return Number(header.trim());
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** "Too many attempts, try again in N minutes." from a 429's `Retry-After`. */
export function tooManyAttemptsMessage(error: HttpErrorResponse, now = Date.now()): string {
  const seconds = retryAfterSeconds(error, now);
  if (seconds === null) {
    return 'Too many attempts, try again later.';
  }
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

/** A sentence for errors that no field explains. */
export function generalErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return 'Stride could not be reached. Check your connection and try again.';
    }
    if (error.status === 429) {
      return tooManyAttemptsMessage(error);
    }
    if (error.status >= 500) {
      return 'Stride could not complete that just now. Try again in a moment.';
    }
    const problem = toProblem(error);
    if (problem?.detail) {
      return plainWords(problem.detail);
    }
    if (problem?.title) {
      return plainWords(problem.title);
    }
  }
  return 'Something went wrong. Try again.';
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
  const fields = plainFieldErrors(toProblem(error))?.errors ?? [];
  const extra = fields.map((e) => e.message).filter((m) => m && !general.includes(m));
  return [general, ...extra].join(' ');
}
