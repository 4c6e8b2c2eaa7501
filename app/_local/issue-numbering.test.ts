/** What Issue's question promises of the number (Dexie on fake-indexeddb). */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { testAccount, testInvoice, testUuid } from '@/lib/test-fixtures';
import { createDb, type TollbookDb } from './db';
import { issueNumbering } from './issue-numbering';
import { SYNC_STATUS } from './sync-engine';

const opened: TollbookDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

/** A device with the sync status `state`; `everSynced` false: it has not finished a first sync. */
async function device(state: string, everSynced = true): Promise<TollbookDb> {
  const db = createDb(`issue-numbering-${randomUUID()}`);
  opened.push(db);
  await db.account.put(testAccount({ numberPrefix: 'NW-', nextNumber: 1005 }));
  // NW-1005 is taken already (an earlier series with the same prefix): the series passes over it, as the server does.
  await db.invoices.bulkPut([
    testInvoice({ id: testUuid(1), number: 'NW-1004', status: 'issued' }),
    testInvoice({ id: testUuid(2), number: 'nw-1005', status: 'issued' }),
    testInvoice({ id: testUuid(3) }),
  ]);
  await db.meta.put({ key: SYNC_STATUS, value: { state, lastSyncedAt: everSynced ? 1 : undefined } });
  return db;
}

describe('issueNumbering', () => {
  it("names the series' next number when the device holds the server's state: online, synced, nothing of its numbering pending", async () => {
    expect(await issueNumbering(await device('synced'))).toEqual({ known: 'NW-1006' });
    // A round under way after a local write: still online.
    expect(await issueNumbering(await device('syncing'))).toEqual({ known: 'NW-1006' });
    // A pending change that does not touch the numbers changes nothing.
    const other = await device('synced');
    await other.outbox.add({ id: 1, name: 'saveAccount', args: { companyName: 'Northwind' }, createdAt: 0 });
    expect(await issueNumbering(other)).toEqual({ known: 'NW-1006' });
  });

  it('says the number is assigned on sync when offline, or never synced', async () => {
    expect(await issueNumbering(await device('offline'))).toEqual({ onSync: 'offline' });
    expect(await issueNumbering(await device('unreachable'))).toEqual({ onSync: 'offline' });
    expect(await issueNumbering(await device('syncing', false))).toEqual({ onSync: 'offline' });
  });

  it('says so too while an issue, or a change of the series, made on this device waits to be sent: it comes first', async () => {
    const issuing = await device('synced');
    await issuing.outbox.add({ id: 1, name: 'issueInvoice', args: { id: testUuid(3) }, createdAt: 0 });
    expect(await issueNumbering(issuing)).toEqual({ onSync: 'pending' });
    const renumbering = await device('synced');
    await renumbering.outbox.add({ id: 1, name: 'saveAccount', args: { nextNumber: 2000 }, createdAt: 0 });
    expect(await issueNumbering(renumbering)).toEqual({ onSync: 'pending' });
  });
});
