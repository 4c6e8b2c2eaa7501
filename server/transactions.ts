/**
 * Transactions on either database. PGlite has one connection, so its transactions run one at a
 * time through a promise queue (PGlite also queues internally; the queue makes it explicit and keeps
 * a transaction's JavaScript from interleaving with another's). Never open a transaction inside one.
 */
import type { Database, Db } from './db';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

const queues = new WeakMap<Database, Promise<unknown>>();

export async function runTransaction<T>(
  database: Database,
  fn: (tx: Tx) => Promise<T>,
  isolationLevel: IsolationLevel = 'read committed',
): Promise<T> {
  const run = () => database.db.transaction(fn, { isolationLevel });
  if (database.kind !== 'pglite') return run();
  const previous = queues.get(database) ?? Promise.resolve();
  const result = previous.then(run, run);
  // The queue continues whether this transaction commits or fails.
  queues.set(
    database,
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  return result;
}
