import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../_local/syncer';
import {
  cannotBillYet,
  hasCompletedSync,
  listNotDownloaded,
  noticeTime,
  recordNotDownloaded,
  refusalsSummary,
  statementNotDownloaded,
  syncAnnouncement,
  syncDisplayState,
  syncLabel,
  syncTooltip,
} from './sync-messages';

describe('the sync badge', () => {
  it('reads a failed fetch (no answer from the server) as the server being out of reach, not as an error', () => {
    // What the syncer records when fetch throws, per browser: Chromium, Firefox, Safari.
    for (const reason of ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed']) {
      const status: SyncStatus = { state: 'error', reason };
      expect(syncDisplayState(status)).toBe('unreachable');
      expect(syncLabel(status, 5)).toBe("Can't reach the server · 5 unsynced");
      expect(syncTooltip(status, 5)).toBe(`The server could not be reached (${reason}); this device keeps trying. 5 changes are kept on this device and sent when it is back.`);
    }
    expect(syncLabel({ state: 'error', reason: 'Failed to fetch' }, 0)).toBe("Can't reach the server");
    // As the syncer now records it: any failure without an answer from our server (a proxy's page too).
    const unanswered: SyncStatus = { state: 'unreachable', reason: "Unexpected token '<', \"<html>...\" is not valid JSON" };
    expect(syncDisplayState(unanswered)).toBe('unreachable');
    expect(syncLabel(unanswered, 1)).toBe("Can't reach the server · 1 unsynced");
  });

  it('keeps "Sync error" for an error the server reported, with its message', () => {
    const status: SyncStatus = { state: 'error', reason: 'Database unavailable: too many connections' };
    expect(syncDisplayState(status)).toBe('error');
    expect(syncLabel(status, 1)).toBe('Sync error: Database unavailable: too many connections · 1 unsynced');
    expect(syncTooltip(status, 1)).toBe(
      'The server reported an error: Database unavailable: too many connections. This device tries again on its own. 1 change is kept on this device and sent when it is back.',
    );
    // A long message is cut in the bar (the tooltip has all of it).
    const long: SyncStatus = { state: 'error', reason: `Internal error: ${'x'.repeat(200)}` };
    expect(syncLabel(long, 0)).toBe(`Sync error: Internal error: ${'x'.repeat(43)}…`);
    expect(syncTooltip(long, 0)).toContain('x'.repeat(200));
  });

  it('announces the state alone: no counts or progress, nothing new while syncing, the whole error message', () => {
    expect(syncAnnouncement({ state: 'synced', lastSyncedAt: 1 })).toBe('Synced');
    expect(syncAnnouncement({ state: 'offline' })).toBe('Offline');
    expect(syncAnnouncement({ state: 'error', reason: 'Failed to fetch' })).toBe("Can't reach the server");
    // A sync in progress keeps what was said: the state it ends in is announced if it changed.
    expect(syncAnnouncement({ state: 'syncing', progress: { applied: 1, total: 9 } })).toBeUndefined();
    const long = `Internal error: ${'x'.repeat(200)}`;
    expect(syncAnnouncement({ state: 'error', reason: long })).toBe(`Sync error: ${long}`);
  });

  it('says what the other states are', () => {
    expect(syncLabel({ state: 'syncing', progress: { applied: 25200, total: 59683 } }, 0)).toBe('Syncing 25,200 of 59,683…');
    expect(syncLabel({ state: 'offline' }, 2)).toBe('Offline · 2 unsynced');
    expect(syncLabel({ state: 'synced', lastSyncedAt: 1 }, 0)).toBe('Synced');
    expect(syncLabel(undefined, 0)).toBe('Not synced yet');
    expect(syncDisplayState(undefined)).toBe('never');
  });
});

