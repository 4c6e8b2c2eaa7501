/**
 * Renders invoices on Node through the same module the worker uses and checks the PDFs with
 * poppler (pdftotext, pdfinfo, pdffonts, pdfimages, pdftoppm) and qpdf.
 */
import { describe, expect, it } from 'vitest';
import { groupUsageByDay } from '@/lib/grouping';
import { snapshotParties } from '@/lib/invoice-parties';
import { formatMoney, subtractDecimals } from '@/lib/money';
import { testUsage } from '@/lib/test-fixtures';
import { computeTotals } from '@/lib/totals';
import { buildInvoiceModel } from './invoice-model';
import { checkPdf, firstPageWords, redTintShare } from './pdf-test-tools';
import { renderInvoicePdf, renderInvoicePdfWithDetails } from './render-invoice-pdf';
import { sampleAccount, sampleCustomer, sampleInvoice, sampleInvoicePdfData, sampleLine } from './sample-invoice';
import type { PdfProgress } from './invoice-pdf-data';

/**
 * pdftotext -layout pads columns with runs of spaces, and extracts the no-break spaces Intl puts in
 * amounts ("1.608\u00a0¥") as plain spaces: compare with single plain spaces on both sides.
 */
const squash = (s: string) => s.replace(/[ \t\u00a0\u202f]+/g, ' ');
const money = (amount: string, currency = 'EUR', locale?: string) => squash(formatMoney(amount, currency, locale));

// A 1×1 PNG (red pixel), a valid logo.
const PNG_1X1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

