'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useMemo, useState } from 'react';
import { addDays } from '@/lib/dates';
import { ACCOUNT_ID, daySchema, type Invoice, type Period } from '@/lib/entities';
import { type InvoiceWithLines, type LateUsage, PackageCurrencyError, byNumber, generateInvoice, invoiceList, lateUsage, periodUsageBilledBy, primaryInvoice } from '@/lib/generate';
import { defaultAccount } from '@/lib/mutators';
import { isZeroDecimal } from '@/lib/money';
import { billsDays, chargedPackages, lineDates, linesByInvoice, type OverlappingInvoice, periodGivenBack, periodGivenBackNote, periodInvoices, periodUsageGivenBack, type PeriodUsageGivenBack } from '@/lib/invoice-periods';
import { computeTotals } from '@/lib/totals';
import { DocumentTitle } from '../../_components/document-title';
import { NotDownloadedWarning } from '../../_components/empty-state';
import { browserLocale, countOf, formatAmount, formatDay, formatQuantity } from '../../_components/locale';
import { billingCycle, cyclePresets, PeriodPresets, presetPeriod, type PeriodPreset } from '../../_components/period-presets';
import { cannotBillYet, hasCompletedSync } from '../../_components/sync-messages';
import { useAccountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { customerUsageFor } from '../../_local/usage-days';
import { newId } from '../../_local/ids';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { useSyncStatus } from '../../_local/sync-status';
import { coveredDaysText, draftOfDaysName, draftsOfWhichDays, overlapInvoiceName } from '../../invoices/_components/left-out-invoice-name';
import { LinesTable } from '../../invoices/_components/lines-table';
import { PdfButtons } from '../../invoices/_components/pdf-button';
import { previewPdfFileName, type PdfProgressListener } from '../../_pdf/invoice-pdf-data';
import { SetupsLeftOutNote } from '../../invoices/_components/setups-left-out';
import { TotalsPanel } from '../../invoices/_components/totals-panel';
import { InternalCallsNote } from '../../invoices/_components/internal-calls-note';

/** A preset's days, as the invoice's period (start and end). */
function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: string): { start: string; end: string } {
  const { from, to } = presetPeriod(preset, today);
  return { start: from, end: to };
}

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD` (the customer page's usage summary links here with a range), as
 * given: a link with a day that does not exist (or the year 0) opens as an invalid custom period.
 */
function requestedRange(params: URLSearchParams): { start: string; end: string } | undefined {
  const start = params.get('from');
  const end = params.get('to');
  return start === null && end === null ? undefined : { start: start ?? '', end: end ?? '' };
}

/** What is wrong with a period, for the user; undefined when it can be invoiced. */
function periodProblem(period: { start: string; end: string }): string | undefined {
  for (const [field, label] of [
    ['start', 'From'],
    ['end', 'To'],
  ] as const) {
    const day = daySchema.safeParse(period[field]);
    if (!day.success) {
      const given = period[field] ? ` (${JSON.stringify(period[field])})` : '';
      return `The period is not valid: ${label}${given} ${day.error.issues[0]?.message ?? 'is not a date'}. Choose the days below.`;
    }
  }
  return period.end < period.start ? 'The period ends before it starts.' : undefined;
}

/**
 * The presets and the invoice date count from today in the account's timezone, so wait for it.
 * A device that has not pulled the company's data in full yet (a first sync comes in pages) would
 * bill from part of the usage and miss earlier invoices: it says so instead of offering a draft.
 */
function GenerateInvoice() {
  const today = useAccountToday();
  const sync = useSyncStatus();
  if (today === undefined || sync === undefined) return <p className="muted">Loading…</p>;
  return <GenerateInvoiceForm today={today} notDownloaded={hasCompletedSync(sync.status) ? undefined : cannotBillYet(sync.status)} />;
}

function GenerateInvoiceForm({ today, notDownloaded }: { today: string; notDownloaded: string | undefined }) {
  const params = useSearchParams();
  const customerId = params.get('customer') ?? '';
  const router = useRouter();
  const db = localDb();
  // The preset the clerk chose; until then the customer's own cycle decides (read below, with the
  // customer): last week for a weekly customer, yesterday for a daily one, else last month.
  const [chosen, setChosen] = useState<PeriodPreset | undefined>(() => (requestedRange(params) ? 'custom' : undefined));
  const [custom, setCustom] = useState(() => requestedRange(params));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const data = useLiveQuery(async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) return { customer: undefined } as const;
    const [account, assignments, packages, invoices] = await Promise.all([
      db.account.get(ACCOUNT_ID),
      db.customerPackages.where('customerId').equals(customerId).toArray(),
      db.packages.toArray(),
      db.invoices.where('customerId').equals(customerId).toArray(),
    ]);
    // Their lines, in one read: the setup and package lines (a setup or a one-off charge an issued
    // invoice bills already is not billed again; a draft's is, see lib/generate `billsAlready`) and
    // those that bill days, whose dates are days an invoice bills, with its period (one made by hand
    // has none; any may carry an item dated beyond it).
    const lines = await db.invoiceLines
      .where('invoiceId')
      .anyOf(invoices.map((i) => i.id))
      .filter((l) => l.kind === 'setup' || l.kind === 'package' || billsDays(l))
      .toArray();
    const setupLinesOf = linesByInvoice(lines.filter((l) => l.kind === 'setup' || l.kind === 'package'));
    const billedSetups = invoices.map((invoice) => ({ invoice, lines: setupLinesOf(invoice) }));
    const datedLinesOf = linesByInvoice(lines.filter(billsDays).map(lineDates));
    // A package line's package: a one-off's charge bills no period, a recurring one the period it would be billed in.
    const packageOf = chargedPackages(packages, assignments)(customerId);
    return { customer, account: account ?? defaultAccount(), assignments, packages, invoices, billedSetups, datedLinesOf, packageOf };
  }, [customerId]);
  const cycle = billingCycle(data?.customer?.schedule ?? 'none');
  const [cycleDefault] = cyclePresets(cycle);
  // A preset of another cycle (the customer's schedule changed meanwhile) gives way to this one's.
  const preset: PeriodPreset = chosen === 'custom' || (chosen !== undefined && cyclePresets(cycle).includes(chosen)) ? chosen : cycleDefault!;
  // Memoized on strings: the usage query below runs again only when the days change.
  const period = useMemo(() => (preset === 'custom' && custom ? custom : presetRange(preset === 'custom' ? cycleDefault! : preset, today)), [preset, custom, today, cycleDefault]);
  const problem = periodProblem(period);
  // The period's usage, from earlier when a minimum spend it settles or free minutes it credits began before it (lib/packages usageDaysNeeded).
  const usage = useLiveQuery(
    async () => (periodProblem(period) === undefined ? customerUsageFor(db, customerId, period) : []),
    [customerId, period],
  );

  // The lines of the customer's issued invoices for this very period: what its usage is billed on already.
  const issuedForPeriod = useLiveQuery(async (): Promise<InvoiceWithLines[]> => {
    const same = (await db.invoices.where('customerId').equals(customerId).toArray()).filter(
      (i) => i.status !== 'void' && i.periodStart === period.start && i.periodEnd === period.end,
    );
    return Promise.all(same.map(async (invoice) => ({ invoice, lines: await db.invoiceLines.where('invoiceId').equals(invoice.id).toArray() })));
  }, [customerId, period]);

  // The void invoices those replace (Void and replace), with their lines: calls one billed that its
  // replacement leaves out (a disputed line removed) are left out of it, not late calls.
  const replacedForPeriod = useLiveQuery(async (): Promise<InvoiceWithLines[]> => {
    const all = await db.invoices.where('customerId').equals(customerId).toArray();
    const replacedIds = new Set(all.filter((i) => i.status !== 'void' && i.periodStart === period.start && i.periodEnd === period.end && i.replacesId).map((i) => i.replacesId!));
    const replaced = all.filter((i) => replacedIds.has(i.id));
    return Promise.all(replaced.map(async (invoice) => ({ invoice, lines: await db.invoiceLines.where('invoiceId').equals(invoice.id).toArray() })));
  }, [customerId, period]);

  // The same invoice id and line ids for one preview, so "Create draft" saves exactly what is shown.
  const invoiceId = useMemo(() => newId(), []);
  // Generate Invoice refuses what it must not bill (a package priced in another currency than the
  // customer's, usage in another currency): the page says why, rather than failing to render.
  const generation = useMemo(() => {
    if (!data?.customer || !usage || periodProblem(period) !== undefined) return undefined;
    try {
      const generated = generateInvoice({
        account: data.account,
        customer: data.customer,
        assignments: data.assignments,
        packages: data.packages,
        usage,
        period,
        invoiceDate: today,
        invoiceId,
        newLineId: newId,
        billedSetups: data.billedSetups,
      });
      return { preview: { ...generated, totals: computeTotals(generated.lines, generated.invoice.currency, generated.invoice.rounding) } };
    } catch (e) {
      // A PackageCurrencyError speaks to the clerk; the others name the record's field.
      if (e instanceof PackageCurrencyError) return { refusal: e.message };
      return { refusal: `Cannot generate an invoice for ${data.customer.name}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }, [data, usage, period, today, invoiceId]);
  const preview = generation?.preview;

  if (data === undefined) return <p className="muted">Loading…</p>;
  if (!data.customer && notDownloaded) {
    return (
      <>
        <div className="page-head">
          <h1>Generate invoice</h1>
        </div>
        <NotDownloadedWarning text={notDownloaded} />
      </>
    );
  }
  if (!data.customer) {
    return (
      <div className="card empty" role="status">
        <p>Pick a customer first.</p>
        <Link href="/customers">Customers</Link>
      </div>
    );
  }
  const { customer, account, invoices, datedLinesOf, packageOf } = data;
  // Issued invoices billing days of the period (a warning), and drafts of it (a notice: they bill nothing yet).
  const { billed: overlapping, drafts } = periodInvoices(invoices, datedLinesOf, period, packageOf);
  // Issued invoices bill days of the period already: the overlap warning's way to bill only what is
  // missing leads, and a full second invoice is there to choose on purpose (Create draft anyway).
  const billedAlready = !notDownloaded && overlapping.length > 0;
  // Issued invoices that billed days of it which credit notes gave back in full: it may be billed
  // again (crediting allows it), but a month waived must not be billed again unknowingly.
  const givenBack = periodGivenBack(invoices, datedLinesOf, period, packageOf);
  // The issued invoices of exactly this period billing its usage, and what credit notes give back of it.
  const usageBilledBy = periodUsageBilledBy(issuedForPeriod ?? [], period);
  const usageGivenBack = periodUsageGivenBack(
    [...invoices].sort(byNumber).map((invoice) => ({ invoice, lines: datedLinesOf(invoice) })),
    usageBilledBy.map((entry) => entry.invoice),
  );
  /** For an issued invoice of exactly this period: what of its usage no invoice bills yet (null: nothing), or why that is unknown. */
  function lateOf(invoice: (typeof invoices)[number]): LateUsage | null | string {
    const entry = issuedForPeriod?.find((e) => e.invoice.id === invoice.id);
    if (!entry || !usage || !data?.customer) return null;
    try {
      const replaced = replacedForPeriod?.find((r) => r.invoice.id === invoice.replacesId);
      return lateUsage({
        account,
        customer,
        assignments: data.assignments,
        packages: data.packages,
        usage,
        invoice,
        lines: entry.lines,
        invoices: issuedForPeriod!,
        ...(replaced ? { replaced } : {}),
      });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** The preview as the invoice PDF prints a draft (watermark DRAFT, number pending): nothing is written. */
  async function renderPreviewPdf(onProgress: PdfProgressListener): Promise<Blob> {
    if (!preview) throw new Error('There is no preview to print.');
    // Loaded on demand: react-pdf and the fonts are heavy and most visits never print.
    const { renderInvoicePdfInWorker } = await import('../../_pdf/render-in-worker');
    return renderInvoicePdfInWorker({ account, customer, invoice: preview.invoice, lines: preview.lines, payments: [], locale: browserLocale() }, onProgress);
  }

  async function create() {
    // An invoice without lines cannot be issued: no draft of one.
    if (!preview || problem || notDownloaded || preview.lines.length === 0) return;
    setBusy(true);
    setError('');
    try {
      await mutate('createInvoice', { invoice: preview.invoice, lines: preview.lines });
      router.push(`/invoice?id=${preview.invoice.id}`);
    } catch (e) {
      setError(writeErrorMessage(e));
      setBusy(false);
    }
  }

  return (
    <>
      <DocumentTitle title={`Generate invoice for ${customer.name}`} />
      <div className="page-head">
        <h1>
          Generate invoice for <bdi>{customer.name}</bdi>
        </h1>
      </div>
      <section className="card" aria-label="Period">
        <PeriodPresets
          preset={preset}
          from={period.start}
          to={period.end}
          cycle={cycle}
          onPreset={(next) => {
            // Custom starts from the days shown, the preset's.
            if (next === 'custom') setCustom(period);
            setChosen(next);
          }}
          onDays={(days) => setCustom({ start: days.from, end: days.to })}
          periodTestId="period"
        />
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {!problem && period.end >= today && (
          <p className="warning" data-testid="period-not-over">
            {period.start > today ? `This period has not started: it begins on ${formatDay(period.start)}.` : `This period has not ended: it runs until ${formatDay(period.end)}.`}{' '}
            Calls still to come are not on this invoice; once it is issued they come in as late calls, billed on an invoice of their own.
          </p>
        )}
        <p className="muted small">
          Usage lines one per {account.lineGrouping} (My Account setting). Due {customer.dueDays} days after the invoice date ({formatDay(addDays(today, customer.dueDays))}).
        </p>
      </section>
      {notDownloaded && <NotDownloadedWarning text={notDownloaded} />}
      {!notDownloaded && overlapping.length > 0 && (
        <div className="card warning" role="alert" data-testid="overlap-warning">
          <p>
            {customer.name} already has {overlapping.length === 1 ? 'an invoice' : `${overlapping.length} invoices`} for an overlapping period:
          </p>
          {/* Each issued invoice by its number (a draft is in a notice of its own, below) and the days of it that overlap: which to open, and how
              it overlaps. Days its items are dated beyond its period (or without one) say so. */}
          <ul>
            {overlapping.map((overlap) => (
              <li key={overlap.invoice.id}>
                <Link href={`/invoice?id=${overlap.invoice.id}`}>
                  {overlapInvoiceName(overlap.invoice)}, {coveredDaysText(overlap.days)}
                </Link>
              </li>
            ))}
          </ul>
          {/* What a second invoice may bill twice is said once, beside Create draft anyway, where it is chosen. */}
          <PeriodBilledNote entries={usageBilledBy} givenBack={usageGivenBack} lateOf={lateOf} />
        </div>
      )}
      {!notDownloaded && givenBack.length > 0 && (
        <div className="card warning" role="status" data-testid="period-given-back">
          <p>{periodGivenBackNote(givenBack)}</p>
          <p className="small">
            {[...new Map(givenBack.flatMap(({ invoice, by }) => [invoice, ...by]).map((invoice) => [invoice.id, invoice])).values()].map((invoice, n) => (
              <span key={invoice.id}>
                {n > 0 && ' · '}
                <Link href={`/invoice?id=${invoice.id}`}>Open {invoice.number ?? 'the invoice not yet numbered'}</Link>
              </span>
            ))}
          </p>
        </div>
      )}
      {!notDownloaded && drafts.length > 0 && <DraftsOfPeriodNote drafts={drafts} period={period} />}
      {error && (
        <p className="error card" role="alert">
          {error}
        </p>
      )}
      {!notDownloaded && generation?.refusal !== undefined && (
        <div className="card warning" role="alert" data-testid="cannot-generate">
          <p>{generation.refusal}</p>
        </div>
      )}
      {!notDownloaded && preview && preview.lines.length === 0 && (
        <div className="card" role="status" data-testid="nothing-to-invoice">
          <p>
            Nothing to invoice for {customer.name} from {formatDay(period.start)} to {formatDay(period.end)}: {preview.internalCalls ? 'no calls to bill' : 'no calls'} in that
            period and no package charges. Choose another period.
          </p>
          <InternalCallsNote internalCalls={preview.internalCalls} />
        </div>
      )}
      {!notDownloaded && preview && preview.lines.length === 0 && <SetupsLeftOutNote leftOut={preview.setupsLeftOut} />}
      {!notDownloaded && preview && preview.lines.length > 0 && (
        <section className="card" aria-labelledby="preview-heading">
          <div className="section-head">
            <h2 id="preview-heading">Preview</h2>
            <div className="actions">
              {/* The preview as a PDF on this device, saved nowhere: a draft's, marked DRAFT, its number pending. */}
              <PdfButtons render={(onProgress) => renderPreviewPdf(onProgress)} fileName={previewPdfFileName(customer.name, period)} />
              <button type="button" className={billedAlready ? 'button' : 'button primary'} onClick={() => void create()} disabled={busy}>
                {billedAlready ? 'Create draft anyway' : 'Create draft'}
              </button>
            </div>
          </div>
          {billedAlready && (
            <p className="warning" data-testid="create-anyway-warning">
              Create draft anyway makes a second invoice of all of this preview:{' '}
              {invoiceList(
                overlapping.map((o) => o.invoice),
                (i) => i.number ?? 'an invoice not yet numbered',
              )}{' '}
              already {overlapping.length === 1 ? 'bills' : 'bill'} days of this period, so it may bill the same calls and package charges twice.
            </p>
          )}
          <p className="muted small" data-testid="preview-pdf-note">
            PDF gives this preview as it would print, marked DRAFT with its number pending, and saves nothing. To keep or issue it, create the draft.
          </p>
          <SetupsLeftOutNote leftOut={preview.setupsLeftOut} />
          <InternalCallsNote internalCalls={preview.internalCalls} />
          <LinesTable lines={preview.lines} totals={preview.totals} currency={preview.invoice.currency} />
          <TotalsPanel totals={preview.totals} currency={preview.invoice.currency} />
        </section>
      )}
    </>
  );
}

/**
 * Says that drafts of the customer for days of the period exist already, each linked by the days it
 * bills: the clerk may mean to open one rather than make another. A draft bills nothing until it is
 * issued, so nothing is left out of a new one for it; issuing both is what Issue warns of.
 */
function DraftsOfPeriodNote({ drafts, period }: { drafts: OverlappingInvoice<Invoice>[]; period: Period }) {
  return (
    <div className="card" role="status" data-testid="drafts-of-period">
      {drafts.map((draft) => (
        <p key={draft.invoice.id}>
          <Link href={`/invoice?id=${draft.invoice.id}`}>{draftOfDaysName(draft, drafts)}</Link> already exists for {draftsOfWhichDays([draft], period)}.
        </p>
      ))}
      <p>
        A draft bills nothing until it is issued, so this one leaves nothing out for {drafts.length === 1 ? 'it' : 'them'}: open {drafts.length === 1 ? 'it' : 'one'} to go on with
        it, or create another all the same.
      </p>
    </div>
  );
}

/**
 * For a period some issued invoices bill exactly: whether they bill all its usage, or what is left
 * and where to invoice it (Invoice the late calls on the period's main invoice). Worked out once for
 * them all: every issued invoice of the period counts as billed, whichever page it is seen from.
 */
function PeriodBilledNote({
  entries,
  givenBack,
  lateOf,
}: {
  entries: InvoiceWithLines[];
  givenBack: PeriodUsageGivenBack<Invoice>;
  lateOf: (invoice: Invoice) => LateUsage | null | string;
}) {
  if (entries.length === 0) return null;
  const main = primaryInvoice(entries).invoice;
  const late = lateOf(main);
  const names = invoiceList(
    entries.map((e) => e.invoice),
    (i) => i.number ?? 'an invoice not yet numbered',
  );
  const several = entries.length > 1;
  if (typeof late === 'string') return <p>Could not work out what {names} {several ? 'leave' : 'leaves'} unbilled: {late}</p>;
  if (late === null) {
    // A credit note giving back some of the calls: they are not all billed any more, and the note says so.
    if (givenBack.by.length > 0) {
      const creditNotes = `credit ${givenBack.by.length > 1 ? 'notes' : 'note'} ${invoiceList(givenBack.by, (i) => i.number ?? 'not yet numbered')}`;
      const give = givenBack.by.length > 1 ? 'give' : 'gives';
      return (
        <p data-testid="period-usage-given-back">
          {givenBack.all
            ? `${names} billed this period's usage; ${creditNotes} ${give} all of it back.`
            : `${names} ${several ? 'bill' : 'bills'} this period's usage; ${creditNotes} ${give} back part of it.`}
        </p>
      );
    }
    return (
      <p>
        {names} {several ? 'bill' : 'bills'} all of this period&apos;s usage already.
      </p>
    );
  }
  const target = late.billedBy[0]!;
  const name = target.number ?? 'the issued invoice';
  const usage = `${countOf(late.usage.calls, 'call', 'calls')}, ${formatQuantity(late.usage.minutes)} min, ${formatAmount(late.usage.net, target.currency)}`;
  if (isZeroDecimal(late.net)) {
    return (
      <p data-testid="late-calls-pointer">
        This period has usage {names} {several ? 'do' : 'does'} not bill ({usage}), but the free-minutes and minimum-spend changes it brings cover it: there is nothing to invoice.
      </p>
    );
  }
  // The way to bill what is missing and no more: the page's main action (Create draft gives way to it).
  if (late.chargesUnbilled) {
    return (
      <div data-testid="late-calls-pointer">
        <p>
          The invoice that billed this period is void: {names} {several ? 'bill' : 'bills'} only part of it. To bill the rest ({formatAmount(late.packageCharges, target.currency)} of
          package charges and setups, and usage: {usage}) without billing what {names} {several ? 'bill' : 'bills'} twice, invoice the rest of the period on {name}:
        </p>
        <p className="actions">
          <Link className="button primary" href={`/invoice?id=${target.id}#late-calls`}>
            Invoice the rest of the period on {name}
          </Link>
        </p>
      </div>
    );
  }
  // Calls the invoice it replaces billed and it leaves out (a disputed line removed): not late, and billed only on purpose.
  if (late.leftOut?.all) {
    const replaced = late.leftOut.replaced.number ?? 'the invoice it replaces';
    return (
      <div data-testid="late-calls-pointer">
        <p>
          {names} {several ? 'bill' : 'bills'} this period&apos;s usage, except {countOf(late.leftOut.calls, 'call', 'calls')} ({formatAmount(late.leftOut.net, target.currency)}) billed by{' '}
          {replaced}, which {name} replaces, and left out of it: not late calls. If they were left out on purpose, there is nothing to bill; to bill them after all, do
          it on {name}:
        </p>
        <p className="actions">
          <Link className="button" href={`/invoice?id=${target.id}#late-calls`}>
            Bill the left-out calls on {name} anyway
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div data-testid="late-calls-pointer">
      <p>
        To bill only the usage {names} {several ? 'do' : 'does'} not ({usage}), without the package charges and top-ups again, invoice the late calls on {name}:
      </p>
      <p className="actions">
        <Link className="button primary" href={`/invoice?id=${target.id}#late-calls`}>
          Invoice the late calls on {name}
        </Link>
      </p>
    </div>
  );
}

export default function GenerateInvoicePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <GenerateInvoice />
    </Suspense>
  );
}
