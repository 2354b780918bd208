import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ensureAdmin, password, shotWide, signIn } from './shots';

// Partners and their applications: an administrator adds a partner and an application; a
// partner's user sees only its partner's applications, generates a token from an
// application's page, and deletes the application (revoking the token); another partner's
// user signs in with an emailed code. Everything made here is removed at the end, since the
// specs after this one share the database.
test.describe.configure({ mode: 'serial' });

const sink = `http://127.0.0.1:${Number(process.env.KEYWARD_E2E_SMTP_HTTP_PORT ?? 18026)}`;
const north = 'Northwind Payments';
const south = 'Southwind Lending';
const role = 'Partner developer';
const pat = { email: 'pat@northwind.example', name: 'Pat Northwind', password: 'a long enough password' };
const cody = { email: 'cody@northwind.example', name: 'Cody Northwind', password: 'another long passphrase' };

let secret = '';
let clientId = '';
let southId = '';
let signInLifetime = 0;

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function partnerId(request: APIRequestContext, name: string): Promise<string> {
  const { partners } = await gql(request, '{ partners(first: 100) { edges { node { id name } } } }');
  return partners.edges.find((e: { node: { name: string } }) => e.node.name === name).node.id;
}

async function whoami(request: APIRequestContext, token: string) {
  const res = await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': token } });
  return { status: res.status(), body: await res.json() };
}

async function mailTo(request: APIRequestContext, to: string, subject: RegExp): Promise<{ text: string }> {
  let found: { to: string[]; subject: string; text: string } | undefined;
  await expect(async () => {
    const all = (await (await request.get(`${sink}/messages`)).json()) as { to: string[]; subject: string; text: string }[];
    found = all.filter((m) => m.to.includes(to) && subject.test(m.subject)).pop();
    expect(found).toBeDefined();
  }).toPass({ timeout: 20_000 });
  return found!;
}

