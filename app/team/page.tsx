'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '../_local/api';
import { useIdentity } from '../_local/session';
import { apiErrorMessage } from '../_components/sign-in-form';

interface Member {
  userId: string;
  email: string;
  name: string;
  role: 'owner' | 'member';
}

/** Teammates: the owner invites (a link to copy) and removes; everyone sees who is in the team. */
export default function TeamPage() {
  const identity = useIdentity();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'member' | 'owner'>('member');
  const [link, setLink] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(() => {
    api.auth.listMembers
      .query()
      .then((list) => setMembers(list as Member[]))
      .catch((e: unknown) => setError(apiErrorMessage(e)));
  }, []);
  useEffect(load, [load]);

  async function invite(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    try {
      const created = await api.auth.createInvite.mutate({ email, role });
      setLink(`${window.location.origin}${created.path}`);
      setEmail('');
    } catch (e) {
      setError(apiErrorMessage(e));
    }
  }

  async function remove(member: Member) {
    if (!window.confirm(`Remove ${member.email} from the team? Their sessions end at once, and their devices delete this company account's data, with any changes not yet synced.`)) return;
    try {
      await api.auth.removeMember.mutate({ userId: member.userId });
      load();
    } catch (e) {
      setError(apiErrorMessage(e));
    }
  }

  const owner = identity?.role === 'owner';
  return (
    <>
      <div className="page-head">
        <h1>Team</h1>
      </div>
      {error && (
        <p className="error card" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {members === null ? (
          <p className="muted">Loading… (the team list needs a connection)</p>
        ) : (
          <ul className="plain-list">
            {members.map((m) => (
              <li key={m.userId}>
                <span>
                  {m.name || m.email} <span className="muted">{m.email}</span> · {m.role}
                </span>
                {owner && m.userId !== identity?.userId && (
                  <button type="button" className="button small danger" onClick={() => void remove(m)}>
                    Remove {m.email}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {owner && (
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite a teammate</h2>
          <form onSubmit={invite} className="form-grid">
            <label className="field">
              <span>Email</span>
              <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </label>
            <label className="field">
              <span>Role</span>
              <select value={role} onChange={(e) => setRole(e.target.value as 'member' | 'owner')}>
                <option value="member">Member</option>
                <option value="owner">Owner</option>
              </select>
            </label>
            <div className="span-2">
              <button type="submit" className="button primary">
                Create invite link
              </button>
            </div>
          </form>
          {link && (
            <p>
              Send this link to your teammate: <input className="invite-link" readOnly value={link} aria-label="Invite link" onFocus={(e) => e.target.select()} />
            </p>
          )}
        </section>
      )}
    </>
  );
}
