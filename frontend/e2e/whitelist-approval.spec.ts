import { expect, test, type APIRequestContext } from '@playwright/test';
import { admin, ensureAdmin, password, shot, shotWide, signIn } from './shots';

// The seeds' flow: a token is generated with an IP, the Business Owner approves it from the
// email, and only then does the token work from that IP.
test.describe.configure({ mode: 'serial' });

const securityManager = { email: 'sam@example.com', password: 'a long enough password' };

const sink = `http://127.0.0.1:${Number(process.env.KEYWARD_E2E_SMTP_HTTP_PORT ?? 18026)}`;

interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

async function mailTo(request: APIRequestContext, to: string, subject: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect(async () => {
    const all = (await (await request.get(`${sink}/messages`)).json()) as Mail[];
    found = all.filter((m) => m.to.includes(to) && subject.test(m.subject)).pop();
    expect(found).toBeDefined();
  }).toPass({ timeout: 20_000 });
  return found!;
}

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

test('a Business Owner approves a whitelisted IP from the email', async ({ page, browser, request }) => {
  // The administrator names the Business Owner and adds a Security Manager.
  await ensureAdmin(request);
  const adminPage = await browser.newPage();
  await signIn(adminPage);
  await gql(adminPage.request, 'mutation($i:SettingsInput!){ updateSettings(input:$i){ whitelistApproval } }', {
    i: { whitelistApproval: true, businessOwnerEmails: ['owner@example.com'] },
  });
  const roles = await gql(adminPage.request, '{ roles { id name } }');
  const smRole = roles.roles.find((r: { name: string }) => r.name === 'Security Manager').id;
  await gql(adminPage.request, 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', {
    i: { email: securityManager.email, name: 'Sam Secure', password: securityManager.password, roleId: smRole },
  });

  // The Security Manager generates a token with one IP: it waits for the owner.
  await signIn(page, securityManager);
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Add' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Name').fill('Partner upload');
  await drawer.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Security Manager' }).click();
  await drawer.getByLabel('IP 1', { exact: true }).fill('127.0.0.1');
  await drawer.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: /Copy the token for Partner upload/ });
  const secret = (await dialog.getByTestId('token-secret').textContent())!.trim();
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByRole('row', { name: /Partner upload/ })).toContainText('127.0.0.1');
  const whoami = async () => (await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': secret } })).status();
  expect(await whoami()).toBe(403);

  // The token shows the pending entry with what its requester can do (not decide).
  await page.getByRole('button', { name: 'Actions for Partner upload' }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  const pendingRow = page.getByRole('row', { name: /127\.0\.0\.1\/32/ });
  await expect(pendingRow).toContainText('pending');
  await expect(pendingRow.getByRole('button', { name: 'Resend' })).toBeVisible();
  await expect(pendingRow.getByRole('button', { name: 'Cancel request' })).toBeVisible();
  await expect(pendingRow.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await shot(page, '35-token-pending-entry');

  // Those who may approve see it waiting on the Approvals page.
  await adminPage.goto('/approvals');
  await expect(adminPage.getByRole('row', { name: /Partner upload/ })).toContainText('127.0.0.1/32');
  await expect(adminPage.getByRole('row', { name: /Partner upload/ })).toContainText(securityManager.email);
  // The administrator is not the named Business Owner: it sees why it may not decide.
  await expect(adminPage.getByRole('row', { name: /Partner upload/ })).toContainText('Only the Business Owners named in the settings decide');
  await expect(adminPage.getByRole('row', { name: /Partner upload/ }).getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await shot(adminPage, '34-approvals-page');
  await adminPage.close();

  // The owner's email: read it as the owner would, then open its link.
  const mail = await mailTo(request, 'owner@example.com', /^Approve 127\.0\.0\.1\/32/);
  expect(mail.subject).toBe('Approve 127.0.0.1/32 for the API token "Partner upload"?');
  expect(mail.text).toContain('Role:         Security Manager');
  expect(mail.text).toContain(securityManager.email);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/approve\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1];
  expect(mail.html).toContain(link);
  const inbox = await browser.newPage();
  await inbox.setContent(mail.html);
  await shot(inbox, '30-email-approval-request');
  await inbox.close();

  const owner = await (await browser.newContext()).newPage();
  await owner.goto(link);
  await expect(owner.getByRole('heading', { name: 'Approve 127.0.0.1/32?' })).toBeVisible();
  await expect(owner.getByText('pending', { exact: true })).toBeVisible();
  await shot(owner, '31-approval-page');
  expect(await whoami()).toBe(403); // opening the link decided nothing
  await owner.getByLabel('Comment (optional)').fill('Our partner office');
  await owner.getByRole('button', { name: 'Approve' }).click();
  await expect(owner.getByText(/Approved by owner@example.com/)).toBeVisible();
  await shot(owner, '32-approval-decided');
  expect(await whoami()).toBe(200);

  // The link is single-use: opened again, it says who decided.
  await owner.reload();
  await expect(owner.getByText(/Approved by owner@example.com on/)).toBeVisible();
  await expect(owner.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // The requester hears of it by email, and sees the entry approved.
  const decision = await mailTo(request, securityManager.email, /was approved/);
  expect(decision.text).toContain('Our partner office');
  const note = await browser.newPage();
  await note.setContent(decision.html);
  await shot(note, '33-email-approval-decision');
  await note.close();
  // ... and in the console: the bell counts it, and its notification opens the token.
  await page.goto('/tokens');
  const bell = page.getByRole('button', { name: 'Notifications (1 unread)' });
  await expect(bell).toBeVisible();
  await bell.click();
  const item = page.getByRole('button', { name: /127\.0\.0\.1\/32 .*approved/i });
  await expect(item).toBeVisible();
  await shot(page, '36-notification-bell');
  await item.click();
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Partner upload' })).toBeVisible();
  await expect(page.getByRole('row', { name: /127\.0\.0\.1\/32/ })).toContainText('approved');
  await expect(page.getByRole('row', { name: /127\.0\.0\.1\/32/ })).toContainText('owner@example.com');
});

test('settings: Business Owners, lifetimes and a test email', async ({ page, request }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  await expect(page.getByText('owner@example.com')).toBeVisible();
  await expect(page.getByText('SMTP', { exact: true })).toBeVisible();

  // A bad value is refused beside its field, and nothing is saved.
  const idle = page.getByLabel('Idle timeout (minutes)');
  await idle.fill('1440');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('the idle timeout cannot be longer than the session lifetime')).toBeVisible();
  expect((await gql(page.request, '{ settings { sessionIdleTimeoutMinutes } }')).settings.sessionIdleTimeoutMinutes).toBe(30);
  await idle.fill('30');
  await page.getByLabel('Maximum lifetime (days)').fill('180');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  const saved = await gql(page.request, '{ settings { maxTokenLifetimeDays whitelistApproval } }');
  expect(saved.settings).toEqual({ maxTokenLifetimeDays: 180, whitelistApproval: true });

  await page.getByLabel('Send a test email to').fill('ops@example.com');
  await page.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByText('Test email queued')).toBeVisible();
  const test = await mailTo(request, 'ops@example.com', /test/i);
  expect(test.text).toContain(admin.email);
  await shotWide(page, '37-settings');
});

