/**
 * `MutationTx` over the device's Dexie database. Before a pending mutation first touches a row it
 * saves the row's server version in `shadows`, so a pull can restore server state and replay.
 */
import type { Entities, EntityName } from '@/lib/entities';
import type { IndexedFields, MutationTx } from '@/lib/mutators';
import { entityTable, type TollbookDb } from './db';

export function shadowKey(entity: EntityName, id: string): string {
  return `${entity}/${id}`;
}

export class LocalMutationTx implements MutationTx {
  readonly location = 'client' as const;
  /** Rows already shadowed in this transaction (skips a read per write). */
  private readonly shadowed = new Set<string>();

  constructor(
    private readonly db: TollbookDb,
    /** False while replaying after a pull: shadows were rebuilt from the pulled state already. */
    private readonly recordShadows = true,
  ) {}

  async get<E extends EntityName>(entity: E, id: string): Promise<Entities[E] | undefined> {
    return (await entityTable(this.db, entity).get(id)) as Entities[E] | undefined;
  }

  async put<E extends EntityName>(entity: E, row: Entities[E]): Promise<void> {
    await this.shadow(entity, row.id);
    await entityTable(this.db, entity).put(row);
  }

  async delete(entity: EntityName, id: string): Promise<void> {
    await this.shadow(entity, id);
    await entityTable(this.db, entity).delete(id);
  }

  async list<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<Entities[E][]> {
    return (await entityTable(this.db, entity).where(field as string).equals(value).toArray()) as Entities[E][];
  }

  /** Every key: the import left out what this device imported before (its ledger); the server decides. */
  async claimCdrKeys(keys: readonly string[]): Promise<boolean[]> {
    return keys.map(() => true);
  }

  private async shadow(entity: EntityName, id: string): Promise<void> {
    if (!this.recordShadows) return;
    const key = shadowKey(entity, id);
    if (this.shadowed.has(key)) return;
    this.shadowed.add(key);
    if (await this.db.shadows.get(key)) return;
    const row = (await entityTable(this.db, entity).get(id)) ?? null;
    await this.db.shadows.put({ key, entity, id, row });
  }
}
