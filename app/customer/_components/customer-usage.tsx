'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useMemo, useRef, useState } from 'react';
import type { Customer } from '@/lib/entities';
import { billedAndDraftDays, billsDays, chargedPackages, givenBackIn, givenBackText, invoicesGivenBack, linesByInvoice } from '@/lib/invoice-periods';
import { formatAmount, formatDay, formatDecimal, formatInteger } from '../../_components/locale';
import { useScrollsInside } from '../../_components/scrolls-inside';
import { useSpaceOnRoot } from '../../_components/space-on-root';
import { cannotBillYet, hasCompletedSync, listNotDownloaded } from '../../_components/sync-messages';
import { localDb } from '../../_local/db';
import { useSyncStatus } from '../../_local/sync-status';
import type { SyncStatus } from '../../_local/syncer';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { shownDraftName } from '../../invoices/_components/draft-name';
import { invoicesOfRow, summarizeUsage, type SummaryPeriod, type UsageSummaryRow } from './usage-summary';

const PERIODS: { value: SummaryPeriod; label: string }[] = [
  { value: 'day', label: 'By day' },
  { value: 'week', label: 'By week' },
  { value: 'month', label: 'By month' },
];

const PERIOD_CAPTION: Record<SummaryPeriod, string> = { day: 'by day', week: 'by week', month: 'by month' };

/**
 * The columns of the usage summary, the period's between the tick box and the figures. On a phone
 * the period heads each card and each figure is labelled by its column.
 */
const USAGE_COLUMN = {
  select: { header: 'Select', hiddenHeader: true },
  attempts: { header: 'Attempts', label: true, numeric: true },
  calls: { header: 'Calls', label: true, numeric: true },
  asr: { header: 'ASR', abbreviates: 'Answer-seizure ratio: answered calls per attempt', label: true, numeric: true },
  acd: { header: 'ACD', abbreviates: 'Average call duration (minutes:seconds)', label: true, numeric: true },
  minutes: { header: 'Minutes', label: true, numeric: true },
  charge: { header: 'Charge', label: true, numeric: true },
  invoices: { header: 'Invoices', label: true },
  preview: { header: 'Invoice preview', hiddenHeader: true },
} satisfies Record<string, CardColumn>;

const PERIOD_COLUMN: Record<SummaryPeriod, CardColumn> = {
  day: { header: 'Day', rowHeader: true },
  week: { header: 'Week', rowHeader: true },
  month: { header: 'Month', rowHeader: true },
};

/** The columns in order; the preview's only while the summary can be billed (the device has all the usage). */
function usageColumns(period: SummaryPeriod, withPreview: boolean): CardColumn[] {
  const { select, preview, ...figures } = USAGE_COLUMN;
  return [select, PERIOD_COLUMN[period], ...Object.values(figures), ...(withPreview ? [preview] : [])];
}

function periodLabel(row: UsageSummaryRow, period: SummaryPeriod): string {
  if (period === 'day') return formatDay(row.start, { dateStyle: 'medium' });
  if (period === 'month') return formatDay(row.start, { year: 'numeric', month: 'long' });
  return `${formatDay(row.start)} – ${formatDay(row.end)}`;
}

/** An average call duration as minutes and seconds: 95 → "1:35". */
function minutesAndSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** From the first selected bucket's start to the last one's end (buckets between are included). */
function selectedRange(rows: readonly UsageSummaryRow[], selected: ReadonlySet<string>): { start: string; end: string } | undefined {
  const chosen = rows.filter((r) => selected.has(r.start));
  if (chosen.length === 0) return undefined;
  return {
    start: chosen.reduce((min, r) => (r.start < min ? r.start : min), chosen[0]!.start),
    end: chosen.reduce((max, r) => (r.end > max ? r.end : max), chosen[0]!.end),
  };
}

/** Generate Invoice for `customer` from `range.start` to `range.end`, as the Generate button opens it for a selection. */
function generateHref(customer: Pick<Customer, 'id'>, range: { start: string; end: string }): string {
  return `/invoice/generate?customer=${encodeURIComponent(customer.id)}&from=${range.start}&to=${range.end}`;
}

function UsageNotDownloaded({ status }: { status: SyncStatus | undefined }) {
  const { title, text } = listNotDownloaded(status, 'usage records');
  return (
    <>
      <strong>{title}.</strong> {text}
    </>
  );
}

