import type { TollbookDb } from './db';

/**
 * The invoices this device issued whose numbers it has not got yet, `except` aside: what Issue
 * sends as issueInvoice's `issuedHere`, so the server can say whether an invoice numbered before
 * the one issued was this device's or another device's (lib/invoice-numbers IssuedBy). An invoice
 * another device issued reaches this one with its number, so an unnumbered one is this device's
 * own. At most the 1,000 issueInvoice takes.
 */
export async function unnumberedIssues(db: TollbookDb, except: string): Promise<string[]> {
  const ids = await db.invoices.filter((i) => i.id !== except && i.status !== 'draft' && i.number === null).primaryKeys();
  return ids.slice(0, 1000);
}
