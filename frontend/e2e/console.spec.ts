import { expect, test } from '@playwright/test';
import { admin, password, shot, shotWide, signIn } from './shots';

// One story, in order: a newcomer sets Keyward up, signs in, shapes a role and adds a user.
test.describe.configure({ mode: 'serial' });

test('first run: set-up creates the administrator and signs them in', async ({ page }) => {
  await page.goto('/users');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up Keyward' })).toBeVisible();
  await shot(page, '01-setup');

  // Bad input is named beside its field and nothing is created.
  await page.getByLabel('Name').fill(admin.name);
  await page.getByLabel('Email').fill('not-an-email');
  await password(page).fill('short');
  await page.getByLabel('Confirm password').fill('short');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('"not-an-email" is not a valid email address')).toBeVisible();
  await page.getByLabel('Email').fill(admin.email);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('password must be at least 12 characters')).toBeVisible();
  await shot(page, '02-setup-errors');

  // The strength meter says what the server would: a common password is too easy to guess.
  await password(page).fill('passwordpassword');
  await expect(page.getByTestId('password-strength')).toHaveText(/Too easy to guess/);
  await page.getByLabel('Confirm password').fill('passwordpassword');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText(/this password is too easy to guess/)).toBeVisible();
  await shotWide(page, '02b-setup-weak-password');

  await password(page).fill(admin.password);
  await expect(page.getByTestId('password-strength')).toHaveText('Strong');
  await page.getByLabel('Confirm password').fill(admin.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('heading', { name: /Welcome, Ada/ })).toBeVisible();
  await shot(page, '03-home');
});

test('sign out, then sign in again (with a wrong password first)', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await password(page).fill('wrong password!!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Invalid email or password.');
  await shot(page, '04-login-error');
  await password(page).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Welcome, Ada/ })).toBeVisible();

  // A deep link survives the sign-in.
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByText('user.login').first()).toBeVisible();
  await shot(page, '05-audit');
});

test('create a role in the permission matrix', async ({ page }) => {
  await signIn(page);
  await page.goto('/modules');
  await page.getByRole('button', { name: 'Add module' }).click();
  await page.getByLabel('Name').fill('Clients');
  await page.getByLabel('Key').fill('clients');
  await page.getByLabel('Description').fill('Customer records');
  await page.getByRole('button', { name: 'Add module' }).last().click();
  await expect(page.getByRole('cell', { name: 'clients', exact: true })).toBeVisible();
  await shotWide(page, '06-modules');

  await page.goto('/roles');
  await expect(page.getByRole('cell', { name: /Security Manager/ })).toBeVisible();
  await shotWide(page, '07-roles');
  await page.getByRole('link', { name: 'Add role' }).click();
  await page.getByLabel('Name').fill('Support agent');
  await page.getByLabel('Description').fill('Reads clients and the audit log');
  await page.getByRole('checkbox', { name: 'clients:read' }).check();
  await page.getByRole('checkbox', { name: 'clients:update' }).check();
  await page.getByRole('checkbox', { name: 'audit:read' }).check();
  await page.getByRole('checkbox', { name: 'All read' }).check();
  await expect(page.getByRole('checkbox', { name: 'users:read' })).toBeChecked();
  await shotWide(page, '08-role-matrix');
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(/\/roles$/);
  const row = page.getByRole('row', { name: /Support agent/ });
  // clients:update, and every :read: applications, audit, clients, partners, roles, tokens, users.
  await expect(row).toContainText('8 permissions');
});

test('add a user with that role, then log out', async ({ page }) => {
  await signIn(page);
  await page.goto('/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Name').fill('Grace Hopper');
  await drawer.getByRole('textbox', { name: 'Email' }).fill('ADA@example.com');
  await drawer.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Support agent' }).click();
  await password(drawer).fill('another long passphrase');
  await drawer.getByRole('button', { name: 'Add user' }).click();
  await expect(drawer.getByText('a user with the email ada@example.com already exists')).toBeVisible();
  await shot(page, '09-user-drawer-error');
  await drawer.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
  await drawer.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('cell', { name: /Grace Hopper/ })).toBeVisible();
  await expect(page.getByText('Showing 1–2 of 2 users')).toBeVisible();
  await shot(page, '10-users');

  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fusers/);

  // The new user signs in and sees only what their role allows.
  await page.getByLabel('Email').fill('grace@example.com');
  await password(page).fill('another long passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await shot(page, '11-support-agent-view');
});
