'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef, useState } from 'react';
import { todayIn } from '@/lib/dates';
import { ACCOUNT_ID, type Invoice } from '@/lib/entities';
import { invoiceDigest } from '@/lib/invoice-digest';
import { numberedAfter } from '@/lib/invoice-numbers';
import { customerRefLine, customerVatIdLine, printedCustomer, printedSeller, printedTaxNote } from '@/lib/invoice-parties';
import { compareInvoiceNumbers, invoiceDisplayStatus, invoiceNumberLabel, isCreditNote, showsDueDate } from '@/lib/invoice-status';
import { creditNoteDraft, leftToCredit, usageGivenBackInPart } from '@/lib/credit-notes';
import { addDecimals, compareDecimals, isZeroDecimal, subtractDecimals } from '@/lib/money';
import { defaultAccount } from '@/lib/mutators';
import { creditApplication, creditLeft, creditMovesOf, creditNotesWithCredit, invoiceBalance, invoicesOpenForCredit, paymentsOfInvoice, unappliedOf, voidReleases, type InvoicePayment, voidInvoicePaidNote } from '@/lib/payments';
import { invoiceMissingSellerDetails, missingSellerDetailsNotice } from '@/lib/seller-details';
import { computeTotals } from '@/lib/totals';
import { formatAmount, formatDay } from '../_components/locale';
import { usableTimeZone } from '../_local/account-today';
import { localDb } from '../_local/db';
import { unnumberedIssues } from '../_local/unnumbered-issues';
import { newId } from '../_local/ids';
import { mutate, writeErrorMessage } from '../_local/mutate';
import { LinesTable } from '../invoices/_components/lines-table';
import { CreditDialog, invoicesForCredit } from '../invoices/_components/credit-dialog';
import { CreditNoteDialog } from '../invoices/_components/credit-note-dialog';
import { PaymentDialog } from '../invoices/_components/payment-dialog';
import { InvoicePayments, paymentDescription } from '../invoices/_components/payment-rows';
import { StatusBadge } from '../invoices/_components/status-badge';
import { TotalsPanel } from '../invoices/_components/totals-panel';
import { VoidDialog, type VoidPaidParts } from '../invoices/_components/void-dialog';
import { CreditedByNotice, CreditsNotice, documentName, ReplacesNotice } from '../invoices/_components/replaces-notice';
import { EmailButton, EmailDialog, issuedInvoiceEmail } from '../invoices/_components/email-dialog';
import { PdfButton } from '../invoices/_components/pdf-button';
import { SellerDetailsNotice } from '../invoices/_components/seller-details-notice';
import { UsageDriftNotice, useUsageDrift, usageDriftQuestion } from '../invoices/_components/usage-drift';
import { IssueDialog } from '../invoices/_components/issue-dialog';
import { issueNumbering, type IssueNumbering } from '../_local/issue-numbering';
import { BilledAgainNotice, billedAgainQuestion, useBilledAgain } from '../invoices/_components/billed-again-notice';
import { DocumentTitle } from '../_components/document-title';
import { PageHeading } from '../_components/page-heading';
import { useSubmitOnce } from '../_components/submit-once';
import { LateCallsNotice, useLateUsage } from './_components/late-calls';
import { draftCopy, replaceInvoice } from './replace-invoice';
import { keepCopy, keepCreditNote } from './edit/editor-state';
import { customerModel, sellerModel } from '../_pdf/invoice-model';
import { NotOnDevice } from '../_components/not-on-device';

const showDay = (d: string | null | undefined) => (d ? formatDay(d) : '');

