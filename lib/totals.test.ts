import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, decimalToString } from './money';
import { type TotalsLine, computeTotals } from './totals';

const line = (quantity: string, unitPrice: string, taxRate: string, amount: string | null = null): TotalsLine => ({
  quantity,
  unitPrice,
  taxRate,
  amount,
});

describe('computeTotals golden cases', () => {
  it('several tax rates on one invoice, tax once per rate', () => {
    const totals = computeTotals(
      [
        line('3', '9.99', '20'), //          3 × 9.99 = 29.97
        line('1', '0.125', '20'), //         0.125 → 0.13 (half-up)
        line('2', '4.50', '5'), //           2 × 4.50 = 9.00
        line('1', '100', '0'), //            100.00
        line('0', '0', '20', '12.345678'), // usage: round(12.345678) = 12.35
      ],
      'USD',
    );
    expect(totals.lines.map((l) => l.net)).toEqual(['29.97', '0.13', '9.00', '100.00', '12.35']);
    expect(totals.taxes).toEqual([
      { rate: '0', base: '100.00', tax: '0.00' },
      { rate: '5', base: '9.00', tax: '0.45' }, //  9.00 × 5% = 0.45
      { rate: '20', base: '42.45', tax: '8.49' }, // 29.97 + 0.13 + 12.35 = 42.45; × 20% = 8.49
    ]);
    // net 100.00 + 9.00 + 42.45 = 151.45; tax 0.45 + 8.49 = 8.94; total 160.39
    expect(totals).toMatchObject({ net: '151.45', tax: '8.94', total: '160.39' });
  });

  it('rounds the tax on the sum of the nets at a rate, not per line', () => {
    // 3 × 0.05 at 10%: per line 0.005 → 0.01 would make 0.03; per rate 0.15 × 10% = 0.015 → 0.02
    const totals = computeTotals([line('1', '0.05', '10'), line('1', '0.05', '10'), line('1', '0.05', '10')], 'USD');
    expect(totals.taxes).toEqual([{ rate: '10', base: '0.15', tax: '0.02' }]);
    expect(totals.total).toBe('0.17');
  });

  it('rounds halves away from zero by default and to even when asked', () => {
    // net 1 × 0.125 → 0.13 up / 0.12 even; tax on 0.25 base at 10% = 0.025 → 0.03 up / 0.02 even
    const lines = [line('1', '0.125', '0'), line('1', '0.25', '10')];
    expect(computeTotals(lines, 'USD')).toMatchObject({ net: '0.38', tax: '0.03', total: '0.41' });
    expect(computeTotals(lines, 'USD', 'half-up')).toMatchObject({ net: '0.38', tax: '0.03', total: '0.41' });
    // half-even: 0.12 + 0.25 = 0.37; tax 0.02; total 0.39
    expect(computeTotals(lines, 'USD', 'half-even')).toMatchObject({ net: '0.37', tax: '0.02', total: '0.39' });
  });

  it('JPY has no minor unit', () => {
    // 3 × 333.5 = 1000.5 → 1001 (half-up) / 1000 (half-even); tax 10%: 100.1 → 100 / 100.0 → 100
    expect(computeTotals([line('3', '333.5', '10')], 'JPY')).toMatchObject({
      lines: [{ net: '1001' }],
      taxes: [{ rate: '10', base: '1001', tax: '100' }],
      net: '1001',
      tax: '100',
      total: '1101',
    });
    expect(computeTotals([line('3', '333.5', '10')], 'JPY', 'half-even').total).toBe('1100');
  });

  it('BHD has three decimals', () => {
    // 2 × 1.2345 = 2.469; tax 7.5%: 2.469 × 0.075 = 0.185175 → 0.185; total 2.654
    expect(computeTotals([line('2', '1.2345', '7.5')], 'BHD')).toMatchObject({
      lines: [{ net: '2.469' }],
      taxes: [{ rate: '7.5', base: '2.469', tax: '0.185' }],
      total: '2.654',
    });
  });

  it('credits reduce the base of their rate', () => {
    // 10 × 5 = 50.00; credit −12.345 → −12.35 (away from zero); base 37.65; tax 20% = 7.53; total 45.18
    const totals = computeTotals([line('10', '5', '20'), line('1', '0', '20', '-12.345')], 'USD');
    expect(totals.lines).toEqual([{ net: '50.00' }, { net: '-12.35' }]);
    expect(totals).toMatchObject({ net: '37.65', tax: '7.53', total: '45.18' });
    // A negative quantity is a credit too: −2 × 3.333 = −6.666 → −6.67
    expect(computeTotals([line('-2', '3.333', '0')], 'USD').total).toBe('-6.67');
  });

  it('a zero-line invoice totals zero', () => {
    expect(computeTotals([], 'USD')).toEqual({ lines: [], taxes: [], net: '0.00', tax: '0.00', total: '0.00' });
    expect(computeTotals([], 'JPY').total).toBe('0');
  });

  it('rates equal in value are one rate', () => {
    // 10.00 + 5.00 at 20% = 15.00; tax 3.00
    const totals = computeTotals([line('1', '10', '20'), line('1', '5', '20.00')], 'EUR');
    expect(totals.taxes).toEqual([{ rate: '20', base: '15.00', tax: '3.00' }]);
  });

  it('stays exact past 2^53 minor units', () => {
    // 999999999999999.999999 × 1000 = 999999999999999999.999 → ...000000.00 (half-up); tax 0
    const totals = computeTotals([line('1000', '999999999999999.999999', '0')], 'USD');
    expect(totals.total).toBe('1000000000000000000.00');
    // 123456789012345.67 × 20% = 24691357802469.134 → .13
    expect(computeTotals([line('1', '123456789012345.67', '20')], 'USD').tax).toBe('24691357802469.13');
  });

  it('names the bad field', () => {
    expect(() => computeTotals([line('1', '1', '20'), line('1', '1,2.3', '20')], 'USD')).toThrow(/^lines\[1\]\.unitPrice /);
    expect(() => computeTotals([line('NaN', '1', '20')], 'USD')).toThrow(/^lines\[0\]\.quantity /);
    expect(() => computeTotals([line('1', '1', '20', '1e400')], 'USD')).toThrow(/^lines\[0\]\.amount /);
    expect(() => computeTotals([line('1', '1', '-5')], 'USD')).toThrow('lines[0].taxRate must not be negative');
    expect(() => computeTotals([], 'ABC')).toThrow('Unknown currency "ABC"');
  });
});

