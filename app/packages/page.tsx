'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useState } from 'react';
import type { Package } from '@/lib/entities';
import { MutationError } from '@/lib/mutators';
import { EmptyState, NotDownloadedState } from '../_components/empty-state';
import { FormMessage } from '../_components/form-fields';
import { formatDecimal } from '../_components/locale';
import { hasCompletedSync } from '../_components/sync-messages';
import { localDb } from '../_local/db';
import { mutate, predictRefusals, writeErrorMessage } from '../_local/mutate';
import { useSyncStatus } from '../_local/sync-status';
import { PageHeading } from '../_components/page-heading';
import { PrefetchRoutes } from '../_components/prefetch-routes';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../_components/phone-cards';
import { ScrollRegion } from '../_components/scroll-region';

const FREQUENCY_LABEL: Record<Package['frequency'], string> = { none: 'One-off', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

/** The columns of the catalogue; the package's name heads each row. */
const PACKAGE_COLUMN = {
  name: { header: 'Name', rowHeader: true },
  type: { header: 'Type', label: true },
  frequency: { header: 'Frequency', label: true },
  currency: { header: 'Currency', label: true },
  retail: { header: 'Retail', label: true, numeric: true },
  setup: { header: 'Setup', label: true, numeric: true },
  assigned: { header: 'Assigned', label: true, numeric: true },
  actions: { header: 'Actions', hiddenHeader: true },
} satisfies Record<string, CardColumn>;
const PACKAGE_COLUMNS = Object.values(PACKAGE_COLUMN);

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
  // Retired packages are kept for the assignments that still bill them, and are not offered for new
  // ones: the catalogue lists the current packages unless asked for the retired ones too.
  const [showRetired, setShowRetired] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  /**
   * The mutator's refusal (a package assigned to customers) is checked before asking, so "This
   * cannot be undone" is only put when the answer can be acted on; refused, the reason shows at
   * once with the way out, Retire, beside it. The server may still refuse (assigned on another
   * device meanwhile): that refusal shows the same way.
   */
  async function remove(pkg: Package) {
    setMessage(null);
    try {
      const [refusal] = await predictRefusals([{ name: 'deletePackage', args: { id: pkg.id } }]);
      if (refusal) {
        setMessage({ kind: 'error', text: refusal, retireId: pkg.id });
        return;
      }
      if (!window.confirm(`Delete the package ${pkg.name}? This cannot be undone.`)) return;
      await mutate('deletePackage', { id: pkg.id });
      setMessage({ kind: 'ok', text: `${pkg.name} was deleted.` });
    } catch (error) {
      // Refused (a package in use), retiring is the way out, so offer it here; a fault is not one.
      setMessage({ kind: 'error', text: writeErrorMessage(error), retireId: error instanceof MutationError ? pkg.id : undefined });
    }
  }

  async function setRetired(pkg: Package, retired: boolean) {
    setMessage(null);
    try {
      await mutate('updatePackage', { id: pkg.id, patch: { retired } });
      setMessage({ kind: 'ok', text: retired
            ? `${pkg.name} is retired: existing assignments keep billing, new ones are not offered.${showRetired ? '' : ' Show retired packages lists it.'}`
            : `${pkg.name} is available again.` });
    } catch (error) {
      setMessage({ kind: 'error', text: writeErrorMessage(error) });
    }
  }

  const shown = data?.packages.filter((p) => showRetired || !p.retired) ?? [];
  const retiredCount = data?.packages.filter((p) => p.retired).length ?? 0;
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
              {retiredCount > 0 && <span className="muted">({retiredCount})</span>}
            </label>
          </div>
          {shown.length === 0 ? (
            <p className="muted">Every package is retired: tick Show retired packages to see them.</p>
          ) : (
            <ScrollRegion label="Package catalogue table">
              {/* On a phone each package is a card (globals.css phone-cards): its name whole, its
                  figures labelled, then Edit and Delete, all on screen. */}
              <PhoneCardsTable columns={PACKAGE_COLUMNS} className="table package-cards" caption="Package catalogue">
                {shown.map((p) => (
                  <CardRow key={p.id}>
                    <CardCell column={PACKAGE_COLUMN.name} className="package-name">
                      <Link href={`/package/edit?id=${p.id}`}>{p.name}</Link>
                      {p.retired && <span className="pill pill-inactive">Retired</span>}
                      {p.description && <div className="muted small">{p.description}</div>}
                    </CardCell>
                    <CardCell column={PACKAGE_COLUMN.type}>
                      <div>
                        {p.kind === 'fee' ? 'Fee' : `${p.freeMinutes} free minutes (${p.prefixPattern})`}
                        {p.minimumSpend && <div className="muted small">Minimum spend</div>}
                      </div>
                    </CardCell>
                    <CardCell column={PACKAGE_COLUMN.frequency}>{FREQUENCY_LABEL[p.frequency]}</CardCell>
                    <CardCell column={PACKAGE_COLUMN.currency}>{p.currency}</CardCell>
                    <CardCell column={PACKAGE_COLUMN.retail}>{formatDecimal(p.retail)}</CardCell>
                    <CardCell column={PACKAGE_COLUMN.setup}>{formatDecimal(p.setup)}</CardCell>
                    <CardCell column={PACKAGE_COLUMN.assigned}>{data.inUse.get(p.id) ?? 0}</CardCell>
                    <CardCell column={PACKAGE_COLUMN.actions} className="package-actions">
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
                    </CardCell>
                  </CardRow>
                ))}
              </PhoneCardsTable>
            </ScrollRegion>
          )}
        </section>
      )}
    </>
  );
}
