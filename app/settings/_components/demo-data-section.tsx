'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { contentsKeepingDemoOut, demoSellerDetails, generateDemoData, type DemoData } from '@/lib/demo-data';
import { todayIn } from '@/lib/dates';
import { ACCOUNT_ID } from '@/lib/entities';
import { defaultAccount } from '@/lib/mutators';
import { DialogActions } from '../../_components/form-actions';
import { countOf, formatInteger, periodParts } from '../../_components/locale';
import { useModalDialog } from '../../_components/modal-dialog';
import { usableTimeZone } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { useIdentity } from '../../_local/session';

/** Fixed so the demo's ids are the same on every device. */
const DEMO_SEED = 1;

type Progress = { kind: 'idle' } | { kind: 'running'; text: string } | { kind: 'ok' | 'error'; text: string };

/**
 * What the demo adds, in words: "50 customers with contacts, 12 packages, … and the usage of
 * 1,234,567 calls (May 1 – Oct 31, 2026)": calls, as the clerk counts usage, not the rows that hold
 * it (one per customer, day and destination).
 */
function demoContents(data: DemoData): string {
  let calls = 0;
  for (const row of data.usage) calls += row.calls;
  return `${countOf(data.customers.length, 'customer', 'customers')} with contacts, ${countOf(data.packages.length, 'package', 'packages')}, ${countOf(data.assignments.length, 'package assignment', 'package assignments')} and the usage of ${formatInteger(calls)} calls (${periodParts(data.period.start, data.period.end).join(' ')})`;
}

/**
 * Loads the demo carrier (lib/demo-data) into an empty account only: one with customers, packages
 * or invoices gets no button to press but the reason, since the demo's customers, with usage,
 * could not be deleted from among its own afterwards. On an empty one it asks first, saying what
 * it adds and that it syncs to every device of the account. The load is one change (loadDemoData),
 * which the server refuses whole if the account is no longer empty when it arrives.
 */
export function DemoDataSection() {
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  // The demo adds 50 customers and their usage to the account the whole team shares, and fills My
  // Account's seller details of a company with no name yet (which only owners may change): an owner's decision.
  const owner = useIdentity()?.role === 'owner';
  const db = localDb();
  const held = useLiveQuery(async () => {
    const [customers, packages, invoices] = await Promise.all([db.customers.count(), db.packages.count(), db.invoices.count()]);
    return { customers, packages, invoices };
  }, []);
  // Undefined while the counts load: no button to press meanwhile.
  const keptOutBy = held ? contentsKeepingDemoOut(held) : undefined;
  const empty = held !== undefined && keptOutBy === undefined;
  const running = progress.kind === 'running';

  /** What is about to be loaded, asked about in the app's dialog (as Issue and Void ask) before anything is written. */
  const [asking, setAsking] = useState<{ data: DemoData; today: string; question: string } | null>(null);

  async function prepare() {
    if (running || !empty) return;
    setProgress({ kind: 'running', text: 'Preparing the demo data…' });
    // Let the status paint before six months of usage are made (a second or so).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const account = (await db.account.get(ACCOUNT_ID)) ?? defaultAccount();
    const today = todayIn(usableTimeZone(account.timezone), Date.now());
    const data = generateDemoData({ today, seed: DEMO_SEED, currency: account.currency });
    const seller = demoSellerDetails(data, account);
    const question =
      `Load the demo data into this account? It adds ${demoContents(data)}` +
      (seller.companyName ? `, and fills in My Account's blank seller details with the demo company's (${seller.companyName})` : '') +
      '. It syncs to every device of the company account, and cannot be taken out again: customers with usage cannot be deleted.';
    setProgress({ kind: 'idle' });
    setAsking({ data, today, question });
  }

  async function load(data: DemoData, today: string) {
    setAsking(null);
    setProgress({ kind: 'running', text: 'Loading the demo data…' });
    try {
      await mutate('loadDemoData', { today, seed: DEMO_SEED });
      setProgress({ kind: 'ok', text: `Loaded ${demoContents(data)}. It syncs to every device of the company account.` });
    } catch (error) {
      setProgress({ kind: 'error', text: writeErrorMessage(error) });
    }
  }

  return (
    <section className="card" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Demo data</h2>
      <p>
        Creates a realistic carrier to try Tollbook with: 50 customers with contacts, 10 packages (DID rentals, fees, free-minute bundles) and a
        platform fee in each other currency some customers are billed in, their assignments and six months of daily usage over 80 destinations. It is saved like any other change and synced
        to every device of the company account. It goes only into an empty account: no customers, packages or invoices.
      </p>
      {!owner && <p data-testid="demo-owner-only">Only an owner of the company account can load the demo data.</p>}
      {owner && keptOutBy && !running && (
        <p id="demo-not-empty" data-testid="demo-not-empty">
          This account has {keptOutBy}, so the demo data cannot be loaded: its customers, with their usage, could not be deleted from among yours afterwards.
        </p>
      )}
      {/* aria-disabled while loading: a disabled button would drop the keyboard focus to the page's start. */}
      <button
        type="button"
        className="button"
        onClick={() => void prepare()}
        disabled={!owner || (!empty && !running)}
        aria-disabled={running || undefined}
        aria-describedby={keptOutBy && !running ? 'demo-not-empty demo-status' : 'demo-status'}
      >
        Load demo data
      </button>
      <div id="demo-status" data-testid="demo-status" role={progress.kind === 'error' ? 'alert' : 'status'} className={progress.kind === 'error' ? 'form-message error' : 'form-message'}>
        {progress.kind !== 'idle' && progress.text}
      </div>
      {asking && <LoadDemoDialog question={asking.question} onLoad={() => void load(asking.data, asking.today)} onClose={() => setAsking(null)} />}
    </section>
  );
}

/** Asks before the demo is loaded: what it adds, that it syncs everywhere and cannot be taken out. Cancel, or Escape, loads nothing. */
function LoadDemoDialog({ question, onLoad, onClose }: { question: string; onLoad: () => void; onClose: () => void }) {
  const ref = useModalDialog();
  const ids = useId();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-question`} onCancel={onClose} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onLoad();
        }}
        noValidate
      >
        <h2 id={`${ids}-title`}>Load demo data</h2>
        <p id={`${ids}-question`} data-testid="demo-question">
          {question}
        </p>
        <DialogActions submitLabel="Load the demo data" onCancel={onClose} />
      </form>
    </dialog>
  );
}
