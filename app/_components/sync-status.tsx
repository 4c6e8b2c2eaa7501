'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useId, useState } from 'react';
import { ACCOUNT_ID } from '@/lib/entities';
import { localDb } from '../_local/db';
import { useIdentity } from '../_local/session';
import { signOutDevice } from '../_local/sign-out';
import { requestSync, SYNC_STATUS, type SyncStatus } from '../_local/syncer';
import { ACCOUNT_CONTROLS_ID } from './app-nav';
import { browserLocale, countOf } from './locale';
import { SignInForm } from './sign-in-form';
import { noticeTime, refusalsSummary, syncAnnouncement, syncDisplayState, syncLabel, syncTooltip } from './sync-messages';

/** Sync state, unsynced changes and the account menu, in the top bar. */
export function SyncStatusBar() {
  const identity = useIdentity();
  const [reauth, setReauth] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const detailsId = useId();
  const data = useLiveQuery(async () => {
    if (!identity) return undefined;
    const db = localDb();
    const [status, unsynced, account] = await Promise.all([db.meta.get(SYNC_STATUS), db.outbox.count(), db.account.get(ACCOUNT_ID)]);
    return { status: status?.value as SyncStatus | undefined, unsynced, companyName: account?.companyName.trim() };
  }, [identity]);
  const announcement = syncAnnouncement(data?.status);
  const [announced, setAnnounced] = useState('');
  if (announcement !== undefined && announcement !== announced) setAnnounced(announcement);
  if (!identity || !data) return null;

  async function signOut() {
    const db = localDb();
    const unsynced = await db.outbox.count();
    const question = `${countOf(unsynced, 'change', 'changes')} on this device ${unsynced === 1 ? 'is' : 'are'} not synced yet and will be lost. Sign out anyway?`;
    if (unsynced > 0 && !window.confirm(question)) return;
    await signOutDevice(db);
  }

  const { status, unsynced } = data;
  const details = syncTooltip(status, unsynced) || syncLabel(status, unsynced);
  return (
    <div className="sync-bar">
      {/* The state of sync stays in the header's row on a phone; the account's controls fold into its menu (AppNav). */}
      <div className="sync-now">
        {/* The whole story behind the short label (a sync error's message), for the keyboard and touch
            as well as on hover. */}
        <button
          type="button"
          className="sync-state"
          data-testid="sync-status"
          data-state={syncDisplayState(status)}
          title={syncTooltip(status, unsynced)}
          aria-expanded={detailsOpen}
          aria-controls={detailsId}
          onClick={() => setDetailsOpen((open) => !open)}
          onKeyDown={(e) => e.key === 'Escape' && setDetailsOpen(false)}
        >
          {syncLabel(status, unsynced)}
        </button>
        {/* Announced politely when the state changes (offline, an error, synced again); the badge's
            progress and counts change too often to be read out. */}
        <span className="visually-hidden" role="status">
          {announced}
        </span>
        <div className="sync-details card" id={detailsId} hidden={!detailsOpen} data-testid="sync-details">
          {details}
        </div>
        {status?.state === 'signed-out' && (
          <button type="button" className="button small" onClick={() => setReauth(true)}>
            Sign in
          </button>
        )}
      </div>
      <div className="account-controls" id={ACCOUNT_CONTROLS_ID}>
        {/* The company as My Account names it now (the name given at sign-up until it is set). */}
        <Link href="/team" className="tenant-link small">
          {data.companyName || identity.tenantName}
        </Link>
        <button type="button" className="button small" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      {reauth && (
        <div className="reauth">
          <SignInForm
            email={identity.email}
            tenantId={identity.tenantId}
            onSignedIn={() => {
              setReauth(false);
              // The changes waiting since the session ended go now, not at the next timer.
              requestSync(localDb());
            }}
            onCancel={() => setReauth(false)}
          />
        </div>
      )}
    </div>
  );
}

/**
 * The heading of the refused changes: refused whole (and undone), or applied otherwise than made,
 * as each says (a field left as another device set it; a payment recorded with some of it left as
 * credit, its invoice paid meanwhile), or undone by another device's later change made without
 * knowing of them (lib/overridden-changes).
 */
export function refusalsHeading(rejections: readonly { partial?: boolean; overridden?: boolean }[]): string {
  const partly = rejections.filter((r) => r.partial).length;
  const undone = rejections.filter((r) => r.overridden).length;
  const one = rejections.length === 1;
  if (undone === rejections.length) return one ? 'A change was undone by a later change on another device' : `${rejections.length} changes were undone by later changes on other devices`;
  if (partly === 0 && undone === 0) return one ? 'A change was not saved and has been undone' : `${rejections.length} changes were not saved and have been undone`;
  if (partly === rejections.length) return one ? 'A change was saved, but not as made' : `${rejections.length} changes were saved, but not as made`;
  return `${rejections.length} changes were not saved, or not as made`;
}

/**
 * Changes the server refused (and the device undid), or applied otherwise than made, until dismissed: in
 * the notice dock at the bottom, folded to one line ("5 changes were not saved — Show") so they cover a
 * strip of the page, not a third of a phone's screen or the right-hand columns of a table. Shown, each
 * says when it arose and is dismissed on its own, or all at once.
 */
export function SyncRefusals() {
  const identity = useIdentity();
  const rejections = useLiveQuery(async () => (identity ? localDb().rejections.toArray() : []), [identity]);
  const [shown, setShown] = useState(false);
  const listId = useId();
  if (!rejections || rejections.length === 0) return null;
  const now = Date.now();
  const toggle = (
    <button type="button" className="button small" aria-expanded={shown} aria-controls={listId} onClick={() => setShown((open) => !open)}>
      {shown ? 'Hide' : 'Show'}
    </button>
  );
  return (
    <div className="rejections card" role="alert" data-shown={shown}>
      <div className="rejections-head">
        <strong>{shown ? `${refusalsHeading(rejections)}:` : refusalsSummary(rejections)}</strong>
        {toggle}
        {shown && (
          <button type="button" className="button small" onClick={() => void localDb().rejections.clear()}>
            Dismiss all
          </button>
        )}
      </div>
      {shown && (
        <ul id={listId}>
          {rejections.map((r) => (
            <li key={r.mutationId}>
              <time dateTime={new Date(r.at).toISOString()} className="rejection-time">
                {noticeTime(r.at, now, browserLocale())}
              </time>{' '}
              {r.error}{' '}
              <button type="button" className="button small" onClick={() => void localDb().rejections.delete(r.mutationId)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
