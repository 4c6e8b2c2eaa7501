'use client';

/**
 * API keys for `POST /api/cdrs` (owners only, online only: keys live on the server). A new key is
 * shown once, to copy into the softswitch; afterwards only its first characters are listed.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../_local/api';
import { useIdentity } from '../../_local/session';
import { apiErrorMessage } from '../../_components/sign-in-form';
import { useSubmitOnce } from '../../_components/submit-once';
import { browserLocale } from '../../_components/locale';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { ScrollRegion } from '../../_components/scroll-region';

interface KeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: string | Date;
  lastUsedAt: string | Date | null;
  revokedAt: string | Date | null;
}

/** The columns of the keys table; a key's name heads its row. */
const KEY_COLUMN = {
  name: { header: 'Name', rowHeader: true },
  key: { header: 'Key', label: true },
  created: { header: 'Created', label: true },
  lastUsed: { header: 'Last used', label: true },
  status: { header: 'Status' },
} satisfies Record<string, CardColumn>;
const KEY_COLUMNS = Object.values(KEY_COLUMN);

/** A moment in the browser's locale, as dates read elsewhere ("Dec 6, 2026, 2:23 AM"). */
const when = (d: string | Date | null) => (d === null ? '—' : new Intl.DateTimeFormat(browserLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d)));

export default function CdrApiKeysPage() {
  const identity = useIdentity();
  const [keys, setKeys] = useState<KeyInfo[] | null>(null);
  const [name, setName] = useState('');
  /** The key just created, shown once (until it is revoked or the page is left). */
  const [created, setCreated] = useState<{ id: string; key: string } | null>(null);
  const [error, setError] = useState('');
  const once = useSubmitOnce();

  const load = useCallback(() => {
    api.cdr.listKeys
      .query()
      .then((list) => setKeys(list as KeyInfo[]))
      .catch((e: unknown) => setError(apiErrorMessage(e)));
  }, []);
  useEffect(() => {
    if (identity?.role === 'owner') load();
  }, [identity, load]);

  if (identity && identity.role !== 'owner') return <p className="card">Only an owner of the company account manages API keys.</p>;

  async function create(event: React.FormEvent) {
    event.preventDefault();
    await once.run(async () => {
      setError('');
      try {
        const key = await api.cdr.createKey.mutate({ name });
        setCreated({ id: key.id, key: key.key });
        setName('');
        load();
        return true;
      } catch (e) {
        setError(apiErrorMessage(e));
        return false;
      }
    });
  }

  async function revoke(key: KeyInfo) {
    if (!window.confirm(`Revoke the key ${key.name}? A softswitch sending CDRs with it is refused from then on. This cannot be undone.`)) return;
    setError('');
    try {
      await api.cdr.revokeKey.mutate({ id: key.id });
      if (created?.id === key.id) setCreated(null);
      load();
    } catch (e) {
      setError(apiErrorMessage(e));
    }
  }

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/usage/import">Import CDRs</Link>
          </p>
          <h1>CDR API keys</h1>
        </div>
      </div>
      <section className="card" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">New key</h2>
        <p className="muted">
          A softswitch sends CDRs with <code>POST /api/cdrs</code> and <code>Authorization: Bearer &lt;key&gt;</code> (CSV or NDJSON).
        </p>
        <form onSubmit={create} className="actions">
          <label htmlFor="key-name">Name</label>
          <input
            id="key-name"
            value={name}
            onChange={(e) => {
              once.release();
              setName(e.target.value);
            }}
            required
            maxLength={100}
            placeholder="e.g. Switch London"
          />
          <button type="submit" className="button primary" disabled={once.busy}>
            Create key
          </button>
        </form>
        {created && (
          <p role="status">
            Copy this key now; it is not shown again: <code className="new-api-key" data-testid="new-api-key">{created.key}</code>
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        {keys === null ? (
          <p className="muted">Loading… (keys are on the server: this needs a connection)</p>
        ) : keys.length === 0 ? (
          <p className="muted">No keys yet.</p>
        ) : (
          // On a phone each key is a card (globals.css phone-cards): its name, then key, created and
          // last used labelled, then Revoke, all on screen with nothing to scroll sideways to.
          <ScrollRegion label="API keys">
            <PhoneCardsTable columns={KEY_COLUMNS} className="table key-cards" caption="API keys">
              {keys.map((k) => (
                <CardRow key={k.id}>
                  <CardCell column={KEY_COLUMN.name} className="key-name">
                    {k.name}
                  </CardCell>
                  <CardCell column={KEY_COLUMN.key}>
                    <code>{k.prefix}…</code>
                  </CardCell>
                  <CardCell column={KEY_COLUMN.created}>{when(k.createdAt)}</CardCell>
                  <CardCell column={KEY_COLUMN.lastUsed}>{when(k.lastUsedAt)}</CardCell>
                  {k.revokedAt ? (
                    <CardCell column={KEY_COLUMN.status}>{`Revoked ${when(k.revokedAt)}`}</CardCell>
                  ) : (
                    <CardCell column={KEY_COLUMN.status} className="key-actions">
                      <button type="button" className="button" onClick={() => void revoke(k)}>
                        Revoke {k.name}
                      </button>
                    </CardCell>
                  )}
                </CardRow>
              ))}
            </PhoneCardsTable>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
