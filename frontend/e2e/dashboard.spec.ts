import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureAdmin, shot, shotWide, signIn } from './shots';

// The console people live in: the home page's figures from real token uses and refusals, the
// tokens list (sorting, the open-to-every-address filter, bulk revocation, a phone's cards),
// the token editor's one save model (an untouched Save changes nothing) and the token's page.
//
// The figures count every token of the database, so this file serves a database of its own on
// a port of its own: what it creates, uses and revokes never reaches the other specs.
test.describe.configure({ mode: 'serial' });

const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.KEYWARD_E2E_PORT ?? 18080) + 60;
const base = `http://127.0.0.1:${port}`;
const dbFile = `test-output/e2e-dashboard-${Date.now()}.db`;
let server: ChildProcess | undefined;

test.use({ baseURL: base });

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function whoami(request: APIRequestContext, secret: string) {
  return (await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': secret } })).status();
}

const days = (n: number) => new Date(Date.now() + n * 86400e3).toISOString();
const tokens: Record<string, { id: string; secret: string }> = {};

async function expiryOf(page: Page, id: string) {
  const { token } = await gql(page.request, 'query($id:ID!){ token(id:$id){ expiresAt updatedAt expiryReminders name } }', { id });
  return token;
}

test.beforeAll(async () => {
  mkdirSync(`${root}test-output`, { recursive: true });
  server = spawn('./bin/keyward', ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', `sqlite:${dbFile}`, '--base-url', base], { cwd: root, stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 150) throw new Error('keyward did not start for the dashboard spec');
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('the home page counts what needs attention, from real uses and refusals', async ({ page, request }) => {
  await ensureAdmin(request);
  await signIn(page);
  // A new console: the figures say there is nothing to see yet, in words.
  await expect(page.getByRole('region', { name: 'Expiring soon' })).toContainText('No active token expires in the next 15 days.');
  await expect(page.getByRole('region', { name: 'Token use, last 14 days' })).toContainText('No token was used in the last 14 days.');

  const { roles } = await gql(page.request, '{ roles { id name } }');
  const auditor = roles.find((r: { name: string }) => r.name === 'Auditor').id;
  const make = async (name: string, expiresAt: string, whitelist: string[]) => {
    const { createToken } = await gql(page.request, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }', { i: { name, roleId: auditor, expiresAt, whitelist } });
    tokens[name] = { id: createToken.token.id, secret: createToken.secret };
  };
  await make('Billing export', days(5), ['10.0.0.0/8']);
  await make('Nightly sync', days(90), []);
  await make('Partner upload', days(200), ['127.0.0.1']);

  // Three uses that pass, two refused: the tests call from 127.0.0.1, not on Billing export's whitelist.
  for (let i = 0; i < 3; i++) expect(await whoami(request, tokens['Nightly sync']!.secret)).toBe(200);
  for (let i = 0; i < 2; i++) expect(await whoami(request, tokens['Billing export']!.secret)).toBe(403);
  expect(await whoami(request, tokens['Partner upload']!.secret)).toBe(200);
  // Uses and refusals are written in batches, every few seconds.
  await expect(async () => {
    const { dashboard } = await gql(page.request, '{ dashboard { refusedLast24h { reason count } usage(days: 1) { ok refused } } }');
    expect(dashboard.usage[0]).toEqual({ ok: 4, refused: 2 });
    expect(dashboard.refusedLast24h).toEqual([{ reason: 'ip_not_allowed', count: 2 }]);
  }).toPass({ timeout: 30_000 });

  await page.goto('/');
  const expiring = page.getByRole('region', { name: 'Expiring soon' });
  await expect(expiring.getByTestId('figure')).toHaveText('1');
  await expect(expiring.getByRole('link', { name: 'Billing export' })).toBeVisible();
  const refused = page.getByRole('region', { name: 'Refused, last 24 hours' });
  await expect(refused.getByTestId('figure')).toHaveText('2');
  await expect(refused).toContainText('Address not whitelisted');
  const open = page.getByRole('region', { name: 'Open to every address' });
  await expect(open.getByTestId('figure')).toHaveText('1');
  await expect(page.getByRole('region', { name: 'Approvals waiting for you' })).toContainText('Nothing waits for your decision.');
  const usage = page.getByRole('region', { name: 'Token use, last 14 days' });
  await expect(usage).toContainText('4 successful verifications, 2 refused');
  // The chart (@mantine/charts, loaded after the figures): today's one stack of successful and refused uses.
  await expect(usage.getByText('Successful', { exact: true })).toBeVisible();
  await expect(usage.getByText('Refused', { exact: true })).toBeVisible();
  await expect(usage.locator('path.recharts-rectangle')).toHaveCount(2);
  await shotWide(page, '80-home-dashboard');

  // Each card leads to its list, filtered the same way.
  await open.getByRole('link', { name: /See them in the list/ }).click();
  await expect(page).toHaveURL(/\/tokens\?open=1&status=ACTIVE$/);
  await expect(page.getByRole('checkbox', { name: 'Open to every address' })).toBeChecked();
  await expect(page.getByRole('row', { name: /Nightly sync/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Billing export|Partner upload/ })).toHaveCount(0);
});

test('the tokens list sorts on the server, and a token shows its use and its last refusal', async ({ page }) => {
  await signIn(page);
  await page.goto('/tokens');
  const names = () => page.getByRole('table').getByRole('row').locator('td:nth-child(2) button, td:nth-child(2) a').first();
  await expect(page.getByRole('row')).toHaveCount(4);
  // Newest first, then by name, then by expiry, latest first.
  await expect(names()).toHaveText('Partner upload');
  await page.getByRole('columnheader', { name: /Token/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Token/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(names()).toHaveText('Billing export');
  await page.getByRole('columnheader', { name: /Expires/ }).getByRole('button').click();
  await page.getByRole('columnheader', { name: /Expires/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Expires/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(names()).toHaveText('Partner upload');
  await expect(page).toHaveURL(/sort=EXPIRES_AT&dir=DESC/);
  await shotWide(page, '83-tokens-list');

  await page.goto(`/tokens/${tokens['Billing export']!.id}`);
  await expect(page.getByRole('heading', { name: 'Billing export' })).toBeVisible();
  await expect(page.getByText(/called from an address not on the whitelist/)).toBeVisible();
  await expect(page.getByRole('img', { name: /0 successful and 2 refused uses in 30 days/ })).toBeVisible();
  // The token's page loads the charting library on demand, then draws its bars.
  await expect(page.locator('path.recharts-rectangle').first()).toBeVisible();
  // Every module of the role, not the first two.
  await expect(page.getByTestId('permission-module').first()).toBeVisible();
  await shotWide(page, '81-token-detail');
});

test('an untouched Save changes nothing; a real change is listed before it is saved', async ({ page }) => {
  await signIn(page);
  const id = tokens['Partner upload']!.id;
  const before = await expiryOf(page, id);
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Edit token Partner upload' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('No changes yet: Save changes nothing.')).toBeVisible();
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Nothing to save: Partner upload is unchanged.')).toBeVisible();
  expect(await expiryOf(page, id)).toEqual(before);

  // Changes wait for Save, and the drawer lists them.
  await page.getByRole('button', { name: 'Edit token Partner upload' }).click();
  await drawer.getByLabel('Expired date').click();
  await page.getByRole('option', { name: '1 month' }).click();
  await drawer.getByLabel('New IP', { exact: true }).fill('203.0.113.7');
  await drawer.getByRole('button', { name: 'New IP' }).click();
  await drawer.getByRole('button', { name: 'Remove 127.0.0.1/32' }).click();
  const changes = drawer.getByRole('region', { name: 'Changes to save' });
  await expect(changes).toContainText('Expiry:');
  await expect(changes).toContainText('Whitelist: add 203.0.113.7');
  await expect(changes).toContainText('Whitelist: remove 127.0.0.1/32');
  await expect(drawer.getByText('added on save')).toBeVisible();
  await shotWide(page, '82-token-edit-drawer');
  // Nothing was sent yet: the token still works from 127.0.0.1 and keeps its expiry.
  expect(await expiryOf(page, id)).toEqual(before);
  expect(await whoami(page.request, tokens['Partner upload']!.secret)).toBe(200);
  await drawer.getByRole('button', { name: 'Cancel' }).click();
  expect(await expiryOf(page, id)).toEqual(before);

  // A token revoked while its editor is open: the refusal names it as it is, not the new name.
  await page.getByRole('button', { name: 'Edit token Partner upload' }).click();
  await gql(page.request, 'mutation($id:ID!){ revokeToken(id:$id){ id } }', { id });
  await drawer.getByLabel('Name').fill('Partner upload v2');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(drawer.getByText('the token Partner upload is revoked and can no longer be changed')).toBeVisible();
  await drawer.getByRole('button', { name: 'Cancel' }).click();
});

test('revoking several tokens at once, after a confirmation naming them', async ({ page, request }) => {
  await signIn(page);
  await page.goto('/tokens');
  await page.getByRole('table').getByRole('checkbox', { name: 'Select Billing export' }).check();
  await page.getByRole('table').getByRole('checkbox', { name: 'Select Nightly sync' }).check();
  await expect(page.getByRole('table').getByRole('checkbox', { name: 'Select Partner upload' })).toBeDisabled();
  await page.getByRole('button', { name: 'Revoke selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke 2 tokens?' });
  await expect(dialog.getByRole('listitem')).toHaveText(['Billing export', 'Nightly sync']);
  await shot(page, '84-tokens-bulk-revoke');
  await dialog.getByRole('button', { name: 'Revoke 2 tokens' }).click();
  await expect(page.getByText('2 tokens are revoked.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Billing export/ })).toContainText('revoked');
  await expect(page.getByRole('row', { name: /Nightly sync/ })).toContainText('revoked');
  expect(await whoami(request, tokens['Nightly sync']!.secret)).toBe(401);
});

test('on a phone the tokens are cards, and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.goto('/tokens');
  const card = page.getByRole('article', { name: 'Billing export' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('revoked');
  await expect(page.getByRole('table')).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Search tokens' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Sort by' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Refused, last 24 hours' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