describe('renderInvoicePdf', () => {
  it('prints the seller, customer, number, every line and the exact totals formatMoney gives', async () => {
    const data = sampleInvoicePdfData(12);
    const pdf = checkPdf(await renderInvoicePdf(data));
    const text = squash(pdf.text);

    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(pdf.pages).toBe(1);
    expect(pdf.pageSize).toContain('(A4)');
    expect(text).toContain('INV-000042');
    expect(text).toContain('Zürich Telekom AG');
    expect(text).toContain('Łódź Connect');
    expect(text).toContain('ul. Piotrkowska 100');
    expect(text).toContain('VAT ID CHE-123.456.789 MWST');
    // Days as the screens write them.
    expect(text).toContain('Invoice date Feb 1, 2026');
    expect(text).toContain('Due date Feb 15, 2026');
    expect(text).toContain('Period Jan 1–31, 2026');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    for (const line of data.lines) expect(text).toContain(line.description);

    const totals = computeTotals(data.lines, 'EUR');
    // The tax is printed per rate only (as on screen), not again as a sum.
    for (const amount of [totals.net, totals.total, ...totals.taxes.map((t) => t.tax), ...totals.lines.map((l) => l.net)]) {
      expect(text).toContain(money(amount));
    }
    expect(text).toMatch(new RegExp(`Total EUR ${money(totals.total).replace(/[.$€]/g, '\\$&')}`));
    expect(text).toContain('Page 1 of 1');
    expect(text).toContain('IBAN CH93 0076 2011 6238 5295 7');
    expect(text).toContain('Thank you for your business.');
    // Fonts are embedded subsets with a ToUnicode map (that is what makes the text extractable).
    expect(pdf.fonts).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    // An issued invoice has no watermark.
    expect(text).not.toContain('DRAFT');
    expect(redTintShare(pdf.firstPage)).toBeLessThan(0.001);
  });

  it('formats amounts for the locale and currency, as formatMoney does on screen', async () => {
    const lines = [
      { ...sampleLine(6), quantity: '1234', unitPrice: '1.005' },
      { ...sampleLine(1), amount: '99.5' },
    ];
    const data = sampleInvoicePdfData(0, {
      lines,
      invoice: sampleInvoice({ currency: 'JPY' }),
      customer: sampleCustomer({ currency: 'JPY' }),
      locale: 'de-DE',
    });
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    const totals = computeTotals(lines, 'JPY');
    // JPY has no minor unit: 1234 × 1.005 = 1240.17 → ¥1,240; 99.5 → ¥100 (half-up).
    expect(totals.lines.map((l) => l.net)).toEqual(['1240', '100']);
    for (const amount of [totals.total, totals.net, totals.tax, ...totals.lines.map((l) => l.net)]) {
      expect(text).toContain(money(amount, 'JPY', 'de-DE'));
    }
  });

  it('shows paid and balance due when something was paid, with the payments', async () => {
    const base = sampleInvoicePdfData(3);
    const totals = computeTotals(base.lines, 'EUR');
    const data = {
      ...base,
      invoice: sampleInvoice({ paid: '100.00' }),
      payments: [
        {
          id: '0190a000-0009-7000-8000-000000000001',
          customerId: base.customer.id,
          date: '2026-02-10',
          amount: '150.00',
          currency: base.invoice.currency,
          method: 'Bank transfer',
          reference: 'SEPA-REF-5521',
          allocations: [
            { invoiceId: base.invoice.id, amount: '100.00' },
            { invoiceId: '0190a000-0009-7000-8000-0000000000ff', amount: '50.00' },
          ],
        },
      ],
    };
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    expect(text).toContain(`Paid ${money('100.00')}`);
    // Balance = total − paid, with the exact decimal functions the screen uses.
    expect(text).toContain(`Balance due ${money(subtractDecimals(totals.total, '100.00'))}`);
    // The payment's row, its day as the screens write days.
    expect(text).toContain(`Feb 10, 2026 Bank transfer SEPA-REF-5521 ${money('100.00')}`);
  });

  it.each([
    // 68 pt at 8 pt: fits the usual 100 pt column.
    ['USD', '1234567890.12'],
    // "KWD 123,456,789,012,345.678", the most digits a stored amount has: 107 pt, wider than the usual column.
    ['KWD', '123456789012345.678'],
  ])('prints a %s payment of %s whole, on one line of the payments table', async (currency, amount) => {
    const base = sampleInvoicePdfData(1, { invoice: sampleInvoice({ currency, paid: amount }), customer: sampleCustomer({ currency }) });
    const data = {
      ...base,
      payments: [
        {
          id: '0190a000-0009-7000-8000-000000000002',
          customerId: base.customer.id,
          date: '2026-02-10',
          amount,
          currency,
          method: 'Bank transfer',
          reference: 'WIRE-7731',
          allocations: [{ invoiceId: base.invoice.id, amount }],
        },
      ],
    };
    const lines = checkPdf(await renderInvoicePdf(data)).text.split('\n').map(squash);
    // The summary prints the same amount after "Paid": look at the payment's own row.
    const row = lines.find((line) => line.includes('WIRE-7731'));
    expect(row).toContain(money(amount, currency));
  });

  it('marks drafts: "pending" for the number, a DRAFT title and a watermark drawn as a graphic', async () => {
    const data = sampleInvoicePdfData(5, { invoice: sampleInvoice({ number: null, status: 'draft' }) });
    const pdf = checkPdf(await renderInvoicePdf(data));
    const text = squash(pdf.text);
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(text).toContain('DRAFT INVOICE');
    expect(text).toMatch(/Invoice no\. pending/);
    expect(text).not.toContain('INV-000042');
    // The diagonal watermark tints the middle of the page red, and is not extractable text.
    expect(redTintShare(pdf.firstPage)).toBeGreaterThan(0.02);
    expect(text.match(/DRAFT/g)).toHaveLength(1);
  });

  it('prints an invoice issued offline, still waiting for its number, as issued: INVOICE, its number pending until the device syncs, no watermark', async () => {
    const data = sampleInvoicePdfData(2, { invoice: sampleInvoice({ number: null, status: 'issued' }) });
    const pdf = checkPdf(await renderInvoicePdf(data));
    const text = squash(pdf.text);
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(text).toMatch(/\bINVOICE\n/);
    expect(text).not.toMatch(/draft/i);
    expect(text).toMatch(/Invoice no\. pending \u2014 assigned on sync/);
    expect(text).not.toContain('INV-000042');
    expect(redTintShare(pdf.firstPage)).toBeLessThan(0.001);
  });

  it('marks void invoices with the reason and a VOID watermark', async () => {
    const data = sampleInvoicePdfData(2, { invoice: sampleInvoice({ status: 'void', voidReason: 'Issued to the wrong customer' }) });
    const pdf = checkPdf(await renderInvoicePdf(data));
    const text = squash(pdf.text);
    expect(text).toContain('VOID INVOICE');
    expect(text).toContain('INV-000042');
    expect(text).toContain('Issued to the wrong customer');
    expect(redTintShare(pdf.firstPage)).toBeGreaterThan(0.02);
  });

  it('says a void invoice is not owed, whatever was paid against it (no balance due)', async () => {
    const base = sampleInvoicePdfData(2, { invoice: sampleInvoice({ status: 'void', voidReason: 'Wrong customer', paid: '10.00' }), account: sampleAccount({ paymentDetails: 'IBAN PAY-ME-NOW' }) });
    const payment = { id: '0190a000-0009-7000-8000-000000000003', customerId: base.customer.id, date: '2026-02-10', amount: '10.00', currency: base.invoice.currency, method: 'Card', reference: 'VOIDED-PAY', allocations: [{ invoiceId: base.invoice.id, amount: '10.00' }] };
    const text = squash(checkPdf(await renderInvoicePdf({ ...base, payments: [payment] })).text);
    expect(text).toContain(`Paid ${money('10.00')}`);
    expect(text).toContain('Balance Void — not owed');
    expect(text).not.toContain('Due date');
    expect(text).not.toContain('Balance due');
    // Nor how to pay it.
    expect(text).not.toContain('PAY-ME-NOW');
  });

  it('prints an invoice whose total is below zero as a credit note: no due date, no payment instructions', async () => {
    const refund = { ...sampleLine(0), kind: 'manual' as const, description: 'Refund of disputed calls', quantity: '1', unit: '', unitPrice: '-120.00', amount: null, calls: null, minutes: null };
    const data = sampleInvoicePdfData(0, { lines: [refund], account: sampleAccount({ paymentDetails: 'IBAN PAY-ME-NOW' }) });
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('Credit note no. INV-000042');
    expect(text).toContain('Credit note date');
    expect(text).not.toMatch(/INVOICE|Invoice no\.|Due date|PAY-ME-NOW/);
    // An ordinary invoice still says how to pay.
    const invoice = squash(checkPdf(await renderInvoicePdf(sampleInvoicePdfData(1, { account: sampleAccount({ paymentDetails: 'IBAN PAY-ME-NOW' }) }))).text);
    expect(invoice).toContain('PAY-ME-NOW');
    expect(invoice).toContain('Due date');
  });

  it('prints a zero price typed as "-0" without a minus, as the screen does', () => {
    const line = { ...sampleLine(0), kind: 'manual' as const, quantity: '2', unit: '', unitPrice: '-0', amount: null, calls: null, minutes: null };
    const [row] = buildInvoiceModel(sampleInvoicePdfData(0, { lines: [line] })).rows;
    expect([row!.unitPrice, row!.net]).toEqual([money('0'), money('0')]);
  });

  it('prints an issued invoice as it was issued after My Account and the customer changed: the same document again', async () => {
    // Issued with the sample seller and customer (what issueInvoice keeps).
    const issued = sampleInvoicePdfData(3, { invoice: sampleInvoice({ parties: snapshotParties(sampleAccount(), sampleCustomer(), 'EUR') }) });
    const first = squash(checkPdf(await renderInvoicePdf(issued)).text);
    const account = sampleAccount({
      companyName: 'Renamed Telekom GmbH',
      address: 'Neue Strasse 9\n3000 Bern',
      email: 'new@renamed.example',
      registrationId: 'CHE-999.999.999',
      vatId: 'CHE-999.999.999 MWST',
      paymentDetails: 'IBAN NEW-BANK-0000',
    });
    const customer = sampleCustomer({
      name: 'Kraków Voice',
      company: 'Kraków Voice S.A.',
      address: 'Rynek Główny 1\n31-042 Kraków',
      contacts: [{ name: 'Jan Kowalski', email: 'jan@krakow.example', phone: '+48 12 111 1111' }],
      externalId: 'ACC-NEW-1',
    });
    const again = squash(checkPdf(await renderInvoicePdf({ ...issued, account, customer })).text);
    expect(again).toBe(first);
    for (const old of ['Zürich Telekom AG', 'Bahnhofstrasse 1', 'billing@zuerich-telekom.example', 'VAT ID CHE-123.456.789 MWST', 'IBAN CH93', 'Łódź Connect Sp. z o.o.', 'ul. Piotrkowska 100', 'anna@lodz-connect.example', 'ACC-7781']) {
      expect(again).toContain(old);
    }
    // A draft, and an invoice issued before the parties were kept, print the details as they are now.
    for (const invoice of [sampleInvoice({ status: 'draft', number: null, parties: null }), sampleInvoice()]) {
      const live = squash(checkPdf(await renderInvoicePdf({ ...issued, invoice, account, customer })).text);
      for (const now of ['Renamed Telekom GmbH', 'Neue Strasse 9', 'new@renamed.example', 'VAT ID CHE-999.999.999 MWST', 'IBAN NEW-BANK-0000', 'Kraków Voice', 'Rynek Główny 1', 'jan@krakow.example', 'ACC-NEW-1']) {
        expect(live).toContain(now);
      }
      expect(live).not.toMatch(/Zürich Telekom|Łódź Connect|IBAN CH93/);
    }
  });

  it('prints US Letter when the account asks for it', async () => {
    const data = sampleInvoicePdfData(3, { account: sampleAccount({ paperSize: 'LETTER' }) });
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.pageSize).toMatch(/^612 x 792 pts/);
  });

  it('renders non-Latin names as text, with the CJK font only when needed', async () => {
    const data = sampleInvoicePdfData(3, {
      customer: sampleCustomer({ name: '東京通信', company: '東京通信株式会社', address: '東京都千代田区1-1' }),
      lines: [{ ...sampleLine(0), description: '東京 携帯 (8190) 通話' }, sampleLine(1), { ...sampleLine(2), description: 'Łódź Fixed' }],
    });
    const pdf = checkPdf(await renderInvoicePdf(data));
    const text = squash(pdf.text);
    expect(text).toContain('東京通信');
    expect(text).toContain('東京通信株式会社');
    expect(text).toContain('東京 携帯 (8190) 通話');
    expect(text).toContain('Zürich Telekom AG');
    expect(text).toContain('Łódź');
    expect(pdf.fonts).toContain('DroidSansFallback');

    const latinOnly = checkPdf(await renderInvoicePdf(sampleInvoicePdfData(3)));
    expect(latinOnly.fonts).not.toContain('DroidSansFallback');
  });

  it('prints Arabic and Hebrew names, addresses, lines and notes as text, with their fonts only when needed', async () => {
    const data = sampleInvoicePdfData(2, {
      account: sampleAccount({ companyName: 'شركة زين للاتصالات' }),
      customer: sampleCustomer({ name: 'شركة الاتصالات الكويتية', company: 'בזק בינלאומי בע"מ', address: 'شارع الخليج العربي، مبنى 12\nالكويت' }),
      lines: [
        { ...sampleLine(0), description: 'نصف فلس' },
        { ...sampleLine(1), description: 'שיחות לישראל' },
        { ...sampleLine(2), description: "Calls to الكويت mobile" },
      ],
      invoice: sampleInvoice({ notes: 'Thank you — شكرا لك\nתודה רבה על 100 שיחות' }),
    });
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    // pdftotext reads the glyphs back through ToUnicode, puts each right-to-left run in stored
    // order between U+202B and U+202C (RLE, PDF), and keeps the runs of a line in their visual
    // order, so a number inside RTL text comes out where it is drawn ("100 ‫תודה רבה על‬").
    const text = squash(pdf.text);
    const runs = text.replace(/[\u202a-\u202e]/g, '');
    expect(text).not.toContain('\uFFFD');
    // Header (seller, customer name and address), running header, footer.
    expect(runs).toContain('شركة زين للاتصالات');
    expect(runs).toContain('شركة الاتصالات الكويتية');
    expect(runs).toContain('בזק בינלאומי בע"מ');
    // Drawn right to left: "12" at the left end; poppler ends the RTL run at the Arabic comma.
    expect(text).toContain('12 \u202b مبنى\u202c،\u202bشارع الخليج العربي\u202c');
    expect(runs.match(/شركة زين للاتصالات/g)!.length).toBeGreaterThanOrEqual(3);
    // The table (drawn on the canvas) and the notes.
    // Right-aligned against the next column, where poppler may put a space inside the marks.
    expect(text).toMatch(/\u202b ?نصف فلس ?\u202c/);
    expect(text).toMatch(/\u202b ?שיחות לישראל ?\u202c/);
    // poppler drops the space drawn between an RTL run and the Latin after it: compare without spaces.
    expect(runs.replace(/ /g, '')).toContain('Callstoالكويتmobile');
    expect(runs).toContain('Thank you — شكرا لك');
    expect(text).toContain('\u202b שיחות\u202c100 \u202bתודה רבה על\u202c');
    expect(pdf.fonts).toMatch(/NotoSansArabic-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(pdf.fonts).toContain('NotoSansArabic-Bold'); // the customer's name
    expect(pdf.fonts).toContain('NotoSansHebrew-Regular');

    const latinOnly = checkPdf(await renderInvoicePdf(sampleInvoicePdfData(3)));
    expect(latinOnly.fonts).not.toMatch(/NotoSansArabic|NotoSansHebrew/);
  });

  it('sets right-to-left names, addresses and descriptions against the right edge of their box, Arabic with taller lines', async () => {
    const data = sampleInvoicePdfData(2, {
      customer: sampleCustomer({ name: 'شركة الاتصالات الكويتية', address: 'شارع الخليج العربي، مبنى 12\nالكويت' }),
      lines: [{ ...sampleLine(0), description: 'שיחות לישראל' }, sampleLine(1)],
    });
    const words = firstPageWords(await renderInvoicePdf(data));
    // pdftotext gives a right-to-left word in drawing order; the footer repeats the name: take the topmost.
    const word = (stored: string) => {
      const drawn = Array.from(stored).reverse().join('');
      return words.filter((w) => w.text === drawn).sort((a, b) => a.yMin - b.yMin)[0]!;
    };
    // A4: content 595.28 − 2 × 40 = 515.28 pt; the customer block is its left 54%: from 40 to 40 + round(278.25) = 318.
    // Right to left, a line's first word is its rightmost.
    expect(word('شركة').xMax).toBeCloseTo(318, 1);
    expect(word('شارع').xMax).toBeCloseTo(318, 1);
    expect(word('الكويت').xMax).toBeCloseTo(318, 1);
    expect(words.find((w) => w.text === 'Anna')!.xMin).toBeCloseTo(40, 1); // the contact, in Latin, stays left
    // Description column: 515.28 − 258 (the columns usage lines fill: period 80, calls 34, minutes 44,
    // tax 32, net 68; no Qty or Unit price) = 257.28 pt, text inside a 3 pt padding.
    expect(word('שיחות').xMax).toBeCloseTo(40 + 257.28 - 3, 1);
    expect(words.find((w) => w.text === 'Germany')!.xMin).toBeCloseTo(40 + 3, 1);
    // Address lines 8.5 pt: Arabic 1.8 em apart (15.3 pt) where Latin is 11.5 pt.
    expect(word('الكويت').yMin - word('شارع').yMin).toBeCloseTo(15.3, 1);
  });

  it("wraps the customer's contact rather than cut it, keeping the phone number on one line", async () => {
    const contacts = [{ name: 'Amara Schmidt (Billing)', email: 'amara.schmidt@atlasvoip.nl', phone: '+31 20 794 9118' }];
    const data = sampleInvoicePdfData(1, { customer: sampleCustomer({ name: 'Atlas VoIP B.V.', contacts }) });
    const lines = checkPdf(await renderInvoicePdf(data)).text.split('\n').map(squash);
    expect(lines.some((line) => line.includes('Amara Schmidt (Billing) · amara.schmidt@atlasvoip.nl ·'))).toBe(true);
    expect(lines.some((line) => line.includes('+31 20 794 9118'))).toBe(true);
    expect(lines.join('\n')).not.toContain('…');
  });

  it("sets an Arabic contact name right to left inside the contact line, which starts at the box's left edge, the phone as typed", async () => {
    // Resolved as one text with the name, the phone took its direction: "965 2222 3333+" (without the email between them).
    for (const email of ['m.ali@zain.example', '']) {
      const contacts = [{ name: 'محمد العلي', email, phone: '+965 2222 3333' }];
      const bytes = await renderInvoicePdf(sampleInvoicePdfData(1, { customer: sampleCustomer({ contacts }) }));
      // Found by the phone and the name's last word: after other renders, pdftotext may read "محمد" back as "مد" (a ligature's ToUnicode).
      const line = checkPdf(bytes).text.split('\n').map(squash).find((l) => l.includes('965 2222'))!;
      expect(line, email).toContain('العلي');
      expect(line, email).toContain('+965 2222 3333');
      expect(line, email).not.toContain('3333+');
      const words = firstPageWords(bytes);
      // pdftotext gives right-to-left words in drawing order: the name's last word "العلي" is drawn first, at the left edge (40 pt).
      const x = (text: string) => words.find((w) => w.text === text)!.xMin;
      expect(x('يلعلا'), email).toBeCloseTo(40, 1);
      expect(x('يلعلا'), email).toBeLessThan(x('+965'));
      if (email) expect(x(email)).toBeLessThan(x('+965'));
    }
  });

  it('embeds a valid logo', async () => {
    const data = sampleInvoicePdfData(2, { account: sampleAccount({ logo: PNG_1X1 }) });
    const result = await renderInvoicePdfWithDetails(data);
    expect(result.warnings).toEqual([]);
    expect(checkPdf(result.bytes).images).toBe(1);
  });

  it.each([
    ['KWD', ['1.234567', '100.0005', '0.0125', '0.0005', '2288.635191']],
    ['BHD', ['0.015838', '0.047514', '1.045308', '0.000001']],
    ['USD', ['2288.635191', '0.123456']],
  ])('prints every amount and quantity of a %s invoice whole, on one line', async (currency, unitPrices) => {
    const quantities: [string, string][] = [
      ['3', 'each'],
      ['22', 'month'],
      ['-1.5', 'each'],
      ['-2', 'each'],
      ['4.5', 'month'],
    ];
    const lines = unitPrices.map((unitPrice, i) => ({
      ...sampleLine(6),
      id: sampleLine(i).id,
      position: i,
      kind: 'manual' as const,
      // The first one long, to check that descriptions still wrap.
      description: i === 0 ? 'Termination to premium mobile ranges including Kuwait Zain/Ooredoo/STC prefixes 9655, 9656, 9669 and END' : `Line ${i}`,
      quantity: quantities[i % quantities.length]![0],
      unit: quantities[i % quantities.length]![1],
      unitPrice,
    }));
    const data = sampleInvoicePdfData(0, { lines, invoice: sampleInvoice({ currency }), customer: sampleCustomer({ currency }) });
    const pdf = checkPdf(await renderInvoicePdf(data));
    const text = squash(pdf.text);
    for (const row of buildInvoiceModel(data).rows) {
      for (const cell of [row.quantity, row.unitPrice, row.taxRate, row.net]) expect(text).toContain(squash(cell));
    }
    // Wrapped (where depends on how wide the number columns grew), every word kept.
    expect(text).toContain('Termination to premium');
    expect(text).toContain('END');
    expect(text).not.toContain('Termination to premium mobile ranges including Kuwait Zain/Ooredoo/STC prefixes 9655');
  });

  it('heads the lines by how the invoice was grouped, not by the account setting now', async () => {
    const byDay = groupUsageByDay([
      testUsage({ day: '2026-01-05', destination: '4420', charge: '1.25', currency: 'EUR' }),
      testUsage({ day: '2026-01-06', destination: '4420', charge: '2.5', currency: 'EUR' }),
      testUsage({ day: '2026-01-06', destination: '33', charge: '0.75', currency: 'EUR' }),
    ]).map((draft, i) => ({ ...sampleLine(i), ...draft }));
    // Generated one line per day, then the setting was switched back to destination.
    const data = sampleInvoicePdfData(0, { lines: byDay, account: sampleAccount({ lineGrouping: 'destination' }) });
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    // Usage only: no packages or charges to name.
    expect(text).toContain('Usage by day');
    expect(text).not.toContain('Usage by destination');
    expect(text).not.toContain('packages');
  });

  it('prints no usage heading on an invoice without usage lines', async () => {
    const manual = { ...sampleLine(6), kind: 'manual' as const, description: 'Number porting fee' };
    const text = squash(checkPdf(await renderInvoicePdf(sampleInvoicePdfData(0, { lines: [manual] }))).text);
    expect(text).toContain('Number porting fee');
    expect(text).toContain('Charges');
    expect(text).not.toContain('Packages');
    expect(text).not.toContain('Usage by');
  });

  it('leaves out the Calls and Minutes columns on an invoice without usage lines, the others aligned under their headers', async () => {
    const lines = [
      { ...sampleLine(6), quantity: '3', unit: 'DID', unitPrice: '2.5' },
      { ...sampleLine(13), kind: 'manual' as const, description: 'Number porting fee', quantity: '1', unit: 'each', unitPrice: '15' },
    ];
    const bytes = await renderInvoicePdf(sampleInvoicePdfData(0, { lines }));
    const rows = checkPdf(bytes).text.split('\n').map(squash);
    const header = rows.find((row) => row.includes('Description'))!;
    expect(header.trim()).toBe('Description Period Qty Unit price Tax Net');
    expect(rows.find((row) => row.includes('Number porting fee'))!.trim()).toBe(`Number porting fee Jan 1–31, 2026 1 each ${money('15')} 20% ${money('15.00')}`);
    expect(rows.find((row) => row.includes('DID rental 6'))).toContain(`3 DID ${money('2.5')} 20% ${money('7.50')}`);

    // Right-aligned cells end where their header ends, the period starts where its header starts
    // (within a point: glyphs' side bearings differ; the columns are 32 pt wide and more).
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1);
    const words = firstPageWords(bytes);
    const headerY = words.find((w) => w.text === 'Description')!.yMin;
    const headerWord = (text: string) => words.find((w) => w.text === text && Math.abs(w.yMin - headerY) < 1)!;
    const rowY = words.find((w) => w.text === 'porting')!.yMin;
    const rowWords = words.filter((w) => Math.abs(w.yMin - rowY) < 1).sort((a, b) => a.xMin - b.xMin);
    near(rowWords.find((w) => w.text === 'Jan')!.xMin, headerWord('Period').xMin);
    near(rowWords.find((w) => w.text === 'each')!.xMax, headerWord('Qty').xMax);
    near(rowWords.find((w) => w.text === '20%')!.xMax, headerWord('Tax').xMax);
    near(rowWords.at(-1)!.xMax, headerWord('Net').xMax);

    // With a usage line they are back, Qty and Unit price with them for the package line.
    const withUsage = checkPdf(await renderInvoicePdf(sampleInvoicePdfData(0, { lines: [sampleLine(0), ...lines] }))).text.split('\n').map(squash);
    // (pdftotext reads the tight "Minutes" of the bold header as "Min tes".)
    expect(withUsage.find((row) => row.includes('Description'))!.trim()).toMatch(/^Description Period Calls Min ?u?tes Qty Unit price Tax Net$/);
  });

  it("prints a line's days as the screens write days, a range too wide for the Period column on two lines split after its dash, inside the column", async () => {
    const lines = [
      { ...sampleLine(0), startDate: '2026-12-20', endDate: '2027-01-05' },
      { ...sampleLine(1), startDate: '2026-03-10', endDate: '2026-05-10' },
      { ...sampleLine(2), startDate: '2026-12-21', endDate: '2026-12-31' },
      { ...sampleLine(3), startDate: '2026-09-05', endDate: '2026-09-05' },
    ];
    const bytes = await renderInvoicePdf(sampleInvoicePdfData(0, { lines }));
    const rows = checkPdf(bytes).text.split('\n').map(squash);
    const rowOf = (description: string) => rows.findIndex((row) => row.includes(description));
    // Across years and across months: the first day and the dash on the line's row, the last day under it.
    const acrossYears = rowOf('UK - Mobile (4400) #0');
    expect(rows[acrossYears]).toContain(' Dec 20, 2026 – 10 ');
    expect(rows[acrossYears + 1]!.trim()).toBe('Jan 5, 2027');
    const acrossMonths = rowOf('Germany - Fixed (4401) #1');
    expect(rows[acrossMonths]).toContain(' Mar 10 – 47 ');
    expect(rows[acrossMonths + 1]!.trim()).toBe('May 10, 2026');
    // Within a month, and one day: one line.
    expect(rows[rowOf('France - Orange (4402) #2')]).toContain(' Dec 21–31, 2026 84 ');
    expect(rows[rowOf('Poland - Łódź Fixed (4403) #3')]).toContain(' Sep 5, 2026 121 ');

    // Every word of the periods starts at the column's text (3 pt in) and ends inside it (80 pt wide).
    const words = firstPageWords(bytes);
    const tableTop = words.find((w) => w.text === 'Description')!.yMin;
    const header = words.find((w) => w.text === 'Period' && Math.abs(w.yMin - tableTop) < 1)!;
    const summaryTop = words.find((w) => w.text === 'Net' && w.yMin > tableTop + 1)!.yMin;
    const periodWords = words.filter((w) => w.yMin > header.yMax && w.yMax < summaryTop && w.xMin > header.xMin - 1 && w.xMax < header.xMin + 80 && /^(\d|[A-Z][a-z]{2}$|–)/.test(w.text));
    expect(periodWords.map((w) => w.text).join(' ')).toBe('Dec 20, 2026 – Jan 5, 2027 Mar 10 – May 10, 2026 Dec 21–31, 2026 Sep 5, 2026');
    for (const word of periodWords) expect(word.xMax, word.text).toBeLessThanOrEqual(header.xMin - 3 + 80 - 3);
  });

  describe('page counts', () => {
    // A4 body: 841.89 − 28 (top margin) − 28 (header) − 24 (bottom margin) − 22 (footer) = 739.89 pt.
    // Sample lines print on one line: rows are 3 + 10 + 3 = 16 pt; the column header is 16 pt.
    // Page 1: intro 204 + gap 14 + heading 18 = 236; header → 252; a row fits while it ends by
    // 739.89: 252 + 30 × 16 = 732 → 30 rows. Later pages: (739.89 − 16) / 16 = 45.2 → 45 rows.
    // After the last row: gap 7 + summary 61 (net, 2 tax rates: 3 × 14; total 19), then
    // payment details (14 + 18 + 2 × 11.5 = 55) and notes (14 + 18 + 11.5 = 43.5): 166.5 pt.
    it.each([
      // 1 row: everything on page 1.
      [1, 1],
      // 60 rows: 30 on page 1, 30 on page 2 ending at 16 + 30 × 16 = 496; + 166.5 = 662.5.
      [60, 2],
      // 5,000 rows: 30 + 45 × 110 = 4,980 on pages 1–111, 20 on page 112 ending at 336; + 166.5.
      [5_000, 112],
    ])('%i lines → %i pages, each with "Page x of y"', async (lineCount, pages) => {
      const data = sampleInvoicePdfData(lineCount);
      const pdf = checkPdf(await renderInvoicePdf(data));
      expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
      expect(pdf.pages).toBe(pages);
      const text = squash(pdf.text);
      expect(text).toContain(`Page 1 of ${pages}`);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      // Every line's description, each exactly once (the sample numbers them "#i").
      const seen = new Map<number, number>();
      for (const m of text.matchAll(/\((\d{4})\) #(\d+)|DID rental (\d+):/g)) {
        const i = Number(m[2] ?? m[3]);
        seen.set(i, (seen.get(i) ?? 0) + 1);
      }
      expect(seen.size).toBe(lineCount);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      const totals = computeTotals(data.lines, 'EUR');
      expect(text).toContain(`Total EUR ${money(totals.total)}`);
    }, 120_000);
  });

  it('reports progress: fonts, layout, each page drawn, done', async () => {
    const events: PdfProgress[] = [];
    await renderInvoicePdf(sampleInvoicePdfData(120), { onProgress: (p) => events.push(p) });
    expect(events[0]).toEqual({ phase: 'fonts' });
    expect(events[1]).toEqual({ phase: 'layout', lines: 120 });
    const drawn = events.filter((e) => e.phase === 'drawing');
    expect(drawn.map((e) => e.page)).toEqual([1, 2, 3, 4]);
    expect(drawn.every((e) => e.phase === 'drawing' && e.pages === 4)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'done', pages: 4 });
  });
});

