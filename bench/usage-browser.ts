/** The usage benchmark's browser case: the import's reading pass vs the bare CSV parse (see usage.bench.ts). */
import { collectCdrFile } from '../app/usage/cdr-collector';
import { CsvStream, mappingFromPreset } from '../lib/cdr';
import { byteStream, CDRS, generate, HEADER, rowsPerSecond, RUNS, time } from './cdr-file';
import { median, round, type BenchCase } from './harness';

export async function browserPass(): Promise<BenchCase> {
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

