/**
 * Typed errors for every answer that is not a success. One exception filter turns them (and
 * everything else) into application/problem+json (RFC 9457).
 */
export type ProblemType =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'visit-signed'
  | 'episode-closed'
  | 'precondition-required'
  | 'stale-version'
  | 'sign-incomplete'
  | 'idempotency-key-reused'
  | 'payload-too-large'
  | 'rate-limited'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly type: ProblemType,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationProblem extends ProblemError {
  constructor(errors: FieldError[], detail = 'The request has invalid fields.') {
    super('validation', 400, 'Invalid request', detail, { errors });
  }

  static field(field: string, message: string): ValidationProblem {
    return new ValidationProblem([{ field, message }]);
  }
}

export class UnauthenticatedError extends ProblemError {
  constructor(detail = 'Sign in to continue.') {
    super('unauthenticated', 401, 'Not signed in', detail);
  }
}

export class ForbiddenError extends ProblemError {
  constructor(detail = 'Your role does not allow this.') {
    super('forbidden', 403, 'Forbidden', detail);
  }
}

export class NotFoundError extends ProblemError {
  constructor(what = 'resource') {
    super('not-found', 404, 'Not found', `No such ${what}.`);
  }
}

export class ConflictError extends ProblemError {
  constructor(detail: string, retryAfterSeconds?: number) {
    super('conflict', 409, 'Conflict', detail, { retryAfterSeconds });
  }
}

export class PreconditionRequiredError extends ProblemError {
  constructor() {
    super(
      'precondition-required',
      428,
      'If-Match required',
      'Send the If-Match header with the ETag you last read, so no change is overwritten unseen.',
    );
  }
}

export class StaleVersionError extends ProblemError {
  constructor(current?: number) {
    super(
      'stale-version',
      412,
      'Stale version',
      current === undefined
        ? 'The resource has changed since you read it.'
        : `The resource has changed since you read it; it is now at version ${current}.`,
    );
  }
}

export class RateLimitedError extends ProblemError {
  constructor(retryAfterSeconds: number, detail = 'Too many attempts. Try again later.') {
    super('rate-limited', 429, 'Too many requests', detail, { retryAfterSeconds });
  }
}

export class PayloadTooLargeError extends ProblemError {
  constructor(limitBytes: number) {
    super('payload-too-large', 413, 'Payload too large', `The request body exceeds ${limitBytes} bytes.`);
  }
}

export class UnavailableError extends ProblemError {
  constructor(retryAfterSeconds = 5, detail = 'The database cannot be reached. Try again shortly.') {
    super('unavailable', 503, 'Service unavailable', detail, { retryAfterSeconds });
  }
}

export class EpisodeClosedError extends ProblemError {
  constructor(status: string) {
    super('episode-closed', 409, 'Episode closed', `The episode is ${status}; it takes no more changes.`);
  }
}

export class VisitSignedError extends ProblemError {
  constructor() {
    super(
      'visit-signed',
      409,
      'Visit signed',
      'The visit is signed and never changes again; add an addendum instead.',
    );
  }
}

export class SignIncompleteError extends ProblemError {
  constructor(detail: string, errors: FieldError[]) {
    super('sign-incomplete', 422, 'Cannot sign yet', detail, { errors });
  }
}

export class IdempotencyKeyReusedError extends ProblemError {
  constructor() {
    super(
      'idempotency-key-reused',
      422,
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request body.',
    );
  }
}
