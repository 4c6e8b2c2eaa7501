'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { addDays, todayIn } from '@/lib/dates';
import { customerRefLine, customerVatIdLine, printedCustomer } from '@/lib/invoice-parties';
import { invoiceSave, remoteInvoiceChanges, type InvoiceHeaderField, type InvoiceVersion } from '@/lib/invoice-edit';
import { ACCOUNT_ID, type Invoice, type InvoiceLine } from '@/lib/entities';
import { defaultAccount, invoiceDatesProblem } from '@/lib/mutators';
import { compareDecimals } from '@/lib/money';
import { chargeForItem } from '@/lib/billed-again';
import { dueDateFor, usageGivenBackInPart } from '@/lib/credit-notes';
import { chargedPackages } from '@/lib/invoice-periods';
import { invoiceNumberLabel, isCreditNote } from '@/lib/invoice-status';
import { newItemDates, redatedItems } from '@/lib/item-dates';
import { isUsageLine } from '@/lib/generate';
import { computeTotals } from '@/lib/totals';
import { CustomerPicker } from '../../_components/customer-picker';
import { DocumentTitle } from '../../_components/document-title';
import { focusHeadingOnArrival } from '../../_components/page-heading';
import { leaveForm, useLeaveWarning } from '../../_components/live-draft';
import { usableTimeZone } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { newId } from '../../_local/ids';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { CopyBilledAgainNotice } from '../../invoices/_components/billed-again-notice';
import { LineDialog } from '../../invoices/_components/line-dialog';
import { LinesTable } from '../../invoices/_components/lines-table';
import { CreditsNotice, ReplacesNotice } from '../../invoices/_components/replaces-notice';
import { TotalsPanel } from '../../invoices/_components/totals-panel';
import { possessive } from '@/lib/possessive';
import { editKey, type EditorState } from './editor-state';
import { NotOnDevice } from '../../_components/not-on-device';

/** `today` is in the account's timezone. */
function blankInvoice(id: string, customerId: string, today: string): Invoice {
  return {
    id,
    customerId,
    number: null,
    status: 'draft',
    invoiceDate: today,
    dueDate: today,
    periodStart: null,
    periodEnd: null,
    currency: 'USD',
    rounding: 'half-up',
    notes: '',
    voidReason: '',
    net: '0',
    tax: '0',
    total: '0',
    paid: '0',
  };
}

const HEADER_LABELS: Record<InvoiceHeaderField, string> = {
  customerId: 'customer',
  invoiceDate: 'invoice date',
  dueDate: 'due date',
  periodStart: 'period from',
  periodEnd: 'period to',
  notes: 'notes',
};

const count = (n: number, what: string) => `${n} line${n === 1 ? '' : 's'} ${what}`;

/**
 * A new invoice's copy (Duplicate) or credit note (Credit note…) as it was made, not touched since:
 * leaving it makes none, as Cancel does, and one click makes it again.
 */
function untouchedNew(state: EditorState): boolean {
  return state.isNew && (state.copyOf !== undefined || Boolean(state.invoice.creditsId));
}

/**
 * What leaving the editor with unsaved edits asks: a new invoice is gone once left (nothing links to
 * it), a draft's edits stay on this device (Edit opens them again) but are on no other screen.
 */
function leaveQuestion(state: EditorState | undefined): string {
  if (!state?.isNew) {
    return 'Your changes to this draft are not saved: the invoice, its PDF and other devices do not have them. Leave anyway? They stay on this device: Edit opens them again.';
  }
  const what = state.copyOf ? `This copy of ${state.copyOf.number ?? 'a draft'}` : state.invoice.creditsId ? 'This credit note' : 'This new invoice';
  return `${what} is not saved. Leave it and lose it?`;
}

