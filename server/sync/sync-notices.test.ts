/**
 * The notices of changes undone by another device (lib/overridden-changes) in sync_notices: one per
 * mutation that undid something, sent by pull with that mutation's version to every device of the
 * tenant but the one that made it, pruned with the tombstones at or below the tenant's floor, and
 * (drizzle/0018) moved there from the mutation_results rows of status 'overrode' that kept them
 * before.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../lib/entities';
import type { OverriddenChange } from '../../lib/overridden-changes';
import { MIGRATIONS_FOLDER } from '../db';
import { syncNotices } from '../schema';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { signUpOwner, type SignedIn } from '../test-sessions';
import { PRUNE_INTERVAL_MS, pruneTombstones } from './prune';
import { emptyDatabase, migrationsBefore } from './test-migrations';
import { customer, numbered, pullOf, pushOf } from './test-mutations';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A device of `signedIn` by its client id: pushes mutations numbered on from the last, returning their statuses. */
function device(signedIn: SignedIn) {
  const clientId = randomUUID();
  let nextId = 1;
  const push = async (...mutations: { name: string; args: unknown }[]) => {
    const { results } = await signedIn.caller.sync.push(pushOf(clientId, numbered(nextId, mutations)));
    nextId += mutations.length;
    return results.map((r) => r.status);
  };
  return { clientId, push };
}

/** The customer form's save of Company, by a device that holds `seen` as the customer's Company. */
const setCompany = (id: string, company: string, seen: string) => ({ name: 'updateCustomer', args: { id, patch: { company }, seen: { company: seen } } });

/** What the server tells the device whose Company `mine` of Atlas Link lost to another device's `theirs`. */
function companyUndone(atlas: Customer, mine: string, theirs: string): OverriddenChange {
  return {
    entity: 'customers',
    id: atlas.id,
    field: 'company',
    value: mine,
    message:
      `Atlas Link's Company was changed to “${theirs}” on another device, which had not seen this device's change of it to “${mine}”: ` +
      `the change that reached the server last stands. Set it again if “${mine}” is right.`,
  };
}

describe.each(TEST_DATABASE_KINDS)('notices of changes undone by another device on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  const noticesOf = (tenantId: string) =>
    database.db
      .select({ version: syncNotices.version, clientId: syncNotices.clientId })
      .from(syncNotices)
      .where(eq(syncNotices.tenantId, tenantId))
      .orderBy(syncNotices.version);

  it('are kept one per mutation for the other devices, and pruned with the tombstones at or below the floor', async () => {
    const owner = await signUpOwner(database, `Notices ${kind}`);
    const [a, b] = [device(owner), device(owner)];
    const atlas = customer({ name: 'Atlas Link', company: 'Atlas Link' });
    const gone = customer({ name: 'Gone Ltd' });
    expect(await a.push({ name: 'createCustomer', args: atlas }, { name: 'createCustomer', args: gone })).toEqual(['applied', 'applied']);
    const { cursor: before } = await owner.caller.sync.pull(pullOf(a.clientId, 0));

    // Both saw "Atlas Link"; A's Company arrives first, B's replaces it: A is told.
    expect(await a.push(setCompany(atlas.id, 'Atlas Link SIA', 'Atlas Link'))).toEqual(['applied']);
    expect(await b.push(setCompany(atlas.id, 'Atlas Holdings SIA', 'Atlas Link'))).toEqual(['applied']);
    const first = companyUndone(atlas, 'Atlas Link SIA', 'Atlas Holdings SIA');
    const [undoneAt] = await noticesOf(owner.tenantId);
    expect(await noticesOf(owner.tenantId)).toEqual([{ version: undoneAt!.version, clientId: b.clientId }]);
    expect((await owner.caller.sync.pull(pullOf(a.clientId, before))).overridden).toEqual([first]);
    // Not to the device that made the change that undid it, nor to a pull past it.
    expect((await owner.caller.sync.pull(pullOf(b.clientId, before))).overridden).toBeUndefined();
    expect((await owner.caller.sync.pull(pullOf(a.clientId, undoneAt!.version))).overridden).toBeUndefined();

    // A deletion after the notice; pruning marks the tenant's version (pull ran it already: the next run is due an interval on).
    expect(await a.push({ name: 'deleteCustomer', args: { id: gone.id } })).toEqual(['applied']);
    const { cursor: deletedAt } = await owner.caller.sync.pull(pullOf(a.clientId, 0));
    const start = Date.now() + PRUNE_INTERVAL_MS + 1000;
    expect(await pruneTombstones(database, owner.tenantId, 90, new Date(start))).toEqual({ pruned: 0, floor: 0 });
    // A second clash, after the mark: B's Company lost to A's this time.
    expect(await b.push(setCompany(atlas.id, 'Atlas Group', 'Atlas Holdings SIA'))).toEqual(['applied']);
    expect(await a.push(setCompany(atlas.id, 'Atlas Link Group', 'Atlas Link SIA'))).toEqual(['applied']);
    const second = companyUndone(atlas, 'Atlas Group', 'Atlas Link Group');
    expect((await noticesOf(owner.tenantId)).map((n) => n.clientId)).toEqual([b.clientId, a.clientId]);
    expect((await owner.caller.sync.pull(pullOf(randomUUID(), before))).overridden).toEqual([first, second]);

    // 91 days on: the tombstone goes and the floor rises to it; the notice below the floor goes
    // with it (a pull from at or above the floor starts past it, one from below starts over), the later one stays.
    expect(await pruneTombstones(database, owner.tenantId, 90, new Date(start + 91 * DAY_MS))).toEqual({ pruned: 1, floor: deletedAt });
    expect(await noticesOf(owner.tenantId)).toEqual([{ version: expect.any(Number) as number, clientId: a.clientId }]);
    expect((await noticesOf(owner.tenantId))[0]!.version).toBeGreaterThan(deletedAt);
    expect((await owner.caller.sync.pull(pullOf(b.clientId, deletedAt))).overridden).toEqual([second]);
    const startOver = await owner.caller.sync.pull(pullOf(b.clientId, before));
    expect(startOver).toMatchObject({ reset: true, overridden: [second] });
  });
});