function InvoiceView() {
  const id = useSearchParams().get('id') ?? '';
  const router = useRouter();
  const db = localDb();
  const data = useLiveQuery(async () => {
    const invoice = await db.invoices.get(id);
    if (!invoice) return { invoice: undefined } as const;
    const [lines, customer, account, customerInvoices, customerPayments, replacement] = await Promise.all([
      db.invoiceLines.where('invoiceId').equals(id).sortBy('position'),
      db.customers.get(invoice.customerId),
      db.account.get(ACCOUNT_ID),
      db.invoices.where('customerId').equals(invoice.customerId).toArray(),
      db.payments.where('customerId').equals(invoice.customerId).toArray(),
      // The invoice replacing this one (Void and replace), if any.
      db.invoices.where('replacesId').equals(id).first(),
    ]);
    // The void invoice this one replaces: the same customer's.
    const replaced = invoice.replacesId ? customerInvoices.find((i) => i.id === invoice.replacesId) : undefined;
    // The invoice this credit note credits (Credit note…), and this invoice's credit notes: the same customer's.
    const credited = invoice.creditsId ? customerInvoices.find((i) => i.id === invoice.creditsId) : undefined;
    const creditNotes = customerInvoices.filter((i) => i.creditsId === id).sort((a, b) => a.invoiceDate.localeCompare(b.invoiceDate) || compareInvoiceNumbers(a.number, b.number));
    // Their lines: what they give back is not offered again by Credit note… (lib/credit-notes leftToCredit).
    const creditNoteLines = creditNotes.length === 0 ? [] : await db.invoiceLines.where('invoiceId').anyOf(creditNotes.map((note) => note.id)).toArray();
    // The credited invoice's lines: a line of this credit note giving back part of one's calls claims none of them (lib/credit-notes usageGivenBackInPart).
    const creditedLines = credited ? await db.invoiceLines.where('invoiceId').equals(credited.id).toArray() : [];
    const payments = paymentsOfInvoice(customerPayments, id);
    // Money the customer paid beyond its invoices, in this invoice's currency: it can pay this one.
    const unappliedCredit = addDecimals('0', ...customerPayments.filter((p) => p.currency === invoice.currency).map((p) => unappliedOf(p)));
    return { invoice, lines, customer, account: account ?? defaultAccount(), customerInvoices, payments, unappliedCredit, replaced, replacement, credited, creditNotes, creditNoteLines, creditedLines };
  }, [id]);
  const [dialog, setDialog] = useState<'issue' | 'payment' | 'credit' | 'void' | 'credit-note' | 'email' | null>(null);
  // Issue's dialog warns of an invoice with a number dated after this draft (read when it opens).
  const [numberedLater, setNumberedLater] = useState<Invoice | undefined>(undefined);
  // And says the number the draft takes, when this device can know it (read when it opens).
  const [numbering, setNumbering] = useState<IssueNumbering>({ onSync: 'offline' });
  const [error, setError] = useState('');
  const copying = useSubmitOnce();
  // Issued, the draft's buttons (Issue among them) give way to the issued invoice's: the focus
  // goes to the heading, which now says "issued", rather than to the page's start. Once the page
  // shows it issued: the dialog's closing gives the focus back to Issue until then.
  const heading = useRef<HTMLHeadingElement>(null);
  const [issuedHere, setIssuedHere] = useState(false);
  const issued = data?.invoice !== undefined && data.invoice.status !== 'draft';
  useEffect(() => {
    if (!issuedHere || !issued) return;
    heading.current?.focus();
    setIssuedHere(false);
  }, [issuedHere, issued]);
  // Read once for the notice and for Issue's question.
  const drift = useUsageDrift(data?.invoice, data?.invoice ? data.lines : undefined);
  // What other invoices bill already (a copy's package charges, setups, calls of other days): the
  // calls the drift notice names are its to say.
  const billedAgain = useBilledAgain(data?.invoice, data?.invoice ? data.lines : undefined, drift?.billedAgain);
  const late = useLateUsage(data?.invoice, data?.invoice ? data.lines : undefined, data?.invoice ? data.customer : undefined, data?.account ?? defaultAccount());

  if (data === undefined) return <p className="muted">Loading…</p>;
  if (!data.invoice) {
    return (
      <NotOnDevice thing="invoice" gone="This invoice does not exist on this device." back={{ href: '/invoices', label: 'Back to invoices' }} />
    );
  }
  const { invoice, lines, customer, account, customerInvoices, payments, unappliedCredit, replaced, replacement, credited, creditNotes, creditNoteLines, creditedLines } = data;
  // The parties as the invoice was issued to and by, as its PDF prints them (lib/invoice-parties);
  // a draft, or an invoice issued before they were kept, shows the live records.
  const seller = printedSeller(invoice, account);
  const billTo = printedCustomer(invoice, customer);
  // Its VAT id and reference, and the tax note, as issued (a draft: the customer's now), as the PDF prints them.
  const billToContact = billTo ? customerModel(billTo).contact : [];
  const customerVatId = billTo ? customerVatIdLine(billTo) : '';
  const customerRef = billTo ? customerRefLine(billTo) : '';
  const taxNote = printedTaxNote(billTo);
  const totals = computeTotals(lines, invoice.currency, invoice.rounding);
  // A credit note's usage lines giving back part of a line's calls by amount: on screen and PDF, they claim none of the calls.
  const usageInPart = usageGivenBackInPart({ invoice, lines }, credited && { invoice: credited, lines: creditedLines });
  // As the PDF prints it: a total below zero is owed to the customer, a credit note with nothing due
  // and no payment instructions (as on a void invoice).
  const creditNote = isCreditNote(totals);
  const name = documentName(totals);
  // Overdue and the payment date count in the account's days, not the device's.
  const today = todayIn(usableTimeZone(account.timezone), Date.now());
  // Sending it: the message a mail app opens with, or a share sheet gets with the PDF (issued ones only).
  const email = billTo ? issuedInvoiceEmail(invoice, seller, billTo, today) : undefined;
  // What the PDF button prints and downloads, the same in Email…'s dialog.
  const pdf = customer && { account, customer, invoice, lines, replaces: replaced, credits: credited, usageInPart };
  const status = invoiceDisplayStatus(invoice, today);
  // Who it is from and how to pay, as it prints them: what of them it lacks is said before Issue,
  // Email… or PDF sends it so (lib/seller-details); an issued one keeps what it was issued with.
  const sellerNotice = missingSellerDetailsNotice(invoiceMissingSellerDetails(invoice, creditNote, seller), {
    document: name.toLowerCase(),
    issued: invoice.status !== 'draft' && invoice.parties !== undefined,
  });
  // This invoice first (the payment dialog starts with its balance), then the customer's other open
  // invoices in the order credit goes to them: the earliest due first, then by number (INV-9 before INV-10).
  const customerOpen = invoicesOpenForCredit(invoice.customerId, invoice.currency, customerInvoices);
  const openInvoices = [...customerOpen.filter((i) => i.id === invoice.id), ...customerOpen.filter((i) => i.id !== invoice.id)];
  // An issued credit note with credit left applies it to the customer's open invoices; one still
  // waiting for its number waits: the application is named by it.
  const canApplyCredit = invoice.number !== null && compareDecimals(creditLeft(invoice), '0') > 0;
  // Issued, a credit note of an invoice still owed offers its credit to that invoice (Apply credit, which starts with it).
  const creditedOpen = canApplyCredit && credited ? customerOpen.find((i) => i.id === credited.id) : undefined;

  /** Runs a change; a refusal shows in the page's error card. */
  async function act(run: () => Promise<void>): Promise<string | null> {
    setError('');
    const message = await attempt(run);
    if (message) setError(message);
    return message;
  }

  /** Runs a dialog's change: the dialog shows the refusal, so the page must not repeat it behind it. */
  async function attempt(run: () => Promise<void>): Promise<string | null> {
    try {
      await run();
      return null;
    } catch (e) {
      return writeErrorMessage(e);
    }
  }

  async function duplicate() {
    // The copy opens in the editor unsaved, as a new invoice: its Save creates it (createInvoice,
    // through the outbox), its Cancel drops it. Written at once, a copy cancelled would stay behind
    // as a draft, or take a delete to sync after its create, on every device in the meantime.
    // One copy however often it is pressed; the editor opens only on a copy that was kept.
    await copying.run(async () => {
      const copyId = newId();
      const failed = await act(() => keepCopy(localDb(), draftCopy(invoice, lines, copyId, today, customer?.dueDays ?? 0), invoice));
      if (failed) return false;
      router.push(`/invoice/edit?id=${copyId}`);
      return true;
    });
  }

  /**
   * Void and replace (with `voidReason`), or Replace of an invoice void already (./replace-invoice);
   * the editor then opens on the new draft. `run` shows a refusal (the dialog's, or the page's).
   */
  async function replace(run: (write: () => Promise<void>) => Promise<string | null>, voidReason?: string): Promise<string | null> {
    const replacementId = newId();
    const problem = await run(() => replaceInvoice(localDb(), invoice, draftCopy(invoice, lines, replacementId, today, customer?.dueDays ?? 0), voidReason));
    if (!problem) router.push(`/invoice/edit?id=${replacementId}`);
    return problem;
  }

  // What is left to credit of it once its credit notes, issued or draft, give back what they do.
  const left = leftToCredit(
    invoice,
    lines,
    creditNotes.map((note) => ({ invoice: note, lines: creditNoteLines.filter((line) => line.invoiceId === note.id) })),
  );

  /**
   * Credit note…: a credit note giving back what is left of this invoice (lib/credit-notes
   * leftToCredit, creditNoteDraft: all of it the first time), opened in the editor to cut down to
   * what is refunded. Like Duplicate's copy it is not written until the editor's Save creates it
   * (createCreditNote, through the outbox): Cancel leaves no draft credit note behind, on this
   * device or any other. When nothing is left, or a draft credit note of it waits to be issued, the
   * dialog says so first. One however often it is pressed.
   */
  function startCreditNote() {
    if (left.nothing || left.drafts.length > 0) setDialog('credit-note');
    else void makeCreditNote();
  }

  async function makeCreditNote() {
    await copying.run(async () => {
      const creditNoteId = newId();
      const draft = creditNoteDraft(invoice, left.lines, { id: creditNoteId, lineId: newId }, today);
      if (await act(() => keepCreditNote(localDb(), draft))) return false;
      router.push(`/invoice/edit?id=${creditNoteId}`);
      return true;
    });
  }

  /** Issue asks first (IssueDialog), with what it would be numbered after out of date order. */
  async function openIssue() {
    setNumberedLater(await invoiceNumberedAfter(invoice.invoiceDate));
    setNumbering(await issueNumbering(localDb()));
    setDialog('issue');
  }

  async function remove() {
    if (!window.confirm(`Delete this draft ${name.toLowerCase()} for ${customer?.name ?? 'this customer'} and its ${lines.length === 1 ? 'line' : `${lines.length} lines`}? This cannot be undone.`)) return;
    if (await act(() => mutate('deleteInvoice', { id: invoice.id }))) return;
    router.push('/invoices');
  }

  return (
    <>
      {/* A number names the invoice on its own; a draft or pending one reads as its heading does. */}
      <DocumentTitle title={invoice.number ?? `${name} ${invoiceNumberLabel(invoice)}`} />
      <div className="page-head">
        <PageHeading ref={heading}>
          {/* "Invoice draft" says it all; "Invoice pending" does not say it is issued, its badge does (the notice below says why no number). */}
          {name} <span data-testid="invoice-number">{invoiceNumberLabel(invoice)}</span>{' '}
          {status === 'pending' ? <StatusBadge status={status} text="issued" /> : status !== 'draft' && <StatusBadge status={status} />}
        </PageHeading>
        <div className="actions">
          {invoice.status === 'draft' && (
            <>
              <Link className="button" href={`/invoice/edit?id=${invoice.id}`}>
                Edit
              </Link>
              <button type="button" className="button primary" onClick={() => void openIssue()}>
                Issue
              </button>
              <button type="button" className="button danger" onClick={() => void remove()}>
                Delete draft
              </button>
            </>
          )}
          {invoice.status === 'issued' && openInvoices.some((i) => i.id === invoice.id) && (
            <button type="button" className="button primary" onClick={() => setDialog('payment')}>
              Record payment
            </button>
          )}
          {canApplyCredit && (
            <button type="button" className="button primary" onClick={() => setDialog('credit')}>
              Apply credit
            </button>
          )}
          {invoice.status === 'issued' && !creditNote && (
            <button type="button" className="button" onClick={startCreditNote}>
              Credit note…
            </button>
          )}
          {invoice.status === 'issued' && (
            <button type="button" className="button danger" onClick={() => setDialog('void')}>
              Void
            </button>
          )}
          {invoice.status === 'void' && !replacement && (
            <button type="button" className="button" onClick={() => void copying.run(async () => (await replace(act)) === null)}>
              Replace
            </button>
          )}
          <button type="button" className="button" onClick={() => void duplicate()}>
            Duplicate
          </button>
          {/* Email…'s dialog offers the PDF to attach: with none to offer, no Email…. */}
          {email && pdf && <EmailButton email={email} onOpen={() => setDialog('email')} />}
          {pdf && <PdfButton {...pdf} share={email} />}
          {/* Issued offline, its PDF prints "Invoice no. pending": the customer should get the numbered one. */}
          {status === 'pending' && (
            <span className="muted small" data-testid="pdf-not-numbered">
              This PDF has no number yet: not the copy to send.
            </span>
          )}
        </div>
      </div>
      {error && (
        <p className="error card" role="alert">
          {error}
        </p>
      )}
      {status === 'pending' && (
        <p className="card" role="status" data-testid="pending-number">
          Issued: its number is assigned when this device syncs.
        </p>
      )}
      <SellerDetailsNotice text={sellerNotice} />
      {drift && customer && <UsageDriftNotice invoice={invoice} lines={lines} customer={customer} account={account} drift={drift} />}
      <BilledAgainNotice found={billedAgain} saved />
      {customer && <LateCallsNotice invoice={invoice} lines={lines} customer={customer} account={account} state={late} customerInvoices={customerInvoices} />}
      {invoice.status === 'issued' && openInvoices.some((i) => i.id === invoice.id) && compareDecimals(unappliedCredit, '0') > 0 && (
        <p className="card" role="status" data-testid="unapplied-credit-notice">
          {customer?.name ?? 'The customer'} has {formatAmount(unappliedCredit, invoice.currency)} of payments not yet applied to invoices:{' '}
          <Link href={`/customer?id=${invoice.customerId}`}>apply it on the customer&apos;s page</Link>.
        </p>
      )}
      {invoice.status === 'void' && (
        <p className="card" role="status">
          Voided: <bdi>{invoice.voidReason}</bdi>
        </p>
      )}
      {/* Where what was paid against it went (lib/payments voidInvoicePaidNote); a credit note holds no payments. */}
      {invoice.status === 'void' && !creditNote && (
        <p className="card" data-testid="void-paid-note">
          {voidInvoicePaidNote(invoice.paid, customer?.name ?? 'the customer', (amount) => formatAmount(amount, invoice.currency))}
        </p>
      )}
      {replacement && (
        <p className="card" data-testid="replaced-by">
          Replaced by {documentName(replacement).toLowerCase()} <Link href={`/invoice?id=${replacement.id}`}>{invoiceNumberLabel(replacement)}</Link>
        </p>
      )}
      {invoice.replacesId && <ReplacesNotice replacesId={invoice.replacesId} replaced={replaced} />}
      {invoice.creditsId && <CreditsNotice creditsId={invoice.creditsId} credited={credited} issued={invoice.status !== 'draft'} />}
      {creditedOpen && (
        <p className="card" role="status" data-testid="apply-credit-offer">
          Invoice {invoiceNumberLabel(creditedOpen)} still has {formatAmount(invoiceBalance(creditedOpen) ?? '0', creditedOpen.currency)} to pay:{' '}
          <button type="button" className="button" onClick={() => setDialog('credit')}>
            Apply credit
          </button>{' '}
          to put this credit note&apos;s credit against it.
        </p>
      )}
      <CreditedByNotice creditNotes={creditNotes} />
      <article className="card invoice-sheet">
        <div className="parties">
          <section aria-label="From">
            <h2 dir="auto">{seller.companyName || 'Your company'}</h2>
            <p className="pre" dir="auto">
              {seller.address}
            </p>
            {/* The lines the PDF prints under the address: email, VAT ID, registration number. */}
            {sellerModel(seller, '').details.map((line) => (
              <p key={line} dir="auto">
                {line}
              </p>
            ))}
          </section>
          <section aria-label="Bill to">
            <h2>Bill to</h2>
            <p>
              <strong data-testid="invoice-customer" dir="auto">
                {billTo?.name ?? 'Unknown customer'}
              </strong>
            </p>
            {billTo?.company && <p dir="auto">{billTo.company}</p>}
            <p className="pre" dir="auto">
              {billTo?.address}
            </p>
            {/* Where the PDF prints them, under the address: the first contact, then the ids. */}
            {billToContact.length > 0 && (
              <p data-testid="invoice-customer-contact" dir="auto">
                {billToContact.join(' · ')}
              </p>
            )}
            {customerVatId && (
              <p data-testid="invoice-customer-vat-id" dir="auto">
                {customerVatId}
              </p>
            )}
            {customerRef && <p data-testid="invoice-customer-ref">{customerRef}</p>}
          </section>
        </div>
        <dl className="meta">
          <div>
            <dt>{name} date</dt>
            <dd>{showDay(invoice.invoiceDate)}</dd>
          </div>
          {/* As the PDF: nothing is due on a credit note, nor on a void invoice. */}
          {showsDueDate(invoice, totals) && (
            <div>
              <dt>Due date</dt>
              <dd>{showDay(invoice.dueDate)}</dd>
            </div>
          )}
          {invoice.periodStart && (
            <div>
              <dt>Period</dt>
              <dd>
                {showDay(invoice.periodStart)} – {showDay(invoice.periodEnd)}
              </dd>
            </div>
          )}
          <div>
            <dt>Currency</dt>
            <dd>{invoice.currency}</dd>
          </div>
        </dl>
        <LinesTable lines={lines} totals={totals} currency={invoice.currency} usageInPart={usageInPart} />
        <TotalsPanel totals={totals} currency={invoice.currency} paid={invoice.paid} voided={invoice.status === 'void'} />
        {taxNote && (
          <p className="pre" dir="auto" data-testid="invoice-tax-note">
            {taxNote}
          </p>
        )}
        {seller.paymentDetails && !creditNote && invoice.status !== 'void' && (
          <p className="pre" dir="auto" data-testid="invoice-payment-details">
            {seller.paymentDetails}
          </p>
        )}
        {invoice.notes && (
          <p className="pre" dir="auto">
            {invoice.notes}
          </p>
        )}
      </article>
      <InvoicePayments invoice={invoice} payments={payments} invoicesById={new Map(customerInvoices.map((i) => [i.id, i]))} />
      {dialog === 'email' && email && pdf && billTo && (
        <EmailDialog sellerNotice={sellerNotice} contacts={billTo.contacts} compose={(to) => issuedInvoiceEmail(invoice, seller, billTo, today, to) ?? email} pdf={pdf} onClose={() => setDialog(null)} />
      )}
      {dialog === 'issue' && invoice.status === 'draft' && (
        <IssueDialog
          documentName={name}
          customer={customer?.name ?? 'Unknown customer'}
          total={`${formatAmount(totals.total, invoice.currency)} (${invoice.currency})`}
          dueDate={creditNote ? undefined : formatDay(invoice.dueDate)}
          numberPrefix={account.numberPrefix}
          numbering={numbering}
          sellerNotice={sellerNotice}
          warnings={[
            ...(drift ? [usageDriftQuestion(invoice, drift)] : []),
            ...(billedAgain && billedAgain.length > 0 ? [billedAgainQuestion(billedAgain)] : []),
            ...(numberedLater
              ? [
                  `This invoice is dated ${formatDay(invoice.invoiceDate)}, before ${numberedLater.number} (dated ${formatDay(numberedLater.invoiceDate)}): it will be numbered after it, out of date order. Issue it anyway, or cancel and change its date?`,
                ]
              : []),
          ]}
          onClose={() => setDialog(null)}
          onIssue={async () => {
            // The total and the draft as the dialog showed them: changed elsewhere meanwhile, it is refused.
            // The invoices and the out-of-date-order its questions named, which the user chose to issue over:
            // another invoice issued meanwhile (on another device, offline) is not issued over unseen.
            const knownOverlaps = [...new Set([...(billedAgain ?? []), ...(drift?.billedAgain ?? []), ...(drift?.billedSince ?? [])].map((i) => ('invoice' in i ? i.invoice.id : i.id)))];
            // This device's own issues still waiting for their numbers: an invoice the server says
            // was issued before is told as this device's, or else another device's.
            const issuedHere = await unnumberedIssues(localDb(), invoice.id);
            const problem = await attempt(() =>
              mutate('issueInvoice', {
                id: invoice.id,
                expectedTotal: totals.total,
                expectedDigest: invoiceDigest(invoice, lines),
                knownOverlaps,
                issuedHere,
                ...(numberedLater ? { outOfOrderSeenUntil: numberedLater.invoiceDate } : {}),
              }),
            );
            if (!problem) {
              setIssuedHere(true);
              setDialog(null);
            }
            return problem;
          }}
        />
      )}
      {dialog === 'payment' && (
        <PaymentDialog
          openInvoices={openInvoices}
          creditNotes={creditNotesWithCredit(customerInvoices, invoice.currency)}
          currency={invoice.currency}
          today={today}
          onClose={() => setDialog(null)}
          onSave={async (p) => {
            const problem = await attempt(() => mutate('recordPayment', { id: newId(), customerId: invoice.customerId, ...p }));
            if (!problem) setDialog(null);
            return problem;
          }}
        />
      )}
      {dialog === 'credit' && (
        <CreditDialog
          source={{
            name: 'this credit note',
            left: creditLeft(invoice),
            currency: invoice.currency,
            leftLabel: `Credit left on credit note ${invoiceNumberLabel(invoice)}`,
            dated: true,
          }}
          invoices={invoicesForCredit(invoice, customerInvoices)}
          today={today}
          onClose={() => setDialog(null)}
          onSave={async ({ date, allocations }) => {
            const numbers = new Map(customerInvoices.map((i) => [i.id, invoiceNumberLabel(i)]));
            const problem = await attempt(() => mutate('recordPayment', creditApplication(invoice, { id: newId(), date, allocations, numbers })));
            if (!problem) setDialog(null);
            return problem;
          }}
        />
      )}
      {dialog === 'credit-note' && (
        <CreditNoteDialog
          invoice={invoice}
          left={left}
          onClose={() => setDialog(null)}
          onCreate={async () => {
            setDialog(null);
            await makeCreditNote();
          }}
        />
      )}
      {dialog === 'void' && (
        <VoidDialog
          name={invoiceNumberLabel(invoice)}
          paid={isZeroDecimal(invoice.paid) ? undefined : formatAmount(creditNote ? subtractDecimals('0', invoice.paid) : invoice.paid, invoice.currency)}
          creditNote={creditNote}
          creditMoves={creditMovesOf(invoice.id, payments.map((p) => p.payment)).map(paymentDescription)}
          // Its issued credit notes (Credit note…) must be voided first, as voidInvoice refuses otherwise: said up front.
          creditedBy={creditNotes
            .filter((note) => note.status === 'issued')
            .map((note) => ({
              id: note.id,
              number: invoiceNumberLabel(note),
              applied: isZeroDecimal(note.paid) ? undefined : formatAmount(subtractDecimals('0', note.paid), note.currency),
            }))}
          // Where what was paid goes (lib/payments voidReleases): money received to the customer's credit, credit back to its credit notes.
          paidParts={voidPaidParts(invoice, payments, customerInvoices)}
          onClose={() => setDialog(null)}
          onVoid={async (reason) => {
            const problem = await attempt(() => mutate('voidInvoice', { id: invoice.id, reason, paidSeen: invoice.paid }));
            if (!problem) setDialog(null);
            return problem;
          }}
          onReplace={(reason) => replace(attempt, reason)}
        />
      )}
    </>
  );
}

