import { expect, test, type APIRequestContext } from '@playwright/test';
import { ensureAdmin, shotWide, signIn } from './shots';

// The audit log's drawer reads as facts: a role's changes as rows (added and removed
// permissions as chips, the renaming as from → to), the actor and target linking to the
// user and the role; the recorded JSON stays one click away. Also the pictures of the Users
// and Settings pages, which are put together from smaller parts.
test.describe.configure({ mode: 'serial' });

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

test("a role's change reads as rows, and links to the role and to who changed it", async ({ page, request }) => {
  await ensureAdmin(request);
  await signIn(page);
  const { createRole } = await gql(page.request, 'mutation($i:RoleInput!){ createRole(input:$i){ id } }', {
    i: { name: 'Helpdesk', description: 'Answers users', permissions: ['users:read', 'audit:read'] },
  });
  await gql(page.request, 'mutation($id:ID!,$i:RoleInput!){ updateRole(id:$id, input:$i){ id } }', {
    id: createRole.id,
    i: { name: 'Helpdesk lead', description: 'Answers users', permissions: ['users:read', 'tokens:read', 'roles:read'] },
  });

  await page.goto('/audit');
  await page.getByLabel('Action').fill('role.update');
  const row = page.getByRole('row', { name: /Helpdesk lead/ }).first();
  await expect(row).toBeVisible();
  await shotWide(page, '72-audit-list');
  // On a phone each event is a card, and nothing scrolls sideways.
  const desk = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 900 });
  await expect(page.getByRole('article', { name: /^role\.update / }).first()).toContainText('Helpdesk lead');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize(desk);
  await row.click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByRole('group', { name: 'Name' })).toContainText('Helpdesk→Helpdesk lead');
  await expect(drawer.getByRole('group', { name: 'Added' })).toContainText('tokens:read');
  await expect(drawer.getByRole('group', { name: 'Removed' })).toContainText('audit:read');
  await expect(drawer.getByRole('link', { name: 'Helpdesk lead' })).toHaveAttribute('href', `/roles/${createRole.id}`);
  await expect(drawer.getByRole('link', { name: 'ada@example.com' })).toHaveAttribute('href', '/users?search=ada%40example.com');
  await shotWide(page, '72-audit-details');

  await drawer.getByText('Raw', { exact: true }).click();
  await expect(drawer.getByTestId('raw-details')).toContainText('"added": [');
  await drawer.getByText('Readable', { exact: true }).click();

  // The actor's link finds the user on the Users page.
  await drawer.getByRole('link', { name: 'ada@example.com' }).click();
  await expect(page).toHaveURL(/\/users\?search=ada%40example\.com$/);
  await expect(page.getByLabel('Search users')).toHaveValue('ada@example.com');
  await expect(page.getByRole('row', { name: /Ada Lovelace/ })).toBeVisible();
  await expect(page.getByText('Showing 1–1 of 1 user')).toBeVisible();
  await shotWide(page, '73-users');
  // On a phone each user is a card, and nothing scrolls sideways.
  const wide = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 900 });
  await expect(page.getByRole('article', { name: 'Ada Lovelace' })).toContainText('Administrator');
  await expect(page.getByRole('row', { name: /Ada Lovelace/ })).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize(wide);
  await page.getByRole('row', { name: /Ada Lovelace/ }).click();
  await expect(page.getByRole('dialog', { name: 'Edit user' })).toBeVisible();
  await shotWide(page, '74-users-edit');
});

test('the settings page, in its sections', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  for (const title of ['Whitelist approval', 'Tokens', 'Sign-in and sessions', 'Audit trail', 'Email']) {
    await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  }
  await shotWide(page, '75-settings');
});
