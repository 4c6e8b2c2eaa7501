import { describe, expect, it } from 'vitest';
import type { InvoiceLine, Payment } from '@/lib/entities';
import { addDecimals } from '@/lib/money';
import { creditApplication } from '@/lib/payments';
import { snapshotParties } from '@/lib/invoice-parties';
import { buildInvoiceModel, linesHeadingOf, modelTexts } from './invoice-model';
import { sampleAccount, sampleCustomer, sampleId, sampleInvoice, sampleInvoicePdfData, sampleLine, SAMPLE_INVOICE_ID, SAMPLE_PARTY_TEXTS } from './sample-invoice';

describe('buildInvoiceModel payments', () => {
  it('lists the payments by date, then in the order they were entered, with the amount applied to this invoice', () => {
    const base = sampleInvoicePdfData(1, { invoice: sampleInvoice({ paid: '60.00' }) });
    const payment = (n: number, date: string, amount: string, other = '0'): Payment => ({
      id: sampleId(n, 9),
      customerId: base.customer.id,
      date,
      amount: addDecimals(amount, other),
      currency: base.invoice.currency,
      method: 'Bank transfer',
      reference: `REF-${n}`,
      allocations: [{ invoiceId: SAMPLE_INVOICE_ID, amount }, ...(other === '0' ? [] : [{ invoiceId: sampleId(99, 1), amount: other }])],
    });
    // Entered in this order: a February transfer, a January prepayment (before the invoice date), another February one.
    const model = buildInvoiceModel({
      ...base,
      payments: [payment(1, '2026-02-20', '10.00'), payment(2, '2026-01-15', '30.00', '5.00'), payment(3, '2026-02-20', '20.00')],
    });
    expect(model.payments.map((p) => `${p.date} ${p.reference} ${p.amount}`)).toEqual([
      'Jan 15, 2026 REF-2 €30.00',
      'Feb 20, 2026 REF-1 €10.00',
      'Feb 20, 2026 REF-3 €20.00',
    ]);
  });
});

describe('buildInvoiceModel dates', () => {
  const periodOf = (startDate: string | null, endDate: string | null) =>
    buildInvoiceModel(sampleInvoicePdfData(0, { lines: [{ ...sampleLine(0), startDate, endDate }] })).rows[0]!.period;
  /** A day's spaces do not break (the narrow Period column wraps a range after its dash): read them as spaces. */
  const read = (text: string) => text.replaceAll('\u00a0', ' ');

  it("prints a line's days as the screens write days, a range as briefly as reads unambiguously", () => {
    expect(read(periodOf('2026-09-01', '2026-09-30'))).toBe('Sep 1–30, 2026');
    expect(read(periodOf('2026-09-01', '2026-10-15'))).toBe('Sep 1 – Oct 15, 2026');
    expect(read(periodOf('2026-12-20', '2027-01-05'))).toBe('Dec 20, 2026 – Jan 5, 2027');
    expect(read(periodOf('2026-09-01', '2026-09-01'))).toBe('Sep 1, 2026');
    expect(read(periodOf('2026-09-01', null))).toBe('Sep 1, 2026');
    expect(read(periodOf(null, '2026-09-30'))).toBe('Sep 30, 2026');
    expect(periodOf(null, null)).toBe('');
  });

  it('breaks a range only after its dash, never inside a day nor before the dash', () => {
    expect(periodOf('2026-09-01', '2026-10-15').split(' ')).toEqual(['Sep\u00a01\u00a0–', 'Oct\u00a015,\u00a02026']);
    expect(periodOf('2026-12-20', '2027-01-05').split(' ')).toEqual(['Dec\u00a020,\u00a02026\u00a0–', 'Jan\u00a05,\u00a02027']);
    expect(periodOf('2026-09-01', '2026-09-30').split(' ')).toEqual(['Sep\u00a01–30,\u00a02026']);
  });

  it('prints the invoice date, due date and period as the screens write days', () => {
    const meta = (overrides: Parameters<typeof sampleInvoice>[0]) =>
      buildInvoiceModel(sampleInvoicePdfData(0, { invoice: sampleInvoice(overrides) })).meta.map((m) => `${m.label}: ${read(m.value)}`);
    expect(meta({ invoiceDate: '2027-01-06', dueDate: '2027-02-05', periodStart: '2026-12-20', periodEnd: '2027-01-05' })).toEqual([
      'Invoice no.: INV-000042',
      'Invoice date: Jan 6, 2027',
      'Due date: Feb 5, 2027',
      'Period: Dec 20, 2026 – Jan 5, 2027',
      'Currency: EUR',
    ]);
    expect(meta({ periodStart: '2026-09-01', periodEnd: '2026-09-30' })).toContain('Period: Sep 1–30, 2026');
    expect(meta({ periodStart: '2026-09-01', periodEnd: null })).toContain('Period: Sep 1, 2026 – …');
    expect(meta({ periodStart: null, periodEnd: '2026-09-30' })).toContain('Period: … – Sep 30, 2026');
  });

  it('prints no due date on a void invoice, and ends its totals with "Void — not owed", paid or not, as its screen does', () => {
    const voided = (paid: string) => buildInvoiceModel(sampleInvoicePdfData(1, { invoice: sampleInvoice({ status: 'void', voidReason: 'Wrong customer', paid }) }));
    const model = voided('0.00');
    expect(model.meta.map((m) => m.label)).not.toContain('Due date');
    expect(model.summary.at(-1)).toEqual({ label: 'Balance', value: 'Void — not owed' });
    expect(model.summary.map((s) => s.label)).not.toContain('Paid');
    expect(voided('10.00').summary.slice(-2).map((s) => `${s.label} ${s.value}`)).toEqual(['Paid €10.00', 'Balance Void — not owed']);
    // An issued invoice keeps its due date, and nothing under its Total with nothing paid.
    const issued = buildInvoiceModel(sampleInvoicePdfData(1));
    expect(issued.meta.map((m) => m.label)).toContain('Due date');
    expect(issued.summary.at(-1)!.label).toMatch(/^Total /);
  });
});

