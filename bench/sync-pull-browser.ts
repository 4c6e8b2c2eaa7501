/**
 * Sync benchmark case (2): the initial pull of 100,000 rows into Dexie in Chromium.
 *
 * The server is the real tRPC handler (server/http-handler.ts, what the Next route calls) on the
 * benchmark's database, served by a bare Node HTTP server beside one static page that loads the
 * app's sync engine, Dexie schema and tRPC client bundled by esbuild: no Next build needed, and the
 * timing holds nothing but sync. The tenant is seeded through push (1,000 createCustomer mutations
 * and 99,000 usage rows in putUsage mutations of 1,000, as the CDR import writes them).
 *
 * Subject: a fresh device (new database, new client id) from empty to caught up (`engine.pull()`:
 * every page fetched, applied and committed with its cursor). Baseline, in the same page: the same
 * rows, as the server sent them, put with bare IndexedDB calls in one transaction into a database
 * with the same stores and indexes. Interleaved runs, medians.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { usageId } from '../lib/cdr';
import type { Usage } from '../lib/entities';
import { PUSH_BATCH_MAX } from '../lib/protocol';
import type { Database } from '../server/db';
import { handleTrpcRequest, TRPC_ENDPOINT } from '../server/http-handler';
import { customer, numbered, pushOf } from '../server/sync/test-mutations';
import { signUpOwner, TEST_PASSWORD, type SignedIn } from '../server/test-sessions';
import { median, round, type BenchCase } from './harness';
import type { RunTiming, SyncBench } from './sync-device';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium';

const CUSTOMERS = 1_000;
const USAGE_PER_MUTATION = 1_000;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The case as the issue states it; smaller sizes are for a quick look while profiling. */
export interface InitialPullOptions {
  usageRows: number;
  runs: number;
}

async function seedTenant(owner: SignedIn, usageRows: number): Promise<number> {
  const clientId = randomUUID();
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => customer({ name: `Customer ${i}` }));
  const mutations: { name: string; args: unknown }[] = customers.map((args) => ({ name: 'createCustomer', args }));
  for (let start = 0; start < usageRows; start += USAGE_PER_MUTATION) {
    const rows: Usage[] = [];
    for (let i = start; i < Math.min(usageRows, start + USAGE_PER_MUTATION); i++) {
      const who = customers[i % CUSTOMERS]!;
      const day = `2026-${String((Math.floor(i / CUSTOMERS) % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      // (customer, destination) is unique per row: each row its own cell.
      const destination = `44${1000 + Math.floor(i / CUSTOMERS)}`;
      rows.push({
        id: usageId(who.id, day, destination),
        customerId: who.id,
        day,
        destination,
        destinationName: `United Kingdom ${destination}`,
        calls: 1 + (i % 40),
        attempts: 2 + (i % 40),
        seconds: 60 * (1 + (i % 40)),
        billedSeconds: 60 * (1 + (i % 40)),
        charge: `${(i % 997) / 100}`,
        currency: who.currency,
      });
    }
    mutations.push({ name: 'putUsage', args: { rows } });
  }
  for (let start = 0; start < mutations.length; start += PUSH_BATCH_MAX) {
    const batch = mutations.slice(start, start + PUSH_BATCH_MAX);
    const response = await owner.caller.sync.push(pushOf(clientId, numbered(start + 1, batch)));
    if (response.results.some((r) => r.status !== 'applied')) throw new Error('seeding: a mutation was refused');
  }
  // Plus the account row every tenant has.
  return CUSTOMERS + usageRows + 1;
}

/** Node request → fetch Request → the tRPC handler → Node response. */
function trpcServer(database: Database, page: string, script: string): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (!url.pathname.startsWith(TRPC_ENDPOINT)) {
        const [type, body] = url.pathname === '/device.js' ? ['text/javascript', script] : ['text/html', page];
        res.writeHead(200, { 'content-type': type }).end(body);
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(url, { method: req.method, headers, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) });
      const response = await handleTrpcRequest(request, database);
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out['set-cookie'] = cookies;
      res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
}

async function deviceBundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, 'bench', 'sync-device.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    tsconfig: path.join(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

export async function initialPullInChromium(
  database: Database,
  { usageRows, runs }: InitialPullOptions = { usageRows: 99_000, runs: 3 },
): Promise<BenchCase> {
  const owner = await signUpOwner(database, 'Initial Pull Ltd');
  const rows = await seedTenant(owner, usageRows);
  const server = trpcServer(database, '<!doctype html><title>sync bench</title><script type="module" src="/device.js"></script>', await deviceBundle());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ baseURL: `http://127.0.0.1:${port}` });
    // tsx compiles functions passed to page.evaluate with esbuild's `__name` helper; define it in the page.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto('/');
    await page.waitForFunction(() => 'syncBench' in globalThis);
    const bench = () => page.evaluateHandle(() => (globalThis as unknown as { syncBench: SyncBench }).syncBench);
    const handle = await bench();
    await handle.evaluate((b, { email, password }) => b.signIn(email, password), { email: owner.email, password: TEST_PASSWORD });
    const loaded = await handle.evaluate((b, clientId) => b.loadServerRows(clientId), randomUUID());
    if (loaded.rows !== rows) throw new Error(`the server sent ${loaded.rows} rows, expected ${rows}`);

    const run = async (what: 'initialSync' | 'rawPut'): Promise<number> => {
      const name = `bench-${what}-${randomUUID()}`;
      const timing: RunTiming = await handle.evaluate(
        (b, { what, name, clientId }) => (what === 'initialSync' ? b.initialSync(name, clientId) : b.rawPut(name)),
        { what, name, clientId: randomUUID() },
      );
      await handle.evaluate((b, name) => b.drop(name), name);
      if (timing.rows !== rows) throw new Error(`${what} left ${timing.rows} rows, expected ${rows}`);
      return timing.ms;
    };
    // One untimed round of each, then interleaved so a burst of load on the machine hits both.
    await run('initialSync');
    await run('rawPut');
    const pulls: number[] = [];
    const puts: number[] = [];
    for (let i = 0; i < runs; i++) {
      pulls.push(await run('initialSync'));
      puts.push(await run('rawPut'));
    }
    const value = median(pulls);
    const baseline = median(puts);
    return {
      case: `initial pull of ${rows.toLocaleString('en')} rows into Dexie in Chromium vs raw IndexedDB put in one transaction`,
      unit: 'ms',
      value: round(value),
      baseline: round(baseline),
      ratio: round(value / baseline),
      extra: { runs, runsMs: pulls.map((t) => round(t, 0)).join(' '), baselineRunsMs: puts.map((t) => round(t, 0)).join(' '),
        // Fetching every page without applying it: the server's and the network's share of the subject.
        fetchOnlyMs: round(loaded.ms, 0),
      },
    };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
