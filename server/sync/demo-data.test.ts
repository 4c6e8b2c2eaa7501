/**
 * The demo data on the server (PGlite, and Postgres when DATABASE_URL is set): loadDemoData makes
 * the demo's records from the day and seed the device sent, the ones the device made, into an
 * empty account only. An account another device has added to meanwhile refuses the load whole:
 * nothing of it is stored.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../lib/demo-data';
import type { Customer } from '../../lib/entities';
import { testPackage } from '../../lib/test-fixtures';
import { resultRows } from '../db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { signUpOwner, type SignedIn } from '../test-sessions';
import { customer, numbered, pullOf, pushOf } from './test-mutations';

const TODAY = '2026-11-29';
const load = { name: 'loadDemoData', args: { today: TODAY, seed: 1 } };

// Six months of usage made and stored in one mutation: seconds on PGlite.
describe.each(TEST_DATABASE_KINDS)('the demo data on %s', { timeout: 120_000 }, (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  /** A device of `owner` pushing mutations, each its own id: each one's status or error. */
  function device(owner: SignedIn) {
    const clientId = randomUUID();
    let nextId = 1;
    return async (...mutations: { name: string; args: unknown }[]): Promise<string[]> => {
      const pushed = await owner.caller.sync.push(pushOf(clientId, numbered(nextId, mutations)));
      nextId += mutations.length;
      return pushed.results.map((r) => (r.status === 'rejected' ? `rejected: ${r.error}` : r.status));
    };
  }

  /** The tenant's live rows per table. */
  async function stored(owner: SignedIn): Promise<Record<string, number>> {
    const [row] = resultRows<Record<string, number>>(
      await database.db.execute(sql`select
        (select count(*)::int from customers where tenant_id = ${owner.tenantId} and not deleted) as customers,
        (select count(*)::int from packages where tenant_id = ${owner.tenantId} and not deleted) as packages,
        (select count(*)::int from customer_packages where tenant_id = ${owner.tenantId} and not deleted) as assignments,
        (select count(*)::int from usage where tenant_id = ${owner.tenantId} and not deleted) as usage`),
    );
    return row!;
  }

  it('loads the whole demo into an empty account, as the device made it from the same day and seed, and refuses a second load', async () => {
    const owner = await signUpOwner(database, 'Demo Carrier');
    const push = device(owner);
    expect(await push(load)).toEqual(['applied']);
    const data = generateDemoData({ today: TODAY, seed: 1, currency: 'USD' });
    expect(await stored(owner)).toEqual({ customers: 50, packages: 12, assignments: data.assignments.length, usage: data.usage.length });

    // Another device pulls the very records the loading device made: the same ids and figures.
    const customers: Customer[] = [];
    let usageRows = 0;
    let cursor = 0;
    for (;;) {
      const page = await owner.caller.sync.pull(pullOf(randomUUID(), cursor));
      for (const change of page.changes) {
        if (change.entity === 'customers') customers.push(change.row as Customer);
        if (change.entity === 'usage') usageRows += 1;
      }
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(customers.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(data.customers.map((c) => expect.objectContaining(c)));
    expect(usageRows).toBe(data.usage.length);

    // Loaded, the account is no longer empty.
    expect(await push(load)).toEqual([
      'rejected: The demo data was not loaded: it goes only into an empty account, and this account has 50 customers and 12 packages (added on another device before the load reached the server, say). Nothing of the demo was added.',
    ]);
    expect(await stored(owner)).toEqual({ customers: 50, packages: 12, assignments: data.assignments.length, usage: data.usage.length });
  });

  it('refuses a load that reaches the server after another device added a customer, and stores nothing of it', async () => {
    const owner = await signUpOwner(database, 'Busy Carrier');
    const [desk, phone] = [device(owner), device(owner)];
    // The phone showed the account empty when it loaded the demo, offline; the desk's customer arrived first.
    expect(await desk({ name: 'createCustomer', args: customer({ name: 'Real Customer Ltd', currency: 'USD' }) })).toEqual(['applied']);
    expect(await phone(load)).toEqual([
      'rejected: The demo data was not loaded: it goes only into an empty account, and this account has 1 customer (added on another device before the load reached the server, say). Nothing of the demo was added.',
    ]);
    expect(await stored(owner)).toEqual({ customers: 1, packages: 0, assignments: 0, usage: 0 });
  });

  it("counts the push's own writes: a package created earlier in it keeps the demo out, one created and deleted does not", async () => {
    const owner = await signUpOwner(database, 'Catalogue Carrier');
    const push = device(owner);
    const kept = testPackage({ id: randomUUID(), name: 'Kept' });
    const brief = testPackage({ id: randomUUID(), name: 'Brief' });
    expect(
      await push({ name: 'createPackage', args: brief }, { name: 'deletePackage', args: { id: brief.id } }, { name: 'createPackage', args: kept }, load),
    ).toEqual([
      'applied',
      'applied',
      'applied',
      'rejected: The demo data was not loaded: it goes only into an empty account, and this account has 1 package (added on another device before the load reached the server, say). Nothing of the demo was added.',
    ]);
    // Stored, then deleted in a later push (a tombstone): gone, it keeps nothing out.
    expect(await push({ name: 'deletePackage', args: { id: kept.id } }, load)).toEqual(['applied', 'applied']);
    expect((await stored(owner)).customers).toBe(50);
  });
});
