import { expect, test, type APIRequestContext } from '@playwright/test';
import { ensureAdmin, shot, shotWide, signIn } from './shots';

test.describe.configure({ mode: 'serial' });

async function whoami(request: APIRequestContext, secret: string) {
  const res = await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': secret } });
  return { status: res.status(), body: await res.json() };
}

let secret = '';

test('a Security Manager generates a token with a whitelist and an expiry', async ({ page, request, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await ensureAdmin(request);
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByText('No API tokens yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Name').fill('Billing sync');
  await drawer.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Auditor' }).click();
  await drawer.getByLabel('Expired date').click();
  await page.getByRole('option', { name: '1 month' }).click();
  await drawer.getByLabel('IP 1', { exact: true }).fill('10.0.0.0/8');
  await drawer.getByRole('button', { name: 'New IP' }).click();
  await drawer.getByLabel('IP 2', { exact: true }).fill('192.168.1.7/24');
  await drawer.getByRole('button', { name: 'Generate token' }).click();
  await expect(drawer.getByText('did you mean 192.168.1.0/24?')).toBeVisible();
  await shot(page, '20-token-add-drawer');
  await drawer.getByLabel('IP 2', { exact: true }).fill('2001:db8::/32');
  await drawer.getByRole('button', { name: 'Generate token' }).click();

  const dialog = page.getByRole('dialog', { name: /Copy the token for Billing sync/ });
  await expect(dialog.getByText('It will not be shown again')).toBeVisible();
  await dialog.getByRole('button', { name: 'Copy token' }).click();
  secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toMatch(/^kw_[0-9A-Za-z]{49}$/);
  await expect(dialog.getByTestId('token-secret')).toHaveText(secret);
  await shot(page, '21-token-secret-dialog');
  await dialog.getByRole('button', { name: 'I have copied it' }).click();

  const row = page.getByRole('row', { name: /Billing sync/ });
  await expect(row).toContainText('10.0.0.0/8');
  await expect(row).toContainText('active');
  await shot(page, '22-tokens-list');
});

test('the token works only from a whitelisted address, and edits apply at once', async ({ page, request }) => {
  // The test calls from 127.0.0.1, which is not on the whitelist yet.
  let r = await whoami(request, secret);
  expect(r.status).toBe(403);
  expect(r.body).toEqual({ error: 'forbidden', message: 'request IP is not whitelisted for this token' });

  await signIn(page);
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Billing sync', exact: true }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('New IP', { exact: true }).fill('127.0.0.1');
  await drawer.getByRole('button', { name: 'New IP' }).click();
  await expect(drawer.getByText('127.0.0.1/32')).toBeVisible();
  await drawer.getByLabel('Name').fill('Billing sync (prod)');
  await drawer.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Security Manager' }).click();
  await shot(page, '23-token-edit-drawer');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Its secret is unchanged.')).toBeVisible();

  r = await whoami(request, secret);
  expect(r.status).toBe(200);
  expect(r.body.token.name).toBe('Billing sync (prod)');
  expect(r.body.role.name).toBe('Security Manager');
  expect(r.body.ip).toBe('127.0.0.1');
  expect((await whoami(request, secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'))).status).toBe(401);
});

test('details, regenerate, revoke and delete', async ({ page, request, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Actions for Billing sync (prod)' }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  await expect(page.getByRole('heading', { name: 'Billing sync (prod)' })).toBeVisible();
  await expect(page.getByText('by ada@example.com')).toBeVisible();
  await expect(page.getByRole('cell', { name: '127.0.0.1/32', exact: true })).toBeVisible();
  await shot(page, '24-token-detail');

  await page.getByRole('button', { name: 'Regenerate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Regenerate' }).click();
  const dialog = page.getByRole('dialog', { name: /Copy the token/ });
  const fresh = (await dialog.getByTestId('token-secret').textContent())!.trim();
  expect(fresh).not.toBe(secret);
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  expect((await whoami(request, secret)).status).toBe(401);
  expect((await whoami(request, fresh)).status).toBe(200);

  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByText('revoked', { exact: true }).first()).toBeVisible();
  expect((await whoami(request, fresh)).status).toBe(401);

  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Are you sure? This action cannot be undone.')).toBeVisible();
  await shot(page, '25-token-delete-confirm');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete token' }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(page.getByText('No API tokens yet')).toBeVisible();
});

test('the Developer API page runs GraphQL in the bundled playground', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Developer API' }).click();
  const playground = page.getByTestId('playground');
  await expect(playground.locator('.graphiql-container')).toBeVisible({ timeout: 30_000 });
  // The editors load lazily (Monaco and its workers): run the query once it is in the editor,
  // and run it again if the first click came before the editor was wired up.
  await expect(playground.locator('.graphiql-query-editor .view-lines')).toContainText(/query.Me/, { timeout: 30_000 });
  await expect(async () => {
    await playground.getByRole('button', { name: /Execute query/ }).click();
    await expect(playground.getByText('"email": "ada@example.com"')).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await shot(page, '26-developer-playground');
  await page.getByRole('tab', { name: 'Machine API' }).click();
  await expect(page.getByText(/\/api\/v1\/whoami/).first()).toBeVisible();
  await expect(page.getByText('Sign a script in as a user (POST /api/v1/auth/login)')).toBeVisible();
  await shotWide(page, '27-developer-examples');
});
