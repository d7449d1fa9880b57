import { createHmac } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, PASSWORD, snap, test, uniqueEmail } from './support';

/**
 * Two-step sign-in, as an authenticator app would do it: the test computes the codes itself
 * (RFC 6238 TOTP: HMAC-SHA1 over 30-second steps, 6 digits, base32 key).
 */

const PERIOD_S = 30;

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text.toUpperCase().replace(/[\s=]/g, '')) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function stepAt(ms: number): number {
  return Math.floor(ms / 1000 / PERIOD_S);
}

/** The code of one time step (RFC 4226 HOTP with the step as the counter). */
function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * The code the app shows now, for a step later than `after`: a code, once accepted, cannot be
 * used again, so this waits for the next step (at most 30 s) when needed.
 */
async function currentCode(secret: string, after = -1): Promise<{ code: string; step: number }> {
  while (stepAt(Date.now()) <= after) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const step = stepAt(Date.now());
  return { code: totp(secret, step), step };
}

/** A code that matches none of the steps the API accepts now (the current one ± 1). */
function wrongCode(secret: string): string {
  const now = stepAt(Date.now());
  const valid = new Set([now - 2, now - 1, now, now + 1, now + 2].map((step) => totp(secret, step)));
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!;
}

/** Calls the API as the signed-in browser session (access token from the refresh cookie). */
async function apiPost(page: Page, path: string, data: unknown): Promise<void> {
  const token = await page.evaluate(async () => {
    const r = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    return ((await r.json()) as { accessToken: string }).accessToken;
  });
  const res = await page.request.post(`/api/v1${path}`, {
    data,
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok(), `POST ${path} → ${res.status()} ${await res.text()}`).toBe(true);
}

async function openUserMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account:/ }).click();
}

test.describe('two-step sign-in', () => {
  test('an admin sets it up, requires it of admins, and signs in with password and code; another admin is shown the way in', async ({
    page,
    browser,
  }, testInfo) => {
    // Waiting for a fresh 30-second code can take that long, twice.
    test.setTimeout(180_000);
    const email = uniqueEmail('mfa');
    const signup = await page.request.post('/api/v1/auth/signup', {
      data: { clinicName: 'Two-Step Physio', fullName: 'Tess Twostep', email, password: PASSWORD },
    });
    expect(signup.status()).toBe(201);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Tess Twostep');

    // Account security, from the user menu.
    await openUserMenu(page);
    await page.getByRole('menuitem', { name: 'Account security' }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(page.getByRole('heading', { name: 'Account security', level: 1 })).toBeVisible();
    await expect(page.locator('#mfa-state')).toContainText('Two-step sign-in is off');
    await expectAccessible(page, testInfo, 'account-security-off');

    // Set up: the key as an otpauth link and as text in groups of four.
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const link = page.getByRole('link', { name: 'Add Stride to my authenticator app' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^otpauth:\/\/totp\/Stride:/);
    const otpauth = new URL(href);
    expect(otpauth.searchParams.get('issuer')).toBe('Stride');
    expect(otpauth.searchParams.get('digits')).toBe('6');
    expect(otpauth.searchParams.get('period')).toBe('30');
    const secret = otpauth.searchParams.get('secret') ?? '';
    const shown = (await page.locator('code.secret').textContent()) ?? '';
    expect(shown.trim()).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(shown.replace(/\s+/g, '')).toBe(secret);
    await expect(page.getByText('Stride shows no QR code')).toBeVisible();
    await snap(page, testInfo, 'account-security-setup');
    await expectAccessible(page, testInfo, 'account-security-setup');

    // Confirm with the app's code.
    const enrolled = await currentCode(secret);
    await page.getByLabel('6-digit code').fill(enrolled.code);
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Two-step sign-in is on.' })).toBeVisible();
    await expect(page.locator('#mfa-state')).toContainText('Two-step sign-in is on');
    await snap(page, testInfo, 'account-security-on');
    await expectAccessible(page, testInfo, 'account-security-on');

    // Clinic settings: require it of every admin.
    await page.goto('/admin/clinic');
    await page.getByRole('checkbox', { name: 'Require two-step sign-in for admins' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();
    await snap(page, testInfo, 'admin-clinic-two-step');
    await expectAccessible(page, testInfo, 'admin-clinic-two-step');

    // Another admin, without two-step sign-in, signs in and is shown why the admin screens refuse them.
    const otherEmail = uniqueEmail('olga');
    await apiPost(page, '/users', {
      email: otherEmail,
      fullName: 'Olga Otheradmin',
      roles: ['admin', 'therapist'],
      password: PASSWORD,
    });
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto('/sign-in');
    await other.getByLabel('Email').fill(otherEmail);
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('heading', { level: 1 })).toContainText('Olga Otheradmin');
    await other.goto('/admin/users');
    const banner = other
      .getByRole('status')
      .filter({ hasText: 'Your clinic requires two-step sign-in for admins.' });
    await expect(banner).toBeVisible();
    await expect(other.getByRole('alert')).toContainText(/could not be loaded/);
    await snap(other, testInfo, 'admin-locked-out');
    await expectAccessible(other, testInfo, 'admin-locked-out');
    await banner.getByRole('link', { name: 'Set up two-step sign-in' }).click();
    await expect(other).toHaveURL(/\/account\/security$/);
    await expect(other.locator('.required')).toContainText('requires two-step sign-in for administrators');
    await context.close();

    // Sign out; signing in now asks for the code after the password.
    await openUserMenu(page);
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/sign-in/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Two-step sign-in', level: 1 })).toBeVisible();
    const codeField = page.getByLabel('6-digit code');
    await expect(codeField).toBeFocused();
    await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(codeField).toHaveAttribute('inputmode', 'numeric');
    await snap(page, testInfo, 'sign-in-code');
    await expectAccessible(page, testInfo, 'sign-in-code');

    await codeField.fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert')).toContainText('That code is not right');
    await expect(page.getByRole('alert')).toContainText('4 tries left');
    await expect(page.getByRole('heading', { name: 'Two-step sign-in', level: 1 })).toBeVisible();
    await snap(page, testInfo, 'sign-in-wrong-code');

    const signIn = await currentCode(secret, enrolled.step);
    await codeField.fill(signIn.code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Tess Twostep');
    await expect(page).toHaveURL(/\/$/);

    // The session survives a reload (refresh cookie), without asking for a code again.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Tess Twostep');
  });
});
