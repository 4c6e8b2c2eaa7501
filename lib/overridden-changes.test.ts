import { describe, expect, it } from 'vitest';
import { changesAtRisk, madeThis, quotedValue } from './overridden-changes';

describe('changesAtRisk', () => {
  it("keeps a customer's Name, Company, VAT id and Address as set, a draft's header fields as set and its edited lines, and deletions", () => {
    expect(changesAtRisk('updateCustomer', { id: 'c1', patch: { company: 'Atlas SIA', notes: 'x', vatId: 'LV1' }, seen: {} })).toEqual([
      { entity: 'customers', id: 'c1', field: 'company', value: 'Atlas SIA' },
      { entity: 'customers', id: 'c1', field: 'vatId', value: 'LV1' },
    ]);
    expect(changesAtRisk('saveInvoice', { id: 'i1', patch: {}, linePatches: [{ id: 'l1', patch: { quantity: '2' }, seen: {} }], upsertLines: [{ id: 'l2' }], deleteLineIds: ['l3'] })).toEqual([
      { entity: 'invoiceLines', id: 'l1' },
      { entity: 'invoiceLines', id: 'l2' },
    ]);
    expect(changesAtRisk('saveInvoice', { id: 'i1', patch: { notes: 'Net 30', periodStart: null, currency: 'EUR' }, seen: {}, upsertLines: [], deleteLineIds: [] })).toEqual([
      { entity: 'invoices', id: 'i1', field: 'periodStart', value: null },
      { entity: 'invoices', id: 'i1', field: 'notes', value: 'Net 30' },
    ]);
    expect(changesAtRisk('deleteCustomer', { id: 'c1' })).toEqual([{ entity: 'customers', id: 'c1' }]);
    expect(changesAtRisk('deleteInvoice', { id: 'i1' })).toEqual([{ entity: 'invoices', id: 'i1' }]);
    expect(changesAtRisk('createCustomer', { id: 'c1' })).toEqual([]);
    expect(changesAtRisk('updateCustomer', 'not args')).toEqual([]);
  });
});

describe('madeThis', () => {
  it('matches a field only by the value this device set; a whole record by its id, and only a change of the whole record', () => {
    const mine = { entity: 'customers' as const, id: 'c1', field: 'company', value: 'Atlas SIA' };
    expect(madeThis(mine, { entity: 'customers', id: 'c1', field: 'company', value: 'Atlas SIA' })).toBe(true);
    expect(madeThis(mine, { entity: 'customers', id: 'c1', field: 'company', value: 'Atlas Group' })).toBe(false);
    expect(madeThis(mine, { entity: 'customers', id: 'c1', field: 'vatId', value: 'Atlas SIA' })).toBe(false);
    expect(madeThis({ entity: 'customers', id: 'c1' }, { entity: 'customers', id: 'c1' })).toBe(true);
    expect(madeThis({ entity: 'invoices', id: 'c1' }, { entity: 'customers', id: 'c1' })).toBe(false);
    // A customer restored from this device's deletion is told to the device that deleted it, not to one that set its Company.
    expect(madeThis(mine, { entity: 'customers', id: 'c1' })).toBe(false);
  });
});

describe('quotedValue', () => {
  it('quotes a value on one line, cut short, and an empty one as (none)', () => {
    expect(quotedValue('Brivibas 1\n  Riga')).toBe('“Brivibas 1 Riga”');
    expect(quotedValue('')).toBe('(none)');
    expect(quotedValue('x'.repeat(70))).toBe(`“${'x'.repeat(59)}…”`);
  });
});