describe('renderInvoicePdf with bad input: a valid PDF, never a crash', () => {
  it('a 5,000-character description, as words and as one unbroken string, splits across pages', async () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' '); // 4,999 chars
    const unbroken = `START${'x'.repeat(4990)}END`;
    const data = sampleInvoicePdfData(0, {
      lines: [
        { ...sampleLine(0), description: words },
        { ...sampleLine(1), description: unbroken },
      ],
    });
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(pdf.pages).toBeGreaterThan(1);
    const text = squash(pdf.text);
    for (let i = 0; i < 1000; i++) expect(text).toContain(`w${String(i).padStart(3, '0')}`);
    // The unbroken description, broken between characters over many lines and pages: the leading
    // pieces of the lines that hold it join up to the whole of it, nothing lost or repeated.
    const pieces = pdf.text.split('\n').map((l) => /^\s*((?:START)?x*(?:E|EN|END|N|ND|D)?)(?:\s|$)/.exec(l)?.[1] ?? '');
    expect(pieces.join('')).toBe(unbroken);
  });

  it('a 3,000-character description starts on page 1 under its heading and goes on on page 2', async () => {
    const description = Array.from({ length: 450 }, (_, i) => `word${i}`).join(' ').slice(0, 3000);
    const data = sampleInvoicePdfData(0, { lines: [{ ...sampleLine(6), kind: 'manual' as const, description }] });
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.pages).toBe(2);
    const [page1, page2] = pdf.text.split('\f').map(squash);
    expect(page1).toContain('Charges');
    expect(page1).toMatch(/Description .*Net/);
    expect(page1).toContain('word0 word1');
    const last = description.split(' ').at(-1)!;
    expect(page2).toContain(last);
    expect(page2).toContain('Payment details');
  });

  it('emoji and control characters', async () => {
    const data = sampleInvoicePdfData(0, {
      lines: [{ ...sampleLine(0), description: 'Calls 📞 to 👍🏽 family ❤️\tand\u0007 friends' }, { ...sampleLine(1), description: 'Launch 🚀 package, party 🥳' }],
      customer: sampleCustomer({ name: 'Emoji 😀 Telecom' }),
      invoice: sampleInvoice({ notes: 'Thanks 🙏' }),
    });
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    const text = squash(pdf.text);
    // Drawn in black by Symbola (emoji up to Unicode 9) and read back as the same characters; the
    // skin tone is drawn as its swatch after the hand, and the invisible emoji selector is dropped.
    expect(text).toContain('Calls 📞 to 👍🏽 family ❤ and friends');
    expect(text).toContain('Emoji 😀 Telecom');
    expect(text).toContain('Thanks 🙏');
    expect(pdf.fonts).toMatch(/Symbola\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    // 🥳 (Unicode 11) is in no shipped font: it prints as U+FFFD, the rest of the text intact.
    expect(text).toContain('Launch 🚀 package, party \uFFFD');

    const latinOnly = checkPdf(await renderInvoicePdf(sampleInvoicePdfData(3)));
    expect(latinOnly.fonts).not.toContain('Symbola');
  });

  it('an empty line list', async () => {
    const data = sampleInvoicePdfData(0);
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    const text = squash(pdf.text);
    expect(text).toContain('No lines on this invoice.');
    expect(text).toContain(`Total EUR ${money('0')}`);
  });

  it.each([
    ['not a data URL', 'https://example.com/logo.png'],
    ['not base64 image data', 'data:image/png;base64,AAAA'],
    ['an SVG', 'data:image/svg+xml;base64,PHN2Zy8+'],
    ['a PNG cut short', PNG_1X1.slice(0, 60)],
    ['a JPEG header with nothing after', 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ=='],
  ])('a broken logo (%s) is left out with a warning', async (_, logo) => {
    const data = sampleInvoicePdfData(2, { account: sampleAccount({ logo }) });
    const result = await renderInvoicePdfWithDetails(data);
    const pdf = checkPdf(result.bytes);
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(pdf.images).toBe(0);
    expect(result.warnings.join(' ')).toMatch(/logo/);
    expect(squash(pdf.text)).toContain('Zürich Telekom AG');
  });

  it('an empty account and customer (new install)', async () => {
    const data = sampleInvoicePdfData(1, {
      account: sampleAccount({ companyName: '', address: '', email: '', vatId: '', registrationId: '', paymentDetails: '' }),
      customer: sampleCustomer({ company: '', address: '', contacts: [], externalId: '' }),
      invoice: sampleInvoice({ notes: '', periodStart: null, periodEnd: null }),
    });
    const pdf = checkPdf(await renderInvoicePdf(data));
    expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
    expect(squash(pdf.text)).toContain('Łódź Connect');
  });
});

