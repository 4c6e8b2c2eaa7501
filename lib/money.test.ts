import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalProblem,
  DecimalError,
  addDecimals,
  compareDecimals,
  decimalToString,
  divideUnitsRounded,
  divideDecimals,
  formatMoney,
  formatPrice,
  isDecimalString,
  isPositiveDecimal,
  isZeroDecimal,
  multiplyDecimals,
  negateDecimal,
  parseDecimal,
  readUnitsAtScale,
  roundDecimal,
  roundToCurrency,
  subtractDecimals,
  trimDecimal,
  trimUnits,
} from './money';

describe('parseDecimal', () => {
  it('reads plain decimals exactly', () => {
    expect(parseDecimal('12.50')).toEqual({ units: 1250n, scale: 2 });
    expect(parseDecimal('-0.000001')).toEqual({ units: -1n, scale: 6 });
    expect(parseDecimal('999999999999999.999999')).toEqual({ units: 999999999999999999999n, scale: 6 });
    expect(decimalToString(parseDecimal('7'))).toBe('7');
  });

  it.each([
    ['1,2.3'],
    ['NaN'],
    ['1e400'],
    ['Infinity'],
    [''],
    ['-'],
    [' 1'],
    ['1.'],
    ['.5'],
    ['+1'],
    ['0x10'],
    ['1.2.3'],
  ])('rejects %j naming the field', (input) => {
    expect(() => parseDecimal(input, 'unitPrice')).toThrow(DecimalError);
    expect(() => parseDecimal(input, 'unitPrice')).toThrow(/^unitPrice /);
  });

  it('says what to change in a value that is not a decimal: the % sign, the comma, the currency sign, the digits', () => {
    expect(decimalProblem('19%')).toBe('must be a number without the % sign, like 19.5');
    expect(decimalProblem('1,5')).toBe('must use a point for decimals and no thousands separators, like 1234.50');
    expect(decimalProblem('1,234.50')).toBe('must use a point for decimals and no thousands separators, like 1234.50');
    expect(decimalProblem('$5')).toBe('must be a number alone, with no currency sign or letters, like 12.50');
    expect(decimalProblem('5 USD')).toBe('must be a number alone, with no currency sign or letters, like 12.50');
    expect(decimalProblem('1e3')).toBe('must be a number alone, with no currency sign or letters, like 12.50');
    expect(decimalProblem('-0.1234567')).toBe('must have at most 6 decimals');
    expect(decimalProblem('1234567890123456')).toBe('must have at most 15 integer digits');
    for (const other of ['1.5.0', 'x', '', '.5', '1.', '--1']) {
      expect(decimalProblem(other), other).toBe('must be a decimal number with at most 15 digits before the point and 6 after, like 12.50');
    }
    expect(() => parseDecimal('12%', 'tax rate')).toThrow('tax rate must be a number without the % sign, like 19.5, got "12%"');
  });

  it('rejects more than 6 decimals and more than 15 integer digits, saying which', () => {
    expect(() => parseDecimal('0.1234567', 'charge')).toThrow('charge must have at most 6 decimals, got "0.1234567"');
    expect(() => parseDecimal('1234567890123456', 'charge')).toThrow('charge must have at most 15 integer digits');
    expect(() => parseDecimal(1.5 as unknown as string, 'charge')).toThrow('charge must be a decimal string');
  });

  it('agrees with isDecimalString', () => {
    expect(isDecimalString('1.000001')).toBe(true);
    expect(isDecimalString('1.0000001')).toBe(false);
    expect(isDecimalString(1)).toBe(false);
  });
});

