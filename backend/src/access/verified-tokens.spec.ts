import { describe, expect, it } from '@jest/globals';
import { VerifiedTokens } from './authenticated.decorator.js';

/** A token-shaped string whose payload carries `exp` (the signature does not matter here). */
const token = (exp: unknown, tag = 'a') =>
  `h.${Buffer.from(JSON.stringify({ exp, tag })).toString('base64url')}.s`;
const principal = { userId: 'u', clinicId: 'c', sessionId: 's', roles: ['admin' as const] };

describe(VerifiedTokens.name, () => {
  it('gives a fresh principal, roles still to read, for a remembered token until its exp', () => {
    const tokens = new VerifiedTokens();
    const t = token(1000);
    tokens.remember(t, principal);
    const first = tokens.get(t, 999_999);
    expect(first).toEqual({ userId: 'u', clinicId: 'c', sessionId: 's', roles: [] });
    const second = tokens.get(t, 999_999);
    expect(second).not.toBe(first);
    // jsonwebtoken's rule: expired once the clock's second reaches exp.
    expect(tokens.get(t, 1_000_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('knows nothing of a token it was not given, nor of one without a numeric exp', () => {
    const tokens = new VerifiedTokens();
    tokens.remember(token('soon'), principal);
    tokens.remember('not-a-jwt', principal);
    expect(tokens.size).toBe(0);
    tokens.remember(token(1000, 'a'), principal);
    expect(tokens.get(token(1000, 'b'), 0)).toBeUndefined();
  });

  it('keeps at most max tokens, dropping the oldest', () => {
    const tokens = new VerifiedTokens(2);
    const [a, b, c] = ['a', 'b', 'c'].map((tag) => token(1000, tag));
    tokens.remember(a, principal);
    tokens.remember(b, principal);
    tokens.remember(c, principal);
    expect(tokens.size).toBe(2);
    expect(tokens.get(a, 0)).toBeUndefined();
    expect(tokens.get(b, 0)).toBeDefined();
    expect(tokens.get(c, 0)).toBeDefined();
  });
});
