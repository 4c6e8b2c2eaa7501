import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium';

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    locale: 'en-US',
    // Each new context would download the whole precache (7 MB); specs about offline start opt in.
    serviceWorkers: 'block',
    timezoneId: 'UTC',
    launchOptions: {
      // Debian's Chromium where present (these machines cannot download Playwright's); else Playwright's own.
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS, '--disable-quic'],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    // The production server exactly as `npm start` runs it, on a throwaway data folder.
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${port}/api/trpc/health.check`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // PROXY_HOPS=1: the suite plays a proxy, signing each company up from an address of its own
    // (e2e/fixtures.ts), as it signs up more than one network may in an hour.
    env: { PORT: String(port), DATA_DIR: process.env.E2E_DATA_DIR ?? '.e2e-data', PROXY_HOPS: '1', NEXT_TELEMETRY_DISABLED: '1' },
  },
});
