import { expect, test, type APIRequestContext } from '@playwright/test';
import { ensureAdmin, shotWide, signIn } from './shots';

// A user whose role does not reach a page: the sidebar does not offer it, and its address
// shows the 403 page (which permission, who grants it, the way home) without sending the
// page's query. A role that loses a permission while its user is on the page: the server's
// FORBIDDEN turns the page into the same 403 page.
test.describe.configure({ mode: 'serial' });

const auditor = { email: 'reader@example.com', password: 'a long enough password for reading' };

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

let roleId = '';

test('a page the role does not reach shows the 403 page, before any query', async ({ browser, page, request }) => {
  await ensureAdmin(request);
  const admin = await browser.newPage();
  await signIn(admin);
  const { createRole } = await gql(admin.request, 'mutation($i:RoleInput!){ createRole(input:$i){ id } }', {
    i: { name: 'Audit reader', description: 'Reads the audit log', permissions: ['audit:read'] },
  });
  roleId = createRole.id;
  await gql(admin.request, 'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', {
    i: { email: auditor.email, name: 'Rita Reader', password: auditor.password, roleId },
  });
  await admin.close();

  const operations: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql')) operations.push((r.postDataJSON() as { operationName?: string })?.operationName ?? '');
  });
  await signIn(page, auditor);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);

  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'You need settings:write to see Settings' })).toBeVisible();
  await expect(page.getByText('Your role, Audit reader, does not include')).toBeVisible();
  await expect(page.getByText(/Administrators grant permissions/)).toBeVisible();
  await expect(page.getByText('Could not load this page')).toHaveCount(0);
  expect(operations).not.toContain('Settings');
  expect(operations).not.toContain('EmailStatus');
  await shotWide(page, '70-forbidden-settings');

  await page.goto('/tokens/1');
  await expect(page.getByRole('heading', { name: 'You need tokens:read to see API tokens' })).toBeVisible();
  expect(operations).not.toContain('Token');

  await page.getByRole('link', { name: 'Back to Home' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
});

test('a permission taken away while the page is open turns its next answer into the 403 page', async ({ browser, page }) => {
  await signIn(page, auditor);
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toBeVisible();

  const admin = await browser.newPage();
  await signIn(admin);
  await gql(admin.request, 'mutation($id:ID!,$i:RoleInput!){ updateRole(id:$id, input:$i){ id } }', {
    id: roleId,
    i: { name: 'Audit reader', description: 'Reads nothing any more', permissions: [] },
  });
  await admin.close();

  // The next query of the page (a filter) is refused by the server.
  await page.getByLabel('Action').fill('user.');
  await expect(page.getByRole('heading', { name: 'You need audit:read to see Audit log' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  // Who the user is was read again: the sidebar no longer offers the page.
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await shotWide(page, '71-forbidden-audit');
});
