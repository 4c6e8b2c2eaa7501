'use client';

/**
 * Billing run: Generate Invoice for every customer on an invoice schedule at once (lib/billing-run),
 * then, once the clerk has looked at them, issue the drafts it made. Works offline, as Generate
 * Invoice does: the drafts are ordinary createInvoice mutations.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { lastWholePeriod, planBillingRun, RUN_SCHEDULES, type RunEntry, type RunSchedule } from '@/lib/billing-run';
import { ACCOUNT_ID, daySchema, type Period, type Usage } from '@/lib/entities';
import { usageDrift } from '@/lib/generate';
import { invoiceDigest } from '@/lib/invoice-digest';
import { billsDays, lineDates, periodGivenBackNote } from '@/lib/invoice-periods';
import { addDecimals } from '@/lib/money';
import { defaultAccount } from '@/lib/mutators';
import { NotDownloadedWarning } from '../../_components/empty-state';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { countOf, formatAmount, formatDay } from '../../_components/locale';
import { cannotBillYet, hasCompletedSync } from '../../_components/sync-messages';
import { useAccountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { customerUsageFor } from '../../_local/usage-days';
import { newId } from '../../_local/ids';
import { mutate, refusalReason } from '../../_local/mutate';
import { draftOfDaysName, draftsOfWhichDays, leftOutInvoiceName } from '../_components/left-out-invoice-name';
import { InternalCallsNote } from '../_components/internal-calls-note';
import { SetupsLeftOutNote } from '../_components/setups-left-out';
import { useSyncStatus } from '../../_local/sync-status';
import { possessive } from '@/lib/possessive';
import { runSummary } from './run-summary';

const SCHEDULE_LABEL: Record<RunSchedule, string> = { monthly: 'Monthly', weekly: 'Weekly', daily: 'Daily' };
const PERIOD_NAME: Record<RunSchedule, string> = { monthly: 'last month', weekly: 'last week (Monday to Sunday)', daily: 'yesterday' };

/** A draft this page created, as it was when created: what Issue compares with. */
interface Created {
  invoiceId: string;
  customerName: string;
  total: string;
  currency: string;
  /** The draft as created (lib/invoice-digest): Issue refuses it if it changed since. */
  digest: string;
}

type IssueResult = { name: string; issued: true } | { name: string; issued: false; reason: string };

export default function BillingRunPage() {
  const today = useAccountToday();
  const sync = useSyncStatus();
  if (today === undefined || sync === undefined) return <p className="muted">Loading…</p>;
  return <BillingRun today={today} notDownloaded={hasCompletedSync(sync.status) ? undefined : cannotBillYet(sync.status)} />;
}

