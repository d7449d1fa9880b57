import { expect, expectAccessible, PASSWORD, snap, test, uniqueEmail } from './support';

test.describe('admin screens', () => {
  test('an admin adds a therapist, changes roles, reads the audit log, edits the library and the clinic', async ({
    page,
  }, testInfo) => {
    const signup = await page.request.post('/api/v1/auth/signup', {
      data: {
        clinicName: 'Admin Physio',
        fullName: 'Ada Admin',
        email: uniqueEmail('ada'),
        password: PASSWORD,
      },
    });
    expect(signup.status()).toBe(201);

    // Users: create a therapist.
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    await expectAccessible(page, testInfo, 'admin-users');
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('Full name').fill('Theo Therapist');
    const email = uniqueEmail('theo');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await expectAccessible(page, testInfo, 'admin-new-user');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    await expect(page.locator('tr', { hasText: email })).toBeVisible();

    // Make Theo an admin too.
    await page.getByRole('button', { name: 'Change roles of Theo Therapist' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Administrator' }).check();
    await dialog.getByRole('button', { name: 'Save roles' }).click();
    await expect(page.locator('tr', { hasText: email })).toContainText(/Administrator|admin/i);
    await snap(page, testInfo, 'admin-users');

    // Audit log: the user creation and role change are there, filterable by action.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    await expect(page.getByText('user.create').first()).toBeVisible();
    await page.getByLabel('Action').fill('user.update');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/action=user\.update/);
    await expect(page.locator('tbody tr')).toHaveCount(1);
    await expectAccessible(page, testInfo, 'admin-audit');

    // Exercise library: global rows are read-only; add one of the clinic's own.
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Exercise library' })
      .click();
    await expect(page.locator('.badge.global').first()).toBeVisible();
    await page.getByRole('button', { name: 'New exercise' }).click();
    const ex = page.getByRole('dialog');
    await ex.getByLabel('Name').fill('Wall lean hip drop');
    await ex.getByRole('checkbox', { name: /glute med/i }).check();
    await ex
      .getByLabel('Instructions')
      .fill('Stand side-on to a wall, lean in, drop and lift the outside hip.');
    await ex.getByRole('button', { name: 'Add exercise' }).click();
    await expect(page.getByRole('button', { name: 'Edit Wall lean hip drop' })).toBeVisible();
    await expectAccessible(page, testInfo, 'admin-exercises');

    // Clinic settings.
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Clinic settings' })
      .click();
    await page.getByLabel('Clinic name').fill('Admin Physio & Running Lab');
    await page.getByRole('radio', { name: 'Miles (mi)' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();
    await expect(page.locator('.clinic')).toContainText('Admin Physio & Running Lab');
    await expectAccessible(page, testInfo, 'admin-clinic');
  });
});
