/**
 * The device's sync engine (Dexie on fake-indexeddb) against the real server (tRPC callers on
 * PGlite, and on Postgres when DATABASE_URL is set): paged pulls that race other devices' writes.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_NAMES, type Customer } from '@/lib/entities';
import type { PullRequest, PullResponse } from '@/lib/protocol';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { PRUNE_INTERVAL_MS, pruneTombstones } from '@/server/sync/prune';
import { signUpOwner, type SignedIn } from '@/server/test-sessions';
import { createDb, entityTable, type TollbookDb } from './db';
import { mutate } from './mutate';
import { SyncEngine, type PullProgress, type SyncTransport } from './sync-engine';

const DAY_MS = 24 * 60 * 60 * 1000;

function newCustomer(name: string): Customer {
  return {
    id: randomUUID(),
    name,
    company: '',
    status: 'active',
    currency: 'USD',
    taxRate: '20',
    dueDays: 30,
    schedule: 'monthly',
    address: '',
    contacts: [],
    externalId: '',
    notes: '',
  };
}

/** The server's rows for the tenant, as a device holds them after a full pull from zero. */
async function serverRows(signedIn: SignedIn): Promise<Map<string, unknown>> {
  const rows = new Map<string, unknown>();
  let request: PullRequest = { protocolVersion: 1, clientId: randomUUID(), cursor: 0 };
  for (;;) {
    const page = await signedIn.caller.sync.pull(request);
    for (const change of page.changes) {
      if (change.row) rows.set(`${change.entity}/${change.id}`, change.row);
      else rows.delete(`${change.entity}/${change.id}`);
    }
    if (!page.more) return rows;
    request = { ...request, cursor: page.cursor, snapshot: page.snapshot };
  }
}

async function deviceRows(db: TollbookDb): Promise<Map<string, unknown>> {
  const rows = new Map<string, unknown>();
  for (const entity of ENTITY_NAMES) {
    for (const row of (await entityTable(db, entity).toArray()) as { id: string }[]) rows.set(`${entity}/${row.id}`, row);
  }
  return rows;
}

/** The real server through a caller, with small pages and a hook after each pull answer. */
function transport(signedIn: SignedIn, limit: number, afterPull: (page: PullResponse) => Promise<void> = async () => {}): SyncTransport {
  return {
    push: (request) => signedIn.caller.sync.push(request),
    pull: async (request) => {
      const page = await signedIn.caller.sync.pull({ ...request, limit });
      await afterPull(page);
      return page;
    },
  };
}

describe.each(TEST_DATABASE_KINDS)('sync engine on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps its own writes on screen through a paged pull that races another device, and ends equal to the server', async () => {
    const owner = await signUpOwner(database, 'Paged Device Ltd');
    const db = createDb(`engine-paged-${kind}-${randomUUID()}`);
    const mine = Array.from({ length: 5 }, (_, i) => newCustomer(`Mine ${i}`));
    for (const c of mine) await mutate('createCustomer', c, db);

    const other = randomUUID();
    let pulls = 0;
    const engine = new SyncEngine(
      db,
      randomUUID(),
      transport(owner, 2, async () => {
        // Another device renames one of these customers while the first pages are on their way.
        if (++pulls !== 1) return;
        const args = { id: mine[4]!.id, patch: { name: 'Renamed elsewhere' } };
        await owner.caller.sync.push({ protocolVersion: 1, clientId: other, mutations: [{ id: 1, name: 'updateCustomer', args }] });
      }),
    );
    await engine.push();
    // After each applied page, how many customers the screens see. A read started before the next
    // page's write transaction sees this page's state (IndexedDB orders overlapping transactions).
    const visible: Promise<number>[] = [];
    await engine.pull(() => visible.push(db.customers.count()));
    expect(pulls).toBeGreaterThan(2);
    // The pushed customers never vanish while their acknowledged mutations wait for their rows.
    expect(await Promise.all(visible)).toEqual(visible.map(() => mine.length));

    expect(await db.outbox.count()).toBe(0);
    expect(await deviceRows(db)).toEqual(await serverRows(owner));
    expect((await db.customers.get(mine[4]!.id))?.name).toBe('Renamed elsewhere');
    await db.delete();
  });

  it('starts over when away past the tombstone retention, keeping its pending changes, with progress', async () => {
    const owner = await signUpOwner(database, 'Long Away Ltd');
    const db = createDb(`engine-reset-${kind}-${randomUUID()}`);
    const [gone, kept] = [newCustomer('Deleted while away'), newCustomer('Kept')];
    const others = Array.from({ length: 4 }, (_, i) => newCustomer(`Other ${i}`));
    const engine = new SyncEngine(db, randomUUID(), transport(owner, 2));
    for (const c of [gone, kept]) await mutate('createCustomer', c, db);
    await engine.sync();

    // While the device is away: another device deletes one customer and adds others; months pass,
    // so the deletion's tombstone is pruned and this device could never learn of it by cursor.
    const other = randomUUID();
    const mutations = [{ name: 'deleteCustomer', args: { id: gone.id } }, ...others.map((args) => ({ name: 'createCustomer', args }))];
    await owner.caller.sync.push({ protocolVersion: 1, clientId: other, mutations: mutations.map((m, i) => ({ id: i + 1, ...m })) });
    const start = Date.now() + PRUNE_INTERVAL_MS + 1000;
    await pruneTombstones(database, owner.tenantId, 90, new Date(start));
    expect((await pruneTombstones(database, owner.tenantId, 90, new Date(start + 91 * DAY_MS)))?.pruned).toBe(1);

    // Offline meanwhile, the device renamed a customer: that change must survive the fresh start.
    await mutate('updateCustomer', { id: kept.id, patch: { name: 'Renamed offline' } }, db);
    const progress: PullProgress[] = [];
    await engine.pull((p) => progress.push(p));
    expect(await db.customers.get(gone.id)).toBeUndefined();
    expect((await db.customers.get(kept.id))?.name).toBe('Renamed offline');
    expect(await db.outbox.count()).toBe(1);
    // Paged from scratch: the progress counts up from the start of the reset.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[0]!.applied).toBeLessThanOrEqual(2);

    await engine.sync();
    expect(await db.outbox.count()).toBe(0);
    expect(await deviceRows(db)).toEqual(await serverRows(owner));
    expect((await db.customers.get(kept.id))?.name).toBe('Renamed offline');
    await db.delete();
  });
});