describe('rounding', () => {
  it.each([
    // [amount, currency, half-up, half-even]
    ['0.125', 'USD', '0.13', '0.12'], // 12.5 cents: away from zero / to the even 12
    ['0.135', 'USD', '0.14', '0.14'], // 13.5 cents: even neighbour is 14 too
    ['-0.005', 'USD', '-0.01', '0.00'], // half a cent below zero; half-even gives 0, never "-0.00"
    ['-0.125', 'USD', '-0.13', '-0.12'],
    ['0.124999', 'USD', '0.12', '0.12'], // below the half
    ['0.125001', 'USD', '0.13', '0.13'], // above the half
    ['2.5', 'JPY', '3', '2'], // JPY has no minor unit
    ['1249.5', 'JPY', '1250', '1250'],
    ['1.2345', 'BHD', '1.235', '1.234'], // BHD has 3 decimals (fils)
    ['1.25', 'BHD', '1.250', '1.250'], // padded to 3 decimals
    ['12.5', 'USD', '12.50', '12.50'],
    ['-0.004', 'USD', '0.00', '0.00'], // rounds to zero, unsigned
    ['99999999999999999999.995', 'USD', '100000000000000000000.00', '100000000000000000000.00'], // BigInt path
  ])('%s %s → %s half-up, %s half-even', (amount, currency, halfUp, halfEven) => {
    expect(roundToCurrency(amount, currency)).toBe(halfUp);
    expect(roundToCurrency(amount, currency, 'half-up')).toBe(halfUp);
    expect(roundToCurrency(amount, currency, 'half-even')).toBe(halfEven);
  });

  it('rounds to any scale', () => {
    expect(roundDecimal('1.0000005', 6)).toBe('1.000001');
    expect(roundDecimal('1.0000005', 6, 'half-even')).toBe('1.000000');
    expect(roundDecimal('3', 2)).toBe('3.00');
  });

  it('throws on an unknown currency and a malformed amount', () => {
    expect(() => roundToCurrency('1', 'XYZ')).toThrow('Unknown currency "XYZ"');
    expect(() => roundToCurrency('1e3', 'USD')).toThrow(DecimalError);
  });
});

describe('arithmetic', () => {
  it('adds exactly where floats do not', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3'); // 0.1 + 0.2 is 0.30000000000000004 in doubles
    expect(addDecimals('1.5', '2')).toBe('3.5');
    expect(addDecimals('0.000001', '-0.000001')).toBe('0.000000');
    expect(addDecimals()).toBe('0');
    expect(addDecimals('9007199254740991', '1')).toBe('9007199254740992'); // 2^53, past the fast path
    expect(addDecimals('99999999999999999999.1', '0.9')).toBe('100000000000000000000.0');
  });

  it('multiplies exactly', () => {
    expect(multiplyDecimals('1.5', '0.25')).toBe('0.375');
    expect(multiplyDecimals('3', '0.1')).toBe('0.3'); // 0.30000000000000004 in doubles
    expect(multiplyDecimals('-2', '0.005')).toBe('-0.010');
    // (10^15 − 10^-6)² = 10^30 − 2·10^9 + 10^-12
    expect(multiplyDecimals('999999999999999.999999', '999999999999999.999999')).toBe(
      '999999999999999999998000000000.000000000001',
    );
  });

  it('subtracts, negates, compares, trims', () => {
    expect(subtractDecimals('10', '0.01')).toBe('9.99');
    expect(negateDecimal('0.00')).toBe('0.00');
    expect(negateDecimal('-1.5')).toBe('1.5');
    expect(compareDecimals('1.50', '1.5')).toBe(0);
    expect(compareDecimals('-1', '0.000001')).toBe(-1);
    expect(compareDecimals('10', '9.999999')).toBe(1);
    expect(trimDecimal('20.50')).toBe('20.5');
    expect(trimDecimal('7.000')).toBe('7');
    expect(trimDecimal('-0.0')).toBe('0');
    expect(isZeroDecimal('-0.00')).toBe(true);
    expect(isZeroDecimal('0.01')).toBe(false);
  });

  it('tells an amount above zero', () => {
    expect(isPositiveDecimal('3')).toBe(true);
    expect(isPositiveDecimal('0.000001')).toBe(true);
    expect(isPositiveDecimal('0')).toBe(false);
    expect(isPositiveDecimal('-0.00')).toBe(false);
    expect(isPositiveDecimal('-0.000001')).toBe(false);
  });

  it('divides to a stated scale', () => {
    expect(divideDecimals('1', '3', 6)).toBe('0.333333');
    expect(divideDecimals('2', '3', 6)).toBe('0.666667');
    expect(divideDecimals('-1', '8', 2)).toBe('-0.13'); // −0.125 half away from zero
    expect(divideDecimals('-1', '8', 2, 'half-even')).toBe('-0.12');
    expect(divideDecimals('1', '-0.5', 0)).toBe('-2');
    expect(() => divideDecimals('1', '0.00', 2)).toThrow('divisor must not be zero');
  });
});

