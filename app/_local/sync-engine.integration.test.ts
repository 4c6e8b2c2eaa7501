/**
 * The device's sync engine (Dexie on fake-indexeddb) against the real server (tRPC callers on
 * PGlite, and on Postgres when DATABASE_URL is set): paged pulls that race other devices' writes.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATION_BYTES_MAX, PUSH_BATCH_BYTES, REQUEST_BYTES_MAX, type PullResponse } from '@/lib/protocol';
import { handleTrpcRequest, MAX_BODY_BYTES } from '@/server/http-handler';
import type { AppRouter } from '@/server/root';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { PRUNE_INTERVAL_MS, pruneTombstones } from '@/server/sync/prune';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { signUpOwner, type SignedIn } from '@/server/test-sessions';
import { createDb } from './db';
import { deviceRows, serverRows } from './sync-test-rows';
import { mutate } from './mutate';
import { metaValue, SyncEngine, SYNC_STATUS, type PullProgress, type SyncTransport } from './sync-engine';

const DAY_MS = 24 * 60 * 60 * 1000;

const newCustomer = (name: string) => customer({ name, company: '', currency: 'USD' });



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

/** The real server through its HTTP handler (body limit included), recording each push body's size and answer. */
function httpTransport(database: TestDatabase, signedIn: SignedIn, pushes: { bytes: number; status: number }[]): SyncTransport {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://tollbook.test/api/trpc',
        headers: { cookie: `tollbook_session=${signedIn.token}` },
        fetch: async (url, init) => {
          const response = await handleTrpcRequest(new Request(url, init as RequestInit), database);
          if (String(url).includes('sync.push')) pushes.push({ bytes: Buffer.byteLength(String(init?.body ?? '')), status: response.status });
          return response;
        },
      }),
    ],
  });
  return { push: (request) => client.sync.push.mutate(request), pull: (request) => client.sync.pull.query(request) };
}

