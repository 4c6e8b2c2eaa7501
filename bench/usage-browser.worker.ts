/// <reference lib="webworker" />
/**
 * The usage benchmark's browser case, in a dedicated worker as the import runs: fetches the CDR
 * file once as a Blob, then reads it RUNS times each way, interleaved, after one untimed round of
 * each (JIT warm-up): the import's reading pass (`collectCdrFile`, as the CDR worker calls it, with
 * an empty device ledger) and the bare parse (the same decoder and CSV parser, nothing per row);
 * also, as an extra, the bare parse plus parseCdrRow per row: lib/cdr's share of the pass.
 */
import { collectCdrFile } from '../app/usage/cdr-collector';
import { CsvStream, parseCdrRow, type CdrMapping } from '../lib/cdr';

export interface UsageWorkerRequest {
  url: string;
  cdrs: number;
  runs: number;
  mapping: CdrMapping;
  accountTimeZone: string;
}

export interface UsageWorkerReply {
  /** Milliseconds of each timed run. */
  collect: number[];
  parse: number[];
  /** The bare parse plus parseCdrRow per row. */
  validate: number[];
  bytes: number;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function collect(file: Blob, request: UsageWorkerRequest): Promise<void> {
  const result = await collectCdrFile(file.stream(), { mapping: request.mapping, accountTimeZone: request.accountTimeZone, ledger: async () => '' });
  if (result.lines !== request.cdrs || result.badCount !== 0) throw new Error(`collect read ${result.lines} lines, ${result.badCount} bad`);
}

/** The bare parse; with `validate`, each row is also read as a CDR (lib/cdr's share of the import pass). */
async function parse(file: Blob, request: UsageWorkerRequest, validate = false): Promise<void> {
  let rows = 0;
  let bad = 0;
  let headerCells = 0;
  const csv = new CsvStream(
    (cells, line) => {
      // Each row is checked against the header's cells, as the collector checks it.
      if (rows === 0) headerCells = cells.length;
      else if (validate && !parseCdrRow(cells, line, request.mapping, headerCells).ok) bad++;
      rows++;
    },
    () => {},
  );
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    csv.push(decoder.decode(value, { stream: true }));
  }
  csv.push(decoder.decode());
  csv.end();
  // The header is a row here; the collector skips it.
  if (rows !== request.cdrs + 1 || bad !== 0) throw new Error(`parsed ${rows} rows, ${bad} bad`);
}

async function time(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

scope.onmessage = async (event: MessageEvent<UsageWorkerRequest>) => {
  const request = event.data;
  try {
    const file = await (await fetch(request.url)).blob();
    await collect(file, request);
    await parse(file, request);
    await parse(file, request, true);
    const reply: UsageWorkerReply = { collect: [], parse: [], validate: [], bytes: file.size };
    for (let run = 0; run < request.runs; run++) {
      reply.collect.push(await time(() => collect(file, request)));
      reply.parse.push(await time(() => parse(file, request)));
      reply.validate.push(await time(() => parse(file, request, true)));
    }
    scope.postMessage(reply);
  } catch (error) {
    scope.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
