import type { Page } from '@playwright/test';
import { expect, expectAccessible, PASSWORD, snap, test, uniqueEmail } from './support';

/** Calls the API as the signed-in browser session (access token from the refresh cookie). */
async function api<T = unknown>(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  data?: unknown,
): Promise<T> {
  const token = await page.evaluate(async () => {
    const r = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    return ((await r.json()) as { accessToken: string }).accessToken;
  });
  const res = await page.request.fetch(`/api/v1${path}`, {
    method,
    data,
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok(), `${method} ${path} → ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const at = (n: number) => `${daysAgo(n)}T15:00:00Z`;

/** A clinic with three IT-band courses (one discharged, one improving, one gone quiet) and a therapist. */
async function seedClinic(
  page: Page,
): Promise<{ therapistEmail: string; staleEpisodeId: string; stalePatientId: string }> {
  const signup = await page.request.post('/api/v1/auth/signup', {
    data: {
      clinicName: 'Outcome Physio',
      fullName: 'Ada Admin',
      email: uniqueEmail('ada'),
      password: PASSWORD,
    },
  });
  expect(signup.status()).toBe(201);
  await page.goto('/');
  // The console restores its session first; only then refresh from the test (no racing rotation).
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const therapistEmail = uniqueEmail('theo');
  const theo = await api<{ id: string }>(page, 'POST', '/users', {
    email: therapistEmail,
    fullName: 'Theo Therapist',
    roles: ['therapist'],
    password: PASSWORD,
  });

  const course = async (
    first: string,
    start: number,
    pains: [number, number][],
    discharge?: number,
    therapistId?: string,
  ) => {
    const p = await api<{ id: string }>(page, 'POST', '/patients', {
      firstName: first,
      lastName: 'Runner',
      dateOfBirth: '1990-01-01',
      sex: 'female',
    });
    const e = await api<{ id: string }>(page, 'POST', `/patients/${p.id}/episodes`, {
      diagnosisCode: 'M76.31',
      diagnosisLabel: 'Iliotibial band syndrome, right leg',
      bodySide: 'right',
      startDate: daysAgo(start),
      ...(therapistId ? { therapistId } : {}),
    });
    for (const [i, [day, pain]] of pains.entries()) {
      const v = await api<{ id: string }>(page, 'POST', `/episodes/${e.id}/visits`, {
        visitDate: at(day),
        visitType: i === 0 ? 'initial_evaluation' : 'follow_up',
        measurements: [
          { instrument: 'nprs_activity', value: pain },
          { instrument: 'lefs', value: 40 + (7 - pain) * 5 },
        ],
      });
      await api(page, 'POST', `/visits/${v.id}/sign`);
    }
    if (discharge !== undefined) {
      await api(page, 'POST', `/episodes/${e.id}/discharge`, {
        date: daysAgo(discharge),
        reason: 'goals_met',
      });
    }
    return { patientId: p.id, episodeId: e.id };
  };
  await course(
    'Ana',
    40,
    [
      [40, 7],
      [30, 4],
      [20, 1],
    ],
    20,
  );
  // Bo is treated by Theo.
  await course(
    'Bo',
    20,
    [
      [20, 6],
      [10, 3],
    ],
    undefined,
    theo.id,
  );
  const stale = await course('Cy', 80, [[79, 8]]);
  return { therapistEmail, staleEpisodeId: stale.episodeId, stalePatientId: stale.patientId };
}

test.describe('outcomes dashboard', () => {
  test('its KPIs equal the API, filters live in the URL, off-track rows open the chart, CSV downloads', async ({
    page,
  }, testInfo) => {
    const seeded = await seedClinic(page);
    await page.goto('/outcomes');
    await expect(page.getByRole('heading', { name: 'Outcomes', level: 1 })).toBeVisible();
    await expect(page.locator('[data-kpi="episodes"]')).toHaveText('3');

    const answer = await api<{
      episodes: { total: number; active: number; discharged: number };
      visitsPerDischargedEpisode: { mean: number | null };
      weeksToDischarge: { median: number | null };
      measures: Record<string, { mcidRate: number } | null>;
    }>(page, 'GET', '/analytics/outcomes');
    const oneDecimal = (v: number | null) => (v === null ? '—' : (Math.round(v * 10) / 10).toFixed(1));
    const percent = (m: { mcidRate: number } | null) =>
      m === null ? '—' : `${Math.round(m.mcidRate * 100)}%`;
    await expect(page.locator('[data-kpi="episodes"]')).toHaveText(String(answer.episodes.total));
    await expect(page.locator('[data-kpi="active"]')).toHaveText(String(answer.episodes.active));
    await expect(page.locator('[data-kpi="discharged"]')).toHaveText(String(answer.episodes.discharged));
    await expect(page.locator('[data-kpi="mean-visits"]')).toHaveText(
      oneDecimal(answer.visitsPerDischargedEpisode.mean),
    );
    await expect(page.locator('[data-kpi="median-weeks"]')).toHaveText(
      oneDecimal(answer.weeksToDischarge.median),
    );
    await expect(page.locator('[data-kpi="nprs-mcid-rate"]')).toHaveText(
      percent(answer.measures.nprs_activity),
    );
    await expect(page.locator('[data-kpi="lefs-mcid-rate"]')).toHaveText(percent(answer.measures.lefs));
    // and the API's numbers are the hand-computed ones: Ana 7→1 and Bo 6→3 both reach MCID
    expect(answer.episodes).toMatchObject({ total: 3, active: 2, discharged: 1 });
    expect(answer.measures.nprs_activity?.mcidRate).toBe(1);
    await snap(page, testInfo, 'dashboard');
    await expectAccessible(page, testInfo, 'dashboard');

    // A filter changes the URL and the figures.
    await page.getByLabel('Start date from').fill(daysAgo(30));
    await page.getByLabel('Start date from').press('Enter');
    await expect(page).toHaveURL(new RegExp(`from=${daysAgo(30)}`));
    await expect(page.locator('[data-kpi="episodes"]')).toHaveText('1');
    await page.reload();
    await expect(page.locator('[data-kpi="episodes"]')).toHaveText('1');

    // The off-track table (whatever the dates) opens the right chart.
    await expect(page.locator('[data-off-track="total"]')).toHaveText('1');
    await page.locator('.off-track-table a').first().click();
    await expect(page).toHaveURL(
      new RegExp(`/patients/${seeded.stalePatientId}\\?episode=${seeded.staleEpisodeId}`),
    );
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Cy Runner');

    // CSV download.
    await page.goBack();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download CSV/ }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(
      /^episode_id,mrn,patient,therapist,diagnosis_code,start_date,status/,
    );
    expect(csv).toContain('Bo Runner');
  });

  test('a therapist sees only their own episodes and is refused the admin screens', async ({
    page,
    browser,
  }, testInfo) => {
    const seeded = await seedClinic(page);
    const context = await browser.newContext();
    const therapist = await context.newPage();
    await therapist.goto('/sign-in');
    await therapist.getByLabel('Email').fill(seeded.therapistEmail);
    await therapist.getByLabel('Password').fill(PASSWORD);
    await therapist.getByRole('button', { name: 'Sign in' }).click();
    await expect(therapist.getByRole('link', { name: 'Outcomes' })).toBeVisible();
    await expect(therapist.getByRole('link', { name: 'Admin' })).toHaveCount(0);

    await therapist.goto('/admin/users');
    await expect(therapist).not.toHaveURL(/\/admin/);

    await therapist.goto('/outcomes');
    await expect(therapist.locator('.scope-badge[data-scope="own"]')).toBeVisible();
    await expect(therapist.locator('[data-kpi="episodes"]')).toHaveText('1');
    await expect(therapist.locator('[data-kpi="nprs-mcid-rate"]')).toHaveText('100%');
    await expect(therapist.getByRole('button', { name: /Download CSV/ })).toHaveCount(0);
    await snap(therapist, testInfo, 'dashboard-therapist');
    await expectAccessible(therapist, testInfo, 'dashboard-therapist');
    await context.close();
  });
});