function draftWithLines(customerId: string, lines: number, description: string) {
  const invoice = draftInvoice(customerId, { currency: 'USD', periodStart: null, periodEnd: null });
  const line = (position: number) => manualLine(invoice.id, position, { description, quantity: '1', unit: 'each', unitPrice: '1.00', taxRate: '0' });
  return { invoice, lines: Array.from({ length: lines }, (_, position) => line(position)) };
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

  it('keeps an unpushed edit on screen through every page while the server changes the same row, and replays it on the result', async () => {
    const owner = await signUpOwner(database, 'Pending Edit Ltd');
    const db = createDb(`engine-pending-${kind}-${randomUUID()}`);
    const engine = new SyncEngine(db, randomUUID(), transport(owner, 2));
    const target = newCustomer('Before');
    await mutate('createCustomer', target, db);
    await engine.sync();

    // Another device renames it and adds enough rows for several pages; this device, offline,
    // changes the same customer's notes (the name is left alone, so the server's rename shows).
    const other = randomUUID();
    const mutations = [
      ...Array.from({ length: 6 }, (_, i) => ({ name: 'createCustomer', args: newCustomer(`Other ${i}`) })),
      { name: 'updateCustomer', args: { id: target.id, patch: { name: 'Renamed elsewhere' } } },
      ...Array.from({ length: 6 }, (_, i) => ({ name: 'createCustomer', args: newCustomer(`Later ${i}`) })),
    ];
    await owner.caller.sync.push({ protocolVersion: 1, clientId: other, mutations: mutations.map((m, i) => ({ id: i + 1, ...m })) });
    await mutate('updateCustomer', { id: target.id, patch: { notes: 'Called on Monday' } }, db);

    const seen: Promise<string | undefined>[] = [];
    await engine.pull(() => seen.push(db.customers.get(target.id).then((c) => c?.notes)));
    expect(seen.length).toBeGreaterThan(3);
    expect(await Promise.all(seen)).toEqual(seen.map(() => 'Called on Monday'));
    // The last page rebased the edit on the server's row: both changes are there.
    const after = await db.customers.get(target.id);
    expect([after?.name, after?.notes]).toEqual(['Renamed elsewhere', 'Called on Monday']);
    expect(await db.outbox.count()).toBe(1);

    await engine.sync();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
    expect(await deviceRows(db)).toEqual(await serverRows(owner));
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
    // The device had synced in full: from the first page of the fresh start it no longer has.
    await db.meta.put({ key: SYNC_STATUS, value: { state: 'synced', lastSyncedAt: 1 } });
    const progress: PullProgress[] = [];
    const completeDuring: Promise<number | undefined>[] = [];
    await engine.pull((p) => {
      progress.push(p);
      completeDuring.push(metaValue<{ lastSyncedAt?: number }>(db, SYNC_STATUS).then((s) => s?.lastSyncedAt));
    });
    expect(await Promise.all(completeDuring)).toEqual(progress.map(() => undefined));
    expect(await metaValue(db, SYNC_STATUS)).toEqual({ state: 'synced', lastSyncedAt: undefined });
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

  it('names the records of a refused change as the user knows them (name, number or draft), not by id', async () => {
    const owner = await signUpOwner(database, 'Named Records Ltd');
    const db = createDb(`engine-names-${kind}-${randomUUID()}`);
    const engine = new SyncEngine(db, randomUUID(), transport(owner, 100));
    const globex = newCustomer('Globex Carrier');
    const draft = draftWithLines(globex.id, 1, 'Setup');
    const gold = {
      id: randomUUID(),
      name: 'Gold DID',
      description: '',
      retail: '5.00',
      setup: '0',
      frequency: 'monthly' as const,
      matchDays: [],
      kind: 'fee' as const,
      prefixPattern: '',
      freeMinutes: 0,
      minimumSpend: false,
      retired: false,
    };
    await mutate('createCustomer', globex, db);
    await mutate('createInvoice', draft, db);
    await mutate('createPackage', gold, db);
    await engine.sync();

    // Another device deletes all three; this one, not yet told, changes each.
    const deletions = ['deleteInvoice', 'deleteCustomer', 'deletePackage'].map((name, i) => ({
      id: i + 1,
      name,
      args: { id: [draft.invoice.id, globex.id, gold.id][i]! },
    }));
    await owner.caller.sync.push({ protocolVersion: 1, clientId: randomUUID(), mutations: deletions });
    await mutate('updateCustomer', { id: globex.id, patch: { notes: 'Called on Monday' } }, db);
    await mutate('saveInvoice', { id: draft.invoice.id, patch: { notes: 'Thanks' }, upsertLines: [], deleteLineIds: [] }, db);
    await mutate('updatePackage', { id: gold.id, patch: { retail: '6.00' } }, db);

    const gone = '(it may have been deleted on another device)';
    // Which change each was, then why. The draft's deletion did not know of the edit: the draft
    // comes back, and its customer with it (after this device's change of the customer was refused).
    const expected = [
      `Change of customer Globex Carrier was refused. Customer Globex Carrier does not exist ${gone}.`,
      'Invoice draft of Nov 1, 2026 for Globex Carrier was deleted on another device, but this device changed it meanwhile: it was restored, with its lines as they were, and the change applied. ' +
        'Globex Carrier was deleted on another device, but this device changed an invoice for it meanwhile (draft of Nov 1, 2026 for Globex Carrier): the customer was restored as it was, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.',
      `Change of package Gold DID was refused. Package Gold DID does not exist ${gone}.`,
    ];
    await engine.push();
    expect((await db.rejections.orderBy('mutationId').toArray()).map((r) => r.error)).toEqual(expected);
    // The pull reports the same refusals again, and drops the changes: the names stay.
    await engine.pull();
    expect(await db.outbox.count()).toBe(0);
    expect((await db.rejections.orderBy('mutationId').toArray()).map((r) => r.error)).toEqual(expected);
    await db.delete();
  });

  it('splits pushes by size, so a backlog of large changes never meets the server’s body limit', async () => {
    // One limit, stated twice: the device's (lib/protocol) and the server's.
    expect(REQUEST_BYTES_MAX).toBe(MAX_BODY_BYTES);
    const owner = await signUpOwner(database, 'Big Logos Ltd');
    const db = createDb(`engine-sizes-${kind}-${randomUUID()}`);
    // 12 logos of 390,000 characters: about 4.5 MiB of mutations, more than one push may carry.
    const logo = (i: number) => `data:image/png;base64,${String(i % 10).repeat(390_000)}`;
    for (let i = 0; i < 12; i++) await mutate('saveAccount', { logo: logo(i) }, db);
    const pushes: { bytes: number; status: number }[] = [];
    const engine = new SyncEngine(db, randomUUID(), httpTransport(database, owner, pushes));

    await engine.sync();
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    for (const push of pushes) {
      expect(push.status).toBe(200);
      // The mutations within the cap, plus the request's envelope.
      expect(push.bytes).toBeLessThan(PUSH_BATCH_BYTES + 1024);
    }
    expect(await db.outbox.count()).toBe(0);
    expect(await deviceRows(db)).toEqual(await serverRows(owner));
    expect((await db.account.get('account'))?.logo).toBe(logo(11));
    await db.delete();
  });

  it('refuses on the device a change too large for any push, shows it, undoes it, and syncs the changes after it', async () => {
    const owner = await signUpOwner(database, 'Huge Invoice Ltd');
    const db = createDb(`engine-huge-${kind}-${randomUUID()}`);
    const buyer = newCustomer('Buyer');
    await mutate('createCustomer', buyer, db);
    // 2,000 lines of 5,000 characters: about 10 MB, above what one request may carry.
    const huge = draftWithLines(buyer.id, 2000, 'x'.repeat(5000));
    await mutate('createInvoice', huge, db);
    await mutate('updateCustomer', { id: buyer.id, patch: { name: 'Buyer renamed' } }, db);
    expect(JSON.stringify(huge).length).toBeGreaterThan(MUTATION_BYTES_MAX);

    const pushes: { bytes: number; status: number }[] = [];
    const engine = new SyncEngine(db, randomUUID(), httpTransport(database, owner, pushes));
    await engine.sync();

    // Never sent (no 413, no retry loop); the later change took its id and went through.
    expect(pushes.map((p) => p.status)).toEqual(pushes.map(() => 200));
    expect(Math.max(...pushes.map((p) => p.bytes))).toBeLessThan(PUSH_BATCH_BYTES);
    expect(await db.outbox.count()).toBe(0);
    const rejections = await db.rejections.toArray();
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.error).toMatch(/^New invoice draft of Nov 1, 2026 for Buyer is too large to sync: 10\.\d MB, and one change can carry at most 7\.9 MB\. It was undone on this device/);
    expect(await db.invoices.get(huge.invoice.id)).toBeUndefined();
    expect(await db.invoiceLines.count()).toBe(0);
    expect((await db.customers.get(buyer.id))?.name).toBe('Buyer renamed');
    expect(await deviceRows(db)).toEqual(await serverRows(owner));

    // Numbering carries on without a gap: the next change is accepted too.
    await mutate('updateCustomer', { id: buyer.id, patch: { notes: 'After the refusal' } }, db);
    await engine.sync();
    expect(await db.outbox.count()).toBe(0);
    expect((await serverRows(owner)).get(`customers/${buyer.id}`)).toMatchObject({ name: 'Buyer renamed', notes: 'After the refusal' });
    await db.delete();
  });
});
