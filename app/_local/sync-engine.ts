/**
 * The device side of sync, free of browser globals so tests drive it with fake-indexeddb and the
 * real server. push sends the outbox in order, in batches bounded by count and bytes; pull applies
 * server rows and, on the pull's last page, rebases the outbox: restore server pre-images, apply the
 * page (in bulk per table), drop acknowledged mutations, replay the pending ones. Each page is one
 * Dexie transaction with the cursor, written while the next page is already on its way.
 */
import { ENTITY_NAMES, type EntityName } from '@/lib/entities';
import { MutationError } from '@/lib/mutators';
import {
  MUTATION_BYTES_MAX,
  PROTOCOL_VERSION,
  PUSH_BATCH_BYTES,
  PUSH_BATCH_MAX,
  type Mutation,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RowChange,
} from '@/lib/protocol';
import { entityTable, noticeKey, type OutboxEntry, type TollbookDb } from './db';
import { LocalMutationTx, shadowKey } from './local-tx';
import { changeName, type RecordLabel, type RecordLabels } from '@/lib/change-labels';
import { LABELLED_ENTITIES, labelsNow, nameRecords, refusalText, type LabelLookup, type SeenRow } from './record-labels';
import { changesAtRisk, madeThis, type ChangeAtRisk, type OverriddenChange } from '@/lib/overridden-changes';
import { creditNoticePayment, dropSettledCreditNotices } from './credit-notices';
import { rememberCreditApplication, tellUndoneCreditApplications } from './credit-applications';
import { writeTables } from './mutate';
import { forgetRefusedImport } from '../usage/ledger';

/**
 * What a refused mutation leaves behind on the device outside its synced effects (which the next
 * pull undoes): an import's CDRs in the device ledger.
 */
async function forgetDeviceRecords(db: TollbookDb, name: string, args: unknown): Promise<void> {
  if (name === 'importCdrs') await forgetRefusedImport(db, args);
}

/**
 * What of this device's changes the server applied a later change of another device may undo
 * (lib/overridden-changes changesAtRisk), the latest CHANGES_AT_RISK_MAX: a pull that says one was
 * undone is told to the user. Kept past the outbox, which drops a change once the server has it.
 */
const CHANGES_AT_RISK = 'changesAtRisk';
const CHANGES_AT_RISK_MAX = 500;

async function rememberChangesAtRisk(db: TollbookDb, changes: readonly ChangeAtRisk[]): Promise<void> {
  if (changes.length === 0) return;
  const remembered = (await metaValue<ChangeAtRisk[]>(db, CHANGES_AT_RISK)) ?? [];
  await db.meta.put({ key: CHANGES_AT_RISK, value: [...remembered, ...changes].slice(-CHANGES_AT_RISK_MAX) });
}

/** How the engine reaches the server (tRPC in the app; the server's caller in tests). */
export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
}

const CURSOR = 'cursor';
/** The syncer's status (syncer.ts writes it; a pull that starts over clears its lastSyncedAt). */
export const SYNC_STATUS = 'syncStatus';
const PULL_SNAPSHOT = 'pullSnapshot';
const PULL_PROGRESS = 'pullProgress';
/** The last mutation id this device has given out (app/_local/mutate.ts numbers from it). */
const LAST_MUTATION_ID = 'lastMutationId';

export interface PullProgress {
  applied: number;
  total: number;
}

