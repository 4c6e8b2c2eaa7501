import type { InvoiceDisplayStatus } from '@/lib/invoice-status';

/** `status` as a badge, coloured by it; `text`, when given, says it in other words (lib/invoice-status invoiceStatusText). */
export function StatusBadge({ status, text = status }: { status: InvoiceDisplayStatus; text?: string }) {
  return <span className={`badge badge-${status.replace(' ', '-')}`}>{text}</span>;
}
