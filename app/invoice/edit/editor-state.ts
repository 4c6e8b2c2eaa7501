/**
 * What the invoice editor holds until Save, kept in Dexie (draftEdits, on this device only) so it
 * survives navigation and reload; Duplicate starts one for its copy, Credit note… for its credit note.
 */
import type { InvoiceVersion } from '@/lib/invoice-edit';
import type { Invoice, InvoiceLine } from '@/lib/entities';
import type { TollbookDb } from '../../_local/db';

export interface EditorState {
  isNew: boolean;
  invoice: Invoice;
  lines: InvoiceLine[];
  /**
   * The invoice as editing began: Save sends what the user changed from it (lib/invoice-edit), so
   * what another device changed meanwhile stays. Drafts kept before it existed have none.
   */
  base?: InvoiceVersion;
  /** A new invoice that is a copy (Duplicate): the invoice copied, and its number ("INV-1"), if it has one. */
  copyOf?: { id: string; number: string | null };
}

export const editKey = (id: string) => `invoice-edit:${id}`;

/**
 * Duplicate: `copy` (./../replace-invoice draftCopy) as a new invoice in the editor, not written
 * yet. Its Save creates it as + New invoice's does; Cancel leaves nothing behind.
 */
export async function keepCopy(db: TollbookDb, copy: { invoice: Invoice; lines: InvoiceLine[] }, of: Pick<Invoice, 'id' | 'number'>): Promise<void> {
  const state: EditorState = { isNew: true, ...copy, copyOf: { id: of.id, number: of.number } };
  await db.draftEdits.put({ key: editKey(copy.invoice.id), value: state, updatedAt: Date.now() });
}

/**
 * Credit note…: `draft` (lib/credit-notes creditNoteDraft, its invoice's creditsId naming the
 * invoice it credits) as a new credit note in the editor, not written yet. Its Save creates it
 * (createCreditNote); Cancel leaves no credit note behind, as Duplicate's copy leaves no draft.
 */
export async function keepCreditNote(db: TollbookDb, draft: { invoice: Invoice; lines: InvoiceLine[] }): Promise<void> {
  const state: EditorState = { isNew: true, ...draft };
  await db.draftEdits.put({ key: editKey(draft.invoice.id), value: state, updatedAt: Date.now() });
}
