import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureAdmin, signIn } from './shots';

// The README's screenshots: the home page, the tokens list and the public approval page, at
// 1440×900, of a Keyward of their own (keyward demo, then a few tokens, whitelist requests, an
// approval and some use through the machine API), so that they show the same story every time.
//
// They go to docs/ only with KEYWARD_DOCS_SCREENSHOTS=1 (make the pictures, look at them, commit
// them); every other run writes them under test-output/screenshots, so the flow stays tested and
// CI leaves the working tree clean.
test.describe.configure({ mode: 'serial' });

const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.KEYWARD_E2E_PORT ?? 18080) + 60;
const base = `http://127.0.0.1:${port}`;
const smtpPort = Number(process.env.KEYWARD_E2E_SMTP_PORT ?? 18025);
const sink = `http://127.0.0.1:${Number(process.env.KEYWARD_E2E_SMTP_HTTP_PORT ?? 18026)}`;
const dbFile = `test-output/e2e-docs-${Date.now()}.db`;
const owner = 'olivia.owner@fincode.example';
const toDocs = process.env.KEYWARD_DOCS_SCREENSHOTS === '1';
const out = toDocs ? `${root}docs/` : `${root}test-output/screenshots/docs-`;
let server: ChildProcess | undefined;

test.use({ baseURL: base, viewport: { width: 1440, height: 900 } });

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** The approval link emailed to the Business Owner for a token's request. */
async function approvalLink(request: APIRequestContext, tokenName: string): Promise<string> {
  let link = '';
  await expect(async () => {
    const all = (await (await request.get(`${sink}/messages`)).json()) as { to: string[]; subject: string; text: string }[];
    const mail = all.filter((m) => m.to.includes(owner) && m.subject.includes(`"${tokenName}"`)).pop();
    link = mail?.text.match(/\/approve\/[A-Za-z0-9_-]+/)?.[0] ?? '';
    expect(link).not.toBe('');
  }).toPass({ timeout: 20_000 });
  return link;
}

/** The viewport as it is once the page has settled: no animation, no caret, no hover. */
async function picture(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${out}${name}.png`, animations: 'disabled', caret: 'hide' });
}

test.beforeAll(async () => {
  mkdirSync(`${root}test-output/screenshots`, { recursive: true });
  server = spawn(
    './bin/keyward',
    ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', `sqlite:${dbFile}`, '--base-url', base, '--smtp-url', `smtp://127.0.0.1:${smtpPort}?tls=none`],
    { cwd: root, stdio: 'ignore' },
  );
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 150) throw new Error('keyward did not start for the docs screenshots');
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('the README screenshots: home, tokens, and the approval page', async ({ browser, page }) => {
  const setup = await browser.newContext({ baseURL: base });
  await ensureAdmin(setup.request);
  await setup.close();
  execFileSync('./bin/keyward', ['demo', '--database-url', `sqlite:${dbFile}`], { cwd: root, encoding: 'utf8' });

  await signIn(page);
  const api = page.request;
  await gql(api, 'mutation($i:SettingsInput!){ updateSettings(input:$i){ whitelistApproval } }', { i: { whitelistApproval: true, businessOwnerEmails: [owner] } });
  const { roles } = await gql(api, '{ roles { id name } }');
  const role = (name: string) => roles.find((r: { name: string }) => r.name === name).id;
  const days = (n: number) => new Date(Date.now() + n * 86400e3).toISOString();
  const tokens: Record<string, { id: string; secret: string }> = {};
  for (const t of [
    { name: 'Mobile banking app', roleId: role('CUSTOMER'), expiresAt: days(120), whitelist: ['127.0.0.1'], expiryReminders: true },
    { name: 'Branch cash desks', roleId: role('CASHIER'), expiresAt: days(9.99), whitelist: ['198.51.100.0/24'], expiryReminders: true },
    { name: 'Agent portal', roleId: role('AGENT'), expiresAt: days(60), whitelist: ['203.0.113.40'] },
    { name: 'Ledger sync', roleId: role('MANAGER'), expiresAt: days(4.5), whitelist: ['192.0.2.10'], expiryReminders: true },
    { name: 'Reporting warehouse', roleId: role('MANAGER'), expiresAt: days(200) },
  ]) {
    const { createToken } = await gql(api, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }', { i: t });
    tokens[t.name] = { id: createToken.token.id, secret: createToken.secret };
  }

  // The Business Owner approves the app's address from the email; the app then calls the
  // API a few times, and the agent portal tries from an address not yet approved.
  const approve = await approvalLink(page.request, 'Mobile banking app');
  const { decideApproval } = await gql(api, 'mutation($l:String!){ decideApproval(link:$l, approve:true, comment:"Production app servers"){ state } }', { l: approve.slice('/approve/'.length) });
  expect(decideApproval.state).toBe('APPROVED');
  for (let i = 0; i < 6; i++) {
    expect((await api.get('/api/v1/whoami', { headers: { 'X-Auth-Token': tokens['Mobile banking app']!.secret } })).status()).toBe(200);
  }
  for (let i = 0; i < 3; i++) {
    expect((await api.get('/api/v1/whoami', { headers: { 'X-Auth-Token': tokens['Agent portal']!.secret } })).status()).toBe(403);
  }

  // Uses are counted in batches: wait until the home page has them.
  await expect(async () => {
    await page.goto('/');
    await expect(page.getByText('6 successful verifications, 3 refused', { exact: false })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await picture(page, 'screenshot-home');

  await page.goto('/tokens');
  await expect(page.getByRole('row', { name: /Mobile banking app/ })).not.toContainText('Never');
  await picture(page, 'screenshot-tokens');

  // The page a Business Owner opens from the email: no sign-in, a request to approve or reject.
  const pending = await approvalLink(page.request, 'Branch cash desks');
  const owners = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
  const ownerPage = await owners.newPage();
  await ownerPage.goto(pending);
  await expect(ownerPage.getByRole('button', { name: 'Approve' })).toBeVisible();
  await picture(ownerPage, 'screenshot-approval');
  await owners.close();
});