export function CustomerUsage({ customer }: { customer: Customer }) {
  const [period, setPeriod] = useState<SummaryPeriod>('month');
  // Bucket starts; a change of period starts a new selection (a month's start is not a week's).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const usageBox = useScrollsInside<HTMLDivElement>();
  const usage = useLiveQuery(() => localDb().usage.where('customerId').equals(customer.id).toArray(), [customer.id]);
  // Until the device has the company's data in full, the summary shows part of the usage: no invoice from it.
  const sync = useSyncStatus();
  const downloading = sync !== undefined && !hasCompletedSync(sync.status);
  const rows = useMemo(() => (usage ? summarizeUsage(usage, period) : []), [usage, period]);
  // The customer's invoices, void ones aside, with the days each bills (its period's and its items',
  // lib/invoice-periods): which buckets the issued ones bill, at a glance, those made by hand too,
  // and which its drafts are of (a draft bills nothing until it is issued: it is named as a draft).
  const invoices = useLiveQuery(async () => {
    const db = localDb();
    const standing = (await db.invoices.where('customerId').equals(customer.id).toArray()).filter((i) => i.status !== 'void');
    const linesOf = linesByInvoice(
      await db.invoiceLines
        .where('invoiceId')
        .anyOf(standing.map((i) => i.id))
        .filter(billsDays)
        .toArray(),
    );
    // A one-off package's charge bills no period: its package says which.
    const [packages, assignments] = await Promise.all([db.packages.toArray(), db.customerPackages.where('customerId').equals(customer.id).toArray()]);
    const packageOf = chargedPackages(packages, assignments)(customer.id);
    // An issued refund in full gives back the calls or charge it refunds: those days are billed no more.
    // And the issued invoices whose days credit notes gave back in full: a row they billed says so,
    // rather than read as never billed (it may be billed again, but not unknowingly).
    return { standing, ...billedAndDraftDays(standing, linesOf, packageOf), givenBack: invoicesGivenBack(standing, linesOf, packageOf) };
  }, [customer.id]);
  const invoicedIn = (row: UsageSummaryRow) => invoicesOfRow(row, invoices?.billed ?? []);
  const draftsIn = (row: UsageSummaryRow) => invoicesOfRow(row, invoices?.drafts ?? []);
  const givenBackOf = (row: UsageSummaryRow) => (invoices ? givenBackIn(invoices.givenBack, row) : []);
  const range = selectedRange(rows, selected);
  // An invoice covers one period of days: periods with usage between the selected ones come along.
  const unselectedBetween = range ? rows.filter((r) => r.start > range.start && r.end < range.end && !selected.has(r.start)).length : 0;
  // On a phone the selection's bar sticks to the bottom of the screen (globals.css .usage-selection):
  // what Tab scrolls into view lands clear of it, as of the notices (--selection-bar-space, its height).
  const selectionBar = useRef<HTMLDivElement>(null);
  const selecting = range !== undefined && rows.length > 0 && !downloading;
  useSpaceOnRoot(selectionBar, '--selection-bar-space', { active: selecting });
  const toggle = (start: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(start)) next.add(start);
      return next;
    });
  return (
    <section className="card" aria-labelledby="usage-heading">
      <div className="section-head">
        <h2 id="usage-heading">Usage summary</h2>
        <div className="segmented" role="group" aria-label="Summarize usage">
          {PERIODS.map((p) => (
            <button
              key={p.value}
              type="button"
              className="button"
              aria-pressed={period === p.value}
              onClick={() => {
                setPeriod(p.value);
                setSelected(new Set());
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {usage && usage.length === 0 && (
        <p className="muted" role="status">
          {downloading ? <UsageNotDownloaded status={sync.status} /> : 'No usage recorded for this customer.'}
        </p>
      )}
      {rows.length > 0 && (
        // Focusable only while it scrolls in its box (at a desk, its rows outgrowing it): on a phone it
        // flows with the page, and a Tab stop there would scroll nothing.
        <div ref={usageBox.ref} className="table-wrap scroll-y flows-on-phone" tabIndex={usageBox.scrolls ? 0 : undefined} role="region" aria-label="Usage summary table">
          {/* On a phone each period is a card (globals.css phone-cards): its tick box and name, then
              each figure labelled, its invoices and Preview / PDF, all on screen, in the page's own
              scroll (flows-on-phone); at a desk the table scrolls in its box. */}
          <PhoneCardsTable columns={usageColumns(period, !downloading)} className="table usage-cards" caption={`Usage of ${customer.name} ${PERIOD_CAPTION[period]}`}>
            {rows.map((r) => {
              const invoiced = invoicedIn(r);
              const drafted = draftsIn(r);
              const givenBack = givenBackOf(r);
              return (
                <CardRow key={`${r.start}|${r.currency}`}>
                  <CardCell column={USAGE_COLUMN.select} className="usage-select">
                    <input type="checkbox" checked={selected.has(r.start)} onChange={() => toggle(r.start)} aria-label={`Select ${periodLabel(r, period)}`} />
                  </CardCell>
                  <CardCell column={PERIOD_COLUMN[period]}>{periodLabel(r, period)}</CardCell>
                  <CardCell column={USAGE_COLUMN.attempts}>{formatInteger(r.attempts)}</CardCell>
                  <CardCell column={USAGE_COLUMN.calls}>{formatInteger(r.calls)}</CardCell>
                  <CardCell column={USAGE_COLUMN.asr}>{r.asr === null ? '–' : `${formatDecimal(r.asr, 1)}%`}</CardCell>
                  <CardCell column={USAGE_COLUMN.acd}>{r.acdSeconds === null ? '–' : minutesAndSeconds(r.acdSeconds)}</CardCell>
                  <CardCell column={USAGE_COLUMN.minutes}>{formatDecimal(r.minutes)}</CardCell>
                  <CardCell column={USAGE_COLUMN.charge}>{formatAmount(r.charge, r.currency)}</CardCell>
                  {/* One span: on a phone the labelled cell lays out its children side by side, and the list wraps as text. */}
                  <CardCell column={USAGE_COLUMN.invoices} blank={invoiced.length === 0 && drafted.length === 0 && givenBack.length === 0}>
                    <span>
                      {/* The issued invoices billing the row by number, then its drafts named as drafts ("draft of Dec 1, 2026"): they bill nothing yet. */}
                      {[...invoiced, ...drafted].map(({ invoice: i, part }, n) => (
                        <span key={i.id}>
                          {n > 0 && ', '}
                          <Link href={`/invoice?id=${i.id}`}>{i.status === 'draft' ? shownDraftName(i, invoices?.standing ?? []) : (i.number ?? 'pending')}</Link>
                          {/* A week across two months, say: the invoice bills (or the draft is of) only some of its days. */}
                          {part && ' (part)'}
                        </span>
                      ))}
                      {/* Billed, then given back in full by credit notes: no invoice bills the row now, and it says why. */}
                      {givenBack.length > 0 && (
                        <span className="warning small" data-testid="usage-row-given-back">
                          {invoiced.length + drafted.length > 0 && '; '}
                          {givenBack.map(givenBackText).join('; ')}
                        </span>
                      )}
                    </span>
                  </CardCell>
                  {!downloading && (
                    <CardCell column={USAGE_COLUMN.preview} className="usage-preview">
                      {/* Generate Invoice for this row's days alone: its preview, and the PDF of it, without ticking and creating a draft. */}
                      <Link href={generateHref(customer, r)} data-testid="usage-row-preview">
                        Preview / PDF<span className="visually-hidden"> for {periodLabel(r, period)}</span>
                      </Link>
                    </CardCell>
                  )}
                </CardRow>
              );
            })}
          </PhoneCardsTable>
        </div>
      )}
      {rows.length > 0 && (
        <p className="muted small">
          Charges as rated, before packages (free minutes, minimum spend) and tax, each row rounded on its own. An invoice rounds each of its lines, so its
          usage total can differ from these by a cent or two. Invoices: the issued invoices that bill the row&apos;s days, by number, then the drafts of them,
          which bill nothing until they are issued; an invoice whose days of the row credit notes gave back in full is named with them, as it no longer bills them.
        </p>
      )}
      {rows.length > 0 && downloading && (
        <p className="warning" role="status" data-testid="not-downloaded">
          {cannotBillYet(sync?.status)}
        </p>
      )}
      {rows.length > 0 && !downloading && (
        // After the cards, where Tab reaches it once the days are ticked; on a phone, while days are
        // ticked, it stays at the bottom of the screen (a day near the top of six months' cards is
        // invoiced from where it is, not 39,000 px below) and rests here at the end of the list.
        <div ref={selectionBar} className="actions usage-selection" data-selecting={selecting || undefined} data-testid="usage-selection">
          {range ? (
            <Link className="button primary" href={generateHref(customer, range)}>
              Generate Invoice for {formatDay(range.start)} – {formatDay(range.end)}
            </Link>
          ) : (
            <p className="muted small">Select periods to generate an invoice for them.</p>
          )}
          {range && unselectedBetween > 0 && (
            <p className="muted small" data-testid="range-includes-between">
              The invoice covers every day from {formatDay(range.start)} to {formatDay(range.end)}, so it also bills the{' '}
              {unselectedBetween === 1 ? 'period' : `${unselectedBetween} periods`} with usage between those selected.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
