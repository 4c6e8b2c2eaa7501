/**
 * The page's side of reading a CDR file: starts a worker for it, answers its ledger requests from
 * the device database, and reports progress. `cancel` terminates the worker at once.
 */
import type { CdrMapping } from '@/lib/cdr';
import type { TollbookDb } from '../_local/db';
import { ledgerMetaKey, type CollectResult } from './cdr-collector';
import type { CdrWorkerMessage, CdrWorkerRequest } from './cdr-worker-protocol';

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export interface CollectRun {
  result: Promise<CollectResult>;
  cancel: () => void;
}

export function collectInWorker(
  file: Blob,
  mapping: CdrMapping,
  accountTimeZone: string,
  db: TollbookDb,
  onProgress: (progress: { bytes: number; lines: number }) => void,
): CollectRun {
  const worker = new Worker(new URL('./cdr-parse.worker.ts', import.meta.url), { type: 'module', name: 'cdr-parse' });
  let reject: (error: Error) => void = () => {};
  const result = new Promise<CollectResult>((resolve, rejectResult) => {
    reject = rejectResult;
    worker.addEventListener('message', (event: MessageEvent<CdrWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message);
      else if (message.type === 'ledger-request') {
        void db.meta.get(ledgerMetaKey(message.day)).then(
          (entry) => worker.postMessage({ type: 'ledger', day: message.day, keys: (entry?.value as string | undefined) ?? '' } satisfies CdrWorkerRequest),
          (error: unknown) => {
            worker.terminate();
            rejectResult(error instanceof Error ? error : new Error(String(error)));
          },
        );
      } else {
        worker.terminate();
        if (message.type === 'done') resolve(message.result);
        else rejectResult(new Error(message.message));
      }
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      rejectResult(new Error(`The CDR reader failed: ${event.message || 'could not start'}`));
    });
  });
  worker.postMessage({ type: 'collect', file, mapping, accountTimeZone } satisfies CdrWorkerRequest);
  return {
    result,
    cancel: () => {
      worker.terminate();
      reject(new CancelledError('Cancelled'));
    },
  };
}
