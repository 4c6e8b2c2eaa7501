'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { api } from '../_local/api';
import { localDb } from '../_local/db';
import { setIdentity, setRemovalNotice, setSignOutPending, signOutPending, useIdentity, useRemovalNotice } from '../_local/session';
import { startSyncer } from '../_local/syncer';
import { DocumentTitle } from './document-title';
import { countOf } from './locale';
import { identityOf, SignInForm } from './sign-in-form';
import { TimeZoneNotice } from './time-zone-notice';

/** Why the device was signed out, when an owner removed the user: what was lost goes with it. */
function RemovalNoticeCard() {
  const notice = useRemovalNotice();
  if (!notice) return null;
  const lost =
    notice.unsynced > 0
      ? ` Your ${countOf(notice.unsynced, 'unsynced change', 'unsynced changes')} can no longer be sent.`
      : '';
  return (
    <section className="card">
      <p role="alert">
        You were removed from {notice.tenantName}.{lost}
      </p>
      <button type="button" className="button small" onClick={() => setRemovalNotice(null)}>
        Dismiss
      </button>
    </section>
  );
}

/** The sign-in form; on sign-in first when the address asks for it (SIGN_IN_HREF), whoever signed in on this browser before. */
function SignInScreen() {
  const signInFirst = useSearchParams().has('sign-in');
  return <SignInForm signInFirst={signInFirst} />;
}

/** Pages anyone may open: joining a team by invite. */
const OPEN_PATHS = ['/join'];

/**
 * Shows the app to a signed-in device (online or not) and the sign-in screen otherwise; runs the
 * syncer for the signed-in tenant+user's database.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const identity = useIdentity();
  const pathname = usePathname();

  // A browser with a live session cookie but no stored identity (cleared storage, a sign-in made
  // through the API) recovers it from the server instead of asking again; unless the device signed
  // out offline: then the session is ended on the server now (the sign-in form shows meanwhile, and
  // stays if the server cannot be reached).
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    if (identity !== null || asked) return;
    if (signOutPending()) {
      api.auth.signOut
        .mutate()
        .then(() => setSignOutPending(false))
        .catch(() => undefined)
        .finally(() => setAsked(true));
      return;
    }
    // null: the cookie signs in no one (or there is none), and the sign-in form stays.
    api.auth.me
      .query()
      .then((who) => {
        if (who) setIdentity(identityOf(who));
      })
      .catch(() => undefined)
      .finally(() => setAsked(true));
  }, [identity, asked]);

  // Signed out offline, the session cookie still opens the session, in this tab too: the server is
  // told as soon as the network is back, not only at the next load.
  useEffect(() => {
    if (identity !== null) return;
    const endPendingSession = () => {
      if (!signOutPending()) return;
      api.auth.signOut.mutate().then(
        () => setSignOutPending(false),
        () => undefined,
      );
    };
    window.addEventListener('online', endPendingSession);
    return () => window.removeEventListener('online', endPendingSession);
  }, [identity]);

  useEffect(() => {
    if (!identity) return;
    return startSyncer(localDb());
  }, [identity]);

  if (OPEN_PATHS.includes(pathname)) return <>{children}</>;
  if (identity === undefined || (identity === null && !asked)) return <p className="muted">Loading…</p>;
  if (identity === null) {
    return (
      <>
        <DocumentTitle title="Sign in" />
        <RemovalNoticeCard />
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <SignInScreen />
        </Suspense>
      </>
    );
  }
  return (
    <>
      <TimeZoneNotice />
      {children}
    </>
  );
}
