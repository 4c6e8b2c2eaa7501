/// <reference lib="webworker" />
/**
 * The PDF worker: renders invoices (and statements of account) off the main thread so the page stays responsive while a
 * 20,000-line invoice is drawn. Fonts load from `/fonts/` of the app's origin once per worker.
 */
import { createPdfRequestHandler, type PdfRenderRequest, type StatementRenderRequest } from './pdf-worker-protocol';
import { renderInvoicePdfWithDetails } from './render-invoice-pdf';
import { renderStatementPdfWithDetails } from './render-statement-pdf';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handle = createPdfRequestHandler(
  (data, onProgress) => renderInvoicePdfWithDetails(data, { onProgress }),
  (message, transfer) => scope.postMessage(message, transfer ?? []),
  (data, onProgress) => renderStatementPdfWithDetails(data, { onProgress }),
);

scope.addEventListener('message', (event: MessageEvent<PdfRenderRequest | StatementRenderRequest>) => {
  if (event.data?.type === 'render' || event.data?.type === 'render-statement') void handle(event.data);
});