describe('buildInvoiceModel an invoice issued offline, its number pending', () => {
  const pending = (lines: InvoiceLine[] = []) =>
    buildInvoiceModel(sampleInvoicePdfData(1, { invoice: sampleInvoice({ number: null, status: 'issued' }), ...(lines.length > 0 ? { lines } : {}) }));

  it('prints as issued (an invoice, no draft title nor watermark), its number said to be pending until the device syncs', () => {
    const model = pending();
    expect(model.title).toBe('Invoice');
    expect(model.watermark).toBeNull();
    expect(model.number).toBe('pending \u2014 assigned on sync');
    expect(model.meta[0]).toEqual({ label: 'Invoice no.', value: 'pending \u2014 assigned on sync' });
    expect(model.footer).toBe('Zürich Telekom AG · Invoice no. pending \u2014 assigned on sync · Łódź Connect');
    expect(model.info.title).toBe('Invoice pending \u2014 assigned on sync');
    // Nothing it prints reads as a draft, nor as a number.
    const printed = [model.title, ...model.meta.map((m) => `${m.label} ${m.value}`), model.footer, model.info.title, model.info.subject].join('\n');
    expect(printed).not.toMatch(/draft/i);
    expect(printed).not.toContain('INV-');
  });

  it('a credit note issued offline is a credit note, its number pending the same way', () => {
    const model = pending([{ ...sampleLine(0), kind: 'manual', amount: null, quantity: '-1', unitPrice: '10', taxRate: '0' }]);
    expect(model.title).toBe('Credit note');
    expect(model.watermark).toBeNull();
    expect(model.meta[0]).toEqual({ label: 'Credit note no.', value: 'pending \u2014 assigned on sync' });
  });

  it('a draft is still a draft, its number "pending" (numbers are assigned on issue)', () => {
    const model = buildInvoiceModel(sampleInvoicePdfData(1, { invoice: sampleInvoice({ number: null, status: 'draft' }) }));
    expect(model.title).toBe('Draft invoice');
    expect(model.watermark).toBe('DRAFT');
    expect(model.number).toBe('pending');
  });
});

