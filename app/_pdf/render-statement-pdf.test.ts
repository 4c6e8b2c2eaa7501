/**
 * Renders statements of account on Node through the module the worker uses and reads them back
 * with poppler and qpdf (pdf-test-tools), as the invoice PDF's tests do.
 */
import { describe, expect, it } from 'vitest';
import type { Invoice, Payment } from '@/lib/entities';
import { formatMoney } from '@/lib/money';
import { buildStatement } from '@/lib/statement';
import { checkPdf } from './pdf-test-tools';
import { renderStatementPdf, renderStatementPdfWithDetails } from './render-statement-pdf';
import { sampleAccount, sampleCustomer, sampleId, sampleInvoice } from './sample-invoice';
import { statementPdfFileName, type StatementPdfData } from './statement-pdf-data';

/** pdftotext -layout pads columns with spaces and turns no-break spaces into plain ones: compare with single spaces. */
const squash = (s: string) => s.replace(/[ \t\u00a0\u202f]+/g, ' ');
const eur = (amount: string) => squash(formatMoney(amount, 'EUR'));

// A 1×1 PNG (red pixel), a valid logo.
const PNG_1X1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const customer = sampleCustomer();

function issued(n: number, overrides: Partial<Invoice>): Invoice {
  return sampleInvoice({ id: sampleId(n, 7), customerId: customer.id, number: `INV-${n}`, status: 'issued', ...overrides });
}

function paid(n: number, overrides: Partial<Payment>): Payment {
  return { id: sampleId(n, 8), customerId: customer.id, date: '2026-03-01', amount: '0.00', currency: 'EUR', method: 'Bank transfer', reference: `WIRE-${n}`, allocations: [], ...overrides };
}

/** March's statement, made on `overrides.date` (Apr 2 unless given), as the statement's screen makes it: that day is its today. */
function statementData(invoices: Invoice[], payments: Payment[], overrides: Partial<StatementPdfData> = {}): StatementPdfData {
  const date = overrides.date ?? '2026-04-02';
  const statement = buildStatement({ customerId: customer.id, currency: 'EUR', from: '2026-03-01', to: '2026-03-31', today: date, invoices, payments });
  return { account: sampleAccount(), customer, statement, date, ...overrides };
}

const february = issued(1, { invoiceDate: '2026-02-01', dueDate: '2026-03-03', total: '1200.00', paid: '1200.00' });
const march = issued(2, { invoiceDate: '2026-03-01', dueDate: '2026-03-15', total: '987.65', paid: '400.00' });
const credit = issued(3, { invoiceDate: '2026-03-10', dueDate: '2026-03-10', total: '-50.00', paid: '0.00' });
const payments = [
  paid(1, { date: '2026-02-20', amount: '1000.00', allocations: [{ invoiceId: february.id, amount: '1000.00' }] }),
  paid(2, {
    date: '2026-03-05',
    amount: '600.00',
    allocations: [
      { invoiceId: february.id, amount: '200.00' },
      { invoiceId: march.id, amount: '400.00' },
    ],
  }),
];

