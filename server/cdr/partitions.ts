/**
 * Monthly partitions of `cdrs` (drizzle/0002_create_cdr_ingest.sql), created on demand before the
 * first CDR of a month is inserted. There is deliberately no DEFAULT partition: a CDR can never
 * land outside its month's table, so a month can later be detached or dropped whole. Creating a
 * partition takes a strong lock on `cdrs`, so it happens in its own short statement, outside the
 * ingest transaction, and at most once per month per process.
 */
import { sql } from 'drizzle-orm';
import { resultRows, type Database } from '../db';

const created = new WeakMap<Database, Set<string>>();

/** "2026-03" → the partition's name and bounds (UTC months, as the partition key is timestamptz). */
function partitionOf(month: string): { name: string; from: string; to: string } {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const next = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
  return { name: `cdrs_${month.replace('-', '_')}`, from: `${month}-01T00:00:00Z`, to: `${next}-01T00:00:00Z` };
}

/** Whether some month (`YYYY-MM`, UTC) may have no partition yet (ensureCdrPartitions has not seen it). */
export function missingCdrPartitions(database: Database, months: Iterable<string>): boolean {
  const known = created.get(database);
  for (const month of months) if (!known?.has(month)) return true;
  return false;
}

/** Makes sure each month (`YYYY-MM`, UTC) has its partition. */
export async function ensureCdrPartitions(database: Database, months: Iterable<string>): Promise<void> {
  let known = created.get(database);
  if (!known) created.set(database, (known = new Set()));
  for (const month of months) {
    if (known.has(month)) continue;
    if (!/^\d{4}-\d{2}$/.test(month)) throw new RangeError(`Not a month: ${month}`);
    const { name, from, to } = partitionOf(month);
    try {
      // Names and bounds come from the validated month only; DDL takes no bind parameters.
      await database.db.execute(sql.raw(`create table if not exists "${name}" partition of cdrs for values from ('${from}') to ('${to}')`));
    } catch (error) {
      // Another request or process created it at the same moment: Postgres then fails `if not
      // exists` with "already exists" (or a unique violation in its catalog), wrapped by Drizzle.
      // The partition being there is what we wanted; anything else is a real failure.
      const [row] = resultRows<{ present: boolean }>(await database.db.execute(sql`select to_regclass(${name}) is not null as present`));
      if (!row?.present) throw error;
    }
    known.add(month);
  }
}