describe('buildInvoiceModel credit applied', () => {
  it('prints an application of credit on the invoice and on the credit note, each with the sign that reads right', () => {
    const INVOICE = SAMPLE_INVOICE_ID;
    const CREDIT_NOTE = sampleId(7, 1);
    const line = (invoiceId: string, quantity: string, unitPrice: string) => ({ ...sampleLine(0, invoiceId), kind: 'manual' as const, amount: null, quantity, unitPrice, taxRate: '0' });
    const application = creditApplication(
      { id: CREDIT_NOTE, customerId: sampleCustomer().id, currency: 'EUR', number: 'INV-6' },
      { id: sampleId(1, 9), date: '2026-02-20', allocations: [{ invoiceId: INVOICE, amount: '30.00' }], numbers: new Map([[INVOICE, 'INV-000042']]) },
    );
    const invoice = buildInvoiceModel({
      ...sampleInvoicePdfData(0, { invoice: sampleInvoice({ total: '100.00', paid: '30.00' }), lines: [line(INVOICE, '1', '100')] }),
      payments: [application],
    });
    expect(invoice.payments.map((p) => `${p.method} | ${p.reference} | ${p.amount}`)).toEqual(['Credit note INV-6 | Applied to INV-000042 | €30.00']);
    expect(invoice.summary.slice(-2).map((s) => `${s.label} ${s.value}`)).toEqual(['Paid €30.00', 'Balance due €70.00']);
    const creditNote = buildInvoiceModel({
      ...sampleInvoicePdfData(0, { invoice: sampleInvoice({ id: CREDIT_NOTE, number: 'INV-6', total: '-50.00', paid: '-30.00' }), lines: [line(CREDIT_NOTE, '-1', '50')] }),
      payments: [application],
    });
    expect(creditNote.title).toBe('Credit note');
    // Its own application is "Credit applied" (not "Credit note INV-6", naming itself), positive as on the invoice.
    expect(creditNote.payments.map((p) => `${p.method} | ${p.reference} | ${p.amount}`)).toEqual(['Credit applied | Applied to INV-000042 | €30.00']);
    expect(creditNote.summary.slice(-2).map((s) => `${s.label} ${s.value}`)).toEqual(['Credit applied €30.00', 'Credit left €20.00']);
  });
});

describe('buildInvoiceModel overpaid', () => {
  it('prints only what an overpayment (its credit applied later included) put against this invoice, never the money left as credit', () => {
    // 500.00 received: 60.00 against this invoice at first, 40.00 more applied later from the rest; 400.00 still the customer's credit.
    const lines = [{ ...sampleLine(0, SAMPLE_INVOICE_ID), kind: 'manual' as const, amount: null, quantity: '1', unitPrice: '100', taxRate: '0' }];
    const base = sampleInvoicePdfData(0, { invoice: sampleInvoice({ total: '100.00', paid: '100.00' }), lines });
    const overpayment: Payment = {
      id: sampleId(1, 9),
      customerId: base.customer.id,
      date: '2026-02-10',
      amount: '500.00',
      currency: 'EUR',
      method: 'Bank transfer',
      reference: 'WIRE-500',
      allocations: [{ invoiceId: SAMPLE_INVOICE_ID, amount: '100.00' }],
    };
    const model = buildInvoiceModel({ ...base, payments: [overpayment] });
    expect(model.payments.map((p) => `${p.date} ${p.reference} ${p.amount}`)).toEqual(['Feb 10, 2026 WIRE-500 €100.00']);
    expect(model.summary.slice(-2).map((s) => `${s.label} ${s.value}`)).toEqual(['Paid €100.00', 'Balance due €0.00']);
  });
});

