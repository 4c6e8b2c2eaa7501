/**
 * The authoritative `MutationTx`: the lib/ mutators run against Postgres through it, inside the
 * push transaction. It reads and writes only its tenant's rows.
 *
 * Writes are buffered, not sent: a mutation's writes land in its own overlay, which joins the push's
 * overlay when the mutator succeeds and is dropped when it throws a MutationError (no savepoint, so
 * no subtransaction per mutation). Reads see the database under both overlays. The push writes the
 * overlay once at the end, each row stamped with the version of the mutation that last wrote it and
 * deletes as tombstones, a few multi-row statements per table instead of a round trip per write.
 *
 * CDR key claims (importCdrs) are buffered the same way: a key is fresh when neither `cdr_keys` nor
 * an earlier mutation of this push holds it; a mutation's claims join the push only when it
 * succeeds, and are inserted into `cdr_keys` at the flush, so a refused mutation claims nothing and
 * a rolled-back push claims nothing. Other pushes cannot claim keys meanwhile (they wait for the
 * tenant lock), but POST /api/cdrs claims keys before it takes that lock, so a key read as fresh
 * may be held by an ingest transaction not yet committed: the insert at the flush then waits for
 * it, and if it commits, the unique key fails this push (billing nothing twice), which the device
 * sends again and then finds the key claimed.
 *
 * A browser import's claims carry its id (`cdr_keys.import_id`); undoing it (undoCdrImport)
 * releases them, buffered the same way: at the flush its keys are deleted before the push's claims
 * are inserted, and meanwhile a key of a released import counts as fresh, so the file imported again
 * in the same push (offline: import, undo, import with the right timezone) bills its CDRs again.
 */
import { and, eq, getTableColumns, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { usageId } from '../../lib/cdr';
import { entitySchemas, ENTITY_NAMES, textProblem, type Entities, type EntityName } from '../../lib/entities';
import { argumentDetail, rowProblem } from '../../lib/argument-problems';
import { MutationError, type IndexedFields, type MutationTx } from '../../lib/mutators';
import type { OverriddenChange } from '../../lib/overridden-changes';
import { resultRows } from '../db';
import { invoiceRows, usageRows } from '../schema';
import type { Tx } from '../transactions';
import { entityTables, toEntity, type SyncTable } from './entity-tables';

type Row = Record<string, unknown>;

interface Write {
  entity: EntityName;
  id: string;
  /** Null: deleted. */
  row: Row | null;
}

function keyOf(entity: EntityName, id: string): string {
  return `${entity}/${id}`;
}

/**
 * Parameters per statement. The wire protocol counts them in 16 bits; PGlite reads the count as
 * signed, so 32,768 or more fails there ("Invalid array length") and leaves that PGlite instance
 * answering every later query with nothing. server/db.ts refuses such statements for PGlite.
 */
const MAX_PARAMETERS = 30_000;

/** Strings in mutation arguments longer than this are not ids (ids are at most 200 characters). */
const MAX_ID_LENGTH = 200;
/** Prefetch at most this many candidate ids per push. */
const MAX_PREFETCH_IDS = 20_000;

/** Properties whose strings are never row ids: importCdrs' CDRs (their keys would crowd out the ids). */
const NOT_IDS = new Set(['cdrs']);
/** CDR keys per statement reading or inserting `cdr_keys` (sent as one JSON parameter). */
const CDR_KEYS_PER_STATEMENT = 20_000;

/** Every short string in `value` (ids of the rows a mutation will most likely read). */
export function candidateIds(value: unknown, into: Set<string>): Set<string> {
  if (into.size >= MAX_PREFETCH_IDS) return into;
  if (typeof value === 'string') {
    // A string the database cannot take as a parameter (a NUL in it) is no id, and would fail the read.
    if (value.length > 0 && value.length <= MAX_ID_LENGTH && textProblem(value) === undefined) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) candidateIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // An importCdrs cell names its usage row by customer × day × destination, not by id.
    if (typeof record.customerId === 'string' && typeof record.day === 'string' && typeof record.destination === 'string') {
      into.add(usageId(record.customerId, record.day, record.destination));
    }
    for (const [key, item] of Object.entries(record)) if (!NOT_IDS.has(key)) candidateIds(item, into);
  }
  return into;
}

