import { describe, expect, it } from 'vitest';
import { listInWords, lowerFirst, upperFirst } from './text';

describe('upperFirst', () => {
  it('upper-cases the first letter and keeps the rest as written', () => {
    expect(upperFirst('invoice not found')).toBe('Invoice not found');
    expect(upperFirst("the customer's Tax %")).toBe("The customer's Tax %");
    expect(upperFirst('draft of Dec 6, 2026')).toBe('Draft of Dec 6, 2026');
    expect(upperFirst('éclair')).toBe('Éclair');
  });

  it('leaves text that does not begin with a lower-case letter as it is', () => {
    expect(upperFirst('INV-7')).toBe('INV-7');
    expect(upperFirst('2 invoices')).toBe('2 invoices');
    expect(upperFirst('')).toBe('');
  });
});

describe('lowerFirst', () => {
  it('lower-cases the first letter and keeps the rest as written', () => {
    expect(lowerFirst('Applied to INV-7')).toBe('applied to INV-7');
    expect(lowerFirst('Tax %')).toBe('tax %');
  });

  it('leaves text that does not begin with an upper-case letter as it is', () => {
    expect(lowerFirst('applied')).toBe('applied');
    expect(lowerFirst('')).toBe('');
  });
});

describe('listInWords', () => {
  it('writes a list as a sentence does: commas, then "and" before the last', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['INV-1'])).toBe('INV-1');
    expect(listInWords(['INV-1', 'INV-2'])).toBe('INV-1 and INV-2');
    expect(listInWords(['USD', 'EUR', 'GBP'])).toBe('USD, EUR and GBP');
  });
});