describe('scaled units', () => {
  it('reads an amount at a fixed scale, exactly or not at all', () => {
    expect(readUnitsAtScale('1.5', 6, 'charge')).toBe(1_500_000);
    expect(readUnitsAtScale('999999999999999.999999', 6, 'charge')).toBe(999999999999999999999n); // past 2^53: BigInt
    expect(() => readUnitsAtScale('0.0000001', 6, 'usage', 3, 'charge')).toThrow('usage[3].charge must have at most 6 decimals');
    expect(() => readUnitsAtScale('abc', 6, 'usage', 3, 'charge')).toThrow(/^usage\[3\]\.charge must be a decimal number/);
  });

  it('the safe-integer fast path and the BigInt path round alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(10, 100, 10 ** 6, 10 ** 15)),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (units, divisor, mode) => {
          const fast = divideUnitsRounded(units, divisor, mode);
          expect(typeof fast).toBe('number');
          expect(BigInt(fast)).toBe(BigInt(divideUnitsRounded(BigInt(units), BigInt(divisor), mode)));
        },
      ),
    );
    // Ties, both signs, both modes: 25/10 = 2.5, 35/10 = 3.5
    expect([25, 35, -25, -35].map((n) => divideUnitsRounded(n, 10, 'half-up'))).toEqual([3, 4, -3, -4]);
    expect([25, 35, -25, -35].map((n) => divideUnitsRounded(n, 10, 'half-even'))).toEqual([2, 4, -2, -4]);
  });

  it('trims trailing zeros of units', () => {
    expect(trimUnits(2050, 2)).toEqual({ units: 205, scale: 1 });
    expect(trimUnits(10n ** 30n, 3)).toEqual({ units: 10n ** 27n, scale: 0 });
    expect(trimUnits(0, 6)).toEqual({ units: 0, scale: 0 });
  });
});

describe('formatMoney', () => {
  it('formats by locale and currency from the exact string', () => {
    expect(formatMoney('1234.5', 'USD')).toBe('$1,234.50');
    expect(formatMoney('1234.5', 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney('1250', 'JPY', 'ja-JP')).toBe('￥1,250');
    expect(formatMoney('-1.25', 'BHD', 'en-US')).toBe('-BHD\u00a01.250');
    // 17 significant digits: a double would print ...567.88 or ...568
    expect(formatMoney('12345678901234567.89', 'USD')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney('0.125', 'USD')).toBe('$0.13');
    // Zero has no sign, however it was written.
    expect(formatMoney('-0', 'USD')).toBe('$0.00');
    expect(formatMoney('-0.00', 'EUR', 'de-DE')).toBe('0,00\u00a0€');
  });
});

describe('formatPrice', () => {
  it('keeps a rate\'s decimals, up to 6, and at least the currency\'s', () => {
    expect(formatPrice('0.040500', 'USD')).toBe('$0.0405');
    expect(formatPrice('0.09', 'USD')).toBe('$0.09');
    expect(formatPrice('0.1428574', 'USD')).toBe('$0.142857');
    expect(formatPrice('3.500000', 'JPY')).toBe('¥3.5');
    expect(formatPrice('1234.5', 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatPrice('-0.000000', 'USD')).toBe('$0.00');
  });
});

/** Any stored amount: up to 15 integer digits and 6 decimals, past the 2^53 fast path. */
const decimalArb = fc
  .integer({ min: 0, max: 6 })
  .chain((scale) =>
    fc
      .bigInt({ min: -(10n ** BigInt(15 + scale)) + 1n, max: 10n ** BigInt(15 + scale) - 1n })
      .map((units) => decimalToString({ units, scale })),
  );

describe('properties', () => {
  it('amounts round-trip through strings exactly', () => {
    fc.assert(
      fc.property(decimalArb, (s) => {
        expect(decimalToString(parseDecimal(s))).toBe(s);
        expect(addDecimals(s)).toBe(s);
      }),
    );
  });

  it('addition is exact: (a + b) − b = a', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        expect(compareDecimals(subtractDecimals(addDecimals(a, b), b), a)).toBe(0);
      }),
    );
  });

  it('rounding moves a value by at most half a minor unit, and only up to ties by mode', () => {
    fc.assert(
      fc.property(decimalArb, fc.constantFrom('USD', 'JPY', 'BHD'), fc.constantFrom('half-up', 'half-even'), (a, currency, mode) => {
        const rounded = roundToCurrency(a, currency, mode);
        const digits = currency === 'JPY' ? 0 : currency === 'BHD' ? 3 : 2;
        const halfUnit = digits === 0 ? '0.5' : `0.${'0'.repeat(digits)}5`;
        const error = subtractDecimals(rounded, a);
        expect(compareDecimals(error.replace('-', ''), halfUnit)).toBeLessThanOrEqual(0);
        expect(rounded.split('.')[1]?.length ?? 0).toBe(digits);
      }),
    );
  });
});
