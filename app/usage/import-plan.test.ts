/**
 * The review plan alone: what the "Customers not found" step lists and what Import will write, as
 * the user picks customers for the texts the file uses and changes those picks.
 */
import { describe, expect, it } from 'vitest';
import type { CdrCustomer } from '@/lib/cdr';
import type { CollectedGroup, CollectResult } from './cdr-collector';
import { CompactCdrsBuilder } from './compact-cdrs';
import { EACH_CUSTOMERS_CURRENCY, fileCurrencyCheck } from '@/lib/cdr-review';
import { planImport } from './import-plan';

const carrier01: CdrCustomer = { id: 'c-01', name: 'Carrier 01', externalId: 'CR-01', currency: 'USD' };
const carrier02: CdrCustomer = { id: 'c-02', name: 'Carrier 02', externalId: 'CR-02', currency: 'USD' };
const customers = [carrier01, carrier02];

/** A group of `rows` CDRs of one day and destination (the plan reads its counts, cells and keys, not its CDRs). */
function group(customer: string, rows: number): CollectedGroup {
  return {
    customer,
    currency: '',
    rows,
    lines: Array.from({ length: rows }, (_, i) => i + 2),
    cells: [{ day: '2026-03-01', destination: '44', destinationName: 'United Kingdom' }],
    cdrs: new CompactCdrsBuilder().finish(),
    keys: { '2026-03-01': 'k'.repeat(16 * rows) },
  };
}

const result: CollectResult = {
  groups: [group('CR-01', 3), group('Mystery Telecom', 2), group('Other Co', 1)],
  badRows: [],
  badCount: 0,
  duplicates: 0,
  lines: 6,
  ledgerLengths: {},
};

const unknownRows = (choices: Record<string, string>) => planImport(result, customers, choices).unknown.map(({ text, rows, customerId }) => ({ text, rows, customerId }));

