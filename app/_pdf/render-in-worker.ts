/**
 * The page's side of PDF rendering: `renderInvoicePdfInWorker` (and `renderStatementPdfInWorker`) renders in a Web Worker (one, kept
 * for later downloads so its fonts stay loaded); the page saves or shares the result as
 * `<number>.pdf` (or `draft-<id>.pdf`). Where workers are unavailable it renders on the main thread.
 */
import type { InvoicePdfData, PdfProgressListener } from './invoice-pdf-data';
import type { PdfRenderRequest, PdfWorkerMessage, StatementRenderRequest } from './pdf-worker-protocol';
import type { StatementPdfData } from './statement-pdf-data';

export type { InvoicePdfData, PdfProgress, PdfProgressListener } from './invoice-pdf-data';
export { invoicePdfFileName } from './invoice-pdf-data';
export type { StatementPdfData } from './statement-pdf-data';
export { statementPdfFileName } from './statement-pdf-data';

interface Pending {
  resolve: (blob: Blob) => void;
  reject: (error: Error) => void;
  onProgress?: PdfProgressListener;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'invoice-pdf' });
  created.addEventListener('message', (event: MessageEvent<PdfWorkerMessage>) => {
    const message = event.data;
    const request = pending.get(message.id);
    if (!request) return;
    if (message.type === 'progress') {
      request.onProgress?.(message.progress);
      return;
    }
    pending.delete(message.id);
    if (message.type === 'done') {
      for (const warning of message.warnings) console.warn(`Invoice PDF: ${warning}`);
      request.resolve(new Blob([message.pdf], { type: 'application/pdf' }));
    } else {
      request.reject(new Error(message.message));
    }
  });
  created.addEventListener('error', (event) => {
    // A worker that failed to load or crashed: fail what it had and start afresh next time.
    failAll(new Error(`The PDF worker failed: ${event.message || 'could not start'}`));
    created.terminate();
    if (worker === created) worker = null;
  });
  worker = created;
  return created;
}

async function renderOnMainThread(data: InvoicePdfData, onProgress?: PdfProgressListener): Promise<Blob> {
  const { renderInvoicePdf } = await import('./render-invoice-pdf');
  const bytes = await renderInvoicePdf(data, { onProgress });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}

/** Sends `request` (with an id of its own) to the worker; its PDF comes back as a Blob. */
function renderInWorker(request: Omit<PdfRenderRequest, 'id'> | Omit<StatementRenderRequest, 'id'>, onProgress?: PdfProgressListener): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, onProgress });
    try {
      getWorker().postMessage({ ...request, id } as PdfRenderRequest | StatementRenderRequest);
    } catch (error) {
      pending.delete(id);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Renders the invoice's PDF in a worker; `onProgress` drives a "preparing PDF" indicator. */
export function renderInvoicePdfInWorker(data: InvoicePdfData, onProgress?: PdfProgressListener): Promise<Blob> {
  if (typeof Worker === 'undefined') return renderOnMainThread(data, onProgress);
  return renderInWorker({ type: 'render', data }, onProgress);
}

/** Renders a statement of account's PDF in the same worker (on the main thread where there is none). */
export async function renderStatementPdfInWorker(data: StatementPdfData, onProgress?: PdfProgressListener): Promise<Blob> {
  if (typeof Worker === 'undefined') {
    const { renderStatementPdf } = await import('./render-statement-pdf');
    return new Blob([(await renderStatementPdf(data, { onProgress })) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  }
  return renderInWorker({ type: 'render-statement', data }, onProgress);
}
