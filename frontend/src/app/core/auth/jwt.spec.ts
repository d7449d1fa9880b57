import { fakeJwt } from '../../../testing/fake-jwt';
import { jwtExpiresAt } from './jwt';

describe(jwtExpiresAt.name, () => {
  it('reads exp as milliseconds since the epoch', () => {
    expect(jwtExpiresAt(fakeJwt({ sub: 'u1', exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
  });

  it('decodes base64url payloads that contain - and _ and non-ASCII text', () => {
    // "name" chosen so the encoded payload contains both url-safe characters.
    const token = fakeJwt({ name: 'Zoë Ångström ~~~???>>>', exp: 1_700_000_000 });
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(jwtExpiresAt(token)).toBe(1_700_000_000_000);
  });

  it('answers null for a token without exp', () => {
    expect(jwtExpiresAt(fakeJwt({ sub: 'u1' }))).toBeNull();
  });

  it('answers null for something that is not a JWT', () => {
    expect(jwtExpiresAt('opaque-token')).toBeNull();
    expect(jwtExpiresAt('a.%%%.c')).toBeNull();
  });
});