test('renew a token that is about to expire, in one step', async ({ page }) => {
  await signIn(page);
  const roles = await gql(page.request, '{ roles { id name } }');
  const auditor = roles.roles.find((r: { name: string }) => r.name === 'Auditor').id;
  const soon = new Date(Date.now() + 5 * 86400e3).toISOString();
  const created = await gql(page.request, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ token { id } } }', {
    i: { name: 'Nightly export', roleId: auditor, expiresAt: soon, expiryReminders: true },
  });
  await page.goto(`/tokens/${created.createToken.token.id}`);
  await expect(page.getByText('This token expires soon')).toBeVisible();
  await shot(page, '38-token-expiring');
  await page.getByRole('alert').getByRole('button', { name: 'Renew' }).click();
  await page.getByRole('menuitem', { name: '3 months' }).click();
  await expect(page.getByText('Nightly export renewed')).toBeVisible();
  await expect(page.getByText('This token expires soon')).toHaveCount(0);
  const t = await gql(page.request, 'query($id:ID!){ token(id:$id){ expiresAt } }', { id: created.createToken.token.id });
  const days = (new Date(t.token.expiresAt).getTime() - Date.now()) / 86400e3;
  expect(days).toBeGreaterThan(89);
  expect(days).toBeLessThan(91);
});

test('a user who needs it signs in with a code from their email', async ({ page, browser, request }) => {
  const adminPage = await browser.newPage();
  await signIn(adminPage);
  const roles = await gql(adminPage.request, '{ roles { id name } }');
  const sm = roles.roles.find((r: { name: string }) => r.name === 'Security Manager').id;
  const user = await gql(adminPage.request, 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', {
    i: { email: 'coded@example.com', name: 'Cody Code', password: 'a long enough password', roleId: sm },
  });
  await adminPage.goto('/users');
  await adminPage.getByRole('row', { name: /coded@example.com/ }).getByRole('button', { name: /Actions/ }).click();
  await adminPage.getByRole('menuitem', { name: 'Edit' }).click();
  await adminPage.getByLabel('Sign in with a code sent by email').check();
  await adminPage.getByRole('button', { name: 'Save' }).click();
  await expect(adminPage.getByText('Cody Code is saved.')).toBeVisible();
  const u = await gql(adminPage.request, 'query($id:ID!){ user(id:$id){ loginCodeRequired } }', { id: user.createUser.id });
  expect(u.user.loginCodeRequired).toBe(true);
  await adminPage.close();

  await page.goto('/login');
  await page.getByLabel('Email').fill('coded@example.com');
  await password(page).fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText('We sent a 6-digit code to')).toContainText('coded@example.com');
  await shot(page, '39-login-code');
  const mail = await mailTo(request, 'coded@example.com', /sign-in code/);
  const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
  const wrong = code === '000000' ? '111111' : '000000';
  await page.locator('input[inputmode="numeric"]').first().click();
  await page.keyboard.type(wrong);
  await expect(page.getByRole('alert')).toContainText('attempts left');
  await page.locator('input[inputmode="numeric"]').first().click();
  for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
  await page.locator('input[inputmode="numeric"]').first().click();
  await page.keyboard.type(code);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  const mailPage = await browser.newPage();
  await mailPage.setContent(mail.html);
  await shot(mailPage, '40-email-login-code');
  await mailPage.close();
});
