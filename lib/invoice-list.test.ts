import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INVOICE_LIST_VIEW,
  compareInvoicePeriods,
  compareInvoiceTotals,
  invoiceListTotals,
  invoiceListViewFromParams,
  invoiceSearch,
  invoiceSettled,
  TOTALS_IDENTITY_NOTE,
  withInvoiceListView,
  type InvoiceListView,
} from './invoice-list';
import { indexCustomers } from './customer-search';
import { addDecimals, subtractDecimals } from './money';
import { unappliedOf } from './payments';
import { testInvoice } from './test-fixtures';

describe('compareInvoiceTotals', () => {
  const eur1087 = { currency: 'EUR', total: '1087.00' };
  const eur5 = { currency: 'EUR', total: '5.00' };
  const usd802 = { currency: 'USD', total: '802.00' };
  const usd9000 = { currency: 'USD', total: '9000.00' };
  const usdCredit = { currency: 'USD', total: '-30.00' };
  const jpy = { currency: 'JPY', total: '150000' };
  const all = [usd802, eur1087, usdCredit, jpy, usd9000, eur5];

  it('orders by currency, then by amount within a currency, never comparing amounts across currencies', () => {
    // 150000 yen is not "more" than $9,000.00, nor €1,087.00 more than $802.00: each currency apart, A to Z.
    expect([...all].sort((a, b) => compareInvoiceTotals(a, b))).toEqual([eur5, eur1087, jpy, usdCredit, usd802, usd9000]);
  });

  it('descending, keeps the currencies where they were and puts each one’s largest first', () => {
    expect([...all].sort((a, b) => compareInvoiceTotals(a, b, true))).toEqual([eur1087, eur5, jpy, usd9000, usd802, usdCredit]);
  });

  it('compares amounts by value, not as text', () => {
    expect(compareInvoiceTotals({ currency: 'USD', total: '10.5' }, { currency: 'USD', total: '10.50' })).toBe(0);
    expect(compareInvoiceTotals({ currency: 'USD', total: '9.00' }, { currency: 'USD', total: '10.00' })).toBe(-1);
  });
});

describe('compareInvoicePeriods', () => {
  const period = (periodStart: string | null, periodEnd: string | null) => ({ periodStart, periodEnd });
  const october = period('2026-10-01', '2026-10-31');
  const octoberFirstHalf = period('2026-10-01', '2026-10-15');
  const november = period('2026-11-01', '2026-11-30');
  const decemberToJanuary = period('2026-12-01', '2027-01-31');
  const fromNovember15 = period('2026-11-15', null);
  const toOctober10 = period(null, '2026-10-10');
  const none = period(null, null);
  const all = [november, none, decemberToJanuary, october, fromNovember15, toOctober10, octoberFirstHalf];

  it('orders by first day, then by last day; a period open at one end is unbounded there; none at all comes last', () => {
    expect([...all].sort((a, b) => compareInvoicePeriods(a, b))).toEqual([toOctober10, octoberFirstHalf, october, november, fromNovember15, decemberToJanuary, none]);
  });

  it('descending, puts the latest first and still leaves the invoices without a period last', () => {
    expect([...all].sort((a, b) => compareInvoicePeriods(a, b, true))).toEqual([decemberToJanuary, fromNovember15, november, october, octoberFirstHalf, toOctober10, none]);
  });

  it('is a tie for the same period, and for two invoices without one', () => {
    expect(compareInvoicePeriods(period('2026-11-01', '2026-11-30'), november)).toBe(0);
    expect(compareInvoicePeriods(none, period(null, null), true)).toBe(0);
  });
});

