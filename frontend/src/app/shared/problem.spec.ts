import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';

import {
  applyFieldErrors,
  generalErrorMessage,
  retryAfterSeconds,
  serverError,
  toProblem,
  tooManyAttemptsMessage,
} from './problem';

function httpError(status: number, body: unknown, headers: Record<string, string> = {}): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, headers: new HttpHeaders(headers), url: '/api/v1/x' });
}

describe(toProblem.name, () => {
  it('reads a problem+json body', () => {
    const problem = toProblem(
      httpError(400, {
        type: '/problems/validation',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid',
        errors: [{ field: 'email', message: 'bad' }, { nonsense: true }],
      }),
    );
    expect(problem).toEqual({
      type: '/problems/validation',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid',
      errors: [{ field: 'email', message: 'bad' }],
    });
  });

  it('parses a body that arrived as text', () => {
    expect(
      toProblem(httpError(409, '{"type":"/problems/conflict","title":"Conflict","status":409}'))?.type,
    ).toBe('/problems/conflict');
  });

  it('answers null for anything that is not a problem', () => {
    expect(toProblem(httpError(502, '<html>Bad gateway</html>'))).toBeNull();
    expect(toProblem(httpError(0, new ProgressEvent('error')))).toBeNull();
    expect(toProblem(new Error('boom'))).toBeNull();
  });
});

describe(applyFieldErrors.name, () => {
  it('puts messages on the named controls and returns the rest', () => {
    const form = new FormGroup({ email: new FormControl(''), password: new FormControl('') });

    const unmatched = applyFieldErrors(form, {
      type: '/problems/validation',
      title: 'Bad Request',
      status: 400,
      errors: [
        { field: 'email', message: 'email must be an email' },
        { field: 'clinic.id', message: 'unknown field' },
      ],
    });

    expect(serverError(form.controls.email)).toBe('Enter an email address such as name@example.com.');
    expect(form.controls.email.touched).toBe(true);
    expect(serverError(form.controls.password)).toBeNull();
    // In words too: they end up in an alert.
    expect(unmatched).toEqual([{ field: 'clinic.id', message: 'Unknown field.' }]);
  });
});

describe(retryAfterSeconds.name, () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds(httpError(429, null, { 'Retry-After': '120' }))).toBe(120);
  });

  it('reads an HTTP date', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(
      retryAfterSeconds(httpError(429, null, { 'Retry-After': 'Mon, 02 Mar 2026 09:04:30 GMT' }), now),
    ).toBe(270);
  });

  it('answers null without a usable header', () => {
    expect(retryAfterSeconds(httpError(429, null))).toBeNull();
    expect(retryAfterSeconds(httpError(429, null, { 'Retry-After': 'soon' }))).toBeNull();
  });
});

describe(tooManyAttemptsMessage.name, () => {
  it.each([
    ['900', 'Too many attempts, try again in 15 minutes.'],
    ['61', 'Too many attempts, try again in 2 minutes.'],
    ['60', 'Too many attempts, try again in 1 minute.'],
    ['5', 'Too many attempts, try again in 1 minute.'],
  ])('rounds Retry-After %s up to whole minutes', (header, message) => {
    expect(tooManyAttemptsMessage(httpError(429, null, { 'Retry-After': header }))).toBe(message);
  });

  it('still answers without Retry-After', () => {
    expect(tooManyAttemptsMessage(httpError(429, null))).toBe('Too many attempts, try again later.');
  });
});

describe(generalErrorMessage.name, () => {
  it('explains an unreachable API', () => {
    expect(generalErrorMessage(httpError(0, null))).toContain('could not be reached');
  });

  it('never shows server internals for a 5xx', () => {
    expect(
      generalErrorMessage(httpError(500, { title: 'Internal', detail: 'relation "x" does not exist' })),
    ).toBe('Stride could not complete that just now. Try again in a moment.');
  });

  it("uses the problem's detail, then its title", () => {
    expect(generalErrorMessage(httpError(403, { title: 'Forbidden', detail: 'Admins only.' }))).toBe(
      'Admins only.',
    );
    expect(generalErrorMessage(httpError(403, { title: 'Forbidden' }))).toBe('Forbidden');
  });
});
