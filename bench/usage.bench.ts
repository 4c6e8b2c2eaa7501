/**
 * `npm run bench -- usage` (the server cases need DATABASE_URL: a real Postgres; a fresh database
 * is created and dropped). 1,000,000 generated CDRs (softswitch CSV, E.164 numbers under the demo
 * rate deck's prefixes, 50 customers, one month) are:
 *
 * - ingested by the server (`ingestCdrs`: parse, validate, dedupe in cdr_keys, raw rows into the
 *   month partition, usage roll-up, tenant version), against COPY of the same CSV into an unindexed
 *   table with the same column types: the floor for getting those bytes into Postgres;
 * - read by the browser import's pass (`collectCdrFile`: parse, validate, dedupe keys, roll-up) in
 *   a dedicated Web Worker in Chromium, against the streaming CSV parser alone with no work per
 *   row, in the same worker.
 *
 * Each case runs RUNS times, interleaved with its baseline; every ingest run uses new call ids.
 * USAGE_BENCH_CASES=browser or =server runs one case only (while working on it; the saved
 * results and the README table come from a run of both).
 */
import type { BenchCase } from './harness';
import { browserPass } from './usage-browser';
import { serverIngest } from './usage-server';

export default async function usageBenchmark(): Promise<BenchCase[]> {
  const only = process.env.USAGE_BENCH_CASES;
  const cases: BenchCase[] = [];
  if (only !== 'server') cases.push(await browserPass());
  if (only !== 'browser') cases.push(await serverIngest());
  return cases;
}
