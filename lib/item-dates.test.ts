import { describe, expect, it } from 'vitest';
import { chargedPackages } from './invoice-periods';
import { newItemDates, packageChargeDates, packageChargePeriod, periodOutside, redatedItems, refilledDates } from './item-dates';

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
    expect(newItemDates(byHand, { frequency: 'monthly', matchDays: [] })).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(newItemDates(byHand, { frequency: 'weekly', matchDays: [] })).toEqual({ start: '2026-11-30', end: '2026-12-06' });
  });

  it("dates a plain item or a setup fee the invoice's own period when it has one, and a package's charge one charge of it in that period", () => {
    const november = { invoiceDate: '2026-12-01', periodStart: '2026-11-01', periodEnd: '2026-11-30' };
    expect(newItemDates(november)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(newItemDates(november, { frequency: 'monthly', matchDays: [1] })).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    // Weekly support on a November invoice: a week, the first Monday's (Nov 1, 2026 is a Sunday), not the month.
    expect(newItemDates(november, { frequency: 'weekly', matchDays: [] })).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    // A monthly DID on a one-week invoice: its month.
    expect(newItemDates({ ...november, periodStart: '2026-12-07', periodEnd: '2026-12-13' }, { frequency: 'monthly', matchDays: [1] })).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });
});

describe('packageChargeDates', () => {
  const november = { start: '2026-11-01', end: '2026-11-30' };
  it('is the charge period of the first day in the period Generate would bill the package on: its match days, else its assignment start day', () => {
    // Billed on Wednesdays: Wednesday Nov 4 is in the week of Monday Nov 2.
    expect(packageChargeDates({ frequency: 'weekly', matchDays: [3] }, november)).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    // No match days: the assignment's start day, a Thursday (Oct 15): Thursday Nov 5.
    expect(packageChargeDates({ frequency: 'weekly', matchDays: [], assignmentStarts: ['2026-10-15'] }, november)).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    // Billed on Sundays: Sunday Nov 1 ends the week begun Monday Oct 26.
    expect(packageChargeDates({ frequency: 'weekly', matchDays: [7] }, november)).toEqual({ start: '2026-10-26', end: '2026-11-01' });
    expect(packageChargeDates({ frequency: 'monthly', matchDays: [], assignmentStarts: ['2026-10-15'] }, november)).toEqual(november);
    expect(packageChargeDates({ frequency: 'daily', matchDays: [] }, november)).toEqual({ start: '2026-11-01', end: '2026-11-01' });
  });

  it("is the charge period holding the period's first day when Generate would bill none in it", () => {
    const week = { start: '2026-12-07', end: '2026-12-13' };
    expect(packageChargeDates({ frequency: 'monthly', matchDays: [1] }, week)).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(packageChargeDates({ frequency: 'monthly', matchDays: [], assignmentStarts: ['2026-10-20'] }, week)).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });

  it("dates a one-off package's charge the day Generate bills it, its assignment's start, else the period's first day", () => {
    expect(packageChargeDates({ frequency: 'none', matchDays: [], assignmentStarts: ['2026-11-20'] }, november)).toEqual({ start: '2026-11-20', end: '2026-11-20' });
    expect(packageChargeDates({ frequency: 'none', matchDays: [] }, november)).toEqual({ start: '2026-11-01', end: '2026-11-01' });
  });

  it('looks only at the first month of a long period being typed', () => {
    expect(packageChargeDates({ frequency: 'weekly', matchDays: [1] }, { start: '2026-11-01', end: '9999-12-31' })).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    expect(packageChargeDates({ frequency: 'monthly', matchDays: [31] }, { start: '2026-02-01', end: '9999-12-31' })).toEqual({ start: '2026-02-01', end: '2026-02-28' });
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
  const customerId = 'globex';
  const catalogue = (...ids: string[]) =>
    chargedPackages(
      [
        { id: 'did', frequency: 'monthly' as const, matchDays: [1] },
        { id: 'sip', frequency: 'weekly' as const, matchDays: [] },
      ].filter((p) => ids.includes(p.id)),
      [],
    )(customerId);
  const monthly = 'did';
  const weekly = 'sip';
  const before = { invoiceDate: '2026-11-28', periodStart: null, periodEnd: null };
  const after = { ...before, invoiceDate: '2026-12-02' };
  const item = (kind: 'manual' | 'setup' | 'package' | 'usage', startDate: string | null, endDate: string | null, packageId: string | null = null) => ({ kind, packageId, startDate, endDate });

  it('moves the dates Add Invoice Item filled in for the old invoice date to those for the new one', () => {
    const lines = [item('package', '2026-11-01', '2026-11-30', 'did'), item('manual', '2026-11-28', '2026-11-28'), item('setup', '2026-11-28', '2026-11-28', 'did'), item('package', '2026-11-23', '2026-11-29', 'sip')];
    expect(redatedItems(lines, before, after, catalogue(monthly, weekly)).map((l) => [l.startDate, l.endDate])).toEqual([
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
    const redated = redatedItems(lines, before, after, catalogue(monthly));
    expect(redated).toEqual(lines);
    redated.forEach((line, i) => expect(line).toBe(lines[i]));
  });

  it('moves the items still dated as filled in to the period set since, as for a new date: a DID added for December to November once the period is November', () => {
    const december = { invoiceDate: '2026-12-06', periodStart: null, periodEnd: null };
    const lines = [item('package', '2026-12-01', '2026-12-31', 'did'), item('manual', '2026-12-06', '2026-12-06'), item('package', '2026-11-30', '2026-12-06', 'sip'), item('package', '2026-12-01', '2026-12-15', 'did')];
    // Set one end, then the other: half a period dates as none.
    const fromOnly = { ...december, periodStart: '2026-11-01' };
    expect(redatedItems(lines, december, fromOnly, catalogue(monthly, weekly))).toEqual(lines);
    expect(redatedItems(lines, fromOnly, { ...fromOnly, periodEnd: '2026-11-30' }, catalogue(monthly, weekly)).map((l) => [l.startDate, l.endDate])).toEqual([
      ['2026-11-01', '2026-11-30'],
      ['2026-11-01', '2026-11-30'],
      ['2026-11-02', '2026-11-08'],
      ['2026-12-01', '2026-12-15'], // typed by hand: kept
    ]);
    // And from one period to another.
    const november = { ...december, periodStart: '2026-11-01', periodEnd: '2026-11-30' };
    const inNovember = redatedItems(lines, fromOnly, november, catalogue(monthly, weekly));
    expect(redatedItems(inNovember, november, { ...november, periodStart: '2026-10-01', periodEnd: '2026-10-31' }, catalogue(monthly, weekly)).map((l) => l.startDate)).toEqual([
      '2026-10-01',
      '2026-10-01',
      '2026-10-05',
      '2026-12-01',
    ]);
  });

  it("keeps an item as it is when the new date gives it the same dates, and on an invoice with its own period", () => {
    const charge = item('package', '2026-11-01', '2026-11-30', 'did');
    expect(redatedItems([charge], before, { ...before, invoiceDate: '2026-11-03' }, catalogue(monthly))[0]).toBe(charge);
    const november = { periodStart: '2026-11-01', periodEnd: '2026-11-30' };
    expect(redatedItems([charge], { ...before, ...november }, { ...after, ...november }, catalogue(monthly))[0]).toBe(charge);
  });
});
