import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../lib/protocol';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { signUpOwner, type SignedIn } from '../test-sessions';
import { customerRows, tenants } from '../schema';
import { PRUNE_INTERVAL_MS, pruneTombstones } from './prune';
import { customer, numbered, pullOf, pushOf } from './test-mutations';

const DAY_MS = 24 * 60 * 60 * 1000;

type Rows = Map<string, Record<string, unknown>>;

function applyPage(rows: Rows, page: PullResponse): void {
  for (const change of page.changes) {
    const key = `${change.entity}/${change.id}`;
    if (change.row) rows.set(key, change.row);
    else rows.delete(key);
  }
}

/** Pulls page by page as a device does, running `between(pageIndex)` after each page. */
async function pagedPull(signedIn: SignedIn, clientId: string, limit: number, between: (page: number) => Promise<void>) {
  const rows: Rows = new Map();
  const pages: PullResponse[] = [];
  let request = pullOf(clientId, 0, { limit });
  for (;;) {
    const page = await signedIn.caller.sync.pull(request);
    pages.push(page);
    applyPage(rows, page);
    if (!page.more) return { rows, pages };
    await between(pages.length);
    request = pullOf(clientId, page.cursor, { snapshot: page.snapshot, limit });
  }
}

async function fullPull(signedIn: SignedIn): Promise<Rows> {
  return (await pagedPull(signedIn, randomUUID(), 5000, async () => {})).rows;
}

describe.each(TEST_DATABASE_KINDS)('paged pull on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('ends at a version the server was at, even when rows are rewritten after its snapshot', async () => {
    const owner = await signUpOwner(database, 'Rewrites Ltd');
    const writer = randomUUID();
    const customers = Array.from({ length: 6 }, (_, i) => customer({ name: `C${i}` }));
    await owner.caller.sync.push(pushOf(writer, numbered(1, customers.map((args) => ({ name: 'createCustomer', args })))));
    let nextId = 7;
    const rename = async (index: number, name: string) => {
      await owner.caller.sync.push(pushOf(writer, numbered(nextId++, [{ name: 'updateCustomer', args: { id: customers[index]!.id, patch: { name } } }])));
    };

    // After the first page: rename a customer the first page carried and one it did not yet, and
    // delete another not yet carried. Their old versions are gone from the snapshot's range.
    const { rows, pages } = await pagedPull(owner, randomUUID(), 2, async (page) => {
      if (page !== 1) return;
      await rename(0, 'Renamed first');
      await rename(5, 'Renamed last');
      await owner.caller.sync.push(pushOf(writer, numbered(nextId++, [{ name: 'deleteCustomer', args: { id: customers[4]!.id } }])));
    });

    expect(pages[0]!.more).toBe(true);
    const final = pages[pages.length - 1]!;
    // The pull went past its first snapshot to the version the rewrites reached.
    expect(final.snapshot).toBeGreaterThan(pages[0]!.snapshot);
    expect(final.cursor).toBe(final.snapshot);
    expect(rows).toEqual(await fullPull(owner));
    expect(rows.get(`customers/${customers[0]!.id}`)?.name).toBe('Renamed first');
    expect(rows.get(`customers/${customers[5]!.id}`)?.name).toBe('Renamed last');
    expect(rows.has(`customers/${customers[4]!.id}`)).toBe(false);
  });

  it('acknowledges the device’s mutations only on the last page, once their rows have all arrived', async () => {
    const owner = await signUpOwner(database, 'Acks Ltd');
    const clientId = randomUUID();
    const customers = Array.from({ length: 5 }, (_, i) => customer({ name: `Mine ${i}` }));
    await owner.caller.sync.push(pushOf(clientId, numbered(1, customers.map((args) => ({ name: 'createCustomer', args })))));

    const { pages } = await pagedPull(owner, clientId, 2, async () => {});
    expect(pages.length).toBeGreaterThan(2);
    // Mutation 5's customer is only in the last page: acknowledging earlier would hide it meanwhile.
    for (const page of pages.slice(0, -1)) expect(page.lastMutationId).toBe(0);
    expect(pages[pages.length - 1]!.lastMutationId).toBe(5);
    // A one-page pull is its own last page.
    expect((await owner.caller.sync.pull(pullOf(clientId, 0))).lastMutationId).toBe(5);
  });

  it('prunes tombstones older than the retention period; a pull from below the floor is a reset', async () => {
    const owner = await signUpOwner(database, 'Pruning Ltd');
    const writer = randomUUID();
    const [gone, later, kept] = [customer({ name: 'Gone' }), customer({ name: 'Deleted later' }), customer({ name: 'Kept' })];
    await owner.caller.sync.push(pushOf(writer, numbered(1, [gone, later, kept].map((args) => ({ name: 'createCustomer', args })))));
    const away = await owner.caller.sync.pull(pullOf(randomUUID(), 0));
    await owner.caller.sync.push(pushOf(writer, numbered(4, [{ name: 'deleteCustomer', args: { id: gone.id } }])));
    const [tombstone] = await database.db.select({ version: customerRows.version }).from(customerRows).where(eq(customerRows.id, gone.id));
    const deletedAt = tombstone!.version;

    // Pull already ran pruning (it does, at most hourly per tenant), so the next run is due an interval on.
    const start = Date.now() + PRUNE_INTERVAL_MS + 1000;
    expect(await pruneTombstones(database, owner.tenantId, 90, new Date(start))).toEqual({ pruned: 0, floor: 0 });
    expect(await pruneTombstones(database, owner.tenantId, 90, new Date(start + 1000))).toBeUndefined();
    await owner.caller.sync.push(pushOf(writer, numbered(5, [{ name: 'deleteCustomer', args: { id: later.id } }])));

    // 91 days on: the tombstone older than the mark goes, the newer one stays.
    expect(await pruneTombstones(database, owner.tenantId, 90, new Date(start + 91 * DAY_MS))).toEqual({ pruned: 1, floor: deletedAt });
    const tombstones = await database.db.select({ id: customerRows.id }).from(customerRows).where(and(eq(customerRows.tenantId, owner.tenantId), eq(customerRows.deleted, true)));
    expect(tombstones).toEqual([{ id: later.id }]);
    const [tenant] = await database.db.select({ floor: tenants.syncFloor }).from(tenants).where(eq(tenants.id, owner.tenantId));
    expect(tenant?.floor).toBe(deletedAt);

    // The device away since before the deletion cannot learn of it any more: it starts over.
    const reset = await owner.caller.sync.pull(pullOf(randomUUID(), away.cursor));
    expect(reset).toMatchObject({ reset: true, more: false });
    const rows: Rows = new Map();
    applyPage(rows, reset);
    expect(rows).toEqual(await fullPull(owner));
    expect([...rows.keys()].filter((k) => k.startsWith('customers/'))).toEqual([`customers/${kept.id}`]);
    // From the floor on, or from nothing, there is nothing to start over.
    expect((await owner.caller.sync.pull(pullOf(randomUUID(), deletedAt))).reset).toBe(false);
    expect((await owner.caller.sync.pull(pullOf(randomUUID(), 0))).reset).toBe(false);
  });
});
