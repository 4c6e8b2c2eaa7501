/**
 * The one way the UI writes: a named mutation runs on Dexie and joins the outbox in one
 * transaction, so a change is either fully recorded for sync or not made at all.
 */
import Dexie from 'dexie';
import { ENTITY_NAMES } from '@/lib/entities';
import { MutationError, type MutatorArgs, type MutatorName } from '@/lib/mutators';
import { localDb, type TollbookDb } from './db';
import { LocalMutationTx } from './local-tx';
import { nameRecords, refusalText } from './record-labels';

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

/**
 * A change the device's mutator refused: its message says which change it was, then why
 * (record-labels refusalText); `reason` is the mutator's own, for a screen that names the change
 * itself (a customer import's list of refused rows).
 */
export class RefusedChange extends MutationError {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

export async function mutate<N extends MutatorName>(name: N, args: MutatorArgs<N>, db: TollbookDb = localDb()): Promise<void> {
  await db.transaction('rw', writeTables(db), async () => {
    const tx = new LocalMutationTx(db);
    try {
      await tx.run(name, args);
    } catch (error) {
      // Refused: the message says which change it was, as the sync's refusals do.
      if (!(error instanceof MutationError)) throw error;
      // The developer's version (arguments the schema refused, by field path) goes to the console.
      if (error.detail) console.warn(`Tollbook refused ${name}: ${error.detail}`);
      const labels = await tx.labels();
      throw new RefusedChange(refusalText(name, args, labels, error.message), nameRecords(error.message, labels));
    }
    const labels = await tx.labels();
    await tx.flush();
    const last = ((await db.meta.get(LAST_MUTATION_ID))?.value as number | undefined) ?? 0;
    const id = last + 1;
    await db.meta.put({ key: LAST_MUTATION_ID, value: id });
    // Arguments are stored as plain JSON: what the server will receive, byte for byte.
    await db.outbox.add({ id, name, args: JSON.parse(JSON.stringify(args)) as unknown, labels, createdAt: Date.now() });
  });
  // Outside any transaction: a mutation nested in a larger one (an import writes all its mutations
  // in one) would otherwise lend it to the listeners, and the sync round a listener starts would
  // run its reads inside the import's transaction and its writes after that had committed.
  Dexie.ignoreTransaction(() => {
    for (const listener of listeners) listener();
  });
}

/**
 * What the device would say to each of these mutations run in order, without saving anything:
 * null where it would apply, the refusal's message where it would not (as mutate() would throw).
 * Later mutations see the earlier ones' effects. The server may still decide otherwise: this is a
 * preview, as of the device's data now.
 */
export async function predictRefusals(
  mutations: readonly { name: MutatorName; args: unknown }[],
  db: TollbookDb = localDb(),
): Promise<(string | null)[]> {
  return db.transaction('r', ENTITY_NAMES.map((e) => db.table(e)), async () => {
    // Writes stay in the overlay: without flush() nothing reaches the tables (a read-only transaction).
    const tx = new LocalMutationTx(db);
    const verdicts: (string | null)[] = [];
    for (const { name, args } of mutations) {
      try {
        await tx.run(name, args);
        verdicts.push(null);
      } catch (error) {
        if (!(error instanceof MutationError)) throw error;
        verdicts.push(error.message);
      }
    }
    return verdicts;
  });
}

/** True for the error IndexedDB (or Dexie wrapping it) reports when the device is out of space. */
export function isQuotaExceeded(error: unknown): boolean {
  for (let e = error; e && typeof e === 'object'; ) {
    const { name, inner, cause } = e as { name?: string; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError') return true;
    e = inner ?? cause;
  }
  return false;
}

export const QUOTA_EXCEEDED_MESSAGE =
  'This device is out of storage space, so your last change was not saved. Everything saved before it, including changes waiting to sync, is safe. Free some space on the device and try again.';

/** As writeErrorMessage, but a refusal by its reason alone: where the screen says which change it was. */
export function refusalReason(error: unknown): string {
  return error instanceof RefusedChange ? error.reason : writeErrorMessage(error);
}

/** The message to show for a failed write: business refusals verbatim (mutate() names the change), faults generically. */
export function writeErrorMessage(error: unknown): string {
  if (error instanceof MutationError) return error.message;
  if (isQuotaExceeded(error)) return QUOTA_EXCEEDED_MESSAGE;
  return `Could not save: ${error instanceof Error ? error.message : String(error)}`;
}
