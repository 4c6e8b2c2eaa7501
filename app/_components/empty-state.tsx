import type { ReactNode } from 'react';
import type { SyncStatus } from '../_local/syncer';
import { listNotDownloaded } from './sync-messages';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card empty" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

/** An empty list on a device whose first sync has not finished: the records may be on their way. */
export function NotDownloadedState({ status, things }: { status: SyncStatus | undefined; things: string }) {
  const { title, text } = listNotDownloaded(status, things);
  return (
    <EmptyState title={title}>
      <p>{text}</p>
    </EmptyState>
  );
}

/**
 * What a screen that reckons from all of the company's records (Generate Invoice, the billing run,
 * a statement) says while the device's first sync has not finished: `text` is the screen's own
 * message (sync-messages cannotBillYet, statementNotDownloaded).
 */
export function NotDownloadedWarning({ text }: { text: string }) {
  return (
    <div className="card warning" role="status" data-testid="not-downloaded">
      <p>{text}</p>
    </div>
  );
}
