'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { api, errorCode } from '../_local/api';
import { setIdentity } from '../_local/session';
import { apiErrorMessage, identityOf, PASSWORD_MIN_LENGTH, SIGN_IN_HREF } from '../_components/sign-in-form';

function Join() {
  const token = useSearchParams().get('token') ?? '';
  const router = useRouter();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  // What is wrong with the password as sent, said under it (the browser's bubble alone went unread).
  const [passwordProblem, setPasswordProblem] = useState('');
  const passwordField = useRef<HTMLInputElement>(null);
  const ids = useId();
  // Who is invited where; an email that already has an account joins with that account's password.
  const [invite, setInvite] = useState<{ companyName: string; email: string; hasAccount: boolean } | null>(null);
  // Why this link cannot be used (accepted, revoked, expired, cut short): then there is no form.
  const [unusable, setUnusable] = useState(token ? '' : 'This page needs the whole invite link you were sent; open it again from the message');
  useEffect(() => {
    if (!token) return;
    api.auth.inviteInfo
      .query({ token })
      .then(setInvite)
      .catch((e: unknown) => {
        const code = errorCode(e);
        if (code === 'NOT_FOUND') setUnusable(apiErrorMessage(e));
        else if (code === 'BAD_REQUEST') setUnusable('This invite link is cut short or mistyped; open the whole link you were sent again');
        // Otherwise (offline, a server failure) the link may still be good: say why and keep the form.
        else setError(apiErrorMessage(e));
      });
  }, [token]);

  // Joining with an account the email already has takes that account's password, whatever its length.
  const newPassword = !invite?.hasAccount;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    const problem = !password
      ? newPassword
        ? `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`
        : 'Enter the password of your Tollbook account.'
      : newPassword && password.length < PASSWORD_MIN_LENGTH
        ? `The password is too short: it needs at least ${PASSWORD_MIN_LENGTH} characters, and has ${password.length}.`
        : '';
    setPasswordProblem(problem);
    if (problem) {
      passwordField.current?.focus();
      return;
    }
    try {
      const who = await api.auth.acceptInvite.mutate({ token, name, password });
      setIdentity(identityOf(who));
      router.push('/invoices');
    } catch (e) {
      // Used or revoked meanwhile: the form can do nothing more.
      if (errorCode(e) === 'NOT_FOUND') setUnusable(apiErrorMessage(e));
      else setError(apiErrorMessage(e));
    }
  }

  if (unusable) {
    return (
      <section className="card auth" aria-labelledby="join-heading">
        <h1 id="join-heading">Join your team on Tollbook</h1>
        <p className="error" role="alert">
          {unusable}
        </p>
        <p>
          Already joined? <Link href={SIGN_IN_HREF}>Sign in to Tollbook</Link>.
        </p>
      </section>
    );
  }

  return (
    <section className="card auth" aria-labelledby="join-heading">
      <h1 id="join-heading">{invite ? `Join ${invite.companyName} on Tollbook` : 'Join your team on Tollbook'}</h1>
      {invite && (
        <p data-testid="invite-for">
          Invited as {invite.email}.{invite.hasAccount && ' This email already has a Tollbook account: join with its password.'}
        </p>
      )}
      {/* noValidate: a password too short is said under the field, not only in the browser's bubble. */}
      <form onSubmit={submit} className="form-grid" noValidate>
        {!invite?.hasAccount && (
          <label className="field span-2">
            <span>Your name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        )}
        <label className="field span-2">
          <span>{newPassword ? 'Choose a password' : 'Your Tollbook password'}</span>
          <input
            ref={passwordField}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={newPassword ? PASSWORD_MIN_LENGTH : undefined}
            autoComplete={newPassword ? 'new-password' : 'current-password'}
            aria-invalid={passwordProblem ? true : undefined}
            aria-describedby={[passwordProblem ? `${ids}-problem` : '', newPassword ? `${ids}-hint` : ''].filter(Boolean).join(' ') || undefined}
          />
        </label>
        {passwordProblem && (
          <p className="field-error span-2" id={`${ids}-problem`} role="alert">
            {passwordProblem}
          </p>
        )}
        {/* Said before it is typed, as sign-up says it. */}
        {newPassword && (
          <p className="field-hint span-2" id={`${ids}-hint`}>
            At least {PASSWORD_MIN_LENGTH} characters.
          </p>
        )}
        {error && (
          <p className="error span-2" role="alert">
            {error}
          </p>
        )}
        <div className="span-2">
          <button type="submit" className="button primary">
            Join
          </button>
        </div>
      </form>
    </section>
  );
}

export default function JoinPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Join />
    </Suspense>
  );
}
