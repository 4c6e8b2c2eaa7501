'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { Customer } from '@/lib/entities';
import { formatAmount, formatDay, formatDecimal, formatInteger } from '../../_components/locale';
import { localDb } from '../../_local/db';
import { summarizeUsage, type SummaryPeriod, type UsageSummaryRow } from './usage-summary';

const PERIODS: { value: SummaryPeriod; label: string }[] = [
  { value: 'day', label: 'By day' },
  { value: 'week', label: 'By week' },
  { value: 'month', label: 'By month' },
];

function periodLabel(row: UsageSummaryRow, period: SummaryPeriod): string {
  if (period === 'day') return formatDay(row.start, { dateStyle: 'medium' });
  if (period === 'month') return formatDay(row.start, { year: 'numeric', month: 'long' });
  return `${formatDay(row.start)} – ${formatDay(row.end)}`;
}

export function CustomerUsage({ customer }: { customer: Customer }) {
  const [period, setPeriod] = useState<SummaryPeriod>('month');
  const usage = useLiveQuery(() => localDb().usage.where('customerId').equals(customer.id).toArray(), [customer.id]);
  const rows = useMemo(() => (usage ? summarizeUsage(usage, period) : []), [usage, period]);
  return (
    <section className="card" aria-labelledby="usage-heading">
      <div className="section-head">
        <h2 id="usage-heading">Usage summary</h2>
        <div className="segmented" role="group" aria-label="Summarize usage">
          {PERIODS.map((p) => (
            <button key={p.value} type="button" className="button" aria-pressed={period === p.value} onClick={() => setPeriod(p.value)}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {usage && usage.length === 0 && <p className="muted">No usage recorded for this customer.</p>}
      {rows.length > 0 && (
        <div className="table-wrap scroll-y" tabIndex={0} role="region" aria-label="Usage summary table">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{period === 'day' ? 'Day' : period === 'week' ? 'Week' : 'Month'}</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Minutes
                </th>
                <th scope="col" className="num">
                  Charge
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.start}|${r.currency}`}>
                  <th scope="row">{periodLabel(r, period)}</th>
                  <td className="num">{formatInteger(r.calls)}</td>
                  <td className="num">{formatDecimal(r.minutes)}</td>
                  <td className="num">{formatAmount(r.charge, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
