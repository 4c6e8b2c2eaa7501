/**
 * `MutationTx` over the device's Dexie database, used inside one Dexie transaction.
 *
 * Writes are buffered, as on the server (server/sync/server-tx.ts): a mutation's puts and deletes
 * go to its own overlay, which joins the transaction's when the mutation succeeds and is dropped
 * when it throws, so a refused mutation never leaves half its effects (a replay after a pull
 * carries on past one). Reads see the database under both overlays. `flush` then writes it all in
 * bulk: first, for every row touched, its server version into `shadows` unless a pending mutation
 * shadowed it already (so a pull can restore server state and replay), then the rows, one bulk
 * call per table. A 5,000-row usage batch is four bulk requests, not 20,000 awaited ones.
 */
import { Dexie } from 'dexie';
import type { RecordLabel } from '@/lib/change-labels';
import type { Entities, EntityName, Invoice, Usage } from '@/lib/entities';
import { runMutation, type IndexedFields, type MutationTx } from '@/lib/mutators';
import { entityTable, type TollbookDb } from './db';
import { isLabelled, recordLabel, type LabelLookup, type SeenRow } from './record-labels';

export function shadowKey(entity: EntityName, id: string): string {
  return `${entity}/${id}`;
}

interface Write {
  entity: EntityName;
  id: string;
  /** Null: deleted. */
  row: { id: string } | null;
}

type Overlay = Map<string, Write>;

/**
 * An answer from the overlay, as a Dexie promise. Dexie keeps its transaction across native awaits
 * for only about a hundred in a row (ZONE_ECHO_LIMIT) before the next Dexie call; a mutation
 * writing 2,000 lines awaits that many overlay writes, after which Dexie would run the flush
 * outside the transaction. Awaiting Dexie promises keeps it.
 */
function answer<T>(value: T): Promise<T> {
  return Dexie.Promise.resolve(value) as unknown as Promise<T>;
}

export class LocalMutationTx implements MutationTx {
  readonly location = 'client' as const;
  /** Writes of the mutations that succeeded so far, by shadow key. */
  private readonly applied: Overlay = new Map();
  /** Writes of the mutation running now. */
  private running: Overlay = new Map();
  /** Rows of the last mutation run that the user knows by name, as it first saw them, by shadow key. */
  private seen = new Map<string, SeenRow>();

  constructor(private readonly db: TollbookDb) {}

  /** Runs one mutation: its writes join this transaction's if it succeeds, and vanish if it throws. */
  async run(name: string, args: unknown): Promise<void> {
    this.running = new Map();
    this.seen = new Map();
    try {
      await runMutation(this, name, args);
      for (const [key, write] of this.running) this.applied.set(key, write);
    } finally {
      this.running = new Map();
    }
  }

  get<E extends EntityName>(entity: E, id: string): Promise<Entities[E] | undefined> {
    const key = shadowKey(entity, id);
    const write = this.running.get(key) ?? this.applied.get(key);
    if (write) return answer(this.see(entity, (write.row ?? undefined) as Entities[E] | undefined));
    const stored = entityTable(this.db, entity).get(id) as Promise<Entities[E] | undefined>;
    return isLabelled(entity) ? stored.then((row) => this.see(entity, row)) : stored;
  }

  put<E extends EntityName>(entity: E, row: Entities[E]): Promise<void> {
    this.see(entity, row);
    this.running.set(shadowKey(entity, row.id), { entity, id: row.id, row });
    return answer(undefined);
  }

  private see<E extends EntityName>(entity: E, row: Entities[E] | undefined): Entities[E] | undefined {
    if (row && isLabelled(entity)) {
      const key = shadowKey(entity, row.id);
      if (!this.seen.has(key)) this.seen.set(key, { entity, row } as SeenRow);
    }
    return row;
  }

  /**
   * How the user knows the records the last mutation read or wrote, by id, as it first saw them: a
   * refusal of it (now, or by the server later) names them so (record-labels.ts).
   */
  async labels(): Promise<Record<string, RecordLabel>> {
    const rows = [...this.seen.values()];
    const lookup: LabelLookup = {
      customer: (id) => this.get('customers', id),
      package: (id) => this.get('packages', id),
      invoicesOf: (customerId) => this.list('invoices', 'customerId', customerId),
    };
    const labels: Record<string, RecordLabel> = {};
    for (const seen of rows) {
      const label = await recordLabel(seen, lookup);
      if (label !== undefined) labels[seen.row.id] = label;
    }
    return labels;
  }

  delete(entity: EntityName, id: string): Promise<void> {
    this.running.set(shadowKey(entity, id), { entity, id, row: null });
    return answer(undefined);
  }