const scaledArb = (maxUnits: bigint, maxScale: number) =>
  fc
    .tuple(fc.bigInt({ min: -maxUnits, max: maxUnits }), fc.integer({ min: 0, max: maxScale }))
    .map(([units, scale]) => decimalToString({ units, scale }));

const lineArb: fc.Arbitrary<TotalsLine> = fc.record({
  quantity: scaledArb(100_000n, 3),
  unitPrice: scaledArb(10n ** 12n, 6).map((s) => s.replace('-', '')),
  taxRate: fc.constantFrom('0', '5', '7.5', '20', '20.00', '21', '0.001'),
  amount: fc.option(scaledArb(10n ** 13n, 6), { nil: null }),
});
const currencyArb = fc.constantFrom('USD', 'JPY', 'BHD', 'EUR');
const modeArb = fc.constantFrom('half-up' as const, 'half-even' as const);

describe('computeTotals properties', () => {
  it('does not depend on line order', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 30 }).chain((lines) => fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }))),
        currencyArb,
        modeArb,
        ([lines, shuffled], currency, mode) => {
          const a = computeTotals(lines, currency, mode);
          const b = computeTotals(shuffled, currency, mode);
          expect(b.taxes).toEqual(a.taxes);
          expect([b.net, b.tax, b.total]).toEqual([a.net, a.tax, a.total]);
        },
      ),
    );
  });

  it('net is the sum of the line nets and of the bases; total = net + the per-rate taxes', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), currencyArb, modeArb, (lines, currency, mode) => {
        const totals = computeTotals(lines, currency, mode);
        const digits = currency === 'JPY' ? 0 : currency === 'BHD' ? 3 : 2;
        const zero = decimalToString({ units: 0n, scale: digits }); // gives the sum the minor digits
        const sum = (values: string[]) => addDecimals(zero, ...values);
        expect(totals.net).toBe(sum(totals.lines.map((l) => l.net)));
        expect(totals.net).toBe(sum(totals.taxes.map((t) => t.base)));
        expect(totals.tax).toBe(sum(totals.taxes.map((t) => t.tax)));
        expect(totals.total).toBe(sum([totals.net, ...totals.taxes.map((t) => t.tax)]));
        for (const amount of [totals.net, totals.tax, totals.total, ...totals.lines.map((l) => l.net)]) {
          expect(amount).toMatch(digits ? new RegExp(`^-?\\d+\\.\\d{${digits}}$`) : /^-?\d+$/);
        }
      }),
    );
  });
});