describe('renderStatementPdf', () => {
  it('prints the seller, the customer, the period, every row with its running balance, and the balances the statement worked out', async () => {
    const data = statementData([february, march, credit], payments);
    const pdf = checkPdf(await renderStatementPdf(data));
    const text = squash(pdf.text);
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(pdf.pages).toBe(1);
    expect(pdf.pageSize).toContain('(A4)');
    expect(text).toMatch(/Zürich Telekom AG STATEMENT\n/);
    expect(text).toContain('Zürich Telekom AG');
    expect(text).toContain('Bahnhofstrasse 1');
    expect(text).toContain('STATEMENT FOR');
    expect(text).toContain(customer.name);
    expect(text).toContain('Period Mar 1–31, 2026');
    expect(text).toContain('Statement date Apr 2, 2026');
    // Opening: 1,200.00 − 1,000.00. Then the invoice, the payment, the credit note.
    expect(text).toContain(`Mar 1, 2026 Opening balance ${eur('200.00')}`);
    expect(text).toContain(`Mar 1, 2026 Invoice INV-2 Mar 15, 2026 ${eur('987.65')} ${eur('1187.65')}`);
    expect(text).toContain(`Mar 5, 2026 Payment WIRE-2 (Bank transfer) ${eur('600.00')} ${eur('587.65')}`);
    expect(text).toContain(`Mar 10, 2026 Credit note INV-3 ${eur('50.00')} ${eur('537.65')}`);
    expect(text).toContain(`Closing balance Mar 31, 2026 ${eur('537.65')}`);
    // INV-2, due Mar 15, still owed 587.65 at the end of March.
    expect(text).toContain(`Overdue at Mar 31, 2026 ${eur('587.65')}`);
    expect(text).toContain('Payment details');
    expect(text).toContain('IBAN CH93 0076 2011 6238 5295 7');
    expect(text).toContain('Page 1 of 1');
    expect(pdf.fonts).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it('made before the period ends, prints overdue at the day it is made: an invoice due later in the period is not overdue yet', async () => {
    const text = squash(checkPdf(await renderStatementPdf(statementData([february, march, credit], payments, { date: '2026-03-12' }))).text);
    expect(text).toContain('Statement date Mar 12, 2026');
    // INV-2 is due Mar 15: on Mar 12 nothing is late.
    expect(text).toContain(`Overdue at Mar 12, 2026 ${eur('0.00')}`);
    expect(text).not.toContain('Overdue at Mar 31, 2026');
  });

  it('prints on the paper size of My Account, with its logo, and no payment details when nothing is owed', async () => {
    const settled = paid(3, { date: '2026-03-20', amount: '537.65', allocations: [{ invoiceId: march.id, amount: '537.65' }] });
    const data = statementData([february, march, credit], [...payments, settled], { account: sampleAccount({ paperSize: 'LETTER', logo: PNG_1X1 }) });
    const result = await renderStatementPdfWithDetails(data);
    const pdf = checkPdf(result.bytes);
    expect(result.warnings).toEqual([]);
    expect(pdf.pageSize).toContain('(letter)');
    expect(pdf.images).toBe(1);
    const text = squash(pdf.text);
    expect(text).toContain(`Closing balance Mar 31, 2026 ${eur('0.00')}`);
    expect(text).not.toContain('Payment details');
    expect(text).not.toContain('below zero');
  });

  it('prints under a closing balance below zero that it is credit the customer holds, and no payment details', async () => {
    // 600.00 more received than INV-2 owed: −50.00 closing, after the credit note.
    const overpaid = paid(3, { date: '2026-03-20', amount: '1137.65', allocations: [{ invoiceId: march.id, amount: '587.65' }] });
    const text = squash(checkPdf(await renderStatementPdf(statementData([february, march, credit], [...payments, overpaid]))).text);
    // 537.65 − 1,137.65
    expect(text).toContain(`Closing balance Mar 31, 2026 ${eur('-600.00')}`);
    expect(text).toMatch(new RegExp(`Overdue at Mar 31, 2026 ${eur('0.00').replace(/[.$]/g, '\\$&')}\\s+A balance below zero is credit the customer holds\\.`));
    expect(text).not.toContain('Payment details');
  });

  it('runs over pages with the column header and the period repeated on each', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      issued(100 + i, { invoiceDate: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`, dueDate: '2026-04-30', total: '10.00', paid: '0.00' }),
    );
    const data = statementData(many, []);
    const pdf = checkPdf(await renderStatementPdf(data));
    const text = squash(pdf.text);
    expect(pdf.pages).toBeGreaterThan(1);
    for (const invoice of many) expect(text).toContain(`Invoice ${invoice.number} `);
    expect(text.split('Due date Debit Credit Balance').length - 1).toBe(pdf.pages);
    expect(text.split('Statement Mar 1–31, 2026').length - 1).toBeGreaterThanOrEqual(pdf.pages);
    expect(text).toContain(`Closing balance Mar 31, 2026 ${eur('1200.00')}`);
    expect(text).toContain(`Page ${pdf.pages} of ${pdf.pages}`);
  });
});

describe('statementPdfFileName', () => {
  it('names the customer and the period, safe for file systems', () => {
    expect(statementPdfFileName('Globex Carrier', { from: '2026-03-01', to: '2026-03-31', currency: 'EUR' })).toBe('statement-Globex-Carrier-2026-03-01-2026-03-31.pdf');
    expect(statementPdfFileName('A/B: "C"', { from: '2026-03-01', to: '2026-03-31', currency: 'EUR' }, true)).toBe('statement-A-B-C-2026-03-01-2026-03-31-EUR.pdf');
  });
});
