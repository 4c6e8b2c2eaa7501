/**
 * `npm run bench -- usage` (the server cases need DATABASE_URL: a real Postgres; a fresh database
 * is created and dropped). 1,000,000 generated CDRs (softswitch CSV, E.164 numbers under the demo
 * rate deck's prefixes, 50 customers, one month) are:
 *
 * - ingested by the server (`ingestCdrs`: parse, validate, dedupe in cdr_keys, raw rows into the
 *   month partition, usage roll-up, tenant version), against COPY of the same CSV into an unindexed
 *   table with the same column types: the floor for getting those bytes into Postgres;
 * - read by the browser import's pass (`collectCdrFile`: parse, validate, dedupe keys, roll-up),
 *   here in Node rather than in a browser worker, against the streaming CSV parser alone with no
 *   work per row.
 *
 * Each case runs RUNS times, interleaved with its baseline; every ingest run uses new call ids.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { collectCdrFile } from '../app/usage/cdr-collector';
import { CsvStream, mappingFromPreset } from '../lib/cdr';
import { DEMO_DESTINATIONS } from '../lib/demo-data';
import { resultRows } from '../server/db';
import { ingestCdrs } from '../server/cdr/ingest';
import { customer, numbered, pushOf } from '../server/sync/test-mutations';
import { openTestDatabase } from '../server/test-databases';
import { signUpOwner } from '../server/test-sessions';
import { median, round, type BenchCase } from './harness';

const CDRS = Number(process.env.USAGE_BENCH_CDRS ?? 1_000_000);
const RUNS = Number(process.env.USAGE_BENCH_RUNS ?? 3);
const CUSTOMERS = 50;
const LINES_PER_CHUNK = 2000;
const HEADER = 'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id\n';

/** A deterministic pseudo-random sequence (mulberry32), so every run generates the same CDRs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CSV in chunks of LINES_PER_CHUNK lines; call ids carry `run` so each ingest run is new. */
function generate(run: string): string[] {
  const next = random(42);
  const chunks: string[] = [HEADER];
  let lines: string[] = [];
  for (let i = 0; i < CDRS; i++) {
    const d = DEMO_DESTINATIONS[Math.floor(next() * DEMO_DESTINATIONS.length)]!;
    const number = d.prefix + String(Math.floor(next() * 1e12)).padStart(12, '0').slice(0, 11 - d.prefix.length);
    const seconds = 1 + Math.floor(next() * 600);
    const billed = Math.ceil(seconds / 6) * 6;
    const charge = Math.round((billed * d.rateMicros) / 60);
    const at = Date.UTC(2026, 2, 1) + Math.floor(next() * 30 * 86_400) * 1000;
    lines.push(
      `${new Date(at).toISOString()},CUST-${1 + (i % CUSTOMERS)},+${number},${d.name},${seconds},${billed},${(charge / 1e6).toFixed(6)},USD,${run}-${i}`,
    );
    if (lines.length === LINES_PER_CHUNK) {
      chunks.push(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length) chunks.push(`${lines.join('\n')}\n`);
  return chunks;
}

async function* each(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

function byteStream(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i >= chunks.length) return controller.close();
      controller.enqueue(encoder.encode(chunks[i++]!));
    },
  });
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function rowsPerSecond(ms: number): number {
  return Math.round(CDRS / (ms / 1000));
}

async function serverIngest(): Promise<BenchCase> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('The usage benchmark needs DATABASE_URL (a real Postgres) for its server case');
  const database = await openTestDatabase('postgres');
  const [{ name }] = resultRows<{ name: string }>(await database.db.execute(sql`select current_database() as name`)) as [{ name: string }];
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = postgres(target.toString(), { max: 1, onnotice: () => {} });
  try {
    const owner = await signUpOwner(database, 'Bench Carrier');
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => customer({ name: `Customer ${i + 1}`, externalId: `CUST-${i + 1}`, currency: 'USD' }));
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, customers.map((c) => ({ name: 'createCustomer', args: c })))));
    await client.unsafe(`create table copy_baseline (time timestamptz, customer text, destination_number text, destination_name text,
      duration integer, billed_duration integer, charge numeric, currency text, call_id text)`);

    const ingestTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const chunks = generate(`r${run}`);
      ingestTimes.push(
        await time(async () => {
          const result = await ingestCdrs(database, owner.tenantId, each(chunks), { format: 'csv' });
          if (result.accepted !== CDRS) throw new Error(`ingest accepted ${result.accepted} of ${CDRS}: ${JSON.stringify(result.badRows.slice(0, 3))}`);
        }),
      );
      await client.unsafe('truncate copy_baseline');
      copyTimes.push(
        await time(async () => {
          const writable = await client.unsafe('copy copy_baseline from stdin with (format csv, header true)').writable();
          await pipeline(Readable.from(chunks), writable);
        }),
      );
      console.error(`usage bench run ${run + 1}/${RUNS}: ingest ${round(ingestTimes.at(-1)!)} ms, COPY ${round(copyTimes.at(-1)!)} ms`);
    }
    const value = median(ingestTimes);
    const baseline = median(copyTimes);
    return {
      case: `server: ingest ${CDRS.toLocaleString('en-US')} CDRs (POST /api/cdrs path) vs COPY into an unindexed table`,
      unit: 'ms',
      value: round(value),
      baseline: round(baseline),
      ratio: round(value / baseline),
      extra: { ingestRowsPerSecond: rowsPerSecond(value), copyRowsPerSecond: rowsPerSecond(baseline), runs: RUNS },
    };
  } finally {
    await client.end({ timeout: 5 });
    await database.close();
  }
}

async function browserPass(): Promise<BenchCase> {
  const chunks = generate('b');
  const mapping = mappingFromPreset('softswitch', HEADER.trim().split(','));
  const collectTimes: number[] = [];
  const parseTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    collectTimes.push(
      await time(async () => {
        const result = await collectCdrFile(byteStream(chunks), { mapping, accountTimeZone: 'Europe/London', ledger: async () => '' });
        if (result.lines !== CDRS || result.badCount !== 0) throw new Error(`collect read ${result.lines} lines, ${result.badCount} bad`);
      }),
    );
    parseTimes.push(
      await time(async () => {
        // The same bytes through the same decoder and CSV parser, with nothing done per row.
        let rows = 0;
        const csv = new CsvStream(
          () => rows++,
          () => {},
        );
        const decoder = new TextDecoder('utf-8', { fatal: true });
        const reader = byteStream(chunks).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          csv.push(decoder.decode(value, { stream: true }));
        }
        csv.end();
        if (rows !== CDRS + 1) throw new Error(`parsed ${rows} rows`);
      }),
    );
  }
  const value = median(collectTimes);
  const baseline = median(parseTimes);
  return {
    case: `browser import pass (in Node): read ${CDRS.toLocaleString('en-US')} CDRs vs the bare streaming CSV parse`,
    unit: 'ms',
    value: round(value),
    baseline: round(baseline),
    ratio: round(value / baseline),
    extra: { collectRowsPerSecond: rowsPerSecond(value), parseRowsPerSecond: rowsPerSecond(baseline), runs: RUNS },
  };
}

export default async function usageBenchmark(): Promise<BenchCase[]> {
  const cases = [await browserPass()];
  cases.push(await serverIngest());
  return cases;
}