/** Inserts claimed keys, each with the import that claimed it (null: none). */
async function insertCdrKeys(tx: Tx, tenantId: string, claims: ReadonlyMap<string, string | null>): Promise<void> {
  const byImport = new Map<string | null, string[]>();
  for (const [key, importId] of claims) {
    const keys = byImport.get(importId);
    if (keys) keys.push(key);
    else byImport.set(importId, [key]);
  }
  for (const [importId, keys] of byImport) {
    for (let start = 0; start < keys.length; start += CDR_KEYS_PER_STATEMENT) {
      const json = JSON.stringify(keys.slice(start, start + CDR_KEYS_PER_STATEMENT));
      // No ON CONFLICT: a key claimed since it was read (by an ingest that committed meanwhile, see
      // the module comment) must fail the push rather than bill a CDR twice.
      await tx.execute(
        sql`insert into cdr_keys (tenant_id, key, import_id) select ${tenantId}::uuid, k, ${importId}::text from json_array_elements_text(${json}::json) as k`,
      );
    }
  }
}

/** Which of `keys` the tenant's `cdr_keys` already holds, each with the import that claimed it (null: none). */
async function storedCdrKeys(tx: Tx, tenantId: string, keys: readonly string[]): Promise<Map<string, string | null>> {
  const stored = new Map<string, string | null>();
  for (let start = 0; start < keys.length; start += CDR_KEYS_PER_STATEMENT) {
    const json = JSON.stringify(keys.slice(start, start + CDR_KEYS_PER_STATEMENT));
    const rows = resultRows<{ key: string; import_id: string | null }>(
      await tx.execute(
        sql`select key, import_id from cdr_keys where tenant_id = ${tenantId}::uuid and key in (select json_array_elements_text(${json}::json))`,
      ),
    );
    for (const row of rows) stored.set(row.key, row.import_id);
  }
  return stored;
}

/** The writes of a push's applied mutations, in order, until they are flushed at the end. */
export class PushWrites {
  readonly writes = new Map<string, Write & { version: number }>();
  /** CDR keys claimed by the applied mutations, with their import (null: none), inserted into `cdr_keys` at the flush. */
  readonly claimedCdrKeys = new Map<string, string | null>();
  /** Imports whose stored keys the applied mutations released, deleted from `cdr_keys` at the flush. */
  readonly releasedImports = new Set<string>();
  /** Stored state of prefetched rows (null: no live row with that id), valid under the tenant lock. */
  private readonly known = new Map<string, Row | null>();
  /** The tenant's stored invoice numbers by invoice id, read once per push: valid under the tenant lock, as `known`. */
  private storedNumbers: Promise<Map<string, string>> | undefined;

  /**
   * Reads, in one query per table, the rows whose ids appear in the push's arguments, so most of
   * the mutators' `get`s need no round trip. Call only while holding the tenant lock: no one else
   * writes the tenant's rows until commit, so what is read here stays true.
   */
  async prefetch(tx: Tx, tenantId: string, ids: Set<string>): Promise<void> {
    const list = [...ids, 'account'];
    for (const entity of ENTITY_NAMES) {
      const table: SyncTable = entityTables[entity];
      for (let start = 0; start < list.length; start += MAX_PARAMETERS) {
        const chunk = list.slice(start, start + MAX_PARAMETERS);
        const rows = await tx
          .select()
          .from(table)
          .where(and(eq(table.tenantId, tenantId), inArray(table.id, chunk), eq(table.deleted, false)));
        for (const id of chunk) this.known.set(keyOf(entity, id), null);
        for (const row of rows) this.known.set(keyOf(entity, String(row.id)), toEntity(row) as unknown as Row);
      }
    }
  }

