import { defineConfig } from '@playwright/test';

// The end-to-end tests drive Debian's chromium against the built binary (make build), serving
// a fresh SQLite database of its own.
const port = Number(process.env.KEYWARD_E2E_PORT ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;
// One database for the run: the workers inherit the runner's environment, so they see the
// same file (a test runs keyward demo against it).
process.env.KEYWARD_E2E_DB ??= `test-output/e2e-${Date.now()}.db`;
const db = process.env.KEYWARD_E2E_DB;
// The test SMTP server (tools/smtpsink): emails arrive there and the tests read them over HTTP.
const smtpPort = Number(process.env.KEYWARD_E2E_SMTP_PORT ?? 18025);
const smtpHTTPPort = Number(process.env.KEYWARD_E2E_SMTP_HTTP_PORT ?? 18026);

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-output/playwright',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `./bin/smtpsink --smtp 127.0.0.1:${smtpPort} --http 127.0.0.1:${smtpHTTPPort}`,
      cwd: '../..',
      url: `http://127.0.0.1:${smtpHTTPPort}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `mkdir -p test-output && ./bin/keyward serve --addr 127.0.0.1:${port} --database-url sqlite:${db} --base-url ${baseURL} --smtp-url 'smtp://127.0.0.1:${smtpPort}?tls=none'`,
      cwd: '../..',
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
