import { describe, expect, it } from 'vitest';
import { accountSchema } from './entities';
import { clashingNumber, cleanNumberPrefix, invoiceNumber, invoiceNumberKey, nextInvoiceNumber, numberedAfter, numberTakenMessage, outOfDateOrderNotice, usedNumbers } from './invoice-numbers';

describe('invoiceNumberKey', () => {
  it('gives numbers that read the same one key: case, Unicode dashes and minus signs, full-width forms, spaces and invisible characters', () => {
    const key = invoiceNumberKey('NV-2026-1015');
    for (const alike of [
      'nv-2026-1015',
      'Nv-2026-1015',
      ' NV-2026-1015',
      'NV-2026-1015 ',
      'NV - 2026 - 1015',
      'NV\u20102026\u20101015', // hyphen
      'NV\u20112026\u20111015', // non-breaking hyphen
      'NV\u20132026\u20141015', // en and em dash
      'NV\u22122026\u22121015', // minus sign
      'NV\uFE632026\uFF0D1015', // small and full-width hyphen-minus
      'ＮＶ-２０２６-１０１５', // full-width letters and digits
      'NV-2026-\u200B1015', // zero-width space
      'NV-\u00AD2026-1015', // soft hyphen
      '\uFEFFNV-2026-1015', // byte order mark
      'NV-2026-1015\t',
      'NV\u00A0-2026-1015', // no-break space
    ]) {
      expect(invoiceNumberKey(alike), JSON.stringify(alike)).toBe(key);
    }
  });

  it('folds case beyond ASCII (ß and SS, Greek final sigma), and keeps numbers that read differently apart', () => {
    expect(invoiceNumberKey('STRASSE-1')).toBe(invoiceNumberKey('straße-1'));
    expect(invoiceNumberKey('ΣΑΣ-1')).toBe(invoiceNumberKey('σας-1'));
    const distinct = ['NV-2026-1015', 'NV-2026-1016', 'NV2026-1015', 'NV-2026-10150', 'NV_2026_1015', 'NW-2026-1015', 'NV-2026-101'];
    expect(new Set(distinct.map(invoiceNumberKey)).size).toBe(distinct.length);
  });
});

describe('clashingNumber', () => {
  it('names the number already used that a new one reads the same as, with a message that shows both', () => {
    const used = usedNumbers(['INV-1', 'NV-2026-1015', 'NV-2026-1016']);
    expect(clashingNumber(used, 'nv-2026-1015')).toBe('NV-2026-1015');
    expect(clashingNumber(used, 'NV\u20102026\u20101016')).toBe('NV-2026-1016');
    expect(clashingNumber(used, 'NV-2026-1017')).toBeUndefined();
    expect(numberTakenMessage('NV-2026-1015', 'nv-2026-1015')).toBe('NV-2026-1015 is already used; nv-2026-1015 would read the same');
    expect(numberTakenMessage('NV-2026-1015', 'NV-2026-1015')).toBe("NV-2026-1015 is already an invoice's number");
  });
});

describe('the number prefix', () => {
  it('is kept without surrounding spaces or control characters, so numbers print without them', () => {
    expect(cleanNumberPrefix(' NV-2026- ')).toBe('NV-2026-');
    expect(cleanNumberPrefix('NV\t-2026\n-')).toBe('NV-2026-');
    expect(cleanNumberPrefix('NV 2026-')).toBe('NV 2026-');
    expect(invoiceNumber(' NV-2026-', 1015)).toBe('NV-2026-1015');
    expect(accountSchema.shape.numberPrefix.parse('\u00A0NV-2026-\r\n')).toBe('NV-2026-');
    // The limit counts what is kept.
    expect(accountSchema.shape.numberPrefix.safeParse(`  ${'X'.repeat(20)}  `).success).toBe(true);
    expect(accountSchema.shape.numberPrefix.safeParse('X'.repeat(21)).success).toBe(false);
  });
});

describe('the next number', () => {
  it('says a number too large to be exact is over 12 digits, first', () => {
    const first = (value: number) => accountSchema.shape.nextNumber.safeParse(value).error?.issues[0]?.message;
    expect(first(Number('99999999999999999999'))).toBe('must be at most 12 digits');
    expect(first(0)).toBe('must be at least 1');
    expect(first(-5)).toBe('must be at least 1');
    expect(first(1.5)).toBe('must be a whole number');
    expect(first(999_999_999_999)).toBeUndefined();
  });
});

describe('nextInvoiceNumber', () => {
  it("is the series' next number, passing over numbers taken already or reading the same, as issuing gives it", () => {
    expect(nextInvoiceNumber({ numberPrefix: 'NW-', nextNumber: 1005 }, usedNumbers(['NW-1003', 'NW-1004']))).toEqual({ number: 'NW-1005', n: 1005 });
    // An earlier series with the same prefix took 1005; nw-1006 reads as NW-1006.
    expect(nextInvoiceNumber({ numberPrefix: ' NW-', nextNumber: 1005 }, usedNumbers(['NW-1005', 'nw-1006']))).toEqual({ number: 'NW-1007', n: 1007 });
  });
});