describe('invoiceListTotals', () => {
  it('adds up the issued invoices and credit notes per currency, exactly, leaving out drafts and void invoices', () => {
    const totals = invoiceListTotals([
      testInvoice({ status: 'issued', number: 'INV-1', currency: 'USD', total: '123.45', paid: '23.40' }),
      testInvoice({ status: 'issued', number: null, currency: 'USD', total: '0.10', paid: '0.00' }),
      testInvoice({ status: 'issued', number: 'INV-3', currency: 'USD', total: '0.20', paid: '0.20' }),
      // A credit note of −30.00 with 12.50 of it applied: 17.50 of credit left.
      testInvoice({ status: 'issued', number: 'INV-4', currency: 'USD', total: '-30.00', paid: '-12.50' }),
      testInvoice({ status: 'draft', currency: 'USD', total: '15.00', paid: '0.00' }),
      testInvoice({ status: 'void', number: 'INV-6', currency: 'USD', total: '99.99', paid: '10.00' }),
      testInvoice({ status: 'issued', number: 'F-1', currency: 'EUR', total: '1087.00', paid: '87.00' }),
      testInvoice({ status: 'void', number: 'F-2', currency: 'EUR', total: '5.00', paid: '0.00' }),
      testInvoice({ status: 'issued', number: 'J-1', currency: 'JPY', total: '1200', paid: '200' }),
    ]);
    expect(totals).toEqual({
      byCurrency: [
        { currency: 'EUR', invoices: 1, total: '1087.00', paid: '87.00', creditNotes: 0, creditApplied: '0', balance: '1000.00' },
        { currency: 'JPY', invoices: 1, total: '1200', paid: '200', creditNotes: 0, creditApplied: '0', balance: '1000' },
        // Total: 123.45 + 0.10 + 0.20 − 30.00 = 93.75 (0.10 + 0.20 exactly 0.30, no float in sight).
        // Paid: 23.40 + 0.00 + 0.20 = 23.60 (not the void invoice's 10.00); credit applied: 12.50, positive.
        // Balance: 100.05 + 0.10 + 0.00 − 17.50 = 82.65 = 93.75 − 23.60 + 12.50.
        { currency: 'USD', invoices: 4, total: '93.75', paid: '23.60', creditNotes: 1, creditApplied: '12.50', balance: '82.65' },
      ],
      drafts: 1,
      voided: 2,
    });
  });

  it('is a balance below zero when the credit left is more than what is owed, and nothing at all for no invoice', () => {
    expect(
      invoiceListTotals([
        testInvoice({ status: 'issued', number: 'INV-1', currency: 'USD', total: '10.00', paid: '0.00' }),
        testInvoice({ status: 'issued', number: 'INV-2', currency: 'USD', total: '-30.00', paid: '0.00' }),
      ]).byCurrency,
    ).toEqual([{ currency: 'USD', invoices: 2, total: '-20.00', paid: '0.00', creditNotes: 1, creditApplied: '0.00', balance: '-20.00' }]);
    expect(invoiceListTotals([])).toEqual({ byCurrency: [], drafts: 0, voided: 0 });
    expect(invoiceListTotals([testInvoice({ status: 'draft' })])).toEqual({ byCurrency: [], drafts: 1, voided: 0 });
  });
});

describe('invoiceSettled', () => {
  it("is what an invoice was paid, and how much of a credit note's credit was applied, both as positive amounts", () => {
    expect(invoiceSettled({ total: '120.00', paid: '30.00' })).toEqual({ kind: 'paid', amount: '30.00' });
    // A credit note of −50.00 with 20.00 of it applied to invoices: its paid is −20.00.
    expect(invoiceSettled({ total: '-50.00', paid: '-20.00' })).toEqual({ kind: 'credit applied', amount: '20.00' });
    expect(invoiceSettled({ total: '-50.00', paid: '0.00' })).toEqual({ kind: 'credit applied', amount: '0.00' });
    // An invoice of nothing is an invoice, not a credit note.
    expect(invoiceSettled({ total: '0.00', paid: '0.00' })).toEqual({ kind: 'paid', amount: '0.00' });
  });

  it('adds up in the totals as the list shows it: paid on the invoices, credit applied on the credit notes', () => {
    const [usd] = invoiceListTotals([
      testInvoice({ status: 'issued', number: 'INV-1', total: '40.00', paid: '12.50' }),
      testInvoice({ status: 'issued', number: 'INV-2', total: '-30.00', paid: '-12.50' }),
      testInvoice({ status: 'issued', number: 'INV-3', total: '-5.00', paid: '-5.00' }),
    ]).byCurrency;
    // 12.50 + 5.00 = 17.50 applied; the balance 27.50 − 17.50 + 0.00 = 10.00 = 5.00 − 12.50 + 17.50.
    expect(usd).toMatchObject({ total: '5.00', paid: '12.50', creditNotes: 2, creditApplied: '17.50', balance: '10.00' });
  });
});