function BillingRun({ today, notDownloaded }: { today: string; notDownloaded: string | undefined }) {
  const db = localDb();
  const [schedule, setSchedule] = useState<RunSchedule>('monthly');
  const [period, setPeriod] = useState(() => lastWholePeriod('monthly', today));
  const periodValid = daySchema.safeParse(period.start).success && daySchema.safeParse(period.end).success && period.start <= period.end;
  // The customers the clerk unticked, by id: kept through every refresh of the table (the drafts
  // just created, a change synced in) and a change of schedule, so no one left out by hand comes
  // back ticked. Entries of customers not in the table are harmless: only the table's are read.
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [progress, setProgress] = useState('');
  const [error, setError] = useState('');
  const [created, setCreated] = useState<Created[]>([]);
  const [issued, setIssued] = useState<IssueResult[] | null>(null);
  const [busy, setBusy] = useState(false);

  const data = useLiveQuery(async () => {
    if (!periodValid) return undefined;
    const [account, customers, assignments, packages] = await Promise.all([
      db.account.get(ACCOUNT_ID),
      db.customers.toArray(),
      db.customerPackages.toArray(),
      db.packages.toArray(),
    ]);
    const onSchedule = customers.filter((c) => c.schedule === schedule);
    const perCustomer = await Promise.all(
      onSchedule.map(async (c) => {
        const invoices = await db.invoices.where('customerId').equals(c.id).toArray();
        // Their lines, in one read: setups and one-off charges those invoices bill already are not billed again, and
        // the dates of those that bill days are days the invoices bill, with their periods.
        const lines = await db.invoiceLines
          .where('invoiceId')
          .anyOf(invoices.map((i) => i.id))
          .filter((l) => l.kind === 'setup' || l.kind === 'package' || billsDays(l))
          .toArray();
        return {
          id: c.id,
          invoices,
          setupLines: lines.filter((l) => l.kind === 'setup' || l.kind === 'package'),
          // What the coverage needs of them alone is kept: a tenant's invoices may have many usage lines.
          lineDates: lines.filter(billsDays).map(lineDates),
          // The period's usage, from earlier when a minimum spend it settles or free minutes it credits began before it.
          usage: await customerUsageFor(db, c.id, period, { assignments: assignments.filter((a) => a.customerId === c.id), packages }),
        };
      }),
    );
    return {
      account: account ?? defaultAccount(),
      customers,
      assignments,
      packages,
      invoices: perCustomer.flatMap((p) => p.invoices),
      setupLines: perCustomer.flatMap((p) => p.setupLines),
      lineDates: perCustomer.flatMap((p) => p.lineDates),
      usageByCustomer: new Map<string, Usage[]>(perCustomer.map((p) => [p.id, p.usage])),
    };
  }, [schedule, period.start, period.end, periodValid]);

  const run = useMemo(
    () => (data ? planBillingRun({ ...data, schedule, period, invoiceDate: today, newId }) : undefined),
    [data, schedule, period, today],
  );
  const drafts = run?.filter((e) => e.outcome.kind === 'draft' && !left.has(e.customer.id)) ?? [];
  const totalsByCurrency = new Map<string, string>();
  for (const { outcome } of drafts) {
    if (outcome.kind !== 'draft') continue;
    const currency = outcome.generated.invoice.currency;
    totalsByCurrency.set(currency, addDecimals(totalsByCurrency.get(currency) ?? '0', outcome.totals.total));
  }

  function chooseSchedule(next: RunSchedule) {
    setSchedule(next);
    setPeriod(lastWholePeriod(next, today));
  }

  function toggle(customerId: string) {
    setLeft((current) => {
      const next = new Set(current);
      if (!next.delete(customerId)) next.add(customerId);
      return next;
    });
  }

  async function createDrafts() {
    if (busy || notDownloaded || drafts.length === 0) return;
    setBusy(true);
    setError('');
    setIssued(null);
    const made: Created[] = [];
    let creating = '';
    try {
      for (const [i, { customer, outcome }] of drafts.entries()) {
        if (outcome.kind !== 'draft') continue;
        creating = customer.name;
        setProgress(`Creating draft ${i + 1} of ${drafts.length}…`);
        await mutate('createInvoice', { invoice: outcome.generated.invoice, lines: outcome.generated.lines });
        made.push({
          invoiceId: outcome.generated.invoice.id,
          customerName: customer.name,
          total: outcome.totals.total,
          currency: outcome.generated.invoice.currency,
          digest: invoiceDigest(outcome.generated.invoice, outcome.generated.lines),
        });
      }
    } catch (e) {
      // Named by its customer: a new draft has no label the refusal's own notice could name it by.
      setError(`${made.length} of ${drafts.length} drafts were created; ${possessive(creating)} was not: ${refusalReason(e)}`);
    } finally {
      setCreated(made);
      setProgress('');
      setBusy(false);
    }
  }

  async function issueCreated() {
    if (busy || created.length === 0) return;
    const later = await db.invoices.filter((i) => i.number !== null && i.invoiceDate > today).first();
    const question = later
      ? `Issue ${countOf(created.length, 'invoice', 'invoices')}? They are dated ${formatDay(today)}, before ${later.number} (dated ${formatDay(later.invoiceDate)}): they will be numbered after it, out of date order.`
      : `Issue ${countOf(created.length, 'invoice', 'invoices')}? Each gets the next number of the series, in the order listed, and can no longer be edited.`;
    if (!window.confirm(question)) return;
    setBusy(true);
    setError('');
    const results: IssueResult[] = [];
    for (const [i, draft] of created.entries()) {
      setProgress(`Issuing ${i + 1} of ${created.length}…`);
      results.push(await issueOne(draft));
    }
    setIssued(results);
    setCreated([]);
    setProgress('');
    setBusy(false);
  }

  return (
    <>
      <div className="page-head">
        <h1>Billing run</h1>
      </div>
      <p className="muted">
        Generate Invoice for every customer on an invoice schedule (set on each customer) at once. Each draft is what Generate Invoice makes for that customer;
        customers already invoiced for an overlapping period, or with a draft of it, are left out, so a run can be made again safely.
      </p>
      <section className="card" aria-label="Schedule and period">
        <fieldset className="presets">
          <legend>Invoice schedule</legend>
          {RUN_SCHEDULES.map((value) => (
            <label key={value} className="radio">
              <input type="radio" name="schedule" value={value} checked={schedule === value} onChange={() => chooseSchedule(value)} disabled={busy} />
              {SCHEDULE_LABEL[value]}
            </label>
          ))}
        </fieldset>
        <div className="form-grid">
          <label className="field">
            <span>From</span>
            <input type="date" value={period.start} onChange={(e) => setPeriod((p) => ({ ...p, start: e.target.value }))} disabled={busy} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" value={period.end} onChange={(e) => setPeriod((p) => ({ ...p, end: e.target.value }))} disabled={busy} />
          </label>
        </div>
        <p className="muted small">
          {SCHEDULE_LABEL[schedule]} customers are billed for {PERIOD_NAME[schedule]} by default. The drafts are dated {formatDay(today)}.
        </p>
        {!periodValid && (
          <p className="error" role="alert">
            The period is not valid: choose a From and a To day, From not after To.
          </p>
        )}
      </section>

      {notDownloaded && <NotDownloadedWarning text={notDownloaded} />}
      {error && (
        <p className="error card" role="alert">
          {error}
        </p>
      )}
      {progress && (
        <p className="card" role="status">
          {progress}
        </p>
      )}
      {created.length > 0 && (
        <section className="card" aria-labelledby="created-heading" data-testid="run-created">
          <div className="section-head">
            <h2 id="created-heading">{countOf(created.length, 'draft created', 'drafts created')}</h2>
            <button type="button" className="button primary" onClick={() => void issueCreated()} disabled={busy}>
              Issue {countOf(created.length, 'draft', 'drafts')}
            </button>
          </div>
          <p className="muted small">Open any of them to check or change it before issuing; Issue issues them as they are then, in this order.</p>
          <ul className="plain-list">
            {created.map((c) => (
              <li key={c.invoiceId}>
                <Link href={`/invoice?id=${c.invoiceId}`}>{c.customerName}</Link> <span className="num">{formatAmount(c.total, c.currency)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {issued && <IssueReport results={issued} />}

      {!notDownloaded && run && (
        <section className="card" aria-labelledby="run-heading">
          <div className="section-head">
            <h2 id="run-heading">
              {SCHEDULE_LABEL[schedule]} customers, {formatDay(period.start)} – {formatDay(period.end)}
            </h2>
            {/* Nothing to create: the summary says why, instead of a "Create 0 drafts" that does nothing. */}
            {drafts.length > 0 && (
              <button type="button" className="button primary" onClick={() => void createDrafts()} disabled={busy}>
                Create {countOf(drafts.length, 'draft', 'drafts')}
              </button>
            )}
          </div>
          {run.length === 0 ? (
            <p role="status">No customer has the {SCHEDULE_LABEL[schedule].toLowerCase()} invoice schedule. Set it on the customers billed this way (Edit customer).</p>
          ) : (
            <>
              <p data-testid="run-summary" role="status">
                {runSummary(
                  run,
                  drafts,
                  totalsByCurrency.size > 0 ? [...totalsByCurrency].map(([currency, total]) => formatAmount(total, currency)).join(' + ') : undefined,
                )}
              </p>
              <RunTable run={run} period={period} left={left} toggle={toggle} disabled={busy} />
            </>
          )}
        </section>
      )}
    </>
  );
}

/**
 * The run's columns. On a phone each customer is a card (globals.css run-cards): its tick box and
 * name, its outcome across the card, then its total labelled; nothing scrolls sideways.
 */
const RUN_COLUMN = {
  include: { header: 'Include', hiddenHeader: true },
  customer: { header: 'Customer', rowHeader: true },
  outcome: { header: 'Outcome' },
  total: { header: 'Total', label: true, numeric: true },
} satisfies Record<string, CardColumn>;

const RUN_COLUMNS: CardColumn[] = [RUN_COLUMN.include, RUN_COLUMN.customer, RUN_COLUMN.outcome, RUN_COLUMN.total];

function RunTable({
  run,
  period,
  left,
  toggle,
  disabled,
}: {
  run: RunEntry[];
  period: Period;
  left: ReadonlySet<string>;
  toggle: (id: string) => void;
  disabled: boolean;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Billing run customers">
      <PhoneCardsTable columns={RUN_COLUMNS} className="table run-cards">
        {run.map(({ customer, outcome }) => (
          <CardRow key={customer.id}>
            <CardCell column={RUN_COLUMN.include} className="run-include" blank={outcome.kind !== 'draft'}>
              {outcome.kind === 'draft' && (
                <input type="checkbox" checked={!left.has(customer.id)} onChange={() => toggle(customer.id)} disabled={disabled} aria-label={`Include ${customer.name}`} />
              )}
            </CardCell>
            <CardCell column={RUN_COLUMN.customer} className="run-customer">
              <Link href={`/customer?id=${customer.id}`} dir="auto">
                {customer.name}
              </Link>
              {customer.status === 'inactive' && <span className="muted"> (inactive)</span>}
            </CardCell>
            <CardCell column={RUN_COLUMN.outcome}>
              <Outcome entry={{ customer, outcome }} period={period} />
            </CardCell>
            <CardCell column={RUN_COLUMN.total} blank={outcome.kind !== 'draft'}>
              {outcome.kind === 'draft' ? formatAmount(outcome.totals.total, outcome.generated.invoice.currency) : ''}
            </CardCell>
          </CardRow>
        ))}
      </PhoneCardsTable>
    </div>
  );
}

/** `period`: the run's, whose drafts are named as of it or of days of it. */
function Outcome({ entry: { outcome }, period }: { entry: RunEntry; period: Period }) {
  switch (outcome.kind) {
    case 'draft': {
      const usageLines = outcome.generated.lines.filter((l) => l.kind === 'usage');
      const calls = usageLines.reduce((n, l) => n + (l.calls ?? 0), 0);
      return (
        <>
          Draft: {countOf(outcome.generated.lines.length, 'line', 'lines')}
          {calls > 0 && `, ${countOf(calls, 'call', 'calls')}`}
          <SetupsLeftOutNote leftOut={outcome.generated.setupsLeftOut} inline />
          {/* As Generate Invoice says it: the usage summary's count of calls has them, the draft does not. */}
          <InternalCallsNote internalCalls={outcome.generated.internalCalls} />
          {/* A period billed and then given back in full is billed again: said, so a month waived is not billed again unknowingly. */}
          {outcome.givenBack.length > 0 && (
            <p className="warning small" data-testid="run-given-back">
              {periodGivenBackNote(outcome.givenBack)}
            </p>
          )}
        </>
      );
    }
    case 'invoiced':
      return (
        <>
          Left out: already invoiced for an overlapping period (
          {outcome.invoices.map((overlapping, n) => (
            <span key={overlapping.invoice.id}>
              {n > 0 && ', '}
              <Link href={`/invoice?id=${overlapping.invoice.id}`}>{leftOutInvoiceName(overlapping.invoice)}</Link>
            </span>
          ))}
          )
        </>
      );
    case 'drafted': {
      // As Generate Invoice's draft notice says it: a draft bills nothing yet, so it is not "invoiced";
      // a second draft would bill the period twice once both are issued.
      const several = outcome.drafts.length > 1;
      return (
        <>
          Left out:{' '}
          {outcome.drafts.map((draft, n) => (
            <span key={draft.invoice.id}>
              {n > 0 && (n === outcome.drafts.length - 1 ? ' and ' : ', ')}
              <Link href={`/invoice?id=${draft.invoice.id}`}>{draftOfDaysName(draft, outcome.drafts)}</Link>
            </span>
          ))}{' '}
          already {several ? 'exist' : 'exists'} for {draftsOfWhichDays(outcome.drafts, period)}: open {several ? 'one' : 'it'} to check and issue it
        </>
      );
    }
    case 'nothing':
      return (
        <>
          Left out: nothing to bill ({outcome.internalCalls ? 'no calls to bill' : 'no calls'}, no package charges)
          <InternalCallsNote internalCalls={outcome.internalCalls} />
        </>
      );
    case 'failed':
      return <span className="error">Left out: {outcome.reason}</span>;
  }
}

function IssueReport({ results }: { results: IssueResult[] }) {
  const failed = results.filter((r): r is Extract<IssueResult, { issued: false }> => !r.issued);
  return (
    <section className={failed.length > 0 ? 'card warning' : 'card'} role={failed.length > 0 ? 'alert' : 'status'} data-testid="run-issued">
      <p>
        {countOf(results.length - failed.length, 'invoice', 'invoices')} issued
        {failed.length > 0 && `; ${countOf(failed.length, 'draft was', 'drafts were')} not, and stay drafts:`}
      </p>
      {failed.length > 0 && (
        <ul>
          {failed.map((f) => (
            <li key={f.name}>
              {f.name}: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Issues one draft of the run as it was created: a draft changed since (its total, or the usage of
 * its period) is left for the clerk to look at, as the invoice page asks before issuing it.
 */
async function issueOne(draft: Created): Promise<IssueResult> {
  const db = localDb();
  const name = draft.customerName;
  const invoice = await db.invoices.get(draft.invoiceId);
  // Each reason follows the customer's name, which says which draft it is ("Globex Carrier: The draft was deleted").
  if (!invoice) return { name, issued: false, reason: 'The draft was deleted' };
  if (invoice.status !== 'draft') return { name, issued: false, reason: `It is ${invoice.status} already` };
  if (invoice.periodStart !== null && invoice.periodEnd !== null) {
    const lines = await db.invoiceLines.where('invoiceId').equals(invoice.id).toArray();
    const usage = await db.usage.where('[customerId+day]').between([invoice.customerId, invoice.periodStart], [invoice.customerId, invoice.periodEnd], true, true).toArray();
    const others = await Promise.all(
      (await db.invoices.where('customerId').equals(invoice.customerId).toArray())
        .filter((i) => i.id !== invoice.id)
        .map(async (i) => ({ invoice: i, lines: await db.invoiceLines.where('invoiceId').equals(i.id).toArray() })),
    );
    const drift = usageDrift(invoice, lines, usage, others);
    if (drift && !drift.linesChanged && drift.unlined) return { name, issued: false, reason: 'Some calls of its period are on none of its lines (a line deleted, say); open it to check and issue it' };
    if (drift) return { name, issued: false, reason: 'The usage of its period changed since it was created; open it to check and issue it' };
  }
  try {
    await mutate('issueInvoice', { id: invoice.id, expectedTotal: draft.total, expectedDigest: draft.digest });
    return { name, issued: true };
  } catch (e) {
    // The reason alone: the refusal's notice would name the change again beside the customer's name.
    return { name, issued: false, reason: refusalReason(e) };
  }
}
