/**
 * pull: the tenant's row changes with `cursor < version <= snapshot`, read in one REPEATABLE READ
 * transaction. Every version <= the tenant's committed version is visible in that snapshot, because
 * versions commit in version order (push holds the tenant row lock from bump to commit).
 *
 * Pages end on version boundaries: all rows of one version (one mutation) arrive in one page, so a
 * device never applies half a mutation. A mutation that touched more rows than `limit` makes one
 * oversized page. Tombstones older than the retention period are pruned (prune.ts), raising the
 * tenant's floor: a cursor below it may have missed a deletion, so it gets a reset from version 0,
 * as does a cursor or snapshot ahead of the server (a restored database).
 *
 * A paged pull runs over several transactions, and a row keeps only its latest version: a row
 * written again after the snapshot leaves the snapshot's range (its old version is gone). So a
 * device that stopped at the snapshot would hold a state the server never had: missing that row,
 * or holding part of a mutation whose other rows moved on. Hence:
 * - the page that ends a snapshot older than the tenant's version goes on (`more`) with the current
 *   version as the new snapshot, so a pull ends only at a version the server was at, where every
 *   row is at its latest version (a row rewritten at w lies in the range that covers w);
 * - `lastMutationId` is reported only on that last page: earlier, the effects of an acknowledged
 *   mutation may still be in later pages, and dropping it from the outbox would hide the device's
 *   own write until they arrive. Other pages report 0 (mutation ids start at 1: nothing to drop).
 */
