import { describe, expect, it } from 'vitest';
import { buildStatement } from '@/lib/statement';
import { sampleAccount, sampleCustomer, sampleId, sampleInvoice, SAMPLE_PARTY_TEXTS } from './sample-invoice';
import { buildStatementModel, statementTexts } from './statement-model';

describe('statementTexts', () => {
  it('gives every string the statement prints from its data, to choose its fonts: the parties, the facts, the rows, how to pay, the footer', () => {
    const customer = sampleCustomer();
    const invoice = sampleInvoice({ id: sampleId(2, 7), customerId: customer.id, number: 'INV-2', invoiceDate: '2026-03-01', dueDate: '2026-03-15', total: '100.00', paid: '0.00' });
    const statement = buildStatement({ customerId: customer.id, currency: 'EUR', from: '2026-03-01', to: '2026-03-31', today: '2026-04-02', invoices: [invoice], payments: [] });
    const model = buildStatementModel({ account: sampleAccount(), customer, statement, date: '2026-04-02' });
    expect([...statementTexts(model)]).toEqual([
      ...SAMPLE_PARTY_TEXTS,
      // The facts' values.
      'Apr 2, 2026',
      'Mar 1–31, 2026',
      'EUR',
      'Opening balance',
      'Invoice INV-2',
      'IBAN CH93 0076 2011 6238 5295 7 · BIC POFICHBEXXX\nPlease quote the invoice number with your payment.',
      'Zürich Telekom AG · Statement Mar 1–31, 2026 · Łódź Connect',
    ]);
  });
});

describe('buildStatementModel', () => {
  it('prints a statement of a month not over yet as of its day: the period to today, closing and overdue at today', () => {
    const customer = sampleCustomer();
    const invoice = sampleInvoice({ id: sampleId(2, 7), customerId: customer.id, number: 'INV-2', invoiceDate: '2026-12-01', dueDate: '2026-12-05', total: '100.00', paid: '0.00' });
    const statement = buildStatement({ customerId: customer.id, currency: 'EUR', from: '2026-12-01', to: '2026-12-31', today: '2026-12-07', invoices: [invoice], payments: [] });
    const model = buildStatementModel({ account: sampleAccount(), customer, statement, date: '2026-12-07' });
    expect(model.meta.find((m) => m.label === 'Period')?.value).toBe('Dec 1–7, 2026');
    expect(model.summary.map((s) => s.label)).toEqual(['Opening balance Dec 1, 2026', 'Invoices', 'Payments and credit notes', 'Closing balance Dec 7, 2026', 'Overdue at Dec 7, 2026']);
    expect(model.headerRight).toBe('Statement Dec 1–7, 2026');
  });

  it('prints under the balances what a closing balance below zero means, in the words the screen says it (lib/statement), and nothing at zero or more', () => {
    const customer = sampleCustomer();
    const invoice = sampleInvoice({ id: sampleId(2, 7), customerId: customer.id, number: 'INV-2', invoiceDate: '2026-12-01', dueDate: '2026-12-05', total: '100.00', paid: '100.00' });
    // 115.31 received for an invoice of 100.00: the customer holds 15.31 of credit.
    const overpaid = { id: sampleId(3, 8), customerId: customer.id, date: '2026-12-02', amount: '115.31', currency: 'EUR', method: 'Bank transfer', reference: 'W-1', allocations: [{ invoiceId: invoice.id, amount: '100.00' }] };
    const made = (payments: (typeof overpaid)[]) =>
      buildStatementModel({
        account: sampleAccount(),
        customer,
        statement: buildStatement({ customerId: customer.id, currency: 'EUR', from: '2026-12-01', to: '2026-12-31', today: '2026-12-07', invoices: [invoice], payments }),
        date: '2026-12-07',
      });
    const credit = made([overpaid]);
    expect(credit.summary.find((s) => s.label === 'Closing balance Dec 7, 2026')?.value).toBe('-€15.31');
    expect(credit.closingNote).toBe('A balance below zero is credit the customer holds.');
    expect([...statementTexts(credit)]).toContain('A balance below zero is credit the customer holds.');
    const owed = made([]);
    expect(owed.closingNote).toBe('');
    expect([...statementTexts(owed)]).not.toContain('');
  });

  it('says on every page that a statement holding invoices not numbered yet is provisional, and why', () => {
    const customer = sampleCustomer();
    const pending = sampleInvoice({ id: sampleId(2, 8), customerId: customer.id, number: null, invoiceDate: '2026-12-01', dueDate: '2026-12-05', total: '100.00', paid: '0.00' });
    const statement = buildStatement({ customerId: customer.id, currency: 'EUR', from: '2026-12-01', to: '2026-12-31', today: '2026-12-07', invoices: [pending], payments: [] });
    const model = buildStatementModel({ account: sampleAccount(), customer, statement, date: '2026-12-07' });
    expect(model.rows.map((r) => r.description)).toEqual(['Opening balance', 'Invoice pending']);
    expect(model.meta.find((m) => m.label === 'Provisional')?.value).toBe('1 invoice has no number yet: sync this device, then make the statement again');
    expect(model.headerRight).toBe('Provisional statement Dec 1–7, 2026');
    expect(model.footer).toContain('Provisional statement Dec 1–7, 2026');
  });
});