  /**
   * The numbers of the tenant's stored invoices (not this push's writes, which are not flushed yet),
   * read at the first call: a push issuing a whole billing run reads them once, not once per issue.
   */
  invoiceNumbers(tx: Tx, tenantId: string): Promise<Map<string, string>> {
    this.storedNumbers ??= tx
      .select({ id: invoiceRows.id, number: invoiceRows.number })
      .from(invoiceRows)
      .where(and(eq(invoiceRows.tenantId, tenantId), isNotNull(invoiceRows.number), eq(invoiceRows.deleted, false)))
      .then((rows) => new Map(rows.flatMap((row) => (row.number === null ? [] : [[row.id, row.number] as const]))));
    return this.storedNumbers;
  }

  stored(key: string): Row | null | undefined {
    return this.known.get(key);
  }

  overlay(key: string): Write | undefined {
    return this.writes.get(key);
  }

  /** Sends every buffered write: released and claimed CDR keys, upserts in multi-row statements, tombstones per version. */
  async flush(tx: Tx, tenantId: string): Promise<void> {
    // Released first: a key of an undone import may be claimed again by a later mutation of the push.
    if (this.releasedImports.size > 0) {
      const json = JSON.stringify([...this.releasedImports]);
      await tx.execute(
        sql`delete from cdr_keys where tenant_id = ${tenantId}::uuid and import_id is not null and import_id in (select json_array_elements_text(${json}::json))`,
      );
    }
    await insertCdrKeys(tx, tenantId, this.claimedCdrKeys);
    for (const entity of ENTITY_NAMES) {
      const table: SyncTable = entityTables[entity];
      const writes = [...this.writes.values()].filter((w) => w.entity === entity);
      const upserts = writes.flatMap((w) => (w.row ? [{ ...w.row, tenantId, version: w.version, deleted: false }] : []));
      const columns = getTableColumns(table);
      const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
      // Every column but the key takes the new value: the mutators always write whole rows.
      const set = Object.fromEntries(
        Object.entries(columns)
          .filter(([key]) => key !== 'tenantId' && key !== 'id')
          .map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
      );
      for (let start = 0; start < upserts.length; start += chunk) {
        await tx
          .insert(table)
          .values(upserts.slice(start, start + chunk) as never)
          .onConflictDoUpdate({ target: [table.tenantId, table.id], set: set as never });
      }
      const deletesByVersion = new Map<number, string[]>();
      for (const w of writes) if (!w.row) deletesByVersion.set(w.version, [...(deletesByVersion.get(w.version) ?? []), w.id]);
      for (const [version, ids] of deletesByVersion) {
        for (let start = 0; start < ids.length; start += MAX_PARAMETERS) {
          await tx
            .update(table)
            .set({ deleted: true, version } as never)
            .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids.slice(start, start + MAX_PARAMETERS)), eq(table.deleted, false)));
        }
      }
    }
  }
}

export class ServerMutationTx implements MutationTx {
  readonly location = 'server' as const;
  private readonly own = new Map<string, Write>();
  private readonly ownCdrKeys = new Map<string, string | null>();
  private readonly ownReleases = new Set<string>();
  /** Other devices' changes this mutation undid (lib/overridden-changes): push records them for those devices' pulls. */
  readonly overridden: OverriddenChange[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly tenantId: string,
    private readonly push: PushWrites,
  ) {}

  /** Adds this mutation's writes to the push, stamped with its tenant version. */
  commit(version: number): void {
    for (const [key, write] of this.own) {
      this.push.writes.delete(key);
      this.push.writes.set(key, { ...write, version });
    }
    for (const importId of this.ownReleases) {
      // Claimed earlier in this push (not yet stored): those claims are dropped instead.
      for (const [key, claimedBy] of this.push.claimedCdrKeys) if (claimedBy === importId) this.push.claimedCdrKeys.delete(key);
      this.push.releasedImports.add(importId);
    }
    for (const [key, importId] of this.ownCdrKeys) this.push.claimedCdrKeys.set(key, importId);
  }

  private overlay(key: string): Write | undefined {
    return this.own.get(key) ?? this.push.overlay(key);
  }