describe('TOTALS_IDENTITY_NOTE: what Paid less Credit applied is', () => {
  it('is the money received that went to the invoices listed, not all the money received: what no invoice took is the customer\'s credit, in neither figure', () => {
    // $110.00 received: $84.86 to INV-1, $25.14 left unapplied; credit note INV-2's $43.86 applied to INV-1 (a payment of 0).
    const payments = [
      { amount: '110.00', allocations: [{ invoiceId: 'inv-1', amount: '84.86' }] },
      { amount: '0.00', allocations: [{ invoiceId: 'inv-2', amount: '-43.86' }, { invoiceId: 'inv-1', amount: '43.86' }] },
    ];
    const paidOn = (id: string) => addDecimals('0', ...payments.flatMap((p) => p.allocations.filter((a) => a.invoiceId === id).map((a) => a.amount)));
    const [usd] = invoiceListTotals([
      testInvoice({ id: '0190a000-0001-7000-8000-000000000001', status: 'issued', number: 'INV-1', total: '128.72', paid: paidOn('inv-1') }),
      testInvoice({ id: '0190a000-0001-7000-8000-000000000002', status: 'issued', number: 'INV-2', total: '-43.86', paid: paidOn('inv-2') }),
    ]).byCurrency;
    expect(usd).toMatchObject({ paid: '128.72', creditApplied: '43.86' });
    const received = addDecimals('0', ...payments.map((p) => p.amount));
    const unapplied = addDecimals('0', ...payments.map(unappliedOf));
    // 128.72 − 43.86 = 84.86: the money that went to the invoices, not the 110.00 received; the 25.14 between is unapplied credit.
    expect(subtractDecimals(usd!.paid, usd!.creditApplied)).toBe('84.86');
    expect([received, unapplied, subtractDecimals(received, unapplied)]).toEqual(['110.00', '25.14', '84.86']);
    // The note says so, and no longer that Paid less Credit applied is the money received.
    expect(TOTALS_IDENTITY_NOTE).toContain('Paid less Credit applied is the money received that went to the invoices listed');
    expect(TOTALS_IDENTITY_NOTE).toContain('money received and not put against any invoice (an overpayment, a payment in advance, or one taken off a void invoice) is the customer’s credit, in neither figure');
    expect(TOTALS_IDENTITY_NOTE).not.toMatch(/Credit applied is the money received[,.]/);
  });
});

