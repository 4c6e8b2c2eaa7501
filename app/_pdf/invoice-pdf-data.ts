/**
 * What the invoice PDF is rendered from: the records as they are in Dexie, gathered by the invoice
 * view. Plain data (structured-cloneable) because it crosses into the PDF worker by postMessage.
 */
import type { Account, Customer, Invoice, InvoiceLine, Payment } from '@/lib/entities';

export interface InvoicePdfData {
  account: Account;
  customer: Customer;
  invoice: Invoice;
  /** The invoice's lines; printed in `position` order. */
  lines: InvoiceLine[];
  /** The void invoice this one replaces (Invoice.replacesId), when the device has it: printed as "Replaces invoice <number>". */
  replaces?: Pick<Invoice, 'number' | 'status' | 'total'>;
  /** The invoice this credit note credits (Invoice.creditsId), when the device has it: printed as "Credits invoice <number> of <its date>". */
  credits?: Pick<Invoice, 'number' | 'status' | 'invoiceDate'>;
  /** For a void invoice, the one made to replace it, when the device has it: printed as "Replaced by invoice <number>". */
  replacedBy?: Pick<Invoice, 'number' | 'status' | 'total'>;
  /**
   * Of a credit note, the ids of its usage lines that give back part of the calls of the line they
   * refund, by amount (lib/credit-notes `usageGivenBackInPart`): their calls and minutes are not printed.
   */
  usageInPart?: string[];
  /** Payments with an allocation to this invoice; listed with the amount allocated to it. */
  payments?: Payment[];
  /** BCP 47 locale for amounts and numbers; formatMoney's default (en-US) when absent. */
  locale?: string;
}

/** Where a render is, for a "preparing PDF" indicator. */
export type PdfProgress =
  | { phase: 'fonts' }
  | { phase: 'layout'; lines: number }
  | { phase: 'drawing'; page: number; pages: number }
  | { phase: 'done'; pages: number; bytes: number };

export type PdfProgressListener = (progress: PdfProgress) => void;

/**
 * The download's file name: the invoice number; until it has one, as a Generate Invoice preview is
 * named, what it is (a draft, or "pending": issued offline, numbered when the device syncs), the
 * customer `customerName` and the invoice date, which a clerk tells apart in a downloads folder as a
 * draft's id was not, then the end of its id (`idSuffix`), "draft-Globex Carrier-2026-11-01-3f9a1c.pdf":
 * two drafts of a customer dated the same day are two files, not one saved over the other, and
 * each keeps its name however often it is downloaded.
 */
export function invoicePdfFileName(invoice: Pick<Invoice, 'id' | 'number' | 'status' | 'invoiceDate'>, customerName: string): string {
  if (invoice.number?.trim()) return pdfFileName(invoice.number.trim());
  return pdfFileName(`${invoice.status === 'draft' ? 'draft' : 'pending'}-${customerName.trim()}-${invoice.invoiceDate}-${idSuffix(invoice.id)}`);
}

/**
 * The last 6 letters and digits of an id: of a UUIDv7 (lib ids), its random end, not its time
 * (two drafts made within a minute share the start of their ids).
 */
function idSuffix(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '').slice(-6).toLowerCase();
}

/**
 * A Generate Invoice preview's download, saved nowhere else: "preview-Globex Carrier-2026-10-01-2026-10-31.pdf",
 * never taken for an issued invoice's file.
 */
export function previewPdfFileName(customerName: string, period: { start: string; end: string }): string {
  return pdfFileName(`preview-${customerName.trim()}-${period.start}-${period.end}`);
}

function pdfFileName(base: string): string {
  // Characters not allowed (or awkward) in file names on some system, and control characters, become "-".
  const safe = Array.from(base, (c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '-' : c)).join('');
  return `${safe.replace(/-{2,}/g, '-')}.pdf`;
}
