/// <reference lib="webworker" />
/**
 * The PDF worker: renders invoices off the main thread so the page stays responsive while a
 * 20,000-line invoice is drawn. Fonts load from `/fonts/` of the app's origin once per worker.
 */
import { createPdfRequestHandler, type PdfRenderRequest } from './pdf-worker-protocol';
import { renderInvoicePdfWithDetails } from './render-invoice-pdf';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handle = createPdfRequestHandler(
  (data, onProgress) => renderInvoicePdfWithDetails(data, { onProgress }),
  (message, transfer) => scope.postMessage(message, transfer ?? []),
);

scope.addEventListener('message', (event: MessageEvent<PdfRenderRequest>) => {
  if (event.data?.type === 'render') void handle(event.data);
});
