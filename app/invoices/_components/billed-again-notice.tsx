'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { Fragment } from 'react';
import { billedAgain, leavingOutCallsOf, type BilledAgain } from '@/lib/billed-again';
import type { Invoice, InvoiceLine } from '@/lib/entities';
import { localDb } from '../../_local/db';
import type { NamedDraft } from '@/lib/draft-names';
import { upperFirst } from '@/lib/text';
import { periodParts } from '../../_components/locale';
import { shownDraftName } from './draft-name';
import { listInWords } from '@/lib/text';

/**
 * The customer's other invoices (void ones aside) with their usage, package and setup lines, its
 * package assignments and the catalogue (one-off packages are counted as setups) (live): what a draft's lines may bill again. Undefined while it is read.
 */
function useBilledLines(customerId: string, id: string) {
  return useLiveQuery(async () => {
    if (!customerId) return { others: [], customerInvoices: [], assignments: [], packages: [] };
    const db = localDb();
    const [customerInvoices, assignments, packages] = await Promise.all([
      db.invoices.where('customerId').equals(customerId).toArray(),
      db.customerPackages.where('customerId').equals(customerId).toArray(),
      db.packages.toArray(),
    ]);
    const invoices = customerInvoices.filter((i) => i.id !== id && i.status !== 'void');
    const lines = await db.invoiceLines
      .where('invoiceId')
      .anyOf(invoices.map((i) => i.id))
      .filter((l) => l.kind === 'usage' || l.kind === 'package' || l.kind === 'setup')
      .toArray();
    return { others: invoices.map((invoice) => ({ invoice, lines: lines.filter((l) => l.invoiceId === invoice.id) })), customerInvoices, assignments, packages };
  }, [customerId, id]);
}

/** What another invoice bills again, with the name the notice and Issue's question give that invoice. */
export interface NamedBilledAgain extends BilledAgain {
  name: string;
}

/**
 * What other invoices of its customer bill that the draft `invoice` with `lines` bills too (lib/
 * billed-again), live: the calls of `callsSaid` left out (a drift notice says those). Undefined
 * while it is read. Read once on the invoice page for its notice and for Issue's question.
 */
export function useBilledAgain(invoice: Invoice | undefined, lines: readonly InvoiceLine[] | undefined, callsSaid: readonly Invoice[] = []): NamedBilledAgain[] | undefined {
  const billed = useBilledLines(invoice?.customerId ?? '', invoice?.id ?? '');
  if (!invoice || !lines || !billed) return undefined;
  if (invoice.status !== 'draft') return [];
  // The draft as it is here (an unsaved copy too) among the customer's: a draft named is told from it.
  const customerInvoices = [invoice, ...billed.customerInvoices.filter((i) => i.id !== invoice.id)];
  return leavingOutCallsOf(billedAgain(invoice, lines, billed.others, billed.assignments, billed.packages), callsSaid).map((found) => ({
    ...found,
    name: otherName(found.invoice, customerInvoices),
  }));
}

/** What `found` bills that the draft bills too: "the calls of Oct 1 – Oct 31, 2026", "DID rental (1 month each)", "DID rental (setup)". */
function parts(found: BilledAgain): string[] {
  return [
    ...(found.usage && !found.credit ? [calls(found.usage)] : []),
    ...found.packageLines.map((line) => line.description || 'a package charge'),
    ...found.setupLines.map((line) => line.description || 'a setup fee'),
  ];
}

function calls(days: NonNullable<BilledAgain['usage']>): string {
  return `the calls of ${periodParts(days.start, days.end).join(' ')}`;
}

/** "a", "a and b", "a, b and c". */
function what(found: BilledAgain): string {
  return listInWords(parts(found));
}

/** What `found` credits that the draft credits too (two late-calls credits of one invoice), if anything: "the calls of Oct 20, 2026". */
function credited(found: BilledAgain): string | null {
  return found.usage && found.credit ? calls(found.usage) : null;
}

