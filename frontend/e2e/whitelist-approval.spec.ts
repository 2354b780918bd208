import { expect, test, type APIRequestContext } from '@playwright/test';
import { admin, password, shot } from './shots';

// The seeds' flow: a token is generated with an IP, the Business Owner approves it from the
// email, and only then does the token work from that IP.
test.describe.configure({ mode: 'serial' });

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
  await request.post('/graphql', {
    data: { query: 'mutation($e:String!,$n:String!,$p:String!){ setup(email:$e,name:$n,password:$p){ id } }', variables: { e: admin.email, n: admin.name, p: admin.password } },
  });
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await password(page).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await gql(page.request, 'mutation($i:SettingsInput!){ updateSettings(input:$i){ whitelistApproval } }', {
    i: { whitelistApproval: true, businessOwnerEmails: ['owner@example.com'] },
  });

  // Generate a token with one IP: it waits for the owner.
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Add' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Name').fill('Partner upload');
  await drawer.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Auditor' }).click();
  await drawer.getByLabel('IP 1', { exact: true }).fill('127.0.0.1');
  await drawer.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: /Copy the token for Partner upload/ });
  const secret = (await dialog.getByTestId('token-secret').textContent())!.trim();
  await dialog.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByRole('row', { name: /Partner upload/ })).toContainText('127.0.0.1');
  const whoami = async () => (await request.get('/api/v1/whoami', { headers: { 'X-Auth-Token': secret } })).status();
  expect(await whoami()).toBe(403);

  // The owner's email: read it as the owner would, then open its link.
  const mail = await mailTo(request, 'owner@example.com', /^Approve 127\.0\.0\.1\/32/);
  expect(mail.subject).toBe('Approve 127.0.0.1/32 for the API token "Partner upload"?');
  expect(mail.text).toContain('Role:         Auditor');
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
  const decision = await mailTo(request, admin.email, /was approved/);
  expect(decision.text).toContain('Our partner office');
  const note = await browser.newPage();
  await note.setContent(decision.html);
  await shot(note, '33-email-approval-decision');
  await note.close();
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Actions for Partner upload' }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  await expect(page.getByRole('row', { name: /127\.0\.0\.1\/32/ })).toContainText('approved');
  await expect(page.getByRole('row', { name: /127\.0\.0\.1\/32/ })).toContainText('owner@example.com');
});
