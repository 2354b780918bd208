import type { Locator, Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** Saves a full-page screenshot under test-output/screenshots for people to look at. */
export async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}

export const admin = { email: 'ada@example.com', name: 'Ada Lovelace', password: 'correct horse battery staple' };

/** The password input (not its show/hide button, which shares the label). */
export function password(scope: Page | Locator): Locator {
  return scope.getByLabel(/^Password/).and(scope.locator('input'));
}
