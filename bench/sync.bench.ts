/**
 * `npm run bench -- sync` (needs DATABASE_URL: a real Postgres; a fresh database is created and
 * dropped). Cases, each against a baseline in the same run:
 * (1) push of 10,000 createCustomer mutations through the tRPC caller in batches of 500 (the
 *     protocol maximum), each mutation in its own savepoint with a tenant version bump; baseline:
 *     a batched `INSERT ... ON CONFLICT DO UPDATE` of the same 10,000 rows, 500 per statement.
 *     Goal: within 3×.
 * (3) 50 concurrent devices of one tenant, each pushing one mutation and pulling 20 times:
 *     latency of a push + pull round (p50, with p95 and errors in `extra`); baseline: one device
 *     alone doing the same rounds. Goal: 0 errors.
 * (2) initial pull of 100,000 rows into Dexie in Chromium by a fresh device, baseline a raw
 *     IndexedDB put of the same rows in one transaction (bench/sync-pull-browser.ts). Goal: 1.5×.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PUSH_BATCH_MAX } from '../lib/protocol';
import { customerRows } from '../server/schema';
import { customer, numbered, pullOf, pushOf } from '../server/sync/test-mutations';
import { openTestDatabase, type TestDatabase } from '../server/test-databases';
import { signUpOwner, type SignedIn } from '../server/test-sessions';
import { type BenchCase, median, round } from './harness';
import { initialPullInChromium } from './sync-pull-browser';

const MUTATIONS = 10_000;

async function pushAll(owner: SignedIn, rows: ReturnType<typeof customer>[]): Promise<void> {
  const clientId = randomUUID();
  for (let start = 0; start < rows.length; start += PUSH_BATCH_MAX) {
    const batch = rows.slice(start, start + PUSH_BATCH_MAX).map((args) => ({ name: 'createCustomer', args }));
    const response = await owner.caller.sync.push(pushOf(clientId, numbered(start + 1, batch)));
    if (response.lastMutationId !== start + batch.length) throw new Error('push did not apply the whole batch');
  }
}

async function insertAll(database: TestDatabase, tenantId: string, rows: ReturnType<typeof customer>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += PUSH_BATCH_MAX) {
    const values = rows.slice(start, start + PUSH_BATCH_MAX).map((row) => ({ ...row, tenantId, version: 1, deleted: false }));
    await database.db
      .insert(customerRows)
      .values(values)
      .onConflictDoUpdate({ target: [customerRows.tenantId, customerRows.id], set: { name: customerRows.name, version: customerRows.version } });
  }
}

async function pushVersusInsert(database: TestDatabase, runs: number): Promise<BenchCase> {
  const pushTimes: number[] = [];
  const insertTimes: number[] = [];
  for (let run = 0; run <= runs; run++) {
    // Each run writes into a fresh tenant so both sides start from the same empty state.
    const rows = Array.from({ length: MUTATIONS }, (_, i) => customer({ name: `Customer ${i}` }));
    const pushTenant = await signUpOwner(database, `Push ${run}`);
    const insertTenant = await signUpOwner(database, `Insert ${run}`);
    let start = performance.now();
    await pushAll(pushTenant, rows);
    const push = performance.now() - start;
    start = performance.now();
    await insertAll(database, insertTenant.tenantId, rows);
    const insert = performance.now() - start;
    // Run 0 warms up caches and JIT.
    if (run > 0) {
      pushTimes.push(push);
      insertTimes.push(insert);
    }
  }
  const value = median(pushTimes);
  const baseline = median(insertTimes);
  return {
    case: `push ${MUTATIONS.toLocaleString('en')} mutations vs batched INSERT ... ON CONFLICT`,
    unit: 'ms',
    value: round(value),
    baseline: round(baseline),
    ratio: round(value / baseline),
    extra: { mutationsPerSecond: Math.round(MUTATIONS / (value / 1000)) },
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function rounds(device: SignedIn, count: number, latencies: number[], errors: { n: number }): Promise<void> {
  const clientId = randomUUID();
  let cursor = 0;
  for (let i = 1; i <= count; i++) {
    const start = performance.now();
    try {
      await device.caller.sync.push(pushOf(clientId, numbered(i, [{ name: 'createCustomer', args: customer() }])));
      let page = await device.caller.sync.pull(pullOf(clientId, cursor));
      while (page.more) page = await device.caller.sync.pull(pullOf(clientId, page.cursor, { snapshot: page.snapshot }));
      cursor = page.cursor;
      latencies.push(performance.now() - start);
    } catch {
      errors.n++;
    }
  }
}

async function concurrentDevices(database: TestDatabase): Promise<BenchCase> {
  const DEVICES = 50;
  const ROUNDS = 20;
  const owner = await signUpOwner(database, 'Concurrent Ltd');
  const alone: number[] = [];
  await rounds(owner, ROUNDS, alone, { n: 0 });
  const latencies: number[] = [];
  const errors = { n: 0 };
  await Promise.all(Array.from({ length: DEVICES }, () => rounds(owner, ROUNDS, latencies, errors)));
  const p50 = percentile(latencies, 50);
  const baseline = percentile(alone, 50);
  return {
    case: `${DEVICES} concurrent devices × ${ROUNDS} push+pull rounds (p50) vs one device alone`,
    unit: 'ms',
    value: round(p50),
    baseline: round(baseline),
    ratio: round(p50 / baseline),
    extra: { p95: round(percentile(latencies, 95)), errors: errors.n, rounds: latencies.length + errors.n },
  };
}

export default async function syncBenchmark(): Promise<BenchCase[]> {
  if (!process.env.DATABASE_URL) throw new Error('The sync benchmark needs DATABASE_URL (a real Postgres)');
  const database = await openTestDatabase('postgres');
  try {
    return [await pushVersusInsert(database, 3), await initialPullInChromium(database), await concurrentDevices(database)];
  } finally {
    await database.close();
  }
}
