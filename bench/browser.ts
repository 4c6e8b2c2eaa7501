/**
 * Benchmarks in Chromium against the production server, started here exactly as `npm start` runs
 * it, on a throwaway data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium';

export interface RunningApp {
  baseURL: string;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startApp(port: number): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tollbook-bench-'));
  const server: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error('the app did not start');
    try {
      if ((await fetch(`${baseURL}/api/trpc/health.check`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('the app did not answer within 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
  return {
    baseURL,
    browser,
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs up a fresh company account in the page's context and opens the app until it has synced. */
export async function signedInPage(app: RunningApp): Promise<{ page: Page; dbName: string }> {
  const context = await app.browser.newContext({ baseURL: app.baseURL, locale: 'en-US' });
  // tsx compiles functions passed to page.evaluate with esbuild's `__name` helper; define it in the page.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  const response = await page.request.post('/api/trpc/auth.signUp', {
    data: { companyName: 'Bench Telecom', name: 'Bench', email: `bench+${randomUUID()}@example.com`, password: 'correct horse battery staple' },
  });
  const who = ((await response.json()) as { result: { data: { user: { id: string }; tenant: { id: string } } } }).result.data;
  await page.goto('/customers');
  await page.getByTestId('sync-status').and(page.locator('[data-state="synced"]')).waitFor({ timeout: 60_000 });
  return { page, dbName: `tollbook-${who.tenant.id}-${who.user.id}` };
}
