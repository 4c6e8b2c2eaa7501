'use client';

/**
 * Receivables aging (lib/aging): per customer and currency, the open invoices' balances by days past
 * due, the credit not yet applied, and the net owed, as of today in My Account's timezone; the
 * totals per currency under them. From the device's own data, offline too; CSV for the accountant.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { AGING_BUCKETS, agingTotals, receivablesAging, type AgingRow } from '@/lib/aging';
import { agingToCsv } from '@/lib/csv';
import { compareDecimals } from '@/lib/money';
import { saveBlob } from '../../_components/download';
import { formatDay } from '../../_components/locale';
import { Money } from '../../_components/money';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { useAccountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { ScrollRegion } from '../../_components/scroll-region';

/** The report's columns: on a phone each customer a card, each amount labelled by its column. */
const CUSTOMER_COLUMN: CardColumn = { header: 'Customer', rowHeader: true };
const OWED_COLUMN: CardColumn = { header: 'Owed', numeric: true, label: true };
const CREDIT_COLUMN: CardColumn = { header: 'Credit', numeric: true, label: true };
const NET_COLUMN: CardColumn = { header: 'Net', numeric: true, label: true };
const AGING_COLUMNS: readonly CardColumn[] = [
  CUSTOMER_COLUMN,
  ...AGING_BUCKETS.map((bucket): CardColumn => ({ header: bucket, numeric: true, label: true })),
  OWED_COLUMN,
  CREDIT_COLUMN,
  NET_COLUMN,
];

export default function AgingPage() {
  const today = useAccountToday();
  const data = useLiveQuery(async () => {
    const db = localDb();
    const [invoices, payments, customers] = await Promise.all([db.invoices.where('status').equals('issued').toArray(), db.payments.toArray(), db.customers.toArray()]);
    return { invoices, payments, names: new Map(customers.map((c) => [c.id, c.name])) };
  }, []);
  if (today === undefined || data === undefined) return <p className="muted">Loading…</p>;
  const rows = receivablesAging(data.invoices, data.payments, today);
  const totals = agingTotals(rows);
  const nameOf = (row: AgingRow) => data.names.get(row.customerId) ?? 'Customer not on this device';

  function exportCsv() {
    const csv = agingToCsv(rows.map((row) => ({ row, customerName: nameOf(row) })), today!);
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `aging-${today}.csv`);
  }

  return (
    <>
      <div className="page-head">
        <h1>Receivables aging</h1>
        <div className="actions">
          <Link href="/invoices" className="button">
            Invoices
          </Link>
          {rows.length > 0 && (
            <button type="button" className="button" onClick={exportCsv}>
              Export CSV
            </button>
          )}
        </div>
      </div>
      <p className="muted">
        As of {formatDay(today)} (today in My Account&apos;s timezone): what each customer still owes on issued invoices, by days past their due date;
        the credit not yet applied (credit notes, payments beyond their invoices); and Net, what is owed less that credit (below zero when the credit is
        more). Never added across currencies.
      </p>
      <p className="muted" data-testid="aging-versus-list">
        Owed adds up the open invoices&apos; balances, as the Invoices list shows them. Net also takes off the credit: the list&apos;s totals count
        credit notes against the balance too, but not payments received beyond their invoices, which only the customer&apos;s page and this report deduct.
      </p>
      {rows.length === 0 ? (
        <p className="card" data-testid="aging-empty">
          Nothing is owed: no issued invoice has a balance left to pay, and no customer has credit left.
        </p>
      ) : (
        totals.map((total) => (
          <section key={total.currency} className="stack" aria-labelledby={`aging-${total.currency}`}>
            <h2 id={`aging-${total.currency}`}>{total.currency}</h2>
            <ScrollRegion label={`Receivables in ${total.currency}`}>
              <PhoneCardsTable
                columns={AGING_COLUMNS}
                className="table aging-cards"
                testId={`aging-${total.currency}`}
                caption={`Receivables in ${total.currency} by days past due, largest net first`}
              >
                {rows
                  .filter((row) => row.currency === total.currency)
                  .map((row) => (
                    <CardRow key={row.customerId}>
                      <CardCell column={CUSTOMER_COLUMN} className="aging-customer">
                        <Link href={`/invoices?customer=${encodeURIComponent(row.customerId)}`}>
                          <bdi>{nameOf(row)}</bdi>
                        </Link>
                        {row.oldestDue && <div className="muted small">Oldest due {formatDay(row.oldestDue)}</div>}
                      </CardCell>
                      <AmountCells row={row} />
                    </CardRow>
                  ))}
                {/* The totals: on a phone a last card, "Total" over its amounts. */}
                <CardRow testId={`aging-${total.currency}-total`}>
                  <CardCell column={CUSTOMER_COLUMN} className="aging-customer aging-total">
                    Total
                  </CardCell>
                  <AmountCells row={total} />
                </CardRow>
              </PhoneCardsTable>
            </ScrollRegion>
          </section>
        ))
      )}
    </>
  );
}

/**
 * A row's amounts: the buckets (blank where nothing is in one), owed, credit and net. Credit is a
 * positive figure, as on the customer's page, the statement and the CSV's `credit` ("$25.14", not
 * "-$25.14"); Net (owed less credit) carries the sign, below zero when the credit is more.
 */
function AmountCells({ row }: { row: AgingRow }) {
  const isZero = (value: string) => compareDecimals(value, '0') === 0;
  return (
    <>
      {row.buckets.map((value, i) => (
        <CardCell key={AGING_BUCKETS[i]} column={AGING_COLUMNS[i + 1]!} className={i >= 2 && !isZero(value) ? 'overdue' : undefined} blank={isZero(value)}>
          {!isZero(value) && <Money amount={value} currency={row.currency} />}
        </CardCell>
      ))}
      <CardCell column={OWED_COLUMN} blank={isZero(row.owed)}>
        {!isZero(row.owed) && <Money amount={row.owed} currency={row.currency} />}
      </CardCell>
      <CardCell column={CREDIT_COLUMN} blank={isZero(row.credit)}>
        {!isZero(row.credit) && <Money amount={row.credit} currency={row.currency} />}
      </CardCell>
      <CardCell column={NET_COLUMN} className="aging-net">
        <strong>
          <Money amount={row.net} currency={row.currency} />
        </strong>
      </CardCell>
    </>
  );
}
