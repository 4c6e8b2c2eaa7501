/**
 * Runs in Chromium, bundled by bench/sync-pull-browser.ts: the app's own sync engine, Dexie
 * database and tRPC client, exposed to the benchmark as `globalThis.syncBench`.
 */
import { ENTITY_NAMES, type EntityName } from '@/lib/entities';
import { PROTOCOL_VERSION, type PullResponse } from '@/lib/protocol';
import { api } from '@/app/_local/api';
import { createDb, entityTable } from '@/app/_local/db';
import { SyncEngine } from '@/app/_local/sync-engine';

export interface RunTiming {
  ms: number;
  rows: number;
}

/** The rows the server sends a first sync, as they arrive (for the raw IndexedDB baseline). */
let serverRows: { entity: EntityName; row: Record<string, unknown> }[] = [];

async function rowCount(name: string): Promise<number> {
  const db = createDb(name);
  let rows = 0;
  for (const entity of ENTITY_NAMES) rows += await entityTable(db, entity).count();
  db.close();
  return rows;
}

const syncBench = {
  async signIn(email: string, password: string): Promise<void> {
    await api.auth.signIn.mutate({ email, password });
  },

  /** A fresh device (new database, new client id) syncs from empty until caught up. */
  async initialSync(name: string, clientId: string): Promise<RunTiming> {
    const db = createDb(name);
    await db.open();
    const engine = new SyncEngine(db, clientId, {
      push: (request) => api.sync.push.mutate(request),
      pull: (request) => api.sync.pull.query(request),
    });
    const start = performance.now();
    await engine.pull();
    const ms = performance.now() - start;
    db.close();
    return { ms, rows: await rowCount(name) };
  },

  /** Fetches every page of a first sync into memory (the time is the server's and the network's share). */
  async loadServerRows(clientId: string): Promise<RunTiming> {
    serverRows = [];
    const start = performance.now();
    let page: PullResponse | undefined;
    do {
      page = await api.sync.pull.query({
        protocolVersion: PROTOCOL_VERSION,
        clientId,
        cursor: page?.cursor ?? 0,
        ...(page ? { snapshot: page.snapshot } : {}),
      });
      for (const change of page.changes) if (change.row) serverRows.push({ entity: change.entity, row: change.row });
    } while (page.more);
    return { ms: performance.now() - start, rows: serverRows.length };
  },

  /**
   * The floor: the same rows put into a database with the same stores and indexes (created by
   * Dexie, untimed), with bare IndexedDB calls in one transaction.
   */
  async rawPut(name: string): Promise<RunTiming> {
    const schema = createDb(name);
    await schema.open();
    schema.close();
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const start = performance.now();
    const tx = idb.transaction([...ENTITY_NAMES], 'readwrite');
    for (const { entity, row } of serverRows) tx.objectStore(entity).put(row);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const ms = performance.now() - start;
    idb.close();
    return { ms, rows: await rowCount(name) };
  },

  async drop(name: string): Promise<void> {
    await createDb(name).delete();
  },
};

(globalThis as { syncBench?: typeof syncBench }).syncBench = syncBench;
export type SyncBench = typeof syncBench;
