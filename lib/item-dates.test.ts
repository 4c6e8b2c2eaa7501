import { describe, expect, it } from 'vitest';
import { newItemDates, packageChargePeriod, refilledDates } from './item-dates';

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