describe('renderInvoicePdf, as QA read the printed invoices', () => {
  it('prints the totals as the screen shows them: net, each tax rate on its base, total, then paid and balance due', async () => {
    const lines = [{ ...sampleLine(0), amount: '300' }, { ...sampleLine(1), amount: '69.71' }];
    const base = sampleInvoicePdfData(0, { lines, invoice: sampleInvoice({ paid: '100.00' }), locale: 'en-GB' });
    const data = { ...base, invoice: { ...base.invoice, currency: 'GBP' }, customer: { ...base.customer, currency: 'GBP' } };
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    // Net 300 + 69.71 = 369.71 at 20%: tax 73.942 → 73.94; total 443.65; balance 443.65 − 100 = 343.65.
    const summary = text.slice(text.indexOf('Net £369.71'));
    expect(summary).toMatch(/^Net £369\.71\s+Tax 20% on £369\.71 £73\.94\s+Total GBP £443\.65\s+Paid £100\.00\s+Balance due £343\.65/);
    expect(text.match(/£73\.94/g)).toHaveLength(1);
  });

  it('prints a KWD invoice at 0% with its tax once, after the net', async () => {
    const lines = [{ ...sampleLine(6), taxRate: '0', quantity: '10', unitPrice: '0.0125' }];
    const base = sampleInvoicePdfData(0, { lines });
    const data = { ...base, invoice: { ...base.invoice, currency: 'KWD' }, customer: { ...base.customer, currency: 'KWD' } };
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    // 10 × 0.0125 = 0.125; tax 0; total 0.125.
    expect(text).toMatch(/Net KWD 0\.125\s+Tax 0% on KWD 0\.125 KWD 0\.000\s+Total KWD KWD 0\.125/);
    expect(text.match(/KWD 0\.000/g)).toHaveLength(1);
  });
});

