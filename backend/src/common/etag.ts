import type { Request, Response } from 'express';
import { PreconditionRequiredError, StaleVersionError, ValidationProblem } from './problems.js';

export function setEtag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}

/**
 * The version named by If-Match, or undefined when the header is absent. A weak `W/` prefix is
 * ignored; `*` matches any version.
 */
export function readIfMatch(req: Request): number | '*' | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  if (value === '*') return '*';
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!m) throw ValidationProblem.field('If-Match', 'If-Match must be an ETag such as "3".');
  return Number(m[1]);
}

/** For PATCH: the header is required (428). */
export function requireIfMatch(req: Request): number | '*' {
  const v = readIfMatch(req);
  if (v === undefined) throw new PreconditionRequiredError();
  return v;
}

/** 412 unless the expected version (when one was sent) is the current one. */
export function checkVersion(expected: number | '*' | undefined, current: number): void {
  if (expected !== undefined && expected !== '*' && expected !== current)
    throw new StaleVersionError(current);
}
