/**
 * Benchmark helpers. Machines here are shared and noisy, so every case is measured against a
 * baseline in the same run, interleaved, and reported as medians and their ratio (lower is better).
 */
import { performance } from 'node:perf_hooks';

export interface BenchCase {
  case: string;
  unit: string;
  value: number;
  baseline: number;
  ratio: number;
  /** Extra figures worth reporting beside the timing (pages, bytes, rows/s, ...). */
  extra?: Record<string, number | string>;
}

export interface BenchResult {
  name: string;
  cases: BenchCase[];
}

export type Benchmark = () => Promise<BenchCase[]>;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Times `subject` and `baseline` alternately `runs` times (after `warmup` untimed rounds of each),
 * so a burst of load on the machine hits both, and returns the medians in milliseconds.
 */
export async function compare(
  label: string,
  subject: () => unknown,
  baseline: () => unknown,
  { runs = 7, warmup = 1 }: { runs?: number; warmup?: number } = {},
): Promise<BenchCase> {
  for (let i = 0; i < warmup; i++) {
    await subject();
    await baseline();
  }
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    subjectTimes.push(await timeOnce(subject));
    baselineTimes.push(await timeOnce(baseline));
  }
  const value = median(subjectTimes);
  const base = median(baselineTimes);
  return { case: label, unit: 'ms', value: round(value), baseline: round(base), ratio: round(value / base) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
