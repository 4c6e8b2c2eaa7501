/**
 * Import: writes a planned CDR import as importCdrs mutations and the new ledger keys, all in ONE
 * IndexedDB transaction: either every mutation (with its local effect on the usage rows) and every
 * ledger key is stored, or (an error, a closed tab) none is. Nothing is written before the user
 * presses Import.
 *
 * The mutations carry the CDRs themselves (key, seconds, billed seconds, charge, per cell), not
 * usage rows: the mutator adds them to whatever the row holds when it runs, on the device now and
 * on the server when it syncs, and the server bills a CDR only if no device and no POST /api/cdrs
 * sent its key before. Two devices importing into one cell therefore add up, and a CDR imported
 * twice is billed once; the server's rows replace the device's sums on the next pull.
 *
 * Each mutation names the import it is part of (`import`: the file, when, by whom), which the
 * mutators record (cdrImports) so the Usage screen can list it and undo it; the import's ledger keys
 * are kept under its id as well (ledger.ts), for the device to forget them when it is undone.
 */
import { cdrLine, IMPORT_CDRS_MAX, type CdrCell, type ImportOfCdrs, type MutatorArgs } from '@/lib/mutators';
import type { TollbookDb } from '../_local/db';
import { mutate, writeTables } from '../_local/mutate';
import { ledgerMetaKey } from './cdr-collector';
import { importLedgerMetaKey } from './ledger';
import { cdrChargeAt, cdrKeyAt, cdrKeyBytes } from './compact-cdrs';
import type { ImportPlan, PlannedGroup } from './import-plan';

/**
 * JSON bytes an importCdrs mutation is cut at: well under 1 MB, so a push batch of them can be split
 * under the server's request limit. At about 40 bytes a CDR that is some 13,000 CDRs, so
 * IMPORT_CDRS_MAX (10,000) usually cuts first.
 */
export const MUTATION_MAX_BYTES = 512 * 1024;
/** JSON of a cell besides its CDRs and name: customer id, currency, day, destination, field names. */
const CELL_OVERHEAD_BYTES = 160;

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

/** The import a commit records: its id, the file's name, when and by whom (each mutation's `import`, without its part). */
export type ImportRecord = Omit<ImportOfCdrs, 'part'>;

/**
 * The importCdrs arguments of a plan, each within IMPORT_CDRS_MAX CDRs and MUTATION_MAX_BYTES,
 * numbered as parts of `record`.
 */
export function* importCdrsArgs(groups: readonly PlannedGroup[], record: ImportRecord): Generator<MutatorArgs<'importCdrs'>> {
  let part = 0;
  const args = (cells: CdrCell[]): MutatorArgs<'importCdrs'> => ({ cells, import: { ...record, part: part++ } });
  // Every mutation carries the record: its JSON (non-ASCII up to 3 bytes a character) and a part number.
  const recordBytes = JSON.stringify({ import: { ...record, part: 1_000_000 } }).length * 3;
  let cells: CdrCell[] = [];
  let count = 0;
  let bytes = recordBytes;
  for (const { customerId, currency, group } of groups) {
    const { cdrs } = group;
    // A counting sort of the CDRs by cell: each cell's CDRs become one run of `order`.
    const starts = new Uint32Array(group.cells.length + 1);
    for (let i = 0; i < cdrs.count; i++) starts[cdrs.cell[i]! + 1]!++;
    for (let c = 0; c < group.cells.length; c++) starts[c + 1]! += starts[c]!;
    const order = new Uint32Array(cdrs.count);
    const next = starts.slice(0, -1);
    for (let i = 0; i < cdrs.count; i++) order[next[cdrs.cell[i]!]!++] = i;

    for (let c = 0; c < group.cells.length; c++) {
      const cell = group.cells[c]!;
      // Non-ASCII characters are up to 3 bytes in UTF-8.
      const overhead = CELL_OVERHEAD_BYTES + JSON.stringify(cell.destinationName).length * 3;
      let lines: string[] = [];
      const endCell = () => {
        if (lines.length > 0) cells.push({ customerId, currency, ...cell, cdrs: lines.join('\n') });
        lines = [];
      };
      bytes += overhead;
      for (let k = starts[c]!; k < starts[c + 1]!; k++) {
        const i = order[k]!;
        const key = cdrKeyAt(cdrs, i);
        const line = cdrLine(key, cdrs.seconds[i]!, cdrs.billedSeconds[i]!, cdrChargeAt(cdrs, i));
        // In JSON each of the 3 tabs and the line break is two characters (\t, \n).
        const lineBytes = cdrKeyBytes(cdrs, i) + (line.length - key.length) + 3 + 2;
        if (count === IMPORT_CDRS_MAX || bytes + lineBytes > MUTATION_MAX_BYTES) {
          endCell();
          yield args(cells);
          cells = [];
          count = 0;
          bytes = recordBytes + overhead;
        }
        lines.push(line);
        count++;
        bytes += lineBytes;
      }
      endCell();
    }
  }
  if (cells.length > 0) yield args(cells);
}

export async function commitImport(db: TollbookDb, plan: ImportPlan, ledgerLengths: Readonly<Record<string, number>>, record: ImportRecord): Promise<CommitResult> {
  if (plan.goodRows === 0) return { usageRows: 0, mutations: 0 };
  return db.transaction('rw', writeTables(db), async () => {
    const days = Object.keys(plan.keys);
    const ledgers = await db.meta.bulkGet(days.map(ledgerMetaKey));
    for (let i = 0; i < days.length; i++) {
      const stored = (ledgers[i]?.value as string | undefined) ?? '';
      if (stored.length !== (ledgerLengths[days[i]!] ?? 0)) throw new StaleImportError();
    }
    let mutations = 0;
    for (const args of importCdrsArgs(plan.groups, record)) {
      // Nested in this transaction: Dexie runs it as part of it, so all mutations commit together.
      await mutate('importCdrs', args, db);
      mutations++;
    }
    await db.meta.bulkPut([
      ...days.map((day, i) => ({ key: ledgerMetaKey(day), value: ((ledgers[i]?.value as string | undefined) ?? '') + plan.keys[day]! })),
      { key: importLedgerMetaKey(record.id), value: plan.keys },
    ]);
    return { usageRows: plan.usageRows, mutations };
  });
}