  async list<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<Entities[E][]> {
    const stored = (await entityTable(this.db, entity).where(field as string).equals(value).toArray()) as Entities[E][];
    if (this.running.size === 0 && this.applied.size === 0) return stored;
    const byId = new Map<string, Entities[E]>(stored.map((row) => [row.id, row]));
    for (const overlay of [this.applied, this.running]) {
      for (const write of overlay.values()) {
        if (write.entity !== entity) continue;
        if (write.row && (write.row as Record<string, unknown>)[field as string] === value) byId.set(write.id, write.row as Entities[E]);
        else byId.delete(write.id);
      }
    }
    // In primary key order, as an index lookup returns them.
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async exists<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<boolean> {
    // The overlays' latest write per id wins over the stored row.
    const buffered = new Map<string, Write>();
    for (const overlay of [this.applied, this.running]) {
      for (const write of overlay.values()) if (write.entity === entity) buffered.set(write.id, write);
    }
    for (const write of buffered.values()) {
      if (write.row && (write.row as Record<string, unknown>)[field as string] === value) return true;
    }
    // Every buffered id could be a stored match that was changed away: one more key than those settles it.
    const stored = await entityTable(this.db, entity)
      .where(field as string)
      .equals(value)
      .limit(buffered.size + 1)
      .primaryKeys();
    return stored.some((id) => !buffered.has(String(id)));
  }

  async count(entity: EntityName): Promise<number> {
    const table = entityTable(this.db, entity);
    // The overlays' latest write per id wins over the stored row.
    const buffered = new Map<string, Write>();
    for (const overlay of [this.applied, this.running]) {
      for (const write of overlay.values()) if (write.entity === entity) buffered.set(write.id, write);
    }
    if (buffered.size === 0) return table.count();
    const ids = [...buffered.keys()];
    const stored = (await table.bulkGet(ids)).filter((row) => row !== undefined).length;
    const live = [...buffered.values()].filter((write) => write.row !== null).length;
    return (await table.count()) - stored + live;
  }

  async usageOfDays(customerId: string, first: string, last: string): Promise<Usage[]> {
    const stored = await this.db.usage.where('[customerId+day]').between([customerId, first], [customerId, last], true, true).toArray();
    if (this.running.size === 0 && this.applied.size === 0) return stored;
    const byId = new Map<string, Usage>(stored.map((row) => [row.id, row]));
    for (const overlay of [this.applied, this.running]) {
      for (const write of overlay.values()) {
        if (write.entity !== 'usage') continue;
        const row = write.row as Usage | null;
        if (row && row.customerId === customerId && first <= row.day && row.day <= last) byId.set(write.id, row);
        else byId.delete(write.id);
      }
    }
    return [...byId.values()];
  }

  async invoiceNumbers(): Promise<string[]> {
    // Invoices without a number are not in the number index: its keys and ids are the numbered ones.
    const byNumber = this.db.invoices.orderBy('number');
    const [numbers, ids] = [await byNumber.keys(), await byNumber.primaryKeys()];
    const byId = new Map<string, string>(ids.map((id, i) => [String(id), String(numbers[i])]));
    for (const overlay of [this.applied, this.running]) {
      for (const write of overlay.values()) {
        if (write.entity !== 'invoices') continue;
        const number = (write.row as Invoice | null)?.number;
        if (typeof number === 'string') byId.set(write.id, number);
        else byId.delete(write.id);
      }
    }
    return [...byId.values()];
  }

  /** Every key: the import left out what this device imported before (its ledger); the server decides. */
  claimCdrKeys(keys: readonly string[]): Promise<boolean[]> {
    return answer(keys.map(() => true));
  }

  /** Nothing: the device keeps no claims; the Usage screen forgets the import's keys in its ledger (app/usage/ledger.ts). */
  releaseCdrKeys(): Promise<void> {
    return answer(undefined);
  }

  /** Nothing: the device keeps no deleted rows (a change runs here against the rows it was made on); the server restores them. */
  restoreDeleted<E extends EntityName>(): Promise<Entities[E] | undefined> {
    return answer(undefined);
  }

  /** Nothing: the device knows no other device's changes; the server tells the device whose change was undone. */
  overrode(): void {}

  /** Writes the applied mutations' rows, after the shadows of the rows they change first. */
  async flush(): Promise<void> {
    const writes = [...this.applied.values()];
    this.applied.clear();
    if (writes.length === 0) return;
    const keys = writes.map((w) => shadowKey(w.entity, w.id));
    const shadowed = await this.db.shadows.bulkGet(keys);
    const unshadowed = new Map<EntityName, Write[]>();
    writes.forEach((write, i) => {
      if (!shadowed[i]) append(unshadowed, write.entity, write);
    });
    for (const [entity, list] of unshadowed) {
      const stored = await entityTable(this.db, entity).bulkGet(list.map((w) => w.id));
      await this.db.shadows.bulkPut(list.map((w, i) => ({ key: shadowKey(entity, w.id), entity, id: w.id, row: stored[i] ?? null })));
    }
    const puts = new Map<EntityName, unknown[]>();
    const deletes = new Map<EntityName, string[]>();
    for (const write of writes) {
      if (write.row) append(puts, write.entity, write.row);
      else append(deletes, write.entity, write.id);
    }
    for (const [entity, ids] of deletes) await entityTable(this.db, entity).bulkDelete(ids);
    for (const [entity, rows] of puts) await entityTable(this.db, entity).bulkPut(rows);
  }
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