import { and, asc, eq, gt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { EntityName } from '../../lib/entities';
import type { OverriddenChange } from '../../lib/overridden-changes';
import { entitiesOfProtocol, overriddenChangeSchema, PULL_PAGE_MAX, type ProtocolVersion, type PullResponse, type RowChange } from '../../lib/protocol';
import type { Database } from '../db';
import { resultRows } from '../db';
import { ServiceError } from '../errors';
import { clients, mutationResults, syncNotices, tenants } from '../schema';
import { runTransaction, type Tx } from '../transactions';
import { entityTables, toEntity } from './entity-tables';
import { PRUNE_INTERVAL_MS, pruneTombstones } from './prune';
import type { SyncCaller } from './push';

export interface PullOptions {
  /** Prune the tenant's tombstones older than this, when due (at most hourly); unset: never. */
  tombstoneRetentionDays?: number | undefined;
}

export interface PullParams {
  /** The device's protocol version: which entities it holds (lib/protocol entitiesOfProtocol). */
  protocolVersion: ProtocolVersion;
  clientId: string;
  cursor: number;
  snapshot?: number | undefined;
  rejectionsFrom: number;
  limit: number;
}

/** At most this many rejections per pull (the device asks again from the last one it got). */
const REJECTIONS_MAX = 1000;

function versionsBetween(entities: readonly EntityName[], tenantId: string, after: number, upTo: number, select: (table: SQL) => SQL): SQL {
  const parts = entities.map(
    (entity) => sql`${select(sql`${entityTables[entity]}`)} where tenant_id = ${tenantId} and version > ${after} and version <= ${upTo}`,
  );
  return sql.join(parts, sql` union all `);
}

/** The version the page ends at: the last version whose rows fit in `limit` rows. */
async function pageEnd(tx: Tx, entities: readonly EntityName[], tenantId: string, cursor: number, snapshot: number, limit: number): Promise<number> {
  const union = versionsBetween(entities, tenantId, cursor, snapshot, (table) => sql`select version from ${table}`);
  const versions = resultRows<{ version: string | number }>(
    await tx.execute(sql`select version from (${union}) v order by version limit ${limit + 1}`),
  ).map((r) => Number(r.version));
  const first = versions[0];
  const boundary = versions[limit];
  if (first === undefined || boundary === undefined) return snapshot;
  // Rows up to `limit` fit: stop before the boundary's version, unless that version alone is too big.
  return first < boundary ? boundary - 1 : boundary;
}

async function countChanges(tx: Tx, entities: readonly EntityName[], tenantId: string, snapshot: number): Promise<number> {
  const union = versionsBetween(entities, tenantId, 0, snapshot, (table) => sql`select count(*) as n from ${table}`);
  const [row] = resultRows<{ total: string | number | null }>(await tx.execute(sql`select sum(n) as total from (${union}) c`));
  return Number(row?.total ?? 0);
}

/**
 * What the mutations of versions `after` < v <= `upTo` undid of other devices' changes (push
 * recordOverridden), but those of this device's own mutations: sent with their rows, so each device
 * hears of them once, and the device that made an undone change tells its user (lib/overridden-changes).
 */
async function overriddenBetween(tx: Tx, tenantId: string, clientId: string, after: number, upTo: number): Promise<OverriddenChange[]> {
  if (upTo <= after) return [];
  const rows = await tx
    .select({ changes: syncNotices.changes })
    .from(syncNotices)
    .where(and(eq(syncNotices.tenantId, tenantId), gt(syncNotices.version, after), lte(syncNotices.version, upTo), ne(syncNotices.clientId, clientId)))
    .orderBy(asc(syncNotices.version));
  return rows.flatMap((row) => {
    const parsed = z.array(overriddenChangeSchema).safeParse(JSON.parse(row.changes));
    return parsed.success ? parsed.data : [];
  });
}

export async function pullChanges(database: Database, caller: SyncCaller, params: PullParams, options: PullOptions = {}): Promise<PullResponse> {
  const { response, prunedAt } = await readChanges(database, caller, params);
  const retention = options.tombstoneRetentionDays;
  const now = new Date();
  if (retention !== undefined && (prunedAt === null || now.getTime() - prunedAt.getTime() > PRUNE_INTERVAL_MS)) {
    try {
      // After the read: this device's new cursor is the current version, above any new floor.
      await pruneTombstones(database, caller.tenantId, retention, now);
    } catch (error) {
      // Maintenance never fails a pull; the next interval tries again.
      console.error('tollbook: tombstone pruning failed', error);
    }
  }
  return response;
}

async function readChanges(database: Database, caller: SyncCaller, params: PullParams): Promise<{ response: PullResponse; prunedAt: Date | null }> {
  const limit = Math.min(params.limit, PULL_PAGE_MAX);
  const entities = entitiesOfProtocol(params.protocolVersion);
  return runTransaction(
    database,
    async (tx) => {
      // The first statement fixes the snapshot of the whole transaction.
      const [tenant] = await tx
        .select({ version: tenants.version, floor: tenants.syncFloor, prunedAt: tenants.prunedAt })
        .from(tenants)
        .where(eq(tenants.id, caller.tenantId));
      if (!tenant) throw new ServiceError('NOT_FOUND', 'The company account no longer exists');
      const [client] = await tx.select().from(clients).where(eq(clients.id, params.clientId));
      if (client && (client.tenantId !== caller.tenantId || client.userId !== caller.userId)) {
        throw new ServiceError('FORBIDDEN', 'This client id belongs to another user; start a fresh local database');
      }
      const current = tenant.version;
      const requested = params.snapshot ?? current;
      // Cursor 0 holds no server rows, so it cannot hold a row whose deletion was pruned.
      const belowFloor = params.cursor > 0 && params.cursor < tenant.floor;
      const reset = params.cursor > current || requested > current || belowFloor;
      const cursor = reset ? 0 : params.cursor;
      const snapshot = reset || requested < cursor ? current : requested;
      const end = await pageEnd(tx, entities, caller.tenantId, cursor, snapshot, limit);
      // The last page of an old snapshot: go on to the current version (see the top of the file).
      const nextSnapshot = end === snapshot ? current : snapshot;
      const more = end < nextSnapshot;

      const changes: (RowChange & { version: number })[] = [];
      for (const entity of entities) {
        const table = entityTables[entity];
        const rows = await tx
          .select()
          .from(table)
          .where(and(eq(table.tenantId, caller.tenantId), gt(table.version, cursor), lte(table.version, end)));
        for (const row of rows) {
          changes.push({
            entity,
            id: String(row.id),
            row: row.deleted ? null : (toEntity(row) as unknown as Record<string, unknown>),
            version: Number(row.version),
          });
        }
      }
      changes.sort((a, b) => a.version - b.version);

      const rejections = await tx
        .select({ mutationId: mutationResults.mutationId, name: mutationResults.name, status: mutationResults.status, error: mutationResults.error })
        .from(mutationResults)
        .where(and(eq(mutationResults.clientId, params.clientId), gt(mutationResults.mutationId, params.rejectionsFrom - 1)))
        .orderBy(asc(mutationResults.mutationId))
        .limit(client ? REJECTIONS_MAX : 0);

      const overridden = await overriddenBetween(tx, caller.tenantId, params.clientId, cursor, end);

      const response: PullResponse = {
        cursor: end,
        snapshot: nextSnapshot,
        more,
        reset,
        total: await countChanges(tx, entities, caller.tenantId, nextSnapshot),
        lastMutationId: more ? 0 : (client?.lastMutationId ?? 0),
        changes: changes.map(({ entity, id, row }) => ({ entity, id, row })),
        rejections: rejections.map(({ status, ...rejection }) => (status === 'partial' ? { ...rejection, partial: true } : rejection)),
        ...(overridden.length > 0 ? { overridden } : {}),
      };
      return { response, prunedAt: tenant.prunedAt };
    },
    'repeatable read',
  );
}