describe('invoiceListViewFromParams and withInvoiceListView', () => {
  const params = (query: string) => new URLSearchParams(query);
  const everything: InvoiceListView = {
    search: 'INV 1',
    status: 'partly paid',
    customer: 'c-1',
    from: '2026-11-01',
    to: '2026-11-30',
    sort: { key: 'dueDate', descending: true },
  };

  it('keeps every filter and the order in the URL, and reads them back the same', () => {
    const query = withInvoiceListView(params(''), everything).toString();
    expect(query).toBe('search=INV+1&status=partly+paid&customer=c-1&from=2026-11-01&to=2026-11-30&sort=due&dir=desc');
    expect(invoiceListViewFromParams(params(query))).toEqual(everything);
  });

  it('writes nothing for the usual list (every invoice, newest first), so it stays plain /invoices', () => {
    expect(withInvoiceListView(params('search=x&status=paid&sort=total&dir=asc'), DEFAULT_INVOICE_LIST_VIEW).toString()).toBe('');
    expect(invoiceListViewFromParams(params(''))).toEqual(DEFAULT_INVOICE_LIST_VIEW);
    // A search of spaces only filters nothing: not worth a parameter.
    expect(withInvoiceListView(params(''), { ...DEFAULT_INVOICE_LIST_VIEW, search: '  ' }).toString()).toBe('');
    // Oldest first is not the usual order: it is written, column and direction.
    expect(withInvoiceListView(params(''), { ...DEFAULT_INVOICE_LIST_VIEW, sort: { key: 'invoiceDate', descending: false } }).toString()).toBe('sort=date&dir=asc');
  });

  it('ignores a value it cannot show, as if absent, and keeps the others', () => {
    expect(invoiceListViewFromParams(params('status=foo&from=2026-13-45&to=2026-02-30&sort=bogus&dir=asc&search=Globex'))).toEqual({
      ...DEFAULT_INVOICE_LIST_VIEW,
      search: 'Globex',
    });
    expect(invoiceListViewFromParams(params('status=Paid&from=2026-11-1&to=tomorrow'))).toEqual(DEFAULT_INVOICE_LIST_VIEW);
    // A known column with an unknown direction sorts as its header's first press does.
    expect(invoiceListViewFromParams(params('sort=total&dir=up')).sort).toEqual({ key: 'total', descending: false });
    expect(invoiceListViewFromParams(params('sort=date')).sort).toEqual({ key: 'invoiceDate', descending: true });
    expect(invoiceListViewFromParams(params('dir=asc')).sort).toEqual({ key: 'invoiceDate', descending: false });
  });

  it("leaves the page's own parameters alone: the customer page's id, and its customer parameter where the list has no customer filter", () => {
    const onCustomerPage = withInvoiceListView(params('id=c-9&customer=keep&status=paid'), { ...everything, customer: '' }, false);
    expect(onCustomerPage.get('id')).toBe('c-9');
    expect(onCustomerPage.get('customer')).toBe('keep');
    expect(onCustomerPage.get('status')).toBe('partly paid');
    expect(invoiceListViewFromParams(onCustomerPage, false).customer).toBe('');
  });

  it('writes its parameters in one order, whichever filter was set first', () => {
    const customerFirst = withInvoiceListView(params('customer=c-1'), { ...DEFAULT_INVOICE_LIST_VIEW, customer: 'c-1', search: 'INV' });
    expect(customerFirst.toString()).toBe('search=INV&customer=c-1');
  });
});

describe('invoiceSearch', () => {
  const acme = { id: 'acme', name: 'Acme', company: 'Acme Telecom SARL', externalId: 'acme-01', status: 'active' as const };
  const globex = { id: 'globex', name: 'Globex Carrier', company: 'Globex Ltd', externalId: 'GLX-1', status: 'active' as const };
  const customers = indexCustomers([acme, globex]);
  const acmeInvoice = { status: 'issued' as const, number: 'NW-2026-100', customerId: acme.id };
  const globexDraft = { status: 'draft' as const, number: null, customerId: globex.id };
  const listed = [
    { invoice: acmeInvoice, issuedTo: 'Acme' },
    { invoice: globexDraft, issuedTo: 'Globex Carrier' },
  ];
  const found = (query: string) => {
    const search = invoiceSearch(customers, query)!;
    return listed.filter(({ invoice, issuedTo }) => search(invoice, issuedTo)).map(({ invoice }) => invoice.customerId);
  };

  it("finds a customer's invoices by its company or external accounting id, as the customer picker finds the customer", () => {
    expect(found('Acme Telecom SARL')).toEqual(['acme']);
    expect(found('acme-01')).toEqual(['acme']);
    expect(found('glx')).toEqual(['globex']);
  });

  it('finds an invoice by its number or the name it was issued to (a customer renamed since), case and accents aside', () => {
    expect(found('nw-2026')).toEqual(['acme']);
    expect(found('DRAFT')).toEqual(['globex']);
    expect(invoiceSearch(customers, 'societe reseau')?.(acmeInvoice, 'Société Réseau')).toBe(true);
    expect(found('nobody')).toEqual([]);
  });

  it('is null for a blank query: every invoice is listed', () => {
    expect(invoiceSearch(customers, '  ')).toBeNull();
  });
});
