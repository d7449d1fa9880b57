import { expect, expectAccessible, PASSWORD, snap, test, uniqueEmail } from './support';

test.describe('signing up and in', () => {
  test('a new clinic signs up, signs out, signs back in, and a reload keeps the session', async ({
    page,
  }, testInfo) => {
    const email = uniqueEmail('owner');
    await page.goto('/sign-up');
    await expectAccessible(page, testInfo, 'sign-up');
    await page.getByLabel('Clinic name').fill('Trailhead Physio');
    await page.getByLabel('Your full name').fill('Robin Ortega');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /create/i }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Robin Ortega');
    await snap(page, testInfo, 'home');
    await expectAccessible(page, testInfo, 'home');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Robin Ortega');

    await page.getByRole('button', { name: /account/i }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/sign-in/);
    await expectAccessible(page, testInfo, 'sign-in');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(/do not match/i);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Robin Ortega');
  });
});