describe('buildInvoiceModel replacement', () => {
  it('names the void invoice a replacement replaces under its number, a credit note as such; an invoice replacing none says nothing of it', () => {
    const meta = (model: ReturnType<typeof buildInvoiceModel>) => model.meta.map((m) => `${m.label} ${m.value}`);
    const replacement = sampleInvoicePdfData(1, { invoice: sampleInvoice({ number: 'INV-000043', replacesId: sampleId(5, 1) }) });
    expect(meta(buildInvoiceModel({ ...replacement, replaces: { number: 'INV-000042', status: 'void', total: '120.00' } })).slice(0, 2)).toEqual([
      'Invoice no. INV-000043',
      'Replaces invoice INV-000042',
    ]);
    expect(meta(buildInvoiceModel({ ...replacement, replaces: { number: 'INV-000040', status: 'void', total: '-10.00' } }))[1]).toBe('Replaces credit note INV-000040');
    expect(meta(buildInvoiceModel(sampleInvoicePdfData(1))).some((m) => m.startsWith('Replaces'))).toBe(false);
  });

  it('a credit note made by Credit note… names the invoice it credits and its date, after its own number', () => {
    const meta = (model: ReturnType<typeof buildInvoiceModel>) => model.meta.map((m) => `${m.label} ${m.value}`);
    const creditNote = sampleInvoicePdfData(1, { invoice: sampleInvoice({ number: 'INV-000044', creditsId: sampleId(5, 1) }) });
    expect(meta(buildInvoiceModel({ ...creditNote, credits: { number: 'INV-000042', status: 'issued', invoiceDate: '2026-02-01' } })).slice(0, 2)).toEqual([
      'Invoice no. INV-000044',
      'Credits invoice INV-000042 of Feb 1, 2026',
    ]);
    expect(meta(buildInvoiceModel({ ...creditNote, credits: { number: null, status: 'issued', invoiceDate: '2026-02-01' } }))[1]).toBe('Credits invoice pending of Feb 1, 2026');
    expect(meta(buildInvoiceModel(sampleInvoicePdfData(1))).some((m) => m.startsWith('Credits'))).toBe(false);
  });

  it('a void invoice names its replacement, so its PDF alone leads to the invoice now owed', () => {
    const meta = (model: ReturnType<typeof buildInvoiceModel>) => model.meta.map((m) => `${m.label} ${m.value}`);
    const voided = sampleInvoicePdfData(1, { invoice: sampleInvoice({ number: 'INV-000042', status: 'void', voidReason: 'Wrong period' }) });
    expect(meta(buildInvoiceModel({ ...voided, replacedBy: { number: 'INV-000043', status: 'issued', total: '120.00' } })).slice(-2)).toEqual([
      'Void Wrong period',
      'Replaced by invoice INV-000043',
    ]);
    expect(meta(buildInvoiceModel({ ...voided, replacedBy: { number: null, status: 'draft', total: '120.00' } })).at(-1)).toBe('Replaced by invoice draft');
    expect(meta(buildInvoiceModel(voided)).some((m) => m.startsWith('Replaced by'))).toBe(false);
  });
});

describe("buildInvoiceModel buyer's VAT id and tax note", () => {
  const reverseCharge = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)';
  const dutch = sampleCustomer({ vatId: 'NL123456789B01', taxNote: reverseCharge, taxRate: '0' });

  it('prints the VAT id under the address, before the reference, and the tax note, those the invoice was issued with', () => {
    const issued = sampleInvoice({ parties: snapshotParties(sampleAccount(), dutch, 'EUR') });
    // The customer since: another VAT id, no note.
    const model = buildInvoiceModel(sampleInvoicePdfData(1, { invoice: issued, customer: { ...dutch, vatId: 'NL999999999B01', taxNote: '' } }));
    expect(model.customer.details).toEqual(['VAT ID NL123456789B01', 'Customer ref. ACC-7781']);
    expect(model.taxNote).toBe(reverseCharge);
    expect([...modelTexts(model)]).toContain(reverseCharge);
  });

  it("prints a draft's customer as it is now, and nothing for a customer without them", () => {
    const draft = sampleInvoice({ status: 'draft', number: null, parties: null });
    expect(buildInvoiceModel(sampleInvoicePdfData(1, { invoice: draft, customer: dutch }))).toMatchObject({
      customer: { details: ['VAT ID NL123456789B01', 'Customer ref. ACC-7781'] },
      taxNote: reverseCharge,
    });
    const { vatId: _vatId, taxNote: _taxNote, ...writtenBefore } = dutch;
    expect(buildInvoiceModel(sampleInvoicePdfData(1, { invoice: draft, customer: writtenBefore }))).toMatchObject({ customer: { details: ['Customer ref. ACC-7781'] }, taxNote: '' });
  });
});

describe('modelTexts', () => {
  it('gives every string the invoice prints from its data, to choose its fonts: the parties, the facts, the lines, the payments, the notes, the footer', () => {
    const taxNote = 'Reverse charge: VAT to be accounted for by the recipient';
    const base = sampleInvoicePdfData(0, { customer: sampleCustomer({ taxNote }), invoice: sampleInvoice({ paid: '10.00', parties: null }) });
    const payment: Payment = {
      id: sampleId(1, 9),
      customerId: base.customer.id,
      date: '2026-02-10',
      amount: '10.00',
      currency: 'EUR',
      method: 'Bank transfer',
      reference: 'WIRE-1',
      allocations: [{ invoiceId: SAMPLE_INVOICE_ID, amount: '10.00' }],
    };
    const model = buildInvoiceModel({ ...base, lines: [sampleLine(0), sampleLine(6)], payments: [payment] });
    expect([...modelTexts(model)]).toEqual([
      ...SAMPLE_PARTY_TEXTS,
      // The facts' values.
      'INV-000042',
      'Feb 1, 2026',
      'Feb 15, 2026',
      'Jan\u00a01–31,\u00a02026',
      'EUR',
      // Each line's description and quantity (none on a usage line, which bills its amount).
      'UK - Mobile (4400) #0',
      '',
      'DID rental 6: Japan - Tokyo Mobile',
      '2 DID',
      'Bank transfer',
      'WIRE-1',
      taxNote,
      'IBAN CH93 0076 2011 6238 5295 7 · BIC POFICHBEXXX\nPlease quote the invoice number with your payment.',
      'Thank you for your business.',
      'Zürich Telekom AG · Invoice no. INV-000042 · Łódź Connect',
    ]);
  });
});