describe('renderInvoicePdf prints minutes', () => {
  const minuteLines = () => [
    { ...sampleLine(0), minutes: '5.1' },
    { ...sampleLine(1), minutes: '5.15' },
    { ...sampleLine(2), minutes: '53' },
    { ...sampleLine(3), minutes: '1511.5' },
    // A line billed by the minute, quantity × price (not a usage line with an amount).
    { ...sampleLine(8), kind: 'manual' as const, description: 'Operator minutes', quantity: '120.5', unit: 'min', unitPrice: '0.01', amount: null, calls: null, minutes: null },
  ];
  const rowOf = (lines: string[], description: string) => lines.find((line) => line.includes(description)) ?? '';

  it.each([
    ['en-US', ['5.10', '5.15', '53.00', '1,511.50'], '120.50 min'],
    ['de-DE', ['5,10', '5,15', '53,00', '1.511,50'], '120,50 min'],
  ])('with exactly 2 decimals, grouped for %s, in the Minutes column and in a quantity of minutes', async (locale, minutes, quantity) => {
    const data = sampleInvoicePdfData(0, { lines: minuteLines(), locale });
    const lines = checkPdf(await renderInvoicePdf(data)).text.split('\n').map(squash);
    data.lines.slice(0, 4).forEach((line, i) => expect(rowOf(lines, line.description), line.description).toContain(` ${minutes[i]} `));
    expect(rowOf(lines, 'Operator minutes')).toContain(quantity);
  });
});

describe('renderInvoicePdf prints emoji side by side', () => {
  it('in the bold customer name and in regular text, each one drawn by Symbola', async () => {
    // react-pdf, given the font stack, loses every symbol after an emoji from a fallback font in
    // the same text ("🎌📞" printed 🎌 and a missing-glyph box).
    const data = sampleInvoicePdfData(1, {
      customer: sampleCustomer({ name: '東京テレコム株式会社 🎌📞' }),
      invoice: sampleInvoice({ notes: 'Call us 📞🎌★ anytime' }),
    });
    const text = squash(checkPdf(await renderInvoicePdf(data)).text);
    const lines = text.split('\n');
    // The name in the Bill to block (bold), in the footer (canvas) and the notes (regular).
    expect(lines.filter((line) => line.includes('東京テレコム株式会社 🎌📞')).length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Call us 📞🎌★ anytime');
  });
});
