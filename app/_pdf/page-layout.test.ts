import { beforeAll, describe, expect, it } from 'vitest';
import { loadInvoiceFonts, registerInvoiceFonts } from './fonts';
import { buildInvoiceModel } from './invoice-model';
import {
  CELL_PADDING,
  DESCRIPTION_MIN_WIDTH,
  LINE_CELL_KEYS,
  lineColumns,
  MIN_SPLIT_LINES,
  NUMBER_CELL_KEYS,
  PAYMENT_AMOUNT_WIDTH,
  paymentColumns,
  planInvoicePages,
  ROW_KEEP_LINES,
  SUMMARY_FONT_SIZE,
  SUMMARY_STRONG_FONT_SIZE,
  SUMMARY_WIDTH,
  TABLE_FONT_SIZE,
  TABLE_HEADER_HEIGHT,
  TABLE_LINE_HEIGHT,
  TABLE_ROW_PADDING,
  type InvoicePlan,
  type Segment,
} from './page-layout';
import { sampleAccount, sampleCustomer, sampleId, sampleInvoice, sampleInvoicePdfData, sampleLine } from './sample-invoice';
import { planStatementPages } from './statement-layout';
import { buildStatementModel } from './statement-model';
import type { InvoiceLine } from '@/lib/entities';
import { buildStatement } from '@/lib/statement';
import { ARABIC_LINE_HEIGHT_EM } from '@/lib/text-direction';
import { TextMeasurer, WRAP_SLACK } from './text-measure';

let measurer: TextMeasurer;
/** With the Arabic and Hebrew fonts. */
let rtlMeasurer: TextMeasurer;

beforeAll(async () => {
  registerInvoiceFonts();
  measurer = new TextMeasurer((await loadInvoiceFonts([])).measure);
  rtlMeasurer = new TextMeasurer((await loadInvoiceFonts(['شركة', 'בזק'])).measure);
});

