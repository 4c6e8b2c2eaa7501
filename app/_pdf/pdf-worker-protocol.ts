/**
 * Messages between the page and the PDF worker. Each request carries an id so one worker serves
 * several downloads in turn; the PDF comes back as a transferred ArrayBuffer (no copy).
 */
import type { InvoicePdfData, PdfProgress } from './invoice-pdf-data';

export interface PdfRenderRequest {
  type: 'render';
  id: number;
  data: InvoicePdfData;
}

export type PdfWorkerMessage =
  | { type: 'progress'; id: number; progress: PdfProgress }
  | { type: 'done'; id: number; pdf: ArrayBuffer; warnings: string[] }
  | { type: 'error'; id: number; message: string };

type Render = (
  data: InvoicePdfData,
  onProgress: (progress: PdfProgress) => void,
) => Promise<{ bytes: Uint8Array; warnings: string[] }>;

/**
 * The worker's side: renders each request and answers with progress, then the PDF or the error.
 * Requests are rendered one after another (react-pdf's font store and renderer are shared).
 */
export function createPdfRequestHandler(render: Render, post: (message: PdfWorkerMessage, transfer?: Transferable[]) => void) {
  let queue: Promise<void> = Promise.resolve();
  return (request: PdfRenderRequest): Promise<void> => {
    queue = queue.then(async () => {
      try {
        const { bytes, warnings } = await render(request.data, (progress) => post({ type: 'progress', id: request.id, progress }));
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
