import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { logger } from './logger.js';
import {
  NotFoundError,
  PayloadTooLargeError,
  ProblemError,
  type ProblemType,
  UnavailableError,
  ValidationProblem,
} from './problems.js';
import { requestContext } from './request-context.js';

const BY_STATUS: Record<number, [ProblemType, string]> = {
  400: ['validation', 'Invalid request'],
  401: ['unauthenticated', 'Not signed in'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['not-found', 'Not found'],
  409: ['conflict', 'Conflict'],
  412: ['stale-version', 'Stale version'],
  413: ['payload-too-large', 'Payload too large'],
  428: ['precondition-required', 'If-Match required'],
  429: ['rate-limited', 'Too many requests'],
  503: ['unavailable', 'Service unavailable'],
};

/** body-parser errors carry a `type`; see the body-parser README. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns anything thrown into a ProblemError; unknown errors become a bare 500. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const bp = err as BodyParserError;
  if (bp?.type === 'entity.too.large') return new PayloadTooLargeError(bp.limit ?? 0);
  if (bp?.type === 'entity.parse.failed') {
    return ValidationProblem.field('body', 'The body is not valid JSON.');
  }
  if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported') {
    return ValidationProblem.field('body', 'The body must be UTF-8 encoded JSON.');
  }
  if (bp?.type === 'body.too.deep') {
    return ValidationProblem.field('body', 'The body nests objects or arrays too deeply.');
  }
  // Any other client error of the body parser (http-errors, `expose: true`), e.g. a body sent
  // with `Content-Encoding: gzip` that does not inflate.
  const httpError = err as { expose?: boolean; status?: number; statusCode?: number };
  const clientStatus = httpError?.status ?? httpError?.statusCode;
  if (httpError?.expose === true && clientStatus !== undefined && clientStatus >= 400 && clientStatus < 500) {
    if (clientStatus === 415) return ValidationProblem.field('body', 'The body must be UTF-8 encoded JSON.');
    return ValidationProblem.field('body', 'The body could not be read.');
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) return new NotFoundError('route');
    const [type, title] = BY_STATUS[status] ?? ['validation', 'Request refused'];
    const detail = status === 400 ? 'The request is not valid.' : title;
    const extras = status === 400 ? { errors: [{ field: 'body', message: detail }] } : {};
    return new ProblemError(type, status, title, detail, extras);
  }
  if (isDatabaseUnavailable(err)) return new UnavailableError();
  return new ProblemError('unavailable', 500, 'Internal error', 'Something went wrong on our side.');
}

export function sendProblem(res: Response, err: unknown): void {
  const problem = toProblem(err);
  if (problem.status === 503) {
    logger.warn('service unavailable', { error: err instanceof Error ? err.message : String(err) });
  } else if (problem.status >= 500) {
    logger.error('request failed', {
      status: problem.status,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
  }
  writeProblem(res, problem);
}

/** Writes a problem as application/problem+json (with Retry-After when it has one); logs nothing. */
export function writeProblem(res: Response, problem: ProblemError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const requestId = requestContext.current()?.requestId;
  if (problem.extras.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(problem.extras.retryAfterSeconds))));
  }
  const body: Record<string, unknown> = {
    type: problem.status === 500 ? 'about:blank' : `/problems/${problem.type}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
  };
  if (problem.extras.errors) body.errors = problem.extras.errors;
  if (requestId) body.requestId = requestId;
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}
