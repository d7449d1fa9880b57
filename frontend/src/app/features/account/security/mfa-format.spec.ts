import { groupSecret, otpauthAccount } from './mfa-format';

describe(groupSecret.name, () => {
  it.each([
    ['JBSWY3DPEHPK3PXP', 'JBSW Y3DP EHPK 3PXP'],
    ['JBSWY3DPEHPK3PXPAB', 'JBSW Y3DP EHPK 3PXP AB'],
    ['jbsw y3dp', 'JBSW Y3DP'],
    ['', ''],
  ])('%p → %p', (secret, grouped) => {
    expect(groupSecret(secret)).toBe(grouped);
  });

  it('keeps a 32-character secret (160 bits) in eight groups', () => {
    expect(groupSecret('A'.repeat(32)).split(' ')).toHaveLength(8);
  });
});

describe(otpauthAccount.name, () => {
  it.each([
    ['otpauth://totp/Stride:maya%40example.org?secret=ABC&issuer=Stride', 'maya@example.org'],
    ['otpauth://totp/Stride%3Amaya%40example.org?secret=ABC', 'maya@example.org'],
    ['otpauth://totp/maya%40example.org?secret=ABC', 'maya@example.org'],
    ['otpauth://hotp/Stride:maya?secret=ABC', null],
    ['https://example.org', null],
    ['otpauth://totp/%E0%A4%A?secret=ABC', null],
  ])('%p → %p', (url, account) => {
    expect(otpauthAccount(url)).toBe(account);
  });
});
