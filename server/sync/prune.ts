/**
 * Tombstone pruning. A deleted row stays as a tombstone so pulls can tell devices it is gone; kept
 * forever, a busy tenant's tables would fill with them. A tombstone older than the retention
 * period is deleted, and the tenant's `sync_floor` rises to the highest version pruned: a device
 * whose cursor is below the floor may have missed a deletion, so its next pull is a reset (it
 * starts over from version 0, keeping its pending mutations, which replay on top).
 *
 * Rows carry versions, not times, so each look at a tenant records a mark "at time t the tenant
 * was at version V"; every tombstone at or below a mark older than the retention period was
 * deleted before that mark, so it is older than the period. Pull runs this at most once per
 * PRUNE_INTERVAL_MS per tenant (the first pull after the interval does it), so no timer is needed
 * and an idle tenant costs nothing.
 *
 * The notices of changes undone by another device (sync_notices, push recordOverridden) at or
 * below the floor go with the tombstones: only a pull that starts over from version 0 would
 * still reach them, and its device was away for longer than the retention period.
 */
import { and, desc, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { resultRows } from '../db';
import { syncNotices, tenants, tenantVersionMarks } from '../schema';
import { runTransaction } from '../transactions';
import { entityTables, SYNCED_ENTITIES } from './entity-tables';

export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneResult {
  /** Tombstones deleted by this run. */
  pruned: number;
  /** The tenant's floor after this run. */
  floor: number;
}

/**
 * When the tenant's last run is older than PRUNE_INTERVAL_MS: records a mark and deletes the
 * tenant's tombstones older than `retentionDays`. Undefined when not due, or when a push holds the
 * tenant (pruning never makes a pull wait for a push; the next pull tries again).
 */
export async function pruneTombstones(
  database: Database,
  tenantId: string,
  retentionDays: number,
  now = new Date(),
): Promise<PruneResult | undefined> {
  return runTransaction(database, async (tx) => {
    // The tenant row lock keeps pushes out while the floor moves, so no pull sees a tombstone gone
    // without the floor that says so.
    const due = new Date(now.getTime() - PRUNE_INTERVAL_MS);
    const [tenant] = await tx
      .select()
      .from(tenants)
      .where(and(eq(tenants.id, tenantId), or(isNull(tenants.prunedAt), lt(tenants.prunedAt, due))))
      .for('no key update', { skipLocked: true });
    if (!tenant) return undefined;
    await tx.update(tenants).set({ prunedAt: now }).where(eq(tenants.id, tenantId));
    await tx.insert(tenantVersionMarks).values({ tenantId, at: now, version: tenant.version }).onConflictDoNothing();
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const [mark] = await tx
      .select()
      .from(tenantVersionMarks)
      .where(and(eq(tenantVersionMarks.tenantId, tenantId), lte(tenantVersionMarks.at, cutoff)))
      .orderBy(desc(tenantVersionMarks.at))
      .limit(1);
    if (!mark) return { pruned: 0, floor: tenant.syncFloor };
    // Older marks say nothing the newest old one does not.
    await tx.delete(tenantVersionMarks).where(and(eq(tenantVersionMarks.tenantId, tenantId), lt(tenantVersionMarks.at, mark.at)));

    let pruned = 0;
    let floor = tenant.syncFloor;
    for (const entity of SYNCED_ENTITIES) {
      const table = entityTables[entity];
      // Tombstones at or below the floor are gone already: scan only the versions above it.
      const [row] = resultRows<{ n: string | number; highest: string | number | null }>(
        await tx.execute(sql`with gone as (
          delete from ${table} where ${and(eq(table.tenantId, tenantId), eq(table.deleted, true), gt(table.version, tenant.syncFloor), lte(table.version, mark.version))}
          returning version
        ) select count(*) as n, max(version) as highest from gone`),
      );
      pruned += Number(row?.n ?? 0);
      if (row?.highest !== null && row?.highest !== undefined) floor = Math.max(floor, Number(row.highest));
    }
    if (floor !== tenant.syncFloor) await tx.update(tenants).set({ syncFloor: floor }).where(eq(tenants.id, tenantId));
    // The notices at or below the floor go too. A pull from a cursor at or above the floor starts
    // past them; a device below it has not pulled for longer than the retention period (the floor
    // is a tombstone older than that) and starts over, without the notices as without the deletions.
    await tx.delete(syncNotices).where(and(eq(syncNotices.tenantId, tenantId), lte(syncNotices.version, floor)));
    return { pruned, floor };
  });
}
