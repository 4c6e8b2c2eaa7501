import { describe, expect, it } from 'vitest';
import { type DraftNameFormat, draftDistinction, draftName } from './draft-names';
import { testInvoice, testUuid } from './test-fixtures';

// Plain formats: the rule is under test, not the locale.
const format: DraftNameFormat = { day: (day) => day, period: (start, end) => `${start}..${end}`, money: (amount, currency) => `${amount} ${currency}` };
const draft = (n: number, overrides: Parameters<typeof testInvoice>[0] = {}) =>
  testInvoice({ id: testUuid(n, 'd'), invoiceDate: '2026-12-07', periodStart: '2026-11-01', periodEnd: '2026-11-30', total: '12.40', ...overrides });

describe('draftName: a draft by its date, told from another of its customer dated the same day only when there is one', () => {
  it('is its date alone when no other draft of the customer has that date (issued, void, other customers\' and other dates do not count)', () => {
    const mine = draft(1);
    const others = [
      draft(2, { invoiceDate: '2026-12-08' }),
      draft(3, { status: 'issued', number: 'INV-3' }),
      draft(4, { status: 'void' }),
      draft(5, { customerId: testUuid(9, 'c') }),
    ];
    expect(draftName(mine, [mine, ...others], format)).toBe('draft of 2026-12-07');
    expect(draftDistinction(mine, others)).toEqual({ by: 'date' });
  });

  it('adds its period when the other drafts of that date have other periods', () => {
    const november = draft(1);
    const week = draft(2, { periodEnd: '2026-11-07', total: '12.40' });
    expect(draftName(november, [november, week], format)).toBe('draft of 2026-12-07 for 2026-11-01..2026-11-30');
    expect(draftName(week, [november, week], format)).toBe('draft of 2026-12-07 for 2026-11-01..2026-11-07');
  });

  it('says a period of one end, or none, in words', () => {
    const none = draft(1, { periodStart: null, periodEnd: null });
    const from = draft(2, { periodEnd: null });
    const all = [none, from, draft(3)];
    expect(draftName(none, all, format)).toBe('draft of 2026-12-07 without a period');
    expect(draftName(from, all, format)).toBe('draft of 2026-12-07 for the days from 2026-11-01');
    expect(draftName(draft(4, { periodStart: null }), all, format)).toBe('draft of 2026-12-07 for the days to 2026-11-30');
  });

  it('adds its total when another draft of that date has the same period', () => {
    const first = draft(1);
    const second = draft(2, { total: '30.00' });
    expect(draftName(first, [first, second], format)).toBe('draft of 2026-12-07 for 12.40 USD');
    expect(draftName(second, [first, second], format)).toBe('draft of 2026-12-07 for 30.00 USD');
    // A third of another period tells itself by its period; the two alike by their totals.
    const december = draft(3, { periodStart: '2026-12-01', periodEnd: '2026-12-31' });
    expect(draftName(december, [first, second, december], format)).toBe('draft of 2026-12-07 for 2026-12-01..2026-12-31');
    expect(draftName(first, [first, second, december], format)).toBe('draft of 2026-12-07 for 12.40 USD');
  });

  it('counts drafts alike in date, period and total in the order they were made, each counted once', () => {
    const first = draft(1);
    const second = draft(2);
    expect(draftName(second, [second, first, first], format)).toBe('draft of 2026-12-07 for 12.40 USD (2 of 2)');
    expect(draftName(first, [second, first], format)).toBe('draft of 2026-12-07 for 12.40 USD (1 of 2)');
  });
});
