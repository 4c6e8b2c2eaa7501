/**
 * Import: writes a planned CDR import as putUsage mutations (at most PUT_USAGE_MAX_ROWS rows each)
 * and the new ledger keys, all in ONE IndexedDB transaction: either every usage row, every queued
 * mutation and every ledger key is stored, or (an error, a closed tab) none is. Nothing is written
 * before the user presses Import.
 *
 * Each usage row is the stored row plus the new CDRs' sums (lib/cdr addCellToUsage), read inside
 * the transaction, so CDRs of several files for one cell add up. The mutation carries the whole
 * row, as putUsage stores it: if another device changes the same cell before this device syncs,
 * the later push wins for that cell (last-writer-wins, like every synced row).
 */
import { addCellToUsage } from '@/lib/cdr';
import type { Usage } from '@/lib/entities';
import type { TollbookDb } from '../_local/db';
import { mutate, writeTables } from '../_local/mutate';
import { ledgerMetaKey } from './cdr-collector';
import type { ImportPlan } from './import-plan';

/** putUsage's limit (lib/mutators). */
export const PUT_USAGE_MAX_ROWS = 5000;

/** Another import (another tab) stored CDRs of the same days since this file was read. */
export class StaleImportError extends Error {
  override name = 'StaleImportError';
  constructor() {
    super('Another import changed the usage of these days since this file was checked; check the file again.');
  }
}

export interface CommitResult {
  usageRows: number;
  mutations: number;
}

export async function commitImport(db: TollbookDb, plan: ImportPlan, ledgerLengths: Readonly<Record<string, number>>): Promise<CommitResult> {
  if (plan.cells.length === 0) return { usageRows: 0, mutations: 0 };
  return db.transaction('rw', writeTables(db), async () => {
    const days = Object.keys(plan.keys);
    const ledgers = await db.meta.bulkGet(days.map(ledgerMetaKey));
    for (let i = 0; i < days.length; i++) {
      const stored = (ledgers[i]?.value as string | undefined) ?? '';
      if (stored.length !== (ledgerLengths[days[i]!] ?? 0)) throw new StaleImportError();
    }
    const ids = plan.cells.map((p) => `${p.customerId}:${p.cell.day}:${p.cell.destination}`);
    const existing = await db.usage.bulkGet(ids);
    const rows: Usage[] = plan.cells.map((p, i) => addCellToUsage(existing[i], p.cell, p.customerId, p.currency));
    let mutations = 0;
    for (let start = 0; start < rows.length; start += PUT_USAGE_MAX_ROWS) {
      // Nested in this transaction: Dexie runs it as part of it, so all chunks commit together.
      await mutate('putUsage', { rows: rows.slice(start, start + PUT_USAGE_MAX_ROWS) }, db);
      mutations++;
    }
    await db.meta.bulkPut(
      days.map((day, i) => ({ key: ledgerMetaKey(day), value: ((ledgers[i]?.value as string | undefined) ?? '') + plan.keys[day]! })),
    );
    return { usageRows: rows.length, mutations };
  });
}
