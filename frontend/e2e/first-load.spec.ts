import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { budgets, gzipSize, measure } from '../scripts/bundle-size.mjs';
import { admin, ensureAdmin, password, shotWide } from './shots';

// The console's first load, as a browser sees it: the login page, then the home page in a
// browser with nothing cached (with its usage chart, loaded after the page shows), fetch no
// JavaScript that npm test's size check does not count (scripts/bundle-size.mjs, which reads
// Vite's manifest), and stay within the same budgets.

/** Records the JavaScript the page fetches from /assets/, by file (assets/x.js). */
function recordScripts(page: Page): Map<string, Promise<Buffer>> {
  const seen = new Map<string, Promise<Buffer>>();
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (path.startsWith('/assets/') && path.endsWith('.js')) seen.set(path.slice(1), res.body());
  });
  return seen;
}

/** A GraphQL call as the signed-in page; any error fails the test. */
async function gqlData(page: Page, query: string, variables: Record<string, unknown> = {}) {
  const body = await (await page.request.post('/graphql', { data: { query, variables } })).json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** The gzipped size of the files' bodies, as the size check counts it. */
async function gzipped(seen: Map<string, Promise<Buffer>>, files: string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (f) => gzipSize(await seen.get(f)!)));
  return sizes.reduce((a, b) => a + b, 0);
}

test('the login page and the home page load only the JavaScript the size check counts', async ({ browser, page, request }) => {
  await ensureAdmin(request);
  const [login, shell, chart] = measure();
  const loginFiles = new Set(login.js.map((f) => f.file));
  const shellFiles = new Set(shell.js.map((f) => f.file));
  const chartFiles = new Set(chart.js.map((f) => f.file));

  const onLogin = recordScripts(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const loaded = [...onLogin.keys()];
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter((f) => !loginFiles.has(f)), 'JavaScript the login page loads beyond what the size check counts').toEqual([]);
  expect(await gzipped(onLogin, loaded), `gzipped JavaScript of the login page (budget ${budgets.login} bytes)`).toBeLessThanOrEqual(budgets.login);
  await shotWide(page, '90-first-load-login');

  await page.getByLabel('Email').fill(admin.email);
  await password(page).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();

  // One use of a token, so that the home page draws its chart of the last 14 days. The token
  // is deleted at the end: the specs after this one share the database and expect no tokens.
  const { roles } = await gqlData(page, '{ roles { id name } }');
  const roleId = roles.find((r: { name: string }) => r.name === 'Auditor').id;
  const { createToken } = await gqlData(page, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }', { i: { name: 'First-load chart', roleId } });
  expect((await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': createToken.secret } })).status()).toBe(200);
  await expect(async () => {
    const { dashboard } = await gqlData(page, '{ dashboard { usage(days: 1) { ok } } }');
    expect(dashboard.usage[0].ok).toBeGreaterThan(0);
  }).toPass({ timeout: 15_000 });

  // The home page opened afresh (signed in, nothing cached): the entry, the shell and the page.
  const fresh = await browser.newContext({ storageState: await page.context().storageState() });
  const home = await fresh.newPage();
  const onHome = recordScripts(home);
  // While the shell's chunk is on its way, a loader shows, not an empty page.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await home.route(/\/assets\/Shell-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await home.goto('/');
  await expect(home.locator('.mantine-Loader-root')).toBeVisible();
  await home.screenshot({ path: fileURLToPath(new URL('../../test-output/screenshots/91-first-load-home-loading.png', import.meta.url)) });
  release();
  await expect(home.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await expect(home.getByRole('navigation')).toBeVisible();
  await expect(home.getByRole('region', { name: 'Token use, last 14 days' }).locator('.recharts-surface')).toBeVisible();
  await home.waitForLoadState('networkidle');
  const homeLoaded = [...onHome.keys()];
  expect(homeLoaded.filter((f) => !loginFiles.has(f) && !shellFiles.has(f) && !chartFiles.has(f)), 'JavaScript the home page loads beyond what the size check counts').toEqual([]);
  expect(homeLoaded.filter((f) => /\/Login\.page-/.test(f)), 'the home page loads the login page').toEqual([]);
  const shellOnly = homeLoaded.filter((f) => shellFiles.has(f));
  expect(shellOnly.length).toBeGreaterThan(0);
  expect(await gzipped(onHome, shellOnly), `gzipped JavaScript of the signed-in shell (budget ${budgets.shell} bytes)`).toBeLessThanOrEqual(budgets.shell);
  const chartOnly = homeLoaded.filter((f) => chartFiles.has(f));
  expect(chartOnly.length).toBeGreaterThan(0);
  expect(await gzipped(onHome, chartOnly), `gzipped JavaScript of the usage chart (budget ${budgets.chart} bytes)`).toBeLessThanOrEqual(budgets.chart);
  await shotWide(home, '91-first-load-home');
  await fresh.close();
  await gqlData(page, 'mutation($id:ID!){ deleteToken(id:$id) }', { id: createToken.token.id });
});