/** Says what another device changed in the invoice since editing began, or nothing. */
function RemoteInvoiceNotice({ base, live }: { base: InvoiceVersion; live: InvoiceVersion }) {
  const changes = remoteInvoiceChanges(base, live);
  const parts = [
    ...changes.fields.map((field) => HEADER_LABELS[field]),
    ...(changes.linesAdded ? [count(changes.linesAdded, 'added')] : []),
    ...(changes.linesChanged ? [count(changes.linesChanged, 'changed')] : []),
    ...(changes.linesDeleted ? [count(changes.linesDeleted, 'deleted')] : []),
  ];
  if (parts.length === 0) return null;
  return (
    <p className="form-message warning card" role="status" data-testid="remote-change-notice">
      Changed on another device since you began editing: {parts.join(', ')}. Saving keeps those changes and adds yours; where you both changed the same field,
      yours is kept.
    </p>
  );
}

function InvoiceEditor() {
  const params = useSearchParams();
  const router = useRouter();
  const id = params.get('id');
  const db = localDb();

  // A new invoice gets its id at once, in the URL, so a reload finds its unsaved edits.
  useEffect(() => {
    if (!id) {
      const customer = params.get('customer');
      router.replace(`/invoice/edit?id=${newId()}&new=1${customer ? `&customer=${customer}` : ''}`);
    }
  }, [id, params, router]);

  const customers = useLiveQuery(() => db.customers.orderBy('name').toArray(), []);
  const stored = useLiveQuery(async () => {
    if (!id) return undefined;
    const [invoice, lines, edit] = await Promise.all([
      db.invoices.get(id),
      db.invoiceLines.where('invoiceId').equals(id).sortBy('position'),
      db.draftEdits.get(editKey(id)),
    ]);
    // A replacement (Void and replace) names the void invoice it replaces.
    const replaced = invoice?.replacesId ? await db.invoices.get(invoice.replacesId) : undefined;
    const kept = edit?.value as EditorState | undefined;
    // A credit note made by Credit note… names the invoice it credits, saved or not yet (./editor-state keepCreditNote).
    const creditsId = invoice ? invoice.creditsId : kept?.isNew ? kept.invoice.creditsId : null;
    const credited = creditsId ? await db.invoices.get(creditsId) : undefined;
    // Its lines: a line giving back part of one's calls claims none of them (lib/credit-notes usageGivenBackInPart).
    const creditedLines = credited ? await db.invoiceLines.where('invoiceId').equals(credited.id).toArray() : [];
    return { invoice, lines, edit: kept, replaced, credited, creditedLines };
  }, [id]);
  const packages = useLiveQuery(() => db.packages.orderBy('name').toArray(), []);
  const account = useLiveQuery(async () => (await db.account.get(ACCOUNT_ID)) ?? defaultAccount(), []);

  // The editor as stored (draftEdits), or as the invoice is when nothing is kept yet.
  const kept: EditorState | undefined = useMemo(() => {
    if (!id || !stored || !account) return undefined;
    if (stored.edit) return stored.edit;
    if (stored.invoice) return { isNew: false, invoice: stored.invoice, lines: stored.lines, base: { invoice: stored.invoice, lines: stored.lines } };
    if (params.get('new') !== '1') return undefined;
    // A customer passed in the URL is pre-selected, with its currency and due days.
    const preselected = customers?.find((c) => c.id === params.get('customer'));
    const blank = blankInvoice(id, preselected?.id ?? '', todayIn(usableTimeZone(account.timezone), Date.now()));
    return {
      isNew: true,
      invoice: {
        ...blank,
        currency: preselected?.currency ?? account.currency,
        dueDate: preselected ? addDays(blank.invoiceDate, preselected.dueDays) : blank.dueDate,
        rounding: account.rounding,
      },
      lines: [],
    };
  }, [id, stored, account, params, customers]);
  // Each change is shown from here at once; the stored copy catches up a write later. Built on the
  // stored copy instead, a keystroke arriving before that write came back started from a stale
  // state, so fast typing lost characters and a quick second field undid the first.
  const [changed, setChanged] = useState<EditorState | null>(null);
  const state = changed && changed.invoice.id === id ? changed : kept;

  const assignments = useLiveQuery(
    () => (state?.invoice.customerId ? db.customerPackages.where('customerId').equals(state.invoice.customerId).toArray() : []),
    [state?.invoice.customerId],
  );
  const [dialogLine, setDialogLine] = useState<InvoiceLine | null>(null);
  // The customer's other invoices with their setup and package lines: Add Invoice Item's setup fee,
  // and a one-off package's charge, fill in what no issued invoice (nor this one) bills yet
  // (lib/billed-again chargeForItem: a draft bills nothing until issued). The dialog waits for them.
  const otherSetups = useLiveQuery(async () => {
    const customerId = state?.invoice.customerId;
    if (!customerId) return [];
    const invoices = (await db.invoices.where('customerId').equals(customerId).toArray()).filter((i) => i.id !== id);
    const setups = await db.invoiceLines
      .where('invoiceId')
      .anyOf(invoices.map((i) => i.id))
      .filter((l) => l.kind === 'setup' || l.kind === 'package')
      .toArray();
    return invoices.map((invoice) => ({ invoice, lines: setups.filter((l) => l.invoiceId === invoice.id) }));
  }, [state?.invoice.customerId, id]);
  const [error, setError] = useState('');
  // Saved without a customer: the customer field is marked invalid and described by the message.
  const [customerMissing, setCustomerMissing] = useState(false);
  const customerField = useRef<HTMLInputElement>(null);
  const [saving, setSaving] = useState(false);

  // Deleting a line removes the button that had the focus, which would drop it to the page's body:
  // it goes to the Delete button of the line after (now in its place), else of the line before,
  // else to Add Invoice Item, once the line has left the rendered list.
  const itemsRef = useRef<HTMLElement>(null);
  const addItemRef = useRef<HTMLButtonElement>(null);
  const focusAfterDelete = useRef<{ deletedId: string; nextId: string | undefined } | null>(null);
  const lines = state?.lines;
  useEffect(() => {
    const pending = focusAfterDelete.current;
    if (!pending || !lines || lines.some((l) => l.id === pending.deletedId)) return;
    focusAfterDelete.current = null;
    const next = pending.nextId ? itemsRef.current?.querySelector<HTMLElement>(`[data-delete-line="${pending.nextId}"]`) : null;
    (next ?? addItemRef.current)?.focus();
  }, [lines]);

  const customer = customers?.find((c) => c.id === state?.invoice.customerId);

  // Leaving with edits not saved asks first, as the other forms do (app/_components/live-draft):
  // edits made here, or kept from before (a draft's "Unsaved changes"); not a copy or credit note
  // just made and untouched, nor an invoice no longer a draft (nothing here can be saved).
  const editedHere = changed !== null && changed.invoice.id === id;
  const keptBefore = stored?.edit !== undefined && !untouchedNew(stored.edit);
  const unsaved = (stored?.invoice?.status ?? 'draft') === 'draft' && (editedHere || keptBefore);
  useLeaveWarning(unsaved, leaveQuestion(state));

  if (!id || stored === undefined || !customers || !packages || !account) return <p className="muted">Loading…</p>;
  if (!state) {
    return (
      <NotOnDevice thing="invoice" gone="This invoice does not exist on this device." back={{ href: '/invoices', label: 'Back to invoices' }} />
    );
  }
  // The stored invoice decides: another tab or device may have issued it while this one edited.
  const status = stored.invoice?.status ?? state.invoice.status;
  if (status !== 'draft') {
    const unsaved = stored.edit && !state.isNew ? ' The changes made here were not saved.' : '';
    return (
      <div className="card" role="alert">
        <p>
          This invoice is {status}
          {stored.invoice?.number ? ` (${stored.invoice.number})` : ''} and can no longer be edited.{unsaved} To correct it, use {status === 'void' ? 'Replace' : 'Void and replace'} on its page.
        </p>
        <Link href={`/invoice?id=${id}`}>View the invoice</Link>
      </div>
    );
  }

  const editing = state;
  // As the PDF prints it (a draft prints the customer as it is now).
  const billTo = printedCustomer(editing.invoice, customer);
  const customerRef = billTo ? customerRefLine(billTo) : '';
  const customerVatId = billTo ? customerVatIdLine(billTo) : '';
  // A replacement stays with the customer of the invoice it replaces (saveInvoice refuses another).
  const replacesId = stored.invoice?.replacesId ?? null;
  // So does a credit note with the customer of the invoice it credits; one Credit note… has just
  // made is not saved yet, and says so in the state kept.
  const creditsId = (stored.invoice ? stored.invoice.creditsId : editing.isNew ? editing.invoice.creditsId : null) ?? null;
  const totals = computeTotals(editing.lines, editing.invoice.currency, editing.invoice.rounding);
  // Named as its page names it: a credit note's (Credit note…) even before its lines are edited.
  // A credit note has no due date (lib/credit-notes dueDateFor): none is offered, and its date is stored as one.
  const creditNote = creditsId !== null || isCreditNote(totals);
  // An invoice turned credit note by its lines alone (its total now below zero, not so when last
  // saved): its date field is renamed and its due date goes, so the editor says why, beside the total.
  const creditNoteByTotal = creditsId === null && isCreditNote(totals) && !(stored.invoice && isCreditNote(stored.invoice));

  async function keep(next: EditorState) {
    setChanged(next);
    await db.draftEdits.put({ key: editKey(next.invoice.id), value: next, updatedAt: Date.now() });
  }

  function setHeader(patch: Partial<Invoice>) {
    void keep({ ...editing, invoice: { ...editing.invoice, ...patch } });
  }

  // The customer's packages as what dates their charges: how often they bill, on which days (match
  // days, else the assignment's start day).
  const packageOf = chargedPackages(packages, assignments ?? [])(editing.invoice.customerId);

  /**
   * The invoice dated anew (its date, or its period): the items still dated as Add Invoice Item
   * dated them before (a monthly package's month around the old date; the period before) take
   * the dates they would get now; dates typed by hand stay (lib/item-dates redatedItems).
   */
  function redate(patch: Partial<Invoice>) {
    const invoice = { ...editing.invoice, ...patch };
    void keep({ ...editing, invoice, lines: redatedItems(editing.lines, editing.invoice, invoice, packageOf) });
  }

  /** A new invoice date moves the due date with it (a credit note's is its date), and the items dated for it (see `redate`). */
  function setInvoiceDate(invoiceDate: string) {
    redate({ invoiceDate, dueDate: customer || creditNote ? dueDateFor(invoiceDate, customer?.dueDays ?? 0, creditNote) : editing.invoice.dueDate });
  }

  function pickCustomer(customerId: string) {
    const picked = customers?.find((c) => c.id === customerId);
    if (!picked) return setHeader({ customerId: '' });
    // Lines keep their numbers: in another currency they would mean other amounts.
    if (editing.lines.length > 0 && picked.currency !== editing.invoice.currency) {
      const keep = editing.lines.length === 1 ? 'The line keeps its prices' : `The ${editing.lines.length} lines keep their prices`;
      if (!window.confirm(`${picked.name} is billed in ${picked.currency}, not ${editing.invoice.currency}. ${keep}, which will then be read as ${picked.currency}. Switch the customer?`)) return;
    }
    // Lines keep the tax % they were given (a line can be taxed apart on purpose), unless the user
    // takes the new customer's: the old customer's rate staying unseen would tax at the wrong rate.
    const otherTax = editing.lines.filter((line) => compareDecimals(line.taxRate, picked.taxRate) !== 0);
    const retax =
      otherTax.length > 0 &&
      window.confirm(
        `${possessive(picked.name)} tax is ${picked.taxRate}%. ${otherTax.length === editing.lines.length ? (otherTax.length === 1 ? 'The line has' : `The ${otherTax.length} lines have`) : `${otherTax.length} of the ${editing.lines.length} lines have`} another rate (${[...new Set(otherTax.map((line) => `${line.taxRate}%`))].join(', ')}). Apply ${picked.taxRate}% to ${otherTax.length === 1 ? 'it' : 'them'}? OK applies it; Cancel keeps the lines' rates. The customer changes either way.`,
      );
    setError('');
    setCustomerMissing(false);
    // The invoice takes the customer's currency, its tax % for new lines and its due days.
    void keep({
      ...editing,
      invoice: { ...editing.invoice, customerId, currency: picked.currency, dueDate: dueDateFor(editing.invoice.invoiceDate, picked.dueDays, creditNote) },
      lines: retax ? editing.lines.map((line) => ({ ...line, taxRate: picked.taxRate })) : editing.lines,
    });
  }
  // Lines from usage bill this customer's calls, and package lines its packages (their quantities
  // are its assignments', their prices in its currency): another customer would be billed for them.
  const generatedFor = editing.invoice.customerId !== '' && editing.lines.some((line) => line.kind !== 'manual') ? customer : undefined;
  // Only lines from usage come from Generate Invoice; package charges and setups may be added here.
  const fromUsage = editing.lines.some(isUsageLine);

  function newLine(): InvoiceLine {
    const dates = newItemDates(editing.invoice);
    return {
      id: newId(),
      invoiceId: editing.invoice.id,
      position: editing.lines.length,
      kind: 'manual',
      description: '',
      startDate: dates.start,
      endDate: dates.end,
      quantity: '1',
      unit: 'each',
      unitPrice: '',
      taxRate: customer?.taxRate ?? '0',
      amount: null,
      calls: null,
      minutes: null,
      packageId: null,
    };
  }

  function saveLine(line: InvoiceLine) {
    const exists = editing.lines.some((l) => l.id === line.id);
    const lines = exists ? editing.lines.map((l) => (l.id === line.id ? line : l)) : [...editing.lines, line];
    void keep({ ...editing, lines: lines.map((l, position) => ({ ...l, position })) });
    setDialogLine(null);
  }

  function deleteLine(line: InvoiceLine) {
    const index = editing.lines.findIndex((l) => l.id === line.id);
    focusAfterDelete.current = { deletedId: line.id, nextId: (editing.lines[index + 1] ?? editing.lines[index - 1])?.id };
    void keep({ ...editing, lines: editing.lines.filter((l) => l.id !== line.id).map((l, position) => ({ ...l, position })) });
  }

  async function discard() {
    // A new invoice (or copy, or credit note) with edits is gone once cancelled, as when it is left
    // by a link: asked the same. A draft's Discard changes names what it does, and keeps the draft.
    if (editing.isNew && unsaved && !window.confirm(leaveQuestion(editing))) return;
    await db.draftEdits.delete(editKey(editing.invoice.id));
    // A copy or a credit note not saved was never written: back to the invoice it copies or credits.
    const from = editing.isNew ? (editing.copyOf?.id ?? creditsId) : null;
    leaveForm(router, from ? `/invoice?id=${from}` : editing.isNew ? '/invoices' : `/invoice?id=${editing.invoice.id}`);
  }

  async function save() {
    setError('');
    setCustomerMissing(false);
    if (!editing.invoice.customerId) {
      setError('Customer is required: pick the customer to invoice.');
      setCustomerMissing(true);
      customerField.current?.focus();
      return;
    }
    // A credit note is stored with its date as its due date, whatever was there before its lines went below zero.
    const toSave = creditNote ? { ...editing, invoice: { ...editing.invoice, dueDate: dueDateFor(editing.invoice.invoiceDate, 0, true) } } : editing;
    const datesProblem = invoiceDatesProblem(toSave.invoice);
    if (datesProblem) {
      setError(datesProblem);
      return;
    }
    setSaving(true);
    try {
      if (toSave.isNew && creditsId) {
        await mutate('createCreditNote', { creditsId, invoice: toSave.invoice, lines: toSave.lines });
      } else if (toSave.isNew) {
        await mutate('createInvoice', { invoice: toSave.invoice, lines: toSave.lines });
      } else {
        if (!stored?.invoice) {
          setError('This invoice was deleted on another device while you were editing, so it can no longer be saved.');
          return;
        }
        // A draft kept by an earlier version has no base: it counts as begun from the invoice as it is now.
        const began = editing.base ?? { invoice: stored.invoice, lines: stored.lines };
        await mutate('saveInvoice', { id: editing.invoice.id, ...invoiceSave(began, toSave, { invoice: stored.invoice, lines: stored.lines }) });
      }
      await db.draftEdits.delete(editKey(editing.invoice.id));
      const invoicePage = `/invoice?id=${editing.invoice.id}`;
      focusHeadingOnArrival(invoicePage);
      leaveForm(router, invoicePage);
    } catch (e) {
      setError(writeErrorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  const heading = editing.isNew ? (creditNote ? 'New credit note' : 'New invoice') : `Edit ${creditNote ? 'credit note' : 'invoice'} ${editing.invoice.number ?? '(draft)'}`;
  const copyOf = editing.isNew ? editing.copyOf : undefined;
  // Made by Credit note… and not saved yet: Cancel makes no credit note.
  const newCreditNote = editing.isNew && creditsId !== null;
  // What bills setups and one-off charges: the issued invoices, and this one as it is now, the line in the dialog aside.
  const asItIs = { invoice: editing.invoice, lines: editing.lines.filter((l) => l.id !== dialogLine?.id) };
  return (
    <>
      <DocumentTitle title={heading} />
      <div className="page-head">
        <h1>{heading}</h1>
        <div className="actions">
          {/* A copy (Duplicate) is kept unsaved until Save creates it: Cancel leaves no draft behind. */}
          {copyOf ? (
            <span className="muted small" data-testid="copy-not-saved">
              Copy of {copyOf.number ?? 'a draft'}, not saved yet
            </span>
          ) : newCreditNote ? (
            <span className="muted small" data-testid="credit-note-not-saved">
              Credit note of {stored.credited ? invoiceNumberLabel(stored.credited) : 'an invoice'}, not saved yet: Cancel makes none.
            </span>
          ) : (
            stored.edit && <span className="muted small">Unsaved changes</span>
          )}
          <button type="button" className="button" onClick={() => void discard()}>
            {stored.edit && !copyOf && !newCreditNote ? 'Discard changes' : 'Cancel'}
          </button>
          <button type="button" className="button primary" onClick={() => void save()} disabled={saving}>
            Save
          </button>
        </div>
      </div>
      {!editing.isNew && editing.base && stored.invoice && <RemoteInvoiceNotice base={editing.base} live={{ invoice: stored.invoice, lines: stored.lines }} />}
      {/* A copy bills again what the invoice it copies bills: said before it is saved (and on the draft's page after). */}
      {copyOf && <CopyBilledAgainNotice invoice={editing.invoice} lines={editing.lines} />}
      {replacesId && <ReplacesNotice replacesId={replacesId} replaced={stored.replaced} />}
      {creditsId && <CreditsNotice creditsId={creditsId} credited={stored.credited} issued={false} />}
      {error && (
        <p className="error card" role="alert" id="invoice-error">
          {error}
        </p>
      )}
      <section className="card form-grid" aria-label={creditNote ? 'Credit note details' : 'Invoice details'}>
        <CustomerPicker
          className="span-2"
          label="Customer (required)"
          placeholder="Type a name or accounting id"
          customers={customers}
          value={editing.invoice.customerId}
          onChange={pickCustomer}
          inputRef={customerField}
          required
          disabled={replacesId !== null || creditsId !== null || generatedFor !== undefined}
          invalid={customerMissing}
          describedBy={customerMissing && error ? 'invoice-error' : replacesId || creditsId || generatedFor ? 'customer-fixed-hint' : undefined}
        >
          {creditsId ? (
            <span className="field-hint" id="customer-fixed-hint">
              A credit note is for the customer of the invoice it credits. To credit another customer, use Credit note… on one of its invoices.
            </span>
          ) : replacesId ? (
            <span className="field-hint" id="customer-fixed-hint">
              A replacement is for the customer of the invoice it replaces. To bill another customer, create a new invoice.
            </span>
          ) : (
            generatedFor && (
              <span className="field-hint" id="customer-fixed-hint">
                {fromUsage
                  ? `Its lines come from ${possessive(generatedFor.name)} usage and packages, so the customer stays. To invoice another customer, use Generate Invoice for them, or + New invoice (or delete those lines first).`
                  : `Its package lines bill ${possessive(generatedFor.name)} packages (the quantities assigned to it, priced in ${editing.invoice.currency}), so the customer stays. To change the customer, delete those lines first.`}
              </span>
            )
          )}
        </CustomerPicker>
        {customerVatId && (
          // Printed under the customer's address, before its reference; changed on the customer's page.
          <p className="muted small span-2" data-testid="invoice-customer-vat-id">
            {customerVatId}
          </p>
        )}
        {customerRef && (
          // Printed under the customer's address; it is the customer's external accounting id, changed on the customer's page.
          <p className="muted small span-2" data-testid="invoice-customer-ref">
            {customerRef}
          </p>
        )}
        <label className="field">
          <span>{creditNote ? 'Credit note date' : 'Invoice date'}</span>
          <input
            type="date"
            value={editing.invoice.invoiceDate}
            onChange={(e) => e.target.value && setInvoiceDate(e.target.value)}
          />
        </label>
        {!creditNote && (
          <label className="field">
            <span>Due date</span>
            <input type="date" value={editing.invoice.dueDate} onChange={(e) => e.target.value && setHeader({ dueDate: e.target.value })} />
          </label>
        )}
        <label className="field">
          <span>Period from</span>
          <input type="date" value={editing.invoice.periodStart ?? ''} onChange={(e) => redate({ periodStart: e.target.value || null })} />
        </label>
        <label className="field">
          <span>Period to</span>
          <input type="date" value={editing.invoice.periodEnd ?? ''} onChange={(e) => redate({ periodEnd: e.target.value || null })} />
        </label>
        <label className="field span-2">
          <span>Notes</span>
          <textarea rows={2} dir="auto" value={editing.invoice.notes} onChange={(e) => setHeader({ notes: e.target.value })} />
        </label>
        <p className="muted small span-2">Currency: {editing.invoice.currency}</p>
      </section>
      <section className="card" aria-labelledby="items-heading" ref={itemsRef}>
        <div className="section-head">
          <h2 id="items-heading">Items</h2>
          {/* Focusable without a customer, so the hint that says why it does nothing is read with it;
              pressed then, it takes the user to the customer. */}
          <button
            type="button"
            className="button"
            onClick={() => (editing.invoice.customerId ? setDialogLine(newLine()) : customerField.current?.focus())}
            aria-disabled={!editing.invoice.customerId || undefined}
            aria-describedby={editing.invoice.customerId ? undefined : 'add-item-hint'}
            ref={addItemRef}
          >
            Add Invoice Item
          </button>
        </div>
        {!editing.invoice.customerId && (
          <p className="field-hint" id="add-item-hint">
            Pick the customer first: items are priced in its currency, at its tax %.
          </p>
        )}
        <LinesTable
          lines={editing.lines}
          totals={totals}
          currency={editing.invoice.currency}
          onEdit={setDialogLine}
          onDelete={deleteLine}
          invoicePeriod={editing.invoice}
          usageInPart={usageGivenBackInPart(editing, stored.credited && { invoice: stored.credited, lines: stored.creditedLines })}
        />
        <TotalsPanel totals={totals} currency={editing.invoice.currency} />
        {/* Kept on the page so the note is announced when the total crosses zero. */}
        <div role="status">
          {creditNoteByTotal && (
            <p className="warning" data-testid="credit-note-by-total">
              Its total is below zero: it will be saved as a credit note, with no due date.
            </p>
          )}
        </div>
      </section>
      {dialogLine && otherSetups && (
        <LineDialog
          line={dialogLine}
          packages={packages}
          currency={editing.invoice.currency}
          rounding={editing.invoice.rounding}
          defaultTaxRate={customer?.taxRate ?? '0'}
          assignedQuantity={(packageId) => assignments?.find((a) => a.packageId === packageId)?.quantity}
          setupFee={(packageId) => chargeForItem('setup', packageId, assignments ?? [], otherSetups ?? [], asItIs)}
          oneOffCharge={(packageId) => chargeForItem('one-off', packageId, assignments ?? [], otherSetups ?? [], asItIs)}
          invoiceId={editing.invoice.id}
          creditNote={creditNote}
          itemDates={(charged) => newItemDates(editing.invoice, charged && (packageOf(charged.id) ?? charged))}
          invoicePeriod={editing.invoice}
          onSave={saveLine}
          onClose={() => setDialogLine(null)}
        />
      )}
    </>
  );
}

export default function InvoiceEditPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <InvoiceEditor />
    </Suspense>
  );
}
