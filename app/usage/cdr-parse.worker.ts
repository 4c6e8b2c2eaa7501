/// <reference lib="webworker" />
/**
 * The CDR worker: streams the chosen file through the CDR parser and roll-up off the main thread,
 * so a file of hundreds of megabytes neither freezes the page nor is ever held in memory whole.
 */
import { collectCdrFile, transferablesOfResult } from './cdr-collector';
import type { CdrWorkerMessage, CdrWorkerRequest } from './cdr-worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: CdrWorkerMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const ledgerWaiters = new Map<string, (keys: string) => void>();
/** Progress at most every 100 ms: a message per chunk would flood the page. */
const PROGRESS_INTERVAL_MS = 100;

scope.addEventListener('message', (event: MessageEvent<CdrWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'ledger') {
    ledgerWaiters.get(request.day)?.(request.keys);
    ledgerWaiters.delete(request.day);
    return;
  }
  if (request.type !== 'collect') return;
  let lastProgress = 0;
  collectCdrFile(request.file.stream(), {
    mapping: request.mapping,
    accountTimeZone: request.accountTimeZone,
    ledger: (day) =>
      new Promise<string>((resolve) => {
        ledgerWaiters.set(day, resolve);
        post({ type: 'ledger-request', day });
      }),
    onProgress: ({ bytes, lines }) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      post({ type: 'progress', bytes, lines });
    },
  }).then(
    // The CDRs' columns move to the page rather than being copied: they can be tens of megabytes.
    (result) => post({ type: 'done', result }, transferablesOfResult(result)),
    (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
