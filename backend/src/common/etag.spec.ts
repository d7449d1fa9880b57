import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { checkVersion, readIfMatch, requireIfMatch } from './etag.js';
import { PreconditionRequiredError, StaleVersionError, ValidationProblem } from './problems.js';

const req = (ifMatch?: string) =>
  ({ headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } }) as Request;

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    ['3', 3],
    ['*', '*'],
    [' "12" ', 12],
  ])('reads %s as %s', (header, expected) => {
    expect(readIfMatch(req(header))).toBe(expected);
  });

  it('is undefined when absent, and required for PATCH', () => {
    expect(readIfMatch(req())).toBeUndefined();
    expect(() => requireIfMatch(req())).toThrow(PreconditionRequiredError);
  });

  it('refuses a malformed value as a 400 on If-Match', () => {
    expect(() => readIfMatch(req('"abc"'))).toThrow(ValidationProblem);
  });

  it('checks versions: equal or * passes, another is stale', () => {
    expect(() => checkVersion(2, 2)).not.toThrow();
    expect(() => checkVersion('*', 9)).not.toThrow();
    expect(() => checkVersion(undefined, 9)).not.toThrow();
    expect(() => checkVersion(1, 2)).toThrow(StaleVersionError);
  });
});