export default function InvoicePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <InvoiceView />
    </Suspense>
  );
}

/** What voiding `invoice` does with what was paid against it (lib/payments voidReleases), as the Void dialog says it. */
function voidPaidParts(invoice: Invoice, payments: readonly InvoicePayment[], customerInvoices: readonly Invoice[]): VoidPaidParts {
  const release = voidReleases(
    invoice.id,
    payments.map((p) => p.payment),
  );
  const creditNoteOf = (id: string) => {
    const found = customerInvoices.find((i) => i.id === id);
    return found ? `credit note ${invoiceNumberLabel(found)}` : 'a credit note';
  };
  return {
    toCredit: compareDecimals(release.toCredit, '0') > 0 ? formatAmount(release.toCredit, invoice.currency) : undefined,
    creditBack: release.creditBack.map((back) => ({ amount: formatAmount(back.amount, invoice.currency), creditNote: creditNoteOf(back.invoiceId) })),
  };
}

/** The invoice issuing one dated `date` now would be numbered after, out of date order (lib/invoice-numbers numberedAfter). */
async function invoiceNumberedAfter(date: string): Promise<Invoice | undefined> {
  return numberedAfter(date, await localDb().invoices.filter((i) => i.number !== null && i.invoiceDate > date).toArray());
}

