'use client';

import { useState } from 'react';
import { demoMutations, generateDemoData, remainingDemoMutations, type DemoData, type LoadedRecords } from '@/lib/demo-data';
import { todayIn } from '@/lib/dates';
import { ACCOUNT_ID } from '@/lib/entities';
import { defaultAccount, type MutatorArgs, type MutatorName } from '@/lib/mutators';
import { periodParts } from '../../_components/locale';
import { usableTimeZone } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { useIdentity } from '../../_local/session';

/** Fixed so the demo's ids are the same on every device: loading it twice is recognised, not duplicated. */
const DEMO_SEED = 1;

type Progress = { kind: 'idle' } | { kind: 'running'; done: number; total: number } | { kind: 'ok' | 'error'; text: string };

/** Which of the demo's records this device holds (read in bulk by id). */
async function loadedRecords(data: DemoData): Promise<LoadedRecords> {
  const db = localDb();
  const present = async (table: 'packages' | 'customers' | 'customerPackages' | 'usage', ids: string[]) =>
    new Set((await db.table(table).bulkGet(ids)).flatMap((row: { id: string } | undefined) => (row ? [row.id] : [])));
  const sets = {
    packages: await present('packages', data.packages.map((p) => p.id)),
    customers: await present('customers', data.customers.map((c) => c.id)),
    customerPackages: await present('customerPackages', data.assignments.map((a) => a.id)),
    usage: await present('usage', data.usage.map((u) => u.id)),
  };
  return { has: (entity, id) => sets[entity].has(id) };
}

export function DemoDataSection() {
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  // The demo adds 50 customers and their usage to the account the whole team shares, and fills My
  // Account's seller details of a company with no name yet (which only owners may change): an owner's decision.
  const owner = useIdentity()?.role === 'owner';

  async function load() {
    if (progress.kind === 'running') return;
    const db = localDb();
    const account = (await db.account.get(ACCOUNT_ID)) ?? defaultAccount();
    const data = generateDemoData({ today: todayIn(usableTimeZone(account.timezone), Date.now()), seed: DEMO_SEED, currency: account.currency });
    // A load that stopped part way (a reload, a closed tab) goes on where it stopped.
    const mutations = remainingDemoMutations(demoMutations(data, account), await loadedRecords(data));
    // Seller details the user cleared since are not the demo's to fill again.
    if (mutations.every((m) => m.name === 'saveAccount')) {
      setProgress({ kind: 'ok', text: 'The demo data is already loaded on this device.' });
      return;
    }
    setProgress({ kind: 'running', done: 0, total: mutations.length });
    try {
      for (let i = 0; i < mutations.length; i++) {
        const m = mutations[i]!;
        await mutate(m.name as MutatorName, m.args as MutatorArgs<MutatorName>);
        // Repainting per mutation would cost more than the small writes themselves.
        if (i % 25 === 0 || m.name === 'putUsage') setProgress({ kind: 'running', done: i + 1, total: mutations.length });
      }
      setProgress({
        kind: 'ok',
        text: `Loaded ${data.customers.length} customers, ${data.packages.length} packages, ${data.assignments.length} assignments and ${data.usage.length.toLocaleString()} days of destination usage (${periodParts(data.period.start, data.period.end).join(' ')}).`,
      });
    } catch (error) {
      setProgress({ kind: 'error', text: `Loading stopped part way: ${writeErrorMessage(error)}` });
    }
  }

  const running = progress.kind === 'running';
  return (
    <section className="card" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Demo data</h2>
      <p>
        Creates a realistic carrier to try Tollbook with: 50 customers with contacts, 10 packages (DID rentals, fees, free-minute bundles) and a
        platform fee in each other currency some customers are billed in, their assignments and six months of daily usage over 80 destinations. It is saved like any other change and synced.
      </p>
      {!owner && <p data-testid="demo-owner-only">Only an owner of the company account can load the demo data.</p>}
      {/* aria-disabled while loading: a disabled button would drop the keyboard focus to the page's start. */}
      <button type="button" className="button" onClick={load} disabled={!owner} aria-disabled={running || undefined} aria-describedby="demo-status">
        Load demo data
      </button>
      <div id="demo-status" role={progress.kind === 'error' ? 'alert' : 'status'} className={progress.kind === 'error' ? 'form-message error' : 'form-message'}>
        {running && (
          <>
            <progress max={progress.total} value={progress.done} aria-label="Loading demo data" /> {progress.done} of {progress.total} changes saved…
          </>
        )}
        {(progress.kind === 'ok' || progress.kind === 'error') && progress.text}
      </div>
    </section>
  );
}
