import { describe, expect, it } from 'vitest';
import type { InvoiceLine } from './entities';
import { invoiceSave, remoteInvoiceChanges, type InvoiceVersion } from './invoice-edit';
import { OTHER_CUSTOMER_ID, testInvoice, testLine, testUuid } from './test-fixtures';

const invoice = testInvoice({
  invoiceDate: '2026-03-01',
  dueDate: '2026-03-31',
  periodStart: '2026-02-01',
  periodEnd: '2026-02-28',
  net: '30',
  tax: '0',
  total: '30',
  paid: '0',
});

function line(n: number, overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return testLine({ id: testUuid(n, 'c'), position: n - 1, description: `Line ${n}`, ...overrides });
}

const base: InvoiceVersion = { invoice, lines: [line(1), line(2), line(3)] };

describe('invoiceSave', () => {
  it('sends nothing when nothing was edited, whatever another device changed', () => {
    const live = [line(1, { description: 'Renamed elsewhere' }), line(3), line(4)];
    expect(invoiceSave(base, base, { invoice, lines: live })).toEqual({ patch: {}, seen: {}, upsertLines: [], linePatches: [], deleteLineIds: [], deletedLinesSeen: {} });
  });

  it('sends only the header fields the user changed, with the values the device holds of them now', () => {
    const edited = { ...base, invoice: { ...invoice, notes: 'Thanks', customerId: OTHER_CUSTOMER_ID } };
    const sent = invoiceSave(base, edited, base);
    expect(sent.patch).toEqual({ notes: 'Thanks', customerId: OTHER_CUSTOMER_ID });
    expect(sent.seen).toEqual({ notes: invoice.notes, customerId: invoice.customerId });
    // Another device's notes arrived while the user edited them (the editor said so): the user saw them, and the save says so.
    const live = { ...base, invoice: { ...invoice, notes: 'Net 30', dueDate: '2026-04-15' } };
    expect(invoiceSave(base, edited, live)).toMatchObject({ patch: { notes: 'Thanks', customerId: OTHER_CUSTOMER_ID }, seen: { notes: 'Net 30', customerId: invoice.customerId } });
  });

  it("sends only the fields of a line the user changed, with the live line's values of them, so another device's change of its other fields stays", () => {
    const edited = { ...base, lines: [line(1), line(2, { unitPrice: '12' }), line(3)] };
    const live = [line(1), line(2, { description: 'Port fee, March' }), line(3)];
    expect(invoiceSave(base, edited, { invoice, lines: live })).toEqual({
      patch: {},
      seen: {},
      upsertLines: [],
      // The description names the line should the server not apply the change.
      linePatches: [{ id: line(2).id, patch: { unitPrice: '12' }, seen: { unitPrice: '10', description: 'Port fee, March' } }],
      deleteLineIds: [],
      deletedLinesSeen: {},
    });
  });

  it('sends a line edited on a device that saw nothing of another device\'s change (offline) as a patch, never as the stale line', () => {
    // The bug: the whole stale line went, and the server put back the description another device had changed.
    const edited = { ...base, lines: [line(1), line(2, { quantity: '25' }), line(3)] };
    const sent = invoiceSave(base, edited, base);
    expect(sent.upsertLines).toEqual([]);
    expect(sent.linePatches).toEqual([{ id: line(2).id, patch: { quantity: '25' }, seen: { quantity: '1', description: 'Line 2' } }]);
  });

  it("deletes the lines the user deleted, with the device's line as seen, and leaves a line another device added; renumbered lines keep the other device's edits", () => {
    // The user deleted line 1; lines 2 and 3 moved up. Meanwhile another device renamed lines 1 and 3 and added line 4.
    const edited = { ...base, lines: [line(2, { position: 0 }), line(3, { position: 1 })] };
    const live = [line(1, { description: 'Setup, renamed elsewhere' }), line(2), line(3, { description: 'Renamed elsewhere' }), line(4)];
    expect(invoiceSave(base, edited, { invoice, lines: live })).toEqual({
      patch: {},
      seen: {},
      upsertLines: [],
      linePatches: [
        { id: line(2).id, patch: { position: 0 }, seen: { position: 1, description: 'Line 2' } },
        { id: line(3).id, patch: { position: 1 }, seen: { position: 2, description: 'Renamed elsewhere' } },
      ],
      deleteLineIds: [line(1).id],
      // What the device holds of it now: the server tells a device that changed it since (lib/overridden-changes).
      deletedLinesSeen: { [line(1).id]: line(1, { description: 'Setup, renamed elsewhere' }) },
    });
  });

  it('sends a new line whole, brings back a line the user edited that another device deleted, and skips deleting what is gone', () => {
    const edited = { ...base, lines: [line(2, { quantity: '3' }), line(5)] };
    const live = [line(3)];
    expect(invoiceSave(base, edited, { invoice, lines: live })).toEqual({
      patch: {},
      seen: {},
      upsertLines: [line(2, { quantity: '3' }), line(5)],
      linePatches: [],
      deleteLineIds: [line(3).id],
      deletedLinesSeen: { [line(3).id]: line(3) },
    });
  });

  it('does not send a change another device already made the same way', () => {
    const edited = { ...base, lines: [line(1, { unitPrice: '11', description: 'Setup' }), line(2), line(3)] };
    const sent = invoiceSave(base, edited, { invoice, lines: [line(1, { unitPrice: '11' }), line(2), line(3)] });
    expect(sent.upsertLines).toEqual([]);
    expect(sent.linePatches).toEqual([{ id: line(1).id, patch: { description: 'Setup' }, seen: { description: 'Line 1' } }]);
  });
});

describe('remoteInvoiceChanges', () => {
  it('counts header fields and lines changed, added and deleted since editing began', () => {
    const live = { invoice: { ...invoice, dueDate: '2026-04-15', net: '99' }, lines: [line(1, { unitPrice: '11' }), line(3), line(4), line(5)] };
    expect(remoteInvoiceChanges(base, live)).toEqual({ fields: ['dueDate'], linesAdded: 2, linesChanged: 1, linesDeleted: 1 });
    expect(remoteInvoiceChanges(base, base)).toEqual({ fields: [], linesAdded: 0, linesChanged: 0, linesDeleted: 0 });
  });
});
