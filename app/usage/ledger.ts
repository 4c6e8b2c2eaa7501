/**
 * The device's CDR ledger (see cdr-collector.ts) after the server refuses an import: the refused
 * importCdrs billed nothing there, so its CDRs leave the ledger and importing the file again
 * imports them. Without this the device would skip them forever as already imported.
 */
import { hash64 } from '@/lib/cdr';
import type { TollbookDb } from '../_local/db';
import { LEDGER_KEY_CHARS, ledgerMetaKey } from './cdr-collector';

const LEDGER_PREFIX = ledgerMetaKey('');

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

/**
 * Removes the CDRs of a refused importCdrs (its arguments) from the ledger. Call inside a
 * transaction over `db.meta`. The mutation does not say which UTC days hold its keys, so every
 * ledger day is read: a refusal is rare, and a day is a few hundred kilobytes at most.
 */
export async function forgetRefusedImport(db: TollbookDb, args: unknown): Promise<void> {
  const refused = new Set(importedKeys(args).map(hash64));
  if (refused.size === 0) return;
  const days = await db.meta.where('key').startsWith(LEDGER_PREFIX).toArray();
  for (const day of days) {
    const text = typeof day.value === 'string' ? day.value : '';
    const kept: string[] = [];
    for (let at = 0; at < text.length; at += LEDGER_KEY_CHARS) {
      const hash = text.slice(at, at + LEDGER_KEY_CHARS);
      if (!refused.has(hash)) kept.push(hash);
    }
    if (kept.length * LEDGER_KEY_CHARS !== text.length) await db.meta.put({ key: day.key, value: kept.join('') });
  }
}
