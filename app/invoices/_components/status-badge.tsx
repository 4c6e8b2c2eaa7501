import type { InvoiceDisplayStatus } from '@/lib/invoice-status';

export function StatusBadge({ status }: { status: InvoiceDisplayStatus }) {
  return <span className={`badge badge-${status.replace(' ', '-')}`}>{status}</span>;
}
