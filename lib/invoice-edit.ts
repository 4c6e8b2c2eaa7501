/**
 * Saving an invoice edited on one device while another device may change it too: a three-way merge
 * of what the editor began from (`base`), what the user made of it (`edited`) and what the device
 * holds now (`live`, with whatever sync brought meanwhile). Only what the user changed travels,
 * field by field and line by line, and the saveInvoice mutator merges it field by field into the
 * invoice and lines as it finds them, on this device and again on the server (which may hold another
 * device's changes this device has not seen yet, if it saved offline): another device's changes to
 * other fields and other lines stay. Per-field last writer wins, as for customers, packages and the
 * account, but for a line's quantity, unit price, tax % and amount, which another device changed
 * meanwhile: those keep the other device's value and the user is told (lib/field-patch).
 */
import type { Invoice, InvoiceLine } from './entities';

/** The invoice fields the editor changes (the currency follows the customer in saveInvoice). */
export const INVOICE_HEADER_FIELDS = ['customerId', 'invoiceDate', 'dueDate', 'periodStart', 'periodEnd', 'notes'] as const;
export type InvoiceHeaderField = (typeof INVOICE_HEADER_FIELDS)[number];

export interface InvoiceVersion {
  invoice: Invoice;
  lines: InvoiceLine[];
}

type LineFields = Partial<Omit<InvoiceLine, 'id' | 'invoiceId'>>;

/** Fields of one line the user changed, and the line's values of them (and description) on this device. */
export interface InvoiceLinePatch {
  id: string;
  patch: LineFields;
  seen: LineFields;
}

/** The arguments of the saveInvoice mutation (lib/mutators) but the invoice id. */
export interface InvoiceSave {
  patch: Partial<Pick<Invoice, InvoiceHeaderField>>;
  /**
   * What this device holds of the header fields in `patch`: the server tells the device whose value
   * of one this save replaces, if this device had not seen it (lib/overridden-changes).
   */
  seen: Partial<Pick<Invoice, InvoiceHeaderField>>;
  /** Lines new on this device, or edited here and deleted on another device before the save: whole. */
  upsertLines: InvoiceLine[];
  linePatches: InvoiceLinePatch[];
  deleteLineIds: string[];
  /**
   * What this device holds of the lines it deletes, by id: the server tells the device that changed
   * one meanwhile that its change went with the line (lib/overridden-changes).
   */
  deletedLinesSeen: Record<string, InvoiceLine>;
}

/** Line fields are strings, numbers and nulls: `===` compares them. */
function changedLineFields(from: InvoiceLine, to: InvoiceLine): Partial<InvoiceLine> {
  const changed: Partial<InvoiceLine> = {};
  for (const key of Object.keys(to) as (keyof InvoiceLine)[]) {
    if (to[key] !== from[key]) Object.assign(changed, { [key]: to[key] });
  }
  return changed;
}

function sameLine(a: InvoiceLine, b: InvoiceLine): boolean {
  return Object.keys(changedLineFields(a, b)).length === 0;
}

/**
 * What saving `edited` sends, `live` being the invoice as the device holds it now. A header field the
 * user changed goes with the live invoice's value of it as `seen` (the editor showed another
 * device's change of it that arrived meanwhile). A line the user changed goes as a patch of the fields the user changed
 * that the live line does not already hold (a line renumbered by the user after a deletion keeps
 * another device's new description), with the live line's values of them as `seen`; a line the user
 * did not touch does not go at all; a line the user deleted is deleted; a line another device added
 * stays. A line the user edited that another device deleted comes back as the user left it: the
 * user's edit is the later intent.
 */
export function invoiceSave(base: InvoiceVersion, edited: InvoiceVersion, live: InvoiceVersion): InvoiceSave {
  const patch: InvoiceSave['patch'] = {};
  const seen: InvoiceSave['seen'] = {};
  for (const field of INVOICE_HEADER_FIELDS) {
    if (edited.invoice[field] === base.invoice[field]) continue;
    Object.assign(patch, { [field]: edited.invoice[field] });
    Object.assign(seen, { [field]: live.invoice[field] });
  }
  const baseById = new Map(base.lines.map((line) => [line.id, line]));
  const liveById = new Map(live.lines.map((line) => [line.id, line]));
  const upsertLines: InvoiceLine[] = [];
  const linePatches: InvoiceLinePatch[] = [];
  for (const line of edited.lines) {
    const before = baseById.get(line.id);
    const now = liveById.get(line.id);
    if (!before || !now) {
      // New on this device, or deleted elsewhere after the user edited it.
      if (!before || !sameLine(before, line)) upsertLines.push(line);
      continue;
    }
    const linePatch: LineFields = {};
    const seen: LineFields = { description: now.description };
    for (const [key, value] of Object.entries(changedLineFields(before, line)) as [keyof LineFields, unknown][]) {
      if (value === now[key]) continue;
      Object.assign(linePatch, { [key]: value });
      Object.assign(seen, { [key]: now[key] });
    }
    if (Object.keys(linePatch).length > 0) linePatches.push({ id: line.id, patch: linePatch, seen });
  }
  const kept = new Set(edited.lines.map((line) => line.id));
  const deleteLineIds = base.lines.filter((line) => !kept.has(line.id) && liveById.has(line.id)).map((line) => line.id);
  const deletedLinesSeen = Object.fromEntries(deleteLineIds.map((id) => [id, liveById.get(id)!]));
  return { patch, seen, upsertLines, linePatches, deleteLineIds, deletedLinesSeen };
}

export interface RemoteInvoiceChanges {
  /** Header fields another device changed since editing began. */
  fields: InvoiceHeaderField[];
  linesAdded: number;
  linesChanged: number;
  linesDeleted: number;
}

/** What changed on other devices between `base` and `live` (nothing: every count zero, no fields). */
export function remoteInvoiceChanges(base: InvoiceVersion, live: InvoiceVersion): RemoteInvoiceChanges {
  const fields = INVOICE_HEADER_FIELDS.filter((field) => base.invoice[field] !== live.invoice[field]);
  const baseById = new Map(base.lines.map((line) => [line.id, line]));
  const liveIds = new Set(live.lines.map((line) => line.id));
  let linesAdded = 0;
  let linesChanged = 0;
  for (const line of live.lines) {
    const before = baseById.get(line.id);
    if (!before) linesAdded++;
    else if (!sameLine(before, line)) linesChanged++;
  }
  const linesDeleted = base.lines.filter((line) => !liveIds.has(line.id)).length;
  return { fields, linesAdded, linesChanged, linesDeleted };
}
