'use client';

import { useId, useRef, useState } from 'react';
import { api, errorCode } from '../_local/api';
import { hasSignedInBefore, setIdentity, type DeviceIdentity } from '../_local/session';

interface WhoAmI {
  user: { id: string; email: string };
  tenant: { id: string; name: string };
  role: 'owner' | 'member';
}

export function identityOf(who: WhoAmI): DeviceIdentity {
  return { userId: who.user.id, email: who.user.email, tenantId: who.tenant.id, tenantName: who.tenant.name, role: who.role };
}

/** The server's message for a failed call: the zod issue naming the field, or the error's message. */
export function apiErrorMessage(error: unknown): string {
  const data = (error as { data?: { issues?: { path: string; message: string }[] } }).data;
  const issue = data?.issues?.[0];
  if (issue) return `${issue.path ? `${issue.path} ` : ''}${issue.message}`;
  // fetch's own failure (no network, no server), bare or as the cause of tRPC's client error.
  if (error instanceof TypeError || (error instanceof Error && error.cause instanceof TypeError)) return 'The server cannot be reached: check the network and try again.';
  return error instanceof Error ? error.message : String(error);
}

/** The server's minimum for a new password (server/routers/auth.ts passwordSchema). */
export const PASSWORD_MIN_LENGTH = 10;

/**
 * Where a link to sign in goes: the app, whose sign-in screen (SessionGate) opens on sign-in even on
 * a browser no one has signed in on, where sign-up comes first.
 */
export const SIGN_IN_HREF = '/invoices?sign-in';

/**
 * Sign in, or create a company account (sign-up first only on a browser no one has signed in on);
 * after that the device works offline. Given `tenantId`, it signs in again to that company account
 * (the device's, whose unsynced changes wait for it): creating another account is not offered
 * there, and `onCancel` closes it.
 */
export function SignInForm({
  email: knownEmail,
  tenantId,
  signInFirst = false,
  onSignedIn,
  onCancel,
}: {
  email?: string;
  tenantId?: string;
  signInFirst?: boolean;
  onSignedIn?: () => void;
  onCancel?: () => void;
}) {
  // A browser someone has signed in on before is most likely theirs again: sign-in comes first.
  // So does a link that says so (`signInFirst`: SIGN_IN_HREF, "Already joined? Sign in" on an invite page).
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>(knownEmail || signInFirst || hasSignedInBefore() ? 'sign-in' : 'sign-up');
  const [companyName, setCompanyName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(knownEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  // Sign-up refused because the email has an account: the message offers to sign in with it.
  const [emailTaken, setEmailTaken] = useState(false);
  const [busy, setBusy] = useState(false);
  const passwordHintId = useId();
  const passwordField = useRef<HTMLInputElement>(null);

  function switchTo(next: typeof mode) {
    setMode(next);
    setError('');
    setEmailTaken(false);
  }

  /** The same form signs in, with the email (and password) typed: only the password may be left to change. */
  function signInInstead() {
    switchTo('sign-in');
    // The message holding this button goes: the focus would fall to the page's body.
    passwordField.current?.focus();
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError('');
    setEmailTaken(false);
    try {
      const who =
        mode === 'sign-up'
          ? await api.auth.signUp.mutate({ companyName, name, email, password })
          : await api.auth.signIn.mutate({ email, password, ...(tenantId && email === knownEmail ? { tenantId } : {}) });
      setIdentity(identityOf(who));
      onSignedIn?.();
    } catch (e) {
      // Sign-up's only conflict; the server's message says "sign in instead" in words alone.
      if (mode === 'sign-up' && errorCode(e) === 'CONFLICT') setEmailTaken(true);
      else setError(apiErrorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card auth" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{mode === 'sign-up' ? 'Create your company account' : 'Sign in to Tollbook'}</h1>
      <form onSubmit={submit} className="form-grid">
        {mode === 'sign-up' && (
          <>
            <label className="field span-2">
              <span>Company name</span>
              <input value={companyName} onChange={(e) => setCompanyName(e.target.value)} required autoComplete="organization" />
            </label>
            <label className="field span-2">
              <span>Your name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            </label>
          </>
        )}
        <label className="field span-2">
          <span>Email</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
        </label>
        <label className="field span-2">
          <span>Password</span>
          <input
            ref={passwordField}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={mode === 'sign-up' ? PASSWORD_MIN_LENGTH : undefined}
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            aria-describedby={mode === 'sign-up' ? passwordHintId : undefined}
          />
        </label>
        {/* Said before it is typed, not only in the browser's bubble once the form is sent. */}
        {mode === 'sign-up' && (
          <p className="field-hint span-2" id={passwordHintId}>
            At least {PASSWORD_MIN_LENGTH} characters.
          </p>
        )}
        {error && (
          <p className="error span-2" role="alert">
            {error}
          </p>
        )}
        {emailTaken && (
          <p className="error span-2" role="alert">
            An account with this email already exists;{' '}
            {/* A button, as it acts on this form (there is no sign-in page to link to); it reads as a link in the sentence. */}
            <button type="button" className="link-button" onClick={signInInstead}>
              sign in
            </button>{' '}
            instead.
          </p>
        )}
        <div className="span-2 actions">
          <button type="submit" className="button primary" disabled={busy}>
            {mode === 'sign-up' ? 'Create account' : 'Sign in'}
          </button>
          {tenantId === undefined && (
            <button type="button" className="button" onClick={() => switchTo(mode === 'sign-up' ? 'sign-in' : 'sign-up')}>
              {mode === 'sign-up' ? 'I already have an account' : 'Create a company account'}
            </button>
          )}
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