describe.each(TEST_DATABASE_KINDS)('drizzle/0018 on %s', (kind) => {
  it("moves the notices kept in mutation_results as 'overrode' to sync_notices, where pull finds them", async () => {
    const before = await migrationsBefore('0018_move_overridden_notices_to_sync_notices');
    const database = await emptyDatabase(kind);
    try {
      await database.migrate(before.folder);
      // A tenant of a server of then, filled through the procedures.
      const owner = await signUpOwner(database.server, 'Old Carrier');
      const [maker, other] = [device(owner), device(owner)];
      const atlas = customer({ name: 'Atlas Link', company: 'Atlas Link' });
      expect(await other.push({ name: 'createCustomer', args: atlas }, { name: 'createCustomer', args: customer({ name: ' ' }) })).toEqual(['applied', 'rejected']);
      // The tenant's version (a pull of now would look for sync_notices, which this server lacks).
      const tenantVersion = async () =>
        (await database.query<{ version: number }>(sql`select version::int as version from tenants where id = ${owner.tenantId}`))[0]!.version;
      const before18 = await tenantVersion();
      expect(await maker.push(setCompany(atlas.id, 'Atlas Holdings SIA', 'Atlas Link'))).toEqual(['applied']);
      const version = await tenantVersion();
      // What that server's push recorded of it (recordOverridden): a row under the maker's client, keyed by the negated version.
      const undone = [companyUndone(atlas, 'Atlas Link SIA', 'Atlas Holdings SIA')];
      await database.query(sql`
        insert into mutation_results (client_id, mutation_id, name, status, error)
        values (${maker.clientId}, ${-version}, 'updateCustomer', 'overrode', ${JSON.stringify(undone)})`);

      await database.migrate(MIGRATIONS_FOLDER);
      expect(await database.query(sql`select tenant_id, version::int as version, client_id, changes from sync_notices`)).toEqual([
        { tenant_id: owner.tenantId, version, client_id: maker.clientId, changes: JSON.stringify(undone) },
      ]);
      // The refusals stay where they were; the notice is no longer among them.
      expect(await database.query(sql`select client_id, mutation_id::int as mutation_id, status from mutation_results`)).toEqual([
        { client_id: other.clientId, mutation_id: 2, status: 'rejected' },
      ]);
      const page = await owner.caller.sync.pull(pullOf(other.clientId, before18));
      expect(page.overridden).toEqual(undone);
      expect(page.rejections).toEqual([expect.objectContaining({ mutationId: 2, name: 'createCustomer' })]);
      expect((await owner.caller.sync.pull(pullOf(maker.clientId, before18))).overridden).toBeUndefined();
    } finally {
      await database.close();
      await before.remove();
    }
  });
});
