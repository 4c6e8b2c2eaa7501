/**
 * Messages between the page and the PDF worker. Each request carries an id so one worker serves
 * several downloads in turn; the PDF comes back as a transferred ArrayBuffer (no copy).
 */
import type { InvoicePdfData, PdfProgress } from './invoice-pdf-data';
import type { StatementPdfData } from './statement-pdf-data';

export interface PdfRenderRequest {
  type: 'render';
  id: number;
  data: InvoicePdfData;
}

/** A statement of account's PDF, rendered by the same worker, in the same queue. */
export interface StatementRenderRequest {
  type: 'render-statement';
  id: number;
  data: StatementPdfData;
}

export type PdfWorkerMessage =
  | { type: 'progress'; id: number; progress: PdfProgress }
  | { type: 'done'; id: number; pdf: ArrayBuffer; warnings: string[] }
  | { type: 'error'; id: number; message: string };

type Render<D> = (data: D, onProgress: (progress: PdfProgress) => void) => Promise<{ bytes: Uint8Array; warnings: string[] }>;

/**
 * The worker's side: renders each request (an invoice, or a statement with `renderStatement`) and answers with progress, then the PDF or the error.
 * Requests are rendered one after another (react-pdf's font store and renderer are shared).
 */
export function createPdfRequestHandler(
  render: Render<InvoicePdfData>,
  post: (message: PdfWorkerMessage, transfer?: Transferable[]) => void,
  renderStatement?: Render<StatementPdfData>,
) {
  let queue: Promise<void> = Promise.resolve();
  return (request: PdfRenderRequest | StatementRenderRequest): Promise<void> => {
    queue = queue.then(async () => {
      try {
        const onProgress = (progress: PdfProgress) => post({ type: 'progress', id: request.id, progress });
        let rendered: { bytes: Uint8Array; warnings: string[] };
        if (request.type === 'render') rendered = await render(request.data, onProgress);
        else if (renderStatement) rendered = await renderStatement(request.data, onProgress);
        else throw new Error('This worker does not render statements.');
        const { bytes, warnings } = rendered;
        // A view of exactly the PDF's bytes, in a buffer of its own, so it can be transferred.
        const pdf = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
        post({ type: 'done', id: request.id, pdf: pdf as ArrayBuffer, warnings }, [pdf as ArrayBuffer]);
      } catch (error) {
        post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
    return queue;
  };
}
