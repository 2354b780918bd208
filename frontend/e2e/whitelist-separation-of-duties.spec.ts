import { expect, test, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { admin, ensureAdmin, password, shotWide, signIn } from './shots';

// Nobody gives more than they hold, and nobody approves their own request. After keyward demo,
// a Security Manager issues an AGENT token with a whitelisted IP; the administrator (who is not
// the named Business Owner) cannot decide it, and the Business Owner approves it.
test.describe.configure({ mode: 'serial' });

const root = fileURLToPath(new URL('../../', import.meta.url));
const sm = { email: 'sofia@example.com', password: 'a long enough password' };
const owner = { email: 'bea@example.com', password: 'a long enough password' };

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

test.afterAll(async ({ browser }) => {
  // Leave the settings as the other specs expect them.
  const page = await browser.newPage();
  await signIn(page);
  await gql(page.request, 'mutation{ updateSettings(input:{whitelistApproval:false, businessOwnerEmails:[]}){ whitelistApproval } }');
  await page.close();
});

test('after keyward demo, the Security Manager issues an AGENT token that only the Business Owner approves', async ({ page, browser, request }) => {
  await ensureAdmin(request);
  const seeded = execFileSync('./bin/keyward', ['demo', '--database-url', `sqlite:${process.env.KEYWARD_E2E_DB}`], { cwd: root, encoding: 'utf8' });
  expect(seeded).toContain('demo:');

  const adminPage = await browser.newPage();
  await signIn(adminPage);
  await gql(adminPage.request, 'mutation($o:[String!]!){ updateSettings(input:{whitelistApproval:true, businessOwnerEmails:$o}){ whitelistApproval } }', { o: [owner.email] });
  const { roles } = await gql(adminPage.request, '{ roles { id name } }');
  const roleId = (name: string) => roles.find((r: { name: string }) => r.name === name).id;
  for (const [who, role, name] of [
    [sm, 'Security Manager', 'Sofia Secure'],
    [owner, 'Business Owner', 'Bea Owner'],
  ] as const) {
    await gql(adminPage.request, 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', {
      i: { email: who.email, name, password: who.password, roleId: roleId(role) },
    });
  }

  // The role picker offers what the Security Manager may give, and greys out the rest.
  await signIn(page, sm);
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Add' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Name').fill('Agent desk');
  await drawer.getByLabel('Role').click();
  for (const role of ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']) {
    await expect(page.getByRole('option', { name: role, exact: true })).not.toHaveAttribute('data-combobox-disabled');
  }
  const adminOption = page.getByRole('option', { name: /^Administrator/ });
  await expect(adminOption).toHaveAttribute('data-combobox-disabled');
  await expect(adminOption).toContainText('only an administrator may give it');
  await expect(page.getByRole('option', { name: /^Auditor/ })).toContainText('You do not hold');
  await expect(drawer.getByText('A token can hold only permissions you hold')).toBeVisible();
  await shotWide(page, '45-role-picker-security-manager');
  await page.getByRole('option', { name: 'AGENT', exact: true }).click();
  await drawer.getByLabel('IP 1', { exact: true }).fill('127.0.0.1');
  await drawer.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: /Copy the token for Agent desk/ });
  const secret = (await dialog.getByTestId('token-secret').textContent())!.trim();
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  const whoami = async () => (await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': secret } })).status();
  expect(await whoami()).toBe(403);

  // The token's page says who may decide.
  await page.getByRole('button', { name: 'Actions for Agent desk' }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  await expect(page.getByRole('heading', { name: 'Agent desk' })).toBeVisible();
  const pendingRow = page.getByRole('row', { name: /127\.0\.0\.1\/32/ });
  await expect(pendingRow).toContainText(`Waiting for ${owner.email}`);
  await expect(pendingRow.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await shotWide(page, '46-token-waiting-for-owner');

  // The administrator holds every permission, yet is not the named Business Owner.
  await adminPage.goto('/approvals');
  const row = adminPage.getByRole('row', { name: /Agent desk/ });
  await expect(row).toContainText('Only the Business Owners named in the settings decide whitelist requests: bea@example.com.');
  await expect(row.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await shotWide(adminPage, '47-approvals-not-a-business-owner');
  await adminPage.close();

  // The Business Owner decides.
  const ownerPage = await (await browser.newContext()).newPage();
  await signIn(ownerPage, owner);
  await ownerPage.goto('/approvals');
  const ownerRow = ownerPage.getByRole('row', { name: /Agent desk/ });
  await expect(ownerRow).toContainText(sm.email);
  await shotWide(ownerPage, '48-approvals-business-owner');
  await ownerRow.getByRole('button', { name: 'Approve' }).click();
  await ownerPage.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  await expect(ownerPage.getByText('Nothing waits for a decision')).toBeVisible();
  expect(await whoami()).toBe(200);
});

test('a user who holds less cannot change a user who holds more', async ({ page }) => {
  await signIn(page);
  await page.goto('/users');
  // The administrator edits itself: its role and password are not for this drawer.
  await page.getByRole("button", { name: `Actions for ${admin.email}` }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('Nobody changes their own role')).toBeVisible();
  await expect(drawer.getByLabel(/^Role/).and(drawer.locator('input'))).toBeDisabled();
  await expect(drawer.getByText(/To change your own password, use Change password/)).toBeVisible();
  await shotWide(page, '49-user-drawer-self');
});

test('signing in never leaves the console, whatever next says', async ({ browser, baseURL }) => {
  // A backslash, and a tab the browser strips: both become // once resolved.
  for (const next of ['/%5Cevil.example/', '/%09/evil.example/']) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`/login?next=${next}`);
    await page.getByLabel('Email').fill(admin.email);
    await password(page).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await page.context().close();
  }
});
