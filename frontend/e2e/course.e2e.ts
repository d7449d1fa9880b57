import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, expectAccessible, PASSWORD, snap, test, uniqueEmail } from './support';

/**
 * Issue 14: an IT-band course of care charted with the console's second-release tools — edit the
 * patient and the episode, a stray "New visit" deleted from the chart and another from the note
 * (so discharge is not blocked), manual therapy and service lines carried forward, a double click
 * on "Add addendum", discharge, archive — and the effort of a typical follow-up counted.
 */

async function signUpClinic(page: Page): Promise<void> {
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

/**
 * Counts what a therapist does: a click (or tap) per `click`, `check` and field reached by
 * `fill`, and a key per character typed by `fill` or key pressed by `press`. Printed at the end
 * of a flow as "N clicks + M keys", the way issue 14 counted today's follow-up.
 */
class EffortCounter {
  clicks = 0;
  keys = 0;

  constructor(private readonly page: Page) {}

  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }

  async check(target: Locator): Promise<void> {
    this.clicks++;
    await target.check();
  }

  /** Reaching the field is one click; each character is one key. */
  async fill(target: Locator, text: string): Promise<void> {
    this.clicks++;
    this.keys += [...text].length;
    await target.fill(text);
  }

  async press(key: string): Promise<void> {
    this.keys++;
    await this.page.keyboard.press(key);
  }

  report(): string {
    return `${this.clicks} clicks + ${this.keys} keys`;
  }
}

async function createPatient(page: Page): Promise<void> {
  await page.goto('/patients/new');
  await page.getByLabel('First name').fill('Jordan');
  await page.getByLabel('Last name').fill('Alvarez');
  await page.getByLabel('Date of birth').fill('1991-04-17');
  await page.getByRole('radio', { name: 'Female' }).check();
  await page.getByRole('button', { name: 'Create and open chart' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Alvarez');
}

async function startEpisode(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /New episode/ })
    .first()
    .click();
  await page.getByRole('radio', { name: 'Right', exact: true }).check();
  await page.getByLabel('Goals (optional, one per line)').fill('Run 10 km pain-free');
  await page.getByRole('button', { name: 'Start episode' }).click();
  await expect(page.getByRole('link', { name: /New visit/ })).toBeVisible();
}

async function signNote(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /^Sign…/ })
    .first()
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign note' }).click();
  await expect(page.locator('.signed-badge')).toBeVisible();
}

/** The initial evaluation: SOAP, pain, LEFS, one exercise, a manual-therapy row, a service line. */
async function chartInitialEvaluation(page: Page): Promise<void> {
  await page.getByRole('link', { name: /New visit/ }).click();
  await expect(page.locator('.draft-badge')).toBeVisible();
  await page.getByLabel('Subjective').fill('Lateral knee pain from 5 km into runs, worse downhill.');
  await page.getByLabel('Assessment').fill('ITBS right, weak hip abductors.');
  await page.getByLabel('Plan').fill('Hip strength, run-walk, review in a week.');
  await page.locator('#measure-nprs_activity').fill('7');
  await page.locator('#measure-lefs').fill('45');
  await page.getByLabel('Add exercise: search by name or target').fill('clamsh');
  await page.getByRole('option', { name: /Clamshell/ }).click();
  await page.getByRole('button', { name: /Add manual therapy/ }).click();
  await page.getByLabel('Region').first().fill('TFL / lateral hip');
  await page.locator('.mt-row').first().getByLabel('Minutes').fill('8');
  await page.keyboard.press('Alt+KeyB');
  await page.locator('.svc-row').first().getByLabel('Minutes').fill('23');
  await waitSaved(page);
  await signNote(page);
}

/**
 * A typical follow-up as a therapist charts it, counted: from the chart, "New visit", a line of
 * subjective, the pain score, assessment and plan, the manual therapy and the service line given
 * (typed only when the console did not carry them forward), sign. Measured on 8 Dec 2026 with
 * this same test: 12 clicks + 77 keys on the console before issue 14 (commit d83264f), 7 clicks
 * + 57 keys with manual therapy and service lines carried forward.
 */
