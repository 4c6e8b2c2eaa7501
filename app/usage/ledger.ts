/**
 * The device's CDR ledger (see cdr-collector.ts): the keys of the CDRs this device imported, by UTC
 * day, so it skips them when a file is read again. Keys leave it when what billed them is gone:
 * - an import the server refused (its importCdrs billed nothing there), so importing the file again
 *   imports them;
 * - an import undone (undoCdrImport, here or on another device), so the file can be imported again,
 *   with the right timezone or customer say. Each import's own keys are kept under its id
 *   (`cdrImportLedger:<id>`, its keys by day as commit-import added them) for this.
 * Without this the device would skip those CDRs forever as already imported.
 */
import { hash64 } from '@/lib/cdr';
import type { TollbookDb } from '../_local/db';
import { mutate, writeTables } from '../_local/mutate';
import { LEDGER_KEY_CHARS, ledgerMetaKey } from './cdr-collector';

const LEDGER_PREFIX = ledgerMetaKey('');
const IMPORT_LEDGER_PREFIX = 'cdrImportLedger:';

/** The meta entry holding an import's ledger keys (a record of UTC day → keys, as the day entries hold them). */
export const importLedgerMetaKey = (importId: string) => `${IMPORT_LEDGER_PREFIX}${importId}`;

/** The CDR keys an importCdrs mutation's arguments carry (a cell's `cdrs`: `key\tseconds\t…` lines). */
function importedKeys(args: unknown): string[] {
  const cells = (args as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) return [];
  const keys: string[] = [];
  for (const cell of cells) {
    const cdrs = (cell as { cdrs?: unknown } | null)?.cdrs;
    if (typeof cdrs !== 'string') continue;
    for (const line of cdrs.split('\n')) {
      const key = line.slice(0, line.indexOf('\t'));
      if (key) keys.push(key);
    }
  }
  return keys;
}

/** Takes `hashes` out of the given ledger day entries (`cdrLedger:<day>`), writing only those that change. */
async function removeFromLedger(db: TollbookDb, days: readonly { key: string; value: unknown }[], hashes: ReadonlySet<string>): Promise<void> {
  for (const day of days) {
    const text = typeof day.value === 'string' ? day.value : '';
    const kept: string[] = [];
    for (let at = 0; at < text.length; at += LEDGER_KEY_CHARS) {
      const hash = text.slice(at, at + LEDGER_KEY_CHARS);
      if (!hashes.has(hash)) kept.push(hash);
    }
    if (kept.length * LEDGER_KEY_CHARS !== text.length) await db.meta.put({ key: day.key, value: kept.join('') });
  }
}

/**
 * Removes the CDRs of a refused importCdrs (its arguments) from the ledger. Call inside a
 * transaction over `db.meta`. The mutation does not say which UTC days hold its keys, so every
 * ledger day is read: a refusal is rare, and a day is a few hundred kilobytes at most.
 */
export async function forgetRefusedImport(db: TollbookDb, args: unknown): Promise<void> {
  const refused = new Set(importedKeys(args).map(hash64));
  if (refused.size === 0) return;
  await removeFromLedger(db, await db.meta.where('key').startsWith(LEDGER_PREFIX).toArray(), refused);
}

/** Removes an import's keys from the ledger, if this device made it (call inside a transaction over `db.meta`). */
export async function forgetImportLedger(db: TollbookDb, importId: string): Promise<void> {
  const entry = await db.meta.get(importLedgerMetaKey(importId));
  if (!entry) return;
  const keysByDay = (entry.value ?? {}) as Record<string, string>;
  const days = Object.keys(keysByDay);
  const stored = await db.meta.bulkGet(days.map(ledgerMetaKey));
  for (let i = 0; i < days.length; i++) {
    const text = keysByDay[days[i]!] ?? '';
    const hashes = new Set<string>();
    for (let at = 0; at < text.length; at += LEDGER_KEY_CHARS) hashes.add(text.slice(at, at + LEDGER_KEY_CHARS));
    const day = stored[i];
    if (day) await removeFromLedger(db, [day], hashes);
  }
  await db.meta.delete(entry.key);
}

/**
 * Forgets the ledger keys of this device's imports that have been undone since (on another device,
 * say): run before a file is read, so the file they came from imports again.
 */
export async function forgetUndoneImports(db: TollbookDb): Promise<void> {
  await db.transaction('rw', [db.meta, db.cdrImports], async () => {
    const entries = await db.meta.where('key').startsWith(IMPORT_LEDGER_PREFIX).primaryKeys();
    for (const key of entries) {
      const importId = String(key).slice(IMPORT_LEDGER_PREFIX.length);
      if ((await db.cdrImports.get(importId))?.status === 'undone') await forgetImportLedger(db, importId);
    }
  });
}

/**
 * Undo import: the undoCdrImport mutation (refused at once if the device already sees why) and this
 * device's ledger keys of it, in one transaction. The server decides: should it refuse (an invoice
 * issued meanwhile on another device), the usage comes back on the next pull and the refusal is
 * shown; the CDRs read again would then add nothing on the server.
 */
export async function undoImport(db: TollbookDb, importId: string, undoneBy: string): Promise<void> {
  await db.transaction('rw', writeTables(db), async () => {
    await mutate('undoCdrImport', { id: importId, undoneAt: new Date().toISOString(), undoneBy }, db);
    await forgetImportLedger(db, importId);
  });
}
