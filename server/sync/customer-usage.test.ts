/**
 * A customer's usage on the server (PGlite, and Postgres when DATABASE_URL is set): a customer with
 * usage cannot be deleted (the server finds its rows by id range: drizzle/0007), putUsage takes
 * only ids of the form usageId gives, and ingest does not roll CDRs up into a customer deleted
 * while the request was stored.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageId } from '../../lib/cdr';
import type { Customer, CustomerPackage, Package, Usage } from '../../lib/entities';
import { cdrLine } from '../../lib/mutators';
import { testAssignment, testPackage } from '../../lib/test-fixtures';
import { ingestCdrs } from '../cdr/ingest';
import { resultRows } from '../db';
import { ServiceError } from '../errors';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { addMember, signUpOwner, type SignedIn } from '../test-sessions';
import { customer, numbered, pushOf } from './test-mutations';

describe.each(TEST_DATABASE_KINDS)("a customer's usage on %s", (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  let nextId = 1;
  const clientId = randomUUID();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpOwner(database, 'Usage Carrier');
  });
  afterAll(async () => {
    await database.close();
  });

  /** Pushes mutations from one device, each its own id; returns each one's status or error. */
  async function push(...mutations: { name: string; args: unknown }[]): Promise<string[]> {
    const pushed = await owner.caller.sync.push(pushOf(clientId, numbered(nextId, mutations)));
    nextId += mutations.length;
    return pushed.results.map((r) => (r.status === 'rejected' ? `rejected: ${r.error}` : r.status));
  }

  function usageRow(of: Customer, overrides: Partial<Usage> = {}): Usage {
    const day = overrides.day ?? '2026-03-01';
    const destination = overrides.destination ?? '44';
    return {
      id: usageId(of.id, day, destination),
      customerId: of.id,
      day,
      destination,
      destinationName: 'United Kingdom',
      calls: 2,
      attempts: 3,
      seconds: 125,
      billedSeconds: 132,
      charge: '0.250000',
      currency: of.currency,
      ...overrides,
    };
  }

  async function storedUsage(of: Customer): Promise<number> {
    const [row] = resultRows<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from usage where tenant_id = ${owner.tenantId} and customer_id = ${of.id} and not deleted`),
    );
    return row!.n;
  }

  it('keys usage rows by bytes, so one customer’s rows are one range of the primary key', async () => {
    const [column] = resultRows<{ collation: string | null }>(
      await database.db.execute(sql`select collation_name as collation from information_schema.columns where table_name = 'usage' and column_name = 'id'`),
    );
    expect(column?.collation).toBe('C');
  });

  it('refuses to delete a customer with usage, from an import or from putUsage, and deletes one without', async () => {
    const imported = customer({ name: 'Imported Calls Ltd', currency: 'USD' });
    const put = customer({ name: 'Put Usage Ltd', currency: 'EUR' });
    const idle = customer({ name: 'Never Called Ltd', currency: 'USD' });
    const cells = [{ customerId: imported.id, currency: 'USD', day: '2026-03-02', destination: '49', destinationName: 'Germany', cdrs: cdrLine('c:del-1', 60, 60, '0.1') }];
    expect(
      await push(
        ...[imported, put, idle].map((args) => ({ name: 'createCustomer', args })),
        { name: 'importCdrs', args: { cells } },
        { name: 'putUsage', args: { rows: [usageRow(put), usageRow(put, { day: '2026-03-02' })] } },
      ),
    ).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    expect(await push({ name: 'deleteCustomer', args: { id: imported.id } }, { name: 'deleteCustomer', args: { id: put.id } }, { name: 'deleteCustomer', args: { id: idle.id } })).toEqual([
      'rejected: Imported Calls Ltd has usage (imported calls) and cannot be deleted; set the customer inactive instead',
      'rejected: Put Usage Ltd has usage (imported calls) and cannot be deleted; set the customer inactive instead',
      'applied',
    ]);
    expect([await storedUsage(imported), await storedUsage(put)]).toEqual([1, 2]);

    // Usage created and the customer deleted in one push: the push's own writes count too.
    const brief = customer({ name: 'Brief Ltd', currency: 'USD' });
    expect(
      await push({ name: 'createCustomer', args: brief }, { name: 'putUsage', args: { rows: [usageRow(brief)] } }, { name: 'deleteCustomer', args: { id: brief.id } }),
    ).toEqual(['applied', 'applied', 'rejected: Brief Ltd has usage (imported calls) and cannot be deleted; set the customer inactive instead']);
  });

  it('counts stored rows the push changed away as gone, and a stored row past the push’s own writes as there (MutationTx.exists)', async () => {
    const buyer = customer({ name: 'Package Holder Ltd', currency: 'USD' });
    const [dids, trunks, fees] = ['DIDs', 'Trunks', 'Fees'].map((name) => testPackage({ id: randomUUID(), name })) as [Package, Package, Package];
    const assign = (pkg: Package) => testAssignment({ id: randomUUID(), customerId: buyer.id, packageId: pkg.id });
    const did = assign(dids);
    // trunkA first in key order: a lookup of one row would find only it.
    const [trunkA, trunkB] = [assign(trunks), assign(trunks)].sort((a, b) => (a.id < b.id ? -1 : 1)) as [CustomerPackage, CustomerPackage];
    expect(
      await push(
        { name: 'createCustomer', args: buyer },
        ...[dids, trunks, fees].map((args) => ({ name: 'createPackage', args })),
        ...[did, trunkA, trunkB].map((args) => ({ name: 'assignPackage', args })),
      ),
    ).toEqual(Array(7).fill('applied'));
    expect(
      await push(
        // DIDs' one assignment is deleted before the package: nothing holds it any more.
        { name: 'deleteAssignment', args: { id: did.id } },
        { name: 'deletePackage', args: { id: dids.id } },
        // Trunks still has trunkB stored, past the assignment this push deleted and others it wrote.
        { name: 'deleteAssignment', args: { id: trunkA.id } },
        ...[assign(fees), assign(fees)].map((args) => ({ name: 'assignPackage', args })),
        { name: 'deletePackage', args: { id: trunks.id } },
      ),
    ).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'rejected: Package Trunks is assigned to customers and cannot be deleted; retire it instead',
    ]);
  });

  it("fixes a customer's currency once it has usage, as once it has invoices (the usage could no longer be invoiced)", async () => {
    const billed = customer({ name: 'Fixed Currency Ltd', currency: 'USD' });
    const fresh = customer({ name: 'Free Currency Ltd', currency: 'USD' });
    expect(
      await push(
        { name: 'createCustomer', args: billed },
        { name: 'createCustomer', args: fresh },
        { name: 'putUsage', args: { rows: [usageRow(billed)] } },
        { name: 'updateCustomer', args: { id: billed.id, patch: { currency: 'EUR' } } },
        { name: 'updateCustomer', args: { id: billed.id, patch: { notes: 'other fields still change' } } },
        { name: 'updateCustomer', args: { id: fresh.id, patch: { currency: 'EUR' } } },
      ),
    ).toEqual([
      'applied',
      'applied',
      'applied',
      "rejected: Fixed Currency Ltd's currency is fixed: the customer already has usage in USD",
      'applied',
      'applied',
    ]);
  });

  it('refuses a putUsage row whose id is not customer:day:destination, and stores none of the batch', async () => {
    const buyer = customer({ name: 'Id Check Ltd', currency: 'USD' });
    const wrongId = { ...usageRow(buyer, { day: '2026-03-03' }), id: `${buyer.id}/2026-03-03/44` };
    expect(await push({ name: 'createCustomer', args: buyer }, { name: 'putUsage', args: { rows: [usageRow(buyer), wrongId] } })).toEqual([
      'applied',
      'rejected: The usage of Mar 3, 2026 to 44 is filed under the wrong record: it was not saved',
    ]);
    expect(await storedUsage(buyer)).toBe(0);
  });

  it("keeps putUsage from changing a stored row's figures (CDR-billed or not), for a member or an owner; the same row again is harmless", async () => {
    const carrier = customer({ name: 'Billed Calls Ltd', currency: 'USD' });
    const cells = [{ customerId: carrier.id, currency: 'USD', day: '2026-03-01', destination: '44', destinationName: 'United Kingdom', cdrs: [cdrLine('c:keep-1', 60, 60, '183.41'), cdrLine('c:keep-2', 60, 60, '183.41')].join('\n') }];
    const demo = [usageRow(carrier, { day: '2026-03-02' }), usageRow(carrier, { day: '2026-03-03' })];
    expect(
      await push(
        { name: 'createCustomer', args: carrier },
        { name: 'importCdrs', args: { cells } },
        // A demo batch, put twice (a resumed load): the second is the same rows.
        { name: 'putUsage', args: { rows: demo } },
        { name: 'putUsage', args: { rows: demo } },
      ),
    ).toEqual(['applied', 'applied', 'applied', 'applied']);
    const figures = async () =>
      resultRows<{ day: string; calls: number; charge: string }>(
        await database.db.execute(sql`select day::text, calls::int, charge::text from usage where tenant_id = ${owner.tenantId} and customer_id = ${carrier.id} order by day`),
      ).map((r) => `${r.day} ${r.calls} ${r.charge}`);
    const before = await figures();
    expect(before).toEqual(['2026-03-01 2 366.820000', '2026-03-02 2 0.250000', '2026-03-03 2 0.250000']);

    const member = await addMember(database, owner);
    const overwrite = usageRow(carrier, { calls: 1, attempts: 1, seconds: 1, billedSeconds: 1, charge: '0' });
    const pushed = await member.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'putUsage', args: { rows: [overwrite] } }])));
    expect(pushed.results).toEqual([
      {
        id: 1,
        status: 'rejected',
        error: "Billed Calls Ltd's usage of Mar 1, 2026 to 44 already exists (2 calls, 366.820000 USD); this change cannot replace it with 1 call, 0 USD. Usage changes only by importing CDRs.",
      },
    ]);
    expect(await push({ name: 'putUsage', args: { rows: [{ ...demo[0]!, charge: '9.99' }] } })).toEqual([
      `rejected: Billed Calls Ltd's usage of Mar 2, 2026 to 44 already exists (2 calls, 0.250000 USD); this change cannot replace it with 2 calls, 9.99 USD. Usage changes only by importing CDRs.`,
    ]);
    // Stored charges read back with six decimals: the same row written "0.25" is the same row.
    expect(await push({ name: 'putUsage', args: { rows: [{ ...demo[0]!, charge: '0.25' }] } })).toEqual(['applied']);
    expect(await figures()).toEqual(before);
  });

  it('undoes an ingest transaction whose customer was deleted while it was stored, and a retry reports the lines as bad', async () => {
    const doomed = customer({ name: 'Doomed Carrier', externalId: 'DOOM-1', currency: 'USD' });
    expect(await push({ name: 'createCustomer', args: doomed })).toEqual(['applied']);
    const csv =
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id\n' +
      '2026-03-05T10:00:00Z,DOOM-1,+442071234567,United Kingdom,60,60,0.1,USD,doom-1\n' +
      '2026-03-05T11:00:00Z,DOOM-1,+442071234568,United Kingdom,30,36,0.05,USD,doom-2\n';
    // The request has read the customers; the customer (no usage yet) is deleted before its CDRs
    // reach the database.
    async function* body() {
      yield csv;
      expect(await push({ name: 'deleteCustomer', args: { id: doomed.id } })).toEqual(['applied']);
    }
    const failure = await ingestCdrs(database, owner.tenantId, body(), { format: 'csv' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceError);
    expect(failure).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Customer "Doomed Carrier" was deleted while this request was being stored/) });
    expect(await storedUsage(doomed)).toBe(0);
    const [kept] = resultRows<{ keys: number; cdrs: number }>(
      await database.db.execute(
        sql`select (select count(*)::int from cdr_keys where tenant_id = ${owner.tenantId} and key like 'c:doom-%') as keys,
                   (select count(*)::int from cdrs where tenant_id = ${owner.tenantId} and customer_id = ${doomed.id}) as cdrs`,
      ),
    );
    expect(kept).toEqual({ keys: 0, cdrs: 0 });

    const retried = await ingestCdrs(database, owner.tenantId, (async function* () { yield csv; })(), { format: 'csv' });
    expect(retried).toMatchObject({ accepted: 0, duplicates: 0, badCount: 2 });
    expect(retried.badRows.map((r) => r.line)).toEqual([2, 3]);
  });
});