  async get<E extends EntityName>(entity: E, id: string): Promise<Entities[E] | undefined> {
    const key = keyOf(entity, id);
    const buffered = this.overlay(key);
    if (buffered) return (buffered.row ?? undefined) as Entities[E] | undefined;
    const prefetched = this.push.stored(key);
    if (prefetched !== undefined) return (prefetched ?? undefined) as Entities[E] | undefined;
    const table: SyncTable = entityTables[entity];
    const [row] = await this.tx
      .select()
      .from(table)
      .where(and(eq(table.tenantId, this.tenantId), eq(table.id, id), eq(table.deleted, false)));
    return row ? toEntity<E>(row) : undefined;
  }

  async put<E extends EntityName>(entity: E, row: Entities[E]): Promise<void> {
    // A mutator must never store what lib/entities would refuse; a column overflow would otherwise
    // be an infrastructure error that blocks the device's outbox for good.
    const parsed = entitySchemas[entity].safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MutationError(rowProblem(entity, issue, row), argumentDetail(`${entity} ${row.id}`, issue));
    }
    this.own.set(keyOf(entity, row.id), { entity, id: row.id, row: parsed.data as Row });
  }

  async delete(entity: EntityName, id: string): Promise<void> {
    this.own.set(keyOf(entity, id), { entity, id, row: null });
  }

  async restoreDeleted<E extends EntityName, C extends EntityName>(
    entity: E,
    id: string,
    children?: { entity: C; field: IndexedFields[C] },
  ): Promise<Entities[E] | undefined> {
    // Written by this push (deleted by this device's own change, say): nothing another device deleted.
    if (this.overlay(keyOf(entity, id))) return undefined;
    const table: SyncTable = entityTables[entity];
    const [tombstone] = await this.tx
      .select()
      .from(table)
      .where(and(eq(table.tenantId, this.tenantId), eq(table.id, id), eq(table.deleted, true)));
    if (!tombstone) return undefined;
    const row = toEntity<E>(tombstone);
    await this.put(entity, row);
    if (children) {
      // Deleted by the same change: tombstoned at the same tenant version (one mutation, one version).
      const childTable: SyncTable = entityTables[children.entity];
      const column = (childTable as unknown as Record<string, Parameters<typeof eq>[0]>)[children.field as string];
      if (!column) throw new Error(`${children.entity} has no column ${String(children.field)}`);
      const deletedWith = await this.tx
        .select()
        .from(childTable)
        .where(and(eq(childTable.tenantId, this.tenantId), eq(column, id), eq(childTable.deleted, true), eq(childTable.version, tombstone.version)));
      const buffered = this.bufferedWrites(children.entity);
      for (const child of deletedWith) if (!buffered.has(String(child.id))) await this.put(children.entity, toEntity<C>(child));
    }
    return row;
  }

  overrode(change: OverriddenChange): void {
    this.overridden.push(change);
  }

  async claimCdrKeys(keys: readonly string[], importId?: string): Promise<boolean[]> {
    const stored = await storedCdrKeys(this.tx, this.tenantId, keys);
    // A stored key of an import released in this push is deleted at its flush: it is free again.
    const held = (key: string) => {
      if (!stored.has(key)) return false;
      const claimedBy = stored.get(key);
      return claimedBy === null || claimedBy === undefined || !(this.push.releasedImports.has(claimedBy) || this.ownReleases.has(claimedBy));
    };
    return keys.map((key) => {
      if (held(key) || this.push.claimedCdrKeys.has(key) || this.ownCdrKeys.has(key)) return false;
      this.ownCdrKeys.set(key, importId ?? null);
      return true;
    });
  }

  async releaseCdrKeys(importId: string): Promise<void> {
    this.ownReleases.add(importId);
  }

  /** The stored rows' filter for `list` and `exists`: the tenant's live rows whose `field` is `value`. */
  private matching(entity: EntityName, field: string, value: string): SQL | undefined {
    const table: SyncTable = entityTables[entity];
    const column = (table as unknown as Record<string, Parameters<typeof eq>[0]>)[field];
    if (!column) throw new Error(`${entity} has no column ${field}`);
    // Usage has no index by customer (drizzle/0006), but its ids start with the customer's id
    // (usageId, which putUsage enforces) and compare as bytes (drizzle/0007): one range of the
    // primary key holds a customer's rows, and ':' + 1 is ';'.
    const idRange =
      entity === 'usage' && field === 'customerId' ? sql`${table.id} >= ${`${value}:`} and ${table.id} < ${`${value};`}` : undefined;
    return and(eq(table.tenantId, this.tenantId), idRange, eq(column, value), eq(table.deleted, false));
  }

  /** The push's and this mutation's buffered writes to `entity`, the latest per id (they win over stored rows). */
  private bufferedWrites(entity: EntityName): Map<string, Row | null> {
    const latest = new Map<string, Row | null>();
    const prefix = `${entity}/`;
    for (const source of [this.push.writes, this.own]) {
      for (const [key, write] of source) if (key.startsWith(prefix)) latest.set(write.id, write.row);
    }
    return latest;
  }

  async list<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<Entities[E][]> {
    const table: SyncTable = entityTables[entity];
    const stored = await this.tx
      .select()
      .from(table)
      .where(this.matching(entity, field as string, value));
    const rows = new Map<string, Row>(stored.map((row) => [String(row.id), toEntity(row) as unknown as Row]));
    // A buffered row may have been added, changed away or deleted.
    for (const [id, row] of this.bufferedWrites(entity)) {
      if (row && row[field as string] === value) rows.set(id, row);
      else rows.delete(id);
    }
    return [...rows.values()].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1)) as unknown as Entities[E][];
  }

  async usageOfDays(customerId: string, first: string, last: string): Promise<Entities['usage'][]> {
    const table = usageRows;
    const inDays = (row: Row) => row.customerId === customerId && typeof row.day === 'string' && first <= row.day && row.day <= last;
    // Its rows of those days are one range of the primary key (see `matching`): from the first day's up to the day after the last's.
    const stored = await this.tx
      .select()
      .from(table)
      .where(
        and(
          eq(table.tenantId, this.tenantId),
          sql`${table.id} >= ${`${customerId}:${first}:`} and ${table.id} < ${`${customerId}:${last};`}`,
          eq(table.customerId, customerId),
          eq(table.deleted, false),
        ),
      );
    const rows = new Map<string, Row>();
    for (const row of stored) {
      const entity = toEntity(row) as unknown as Row;
      if (inDays(entity)) rows.set(String(row.id), entity);
    }
    for (const [id, row] of this.bufferedWrites('usage')) {
      if (row && inDays(row)) rows.set(id, row);
      else rows.delete(id);
    }
    return [...rows.values()] as unknown as Entities['usage'][];
  }

  async invoiceNumbers(): Promise<string[]> {
    const numbers = new Map(await this.push.invoiceNumbers(this.tx, this.tenantId));
    // A buffered row may have been added, renumbered or deleted.
    for (const [id, row] of this.bufferedWrites('invoices')) {
      if (row && typeof row.number === 'string') numbers.set(id, row.number);
      else numbers.delete(id);
    }
    return [...numbers.values()];
  }

  async count(entity: EntityName): Promise<number> {
    const buffered = this.bufferedWrites(entity);
    const table: SyncTable = entityTables[entity];
    // Stored rows the push has written count as they are buffered (added, changed or deleted since).
    // Their ids go as one JSON parameter: a push may have written thousands.
    const writtenIds = buffered.size === 0 ? undefined : sql`${table.id} not in (select json_array_elements_text(${JSON.stringify([...buffered.keys()])}::json))`;
    const [stored] = await this.tx
      .select({ n: sql<string | number>`count(*)` })
      .from(table)
      .where(and(eq(table.tenantId, this.tenantId), eq(table.deleted, false), writtenIds));
    return Number(stored?.n ?? 0) + [...buffered.values()].filter((row) => row !== null).length;
  }

  async exists<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<boolean> {
    const buffered = this.bufferedWrites(entity);
    for (const row of buffered.values()) if (row && row[field as string] === value) return true;
    // Every buffered id could be a stored match that was changed away: one more row than those settles it.
    const table: SyncTable = entityTables[entity];
    const stored = await this.tx
      .select({ id: table.id })
      .from(table)
      .where(this.matching(entity, field as string, value))
      .limit(buffered.size + 1);
    return stored.some((row) => !buffered.has(String(row.id)));
  }
}
