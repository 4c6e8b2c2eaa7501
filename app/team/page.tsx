'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '../_local/api';
import { useIdentity } from '../_local/session';
import { apiErrorMessage } from '../_components/sign-in-form';
import { browserLocale } from '../_components/locale';

interface Member {
  userId: string;
  email: string;
  name: string;
  role: 'owner' | 'member';
}

interface PendingInvite {
  id: string;
  email: string;
  role: 'owner' | 'member';
  expiresAt: string;
  createdAt: string;
}

const TEAM_REFRESH_MS = 30_000;

function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString(browserLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Teammates: the owner invites (a link to copy), sees and revokes pending invites, and removes
 * people; everyone sees who is in the team.
 */
export default function TeamPage() {
  const identity = useIdentity();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'member' | 'owner'>('member');
  /** The link just created, with whom it is for: shown while that invite is pending. */
  const [link, setLink] = useState<{ url: string; email: string; expiresAt: string } | null>(null);
  /** What the last action (invite, revoke, remove) failed with. */
  const [error, setError] = useState('');
  /** Why the lists could not be read just now: offline, or the server's answer. */
  const [loadProblem, setLoadProblem] = useState('');

  const [invites, setInvites] = useState<PendingInvite[] | null>(null);
  const owner = identity?.role === 'owner';
  // A link revoked or used since (here or elsewhere) leaves with its invite; before the list loads it stays.
  const linkPending = link !== null && (invites === null || invites.some((i) => i.email === link.email && i.expiresAt === link.expiresAt));

  const load = useCallback(() => {
    if (!navigator.onLine) {
      // Not an error: the team lives on the server only. The 'online' listener reads it again.
      setLoadProblem('You are offline: the team needs a connection, and shows again once it is back.');
      return;
    }
    const members = api.auth.listMembers.query().then((list) => setMembers(list as Member[]));
    const invites = owner ? api.auth.listInvites.query().then(setInvites) : Promise.resolve();
    Promise.all([members, invites]).then(
      () => setLoadProblem(''),
      (e: unknown) => setLoadProblem(apiErrorMessage(e)),
    );
  }, [owner]);
  useEffect(() => {
    load();
    // The team changes elsewhere too (an invite accepted, a member removed on another device): the
    // lists are read again when the user comes back to the page, and every half minute while it shows.
    const refresh = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) load();
    };
    window.addEventListener('focus', refresh);
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', refresh);
    const timer = setInterval(refresh, TEAM_REFRESH_MS);
    return () => {
      window.removeEventListener('focus', refresh);
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', refresh);
      clearInterval(timer);
    };
  }, [load]);

  async function invite(event: React.FormEvent) {
    event.preventDefault();
    setError('');
    try {
      const created = await api.auth.createInvite.mutate({ email, role });
      setLink({ url: `${window.location.origin}${created.path}`, email, expiresAt: created.expiresAt });
      setEmail('');
      load();
    } catch (e) {
      setError(apiErrorMessage(e));
    }
  }

  async function revoke(invite: PendingInvite) {
    setError('');
    try {
      await api.auth.revokeInvite.mutate({ id: invite.id });
    } catch (e) {
      setError(apiErrorMessage(e));
    }
    load();
  }

  async function remove(member: Member) {
    if (!window.confirm(`Remove ${member.email} from the team? Their sessions end at once, their devices delete this company account's data, with any changes not yet synced, and their pending invites are revoked.`)) return;
    setError('');
    try {
      await api.auth.removeMember.mutate({ userId: member.userId });
      load();
    } catch (e) {
      setError(apiErrorMessage(e));
    }
  }

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
      {loadProblem && (
        <p className="card warning" role="status">
          {loadProblem}
        </p>
      )}
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {members === null ? (
          <p className="muted">{loadProblem ? 'The team list needs a connection.' : 'Loading… (the team list needs a connection)'}</p>
        ) : (
          <ul className="plain-list">
            {members.map((m) => (
              <li key={m.userId}>
                <span>
                  <bdi>{m.name || m.email}</bdi> <span className="muted">{m.email}</span> · {m.role}
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
        {owner && <p className="muted">Owners can remove anyone but themselves, other owners included; the company account always keeps an owner.</p>}
      </section>
      {owner && (
        <section className="card" aria-labelledby="invites-heading">
          <h2 id="invites-heading">Pending invites</h2>
          {invites === null ? (
            <p className="muted">{loadProblem ? 'The invites list needs a connection.' : 'Loading… (the invites list needs a connection)'}</p>
          ) : invites.length === 0 ? (
            <p className="muted">No pending invites. An invite link works once, for 7 days.</p>
          ) : (
            <ul className="plain-list" aria-label="Pending invites">
              {invites.map((i) => (
                <li key={i.id}>
                  <span>
                    {i.email} · {i.role} <span className="muted">· created {formatInstant(i.createdAt)} · expires {formatInstant(i.expiresAt)}</span>
                  </span>
                  <button type="button" className="button small danger" onClick={() => void revoke(i)}>
                    Revoke invite for {i.email}
                    {invites.some((other) => other !== i && other.email === i.email) && ` created ${formatInstant(i.createdAt)}`}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
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
          {link && linkPending && (
            <p>
              Send this link to {link.email}: <input className="invite-link" readOnly value={link.url} aria-label="Invite link" onFocus={(e) => e.target.select()} />
            </p>
          )}
        </section>
      )}
    </>
  );
}
