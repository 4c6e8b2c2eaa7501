/**
 * `npm run bench -- startup`: cold start of the app from the service-worker cache with no network,
 * to the invoices list showing its first rows, with 100,000 invoices (and 10,000 customers) in
 * Dexie, in Chromium. Baseline: the same cold load of a static HTML page from the same cache
 * (public/offline.html, precached like the app), to its heading. Both are timed inside the page
 * from its navigation start, so they include starting the stopped service worker and reading the
 * cache; the subject adds the app's JavaScript, the sign-in gate, and Dexie reading 100,000 rows.
 *
 * "Installed" is approximated by a persistent Chromium profile (installation itself needs a user
 * gesture on a browser UI); each run opens a new tab after stopping every service worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { median, round, type BenchCase } from './harness';
import { seedInvoices } from './seed-invoices';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium';

const INVOICES = 100_000;
const CUSTOMERS = 10_000;
const RUNS = 5;
const PORT = Number(process.env.BENCH_STARTUP_PORT ?? 3320);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Marks, in the page, when the heading is in the DOM (for the app: its shell is up, the sign-in
 * gate passed) and when the first list row is (the static page has no rows: its heading counts).
 */
const READY_PROBE = `
  globalThis.__name = (f) => f; // tsx compiles functions passed to page.evaluate with esbuild's __name
  const isApp = location.pathname === '/invoices';
  new MutationObserver((_, observer) => {
    if (globalThis.__benchShellAt === undefined && document.querySelector('main h1')) globalThis.__benchShellAt = performance.now();
    if (!isApp) globalThis.__benchReadyAt = globalThis.__benchShellAt;
    else if (document.querySelector('[data-testid="invoice-rows"] [role="row"]')) globalThis.__benchReadyAt = performance.now();
    if (globalThis.__benchReadyAt !== undefined) observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

interface Timing {
  shellAt: number;
  readyAt: number;
}

async function startServer(dataDir: string): Promise<ChildProcess> {
  // Exactly as `npm start` runs it (building first if the sources changed).
  const server = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error('the app did not start');
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/trpc/health.check`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('the app did not answer within 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Signs up, opens the app until a service worker controls it, and returns the tenant's db name. */
async function installApp(page: Page): Promise<string> {
  const response = await page.request.post('/api/trpc/auth.signUp', {
    data: { companyName: 'Bench Telecom', name: 'Bench', email: `bench+${randomUUID()}@example.com`, password: 'correct horse battery staple' },
  });
  const who = ((await response.json()) as { result: { data: { user: { id: string }; tenant: { id: string } } } }).result.data;
  await page.goto('/invoices');
  await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  return `tollbook-${who.tenant.id}-${who.user.id}`;
}

/** One cold start: no service worker running, a new tab, timed from its navigation start. */
async function coldStart(context: BrowserContext, control: Page, url: string): Promise<Timing> {
  const cdp = await context.newCDPSession(control);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (globalThis as { __benchReadyAt?: number }).__benchReadyAt !== undefined, null, { timeout: 120_000 });
    const { timing, fromWorker } = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const marks = globalThis as { __benchShellAt?: number; __benchReadyAt?: number };
      return { timing: { shellAt: marks.__benchShellAt!, readyAt: marks.__benchReadyAt! }, fromWorker: navigation.workerStart > 0 };
    });
    // Offline, anything not answered by the worker would be the browser's error page.
    if (!fromWorker) throw new Error(`${url} was not served by the service worker`);
    return timing;
  } finally {
    await page.close();
  }
}

export default async function startup(): Promise<BenchCase[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tollbook-bench-startup-'));
  const profile = await mkdtemp(path.join(tmpdir(), 'tollbook-bench-profile-'));
  const server = await startServer(dataDir);
  const executablePath = chromiumPath();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'en-US',
    args: CHROMIUM_ARGS,
  });
  try {
    await context.addInitScript({ content: READY_PROBE });
    const control = context.pages()[0] ?? (await context.newPage());
    const dbName = await installApp(control);
    await seedInvoices(control, dbName, { invoices: INVOICES, customers: CUSTOMERS });
    await control.goto('about:blank');
    await context.setOffline(true);

    const app: Timing[] = [];
    const staticPage: Timing[] = [];
    // One untimed round of each, then interleaved so a burst of load on the machine hits both.
    await coldStart(context, control, '/invoices');
    await coldStart(context, control, '/offline.html');
    for (let i = 0; i < RUNS; i++) {
      app.push(await coldStart(context, control, '/invoices'));
      staticPage.push(await coldStart(context, control, '/offline.html'));
    }
    const baseline = median(staticPage.map((t) => t.readyAt));
    const figure = (label: string, times: number[]): BenchCase => {
      const value = median(times);
      return {
        case: label,
        unit: 'ms',
        value: round(value),
        baseline: round(baseline),
        ratio: round(value / baseline),
        extra: { runs: RUNS, runsMs: times.map((t) => round(t, 0)).join(' '), baselineRunsMs: staticPage.map((t) => round(t.readyAt, 0)).join(' ') },
      };
    };
    return [
      figure(`offline cold start to first invoice rows, ${INVOICES} invoices`, app.map((t) => t.readyAt)),
      // The share of the above that is the app shell itself (worker, cache, JS, sign-in gate).
      figure('offline cold start to the Invoices heading (app shell)', app.map((t) => t.shellAt)),
    ];
  } finally {
    await context.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}
