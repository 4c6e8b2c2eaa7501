/**
 * An independent oracle for computeTotals: the same totals in SQL, with Postgres `numeric` (exact)
 * and `round(numeric, digits)` (halves away from zero: our half-up), for 2,000 random invoices.
 * The invoices come from a fixed seed so a failure reproduces; if one fails, keep its seed below.
 * Percent is applied as `× 0.01`, not `/ 100`: numeric division rounds its quotient to a scale of
 * its choosing (about 16 significant digits), which rounds twice on large bases; multiplication is exact.
 */
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currencyExponent } from './currencies';
import { decimalToString } from './money';
import { type InvoiceTotals, type TotalsLine, computeTotals } from './totals';

const SEED = 20260401;
const INVOICES = 2_000;

/** A decimal biased towards what breaks rounding: exact halves at the minor unit, and values past 2^53 units. */
const decimalArb = (maxIntegerDigits: number, maxScale: number, allowNegative: boolean) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: maxScale }),
      fc.oneof(
        { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 6n }) },
        { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 4n }).map((n) => n * 10n + 5n) }, // ends in 5: a tie at one digit less
        { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 21n }) },
      ),
      fc.boolean(),
    )
    .map(([scale, units, negative]) => {
      const limit = 10n ** BigInt(maxIntegerDigits + scale);
      const value = units % limit;
      return decimalToString({ units: allowNegative && negative ? -value : value, scale });
    });

const lineArb: fc.Arbitrary<TotalsLine> = fc.record({
  quantity: decimalArb(6, 3, true),
  unitPrice: decimalArb(9, 6, false),
  taxRate: fc.constantFrom('0', '5', '7.5', '10', '19', '20', '20.00', '21', '8.875', '0.5'),
  amount: fc.option(decimalArb(15, 6, true), { nil: null, freq: 3 }),
});

const invoiceArb = fc.record({
  currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD', 'KWD', 'CLF'),
  lines: fc.array(lineArb, { maxLength: 25, size: 'max' }),
});

const invoices = fc.sample(invoiceArb, { numRuns: INVOICES, seed: SEED });

let db: PGlite;

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`
    create table invoices (id int primary key, digits int not null);
    create table lines (invoice_id int not null, position int not null, quantity numeric not null,
      unit_price numeric not null, tax_rate numeric not null, amount numeric);
  `);
  // Literals are our own generated decimal strings; quote them as text so Postgres parses them as numeric.
  await db.exec(`insert into invoices values ${invoices.map((inv, i) => `(${i}, ${currencyExponent(inv.currency)})`).join(',')}`);
  const rows = invoices.flatMap((inv, i) =>
    inv.lines.map(
      (l, p) => `(${i}, ${p}, '${l.quantity}', '${l.unitPrice}', '${l.taxRate}', ${l.amount == null ? 'null' : `'${l.amount}'`})`,
    ),
  );
  for (let start = 0; start < rows.length; start += 5_000) {
    await db.exec(`insert into lines values ${rows.slice(start, start + 5_000).join(',')}`);
  }
}, 120_000);

afterAll(async () => {
  await db.close();
});

describe('computeTotals against Postgres numeric', () => {
  it(`agrees to the minor unit on ${INVOICES} random invoices (half-up)`, async () => {
    const nets = await db.query<{ invoice_id: number; nets: string[] | null }>(`
      select i.id as invoice_id,
        array_agg(round(coalesce(l.amount, l.quantity * l.unit_price), i.digits)::text order by l.position)
          filter (where l.position is not null) as nets
      from invoices i left join lines l on l.invoice_id = i.id
      group by i.id order by i.id`);
    const taxes = await db.query<{ invoice_id: number; rate: string; base: string; tax: string }>(`
      with line_nets as (
        select l.invoice_id, l.tax_rate, i.digits, round(coalesce(l.amount, l.quantity * l.unit_price), i.digits) as net
        from lines l join invoices i on i.id = l.invoice_id
      )
      select invoice_id, trim_scale(tax_rate)::text as rate, sum(net)::text as base,
        round(sum(net) * tax_rate * 0.01, digits)::text as tax
      from line_nets group by invoice_id, tax_rate, digits order by invoice_id, tax_rate`);
    const sums = await db.query<{ invoice_id: number; net: string; tax: string; total: string }>(`
      with line_nets as (
        select l.invoice_id, l.tax_rate, round(coalesce(l.amount, l.quantity * l.unit_price), i.digits) as net
        from lines l join invoices i on i.id = l.invoice_id
      ), rate_taxes as (
        select n.invoice_id, sum(n.net) as base, round(sum(n.net) * n.tax_rate * 0.01, i.digits) as tax
        from line_nets n join invoices i on i.id = n.invoice_id group by n.invoice_id, n.tax_rate, i.digits
      )
      select i.id as invoice_id,
        round(coalesce(sum(t.base), 0), i.digits)::text as net,
        round(coalesce(sum(t.tax), 0), i.digits)::text as tax,
        round(coalesce(sum(t.base + t.tax), 0), i.digits)::text as total
      from invoices i left join rate_taxes t on t.invoice_id = i.id group by i.id order by i.id`);

    const expected: InvoiceTotals[] = invoices.map(() => ({ lines: [], taxes: [], net: '', tax: '', total: '' }));
    for (const row of nets.rows) expected[row.invoice_id]!.lines = (row.nets ?? []).map((net) => ({ net }));
    for (const row of taxes.rows) expected[row.invoice_id]!.taxes.push({ rate: row.rate, base: row.base, tax: row.tax });
    for (const row of sums.rows) Object.assign(expected[row.invoice_id]!, { net: row.net, tax: row.tax, total: row.total });

    let lines = 0;
    invoices.forEach((invoice, i) => {
      lines += invoice.lines.length;
      expect(computeTotals(invoice.lines, invoice.currency, 'half-up'), `invoice ${i} (seed ${SEED})`).toEqual(expected[i]);
    });
    // The sample really exercised the engine: many lines, and every currency.
    expect(lines).toBeGreaterThan(INVOICES * 10);
    expect(new Set(invoices.map((inv) => inv.currency)).size).toBe(6);
  }, 120_000);
});
