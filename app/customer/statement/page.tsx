'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState, type ReactNode } from 'react';
import { ACCOUNT_ID, daySchema, type Account, type Customer } from '@/lib/entities';
import { defaultAccount } from '@/lib/mutators';
import { buildStatement, closingBalanceNote, STATEMENT_BASIS, statementClosingDay, statementCurrencies, type Statement } from '@/lib/statement';
import { DocumentTitle } from '../../_components/document-title';
import { NotDownloadedWarning } from '../../_components/empty-state';
import { browserLocale, countOf, formatDay } from '../../_components/locale';
import { Money } from '../../_components/money';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { ScrollRegion } from '../../_components/scroll-region';
import { PeriodPresets, presetPeriod, type PeriodPreset } from '../../_components/period-presets';
import { hasCompletedSync, statementNotDownloaded } from '../../_components/sync-messages';
import { useAccountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { useSyncStatus } from '../../_local/sync-status';
import type { PdfProgressListener } from '../../_pdf/invoice-pdf-data';
import { statementPdfFileName } from '../../_pdf/statement-pdf-data';
import { PdfButtons } from '../../invoices/_components/pdf-button';
import { NotOnDevice } from '../../_components/not-on-device';

interface Choice {
  preset: PeriodPreset;
  from: string;
  to: string;
  /** '' until chosen: the customer's currency, or the first it has documents in. */
  currency: string;
}

/**
 * The period and currency the address asks for (`?from=&to=&currency=`), else this month: a
 * period that takes in today, so the statement closes at what the customer owes now. Last month's
 * would hide what was invoiced since it ended, as the invoice for last month's usage dated early
 * this month (its closing balance can read $0.00 to a customer who owes).
 */
function initialChoice(params: URLSearchParams, today: string): Choice {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const currency = params.get('currency') ?? '';
  if (!from && !to) return { preset: 'this-month', ...presetPeriod('this-month', today), currency };
  for (const preset of ['last-month', 'this-month'] as const) {
    const month = presetPeriod(preset, today);
    if (month.from === from && month.to === to) return { preset, from, to, currency };
  }
  return { preset: 'custom', from, to, currency };
}

/** What is wrong with the period, for the user; undefined when a statement can be made for it today. */
function periodProblem(from: string, to: string, today: string): string | undefined {
  for (const [day, label] of [
    [from, 'From'],
    [to, 'To'],
  ] as const) {
    if (!daySchema.safeParse(day).success) return `The period is not valid: ${label} ${day ? `(${JSON.stringify(day)}) ` : ''}is not a date. Choose the days below.`;
  }
  if (to < from) return 'The period ends before it starts.';
  if (statementClosingDay(from, to, today) === undefined) return `The period starts after today (${formatDay(today)}): a statement shows only days that have come.`;
  return undefined;
}

/** Renders the statement's PDF on this device (in the PDF worker, offline too) and downloads it. */
function StatementPdfButton({ account, customer, statement, today, manyCurrencies }: { account: Account; customer: Customer; statement: Statement; today: string; manyCurrencies: boolean }) {
  async function render(onProgress: PdfProgressListener): Promise<Blob> {
    // Loaded on demand: react-pdf and the fonts are heavy and most visits never print.
    const { renderStatementPdfInWorker } = await import('../../_pdf/render-in-worker');
    return renderStatementPdfInWorker({ account, customer, statement, date: today, locale: browserLocale() }, onProgress);
  }
  return <PdfButtons render={render} fileName={statementPdfFileName(customer.name, statement, manyCurrencies)} />;
}

/** The statement's columns; on a phone a line's date and description head its card, unlabelled. */
const STATEMENT_COLUMN = {
  date: { header: 'Date' },
  description: { header: 'Description' },
  dueDate: { header: 'Due date', label: true },
  debit: { header: 'Debit', numeric: true, label: true },
  credit: { header: 'Credit', numeric: true, label: true },
  balance: { header: 'Balance', numeric: true, label: true },
} satisfies Record<string, CardColumn>;
const STATEMENT_COLUMNS = Object.values(STATEMENT_COLUMN);

/**
 * A statement line's cells (Date, Description, Due date, Debit, Credit, Balance); on a phone a
 * card (globals.css phone-cards): the description and the day, then each figure there is with its
 * label. A blank cell stays a cell, keeping the columns in place, but takes no room in the card.
 */
function StatementRow({ testId, date, description, dueDate, debit, credit, balance }: {
  testId: string;
  date: string;
  description: ReactNode;
  dueDate: string;
  debit: ReactNode;
  credit: ReactNode;
  balance: ReactNode;
}) {
  return (
    <CardRow testId={testId}>
      <CardCell column={STATEMENT_COLUMN.date} className="nowrap statement-date">
        {date}
      </CardCell>
      <CardCell column={STATEMENT_COLUMN.description} dir="auto" className="statement-description">
        {description}
      </CardCell>
      <CardCell column={STATEMENT_COLUMN.dueDate} className="nowrap" blank={dueDate === ''}>
        {dueDate}
      </CardCell>
      <CardCell column={STATEMENT_COLUMN.debit} blank={debit === ''}>
        {debit}
      </CardCell>
      <CardCell column={STATEMENT_COLUMN.credit} blank={credit === ''}>
        {credit}
      </CardCell>
      <CardCell column={STATEMENT_COLUMN.balance}>{balance}</CardCell>
    </CardRow>
  );
}

function StatementTable({ statement, customerName }: { statement: Statement; customerName: string }) {
  const amount = (value: string | null) => (value === null ? '' : <Money amount={value} currency={statement.currency} />);
  return (
    // At a desk a table (scrolling sideways, in a region the keyboard reaches, in a window too
    // narrow for it); on a phone each line a card.
    <ScrollRegion label="Statement entries">
      <PhoneCardsTable
        columns={STATEMENT_COLUMNS}
        className="table statement-cards"
        testId="statement-table"
        caption={`Statement of ${customerName}, ${formatDay(statement.from)} to ${formatDay(statement.to)}, in ${statement.currency}`}
      >
        <StatementRow
          testId="statement-opening-row"
          date={formatDay(statement.from)}
          description="Opening balance"
          dueDate=""
          debit=""
          credit=""
          balance={amount(statement.opening)}
        />
        {statement.entries.map((entry) => (
          <StatementRow
            key={`${entry.kind}-${entry.id}`}
            testId="statement-row"
            date={formatDay(entry.date)}
            description={entry.kind === 'payment' ? entry.description : <Link href={`/invoice?id=${entry.id}`}>{entry.description}</Link>}
            dueDate={entry.dueDate ? formatDay(entry.dueDate) : ''}
            debit={amount(entry.debit)}
            credit={amount(entry.credit)}
            balance={amount(entry.balance)}
          />
        ))}
        <StatementRow
          testId="statement-closing-row"
          date={formatDay(statement.to)}
          description={<strong>Closing balance</strong>}
          dueDate=""
          debit={amount(statement.debits)}
          credit={amount(statement.credits)}
          balance={<strong>{amount(statement.closing)}</strong>}
        />
      </PhoneCardsTable>
    </ScrollRegion>
  );
}

function StatementView({ today, notDownloaded }: { today: string; notDownloaded: string | undefined }) {
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  const [choice, setChoiceState] = useState(() => initialChoice(params, today));
  // Read from this device alone: the statement works offline.
  const data = useLiveQuery(async () => {
    const db = localDb();
    const [customer, account, invoices, payments] = await Promise.all([
      id ? db.customers.get(id) : undefined,
      db.account.get(ACCOUNT_ID),
      db.invoices.where('customerId').equals(id).toArray(),
      db.payments.where('customerId').equals(id).toArray(),
    ]);
    return { customer, account: account ?? defaultAccount(), invoices, payments };
  }, [id]);

  /** Changes the choice and keeps it in the address, so a reload or a shared link shows the same statement. */
  function setChoice(next: Choice) {
    setChoiceState(next);
    const search = new URLSearchParams({ id, from: next.from, to: next.to });
    if (next.currency) search.set('currency', next.currency);
    window.history.replaceState(null, '', `?${search}`);
  }
  function choosePreset(preset: PeriodPreset) {
    setChoice(preset === 'custom' ? { ...choice, preset } : { ...choice, preset, ...presetPeriod(preset, today) });
  }

  if (!data) return <p className="muted">Loading…</p>;
  const { customer, account } = data;
  if (!customer) {
    return (
      <NotOnDevice thing="customer" gone="This customer does not exist on this device (it may have been deleted)." back={{ href: '/customers', label: 'Back to customers' }} />
    );
  }
  const currencies = statementCurrencies(data.invoices, data.payments);
  const currency = choice.currency || (currencies.includes(customer.currency) || currencies.length === 0 ? customer.currency : currencies[0]!);
  const problem = periodProblem(choice.from, choice.to, today);
  const statement = problem
    ? undefined
    : buildStatement({ customerId: customer.id, currency, from: choice.from, to: choice.to, today, invoices: data.invoices, payments: data.payments });
  const currencyChoices = currencies.includes(currency) ? currencies : [...currencies, currency].sort();

  return (
    <div className="stack">
      <DocumentTitle title={`Statement: ${customer.name}`} />
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/customers">Customers</Link> / <Link href={`/customer?id=${customer.id}`}>{customer.name}</Link>
          </p>
          <h1>
            Statement: <bdi>{customer.name}</bdi>
          </h1>
        </div>
        {statement && !notDownloaded && (
          <div className="actions">
            <StatementPdfButton account={account} customer={customer} statement={statement} today={today} manyCurrencies={currencyChoices.length > 1} />
          </div>
        )}
      </div>
      {notDownloaded && <NotDownloadedWarning text={notDownloaded} />}
      <section className="card" aria-label="Period and currency">
        <PeriodPresets
          preset={choice.preset}
          from={choice.from}
          to={choice.to}
          onPreset={choosePreset}
          onDays={(days) => setChoice({ ...choice, ...days })}
          daysShownByPage
        />
        {currencyChoices.length > 1 && (
          <label className="field">
            <span>Currency</span>
            <select value={currency} onChange={(e) => setChoice({ ...choice, currency: e.target.value })}>
              {currencyChoices.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </label>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
      </section>
      {statement && (
        <section className="card" aria-labelledby="statement-heading">
          <h2 id="statement-heading" data-testid="statement-period">
            {formatDay(statement.from)} – {formatDay(statement.to)}, {statement.currency}
          </h2>
          {statement.to < choice.to && (
            <p className="muted" data-testid="statement-to-date">
              To date: the period runs to {formatDay(choice.to)}, and a statement shows nothing after today.
            </p>
          )}
          {statement.unnumbered > 0 && (
            <p className="warning" role="status" data-testid="statement-provisional">
              Provisional: {statement.unnumbered === 1 ? '1 invoice issued on this device has' : `${statement.unnumbered} invoices issued on this device have`} no number yet
              (shown as pending), and other devices&apos; changes may not be here yet. Sync this device before you send this statement; its PDF says it is
              provisional.
            </p>
          )}
          <StatementTable statement={statement} customerName={customer.name} />
          <dl className="totals" data-testid="statement-summary">
            <div>
              <dt>Opening balance {formatDay(statement.from)}</dt>
              <dd data-testid="statement-opening"><Money amount={statement.opening} currency={statement.currency} /></dd>
            </div>
            <div className="grand">
              {/* At the period's end, or today for a period not over yet, as the PDF says (lib/statement statementClosingDay). */}
              <dt>Closing balance {formatDay(statement.to)}</dt>
              <dd data-testid="statement-closing"><Money amount={statement.closing} currency={statement.currency} /></dd>
            </div>
            <div>
              <dt>Overdue at {formatDay(statement.to)}</dt>
              <dd data-testid="statement-overdue">
                <Money amount={statement.overdue} currency={statement.currency} />
                {statement.overdueInvoices > 0 && ` on ${countOf(statement.overdueInvoices, 'invoice', 'invoices')}`}
              </dd>
            </div>
          </dl>
          {/* The words are lib/statement's: the PDF prints the same note under a balance below zero. */}
          <p className="muted small" data-testid="statement-basis">
            {[STATEMENT_BASIS, closingBalanceNote(statement)].filter(Boolean).join(' ')}
          </p>
        </section>
      )}
    </div>
  );
}

/**
 * Periods count from today in the account's timezone, so wait for it. A device whose first sync has
 * not finished may lack some of the customer's invoices and payments (they come in pages): the
 * statement says so, and offers no PDF of figures that may be wrong, as Generate Invoice offers no draft.
 */
function StatementPage() {
  const today = useAccountToday();
  const sync = useSyncStatus();
  if (today === undefined || sync === undefined) return <p className="muted">Loading…</p>;
  return <StatementView today={today} notDownloaded={hasCompletedSync(sync.status) ? undefined : statementNotDownloaded(sync.status)} />;
}

export default function CustomerStatementPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <StatementPage />
    </Suspense>
  );
}
