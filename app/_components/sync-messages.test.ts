import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../_local/syncer';
import { syncDisplayState, syncLabel, syncTooltip } from './sync-messages';

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

  it('says what the other states are', () => {
    expect(syncLabel({ state: 'syncing', progress: { applied: 25200, total: 59683 } }, 0)).toBe('Syncing 25,200 of 59,683…');
    expect(syncLabel({ state: 'offline' }, 2)).toBe('Offline · 2 unsynced');
    expect(syncLabel({ state: 'synced', lastSyncedAt: 1 }, 0)).toBe('Synced');
    expect(syncLabel(undefined, 0)).toBe('Not synced yet');
    expect(syncDisplayState(undefined)).toBe('never');
  });
});
