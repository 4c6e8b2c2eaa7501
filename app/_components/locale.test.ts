import { describe, expect, it } from 'vitest';
import { formatDecimal, formatQuantity } from './locale';

describe('formatQuantity', () => {
  it('keeps the decimals a quantity is stored with, trailing zeros included, grouped per locale', () => {
    expect(formatQuantity('511.50', 'en-US')).toBe('511.50');
    expect(formatQuantity('1234.5', 'en-US')).toBe('1,234.5');
    expect(formatQuantity('1234.500000', 'en-US')).toBe('1,234.500000');
    expect(formatQuantity('10', 'en-US')).toBe('10');
    expect(formatQuantity('-3.250', 'en-US')).toBe('-3.250');
    expect(formatQuantity('1234.50', 'de-DE')).toBe('1.234,50');
  });

  it('never rounds through a binary float', () => {
    expect(formatQuantity('999999999999999.999999', 'en-US')).toBe('999,999,999,999,999.999999');
  });
});

describe('formatDecimal', () => {
  it('prints zero without a sign, however it was typed or rounded ("-0", a tiny negative)', () => {
    expect(formatDecimal('-0')).toBe('0.00');
    expect(formatDecimal('-0.000')).toBe('0.00');
    expect(formatDecimal('-0.0000001')).toBe('0.00');
    expect(formatDecimal('-1.5')).toBe('-1.50');
    expect(formatQuantity('-0.000', 'en-US')).toBe('0.000');
  });
});