async function chartFollowUp(page: Page, count: EffortCounter): Promise<void> {
  await count.click(page.getByRole('link', { name: /New visit/ }));
  await expect(page.locator('.draft-badge')).toBeVisible();
  await count.fill(page.getByLabel('Subjective'), 'Ran 5 km pain-free, tight after.');
  await count.fill(page.locator('#measure-nprs_activity'), '3');
  await count.fill(page.getByLabel('Assessment'), 'Improving.');
  await count.fill(page.getByLabel('Plan'), 'Progress load.');
  if ((await page.locator('.mt-row').count()) === 0) {
    await count.click(page.getByRole('button', { name: /Add manual therapy/ }));
    await count.fill(page.getByLabel('Region').first(), 'TFL / lateral hip');
    await count.fill(page.locator('.mt-row').first().getByLabel('Minutes'), '8');
  }
  if ((await page.locator('.svc-row').count()) === 0) {
    await count.click(page.getByRole('button', { name: /Add service line/ }));
    await count.fill(page.locator('.svc-row').first().getByLabel('Minutes'), '23');
  }
  await waitSaved(page);
  await count.click(page.getByRole('button', { name: /^Sign…/ }).first());
  await count.click(page.getByRole('dialog').getByRole('button', { name: 'Sign note' }));
  await expect(page.locator('.signed-badge')).toBeVisible();
}

function logEffort(testInfo: TestInfo, count: EffortCounter): void {
  const line = `typical follow-up: ${count.report()}`;
  console.log(line);
  testInfo.annotations.push({ type: 'effort', description: line });
}

