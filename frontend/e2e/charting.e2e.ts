import type { Page } from '@playwright/test';
import { expect, expectAccessible, PASSWORD, snap, test, uniqueEmail } from './support';

/**
 * A therapist's day, clicked through as a clinician would: a new patient and episode, an
 * initial evaluation charted and signed, a follow-up where the prescription carries forward
 * and one dose changes, the trend chart with both points, an addendum, and two tabs editing
 * one draft.
 */

async function signUpClinic(page: Page): Promise<void> {
  // Signing up through the API sets the refresh cookie in this browser context; the console
  // then restores the session from it, as after a reload.
  const res = await page.request.post('/api/v1/auth/signup', {
    data: {
      clinicName: 'Riverside Running Physio',
      fullName: 'Maya Okafor',
      email: uniqueEmail('maya'),
      password: PASSWORD,
    },
  });
  expect(res.status()).toBe(201);
}

async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('.save-status')).toHaveAttribute('data-status', 'saved', { timeout: 15_000 });
}

async function signNote(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /^Sign…/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/locks this note/i);
  await dialog.getByRole('button', { name: 'Sign note' }).click();
  await expect(page.locator('.signed-badge')).toBeVisible();
}

async function apiVisit(page: Page, id: string): Promise<{ subjective: string | null; version: number }> {
  const token = await page.evaluate(async () => {
    const r = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    return ((await r.json()) as { accessToken: string }).accessToken;
  });
  const res = await page.request.get(`/api/v1/visits/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return (await res.json()) as { subjective: string | null; version: number };
}

test.describe('charting', () => {
  test('new patient → initial evaluation → follow-up with the prescription carried forward → trend → addendum', async ({
    page,
  }, testInfo) => {
    await signUpClinic(page);

    // Patients: empty list, create one.
    await page.goto('/patients');
    await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
    await expectAccessible(page, testInfo, 'patients');
    await page.getByRole('link', { name: 'New patient' }).first().click();
    await page.getByLabel('First name').fill('Jordan');
    await page.getByLabel('Last name').fill('Alvarez');
    await page.getByLabel('Date of birth').fill('1991-04-17');
    await page.getByRole('radio', { name: 'Female' }).check();
    await expectAccessible(page, testInfo, 'new-patient');
    await page.getByRole('button', { name: 'Create and open chart' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Alvarez');
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}/);

    // Episode of care with the IT-band defaults.
    await page
      .getByRole('button', { name: /New episode/ })
      .first()
      .click();
    await page.getByRole('radio', { name: 'Right', exact: true }).check();
    await page.getByRole('button', { name: 'Start episode' }).click();
    await expect(page.getByRole('link', { name: /New visit/ })).toBeVisible();
    await snap(page, testInfo, 'chart-new-episode');
    await expectAccessible(page, testInfo, 'chart-empty');

    // Initial evaluation.
    await page.getByRole('link', { name: /New visit/ }).click();
    await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
    await expect(page.locator('.draft-badge')).toBeVisible();
    await page.getByLabel('Subjective').fill('Lateral knee pain from 5 km into runs, worse downhill.');
    await page.locator('#measure-nprs_activity').fill('7');
    await page.locator('#measure-lefs').fill('45');
    await page.getByLabel('Add exercise: search by name or target').fill('clamsh');
    await page.getByRole('option', { name: /Clamshell/ }).click();
    await page.getByRole('button', { name: /Add manual therapy/ }).click();
    await page.getByLabel('Region').first().fill('TFL / lateral hip');
    await page.keyboard.press('Alt+KeyB');
    await page.getByLabel('Minutes').last().fill('23');
    await waitSaved(page);
    await snap(page, testInfo, 'initial-evaluation-draft');
    await expectAccessible(page, testInfo, 'visit-note-draft');
    const firstUrl = page.url();
    await signNote(page);
    await expectAccessible(page, testInfo, 'visit-note-signed');

    // Follow-up: the prescription is carried forward; progress one dose.
    await page.getByRole('link', { name: 'Chart' }).click();
    await page.getByRole('link', { name: /New visit/ }).click();
    await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
    expect(page.url()).not.toBe(firstUrl);
    await expect(page.getByText('Clamshell').first()).toBeVisible();
    await page.locator('#measure-nprs_activity').fill('3');
    await page.getByLabel('Load').first().fill('red band');
    await waitSaved(page);
    await signNote(page);
    const followUpUrl = page.url();

    // The chart: both points on the pain trend, and the home programme with the new dose.
    await page.getByRole('link', { name: 'Chart' }).click();
    // The pain trend's own table (named by its caption), not whichever table shows a 7.
    const painChart = page.getByRole('figure', { name: /^Pain during activity/ });
    await painChart.getByText('Values as a table').click();
    const painTable = painChart.getByRole('table', { name: /^Pain during activity/ });
    await expect(painTable).toBeVisible();
    const painRows = painTable.locator('tbody tr');
    await expect(painRows).toHaveCount(2);
    // Cells after the visit's row header: week, date, score, status, change from baseline.
    await expect(painRows.nth(0).getByRole('cell').nth(2)).toHaveText('7');
    await expect(painRows.nth(1).getByRole('cell').nth(2)).toHaveText('3');
    await expect(page.getByText('red band').first()).toBeVisible();
    await snap(page, testInfo, 'chart-two-visits');
    await expectAccessible(page, testInfo, 'chart');

    // Addendum on the signed follow-up.
    await page.goto(followUpUrl);
    await page.getByLabel('Addendum').fill('Pain score taken after the warm-up run.');
    await page.getByRole('button', { name: 'Add addendum' }).click();
    await expect(page.getByText('Pain score taken after the warm-up run.')).toBeVisible();
    await snap(page, testInfo, 'signed-with-addendum');
  });

  test('two tabs editing one draft: the second save meets a conflict and nothing is overwritten silently', async ({
    page,
    context,
  }, testInfo) => {
    await signUpClinic(page);
    await page.goto('/patients/new');
    await page.getByLabel('First name').fill('Casey');
    await page.getByLabel('Last name').fill('Nguyen');
    await page.getByLabel('Date of birth').fill('1987-09-02');
    await page.getByRole('radio', { name: 'Male', exact: true }).check();
    await page.getByRole('button', { name: 'Create and open chart' }).click();
    await page
      .getByRole('button', { name: /New episode/ })
      .first()
      .click();
    await page.getByRole('radio', { name: 'Left', exact: true }).check();
    await page.getByRole('button', { name: 'Start episode' }).click();
    await page.getByRole('link', { name: /New visit/ }).click();
    await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
    await expect(page.locator('.draft-badge')).toBeVisible();
    const url = page.url();
    const visitId = url.split('/').pop()!;

    const other = await context.newPage();
    await other.goto(url);
    await expect(other.locator('.draft-badge')).toBeVisible();

    await page.getByLabel('Subjective').fill('Written in tab one.');
    await waitSaved(page);

    await other.getByLabel('Subjective').fill('Written in tab two.');
    await expect(other.getByRole('button', { name: 'Take mine' })).toBeVisible({ timeout: 15_000 });
    await expect(other.getByText('Written in tab one.').first()).toBeVisible();
    await snap(other, testInfo, 'conflict');
    await expectAccessible(other, testInfo, 'conflict');
    expect((await apiVisit(other, visitId)).subjective).toBe('Written in tab one.');

    await other.getByRole('button', { name: 'Take mine' }).click();
    await waitSaved(other);
    const saved = await apiVisit(other, visitId);
    expect(saved.subjective).toBe('Written in tab two.');
    expect(saved.version).toBeGreaterThanOrEqual(3);
  });
});