/** Deterministic pseudo-random numbers (LCG), so a failure reproduces. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function tables(plan: InvoicePlan): Extract<Segment, { kind: 'table' }>[] {
  return plan.pages.flatMap((p) => p.segments.filter((s): s is Extract<Segment, { kind: 'table' }> => s.kind === 'table'));
}

function plan0Intro(plan: InvoicePlan) {
  const segment = plan.pages[0]!.segments[0]!;
  if (segment.kind !== 'intro') throw new Error('page 1 starts with the intro');
  return segment.intro;
}

function checkGeometry(plan: InvoicePlan): void {
  for (const page of plan.pages) {
    let bottom = 0;
    for (const segment of page.segments) {
      expect(segment.y).toBeGreaterThanOrEqual(bottom - 1e-9); // in order, no overlap
      expect(segment.y + segment.height).toBeLessThanOrEqual(plan.bodyHeight + 1e-9); // inside the body
      bottom = segment.y + segment.height;
      if (segment.kind === 'table') {
        expect(segment.height).toBeCloseTo(TABLE_HEADER_HEIGHT + segment.rows.reduce((h, r) => h + r.height, 0), 9);
      }
    }
    // A heading is followed, on its page, by what it heads.
    page.segments.forEach((segment, i) => {
      if (segment.kind === 'heading') expect(['table', 'paragraph']).toContain(page.segments[i + 1]?.kind);
    });
  }
}

describe('planInvoicePages', () => {
  it('places every wrapped line of every row exactly once, in order, inside the pages', () => {
    const random = lcg(6);
    const words = ['Mobile', 'Fixed', 'Premium', 'Łódź', 'Zürich', 'international', 'toll-free', 'x'.repeat(60)];
    const lines = Array.from({ length: 400 }, (_, i) => {
      const count = random() < 0.05 ? 400 : Math.floor(random() * 12);
      const description = Array.from({ length: count }, () => words[Math.floor(random() * words.length)]!).join(' ');
      return { ...sampleLine(i), description };
    });
    const model = buildInvoiceModel(sampleInvoicePdfData(0, { lines }));
    const plan = planInvoicePages(model, measurer);
    checkGeometry(plan);

    const width = tables(plan)[0]!.columns[0]!.width - 2 * CELL_PADDING;
    // An empty description prints no line (the row still has its other cells).
    const expected = model.rows.flatMap((row) => (row.description ? measurer.wrap(measurer.sanitize(row.description), width, 8) : []));
    const printed = tables(plan).flatMap((t) => t.rows.flatMap((r) => r.cells[0]!));
    expect(printed).toEqual(expected);
    // Rows of up to ROW_KEEP_LINES lines are whole; a split row keeps MIN_SPLIT_LINES on each page.
    const parts = tables(plan).flatMap((t) => t.rows.map((r) => Math.max(1, ...r.cells.map((c) => c.length))));
    let split = 0;
    for (const row of model.rows) {
      const lineCount = Math.max(1, measurer.wrap(measurer.sanitize(row.description), width, 8).length);
      let placed = 0;
      const rowParts: number[] = [];
      while (placed < lineCount) placed += rowParts[rowParts.push(parts.shift()!) - 1]!;
      expect(placed).toBe(lineCount);
      if (lineCount <= ROW_KEEP_LINES) expect(rowParts).toEqual([lineCount]);
      if (rowParts.length > 1) {
        split++;
        for (const lines of rowParts) expect(lines).toBeGreaterThanOrEqual(MIN_SPLIT_LINES);
      }
    }
    expect(split).toBeGreaterThan(5);
    // Every page after a split row starts with the table (and its column header) at the top.
    expect(plan.pages.length).toBeGreaterThan(10);
  });

  it('starts a long line on page 1 under its heading and splits it across pages', () => {
    const description = Array.from({ length: 450 }, (_, i) => ['Termination', 'to', 'premium', 'mobile', 'ranges'][i % 5]).join(' ').slice(0, 3000);
    const lines = [{ ...sampleLine(6), kind: 'manual' as const, description }];
    for (const payments of [false, true]) {
      // With a payment whose row is as tall as a kept row can be: its heading moves with it.
      const base = sampleInvoicePdfData(0, { lines });
      const reference = Array.from({ length: 40 }, (_, i) => `REF-${i}`).join(' ');
      const payment = { id: sampleLine(0).id, customerId: base.customer.id, date: '2026-02-10', amount: '1', currency: base.invoice.currency, method: 'Bank transfer', reference, allocations: [{ invoiceId: base.invoice.id, amount: '1' }] };
      const model = buildInvoiceModel(payments ? { ...base, payments: [payment] } : base);
      const plan = planInvoicePages(model, measurer);
      checkGeometry(plan);
      expect(plan.pages[0]!.segments.map((s) => s.kind).slice(0, 3)).toEqual(['intro', 'heading', 'table']);
      const parts = tables(plan)
        .filter((t) => t.columns[0]!.label === 'Description')
        .map((t) => t.rows[0]!.cells[0]!);
      const width = tables(plan)[0]!.columns[0]!.width - 2 * CELL_PADDING;
      // 3,000 characters wrap to more lines than page 1 has room for after the header.
      expect(parts).toHaveLength(2);
      expect(parts.flat()).toEqual(measurer.wrap(description, width, TABLE_FONT_SIZE));
    }
  });

  it('keeps the totals together and after the last row', () => {
    for (const count of [0, 1, 25, 26, 27, 60, 71, 72, 73, 200]) {
      const plan = planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(count)), measurer);
      checkGeometry(plan);
      const kinds = plan.pages.flatMap((p, i) => p.segments.map((s) => ({ kind: s.kind, page: i })));
      const summaries = kinds.filter((k) => k.kind === 'summary');
      expect(summaries).toHaveLength(1);
      const lastTable = kinds.findLastIndex((k) => k.kind === 'table');
      expect(kinds.findIndex((k) => k.kind === 'summary')).toBeGreaterThan(lastTable);
    }
  });

  it('keeps the payment details on the page of the totals and payments when they fit one, never alone on a last page', () => {
    for (let count = 0; count <= 80; count++) {
      const base = sampleInvoicePdfData(count);
      const payment = { id: sampleLine(0).id, customerId: base.customer.id, date: '2026-02-10', amount: '1', currency: base.invoice.currency, method: 'Bank transfer', reference: 'TRX-1', allocations: [{ invoiceId: base.invoice.id, amount: '1' }] };
      const plan = planInvoicePages(buildInvoiceModel({ ...base, payments: [payment] }), measurer);
      checkGeometry(plan);
      const pageOf = (found: (s: Segment) => boolean) => plan.pages.findIndex((p) => p.segments.some(found));
      const details = pageOf((s) => s.kind === 'heading' && s.text === 'Payment details');
      expect({ count, page: details }).toEqual({ count, page: pageOf((s) => s.kind === 'summary') });
      expect(pageOf((s) => s.kind === 'heading' && s.text === 'Payments')).toBe(details);
    }
  });

  it('fills every page between the first and the last with the same number of one-line rows', () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => ({ ...sampleLine(i), description: `Line ${i}` }));
    const plan = planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(0, { lines })), measurer);
    const rowsPerPage = plan.pages
      .map((page) => tables({ ...plan, pages: [page] }).reduce((n, t) => n + t.rows.length, 0))
      .filter((n) => n > 0); // the totals may take a page of their own
    // (body − column header) / row = (739.89 − 16) / 16 = 45.2 → 45 rows on every middle page.
    expect(new Set(rowsPerPage.slice(1, -1))).toEqual(new Set([45]));
    expect(rowsPerPage.reduce((a, b) => a + b, 0)).toBe(3_000);
    expect(rowsPerPage).toHaveLength(1 + Math.ceil((3_000 - rowsPerPage[0]!) / 45));
  });

  it('prints every number whole, on one line inside its cell up to 7-digit values, the description taking what is left', () => {
    const random = lcg(11);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const units = ['', 'each', 'month', 'min', 'DID'];
    for (const currency of ['KWD', 'BHD', 'USD', 'JPY']) {
      for (const magnitude of [1, 4, 7, 10]) {
        const lines = Array.from({ length: 40 }, (_, i) => ({
          ...sampleLine(i),
          // Half the lines quantity × a 6-decimal unit price, half usage with calls and minutes.
          ...(i % 2 === 0 ? { amount: null, calls: null, minutes: null } : { minutes: `${digits(magnitude)}.${digits(2)}`, calls: Number(`1${digits(magnitude - 1)}`) }),
          quantity: `${random() < 0.3 ? '-' : ''}${digits(1 + Math.floor(random() * magnitude))}.${digits(1)}`,
          unit: units[i % units.length]!,
          unitPrice: `${digits(1 + Math.floor(random() * magnitude))}.${digits(6)}`,
          taxRate: i % 3 === 0 ? '5.5' : '10',
        }));
        const data = sampleInvoicePdfData(0, { lines, invoice: sampleInvoice({ currency }), customer: sampleCustomer({ currency }) });
        const model = buildInvoiceModel(data);
        const plan = planInvoicePages(model, measurer);
        checkGeometry(plan);
        const [table] = tables(plan);
        const columns = table!.columns;
        expect(columns.reduce((w, c) => w + c.width, 0)).toBeCloseTo(plan.contentWidth, 9);
        expect(columns[0]!.width).toBeGreaterThanOrEqual(DESCRIPTION_MIN_WIDTH - 1e-9);
        const printed = tables(plan).flatMap((t) => t.rows);
        expect(printed).toHaveLength(lines.length); // no row split across pages here
        printed.forEach((row, r) => {
          for (const key of NUMBER_CELL_KEYS) {
            const c = columns.findIndex((column) => column.key === key);
            const text = measurer.sanitize(model.rows[r]![key]);
            // 10-digit calls, minutes, quantities and prices (20-digit nets) fit no width and no
            // size: they overflow, and a quantity's unit may go under it, but no number is cut.
            expect(row.cells[c]!.flatMap((line) => line.split(' '))).toEqual(text === '' ? [] : text.split(' '));
            if (magnitude > 7) continue;
            expect(row.cells[c]).toEqual(text === '' ? [] : [text]);
            const column = columns[c]!;
            expect(measurer.width(text, column.fontSize)).toBeLessThanOrEqual((column.width - 2 * CELL_PADDING) * WRAP_SLACK + 1e-9);
          }
        });
      }
    }
  });

  it('prints a quantity with its unit on one line when it is the widest in its column', () => {
    // The column is sized to hold exactly its widest value, so the wrap must not lose it to the
    // rounding of a sum of glyph advances: "4 months" (35.584 pt) wrapped as "4" / "months".
    const units = ['month', 'DID', 'each', 'min', 'channel'];
    for (const unit of units) {
      for (let n = 1; n <= 120; n++) {
        const lines = [{ ...sampleLine(6), quantity: String(n), unit }];
        const model = buildInvoiceModel(sampleInvoicePdfData(0, { lines }));
        const [table] = tables(planInvoicePages(model, measurer));
        const row = table!.rows[0]!;
        expect(row.cells[table!.columns.findIndex((c) => c.key === 'quantity')], model.rows[0]!.quantity).toEqual([model.rows[0]!.quantity]);
      }
    }
  });

  it('keeps the usual columns when the numbers fit them', () => {
    const plan = planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(60)), measurer);
    expect(tables(plan)[0]!.columns).toEqual(lineColumns(plan.contentWidth));
    expect(lineColumns(plan.contentWidth).map((c) => [c.width, c.fontSize])).toEqual([
      [plan.contentWidth - 358, TABLE_FONT_SIZE],
      ...[80, 34, 44, 40, 60, 32, 68].map((w) => [w, TABLE_FONT_SIZE]),
    ]);
  });

  it('leaves out a column empty on every line, giving its width to the description, each cell in its own column', () => {
    const keysOf = (lines: InvoiceLine[]) => tables(planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(0, { lines })), measurer))[0]!.columns.map((c) => c.key);
    const dids = sampleLine(6);
    const porting: InvoiceLine = { ...sampleLine(13), kind: 'manual', description: 'Number porting fee', startDate: null, endDate: null, quantity: '1', unit: 'each', unitPrice: '15', amount: null, calls: null, minutes: null };
    const usage = sampleLine(0);
    // Packages and manual lines: no calls or minutes anywhere.
    expect(keysOf([dids, porting])).toEqual(['description', 'period', 'quantity', 'unitPrice', 'taxRate', 'net']);
    // A manual line alone: no period either.
    expect(keysOf([porting])).toEqual(['description', 'quantity', 'unitPrice', 'taxRate', 'net']);
    // Usage alone bills amounts, not quantity × price.
    expect(keysOf([usage])).toEqual(['description', 'period', 'calls', 'minutes', 'taxRate', 'net']);
    expect(keysOf([usage, dids])).toEqual(LINE_CELL_KEYS);
    // No lines: what a line is, its tax and its net.
    expect(keysOf([])).toEqual(['description', 'taxRate', 'net']);

    const model = buildInvoiceModel(sampleInvoicePdfData(0, { lines: [dids, porting] }));
    const plan = planInvoicePages(model, measurer);
    checkGeometry(plan);
    const table = tables(plan)[0]!;
    const { columns } = table;
    expect(columns.reduce((w, c) => w + c.width, 0)).toBeCloseTo(plan.contentWidth, 9);
    // The description has the calls' and minutes' usual widths (34 + 44) on top of its own.
    expect(columns[0]!.width).toBeCloseTo(lineColumns(plan.contentWidth)[0]!.width + 78, 9);
    expect(columns.map((c) => c.align)).toEqual(['left', 'left', 'right', 'right', 'right', 'right']);
    columns.slice(1).forEach((c, i) => expect(c.x).toBeCloseTo(columns[i]!.x + columns[i]!.width, 9));
    // Every cell in the column of its key.
    table.rows.forEach((row, r) => {
      expect(row.cells).toHaveLength(columns.length);
      expect(row.settings).toHaveLength(columns.length);
      columns.forEach((column, c) => expect(row.cells[c]!.join(' ')).toBe(measurer.sanitize(model.rows[r]![column.key!])));
    });
  });

  it('widens the totals block for long amounts so no label runs into its amount, and keeps its usual width otherwise', () => {
    const summaryOf = (plan: InvoicePlan) => plan.pages.flatMap((p) => p.segments).find((s): s is Extract<Segment, { kind: 'summary' }> => s.kind === 'summary')!;
    expect(summaryOf(planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(3)), measurer)).width).toBe(SUMMARY_WIDTH);

    // 15-digit amounts (the most an amount has) in a 3-decimal currency, tax on a negative base.
    const lines = [
      { ...sampleLine(0), kind: 'manual' as const, amount: null, quantity: '1', unitPrice: '999999999999.999', taxRate: '12.5' },
      { ...sampleLine(1), kind: 'manual' as const, amount: null, quantity: '-1', unitPrice: '1524156447187.265', taxRate: '20' },
    ];
    const data = sampleInvoicePdfData(0, { lines, invoice: sampleInvoice({ currency: 'KWD' }), customer: sampleCustomer({ currency: 'KWD' }) });
    const plan = planInvoicePages(buildInvoiceModel(data), measurer);
    const summary = summaryOf(plan);
    expect(summary.width).toBeGreaterThan(SUMMARY_WIDTH);
    expect(summary.width).toBeLessThanOrEqual(plan.contentWidth);
    for (const item of summary.items) {
      const [size, weight] = item.strong ? ([SUMMARY_STRONG_FONT_SIZE, 'bold'] as const) : ([SUMMARY_FONT_SIZE, 'regular'] as const);
      expect(measurer.width(item.label, size, weight) + measurer.width(item.value, size, weight), item.label).toBeLessThan(summary.width);
    }
  });

  it('widens the payments\' amount column for long amounts so none wraps, and keeps its usual width otherwise', () => {
    const withPayment = (currency: string, amount: string) => {
      const base = sampleInvoicePdfData(1, { invoice: sampleInvoice({ currency, paid: amount }), customer: sampleCustomer({ currency }) });
      const payment = { id: sampleLine(0).id, customerId: base.customer.id, date: '2026-02-10', amount, currency, method: 'Bank transfer', reference: 'WIRE-7731', allocations: [{ invoiceId: base.invoice.id, amount }] };
      const plan = planInvoicePages(buildInvoiceModel({ ...base, payments: [payment] }), measurer);
      const payments = tables(plan).at(-1)!;
      return { plan, columns: payments.columns, amountLines: payments.rows[0]!.cells[3]! };
    };
    const usual = withPayment('EUR', '150');
    expect(usual.columns).toEqual(paymentColumns(usual.plan.contentWidth));
    expect(usual.columns[3]!.width).toBe(PAYMENT_AMOUNT_WIDTH);

    // 15 integer digits and 3 decimals, the longest amount stored; printed positive (credit taken from a credit note too).
    const longest = withPayment('KWD', '999999999999999.999');
    const [amount] = longest.amountLines;
    expect(longest.amountLines).toEqual(['KWD\u00a0999,999,999,999,999.999']);
    const column = longest.columns[3]!;
    expect(column.width).toBeGreaterThan(PAYMENT_AMOUNT_WIDTH);
    expect(measurer.width(amount!, column.fontSize)).toBeLessThanOrEqual((column.width - 2 * CELL_PADDING) * WRAP_SLACK + 1e-9);
    expect(longest.columns.reduce((w, c) => w + c.width, 0)).toBeCloseTo(longest.plan.contentWidth, 9);
  });

  it('gives a row with Arabic text a taller pitch and sets right-to-left cells right-aligned, across page breaks', () => {
    const descriptions = ['مكالمات دولية إلى الكويت والسعودية والإمارات، الشبكات المتنقلة والثابتة', 'שיחות לישראל', 'Calls to الكويت mobile', 'Germany - Fixed'];
    const lines = Array.from({ length: 200 }, (_, i) => ({ ...sampleLine(i), description: descriptions[i % descriptions.length]! }));
    const plan = planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(0, { lines })), rtlMeasurer);
    checkGeometry(plan);
    expect(plan.pages.length).toBeGreaterThan(2);
    const rows = tables(plan).flatMap((t) => t.rows);
    expect(rows).toHaveLength(200); // no row split across pages here
    // 1.8 em × 8 pt = 14.4 pt for rows with Arabic, the usual 10 pt for Hebrew and Latin.
    const arabicPitch = ARABIC_LINE_HEIGHT_EM * TABLE_FONT_SIZE;
    const expected = [
      { lineHeight: arabicPitch, description: { direction: 'rtl', align: 'right' } },
      { lineHeight: TABLE_LINE_HEIGHT, description: { direction: 'rtl', align: 'right' } },
      { lineHeight: arabicPitch, description: { direction: 'ltr', align: 'left' } },
      { lineHeight: TABLE_LINE_HEIGHT, description: { direction: 'ltr', align: 'left' } },
    ];
    rows.forEach((row, i) => {
      const { lineHeight, description } = expected[i % expected.length]!;
      expect(row.lineHeight).toBeCloseTo(lineHeight, 9);
      expect(row.height).toBeCloseTo(2 * TABLE_ROW_PADDING + Math.max(...row.cells.map((c) => c.length)) * lineHeight, 9);
      expect(row.settings[0]).toMatchObject(description);
      expect(row.settings.at(-1)).toEqual({ direction: 'ltr', align: 'right', lineHeight: TABLE_LINE_HEIGHT }); // the net amount
    });
  });

  it('fits the largest heading the schema allows on page 1, details wrapped, the lines table next', () => {
    // Every field at its schema limit (lib/entities), in the widest letter, with a logo and a void reason.
    const W = (n: number) => 'W'.repeat(n);
    const email = `${W(64)}@${W(250)}.${W(4)}`;
    const logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    for (const paperSize of ['A4', 'LETTER'] as const) {
      const data = sampleInvoicePdfData(1, {
        account: sampleAccount({ paperSize, logo, companyName: W(200), address: W(1000), email, vatId: W(100), registrationId: W(100) }),
        customer: sampleCustomer({ name: W(200), company: W(199), address: W(1000), externalId: W(100), contacts: [{ name: W(200), email, phone: '9'.repeat(50) }] }),
        invoice: sampleInvoice({ status: 'void', voidReason: W(1000) }),
      });
      const plan = planInvoicePages(buildInvoiceModel(data), measurer);
      checkGeometry(plan);
      // Names printed whole (up to 5 lines) leave this extreme heading no room for the table on page 1.
      const [intro] = plan.pages[0]!.segments;
      expect(intro!.kind).toBe('intro');
      expect(intro!.height).toBeLessThanOrEqual(plan.bodyHeight);
      expect(plan.pages.flatMap((p) => p.segments.map((s) => s.kind)).slice(0, 3)).toEqual(['intro', 'heading', 'table']);
    }
    // A long contact wraps to lines that join up to the whole of it.
    const contacts = [{ name: 'Amara Schmidt (Billing), Accounts Payable', email: 'amara.schmidt@atlasvoip.nl', phone: '+31 20 794 9118' }];
    const model = buildInvoiceModel(sampleInvoicePdfData(1, { customer: sampleCustomer({ contacts }) }));
    const intro = plan0Intro(planInvoicePages(model, measurer));
    const contact = intro.customer.find((b) => b.lines[0]!.startsWith('Amara'))!;
    expect(contact.lines.length).toBeGreaterThan(1);
    expect(contact.lines.join(' ')).toBe(model.customer.contact.join(' · '));
  });

  it('prints the seller’s and the customer’s names and company whole up to their schema limit in ordinary words (a legal name is never cut)', () => {
    const words = 'Bravo International Telecommunications & Carrier Services Holding Company of the Southern Atlantic Region';
    const long = (n: number) => words.repeat(Math.ceil(n / words.length)).slice(0, n).trim();
    const names = ['Bravo <img src=x onerror=alert("xss-company")> "Voice" & Co', long(200)];
    for (const name of names) {
      const data = sampleInvoicePdfData(1, { account: sampleAccount({ companyName: name }), customer: sampleCustomer({ name, company: long(199) }) });
      const model = buildInvoiceModel(data);
      const intro = plan0Intro(planInvoicePages(model, measurer));
      const whole = (blocks: typeof intro.seller, text: string) => blocks.some((b) => b.lines.join(' ') === text);
      expect(whole(intro.seller, name), `seller: ${name}`).toBe(true);
      expect(whole(intro.customer, name), `customer: ${name}`).toBe(true);
      expect(whole(intro.customer, long(199)), 'customer company').toBe(true);
    }
  });

  it('gives the heading labels room for the widest of them ("Credit note date"), and the usual width otherwise', () => {
    const credit = { ...sampleLine(0), kind: 'manual' as const, quantity: '1', unit: '', unitPrice: '-10', amount: null, calls: null, minutes: null };
    const creditIntro = plan0Intro(planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(0, { lines: [credit] })), measurer));
    expect(creditIntro.meta.map((r) => r.label)).toContain('Credit note date');
    expect(creditIntro.metaLabelWidth).toBeGreaterThanOrEqual(measurer.width('Credit note date', 8.5) + 4);
    expect(plan0Intro(planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(1)), measurer)).metaLabelWidth).toBe(66);
  });

  it("wraps the customer's contact only at its separators while each part fits a line", () => {
    const email = 'amara.schmidt@atlasvoip.nl';
    const phone = '+31 20 794 9118';
    const words = 'Amara Schmidt, Accounts Payable and Billing Department of Atlas VoIP B.V.';
    // Names from one word to a whole line (wrapped lines fill up to 278 × 0.97 = 269.66 pt), a letter longer each time:
    // every way the parts can fall on the lines, with the breaks just before and after each " ·".
    for (let n = 5; n <= words.length && measurer.width(words.slice(0, n), 8.5) < 269; n++) {
      const name = words.slice(0, n).trim();
      const intro = plan0Intro(planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(1, { customer: sampleCustomer({ contacts: [{ name, email, phone }] }) })), measurer));
      const contact = intro.customer.find((b) => b.lines[0]!.startsWith(name.split(' ')[0]!))!;
      const { lines } = contact;
      expect(lines.join(' '), name).toBe(`${name} · ${email} · ${phone}`);
      // Each part whole on one line; a line that goes on ends in the separator, and none starts with one.
      for (const part of [name, email, phone]) expect(lines.some((line) => line.includes(part)), `${name}: ${part}`).toBe(true);
      lines.forEach((line, i) => {
        expect(line.startsWith('·'), name).toBe(false);
        expect(line.endsWith(' ·'), name).toBe(i < lines.length - 1);
        expect(measurer.width(line, 8.5), name).toBeLessThanOrEqual(intro.leftWidth);
      });
      expect(contact).toMatchObject({ direction: 'ltr', align: 'left' });
    }
  });

  it("sets each part of the contact in its own direction, the line left to right from the box's left edge", () => {
    const contacts = [{ name: 'محمد العلي', email: '', phone: '+965 2222 3333' }];
    const intro = plan0Intro(planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(1, { customer: sampleCustomer({ contacts }) })), rtlMeasurer));
    const contact = intro.customer.find((b) => b.lines[0]!.startsWith('محمد'))!;
    // The box keeps its usual setting; the Arabic name gives it Arabic's taller pitch (1.8 × 8.5 pt).
    expect(contact).toMatchObject({ direction: 'ltr', align: 'left', lineHeight: ARABIC_LINE_HEIGHT_EM * 8.5, lines: ['محمد العلي · +965 2222 3333'] });
    expect(contact.pieces).toMatchObject([
      [
        { text: 'محمد العلي', x: 0, direction: 'rtl' },
        { text: '·', direction: 'ltr' },
        { text: '+965 2222 3333', direction: 'ltr' },
      ],
    ]);
  });

  it('uses US Letter dimensions when asked', () => {
    const data = sampleInvoicePdfData(3);
    const plan = planInvoicePages(buildInvoiceModel({ ...data, account: { ...data.account, paperSize: 'LETTER' } }), measurer);
    expect([plan.width, plan.height]).toEqual([612, 792]);
    expect(plan.contentWidth).toBe(612 - 80);
  });
});

/** A text `fit` cut to `room` points: a prefix of `whole` with "…", as long as fits. */
function expectCut(text: string, whole: string, room: number, size: number, weight?: 'bold') {
  expect(text.endsWith('…')).toBe(true);
  expect(whole.startsWith(text.slice(0, -1))).toBe(true);
  expect(measurer.width(text, size, weight)).toBeLessThanOrEqual(room);
  // Cut no shorter than needed: one more character would not fit.
  expect(measurer.width(`${whole.slice(0, text.length)}…`, size, weight)).toBeGreaterThan(room * WRAP_SLACK);
}

