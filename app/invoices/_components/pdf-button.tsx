'use client';

import { useState } from 'react';
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import { browserLocale } from '../../_components/locale';
import { localDb } from '../../_local/db';
import type { PdfProgress } from '../../_pdf/invoice-pdf-data';

function progressText(p: PdfProgress): string {
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

/** Renders the invoice PDF in a worker on this device (offline too) and downloads it. */
/** `replaces`: the void invoice this one replaces, if any (its number is printed). */
export function PdfButton(props: { account: Account; customer: Customer; invoice: Invoice; lines: InvoiceLine[]; replaces?: Invoice }) {
  const [progress, setProgress] = useState<PdfProgress | null>(null);
  const [error, setError] = useState('');
  const rendering = progress !== null;
  async function download() {
    // Pressed again while rendering: one PDF is on its way.
    if (rendering) return;
    setError('');
    setProgress({ phase: 'fonts' });
    try {
      const payments = (await localDb().payments.where('customerId').equals(props.invoice.customerId).toArray()).filter((p) =>
        p.allocations.some((a) => a.invoiceId === props.invoice.id),
      );
      // Loaded on demand: react-pdf and the fonts are heavy and most visits never print.
      const { downloadInvoicePdf } = await import('../../_pdf/render-in-worker');
      const { replaces, ...records } = props;
      // Only what it prints of the replaced invoice crosses into the worker.
      const replaced = replaces && { number: replaces.number, status: replaces.status, total: replaces.total };
      // A void invoice names the invoice made to replace it.
      const replacement = props.invoice.status === 'void' ? await localDb().invoices.where('replacesId').equals(props.invoice.id).first() : undefined;
      const replacedBy = replacement && { number: replacement.number, status: replacement.status, total: replacement.total };
      await downloadInvoicePdf({ ...records, replaces: replaced, replacedBy, payments, locale: browserLocale() }, setProgress);
    } catch (e) {
      setError(`The PDF could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setProgress(null);
    }
  }
  return (
    <>
      {/* aria-disabled, not disabled, while rendering: a disabled button would drop the keyboard
          focus to the page's start. The progress is told in a live region beside it. */}
      <button type="button" className="button" onClick={() => void download()} aria-disabled={rendering || undefined}>
        PDF
      </button>
      <span className="muted small" role="status" data-testid="pdf-progress">
        {progress ? progressText(progress) : ''}
      </span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