test.describe('an IT-band course of care (issue 14)', () => {
  test('a typical follow-up, counted', async ({ page }, testInfo) => {
    await signUpClinic(page);
    await createPatient(page);
    await startEpisode(page);
    await chartInitialEvaluation(page);
    await page.getByRole('link', { name: 'Chart' }).click();

    const count = new EffortCounter(page);
    await chartFollowUp(page, count);
    logEffort(testInfo, count);
    // Manual therapy and the service line came with the visit: the note carries both.
    await expect(page.getByText('TFL / lateral hip').first()).toBeVisible();
    await expect(page.getByRole('rowheader', { name: /97110/ })).toBeVisible();
  });

  test('edit, carry forward, delete stray drafts, double-click an addendum, discharge and archive', async ({
    page,
  }, testInfo) => {
    await signUpClinic(page);
    await createPatient(page);
    const chartUrl = page.url();

    // Edit the patient: a phone number, with If-Match behind the scenes.
    await page.getByRole('link', { name: 'Edit patient' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Edit patient');
    await expect(page.getByLabel('Last name')).toHaveValue('Alvarez');
    await page.getByLabel('Phone (optional)').fill('+1 303 555 0142');
    await expectAccessible(page, testInfo, 'edit-patient');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(chartUrl);

    // A name too long says so, in the field's words.
    await page.getByRole('link', { name: 'Edit patient' }).click();
    await page.getByLabel('Last name').fill('x'.repeat(101));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Last name: at most 100 characters.')).toBeVisible();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(chartUrl);

    await startEpisode(page);

    // Edit the episode: one more planned visit and a second goal.
    await page.getByRole('button', { name: 'Edit episode' }).click();
    await page.getByLabel('Planned visits').fill('5');
    await page.getByLabel('Goals (optional, one per line)').fill('Run 10 km pain-free\nHop on the right leg');
    await expectAccessible(page, testInfo, 'edit-episode');
    await page.getByRole('button', { name: 'Save episode' }).click();
    await expect(page.getByText('Hop on the right leg')).toBeVisible();
    await expect(page.getByText('Visit 0 of 5').first()).toBeVisible();

    await chartInitialEvaluation(page);
    const initialUrl = page.url();

    // A stray "New visit", deleted from the chart's timeline.
    await page.getByRole('link', { name: 'Chart' }).click();
    await page.getByRole('link', { name: /New visit/ }).click();
    await expect(page.locator('.draft-badge')).toBeVisible();
    // The follow-up came with the last signed visit's manual therapy and service line.
    await expect(page.getByLabel('Region').first()).toHaveValue('TFL / lateral hip');
    await expect(page.locator('.svc-row').first().getByLabel('Minutes')).toHaveValue('23');
    await page.getByRole('link', { name: 'Chart' }).click();
    await page.getByRole('button', { name: /^Delete draft visit 2/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Delete this draft?');
    await expectAccessible(page, testInfo, 'delete-draft-dialog');
    await dialog.getByRole('button', { name: 'Delete draft' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: /^Delete draft visit/ })).toHaveCount(0);
    await expect(page.locator('.visits li')).toHaveCount(1);

    // Another, deleted from the note itself: back to the chart.
    await page.getByRole('link', { name: /New visit/ }).click();
    await expect(page.locator('.draft-badge')).toBeVisible();
    await page.getByRole('button', { name: /Delete draft…/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete draft' }).click();
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}\?episode=/);
    await expect(page.locator('.visits li')).toHaveCount(1);

    // Double click on "Add addendum": one addendum, no error.
    await page.goto(initialUrl);
    await page.getByLabel('Addendum').fill('Pain score taken after the warm-up run.');
    await page.getByRole('button', { name: 'Add addendum' }).dblclick();
    await expect(page.getByText('Pain score taken after the warm-up run.')).toBeVisible();
    await expect(page.locator('.addendum')).toHaveCount(1);
    await expect(page.locator('.addenda [role="alert"]')).toHaveText('');
    await snap(page, testInfo, 'addendum-double-click');

    // Archive is refused while the episode is active, and says why.
    await page.getByRole('link', { name: 'Chart' }).click();
    await page.getByRole('button', { name: 'Archive patient…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive patient' }).click();
    await expect(page.getByRole('dialog')).toContainText('has an active episode of care');
    await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();

    // No draft left over: discharge goes through.
    await page.getByText('Discharge or cancel this episode').click();
    await page.getByRole('button', { name: 'Discharge', exact: true }).click();
    await expect(page.locator('.status-badge.status-discharged').first()).toBeVisible();

    // Archive: read-only with a badge.
    await page.getByRole('button', { name: 'Archive patient…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive patient' }).click();
    await expect(page.locator('.archived-badge')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Archive patient…' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Edit patient' })).toHaveCount(0);
    await snap(page, testInfo, 'chart-archived');
    await expectAccessible(page, testInfo, 'chart-archived');

    // The patient list leaves archived patients out unless asked, then marks them.
    await page.goto('/patients');
    await expect(page.locator('tbody tr')).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Include archived patients' }).check();
    await expect(page.locator('tbody tr', { hasText: 'Alvarez, Jordan' })).toContainText('Archived');
    await expectAccessible(page, testInfo, 'patients-archived');
  });

  // Needs the API's 409 /problems/possible-duplicate (SPEC §2), built on another branch of issue 14;
  // the prompt itself is covered by new-patient.component.spec.ts. Remove `fixme` at the merge.
  test.fixme('the duplicate prompt: the same name and date of birth, then "Create anyway"', async ({
    page,
  }, testInfo) => {
    await signUpClinic(page);
    await createPatient(page);
    const first = page.url();
    await page.goto('/patients/new');
    await page.getByLabel('First name').fill('jordan ');
    await page.getByLabel('Last name').fill('ÁLVAREZ');
    await page.getByLabel('Date of birth').fill('1991-04-17');
    await page.getByRole('radio', { name: 'Female' }).check();
    await page.getByRole('button', { name: 'Create and open chart' }).click();
    const prompt = page.getByRole('region', { name: /may already exist/ });
    await expect(prompt).toBeVisible();
    await expect(prompt.getByRole('link', { name: /MRN P-000001/ })).toHaveAttribute(
      'href',
      new URL(first).pathname,
    );
    await expectAccessible(page, testInfo, 'duplicate-prompt');
    await prompt.getByRole('button', { name: 'Create anyway' }).click();
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
    expect(page.url()).not.toBe(first);
  });
});
