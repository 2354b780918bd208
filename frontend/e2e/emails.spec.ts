import { expect, test } from '@playwright/test';
import { shot } from './shots';

// The emails that no browser flow here sends (an expiry reminder comes days after the token
// was made, an approval request expires after 72 hours), rendered from their templates by
// the test SMTP server with sample data, so that they are looked at like every other page.
const sink = `http://127.0.0.1:${Number(process.env.KEYWARD_E2E_SMTP_HTTP_PORT ?? 18026)}`;

interface Mail {
  subject: string;
  text: string;
  html: string;
}

test('the expiry reminder, the expired notice, the test email and the expired request', async ({ page, request }) => {
  const samples = (await (await request.get(`${sink}/samples`)).json()) as Record<string, Mail>;
  const cases = [
    { name: 'expiry_reminder', shot: '41-email-expiry-reminder', heading: '"Nightly export" expires in 10 days', button: 'Renew the token' },
    { name: 'token_expired', shot: '42-email-token-expired', heading: '"Nightly export" has expired', button: 'Renew the token' },
    { name: 'test', shot: '43-email-test', heading: 'It works', button: 'Open Keyward' },
    { name: 'approval_expired', shot: '44-email-approval-expired', heading: 'Your request for 203.0.113.0/24 expired', button: 'Open the token' },
  ];
  for (const c of cases) {
    const mail = samples[c.name]!;
    expect(mail.text).not.toBe('');
    await page.setContent(mail.html);
    await expect(page.getByRole('heading', { name: c.heading })).toBeVisible();
    const link = page.getByRole('link', { name: c.button });
    await expect(link).toBeVisible();
    expect(mail.text).toContain((await link.getAttribute('href'))!);
    await shot(page, c.shot);
  }
});
