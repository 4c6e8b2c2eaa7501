/**
 * The one way the UI writes: a named mutation runs on Dexie and joins the outbox in one
 * transaction, so a change is either fully recorded for sync or not made at all.
 */
import { ENTITY_NAMES } from '@/lib/entities';
import { MutationError, runMutation, type MutatorArgs, type MutatorName } from '@/lib/mutators';
import { localDb, type TollbookDb } from './db';
import { LocalMutationTx } from './local-tx';

const LAST_MUTATION_ID = 'lastMutationId';
const listeners = new Set<() => void>();

/** Called after every committed local write (the syncer listens to push soon). */
export function onLocalWrite(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function writeTables(db: TollbookDb) {
  return [...ENTITY_NAMES.map((e) => db.table(e)), db.outbox, db.shadows, db.meta];
}

export async function mutate<N extends MutatorName>(name: N, args: MutatorArgs<N>, db: TollbookDb = localDb()): Promise<void> {
  await db.transaction('rw', writeTables(db), async () => {
    await runMutation(new LocalMutationTx(db), name, args);
    const last = ((await db.meta.get(LAST_MUTATION_ID))?.value as number | undefined) ?? 0;
    const id = last + 1;
    await db.meta.put({ key: LAST_MUTATION_ID, value: id });
    // Arguments are stored as plain JSON: what the server will receive, byte for byte.
    await db.outbox.add({ id, name, args: JSON.parse(JSON.stringify(args)) as unknown, createdAt: Date.now() });
  });
  for (const listener of listeners) listener();
}

/** The message to show for a failed write: business refusals verbatim, faults generically. */
export function writeErrorMessage(error: unknown): string {
  if (error instanceof MutationError) return error.message;
  if (error instanceof Error && error.name === 'QuotaExceededError') {
    return 'This device is out of storage space: nothing was saved. Free some space and try again.';
  }
  return `Could not save: ${error instanceof Error ? error.message : String(error)}`;
}