describe('linesHeadingOf', () => {
  const line = (kind: InvoiceLine['kind'], startDate: string | null = null, description = 'x') => ({ kind, description, startDate, endDate: startDate });

  it('names only what the lines hold: usage by its grouping, packages, charges entered by hand', () => {
    const usage = line('usage', '2026-01-01', 'United Kingdom');
    expect(linesHeadingOf([usage, line('usage', '2026-01-01', 'France')])).toBe('Usage by destination');
    expect(linesHeadingOf([line('usage', '2026-01-01', 'Calls on Jan 1, 2026'), line('usage', '2026-01-02', 'Calls on Jan 2, 2026')])).toBe('Usage by day');
    expect(linesHeadingOf([usage, line('package')])).toBe('Usage by destination and packages');
    expect(linesHeadingOf([usage, line('manual')])).toBe('Usage by destination and charges');
    expect(linesHeadingOf([usage, line('free-minutes'), line('manual')])).toBe('Usage by destination, packages and charges');
    expect(linesHeadingOf([line('setup'), line('minimum-spend')])).toBe('Packages');
    expect(linesHeadingOf([line('package'), line('manual')])).toBe('Packages and charges');
    expect(linesHeadingOf([line('manual')])).toBe('Charges');
    expect(linesHeadingOf([])).toBe('Packages and charges');
  });

  it('heads the PDF model of a usage-only invoice "Usage by destination"', () => {
    const usageOnly = [{ ...sampleLine(0), kind: 'usage' as const }, { ...sampleLine(1), kind: 'usage' as const }];
    expect(buildInvoiceModel(sampleInvoicePdfData(0, { lines: usageOnly })).linesHeading).toBe('Usage by destination');
  });
});

describe('buildInvoiceModel credit note calls', () => {
  it("prints a credit note's usage line's calls and minutes as given back (−1,234 calls, −511.50 min) beside its net below zero, as the screen shows them", () => {
    const billed: InvoiceLine = { ...sampleLine(0), quantity: '511.50', unit: 'min', amount: '120.004', calls: 1234, minutes: '511.50' };
    const refund: InvoiceLine = { ...billed, id: sampleId(2, 3), amount: '-120.004' };
    const rows = buildInvoiceModel(sampleInvoicePdfData(0, { lines: [billed] })).rows.concat(buildInvoiceModel(sampleInvoicePdfData(0, { lines: [refund] })).rows);
    expect(rows.map((r) => [r.calls, r.minutes, r.net])).toEqual([
      ['1,234', '511.50', '€120.00'],
      ['-1,234', '-511.50', '-€120.00'],
    ]);
  });

  it('prints no calls nor minutes on a line giving back part of the calls by amount (−40.00 of 120.00 for 1,234 calls), and no quantity', () => {
    const billed: InvoiceLine = { ...sampleLine(0), quantity: '511.50', unit: 'min', amount: '120.004', calls: 1234, minutes: '511.50' };
    const part: InvoiceLine = { ...billed, id: sampleId(2, 3), amount: '-40.00' };
    const whole: InvoiceLine = { ...billed, id: sampleId(3, 3), position: 1, amount: '-120.004' };
    const rows = buildInvoiceModel(sampleInvoicePdfData(0, { lines: [part, whole], usageInPart: [part.id] })).rows;
    expect(rows.map((r) => [r.calls, r.minutes, r.quantity, r.net])).toEqual([
      ['', '', '', '-€40.00'],
      ['-1,234', '-511.50', '', '-€120.00'],
    ]);
  });
});
