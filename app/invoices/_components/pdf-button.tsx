'use client';

import { useEffect, useState } from 'react';
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import type { InvoiceEmail } from '@/lib/invoice-email';
import { printedCustomer } from '@/lib/invoice-parties';
import { saveBlob } from '../../_components/download';
import { browserLocale } from '../../_components/locale';
import { localDb } from '../../_local/db';
import { invoicePdfFileName, type PdfProgress, type PdfProgressListener } from '../../_pdf/invoice-pdf-data';

/** What a PDF being rendered on this device is at, for its live region. */
export function pdfProgressText(p: PdfProgress): string {
  switch (p.phase) {
    case 'fonts':
      return 'Preparing PDF…';
    case 'layout':
      return `Laying out ${p.lines} lines…`;
    case 'drawing':
      return `Drawing page ${p.page} of ${p.pages}…`;
    case 'done':
      return 'PDF ready';
  }
}

/** Whether this browser can hand a PDF file to the system's share sheet (phones, tablets, some desktops). */
function canSharePdf(): boolean {
  if (typeof navigator === 'undefined' || typeof navigator.canShare !== 'function' || typeof File === 'undefined') return false;
  return navigator.canShare({ files: [new File([''], 'invoice.pdf', { type: 'application/pdf' })] });
}

/**
 * The buttons of a PDF rendered on this device (in the PDF worker, offline too): "PDF" renders it
 * with `render` and downloads it as `fileName`; where `share` is given and the browser can share
 * files, "Share PDF…" hands it with that message to a mail app or chat. The progress shows beside
 * them while it renders, a failure after.
 */
export function PdfButtons({ render, fileName, share }: { render: (onProgress: PdfProgressListener) => Promise<Blob>; fileName: string; share?: Pick<InvoiceEmail, 'subject' | 'body'> }) {
  const [progress, setProgress] = useState<PdfProgress | null>(null);
  const [error, setError] = useState('');
  // Known only in the browser: the server's render offers the download alone.
  const [sharing, setSharing] = useState(false);
  useEffect(() => setSharing(canSharePdf()), []);
  const rendering = progress !== null;

  /** Renders the PDF and passes it to `use`; the progress shows meanwhile, a failure beside the button. */
  async function withPdf(use: (blob: Blob) => Promise<void> | void) {
    // Pressed again while rendering: one PDF is on its way.
    if (rendering) return;
    setError('');
    setProgress({ phase: 'fonts' });
    try {
      const blob = await render(setProgress);
      setProgress(null);
      await use(blob);
    } catch (e) {
      // The share sheet closed without sharing: nothing went wrong.
      if (e instanceof DOMException && e.name === 'AbortError') return;
      setError(`The PDF could not be ${sharingFailed(e) ? 'shared' : 'made'}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setProgress(null);
    }
  }

  const download = () => withPdf((blob) => saveBlob(blob, fileName));
  const shareWith = (message: Pick<InvoiceEmail, 'subject' | 'body'>) =>
    withPdf(async (blob) => {
      const file = new File([blob], fileName, { type: 'application/pdf' });
      try {
        await navigator.share({ files: [file], title: message.subject, text: message.body });
      } catch (e) {
        throw e instanceof DOMException && e.name === 'AbortError' ? e : new ShareError(e);
      }
    });

  return (
    <>
      {/* aria-disabled, not disabled, while rendering: a disabled button would drop the keyboard
          focus to the page's start. The progress is told in a live region beside it. */}
      <button type="button" className="button" onClick={() => void download()} aria-disabled={rendering || undefined}>
        PDF
      </button>
      {sharing && share && (
        <button type="button" className="button" onClick={() => void shareWith(share)} aria-disabled={rendering || undefined}>
          Share PDF…
        </button>
      )}
      <span className="muted small" role="status" data-testid="pdf-progress">
        {progress ? pdfProgressText(progress) : ''}
      </span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** What PdfButton prints: the invoice and its customer, lines and account; `share`, the message Share PDF… hands over with it. */
export interface PdfButtonProps {
  account: Account;
  customer: Customer;
  invoice: Invoice;
  lines: InvoiceLine[];
  replaces?: Invoice;
  credits?: Invoice;
  /** Of a credit note, its usage lines giving back part of a line's calls by amount (lib/credit-notes usageGivenBackInPart): printed without calls. */
  usageInPart?: ReadonlySet<string>;
  share?: InvoiceEmail;
}

/** The name PdfButton downloads the PDF as: by the customer the PDF prints, as issued, or a draft's as it is now. */
export function pdfButtonFileName({ invoice, customer }: Pick<PdfButtonProps, 'invoice' | 'customer'>): string {
  return invoicePdfFileName(invoice, printedCustomer(invoice, customer)?.name ?? customer.name);
}

/**
 * Renders the invoice PDF in a worker on this device (offline too) and downloads it; where the
 * browser can share files, "Share PDF…" hands it with `share`'s message to a mail app or chat.
 * `replaces`: the void invoice this one replaces, if any (its number is printed); `credits`: the
 * invoice this credit note credits, if any (its number and date are printed).
 */
export function PdfButton(props: PdfButtonProps) {
  async function render(onProgress: PdfProgressListener): Promise<Blob> {
    const payments = (await localDb().payments.where('customerId').equals(props.invoice.customerId).toArray()).filter((p) =>
      p.allocations.some((a) => a.invoiceId === props.invoice.id),
    );
    // Loaded on demand: react-pdf and the fonts are heavy and most visits never print.
    const { renderInvoicePdfInWorker } = await import('../../_pdf/render-in-worker');
    const { replaces, credits, usageInPart, share: _share, ...records } = props;
    // Only what it prints of the replaced or credited invoice crosses into the worker.
    const replaced = replaces && { number: replaces.number, status: replaces.status, total: replaces.total };
    const credited = credits && { number: credits.number, status: credits.status, invoiceDate: credits.invoiceDate };
    // A void invoice names the invoice made to replace it.
    const replacement = props.invoice.status === 'void' ? await localDb().invoices.where('replacesId').equals(props.invoice.id).first() : undefined;
    const replacedBy = replacement && { number: replacement.number, status: replacement.status, total: replacement.total };
    return renderInvoicePdfInWorker(
      { ...records, replaces: replaced, credits: credited, replacedBy, usageInPart: usageInPart && [...usageInPart], payments, locale: browserLocale() },
      onProgress,
    );
  }
  return <PdfButtons render={render} fileName={pdfButtonFileName(props)} share={props.share} />;
}

/** navigator.share refused the file (not the user's cancel): said as a failure to share, not to make the PDF. */
class ShareError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

const sharingFailed = (e: unknown) => e instanceof ShareError;
