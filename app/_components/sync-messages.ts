/**
 * What the sync state means to the user: the top bar's badge. Pure: the screens read the status
 * from Dexie (`meta.syncStatus`, written by app/_local/syncer.ts) and pass it in.
 */
import type { SyncStatus } from '../_local/syncer';
import { countOf, formatInteger } from './locale';

/**
 * What browsers' fetch throws when no response came back at all (no network path, server down,
 * connection refused or reset): Chromium, Firefox, Safari, and undici (Node). The syncer records the
 * error's message as the status reason, and tRPC keeps fetch's message as its own.
 */
const NETWORK_FAILURES = [/^Failed to fetch\b/i, /^NetworkError when attempting to fetch resource/i, /^Load failed$/i, /^fetch failed$/i, /^Network request failed$/i];

/** The server could not be reached (not a refusal or an error the server reported). */
export function serverUnreachable(status: SyncStatus | undefined): boolean {
  return status?.state === 'error' && NETWORK_FAILURES.some((pattern) => pattern.test(status.reason ?? ''));
}

/** The badge's state: the syncer's, with a network failure told apart from an error the server reported. */
export function syncDisplayState(status: SyncStatus | undefined): SyncStatus['state'] | 'unreachable' | 'never' {
  if (serverUnreachable(status)) return 'unreachable';
  return status?.state ?? 'never';
}

function progressOf(status: SyncStatus | undefined): string | undefined {
  const progress = status?.state === 'syncing' ? status.progress : undefined;
  return progress ? `${formatInteger(progress.applied)} of ${formatInteger(progress.total)}` : undefined;
}

const REASON_CHARS = 60;

function shortened(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export function syncLabel(status: SyncStatus | undefined, unsynced: number): string {
  const pending = unsynced > 0 ? ` · ${formatInteger(unsynced)} unsynced` : '';
  switch (syncDisplayState(status)) {
    case 'syncing': {
      const progress = progressOf(status);
      return progress ? `Syncing ${progress}…` : 'Syncing…';
    }
    case 'synced':
      return `Synced${pending}`;
    case 'offline':
      return `Offline${pending}`;
    case 'unreachable':
      return `Can't reach the server${pending}`;
    case 'signed-out':
      return `Signed out${pending}`;
    case 'error':
      // The whole message is in the tooltip; the top bar has room for its start.
      return `Sync error${status?.reason ? `: ${shortened(status.reason, REASON_CHARS)}` : ''}${pending}`;
    default:
      return `Not synced yet${pending}`;
  }
}

/** The badge's tooltip: the whole story behind its short label. */
export function syncTooltip(status: SyncStatus | undefined, unsynced: number): string {
  const kept = unsynced > 0 ? ` ${countOf(unsynced, 'change is', 'changes are')} kept on this device and sent when it is back.` : '';
  switch (syncDisplayState(status)) {
    case 'unreachable':
      return `The server could not be reached (${status?.reason}); this device keeps trying.${kept}`;
    case 'offline':
      return `This device has no network; it syncs when it is back.${kept}`;
    case 'error':
      return `The server reported an error: ${status?.reason ?? 'no message'}. This device tries again on its own.${kept}`;
    default:
      if (status?.reason) return status.reason;
      return status?.lastSyncedAt ? `Last synced ${new Date(status.lastSyncedAt).toLocaleString()}` : '';
  }
}
