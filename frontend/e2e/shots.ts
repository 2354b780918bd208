import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** Saves a full-page screenshot under test-output/screenshots for people to look at. */
export async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.scrollTo(0, 0));
  // Finished transitions (the navigation drawer slides away when the window narrows).
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true, animations: 'disabled' });
}

export const admin = { email: 'ada@example.com', name: 'Ada Lovelace', password: 'correct horse battery staple' };

/** The password input (not its show/hide button, which shares the label). */
export function password(scope: Page | Locator): Locator {
  return scope.getByLabel(/^Password/).and(scope.locator('input'));
}

/** Makes sure the first administrator exists (a spec file may run alone). */
export async function ensureAdmin(request: APIRequestContext) {
  await request.post('/graphql', {
    data: { query: 'mutation($e:String!,$n:String!,$p:String!){ setup(email:$e,name:$n,password:$p){ id } }', variables: { e: admin.email, n: admin.name, p: admin.password } },
  });
}

/** Signs a user (the administrator unless told) in through the login page and waits for the home page. */
export async function signIn(page: Page, who: { email: string; password: string } = admin) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await password(page).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
}

/** Saves the page at 1440 and at 390 px wide (name-1440.png, name-390.png), then restores the size. */
export async function shotWide(page: Page, name: string) {
  const size = page.viewportSize();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(400); // the layout settles at the new width
    await shot(page, `${name}-${width}`);
  }
  if (size) await page.setViewportSize(size);
}
