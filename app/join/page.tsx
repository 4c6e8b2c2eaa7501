'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { api } from '../_local/api';
import { setIdentity } from '../_local/session';
import { apiErrorMessage, identityOf } from '../_components/sign-in-form';

function Join() {
  const token = useSearchParams().get('token') ?? '';
  const router = useRouter();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    try {
      const who = await api.auth.acceptInvite.mutate({ token, name, password });
      setIdentity(identityOf(who));
      router.push('/invoices');
    } catch (e) {
      setError(apiErrorMessage(e));
    }
  }

  return (
    <section className="card auth" aria-labelledby="join-heading">
      <h1 id="join-heading">Join your team on Tollbook</h1>
      <form onSubmit={submit} className="form-grid">
        <label className="field span-2">
          <span>Your name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </label>
        <label className="field span-2">
          <span>Choose a password</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} autoComplete="new-password" />
        </label>
        {error && (
          <p className="error span-2" role="alert">
            {error}
          </p>
        )}
        <div className="span-2">
          <button type="submit" className="button primary" disabled={!token}>
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