/** Picks an option of a Mantine select. */
async function choose(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test.afterAll(async ({ browser }) => {
  // Leave the database as the specs after this one expect it: no tokens, users, applications,
  // partners or roles of this file, and the settings as they were.
  const page = await browser.newPage();
  await signIn(page);
  const r = page.request;
  const { partners } = await gql(r, '{ partners(first: 100) { edges { node { id name } } } }');
  for (const { node } of partners.edges as { node: { id: string; name: string } }[]) {
    if (node.name !== north && node.name !== south) continue;
    const { tokens } = await gql(r, 'query($p:ID){ tokens(filter:{partnerId:$p}, first:100){ edges { node { id } } } }', { p: node.id });
    for (const t of tokens.edges) await gql(r, 'mutation($id:ID!){ deleteToken(id:$id) }', { id: t.node.id });
    const { applications } = await gql(r, 'query($p:ID){ applications(filter:{partnerId:$p}, first:100){ edges { node { id } } } }', { p: node.id });
    for (const a of applications.edges) await gql(r, 'mutation($id:ID!){ deleteApplication(id:$id) }', { id: a.node.id });
    const { users } = await gql(r, 'query($p:ID){ users(filter:{partnerId:$p}, first:100){ edges { node { id } } } }', { p: node.id });
    for (const u of users.edges) await gql(r, 'mutation($id:ID!){ deleteUser(id:$id) }', { id: u.node.id });
    await gql(r, 'mutation($id:ID!){ deletePartner(id:$id) }', { id: node.id });
  }
  const { roles } = await gql(r, '{ roles { id name } }');
  const mine = roles.find((x: { name: string }) => x.name === role);
  if (mine) await gql(r, 'mutation($id:ID!){ deleteRole(id:$id) }', { id: mine.id });
  if (signInLifetime) await gql(r, 'mutation($d:Int){ updateSettings(input:{signInLifetimeDays:$d}){ signInLifetimeDays } }', { d: signInLifetime });
  await page.close();
});

test('an administrator adds a partner, with its Business Owner, and an application for it', async ({ page, request }) => {
  await ensureAdmin(request);
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Partners' }).click();
  await expect(page.getByText('No partners yet')).toBeVisible();
  await shotWide(page, '50-partners-empty');

  await page.getByRole('button', { name: 'Add partner' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Name').fill(north);
  const owners = drawer.getByLabel('Business Owner emails');
  await owners.fill('not-an-email');
  await owners.press('Enter');
  await drawer.getByRole('button', { name: 'Add partner' }).click();
  // The server names the field: the error is shown on it, and nothing is created.
  await expect(drawer.getByText('"not-an-email" is not a valid email address')).toBeVisible();
  await expect(owners).toHaveAttribute('aria-invalid', 'true');
  await shotWide(page, '51-partner-form-error');
  await owners.press('Backspace');
  // Typed but not confirmed with Enter: Save takes it all the same.
  await owners.fill('nadia@northwind.example');
  await drawer.getByRole('button', { name: 'Add partner' }).click();
  await expect(drawer).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(north) });
  await expect(row).toContainText('nadia@northwind.example');
  await expect(row.getByRole('link', { name: `Applications of ${north}` })).toBeVisible();
  await shotWide(page, '52-partners');

  // Its applications, from the partner's row: the list opens narrowed to the partner.
  await row.getByRole('link', { name: `Applications of ${north}` }).click();
  await expect(page).toHaveURL(/\/applications\?partner=\d+$/);
  await expect(page.getByText('No application matches')).toBeVisible();
  await page.getByRole('button', { name: 'New application' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Name').fill('Northwind Checkout');
  await form.getByLabel('Description').fill('Takes card payments in the Northwind web shop and settles them nightly.');
  await expect(form.getByRole('combobox', { name: 'Partner', exact: true })).toHaveValue(north);
  await shotWide(page, '53-application-form');
  await form.getByRole('button', { name: 'Create application' }).click();

  await expect(page.getByRole('heading', { name: 'Northwind Checkout', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  clientId = (await page.getByTestId('client-id').textContent())!.trim();
  expect(clientId).toMatch(/^app_[0-9a-z]{20}$/);
  await expect(page.getByText('No tokens yet')).toBeVisible();

  // A rename keeps the client id.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('Northwind Checkout (web)');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Checkout (web)', exact: true })).toBeVisible();
  await expect(page.getByTestId('client-id')).toHaveText(clientId);
  await shotWide(page, '54-application-admin');
});

test("a partner's user sees only its partner's applications, and no partner filter", async ({ page, browser }) => {
  // Another partner with an application, a role for partners' developers, and a user of the
  // first partner, through GraphQL as the administrator.
  const admin = await browser.newPage();
  await signIn(admin);
  const r = admin.request;
  const { createPartner } = await gql(r, 'mutation($i:PartnerInput!){ createPartner(input:$i){ id } }', { i: { name: south, businessOwnerEmails: [] } });
  southId = createPartner.id;
  await gql(r, 'mutation($i:ApplicationInput!){ createApplication(input:$i){ id } }', {
    i: { name: 'Southwind Portal', description: "Southwind's loan portal", partnerId: createPartner.id },
  });
  const { createRole } = await gql(r, 'mutation($i:RoleInput!){ createRole(input:$i){ id } }', {
    i: { name: role, description: "A partner's developer: its applications and their tokens", permissions: ['applications:read', 'applications:write', 'tokens:read', 'tokens:write', 'roles:read'] },
  });
  const northId = await partnerId(r, north);
  await gql(r, 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', {
    i: { email: pat.email, name: pat.name, password: pat.password, roleId: createRole.id, partnerId: northId },
  });

  // The administrator sees both partners' applications, and narrows them by partner.
  await admin.goto('/applications');
  await expect(admin.getByRole('article', { name: 'Northwind Checkout (web)' })).toContainText(north);
  await expect(admin.getByRole('article', { name: 'Southwind Portal' })).toContainText(south);
  await shotWide(admin, '55-applications-admin');
  await admin.getByRole('combobox', { name: 'Filter by partner' }).click();
  await admin.getByRole('option', { name: south }).click();
  await expect(admin.getByRole('article', { name: 'Southwind Portal' })).toBeVisible();
  await expect(admin.getByRole('article', { name: 'Northwind Checkout (web)' })).toHaveCount(0);
  await admin.close();

  await signIn(page, pat);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Partners' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Applications' }).click();
  await expect(page.getByText(`The integrations of ${north}`)).toBeVisible();
  await expect(page.getByRole('article', { name: 'Northwind Checkout (web)' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Southwind Portal' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Filter by partner' })).toHaveCount(0);
  await expect(page.getByRole('article').first()).not.toContainText(north); // no partner badge: there is only one
  await shotWide(page, '56-applications-partner-user');

  // Another partner's id in the address changes nothing.
  await page.goto(`/applications?partner=${southId}`);
  await expect(page.getByRole('article', { name: 'Northwind Checkout (web)' })).toBeVisible();

  // A partner's user creates applications for its partner without being asked which.
  await page.getByRole('button', { name: 'New application' }).click();
  const form = page.getByRole('dialog');
  await expect(form.getByText(`The application belongs to ${north}.`)).toBeVisible();
  await expect(form.getByRole('combobox', { name: 'Partner', exact: true })).toHaveCount(0);
  await form.getByLabel('Name').fill('Northwind Payouts');
  await form.getByRole('button', { name: 'Create application' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Payouts', exact: true })).toBeVisible();
  await expect(page.getByText(north).first()).toBeVisible();
});

test("the partner's user generates a token on the application's page and copies it once", async ({ browser }) => {
  // A token of the application that expires within the reminder window.
  const admin = await browser.newPage();
  await signIn(admin);
  const { applications } = await gql(admin.request, '{ applications(filter:{search:"Northwind Checkout"}){ edges { node { id } } } }');
  const { roles } = await gql(admin.request, '{ roles { id name } }');
  await gql(admin.request, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ token { id } } }', {
    i: {
      name: 'Nightly settlement',
      roleId: roles.find((x: { name: string }) => x.name === role).id,
      applicationId: applications.edges[0].node.id,
      expiresAt: new Date(Date.now() + 5 * 86400e3).toISOString(),
      expiryReminders: true,
    },
  });
  await admin.close();

  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signIn(page, pat);
  await page.goto('/applications');
  await page.getByRole('link', { name: 'Northwind Checkout (web)' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Checkout (web)', exact: true })).toBeVisible();
  // Its expiry reminders: the token that expires in 5 days, and who is told.
  await expect(page.getByText('Reminders go to ada@example.com.')).toBeVisible();

  await page.getByRole('button', { name: 'Generate authentication token' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByLabel('Application')).toHaveValue('Northwind Checkout (web)');
  await drawer.getByLabel('Name').fill('Checkout backend');
  await drawer.getByLabel('Role').click();
  await page.getByRole('option', { name: role }).click();
  await drawer.getByRole('button', { name: 'Generate token' }).click();

  const dialog = page.getByRole('dialog', { name: /Copy the token for Checkout backend/ });
  await expect(dialog.getByText('It will not be shown again')).toBeVisible();
  await dialog.getByRole('button', { name: 'Copy token' }).click();
  secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toMatch(/^kw_[0-9A-Za-z]{49}$/);
  await expect(dialog.getByTestId('token-secret')).toHaveText(secret);
  await shotWide(page, '57-application-token-secret');
  await dialog.getByRole('button', { name: 'I have copied it' }).click();

  const row = page.getByRole('row', { name: /Checkout backend/ });
  await expect(row).toContainText('active');
  await expect(row).toContainText(role);
  await expect(page.getByRole('row', { name: /Nightly settlement/ })).toBeVisible();
  await shotWide(page, '58-application-partner-user');

  // The token names its application and its partner.
  const me = await whoami(page.request, secret);
  expect(me.status).toBe(200);
  expect(me.body.application).toEqual({ client_id: clientId, name: 'Northwind Checkout (web)' });
  expect(me.body.tenant_id).toBeTruthy();

  // The token's page links back to the application.
  await row.getByRole('link', { name: 'Checkout backend' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout backend', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Northwind Checkout (web)' })).toBeVisible();
  await context.close();
});

test('deleting an application, once confirmed, revokes its tokens', async ({ page, request }) => {
  await signIn(page, pat);
  await page.goto('/applications');
  await page.getByRole('link', { name: 'Northwind Checkout (web)' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Northwind Checkout (web)?' });
  await expect(confirm.getByTestId('revoke-count')).toHaveText('Its 2 tokens will be revoked: every request with them is refused from then on.');
  await shotWide(page, '59-application-delete-confirm');
  // Cancelling changes nothing.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect((await whoami(request, secret)).status).toBe(200);

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete application' }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await expect(page.getByRole('article', { name: 'Northwind Payouts' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Northwind Checkout (web)' })).toHaveCount(0);
  expect((await whoami(request, secret)).status).toBe(401);

  await page.goto('/tokens');
  await expect(page.getByRole('row', { name: /Checkout backend/ })).toContainText('revoked');
  await expect(page.getByRole('row', { name: /Nightly settlement/ })).toContainText('revoked');
  await expect(page.getByRole('combobox', { name: 'Filter by partner' })).toHaveCount(0);
});

test("a partner's user added by the administrator signs in with a code sent by email", async ({ page, browser, request }) => {
  const admin = await browser.newPage();
  await signIn(admin);
  await admin.goto('/users');
  await admin.getByRole('button', { name: 'Add user' }).click();
  const drawer = admin.getByRole('dialog');
  await drawer.getByLabel('Name').fill(cody.name);
  await drawer.getByRole('textbox', { name: 'Email' }).fill(cody.email);
  await choose(admin, drawer, 'Role', role);
  await choose(admin, drawer, 'Partner', north);
  await password(drawer).fill(cody.password);
  await drawer.getByLabel('Sign in with a code sent by email').check();
  await drawer.getByRole('button', { name: 'Add user' }).click();
  await expect(admin.getByRole('row', { name: new RegExp(cody.email) })).toContainText(north);

  // The administrator narrows users, tokens and the audit log by partner.
  await admin.getByRole('combobox', { name: 'Filter by partner' }).click();
  await admin.getByRole('option', { name: south }).click();
  await expect(admin.getByText('No user matches')).toBeVisible();
  await admin.getByRole('combobox', { name: 'Filter by partner' }).click();
  await admin.getByRole('option', { name: north }).click();
  await expect(admin.getByRole('row', { name: new RegExp(pat.email) })).toBeVisible();
  await expect(admin.getByRole('row', { name: /ada@example.com/ })).toHaveCount(0);
  await shotWide(admin, '60-users-partner-filter');
  await admin.getByRole('navigation').getByRole('link', { name: 'API tokens' }).click();
  await expect(admin.getByRole('row', { name: /Checkout backend/ })).toBeVisible();
  await admin.getByRole('combobox', { name: 'Filter by partner' }).click();
  await admin.getByRole('option', { name: south }).click();
  await expect(admin.getByText('No token matches')).toBeVisible();
  await admin.getByRole('combobox', { name: 'Filter by partner' }).click();
  await admin.getByRole('option', { name: north }).click();
  await expect(admin.getByRole('row', { name: /Checkout backend/ })).toContainText(north);
  await shotWide(admin, '61-tokens-partner-filter');
  await admin.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
  await admin.getByRole('combobox', { name: 'Partner', exact: true }).click();
  await admin.getByRole('option', { name: north }).click();
  await expect(admin.getByText('application.delete').first()).toBeVisible();
  await expect(admin.getByRole('row', { name: /pat@northwind\.example/ }).first()).toBeVisible();
  await shotWide(admin, '62-audit-partner-filter');
  await admin.close();

  await page.goto('/login');
  await page.getByLabel('Email').fill(cody.email);
  await password(page).fill(cody.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  const mail = await mailTo(request, cody.email, /sign-in code/);
  const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
  await page.locator('input[inputmode="numeric"]').first().click();
  await page.keyboard.type(code);
  await expect(page.getByRole('heading', { name: /Welcome, Cody/ })).toBeVisible();
  await expect(page.getByText(`${role} · ${north}`)).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Applications' }).click();
  await expect(page.getByRole('article', { name: 'Northwind Payouts' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Southwind Portal' })).toHaveCount(0);
});

test('a partner that still has users is not deleted, and says why', async ({ page }) => {
  await signIn(page);
  await page.goto('/partners');
  await page.getByRole('button', { name: `Actions for ${north}` }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${north}?` });
  await confirm.getByRole('button', { name: 'Delete partner' }).click();
  await expect(confirm.getByRole('alert')).toContainText(`The partner ${north} still has 2 user(s): move or delete them first.`);
  await shotWide(page, '63-partner-delete-refused');
  await confirm.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('row', { name: new RegExp(north) })).toBeVisible();
});

test('settings: the lifetime of an API sign-in', async ({ page }) => {
  await signIn(page);
  signInLifetime = (await gql(page.request, '{ settings { signInLifetimeDays } }')).settings.signInLifetimeDays;
  await page.goto('/settings');
  const field = page.getByLabel('API sign-in lifetime (days)');
  await expect(field).toHaveValue(String(signInLifetime));
  await expect(page.getByText("An API sign-in (a script's refresh tokens) ends this many days after its login at the latest")).toBeVisible();
  await field.fill('45');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect((await gql(page.request, '{ settings { signInLifetimeDays } }')).settings.signInLifetimeDays).toBe(45);
  await shotWide(page, '64-settings-sign-in-lifetime');
});
