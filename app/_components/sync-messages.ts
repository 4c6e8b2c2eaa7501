/**
 * What the sync state means to the user: the top bar's badge, and what a screen says while the
 * device does not have the company's data yet (a new device's first sync). Pure: the screens read
 * the status from Dexie (`meta.syncStatus`, written by app/_local/syncer.ts) and pass it in.
 */
import { upperFirst } from '@/lib/text';
import type { SyncStatus } from '../_local/syncer';
import { countOf, formatInteger } from './locale';

/**
 * What browsers' fetch throws when no response came back at all (no network path, server down,
 * connection refused or reset): Chromium, Firefox, Safari, and undici (Node). The syncer records the
 * error's message as the status reason, and tRPC keeps fetch's message as its own.
 */
const NETWORK_FAILURES = [/^Failed to fetch\b/i, /^NetworkError when attempting to fetch resource/i, /^Load failed$/i, /^fetch failed$/i, /^Network request failed$/i];

/**
 * The server could not be reached (not a refusal or an error the server reported). The syncer says
 * so ('unreachable': a failure with no tRPC error from our server); a status written by an older
 * syncer, as 'error', is recognised by fetch's failure message.
 */
export function serverUnreachable(status: SyncStatus | undefined): boolean {
  if (status?.state === 'unreachable') return true;
  return status?.state === 'error' && NETWORK_FAILURES.some((pattern) => pattern.test(status.reason ?? ''));
}

/** The badge's state: the syncer's, with a network failure told apart from an error the server reported. */
export function syncDisplayState(status: SyncStatus | undefined): SyncStatus['state'] | 'never' {
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

/**
 * What the top bar's live region says: the state alone, without progress or counts (those change
 * at every sync, and read out each time they would drown the page). While syncing, undefined: the
 * region keeps what it said, and the state the sync ends in is announced if it differs.
 */
export function syncAnnouncement(status: SyncStatus | undefined): string | undefined {
  switch (syncDisplayState(status)) {
    case 'syncing':
      return undefined;
    case 'error':
      return `Sync error: ${status?.reason ?? 'no message'}`;
    default:
      return syncLabel(status, 0);
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

/** Whether this device has pulled the company's data in full at least once. */
export function hasCompletedSync(status: SyncStatus | undefined): boolean {
  // The syncer stamps lastSyncedAt only when a whole round (push, then every page of the pull) has
  // finished, and keeps it through later states; before that the tables hold part of the data or none.
  return status?.lastSyncedAt !== undefined;
}

/**
 * For a device without the company's data yet: where its download is (`arriving`: under way or about
 * to start) or why it cannot start, and what to do.
 */
export function downloadState(status: SyncStatus | undefined): { arriving: boolean; text: string } {
  switch (syncDisplayState(status)) {
    case 'offline':
      return { arriving: false, text: "This device is offline and has not downloaded the company's data yet. Connect it to the network: the data downloads on its own." };
    case 'unreachable':
      return { arriving: false, text: "This device cannot reach the server and has not downloaded the company's data yet. It keeps trying, and downloads the data once the server answers." };
    case 'error':
      return { arriving: false, text: `This device has not downloaded the company's data yet: the server reported an error (${status?.reason ?? 'no message'}). It tries again on its own.` };
    case 'signed-out':
      return { arriving: false, text: "This device has not downloaded the company's data yet: sign in again (top bar) to download it." };
    default: {
      const progress = progressOf(status);
      return { arriving: true, text: `This device is still downloading the company's data${progress ? ` (${progress} records)` : ''}.` };
    }
  }
}

/** What Generate Invoice says instead of a preview until the device has all of the company's data. */
export function cannotBillYet(status: SyncStatus | undefined): string {
  const { arriving, text } = downloadState(status);
  return arriving
    ? `${text} Generate Invoice waits until it has all of it: an invoice made from part of the usage, packages and earlier invoices would bill the wrong amount.`
    : `${text} Until then there is nothing to bill from.`;
}

/**
 * What a customer's statement says until the device has all of the company's data: its figures come
 * from the invoices and payments on this device, so they may leave some out; its PDF waits.
 */
export function statementNotDownloaded(status: SyncStatus | undefined): string {
  const { arriving, text } = downloadState(status);
  return arriving
    ? `${text} The statement may leave out invoices and payments that have not arrived, so its balances may be wrong; its PDF waits until the device has all of it.`
    : `${text} Until then the statement shows only the invoices and payments made on this device, so its balances may be wrong; its PDF waits until the data is downloaded.`;
}

/**
 * What a page says of a customer, invoice or package (`thing`, lower case) it cannot find, while the
 * device lacks some of the company's data: it may not have arrived yet (a link opened on a new
 * device), which "not found" would deny. Null once a whole sync round has finished: then it is not
 * on this device.
 */
export function recordNotDownloaded(status: SyncStatus | undefined, thing: string): { title: string; text: string } | null {
  if (hasCompletedSync(status)) return null;
  const { arriving, text } = downloadState(status);
  return {
    title: `${upperFirst(thing)} not downloaded yet`,
    text: `${text} This ${thing} may be among what has not arrived: it shows here once it has${arriving ? '' : ' been downloaded'}.`,
  };
}

/**
 * What an empty list of `things` (plural, lower case) says until the device has all of the company's
 * data: that they are on their way (or why not), not an invitation to create the first one.
 */
export function listNotDownloaded(status: SyncStatus | undefined, things: string): { title: string; text: string } {
  const { arriving, text } = downloadState(status);
  const title = arriving ? `${upperFirst(things)} are still arriving` : `No ${things} on this device yet`;
  return { title, text };
}

/**
 * The one line the refused changes fold to, so that they cover a strip of the page, not a third
 * of a phone's screen: "5 changes were not saved", "A change was saved, but not as made", "A change
 * was undone by another device" (each notice says which was which when shown).
 */
export function refusalsSummary(rejections: readonly { partial?: boolean; overridden?: boolean }[]): string {
  const partly = rejections.filter((r) => r.partial).length;
  const undone = rejections.filter((r) => r.overridden).length;
  const one = rejections.length === 1;
  if (undone === rejections.length) return one ? 'A change was undone by another device' : `${rejections.length} changes were undone by other devices`;
  if (partly === 0 && undone === 0) return one ? 'A change was not saved' : `${rejections.length} changes were not saved`;
  if (partly === rejections.length) return one ? 'A change was saved, but not as made' : `${rejections.length} changes were saved, but not as made`;
  return `${rejections.length} changes were not saved, or not as made`;
}

/**
 * When a notice arose, by this device's clock: the time alone on the day it is read ("10:21 AM"),
 * with the day before that ("Dec 6, 10:21 AM"), as notices are kept until dismissed.
 */
export function noticeTime(atMs: number, nowMs: number, locale: string): string {
  const at = new Date(atMs);
  const now = new Date(nowMs);
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : { month: 'short', day: 'numeric', ...(at.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }), hour: 'numeric', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}