describe('planImport', () => {
  it('lists every unknown customer text, picked or not, with the customer picked for it', () => {
    expect(unknownRows({})).toEqual([
      { text: 'Mystery Telecom', rows: 2, customerId: undefined },
      { text: 'Other Co', rows: 1, customerId: undefined },
    ]);
    expect(unknownRows({ 'Mystery Telecom': carrier01.id })).toEqual([
      { text: 'Mystery Telecom', rows: 2, customerId: carrier01.id },
      { text: 'Other Co', rows: 1, customerId: undefined },
    ]);
    // Skip picked, or a customer no longer on the device: listed, skipped.
    expect(unknownRows({ 'Mystery Telecom': 'skip', 'Other Co': 'gone' })).toEqual([
      { text: 'Mystery Telecom', rows: 2, customerId: undefined },
      { text: 'Other Co', rows: 1, customerId: undefined },
    ]);
  });

  it('counts the CDRs to import, those not mapped yet and those skipped by choice, as picks change', () => {
    const counts = (choices: Record<string, string>) => {
      const plan = planImport(result, customers, choices);
      return {
        good: plan.goodRows,
        unmapped: `${plan.unmappedRows} of ${plan.unmappedCustomers}`,
        skipped: plan.skippedRows,
        to: plan.groups.map((g) => `${g.group.customer}→${g.customerId}`),
      };
    };
    // Nothing picked: not imported, and not said to be skipped either.
    expect(counts({})).toEqual({ good: 3, unmapped: '3 of 2', skipped: 0, to: ['CR-01→c-01'] });
    expect(counts({ 'Mystery Telecom': carrier02.id })).toEqual({ good: 5, unmapped: '1 of 1', skipped: 0, to: ['CR-01→c-01', 'Mystery Telecom→c-02'] });
    expect(counts({ 'Mystery Telecom': carrier01.id, 'Other Co': carrier01.id })).toEqual({ good: 6, unmapped: '0 of 0', skipped: 0, to: ['CR-01→c-01', 'Mystery Telecom→c-01', 'Other Co→c-01'] });
    expect(counts({ 'Mystery Telecom': 'skip', 'Other Co': carrier01.id })).toEqual({ good: 4, unmapped: '0 of 0', skipped: 2, to: ['CR-01→c-01', 'Other Co→c-01'] });
    // A customer picked and since gone is waiting for a pick again, not skipped.
    expect(counts({ 'Mystery Telecom': 'skip', 'Other Co': 'gone' })).toEqual({ good: 3, unmapped: '1 of 1', skipped: 2, to: ['CR-01→c-01'] });
  });

  it('marks the texts Skip was picked for, apart from those nothing is picked for yet', () => {
    const skipped = (choices: Record<string, string>) => planImport(result, customers, choices).unknown.map((u) => `${u.text} ${u.skipped}`);
    expect(skipped({})).toEqual(['Mystery Telecom false', 'Other Co false']);
    expect(skipped({ 'Mystery Telecom': 'skip', 'Other Co': carrier01.id })).toEqual(['Mystery Telecom true', 'Other Co false']);
  });

  describe('CDRs that name no currency', () => {
    const baltic: CdrCustomer = { id: 'c-03', name: 'Baltic Voice', externalId: '', currency: 'SEK' };
    const all = [carrier01, carrier02, baltic];
    // An Asterisk Master.csv: no currency column. The account's currency is USD.
    const file: CollectResult = { ...result, groups: [group('CR-01', 3), group('balticvoice', 2), { ...group('CR-02', 1), currency: 'USD', lines: [9] }] };
    const picked = { balticvoice: baltic.id };

    it("lists who is billed CDRs without a currency, and in which currency, matched or picked; the file's named ones are counted apart", () => {
      const plan = planImport(file, all, {});
      expect(plan.withoutCurrency).toEqual([{ customerId: 'c-01', name: 'Carrier 01', currency: 'USD', cdrs: 3 }]);
      expect(plan.namedCurrencyRows).toBe(1);
      expect(planImport(file, all, picked).withoutCurrency).toEqual([
        { customerId: 'c-01', name: 'Carrier 01', currency: 'USD', cdrs: 3 },
        { customerId: 'c-03', name: 'Baltic Voice', currency: 'SEK', cdrs: 2 },
      ]);
    });

    it("asks for the file's currency once the picked customer is billed in another, and imports nothing in a currency not said", () => {
      // Before: one currency (USD), said and taken.
      expect(fileCurrencyCheck(planImport(file, all, {}).withoutCurrency, '', 'USD')!.readAs).toBe('USD');
      // Baltic Voice (SEK) picked: two currencies, to be said.
      const plan = planImport(file, all, picked);
      expect(fileCurrencyCheck(plan.withoutCurrency, '', 'USD', plan.namedCurrencyRows)!.readAs).toBeUndefined();
    });

    it("reads them in the currency said: another customer's are lines with errors, saying the currency was chosen", () => {
      const plan = planImport(file, all, picked, 'USD');
      expect(plan.goodRows).toBe(4);
      expect(plan.groups.map((g) => `${g.group.customer}→${g.customerId} ${g.currency}`)).toEqual(['CR-01→c-01 USD', 'CR-02→c-02 USD']);
      expect(plan.currencyBadCount).toBe(2);
      expect(plan.currencyBadRows).toEqual([
        { line: 2, reason: "it names no currency, and the currency chosen above for such CDRs, USD, is not Baltic Voice's (SEK)" },
        { line: 3, reason: "it names no currency, and the currency chosen above for such CDRs, USD, is not Baltic Voice's (SEK)" },
      ]);
      // Said as SEK, Carrier 01's (USD) are the ones refused; a CDR naming USD is read as it says.
      const sek = planImport(file, all, picked, 'SEK');
      expect(sek.groups.map((g) => g.customerId)).toEqual(['c-03', 'c-02']);
      expect(sek.currencyBadRows.map((r) => r.reason)).toEqual(Array(3).fill("it names no currency, and the currency chosen above for such CDRs, SEK, is not Carrier 01's (USD)"));
    });

    it("says a file without a currency column has the currency chosen, not that it names one; a currency the file names is quoted as before", () => {
      const noColumn: CollectResult = { ...result, groups: [group('CR-01', 1), group('balticvoice', 1)] };
      expect(planImport(noColumn, all, picked, 'GBP').currencyBadRows).toEqual([
        { line: 2, reason: "the file's currency, GBP as chosen above, is not Carrier 01's (USD)" },
        { line: 2, reason: "the file's currency, GBP as chosen above, is not Baltic Voice's (SEK)" },
      ]);
      const named: CollectResult = { ...result, groups: [{ ...group('CR-01', 1), currency: 'EUR' }] };
      expect(planImport(named, all, {}).currencyBadRows).toEqual([{ line: 2, reason: "currency EUR is not Carrier 01's (USD)" }]);
    });

    it("takes each customer's own currency when told so", () => {
      for (const each of [EACH_CUSTOMERS_CURRENCY, undefined]) {
        const plan = planImport(file, all, picked, each);
        expect(plan.goodRows).toBe(6);
        expect(plan.currencyBadCount).toBe(0);
        expect(plan.groups.map((g) => `${g.customerId} ${g.currency}`)).toEqual(['c-01 USD', 'c-03 SEK', 'c-02 USD']);
      }
    });
  });
});
