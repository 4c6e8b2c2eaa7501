/**
 * The page's side of PDF rendering: `renderInvoicePdfInWorker` renders in a Web Worker (one, kept
 * for later downloads so its fonts stay loaded); the page saves or shares the result as
 * `<number>.pdf` (or `draft-<id>.pdf`). Where workers are unavailable it renders on the main thread.
 */
import type { InvoicePdfData, PdfProgressListener } from './invoice-pdf-data';
import type { PdfRenderRequest, PdfWorkerMessage } from './pdf-worker-protocol';

export type { InvoicePdfData, PdfProgress, PdfProgressListener } from './invoice-pdf-data';
export { invoicePdfFileName } from './invoice-pdf-data';

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

/** Renders the invoice's PDF in a worker; `onProgress` drives a "preparing PDF" indicator. */
export function renderInvoicePdfInWorker(data: InvoicePdfData, onProgress?: PdfProgressListener): Promise<Blob> {
  if (typeof Worker === 'undefined') return renderOnMainThread(data, onProgress);
  return new Promise<Blob>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, onProgress });
    const request: PdfRenderRequest = { type: 'render', id, data };
    try {
      getWorker().postMessage(request);
    } catch (error) {
      pending.delete(id);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