export async function metaValue<T>(db: TollbookDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

interface Sized {
  entry: OutboxEntry;
  mutation: Mutation;
  /** Its size in a push body: UTF-8 bytes of its JSON. */
  bytes: number;
}

const utf8 = new TextEncoder();

/**
 * The next push's mutations after id `after`: at most PUSH_BATCH_MAX and PUSH_BATCH_BYTES, and at
 * least one. Read with a cursor that stops at the cap: an outbox of large mutations (CDR imports)
 * is not all read into memory for one batch.
 */
async function nextBatch(db: TollbookDb, after: number): Promise<Sized[]> {
  const batch: Sized[] = [];
  let total = 0;
  await db.outbox
    .where('id')
    .above(after)
    .limit(PUSH_BATCH_MAX)
    .until((entry) => {
      const mutation = { id: entry.id, name: entry.name, args: entry.args };
      const bytes = utf8.encode(JSON.stringify(mutation)).length;
      if (batch.length > 0 && total + bytes > PUSH_BATCH_BYTES) return true;
      batch.push({ entry, mutation, bytes });
      total += bytes;
      return false;
    })
    .toArray();
  return batch;
}

function append<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/**
 * Writes server rows in bulk per table. A page holds each row once (its latest version), as do the
 * shadows, so the order of the changes does not matter.
 */
async function writeChanges(db: TollbookDb, changes: readonly RowChange[]): Promise<void> {
  const puts = new Map<EntityName, unknown[]>();
  const deletes = new Map<EntityName, string[]>();
  for (const change of changes) {
    if (change.row === null) append(deletes, change.entity, change.id);
    else append(puts, change.entity, change.row);
  }
  for (const [entity, ids] of deletes) await entityTable(db, entity).bulkDelete(ids);
  for (const [entity, rows] of puts) await entityTable(db, entity).bulkPut(rows);
}

export class SyncEngine {
  constructor(
    private readonly db: TollbookDb,
    private readonly clientId: string,
    private readonly transport: SyncTransport,
  ) {}

  /**
   * Pushes every pending mutation, in order, in batches of at most PUSH_BATCH_MAX mutations and
   * PUSH_BATCH_BYTES (one mutation at least). Returns how many the server processed. The pushed
   * ones stay in the outbox until the pull that carries their effects drops them.
   */
  async push(): Promise<number> {
    let processed = 0;
    let after = 0;
    for (;;) {
      const batch = await nextBatch(this.db, after);
      const first = batch[0];
      if (!first) return processed;
      if (batch.length === 1 && first.bytes > MUTATION_BYTES_MAX) {
        // The server would refuse every request carrying it: retrying forever would stop all sync.
        await this.refuseTooLarge(first.entry, first.bytes);
        continue;
      }
      const response = await this.transport.push({ protocolVersion: PROTOCOL_VERSION, clientId: this.clientId, mutations: batch.map((b) => b.mutation) });
      // Refused, or applied but for a part the server names (a money field changed elsewhere first).
      const told = response.results.filter((r) => r.status === 'rejected' || (r.status === 'applied' && r.error !== undefined));
      const applied = response.results.filter((r) => r.status === 'applied').flatMap((r) => {
        const entry = batch.find((b) => b.mutation.id === r.id);
        return entry ? changesAtRisk(entry.mutation.name, entry.mutation.args) : [];
      });
      await this.db.transaction('rw', [this.db.rejections, this.db.meta, ...LABELLED_ENTITIES.map((entity) => entityTable(this.db, entity))], async () => {
        await rememberChangesAtRisk(this.db, applied);
        for (const r of told) {
          const entry = batch.find((b) => b.mutation.id === r.id);
          const partial = r.status === 'applied';
          const labels = await this.labelsNow(entry?.entry.labels);
          const error = refusalText(entry?.mutation.name ?? '', entry?.mutation.args, labels, r.error ?? 'Refused by the server', partial);
          const creditOf = creditNoticePayment(entry?.mutation.name ?? '', entry?.mutation.args, error, partial);
          await this.db.rejections.put({ mutationId: r.id, name: entry?.mutation.name ?? '', error, ...(partial ? { partial } : {}), ...(creditOf ? { creditOf } : {}), at: Date.now() });
          if (entry && !partial) await forgetDeviceRecords(this.db, entry.mutation.name, entry.mutation.args);
        }
        // Credit applied as made: the device is told if another device deletes its payment later.
        for (const r of response.results) {
          const entry = batch.find((b) => b.mutation.id === r.id);
          if (r.status === 'applied' && r.error === undefined && entry?.mutation.name === 'applyPaymentCredit') await rememberCreditApplication(this.db, entry.mutation.args);
        }
      });
      processed += response.results.length;
      after = batch[batch.length - 1]!.mutation.id;
      if (response.lastMutationId < after) return processed;
    }
  }

  /** A change's labels as the device can name its records now (record-labels labelsNow): inside a transaction over the labelled tables. */
  private async labelsNow(labels: RecordLabels | undefined): Promise<Record<string, RecordLabel> | undefined> {
    const db = this.db;
    const current = async (id: string): Promise<SeenRow | undefined> => {
      for (const entity of LABELLED_ENTITIES) {
        const row = await entityTable(db, entity).get(id);
        if (row) return { entity, row } as SeenRow;
      }
      return undefined;
    };
    const lookup: LabelLookup = {
      customer: (id) => db.customers.get(id),
      package: (id) => db.packages.get(id),
      invoicesOf: (customerId) => db.invoices.where('customerId').equals(customerId).toArray(),
    };
    return labelsNow(labels, current, lookup);
  }

  /**
   * Takes a mutation too large to push out of the outbox, as a rejection the user sees; its local
   * effect goes with the next pull (which replays only what is still pending). The server has seen
   * neither its id nor any later one (every push carrying it would have been refused), so the later
   * mutations move down one id and the ids stay gapless.
   */
  private async refuseTooLarge(entry: OutboxEntry, bytes: number): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.outbox, db.meta, db.rejections], async () => {
      if (!(await db.outbox.get(entry.id))) return;
      const later = await db.outbox.where('id').above(entry.id).toArray();
      await db.outbox.where('id').aboveOrEqual(entry.id).delete();
      await db.outbox.bulkAdd(later.map((m) => ({ ...m, id: m.id - 1 })));
      const last = (await metaValue<number>(db, LAST_MUTATION_ID)) ?? entry.id;
      await db.meta.put({ key: LAST_MUTATION_ID, value: last - 1 });
      const key = await noticeKey(db);
      const megabytes = (n: number) => (n / 1024 / 1024).toFixed(1);
      await db.rejections.put({
        mutationId: key,
        name: entry.name,
        error: `${changeName(entry.name, entry.args, entry.labels)} is too large to sync: ${megabytes(bytes)} MB, and one change can carry at most ${megabytes(MUTATION_BYTES_MAX)} MB. It was undone on this device; make it in smaller parts.`,
        at: Date.now(),
      });
      await forgetDeviceRecords(db, entry.name, entry.args);
    });
  }

  /** Pulls every page up to the server's current version (resuming an interrupted paged pull). */
  async pull(onProgress?: (p: PullProgress) => void): Promise<void> {
    const cursor = (await metaValue<number>(this.db, CURSOR)) ?? 0;
    const snapshot = await metaValue<number>(this.db, PULL_SNAPSHOT);
    const firstPending = (await this.db.outbox.orderBy('id').first())?.id ?? Number.MAX_SAFE_INTEGER;
    const request: PullRequest = {
      protocolVersion: PROTOCOL_VERSION,
      clientId: this.clientId,
      cursor,
      ...(snapshot !== undefined && snapshot > cursor ? { snapshot } : {}),
      rejectionsFrom: Math.min(firstPending, Number.MAX_SAFE_INTEGER),
    };
    let next = this.transport.pull(request);
    for (;;) {
      const response = await next;
      // Ask for the next page while this one is written: the server and IndexedDB work at once.
      // Its request depends only on this response (rejections already reported are put again, idempotently).
      if (response.more) {
        next = this.transport.pull({ ...request, cursor: response.cursor, snapshot: response.snapshot });
        next.catch(() => {}); // awaited on the next turn; a failed apply abandons it
      }
      await this.apply(response);
      const progress = (await metaValue<PullProgress>(this.db, PULL_PROGRESS)) ?? { applied: 0, total: response.total };
      onProgress?.(progress);
      if (!response.more) return;
    }
  }

  /**
   * Applies one pull page. The page that ends the pull rebases the outbox: restore the shadows,
   * apply the rows, drop the acknowledged mutations and replay the pending ones. A page with more to
   * come skips the rebase (replaying a large outbox per page made a device that had just loaded the
   * demo data take minutes over its own 25,000 usage rows): a row a pending mutation changed keeps
   * its local value and the page's version becomes its shadow; every other row takes the server's.
   * So the screens keep showing the device's own writes while the pages arrive, and the last page's
   * rebase starts from exactly the server state the full rebase would have. Values a pending
   * mutation derived from other rows (an invoice's totals from its lines) may lag until that page.
   */
  private async apply(response: PullResponse): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [...writeTables(db), db.rejections], async () => {
      // Read before the page drops the refused mutations from the outbox.
      const refused = await db.outbox.bulkGet(response.rejections.map((r) => r.mutationId));
      // Before the page deletes them: payments this device applied credit from, deleted on another device.
      await tellUndoneCreditApplications(db, response.changes, response.overridden ?? []);
      if (response.more && !response.reset) await this.applyUnderOutbox(response);
      else await this.applyAndRebase(response);
      for (const [i, r] of response.rejections.entries()) {
        const entry = refused[i];
        // Without its entry, a rejection the push already recorded keeps the names it was given.
        if (!entry && (await db.rejections.get(r.mutationId))) continue;
        const partial = r.partial === true ? { partial: true } : {};
        // Written after this page's rows: an invoice issued on another device has its number now.
        const error = refusalText(r.name, entry?.args, await this.labelsNow(entry?.labels), r.error, r.partial === true);
        const creditOf = creditNoticePayment(r.name, entry?.args, error, r.partial === true);
        await db.rejections.put({ mutationId: r.mutationId, name: r.name, error, ...partial, ...(creditOf ? { creditOf } : {}), at: Date.now() });
      }
      await this.tellOverridden(response.overridden ?? []);
      // The device now holds the server's rows with its pending changes on top.
      if (!response.more) await dropSettledCreditNotices(db);
      // The cursor moves with the rows, atomically.
      // A reset starts the count again: the device fetches everything anew (the progress bar shows it).
      const previous = (!response.reset && (await metaValue<PullProgress>(db, PULL_PROGRESS))) || { applied: 0, total: 0 };
      // Starting over, the device no longer holds the company's data in full until the last page
      // (the syncer stamps lastSyncedAt again then): screens that need all of it, such as Generate
      // Invoice, wait as on a first sync, even if the download is interrupted and resumed later.
      if (response.reset) {
        const status = await metaValue<{ lastSyncedAt?: number }>(db, SYNC_STATUS);
        if (status?.lastSyncedAt !== undefined) await db.meta.put({ key: SYNC_STATUS, value: { ...status, lastSyncedAt: undefined } });
      }
      await db.meta.put({ key: CURSOR, value: response.cursor });
      if (response.more) {
        await db.meta.put({ key: PULL_SNAPSHOT, value: response.snapshot });
        await db.meta.put({ key: PULL_PROGRESS, value: { applied: previous.applied + response.changes.length, total: response.total } });
      } else {
        await db.meta.bulkDelete([PULL_SNAPSHOT, PULL_PROGRESS]);
      }
    });
  }

  /**
   * Shows the user which of this device's changes another device's later change undid (those this
   * device remembers making, `CHANGES_AT_RISK`): each notice once, its records named as they are
   * on the device now. Run inside the page's transaction, after its rows are written.
   */
  private async tellOverridden(overridden: readonly OverriddenChange[]): Promise<void> {
    if (overridden.length === 0) return;
    const db = this.db;
    const remembered = (await metaValue<ChangeAtRisk[]>(db, CHANGES_AT_RISK)) ?? [];
    let told = false;
    for (const change of overridden) {
      const mine = remembered.findIndex((made) => madeThis(made, change));
      if (mine < 0) continue;
      remembered.splice(mine, 1);
      told = true;
      const ids = Object.fromEntries((change.mentions ?? []).map((record) => [record.id, record.id]));
      const error = nameRecords(change.message, await this.labelsNow(ids));
      await db.rejections.put({ mutationId: await noticeKey(db), name: 'overridden', error, overridden: true, at: Date.now() });
    }
    if (told) await db.meta.put({ key: CHANGES_AT_RISK, value: remembered });
  }

  /** The server's rows under the pending mutations' effects: shadowed rows update their shadow. */
  private async applyUnderOutbox(response: PullResponse): Promise<void> {
    const db = this.db;
    // Nothing pending (a fresh device's first sync, say): every row is the server's as it comes.
    const shadowed = (await db.shadows.count()) === 0 ? [] : await db.shadows.bulkGet(response.changes.map((c) => shadowKey(c.entity, c.id)));
    const unshadowed = response.changes.filter((_, i) => !shadowed[i]);
    const newShadows = response.changes
      .filter((_, i) => shadowed[i])
      .map((c) => ({ key: shadowKey(c.entity, c.id), entity: c.entity, id: c.id, row: c.row }));
    await db.shadows.bulkPut(newShadows);
    await writeChanges(db, unshadowed);
    await db.outbox.where('id').belowOrEqual(response.lastMutationId).delete();
  }

  /** Server state (shadows restored, the page applied), then the pending mutations replayed on top. */
  private async applyAndRebase(response: PullResponse): Promise<void> {
    const db = this.db;
    // 1. Put back the server's version of every row the pending mutations touched.
    const shadows = await db.shadows.toArray();
    await writeChanges(db, shadows.map((s) => ({ entity: s.entity, id: s.id, row: s.row as RowChange['row'] })));
    await db.shadows.clear();
    if (response.reset) for (const entity of ENTITY_NAMES) await entityTable(db, entity).clear();
    // 2. The server's rows.
    await writeChanges(db, response.changes);
    // 3. Acknowledged mutations leave (rejections are kept for the user to see).
    await db.outbox.where('id').belowOrEqual(response.lastMutationId).delete();
    // 4. Replay what is still pending on top (recording fresh shadows). One the server will refuse
    //    has no local effect now; it stays queued until the server's verdict arrives.
    const tx = new LocalMutationTx(db);
    for (const pending of await db.outbox.orderBy('id').toArray()) {
      try {
        await tx.run(pending.name, pending.args);
      } catch (error) {
        if (!(error instanceof MutationError)) throw error;
      }
    }
    await tx.flush();
  }

  /** Push then pull: what one sync round does. */
  async sync(onProgress?: (p: PullProgress) => void): Promise<void> {
    await this.push();
    await this.pull(onProgress);
  }
}
