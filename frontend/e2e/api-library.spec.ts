import { expect, test, type APIRequestContext } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureAdmin, shotWide, signIn } from './shots';

// The API library: keyward demo documents FinCode's calls; an administrator documents one
// more module in its drawer (a bad base URL is named beside its field first); on the
// Developer API page the API library shows "Get Customer Details with Token", and a token
// pasted into the page goes into the curl snippet and nowhere else.
//
// This file runs first of the specs (they run in alphabetical order), before console.spec
// sets Keyward up on the shared database: so it serves a database of its own, on a port of
// its own, and leaves the shared one untouched.
test.describe.configure({ mode: 'serial' });

const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.KEYWARD_E2E_PORT ?? 18080) + 50;
const base = `http://127.0.0.1:${port}`;
const dbFile = `test-output/e2e-api-library-${Date.now()}.db`;
let server: ChildProcess | undefined;

test.use({ baseURL: base });

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

test.beforeAll(async () => {
  mkdirSync(`${root}test-output`, { recursive: true });
  server = spawn('./bin/keyward', ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', `sqlite:${dbFile}`, '--base-url', base], { cwd: root, stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 150) throw new Error('keyward did not start for the API library spec');
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('keyward demo documents the API library, and an administrator documents a module', async ({ browser, page }) => {
  const setup = await browser.newContext({ baseURL: base });
  await ensureAdmin(setup.request);
  await setup.close();
  const seeded = execFileSync('./bin/keyward', ['demo', '--database-url', `sqlite:${dbFile}`], { cwd: root, encoding: 'utf8' });
  expect(seeded).toContain('API modules documented for the API library');

  await signIn(page);
  await page.goto('/modules');
  await page.getByRole('button', { name: 'Edit Logs' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('API documentation (optional)')).toBeVisible();
  await drawer.getByLabel('Base URL').fill('ftp://logs.example.com');
  await drawer.getByRole('button', { name: 'Add example call' }).click();
  const call = drawer.getByRole('group', { name: 'Example call 1' });
  await call.getByLabel('Title').fill('Search the activity log');
  await call.getByLabel('Path').fill('activity?from=2026-01-01');
  await drawer.getByRole('button', { name: 'Save' }).click();
  // The server names the field at fault; the first one found is the base URL.
  await expect(drawer.getByText('the base URL must be an absolute http or https URL, like https://api.example.com/v1')).toBeVisible();
  await drawer.getByLabel('Base URL').fill('https://demo.fincode.software/api/v6/services');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(call.getByText(/path must start with a single "\/"/)).toBeVisible();
  await expect(drawer.getByRole('alert').filter({ hasText: 'Check the example calls' })).toContainText('Example call 1, path');
  await shotWide(page, '60-api-library-module-docs');
  await call.getByLabel('Path').fill('/logs/activity?from=2026-01-01');
  await call.getByLabel('Description').fill('Platform activity of a period, newest first.');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(drawer).toBeHidden();
  const logs = page.getByRole('row').filter({ hasText: 'Platform activity logs' });
  await expect(logs.getByText('API library: 1 example call')).toBeVisible();
});

test('the API library writes a pasted token into the snippets, and sends it nowhere', async ({ page }) => {
  await signIn(page);
  // A real CUSTOMER token: its hint tells the library which token a pasted secret is.
  const { roles } = await gql(page.request, '{ roles { id name } }');
  const customer = roles.find((r: { name: string }) => r.name === 'CUSTOMER').id;
  const { createToken } = await gql(page.request, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }', { i: { name: 'Shop front', roleId: customer } });
  const secret: string = createToken.secret;
  const carried: string[] = [];
  page.on('request', (r) => {
    if (`${r.url()} ${r.postData() ?? ''} ${JSON.stringify(r.headers())}`.includes(secret)) carried.push(r.url());
  });

  await page.goto('/developer');
  await expect(page.getByRole('tab', { name: 'GraphQL playground' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'API library' }).click();
  await expect(page).toHaveURL(/\?tab=library$/);
  await expect(page.getByText('Get Customer Details with Token')).toBeVisible();
  await expect(page.getByText('Search the activity log')).toBeVisible();

  await page.getByRole('textbox', { name: 'Token in the snippets' }).or(page.getByRole('combobox', { name: 'Token in the snippets' })).click();
  await page.getByRole('option', { name: 'Paste a token…' }).click();
  const input = page.getByLabel('Token secret').and(page.locator('input'));
  await input.fill('kw_not-a-token');
  await expect(page.getByText('A token is kw_ followed by 49 letters and digits')).toBeVisible();
  await input.fill(secret);
  await expect(page.getByText('This is your token Shop front (role CUSTOMER)')).toBeVisible();

  const get = page.getByRole('button', { name: /GET \/customers\/\{customerId\}: Get Customer Details with Token/ });
  await get.click();
  const snippet = page.getByRole('region', { name: /Get Customer Details with Token/ }).getByTestId('snippet');
  await expect(snippet).toContainText(`curl -s 'https://demo.fincode.software/api/v6/services/customers/{customerId}'`);
  await expect(snippet).toContainText(`-H 'X-Auth-Token: ${secret}'`);
  // CUSTOMER does not hold clients:read: the call is marked as one the token may not make.
  await expect(get.getByText('not allowed')).toBeVisible();
  await page.getByText('Go', { exact: true }).click();
  await expect(snippet).toContainText(`req.Header.Set("X-Auth-Token", "${secret}")`);
  await page.getByText('curl', { exact: true }).click();
  await expect(snippet).toContainText(`-H 'X-Auth-Token: ${secret}'`);
  await shotWide(page, '61-api-library');
  expect(carried, 'requests that carried the pasted token').toEqual([]);
});