/** A seller's name and a customer's too long for the running header and footer; the tab prints as a space. */
const LONG_SELLER = `Zürich\tTelekom ${'Carrier Services '.repeat(8)}AG`;
const LONG_SELLER_PRINTED = LONG_SELLER.replace('\t', ' ');
const LONG_CUSTOMER = sampleCustomer({ name: `Łódź ${'Connect '.repeat(20)}` });

describe("the invoice's running header and footer", () => {
  it("print the seller's name, what the invoice is and its number, and the model's footer, on the invoice's paper", () => {
    const plan = (overrides: Parameters<typeof sampleInvoice>[0]) => planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(1, { invoice: sampleInvoice(overrides) })), measurer);
    expect(plan({})).toMatchObject({
      width: 595.28,
      height: 841.89,
      contentWidth: 595.28 - 80,
      header: { left: 'Zürich Telekom AG', right: 'Invoice no. INV-000042' },
      footer: 'Zürich Telekom AG · Invoice no. INV-000042 · Łódź Connect',
    });
    expect(plan({ status: 'draft', number: null }).header.right).toBe('Draft, invoice no. pending');
    expect(plan({ status: 'issued', number: null })).toMatchObject({
      header: { right: 'Invoice no. pending \u2014 assigned on sync' },
      footer: 'Zürich Telekom AG · Invoice no. pending \u2014 assigned on sync · Łódź Connect',
    });
    expect(plan({ status: 'void' }).header.right).toBe('Invoice no. INV-000042');
    const creditNote = planInvoicePages(
      buildInvoiceModel(sampleInvoicePdfData(0, { lines: [{ ...sampleLine(0), kind: 'manual', amount: null, quantity: '-1', unitPrice: '10', taxRate: '0' }] })),
      measurer,
    );
    expect(creditNote.header.right).toBe('Credit note no. INV-000042');
  });

  it('cut each text to its share of the width with "…", control characters printed as spaces', () => {
    const number = `INV-${'9'.repeat(60)}`;
    const data = sampleInvoicePdfData(1, { account: sampleAccount({ companyName: LONG_SELLER }), customer: LONG_CUSTOMER, invoice: sampleInvoice({ number, parties: null }) });
    const plan = planInvoicePages(buildInvoiceModel(data), measurer);
    expectCut(plan.header.left, LONG_SELLER_PRINTED, plan.contentWidth * 0.6, 8, 'bold');
    expectCut(plan.header.right, `Invoice no. ${number}`, plan.contentWidth * 0.38, 8);
    expectCut(plan.footer, `${LONG_SELLER_PRINTED} · Invoice no. ${number} · ${LONG_CUSTOMER.name}`, plan.contentWidth * 0.75, 7);
  });
});