/** Whether all `found` do that the draft does too is credit the same calls (two late-calls credits of one invoice). */
function onlyCredits(found: readonly BilledAgain[]): boolean {
  return found.every((f) => f.credit && parts(f).length === 0);
}

/** What the notice says of `found`, the `i`th named: "It bills the calls of …", "It also credits the calls of … and bills DID rental". */
function saidOf(found: BilledAgain, i: number): string {
  const credit = credited(found);
  const done = [...(credit ? [`credits ${credit}`] : []), ...(parts(found).length > 0 ? [`bills ${what(found)}`] : [])];
  return `It ${i === 0 ? '' : 'also '}${listInWords(done)}`;
}

/**
 * The other invoice as the notice and Issue's question name it: by number; a draft by its date, as
 * Generate Invoice names one ("the draft of Dec 6, 2026"), told from the customer's other drafts
 * of that date among `invoices` ("the draft of Dec 6, 2026 for $12.40").
 */
export function otherName(invoice: Invoice, invoices: readonly NamedDraft[]): string {
  return invoice.number ?? (invoice.status === 'draft' ? `the ${shownDraftName(invoice, invoices)}` : 'an invoice not yet numbered');
}

/** What Issue asks of a draft that bills again what `found` bill: "INV-7 already bills …; issue it anyway, billing them twice?" (or credits, crediting them twice). */
export function billedAgainQuestion(found: readonly NamedBilledAgain[]): string {
  const sentences = found.flatMap((f) => {
    const credit = credited(f);
    const billed = parts(f);
    return [
      ...(credit ? [`${upperFirst(f.name)} already credits ${credit}, which this draft credits too.`] : []),
      ...(billed.length > 0 ? [`${upperFirst(f.name)} already bills ${what(f)}, which this draft bills too.`] : []),
    ];
  });
  const credits = onlyCredits(found);
  const one = found.length === 1 && parts(found[0]!).length === 1 && !found[0]!.usage;
  return `${sentences.join(' ')} Issue it anyway, ${credits ? 'crediting' : 'billing'} ${one ? 'it' : 'them'} twice?`;
}

/**
 * Says when a draft's lines bill calls, package charges or setups that an issued invoice
 * bills already, by number and linked, and what to do: Duplicate's copy before it is saved
 * (`saved` false), and any draft after. Issued as it is, the customer would be billed twice.
 */
export function BilledAgainNotice({ found, saved }: { found: readonly NamedBilledAgain[] | undefined; saved: boolean }) {
  if (!found || found.length === 0) return null;
  const credits = onlyCredits(found);
  return (
    <div className="card warning" role="alert" data-testid="billed-again">
      <p>
        <strong>{saved ? 'This draft' : 'This copy'} {credits ? 'credits again what is credited already' : 'bills again what is billed already'}.</strong>{' '}
        {found.map((f, i) => (
          <Fragment key={f.invoice.id}>
            {i > 0 && ' '}
            {saidOf(f, i)}, already on <Link href={`/invoice?id=${f.invoice.id}`}>{f.name}</Link>.
          </Fragment>
        ))}{' '}
        {saved
          ? credits
            ? 'Issued as it is, the customer is credited twice for them: update its lines from usage, or delete the draft.'
            : 'Issued as it is, the customer is billed twice for them: edit it to delete those lines or change their days (and its period) to bill something else, or delete the draft.'
          : 'Before saving, change its period and those lines (delete them, or change their days) to bill something else, or the customer is billed twice for them.'}
      </p>
    </div>
  );
}

/** The notice for the editor's unsaved copy (Duplicate), read live as it is edited. */
export function CopyBilledAgainNotice({ invoice, lines }: { invoice: Invoice; lines: readonly InvoiceLine[] }) {
  return <BilledAgainNotice found={useBilledAgain(invoice, lines)} saved={false} />;
}
