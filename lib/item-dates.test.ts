import { describe, expect, it } from 'vitest';
import { newItemDates, packageChargePeriod, periodOutside, redatedItems, refilledDates } from './item-dates';

describe('packageChargePeriod', () => {
  it("is the month of a monthly package, the Monday-to-Sunday week of a weekly one, the day of a daily or one-off one", () => {
    expect(packageChargePeriod({ frequency: 'monthly' }, '2026-12-06')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(packageChargePeriod({ frequency: 'monthly' }, '2028-02-29')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    // Sunday 6 December 2026 ends the week begun Monday 30 November.
    expect(packageChargePeriod({ frequency: 'weekly' }, '2026-12-06')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(packageChargePeriod({ frequency: 'daily' }, '2026-12-06')).toEqual({ start: '2026-12-06', end: '2026-12-06' });
    expect(packageChargePeriod({ frequency: 'none' }, '2026-12-06')).toEqual({ start: '2026-12-06', end: '2026-12-06' });
  });
});

describe('newItemDates', () => {
  const byHand = { invoiceDate: '2026-12-06', periodStart: null, periodEnd: null };
  it("dates a plain item the invoice date, and a package's charge the package's period around it", () => {
    expect(newItemDates(byHand)).toEqual({ start: '2026-12-06', end: '2026-12-06' });
    expect(newItemDates(byHand, { frequency: 'monthly' })).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(newItemDates(byHand, { frequency: 'weekly' })).toEqual({ start: '2026-11-30', end: '2026-12-06' });
  });

  it("dates every new item the invoice's own period when it has one", () => {
    const november = { invoiceDate: '2026-12-01', periodStart: '2026-11-01', periodEnd: '2026-11-30' };
    expect(newItemDates(november)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(newItemDates(november, { frequency: 'monthly' })).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(newItemDates(november, { frequency: 'weekly' })).toEqual({ start: '2026-11-01', end: '2026-11-30' });
  });
});

describe('refilledDates', () => {
  const day = { start: '2026-12-06', end: '2026-12-06' };
  const month = { start: '2026-12-01', end: '2026-12-31' };
  it('gives dates still as filled in, or empty, the new ones', () => {
    expect(refilledDates({ startDate: '2026-12-06', endDate: '2026-12-06' }, day, month)).toEqual({ startDate: '2026-12-01', endDate: '2026-12-31' });
    expect(refilledDates({ startDate: null, endDate: null }, null, month)).toEqual({ startDate: '2026-12-01', endDate: '2026-12-31' });
  });

  it('keeps dates typed by hand, and those of an item opened for editing (nothing filled in)', () => {
    expect(refilledDates({ startDate: '2026-12-06', endDate: '2026-12-20' }, day, month)).toEqual({ startDate: '2026-12-06', endDate: '2026-12-20' });
    expect(refilledDates({ startDate: '2026-12-06', endDate: '2026-12-06' }, null, month)).toEqual({ startDate: '2026-12-06', endDate: '2026-12-06' });
  });
});

describe('periodOutside', () => {
  const november = { periodStart: '2026-11-01', periodEnd: '2026-11-30' };
  it("gives the invoice's period when an item's dates fall outside it, even in part", () => {
    expect(periodOutside({ startDate: '2026-12-01', endDate: '2026-12-31' }, november)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(periodOutside({ startDate: '2026-11-15', endDate: '2026-12-14' }, november)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(periodOutside({ startDate: '2026-10-31', endDate: null }, november)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
  });

  it('is null for dates inside the period, for empty dates, and on an invoice without a period', () => {
    expect(periodOutside({ startDate: '2026-11-01', endDate: '2026-11-30' }, november)).toBeNull();
    expect(periodOutside({ startDate: null, endDate: null }, november)).toBeNull();
    expect(periodOutside({ startDate: '2026-12-01', endDate: '2026-12-31' }, { periodStart: null, periodEnd: null })).toBeNull();
    expect(periodOutside({ startDate: '2026-12-01', endDate: '2026-12-31' }, { periodStart: '2026-11-01', periodEnd: null })).toBeNull();
  });
});

describe('redatedItems', () => {
  const monthly = { id: 'did', frequency: 'monthly' as const };
  const weekly = { id: 'sip', frequency: 'weekly' as const };
  const before = { invoiceDate: '2026-11-28', periodStart: null, periodEnd: null };
  const after = { ...before, invoiceDate: '2026-12-02' };
  const item = (kind: 'manual' | 'setup' | 'package' | 'usage', startDate: string | null, endDate: string | null, packageId: string | null = null) => ({ kind, packageId, startDate, endDate });

  it('moves the dates Add Invoice Item filled in for the old invoice date to those for the new one', () => {
    const lines = [item('package', '2026-11-01', '2026-11-30', 'did'), item('manual', '2026-11-28', '2026-11-28'), item('setup', '2026-11-28', '2026-11-28', 'did'), item('package', '2026-11-23', '2026-11-29', 'sip')];
    expect(redatedItems(lines, before, after, [monthly, weekly]).map((l) => [l.startDate, l.endDate])).toEqual([
      ['2026-12-01', '2026-12-31'],
      ['2026-12-02', '2026-12-02'],
      ['2026-12-02', '2026-12-02'],
      ['2026-11-30', '2026-12-06'],
    ]);
  });

  it('keeps dates typed by hand, empty ones, lines from usage, and a charge of a package it does not know', () => {
    const lines = [
      item('package', '2026-10-01', '2026-10-31', 'did'),
      item('manual', '2026-11-27', '2026-11-27'),
      item('manual', null, null),
      item('usage', '2026-11-28', '2026-11-28'),
      item('package', '2026-11-01', '2026-11-30', 'gone'),
    ];
    const redated = redatedItems(lines, before, after, [monthly]);
    expect(redated).toEqual(lines);
    redated.forEach((line, i) => expect(line).toBe(lines[i]));
  });

  it("keeps an item as it is when the new date gives it the same dates, and on an invoice with its own period", () => {
    const charge = item('package', '2026-11-01', '2026-11-30', 'did');
    expect(redatedItems([charge], before, { ...before, invoiceDate: '2026-11-03' }, [monthly])[0]).toBe(charge);
    const november = { periodStart: '2026-11-01', periodEnd: '2026-11-30' };
    expect(redatedItems([charge], { ...before, ...november }, { ...after, ...november }, [monthly])[0]).toBe(charge);
  });
});
