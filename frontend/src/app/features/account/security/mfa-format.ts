/** A base32 secret in groups of four ("JBSW Y3DP EHPK 3PXP"), easier to read and type. */
export function groupSecret(secret: string, size = 4): string {
  const clean = secret.replace(/\s+/g, '').toUpperCase();
  return (clean.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}

/** The account an `otpauth://totp/<issuer>:<account>?…` link names, or null when it names none. */
export function otpauthAccount(url: string): string | null {
  const match = /^otpauth:\/\/totp\/([^?]*)/i.exec(url);
  if (!match) {
    return null;
  }
  try {
    const label = decodeURIComponent(match[1]);
    const colon = label.indexOf(':');
    return (colon >= 0 ? label.slice(colon + 1) : label).trim() || null;
  } catch {
    return null;
  }
}
