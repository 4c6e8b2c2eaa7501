/**
 * The authoritative `MutationTx`: the lib/ mutators run against Postgres through it, inside the
 * push transaction. It reads and writes only its tenant's rows, stamps every write with the
 * mutation's tenant version, and turns deletes into tombstones.
 */
import { and, eq } from 'drizzle-orm';
import { entitySchemas, type Entities, type EntityName } from '../../lib/entities';
import { MutationError, type IndexedFields, type MutationTx } from '../../lib/mutators';
import type { Tx } from '../transactions';
import { entityTables, toEntity, type SyncTable } from './entity-tables';

export class ServerMutationTx implements MutationTx {
  readonly location = 'server' as const;

  constructor(
    private readonly tx: Tx,
    private readonly tenantId: string,
    /** The tenant version of this mutation, already bumped under the tenant row lock. */
    private readonly version: number,
  ) {}

  async get<E extends EntityName>(entity: E, id: string): Promise<Entities[E] | undefined> {
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
      throw new MutationError(`${entity} ${row.id}: ${issue?.path.join('.') || 'row'} ${issue?.message ?? 'is invalid'}`);
    }
    const table: SyncTable = entityTables[entity];
    const values = { ...parsed.data, tenantId: this.tenantId, version: this.version, deleted: false };
    await this.tx
      .insert(table)
      .values(values as never)
      .onConflictDoUpdate({ target: [table.tenantId, table.id], set: values as never });
  }

  async delete(entity: EntityName, id: string): Promise<void> {
    const table: SyncTable = entityTables[entity];
    await this.tx
      .update(table)
      .set({ deleted: true, version: this.version } as never)
      .where(and(eq(table.tenantId, this.tenantId), eq(table.id, id), eq(table.deleted, false)));
  }

  async list<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<Entities[E][]> {
    const table: SyncTable = entityTables[entity];
    const column = (table as unknown as Record<string, SyncColumnLike>)[field as string];
    if (!column) throw new Error(`${entity} has no column ${String(field)}`);
    const rows = await this.tx
      .select()
      .from(table)
      .where(and(eq(table.tenantId, this.tenantId), eq(column, value), eq(table.deleted, false)))
      .orderBy(table.id);
    return rows.map((row) => toEntity<E>(row));
  }
}

type SyncColumnLike = Parameters<typeof eq>[0];