describe('a device without the company data yet', () => {
  it('has it once one whole sync round finished, and keeps it through later states', () => {
    expect(hasCompletedSync(undefined)).toBe(false);
    expect(hasCompletedSync({ state: 'syncing', progress: { applied: 200, total: 59607 } })).toBe(false);
    expect(hasCompletedSync({ state: 'offline' })).toBe(false);
    expect(hasCompletedSync({ state: 'synced', lastSyncedAt: 1 })).toBe(true);
    expect(hasCompletedSync({ state: 'offline', lastSyncedAt: 1 })).toBe(true);
    expect(hasCompletedSync({ state: 'syncing', lastSyncedAt: 1, progress: { applied: 1, total: 9 } })).toBe(true);
  });

  it('says why Generate Invoice cannot bill yet: downloading (with progress), offline, out of reach, refused', () => {
    expect(cannotBillYet({ state: 'syncing', progress: { applied: 25200, total: 59683 } })).toBe(
      "This device is still downloading the company's data (25,200 of 59,683 records). Generate Invoice waits until it has all of it: an invoice made from part of the usage, packages and earlier invoices would bill the wrong amount.",
    );
    expect(cannotBillYet(undefined)).toMatch(/^This device is still downloading the company's data\. Generate Invoice waits/);
    expect(cannotBillYet({ state: 'offline' })).toBe(
      "This device is offline and has not downloaded the company's data yet. Connect it to the network: the data downloads on its own. Until then there is nothing to bill from.",
    );
    expect(cannotBillYet({ state: 'error', reason: 'Failed to fetch' })).toBe(
      "This device cannot reach the server and has not downloaded the company's data yet. It keeps trying, and downloads the data once the server answers. Until then there is nothing to bill from.",
    );
    expect(cannotBillYet({ state: 'signed-out', reason: 'Sign in again to sync: the session has ended.' })).toBe(
      "This device has not downloaded the company's data yet: sign in again (top bar) to download it. Until then there is nothing to bill from.",
    );
  });

  it('says why a statement may be wrong and its PDF waits: downloading (with progress), offline', () => {
    expect(statementNotDownloaded({ state: 'syncing', progress: { applied: 200, total: 59607 } })).toBe(
      "This device is still downloading the company's data (200 of 59,607 records). The statement may leave out invoices and payments that have not arrived, so its balances may be wrong; its PDF waits until the device has all of it.",
    );
    expect(statementNotDownloaded({ state: 'offline' })).toBe(
      "This device is offline and has not downloaded the company's data yet. Connect it to the network: the data downloads on its own. Until then the statement shows only the invoices and payments made on this device, so its balances may be wrong; its PDF waits until the data is downloaded.",
    );
  });

  it('says a record not on a device before its first whole sync may not have arrived yet, and nothing once it has synced', () => {
    expect(recordNotDownloaded({ state: 'syncing', progress: { applied: 200, total: 59607 } }, 'invoice')).toEqual({
      title: 'Invoice not downloaded yet',
      text: "This device is still downloading the company's data (200 of 59,607 records). This invoice may be among what has not arrived: it shows here once it has.",
    });
    expect(recordNotDownloaded({ state: 'offline' }, 'customer')).toEqual({
      title: 'Customer not downloaded yet',
      text: "This device is offline and has not downloaded the company's data yet. Connect it to the network: the data downloads on its own. This customer may be among what has not arrived: it shows here once it has been downloaded.",
    });
    expect(recordNotDownloaded({ state: 'offline', lastSyncedAt: 1 }, 'customer')).toBeNull();
    expect(recordNotDownloaded({ state: 'synced', lastSyncedAt: 1 }, 'package')).toBeNull();
  });

  it('tells an empty list apart from a company with none of them', () => {
    expect(listNotDownloaded({ state: 'syncing', progress: { applied: 200, total: 59607 } }, 'invoices')).toEqual({
      title: 'Invoices are still arriving',
      text: "This device is still downloading the company's data (200 of 59,607 records).",
    });
    expect(listNotDownloaded({ state: 'offline' }, 'customers')).toEqual({
      title: 'No customers on this device yet',
      text: "This device is offline and has not downloaded the company's data yet. Connect it to the network: the data downloads on its own.",
    });
  });
});

describe('the refused changes, folded', () => {
  it('fold to one line that counts them and says whether they were refused or saved otherwise', () => {
    expect(refusalsSummary([{}])).toBe('A change was not saved');
    expect(refusalsSummary([{}, {}, {}, {}, {}])).toBe('5 changes were not saved');
    expect(refusalsSummary([{ partial: true }])).toBe('A change was saved, but not as made');
    expect(refusalsSummary([{ partial: true }, { partial: true }])).toBe('2 changes were saved, but not as made');
    expect(refusalsSummary([{ partial: true }, {}])).toBe('2 changes were not saved, or not as made');
    expect(refusalsSummary([{ overridden: true }])).toBe('A change was undone by another device');
    expect(refusalsSummary([{ overridden: true }, { overridden: true }])).toBe('2 changes were undone by other devices');
    expect(refusalsSummary([{ overridden: true }, {}])).toBe('2 changes were not saved, or not as made');
  });

  it('say when each arose: the time on the day it is read, the day too before that, the year before this one', () => {
    const now = new Date(2026, 11, 7, 15, 0).getTime();
    expect(noticeTime(new Date(2026, 11, 7, 10, 21).getTime(), now, 'en-US')).toBe('10:21 AM');
    expect(noticeTime(new Date(2026, 11, 6, 22, 5).getTime(), now, 'en-US')).toBe('Dec 6, 10:05 PM');
    expect(noticeTime(new Date(2025, 11, 31, 9, 0).getTime(), now, 'en-US')).toBe('Dec 31, 2025, 9:00 AM');
  });
});
