/**
 * The usage benchmark's browser case: the import's reading pass vs the bare CSV parse, both in a
 * dedicated Web Worker of Chromium (see usage-browser.worker.ts), on the generated CDR file.
 */
import { mappingFromPreset } from '../lib/cdr';
import { runInBrowserWorker } from './browser-worker';
import { CDRS, generate, HEADER, rowsPerSecond, RUNS } from './cdr-file';
import { median, round, type BenchCase } from './harness';
import type { UsageWorkerReply, UsageWorkerRequest } from './usage-browser.worker';

export async function browserPass(): Promise<BenchCase> {
  const file = Buffer.from(generate('b').join(''));
  const request: UsageWorkerRequest = {
    url: '/cdrs.csv',
    cdrs: CDRS,
    runs: RUNS,
    mapping: mappingFromPreset('softswitch', HEADER.trim().split(',')),
    accountTimeZone: 'Europe/London',
  };
  const { reply, browserVersion } = await runInBrowserWorker<UsageWorkerReply>(
    'bench/usage-browser.worker.ts',
    { '/cdrs.csv': { contentType: 'text/csv', body: file } },
    request,
  );
  const value = median(reply.collect);
  const baseline = median(reply.parse);
  return {
    case: `browser import pass (Chromium worker): read ${CDRS.toLocaleString('en-US')} CDRs vs the bare streaming CSV parse`,
    unit: 'ms',
    value: round(value),
    baseline: round(baseline),
    ratio: round(value / baseline),
    extra: {
      collectRowsPerSecond: rowsPerSecond(value),
      parseRowsPerSecond: rowsPerSecond(baseline),
      // lib/cdr's share: the bare parse plus parseCdrRow per row, without the collector's dedupe and roll-up.
      parseAndValidateRowsPerSecond: rowsPerSecond(median(reply.validate)),
      megabytes: round(reply.bytes / 1e6, 1),
      runs: RUNS,
      browser: `Chromium ${browserVersion}`,
    },
  };
}
