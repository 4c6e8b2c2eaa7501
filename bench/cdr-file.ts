/**
 * The CDR file both usage benchmark cases read: CDRS generated softswitch CSV lines (E.164 numbers
 * under the demo rate deck's prefixes, CUSTOMERS customers, one month), deterministic per run tag.
 */
import { performance } from 'node:perf_hooks';
import { DEMO_DESTINATIONS, mulberry32 } from '../lib/demo-data';

export const CDRS = Number(process.env.USAGE_BENCH_CDRS ?? 1_000_000);
export const RUNS = Number(process.env.USAGE_BENCH_RUNS ?? 3);
export const CUSTOMERS = 50;
const LINES_PER_CHUNK = 2000;
export const HEADER = 'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id\n';

/** The CSV in chunks of LINES_PER_CHUNK lines; call ids carry `run` so each ingest run is new. */
export function generate(run: string): string[] {
  // Seeded, so every run generates the same CDRs.
  const next = mulberry32(42);
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

export async function* each<T extends string | Uint8Array>(chunks: readonly T[]): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

export function byteStream(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i >= chunks.length) return controller.close();
      controller.enqueue(encoder.encode(chunks[i++]!));
    },
  });
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function rowsPerSecond(ms: number): number {
  return Math.round(CDRS / (ms / 1000));
}

