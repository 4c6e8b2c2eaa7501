/**
 * What Issue's question can promise of the number a draft will take. The server numbers issues in
 * the order they reach it (lib/mutators issueInvoice, lib/invoice-numbers nextInvoiceNumber), so
 * the device can name the number only from the server's state: online and synced, with no issue of
 * its own, nor a change of the series, still waiting to be sent (those come first, or renumber).
 * Even then another device may issue first, which the question says.
 */
import { ACCOUNT_ID } from '@/lib/entities';
import { nextInvoiceNumber, usedNumbers } from '@/lib/invoice-numbers';
import { defaultAccount } from '@/lib/mutators';
import type { TollbookDb } from './db';
import { metaValue, SYNC_STATUS } from './sync-engine';
import type { SyncStatus } from './syncer';

/**
 * `known`: the series' next number as of the server's state this device holds; `onSync`: why the
 * number can only be told once the issue reaches the server.
 */
export type IssueNumbering = { known: string } | { onSync: 'offline' | 'pending' };

/** A change that takes a number before a new issue, or changes the numbers it takes. */
function numbersChange(name: string, args: unknown): boolean {
  if (name === 'issueInvoice') return true;
  return name === 'saveAccount' && typeof args === 'object' && args !== null && ('numberPrefix' in args || 'nextNumber' in args);
}

export async function issueNumbering(db: TollbookDb): Promise<IssueNumbering> {
  return db.transaction('r', [db.meta, db.outbox, db.account, db.invoices], async () => {
    const status = await metaValue<SyncStatus>(db, SYNC_STATUS);
    // Syncing: a round under way (after a local write, say), online and synced before it.
    const online = status !== undefined && (status.state === 'synced' || status.state === 'syncing') && status.lastSyncedAt !== undefined;
    if (!online) return { onSync: 'offline' };
    if ((await db.outbox.filter((m) => numbersChange(m.name, m.args)).count()) > 0) return { onSync: 'pending' };
    const account = (await db.account.get(ACCOUNT_ID)) ?? defaultAccount();
    // Invoices without a number are not in the number index: its keys are the numbers taken.
    const numbers = (await db.invoices.orderBy('number').keys()).map(String);
    return { known: nextInvoiceNumber(account, usedNumbers(numbers)).number };
  });
}
