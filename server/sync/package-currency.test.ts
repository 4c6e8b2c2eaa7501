/**
 * A package's currency on the server (PGlite, and Postgres when DATABASE_URL is set): it syncs,
 * an outbox from before it existed gets My Account's, assignPackage refuses a customer in another
 * currency, and drizzle/0012 gives the packages stored before it their account's currency.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAssignment, testPackage } from '../../lib/test-fixtures';
import { MIGRATIONS_FOLDER } from '../db';
import { packageRows } from '../schema';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { signUpOwner, type SignedIn } from '../test-sessions';
import { emptyDatabase, migrationsBefore } from './test-migrations';
import { customer, numbered, pullOf, pushOf } from './test-mutations';

describe.each(TEST_DATABASE_KINDS)('package currency through sync on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  let nextId = 1;
  const clientId = randomUUID();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpOwner(database, 'Currency Carrier');
  });
  afterAll(async () => {
    await database.close();
  });

  async function push(...mutations: { name: string; args: unknown }[]): Promise<string[]> {
    const pushed = await owner.caller.sync.push(pushOf(clientId, numbered(nextId, mutations)));
    nextId += mutations.length;
    return pushed.results.map((r) => (r.status === 'rejected' ? `rejected: ${r.error}` : r.status));
  }

  async function pulledPackages(): Promise<Map<string, Record<string, unknown>>> {
    const packages = new Map<string, Record<string, unknown>>();
    let request = pullOf(randomUUID(), 0);
    for (;;) {
      const page = await owner.caller.sync.pull(request);
      for (const change of page.changes) if (change.entity === 'packages' && change.row) packages.set(change.id, change.row as Record<string, unknown>);
      if (!page.more) return packages;
      request = pullOf(request.clientId, page.cursor, { snapshot: page.snapshot });
    }
  }

  it("stores and sends a package's currency; a package an older device creates without one is priced in My Account's", async () => {
    const euros = testPackage({ id: randomUUID(), name: 'Platform fee', retail: '29.99', currency: 'EUR' });
    const { currency: _none, ...fromOlderDevice } = testPackage({ id: randomUUID(), name: 'DID rental' });
    expect(await push({ name: 'saveAccount', args: { currency: 'GBP' } }, { name: 'createPackage', args: euros }, { name: 'createPackage', args: fromOlderDevice })).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    const pulled = await pulledPackages();
    expect(pulled.get(euros.id)).toEqual(euros);
    expect(pulled.get(fromOlderDevice.id)).toEqual({ ...fromOlderDevice, currency: 'GBP' });
    const [stored] = await database.db.select({ currency: packageRows.currency }).from(packageRows).where(and(eq(packageRows.tenantId, owner.tenantId), eq(packageRows.id, euros.id)));
    expect(stored?.currency).toBe('EUR');
  });

  it('refuses to assign a package to a customer billed in another currency, and to change its currency once assigned', async () => {
    const yen = customer({ name: 'Kansai Voice', currency: 'JPY' });
    const euro = customer({ name: 'Berlin Connect', currency: 'EUR' });
    const fee = testPackage({ id: randomUUID(), name: 'Platform fee', retail: '29.99', currency: 'EUR' });
    expect(
      await push(
        { name: 'createCustomer', args: yen },
        { name: 'createCustomer', args: euro },
        { name: 'createPackage', args: fee },
        { name: 'assignPackage', args: testAssignment({ id: randomUUID(), customerId: yen.id, packageId: fee.id }) },
        { name: 'assignPackage', args: testAssignment({ id: randomUUID(), customerId: euro.id, packageId: fee.id }) },
        { name: 'updatePackage', args: { id: fee.id, patch: { currency: 'JPY' } } },
      ),
    ).toEqual([
      'applied',
      'applied',
      'applied',
      'rejected: Package Platform fee is priced in EUR, but Kansai Voice is billed in JPY: its prices cannot be billed to Kansai Voice. Assign a package priced in JPY instead.',
      'applied',
      "rejected: Platform fee's currency is fixed at EUR: the package is assigned to customers billed in EUR. Create a package priced in JPY instead.",
    ]);
    expect((await pulledPackages()).get(fee.id)).toMatchObject({ currency: 'EUR' });
  });
});

describe.each(TEST_DATABASE_KINDS)('drizzle/0012_add_package_currency on %s', (kind) => {
  it("prices the packages stored before it in their account's currency (USD for a tenant without an account row)", async () => {
    const before = await migrationsBefore('0012_add_package_currency');
    const database = await emptyDatabase(kind);
    try {
      await database.migrate(before.folder);
      const [yenTenant, bareTenant] = [randomUUID(), randomUUID()];
      await database.query(sql`insert into tenants (id, name) values (${yenTenant}, 'Yen Carrier'), (${bareTenant}, 'Bare Carrier')`);
      await database.query(sql`
        insert into account (tenant_id, id, version, company_name, address, email, registration_id, vat_id, logo, payment_details, currency, timezone,
          line_grouping, rounding, number_prefix, next_number, paper_size)
        values (${yenTenant}, 'account', 1, 'Yen Carrier', '', '', '', '', '', '', 'JPY', 'Asia/Tokyo', 'destination', 'half-up', 'INV-', 1, 'A4')`);
      const insertPackage = (tenantId: string, id: string, name: string) =>
        database.query(sql`
          insert into packages (tenant_id, id, version, name, description, retail, setup, frequency, match_days, kind, prefix_pattern, free_minutes, minimum_spend, retired)
          values (${tenantId}, ${id}, 2, ${name}, '', '3000', '0', 'monthly', '{1}', 'fee', '', 0, false, false)`);
      await insertPackage(yenTenant, 'p-yen', 'Platform fee');
      await insertPackage(bareTenant, 'p-bare', 'DID rental');

      await database.migrate(MIGRATIONS_FOLDER);
      const rows = await database.query<{ id: string; name: string; retail: string; currency: string; version: number }>(
        sql`select id, name, retail::text as retail, currency, version::int as version from packages order by id`,
      );
      // The rest of each row is as it was, its version too (devices fill in the same: app/_local/db.ts).
      expect(rows).toEqual([
        { id: 'p-bare', name: 'DID rental', retail: '3000', currency: 'USD', version: 2 },
        { id: 'p-yen', name: 'Platform fee', retail: '3000', currency: 'JPY', version: 2 },
      ]);
      // Every package has one from now on.
      await expect(database.query(sql`update packages set currency = null where id = 'p-yen'`)).rejects.toThrow();
    } finally {
      await database.close();
      await before.remove();
    }
  });
});
