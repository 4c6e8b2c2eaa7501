import { describe, expect, it } from 'vitest';
import { invoicePdfFileName, previewPdfFileName, type PdfProgress } from './invoice-pdf-data';
import { createPdfRequestHandler, type PdfWorkerMessage } from './pdf-worker-protocol';
import { sampleAccount, sampleCustomer, sampleInvoicePdfData } from './sample-invoice';

describe('invoicePdfFileName', () => {
  const draft = { id: '0190a000-0001-7000-8000-000000000001', number: null, status: 'draft' as const, invoiceDate: '2026-11-01' };
  it('is the number once there is one', () => {
    expect(invoicePdfFileName({ ...draft, status: 'issued', number: 'INV-000042' }, 'Globex Carrier')).toBe('INV-000042.pdf');
    expect(invoicePdfFileName({ ...draft, status: 'issued', number: '2026/01:7\u0001' }, 'Globex Carrier')).toBe('2026-01-7-.pdf');
  });
  it('names a draft, or an invoice issued offline not yet numbered, by its customer and date, as the preview is named, then the end of its id, in characters every system takes', () => {
    expect(invoicePdfFileName(draft, 'Globex Carrier')).toBe('draft-Globex Carrier-2026-11-01-000001.pdf');
    expect(invoicePdfFileName({ ...draft, number: '  ' }, 'Globex Carrier')).toBe('draft-Globex Carrier-2026-11-01-000001.pdf');
    expect(invoicePdfFileName(draft, ' A/B: "Telecom" ')).toBe('draft-A-B- -Telecom-2026-11-01-000001.pdf');
    expect(invoicePdfFileName({ ...draft, status: 'issued' }, 'Globex Carrier')).toBe('pending-Globex Carrier-2026-11-01-000001.pdf');
  });

  it('gives two drafts of a customer dated the same day two names, made within the same minute too, each the same every time', () => {
    // UUIDv7s made a moment apart: the same time at their start, the random end differs.
    const first = { ...draft, id: '019af4b2-7c10-7a3e-9d41-5be0c83f9a1c' };
    const second = { ...draft, id: '019af4b2-7c11-7f02-8e77-02d4a6b1e5d0' };
    expect(invoicePdfFileName(first, 'Globex Carrier')).toBe('draft-Globex Carrier-2026-11-01-3f9a1c.pdf');
    expect(invoicePdfFileName(second, 'Globex Carrier')).toBe('draft-Globex Carrier-2026-11-01-b1e5d0.pdf');
    expect(invoicePdfFileName({ ...first, status: 'issued' }, 'Globex Carrier')).not.toBe(invoicePdfFileName({ ...second, status: 'issued' }, 'Globex Carrier'));
  });
});

describe('previewPdfFileName', () => {
  it('says preview, the customer and the period, in characters every system takes', () => {
    expect(previewPdfFileName('Tidal Voice', { start: '2026-10-01', end: '2026-10-31' })).toBe('preview-Tidal Voice-2026-10-01-2026-10-31.pdf');
    expect(previewPdfFileName(' A/B: "Telecom" ', { start: '2026-10-01', end: '2026-10-07' })).toBe('preview-A-B- -Telecom-2026-10-01-2026-10-07.pdf');
  });
});

describe('createPdfRequestHandler', () => {
  it('answers progress then the PDF, transferring its buffer, and errors as messages, in order', async () => {
    const posted: { message: PdfWorkerMessage; transfer?: Transferable[] }[] = [];
    const handle = createPdfRequestHandler(
      async (data, onProgress) => {
        if (data.lines.length === 0) throw new Error('nothing to render');
        const progress: PdfProgress = { phase: 'layout', lines: data.lines.length };
        onProgress(progress);
        // A view into a larger buffer: the handler must send exactly the PDF's bytes.
        const buffer = new Uint8Array([0, 37, 80, 68, 70, 0]);
        return { bytes: buffer.subarray(1, 5), warnings: ['w'] };
      },
      (message, transfer) => posted.push({ message, transfer }),
    );
    await Promise.all([
      handle({ type: 'render', id: 1, data: sampleInvoicePdfData(2) }),
      handle({ type: 'render', id: 2, data: sampleInvoicePdfData(0) }),
    ]);
    expect(posted.map((p) => [p.message.id, p.message.type])).toEqual([
      [1, 'progress'],
      [1, 'done'],
      [2, 'error'],
    ]);
    const done = posted[1]!;
    if (done.message.type !== 'done') throw new Error('expected done');
    expect(new TextDecoder().decode(done.message.pdf)).toBe('%PDF');
    expect(done.transfer).toEqual([done.message.pdf]);
    expect(done.message.warnings).toEqual(['w']);
    expect(posted[2]!.message).toEqual({ type: 'error', id: 2, message: 'nothing to render' });
  });

  it('renders a statement with its own renderer, in the same queue, and refuses one when it has none', async () => {
    const posted: PdfWorkerMessage[] = [];
    const order: string[] = [];
    const statement = { account: sampleAccount(), customer: sampleCustomer(), date: '2026-04-02', statement: { currency: 'EUR', from: '2026-03-01', to: '2026-03-31', opening: '0', entries: [], debits: '0', credits: '0', closing: '0', overdue: '0', overdueInvoices: 0, unnumbered: 0 } };
    const handle = createPdfRequestHandler(
      async () => {
        order.push('invoice');
        return { bytes: new Uint8Array([1]), warnings: [] };
      },
      (message) => posted.push(message),
      async (data) => {
        order.push(`statement ${data.statement.from}`);
        return { bytes: new Uint8Array([2]), warnings: [] };
      },
    );
    await Promise.all([handle({ type: 'render-statement', id: 1, data: statement }), handle({ type: 'render', id: 2, data: sampleInvoicePdfData(1) })]);
    expect(order).toEqual(['statement 2026-03-01', 'invoice']);
    expect(posted.map((m) => [m.id, m.type])).toEqual([
      [1, 'done'],
      [2, 'done'],
    ]);
    const invoicesOnly: PdfWorkerMessage[] = [];
    await createPdfRequestHandler(async () => ({ bytes: new Uint8Array([1]), warnings: [] }), (m) => invoicesOnly.push(m))({ type: 'render-statement', id: 3, data: statement });
    expect(invoicesOnly).toEqual([{ type: 'error', id: 3, message: 'This worker does not render statements.' }]);
  });
});