describe("the statement's running header and footer", () => {
  function statementPlan(account = sampleAccount(), customer = sampleCustomer()) {
    const invoice = sampleInvoice({ id: sampleId(2, 7), customerId: customer.id, number: 'INV-2', invoiceDate: '2026-03-01', dueDate: '2026-03-15', total: '100.00', paid: '0.00' });
    const statement = buildStatement({ customerId: customer.id, currency: 'EUR', from: '2026-03-01', to: '2026-03-31', today: '2026-04-02', invoices: [invoice], payments: [] });
    return planStatementPages(buildStatementModel({ account, customer, statement, date: '2026-04-02' }), measurer);
  }

  it("print the seller's name, the statement and its period, and the model's footer, on the account's paper", () => {
    expect(statementPlan()).toMatchObject({
      width: 595.28,
      height: 841.89,
      contentWidth: 595.28 - 80,
      header: { left: 'Zürich Telekom AG', right: 'Statement Mar 1–31, 2026' },
      footer: 'Zürich Telekom AG · Statement Mar 1–31, 2026 · Łódź Connect',
    });
    expect(statementPlan(sampleAccount({ paperSize: 'LETTER' }))).toMatchObject({ width: 612, height: 792, contentWidth: 612 - 80 });
  });

  it('cut the seller\'s name and the footer to their share of the width with "…", control characters printed as spaces', () => {
    const plan = statementPlan(sampleAccount({ companyName: LONG_SELLER }), LONG_CUSTOMER);
    expectCut(plan.header.left, LONG_SELLER_PRINTED, plan.contentWidth * 0.6, 8, 'bold');
    expect(plan.header.right).toBe('Statement Mar 1–31, 2026');
    expectCut(plan.footer, `${LONG_SELLER_PRINTED} · Statement Mar 1–31, 2026 · ${LONG_CUSTOMER.name}`, plan.contentWidth * 0.75, 7);
  });
});

describe('the tax note', () => {
  it('stands right under the totals, without a heading, before the payment details and notes', () => {
    const taxNote = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)';
    const model = buildInvoiceModel(sampleInvoicePdfData(3, { customer: sampleCustomer({ taxNote }), invoice: sampleInvoice({ parties: null }) }));
    const plan = planInvoicePages(model, measurer);
    checkGeometry(plan);
    const segments = plan.pages.flatMap((p) => p.segments);
    const summary = segments.findIndex((s) => s.kind === 'summary');
    const after = segments.slice(summary + 1).map((s) => (s.kind === 'paragraph' ? s.lines.join(' ') : s.kind === 'heading' ? `# ${s.text}` : s.kind));
    expect(after[0]).toBe(taxNote);
    expect(after.slice(1)).toContain('# Payment details');
    expect(after.slice(1)).toContain('# Notes');
    // Without one, the totals are followed by what followed them before.
    const without = planInvoicePages(buildInvoiceModel(sampleInvoicePdfData(3)), measurer).pages.flatMap((p) => p.segments);
    expect(without[without.findIndex((s) => s.kind === 'summary') + 1]).toMatchObject({ kind: 'heading' });
  });
});
