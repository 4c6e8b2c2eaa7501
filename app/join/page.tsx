'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { api, errorCode } from '../_local/api';
import { setIdentity } from '../_local/session';
import { apiErrorMessage, identityOf } from '../_components/sign-in-form';

function Join() {
  const token = useSearchParams().get('token') ?? '';
  const router = useRouter();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
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

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError('');
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
          Already joined? <Link href="/invoices">Sign in to Tollbook</Link>.
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
      <form onSubmit={submit} className="form-grid">
        {!invite?.hasAccount && (
          <label className="field span-2">
            <span>Your name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        )}
        <label className="field span-2">
          <span>{invite?.hasAccount ? 'Your Tollbook password' : 'Choose a password'}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={invite?.hasAccount ? undefined : 10}
            autoComplete={invite?.hasAccount ? 'current-password' : 'new-password'}
          />
        </label>
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
