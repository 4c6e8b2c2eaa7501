'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useState } from 'react';
import type { Package } from '@/lib/entities';
import { EmptyState, NotDownloadedState } from '../_components/empty-state';
import { FormMessage } from '../_components/form-fields';
import { formatDecimal } from '../_components/locale';
import { hasCompletedSync } from '../_components/sync-messages';
import { localDb } from '../_local/db';
import { mutate, writeErrorMessage } from '../_local/mutate';
import { useSyncStatus } from '../_local/sync-status';
import { PageHeading } from '../_components/page-heading';
import { PrefetchRoutes } from '../_components/prefetch-routes';
import { ScrollRegion } from '../_components/scroll-region';

const FREQUENCY_LABEL: Record<Package['frequency'], string> = { none: 'One-off', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

type Message = { kind: 'ok' | 'error'; text: string; retireId?: string } | null;

export default function PackagesPage() {
  const data = useLiveQuery(async () => {
    const db = localDb();
    const [packages, assignments] = await Promise.all([db.packages.toArray(), db.customerPackages.toArray()]);
    const inUse = new Map<string, number>();
    for (const a of assignments) inUse.set(a.packageId, (inUse.get(a.packageId) ?? 0) + 1);
    return { packages: packages.sort((a, b) => Number(a.retired) - Number(b.retired) || a.name.localeCompare(b.name)), inUse };
  }, []);
  const sync = useSyncStatus();
  const [showRetired, setShowRetired] = useState(true);
  const [message, setMessage] = useState<Message>(null);

  async function remove(pkg: Package) {
    setMessage(null);
    if (!window.confirm(`Delete the package ${pkg.name}? This cannot be undone.`)) return;
    try {
      await mutate('deletePackage', { id: pkg.id });
      setMessage({ kind: 'ok', text: `${pkg.name} was deleted.` });
    } catch (error) {
      // The mutator refuses to delete a package in use; retiring is the way out, so offer it here.
      setMessage({ kind: 'error', text: writeErrorMessage(error), retireId: pkg.id });
    }
  }

  async function setRetired(pkg: Package, retired: boolean) {
    setMessage(null);
    try {
      await mutate('updatePackage', { id: pkg.id, patch: { retired } });
      setMessage({ kind: 'ok', text: retired ? `${pkg.name} is retired: existing assignments keep billing, new ones are not offered.` : `${pkg.name} is available again.` });
    } catch (error) {
      setMessage({ kind: 'error', text: writeErrorMessage(error) });
    }
  }

  const shown = data?.packages.filter((p) => showRetired || !p.retired) ?? [];
  const retirable = message?.retireId ? data?.packages.find((p) => p.id === message.retireId && !p.retired) : undefined;
  return (
    <>
      <PrefetchRoutes />
      <div className="page-head">
        <PageHeading>Packages</PageHeading>
        <Link href="/package/edit" className="button primary">
          New package
        </Link>
      </div>
      <FormMessage message={message} />
      {retirable && (
        <p>
          <button type="button" className="button" onClick={() => setRetired(retirable, true)}>
            Retire {retirable.name}
          </button>
        </p>
      )}
      {data?.packages.length === 0 && sync && !hasCompletedSync(sync.status) && <NotDownloadedState status={sync.status} things="packages" />}
      {data?.packages.length === 0 && sync && hasCompletedSync(sync.status) && (
        <EmptyState title="No packages yet">
          <p>Packages are what customers pay for besides usage: DID rentals, monthly fees, free-minute bundles.</p>
        </EmptyState>
      )}
      {data && data.packages.length > 0 && (
        <section className="card" aria-label="Package catalogue">
          <div className="toolbar">
            <label className="field-check">
              <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} /> Show retired packages
            </label>
          </div>
          <ScrollRegion label="Package catalogue table">
            <table className="table">
              <caption className="visually-hidden">Package catalogue</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Frequency</th>
                  <th scope="col">Currency</th>
                  <th scope="col" className="num">
                    Retail
                  </th>
                  <th scope="col" className="num">
                    Setup
                  </th>
                  <th scope="col" className="num">
                    Assigned
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link href={`/package/edit?id=${p.id}`}>{p.name}</Link>
                      {p.retired && <span className="pill pill-inactive">Retired</span>}
                      {p.description && <div className="muted small">{p.description}</div>}
                    </th>
                    <td>
                      {p.kind === 'fee' ? 'Fee' : `${p.freeMinutes} free minutes (${p.prefixPattern})`}
                      {p.minimumSpend && <div className="muted small">Minimum spend</div>}
                    </td>
                    <td>{FREQUENCY_LABEL[p.frequency]}</td>
                    <td>{p.currency}</td>
                    <td className="num">{formatDecimal(p.retail)}</td>
                    <td className="num">{formatDecimal(p.setup)}</td>
                    <td className="num">{data.inUse.get(p.id) ?? 0}</td>
                    <td>
                      <div className="actions">
                        <Link href={`/package/edit?id=${p.id}`} className="button">
                          Edit<span className="visually-hidden"> {p.name}</span>
                        </Link>
                        {p.retired ? (
                          <button type="button" className="button" onClick={() => setRetired(p, false)}>
                            Unretire<span className="visually-hidden"> {p.name}</span>
                          </button>
                        ) : (
                          <button type="button" className="button danger" onClick={() => remove(p)}>
                            Delete<span className="visually-hidden"> {p.name}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      )}
    </>
  );
}