describe('outOfDateOrderNotice', () => {
  const inv1 = { number: 'INV-1', invoiceDate: '2026-12-05' };
  const inv2 = { number: 'INV-2', invoiceDate: '2026-11-20' };

  it('names both numbers and dates when the last number before it is dated later (issued on another device while this one was offline)', () => {
    expect(outOfDateOrderNotice(inv2, inv1, undefined, 'another device')).toBe(
      'Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026, which reached the server first (issued on another device): the numbers are out of date order. ' +
        'INV-2 stands as issued; if its number must follow the dates, void it and issue a replacement dated Dec 5, 2026 or later.',
    );
  });

  it('says the device issued the earlier number itself when it did (two issues offline, the later-dated first), and guesses neither when it did not say', () => {
    expect(outOfDateOrderNotice(inv2, inv1, undefined, 'this device')).toBe(
      'Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026, which this device issued before it: the numbers are out of date order. ' +
        'INV-2 stands as issued; if its number must follow the dates, void it and issue a replacement dated Dec 5, 2026 or later.',
    );
    expect(outOfDateOrderNotice(inv2, inv1)).toBe(
      'Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026, which reached the server first: the numbers are out of date order. ' +
        'INV-2 stands as issued; if its number must follow the dates, void it and issue a replacement dated Dec 5, 2026 or later.',
    );
    expect(outOfDateOrderNotice(inv2, inv1, '2026-12-05', 'this device')).toBeNull();
  });

  it('says nothing in date order, with no number before it, or when Issue\'s question named an invoice dated as late or later', () => {
    expect(outOfDateOrderNotice({ number: 'INV-2', invoiceDate: '2026-12-05' }, { number: 'INV-1', invoiceDate: '2026-12-05' })).toBeNull();
    expect(outOfDateOrderNotice({ number: 'INV-2', invoiceDate: '2026-12-06' }, inv1)).toBeNull();
    expect(outOfDateOrderNotice(inv2, undefined)).toBeNull();
    expect(outOfDateOrderNotice(inv2, inv1, '2026-12-05')).toBeNull();
    expect(outOfDateOrderNotice(inv2, inv1, '2026-12-10')).toBeNull();
    // The question named one of Nov 30: INV-1, of Dec 5, is later still, and was not seen.
    expect(outOfDateOrderNotice(inv2, inv1, '2026-11-30')).toMatch(/^Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026/);
  });
});

describe('numberedAfter: the invoice Issue says a draft would be numbered after, out of date order', () => {
  const invoice = (number: string | null, invoiceDate: string, status: 'draft' | 'issued' | 'void' = 'issued') => ({ number, invoiceDate, status });

  it('names the latest-dated numbered invoice dated after the draft, and none when none is', () => {
    const invoices = [invoice('INV-1', '2026-11-20'), invoice('INV-2', '2026-12-05'), invoice('INV-3', '2026-12-01'), invoice(null, '2026-12-20', 'draft')];
    expect(numberedAfter('2026-11-25', invoices)?.number).toBe('INV-2');
    expect(numberedAfter('2026-12-05', invoices)).toBeUndefined();
  });

  it('on a date tie names the highest-numbered (INV-10 after INV-9), whatever the order they come in', () => {
    const invoices = [invoice('INV-9', '2026-12-07'), invoice('INV-10', '2026-12-07'), invoice('INV-2', '2026-12-07')];
    expect(numberedAfter('2026-11-30', invoices)?.number).toBe('INV-10');
    expect(numberedAfter('2026-11-30', [...invoices].reverse())?.number).toBe('INV-10');
  });

  it('on a date tie names an invoice that is not void: INV-1 void and INV-2..4 dated Dec 7 too name INV-4', () => {
    const invoices = [invoice('INV-1', '2026-12-07', 'void'), invoice('INV-2', '2026-12-07'), invoice('INV-3', '2026-12-07'), invoice('INV-4', '2026-12-07')];
    expect(numberedAfter('2026-11-30', invoices)?.number).toBe('INV-4');
    // The highest-numbered void, the others not: still one not void.
    expect(numberedAfter('2026-11-30', [invoice('INV-5', '2026-12-07', 'void'), invoice('INV-4', '2026-12-07')])?.number).toBe('INV-4');
  });

  it('names a void invoice when it alone is the latest-dated: its number still came before', () => {
    expect(numberedAfter('2026-11-30', [invoice('INV-1', '2026-12-07', 'void'), invoice('INV-2', '2026-12-03')])?.number).toBe('INV-1');
  });
});
