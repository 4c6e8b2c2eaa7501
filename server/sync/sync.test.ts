import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../lib/entities';
import type { PullResponse, RowChange } from '../../lib/protocol';
import { accountRows, clients, invoiceRows, tenants } from '../schema';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { addMember, callerWith, signUpOwner, type SignedIn } from '../test-sessions';
import { entityTables, SYNCED_ENTITIES } from './entity-tables';
import { handleTrpcRequest } from '../http-handler';
import { pushMutations } from './push';
import { customer, draftInvoice, manualLine, numbered, pullOf, pushOf } from './test-mutations';

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return 'OK';
}

/** Everything a tenant holds, with versions and tombstones, straight from the tables. */
async function tenantState(database: TestDatabase, tenantId: string) {
  const state: Record<string, unknown[]> = {};
  for (const entity of SYNCED_ENTITIES) {
    const table = entityTables[entity];
    state[entity] = await database.db.select().from(table).where(eq(table.tenantId, tenantId)).orderBy(asc(table.id));
  }
  const [tenant] = await database.db.select({ version: tenants.version }).from(tenants).where(eq(tenants.id, tenantId));
  return { version: tenant?.version, state };
}

/** Pulls every page from `cursor`, as a device does, and applies them to a map of rows. */
/** A device of `signedIn`: its client id, and a push of mutations numbered on from the last, returning each one's status or refusal. */
function deviceOf(signedIn: SignedIn) {
  const device = randomUUID();
  let nextId = 1;
  const push = async (...mutations: { name: string; args: unknown }[]) => {
    const { results } = await signedIn.caller.sync.push(pushOf(device, numbered(nextId, mutations)));
    nextId += mutations.length;
    return results.map((r) => (r.status === 'rejected' ? r.error : r.status));
  };
  return { device, push };
}

async function pullAll(signedIn: SignedIn, clientId: string, cursor = 0, limit?: number) {
  const rows = new Map<string, Record<string, unknown>>();
  const pages: PullResponse[] = [];
  let request = pullOf(clientId, cursor, limit ? { limit } : {});
  for (;;) {
    const page = await signedIn.caller.sync.pull(request);
    pages.push(page);
    for (const change of page.changes) {
      const key = `${change.entity}/${change.id}`;
      if (change.row) rows.set(key, change.row);
      else rows.delete(key);
    }
    if (!page.more) return { rows, pages, cursor: page.cursor };
    request = pullOf(clientId, page.cursor, { snapshot: page.snapshot, ...(limit ? { limit } : {}) });
  }
}

function invoiceSetup(customerId: string, lines = 1) {
  const invoice = draftInvoice(customerId);
  return {
    invoice,
    mutation: { name: 'createInvoice', args: { invoice, lines: Array.from({ length: lines }, (_, i) => manualLine(invoice.id, i)) } },
  };
}

describe.each(TEST_DATABASE_KINDS)('sync on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpOwner(database, 'Sync Carrier');
  });
  afterAll(async () => {
    await database.close();
  });

  it('applies a batch replayed 5 times once; a lost response retried has one effect', async () => {
    const clientId = randomUUID();
    const c = customer();
    const { invoice, mutation } = invoiceSetup(c.id, 3);
    const batch = pushOf(clientId, numbered(1, [{ name: 'createCustomer', args: c }, mutation, { name: 'issueInvoice', args: { id: invoice.id } }]));
    const first = await owner.caller.sync.push(batch);
    expect(first).toEqual({ lastMutationId: 3, results: [1, 2, 3].map((id) => ({ id, status: 'applied' })) });
    const after = await tenantState(database, owner.tenantId);
    for (let i = 0; i < 5; i++) {
      expect(await owner.caller.sync.push(batch)).toEqual({ lastMutationId: 3, results: [1, 2, 3].map((id) => ({ id, status: 'duplicate' })) });
    }
    expect(await tenantState(database, owner.tenantId)).toEqual(after);

    // The response to mutation 4 is lost; the device resends 4 with 5.
    const c4 = customer({ name: 'Four' });
    await owner.caller.sync.push(pushOf(clientId, numbered(4, [{ name: 'createCustomer', args: c4 }])));
    const retry = await owner.caller.sync.push(pushOf(clientId, numbered(4, [{ name: 'createCustomer', args: c4 }, { name: 'updateCustomer', args: { id: c4.id, patch: { notes: 'five' } } }])));
    expect(retry).toEqual({ lastMutationId: 5, results: [{ id: 4, status: 'duplicate' }, { id: 5, status: 'applied' }] });
    const { rows } = await pullAll(owner, clientId);
    expect(rows.get(`customers/${c4.id}`)).toEqual({ ...c4, notes: 'five' });
    const issued = rows.get(`invoices/${invoice.id}`) as Invoice;
    // 3 lines of 2 × 10.125 = 20.25 each: net 60.75, tax 20% = 12.15, total 72.90.
    expect(issued).toMatchObject({ status: 'issued', number: 'INV-1', net: '60.75', tax: '12.15', total: '72.90' });
  });

  it('refuses a mutation id out of order and processes nothing after the gap', async () => {
    const clientId = randomUUID();
    const before = await tenantState(database, owner.tenantId);
    expect(await owner.caller.sync.push(pushOf(clientId, numbered(2, [{ name: 'createCustomer', args: customer() }])))).toEqual({ lastMutationId: 0, results: [] });
    expect(await tenantState(database, owner.tenantId)).toEqual(before);
    const c1 = customer();
    const c3 = customer();
    const mixed = await owner.caller.sync.push(pushOf(clientId, [{ id: 1, name: 'createCustomer', args: c1 }, { id: 3, name: 'createCustomer', args: c3 }]));
    expect(mixed).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
    const { rows } = await pullAll(owner, clientId);
    expect(rows.has(`customers/${c1.id}`)).toBe(true);
    expect(rows.has(`customers/${c3.id}`)).toBe(false);
  });

  it('records a refused mutation, still advances, reports it in pull, and changes nothing', async () => {
    const clientId = randomUUID();
    const c = customer();
    const { invoice, mutation } = invoiceSetup(c.id);
    await owner.caller.sync.push(
      pushOf(clientId, numbered(1, [{ name: 'createCustomer', args: c }, mutation, { name: 'issueInvoice', args: { id: invoice.id } }, { name: 'voidInvoice', args: { id: invoice.id, reason: 'Wrong period' } }])),
    );
    const before = await tenantState(database, owner.tenantId);
    const refused = await owner.caller.sync.push(
      pushOf(clientId, numbered(5, [{ name: 'issueInvoice', args: { id: invoice.id } }, { name: 'updateCustomer', args: { id: c.id, patch: { notes: 'still applied' } } }])),
    );
    expect(refused.lastMutationId).toBe(6);
    expect(refused.results[0]).toEqual({ id: 5, status: 'rejected', error: expect.stringMatching(/is void and can no longer be changed/) });
    expect(refused.results[1]).toEqual({ id: 6, status: 'applied' });
    const after = await tenantState(database, owner.tenantId);
    expect(after.state.invoices).toEqual(before.state.invoices);
    expect(after.state.account).toEqual(before.state.account);

    const pull = await owner.caller.sync.pull(pullOf(clientId, 0, { rejectionsFrom: 5 }));
    expect(pull.lastMutationId).toBe(6);
    expect(pull.rejections).toEqual([{ mutationId: 5, name: 'issueInvoice', error: refused.results[0]?.error }]);
    expect((await owner.caller.sync.pull(pullOf(clientId, 0, { rejectionsFrom: 6 }))).rejections).toEqual([]);
    // Arguments a mutator refuses are rejections too, naming the field.
    const badArgs = await owner.caller.sync.push(pushOf(clientId, numbered(7, [{ name: 'createCustomer', args: { ...customer(), taxRate: 'twenty' } }])));
    expect(badArgs.results).toEqual([{ id: 7, status: 'rejected', error: expect.stringMatching(/^The customer's tax % must be a decimal number/) }]);
  });

  it('keeps the writes of a mutation applied in part (a stale money field), answers it applied with what was left out, and reports that in pull as partial', async () => {
    const [one, two] = [randomUUID(), randomUUID()];
    const c = customer({ name: 'Atlas Link', taxRate: '18', dueDays: 30 });
    await owner.caller.sync.push(pushOf(one, numbered(1, [{ name: 'createCustomer', args: c }])));
    await owner.caller.sync.push(pushOf(one, numbered(2, [{ name: 'updateCustomer', args: { id: c.id, patch: { taxRate: '22', dueDays: 60 }, seen: { taxRate: '18', dueDays: 30 } } }])));
    // Device two changed the tax from the 18 it held, before it heard of 22.
    const stale = { name: 'updateCustomer', args: { id: c.id, patch: { taxRate: '20', notes: 'Bills by email' }, seen: { taxRate: '18', notes: '' } } };
    const told = "The customer's Tax % was changed to 22 on another device while this device's change of it to 20 waited to sync: this device's change was not applied. Set it again if 20 is right.";
    const pushed = await owner.caller.sync.push(pushOf(two, numbered(1, [stale, { name: 'updateCustomer', args: { id: c.id, patch: { company: 'Atlas Link Pte' } } }])));
    expect(pushed).toEqual({ lastMutationId: 2, results: [{ id: 1, status: 'applied', error: told }, { id: 2, status: 'applied' }] });
    // A retry is a duplicate, with no second effect.
    expect((await owner.caller.sync.push(pushOf(two, numbered(1, [stale])))).results).toEqual([{ id: 1, status: 'duplicate' }]);

    const pull = await pullAll(owner, two);
    expect(pull.rows.get(`customers/${c.id}`)).toMatchObject({ taxRate: '22', dueDays: 60, notes: 'Bills by email', company: 'Atlas Link Pte' });
    expect(pull.pages.at(-1)?.rejections).toEqual([{ mutationId: 1, name: 'updateCustomer', error: told, partial: true }]);
    expect(pull.pages.at(-1)?.lastMutationId).toBe(2);
  });

  it('drops every write of a refused mutation, even those made before it refused, within one push', async () => {
    const clientId = randomUUID();
    const c = customer();
    const { invoice, mutation } = invoiceSetup(c.id, 3);
    const lines = (mutation.args as { lines: ReturnType<typeof manualLine>[] }).lines;
    const other = invoiceSetup(c.id, 1);
    const foreignLine = manualLine(other.invoice.id, 9);
    const gone = customer({ name: 'Created and deleted in one push' });
    const result = await owner.caller.sync.push(
      pushOf(clientId, numbered(1, [
        { name: 'createCustomer', args: c },
        mutation,
        other.mutation,
        // Deletes line 0, then refuses the foreign line: the delete must not survive.
        { name: 'saveInvoice', args: { id: invoice.id, patch: { notes: 'refused' }, upsertLines: [foreignLine], deleteLineIds: [lines[0]!.id] } },
        // Sees all 3 lines through the push's buffered writes, and drops line 1 for real.
        { name: 'saveInvoice', args: { id: invoice.id, patch: { notes: 'kept' }, upsertLines: [], deleteLineIds: [lines[1]!.id] } },
        { name: 'issueInvoice', args: { id: invoice.id } },
        { name: 'createCustomer', args: gone },
        { name: 'deleteCustomer', args: { id: gone.id } },
      ])),
    );
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied', 'applied']);
    const { rows } = await pullAll(owner, clientId);
    const lineIds = [...rows.entries()].filter(([key, row]) => key.startsWith('invoiceLines/') && row.invoiceId === invoice.id).map(([, row]) => row.id);
    expect(lineIds.sort()).toEqual([lines[0]!.id, lines[2]!.id].sort());
    // 2 lines of 2 × 10.125 = 20.25: net 40.50, tax 8.10, total 48.60.
    expect(rows.get(`invoices/${invoice.id}`)).toMatchObject({ notes: 'kept', status: 'issued', net: '40.50', tax: '8.10', total: '48.60' });
    expect(rows.has(`invoiceLines/${foreignLine.id}`)).toBe(false);
    expect(rows.has(`customers/${gone.id}`)).toBe(false);
  });

  it('rolls back everything on an infrastructure error, so the retry applies exactly once', async () => {
    const clientId = randomUUID();
    const c1 = customer();
    const c2 = customer();
    const batch = pushOf(clientId, numbered(1, [{ name: 'createCustomer', args: c1 }, { name: 'createCustomer', args: c2 }]));
    const before = await tenantState(database, owner.tenantId);
    // A real fault: the table the mutator writes to is briefly gone.
    await database.db.execute(sql`alter table customers rename to customers_away`);
    try {
      await expect(owner.caller.sync.push(batch)).rejects.toThrow(/customers/);
      // Over HTTP the failed query (with its parameters) stays on the server.
      const response = await handleTrpcRequest(
        new Request('http://tollbook.test/api/trpc/sync.push', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: `tollbook_session=${owner.token}` },
          body: JSON.stringify(batch),
        }),
        database,
      );
      expect(response.status).toBe(500);
      const body = JSON.stringify(await response.json());
      expect(body).toContain('The server failed; nothing was saved, try again');
      expect(body).not.toContain('customers');
      expect(body).not.toContain(c1.id);
    } finally {
      await database.db.execute(sql`alter table customers_away rename to customers`);
    }
    expect(await tenantState(database, owner.tenantId)).toEqual(before);
    expect(await database.db.select().from(clients).where(eq(clients.id, clientId))).toEqual([]);
    expect(await owner.caller.sync.push(batch)).toEqual({ lastMutationId: 2, results: [{ id: 1, status: 'applied' }, { id: 2, status: 'applied' }] });
  });

  it('keeps tenants apart: another tenant’s ids and client ids reach nothing', async () => {
    const clientA = randomUUID();
    const c = customer({ name: 'Only in A' });
    await owner.caller.sync.push(pushOf(clientA, numbered(1, [{ name: 'createCustomer', args: c }])));
    const aBefore = await tenantState(database, owner.tenantId);

    const other = await signUpOwner(database, 'Tenant B');
    const clientB = randomUUID();
    const result = await other.caller.sync.push(
      pushOf(clientB, numbered(1, [
        { name: 'updateCustomer', args: { id: c.id, patch: { name: 'Stolen' } } },
        { name: 'deleteCustomer', args: { id: c.id } },
        { name: 'createCustomer', args: { ...c, name: 'B’s own row with the same id' } },
      ])),
    );
    expect(result.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'applied']);
    expect(result.results[0]?.error).toMatch(/does not exist/);
    expect(await tenantState(database, owner.tenantId)).toEqual(aBefore);
    const { rows } = await pullAll(other, clientB);
    expect([...rows.values()].map((r) => r.name ?? r.companyName)).toEqual(['Tenant B', 'B’s own row with the same id']);

    expect(await trpcCode(other.caller.sync.push(pushOf(clientA, numbered(2, [{ name: 'createCustomer', args: customer() }]))))).toBe('FORBIDDEN');
    expect(await trpcCode(other.caller.sync.pull(pullOf(clientA, 0)))).toBe('FORBIDDEN');
    // Another user of the same tenant cannot use the owner's device either.
    const member = await addMember(database, owner);
    expect(await trpcCode(member.caller.sync.push(pushOf(clientA, numbered(2, [{ name: 'createCustomer', args: customer() }]))))).toBe('FORBIDDEN');
    expect(await tenantState(database, owner.tenantId)).toEqual(aBefore);
  });

  it('pages a pull at version boundaries from one snapshot, with tombstones and a total', async () => {
    const tenant = await signUpOwner(database, 'Paging Ltd');
    const clientId = randomUUID();
    const customers = Array.from({ length: 12 }, (_, i) => customer({ name: `C${i}` }));
    const { mutation } = invoiceSetup(customers[0]!.id, 7);
    await tenant.caller.sync.push(pushOf(clientId, numbered(1, [...customers.map((args) => ({ name: 'createCustomer', args })), mutation])));
    // Deleted in a later push, so the row exists and leaves a tombstone (created and deleted within
    // one push, it would never reach the table).
    await tenant.caller.sync.push(pushOf(clientId, numbered(14, [{ name: 'deleteCustomer', args: { id: customers[5]!.id } }])));
    const versionOf = new Map<string, number>();
    for (const entity of SYNCED_ENTITIES) {
      const table = entityTables[entity];
      const rows = await database.db.select({ id: table.id, version: table.version }).from(table).where(eq(table.tenantId, tenant.tenantId));
      for (const row of rows) versionOf.set(`${entity}/${row.id as string}`, row.version as number);
    }
    const { rows, pages } = await pullAll(tenant, clientId, 0, 5);
    const seenVersions = new Set<number>();
    for (const page of pages) {
      const versions = new Set(page.changes.map((c: RowChange) => versionOf.get(`${c.entity}/${c.id}`)!));
      for (const v of versions) {
        // No version is split across pages, and each page holds whole versions.
        expect(seenVersions.has(v)).toBe(false);
        seenVersions.add(v);
      }
      expect(page.changes.length <= 5 || versions.size === 1).toBe(true);
      expect(page.total).toBe(versionOf.size);
      expect(page.snapshot).toBe(pages[0]!.snapshot);
    }
    // The invoice and its 7 lines (one mutation, 8 rows) came in one oversized page.
    expect(pages.some((p) => p.changes.length === 8)).toBe(true);
    expect(pages.length).toBeGreaterThan(3);
    expect(rows.has(`customers/${customers[5]!.id}`)).toBe(false);
    expect(rows.size).toBe(versionOf.size - 1);
    // A pull from the middle gets the tombstone as a null row.
    const lastPage = await tenant.caller.sync.pull(pullOf(clientId, pages[0]!.snapshot - 1));
    expect(lastPage.changes).toEqual([{ entity: 'customers', id: customers[5]!.id, row: null }]);
    // A cursor ahead of the server (a restored database) gets everything again, as a reset.
    const reset = await tenant.caller.sync.pull(pullOf(clientId, 1_000_000));
    expect(reset).toMatchObject({ reset: true, more: false, cursor: pages[0]!.snapshot });
    expect(reset.changes.filter((c) => c.row !== null)).toHaveLength(rows.size);
  });

  it('issues gapless, unique numbers in issue order when two devices issue at once', async () => {
    const tenant = await signUpOwner(database, 'Numbers Ltd');
    const member = await addMember(database, tenant);
    const [deviceA, deviceB] = [randomUUID(), randomUUID()];
    const c = customer();
    const drafts = Array.from({ length: 16 }, () => invoiceSetup(c.id, 2));
    await tenant.caller.sync.push(pushOf(deviceA, numbered(1, [{ name: 'createCustomer', args: c }, ...drafts.map((d) => d.mutation)])));
    // A issues 0..9 and B issues 6..15: 6..9 are issued by both, one of each pair is refused.
    const issue = (from: number, to: number) => drafts.slice(from, to).map((d) => ({ name: 'issueInvoice', args: { id: d.invoice.id } }));
    const pushOneByOne = async (signedIn: SignedIn, clientId: string, firstId: number, mutations: { name: string; args: unknown }[]) => {
      const results = [];
      for (const [i, m] of mutations.entries()) results.push(...(await signedIn.caller.sync.push(pushOf(clientId, numbered(firstId + i, [m])))).results);
      return results;
    };
    const [resultsA, resultsB] = await Promise.all([
      pushOneByOne(tenant, deviceA, 18, issue(0, 10)),
      pushOneByOne(member, deviceB, 1, issue(6, 16)),
    ]);
    const statuses = [...resultsA, ...resultsB].map((r) => r.status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(16);
    expect(statuses.filter((s) => s === 'rejected')).toHaveLength(4);

    const issued = await database.db
      .select({ number: invoiceRows.number, version: invoiceRows.version })
      .from(invoiceRows)
      .where(and(eq(invoiceRows.tenantId, tenant.tenantId), eq(invoiceRows.status, 'issued')))
      .orderBy(asc(invoiceRows.version));
    expect(issued.map((i) => i.number)).toEqual(Array.from({ length: 16 }, (_, i) => `INV-${i + 1}`));
    const [account] = await database.db.select().from(accountRows).where(eq(accountRows.tenantId, tenant.tenantId));
    expect(account?.nextNumber).toBe(17);
  });

  it('continues the series from a next number the user sets, refusing one an invoice has, and passes over numbers already taken', async () => {
    const tenant = await signUpOwner(database, 'Series Ltd');
    const { push } = deviceOf(tenant);
    const c = customer();
    const drafts = Array.from({ length: 5 }, () => invoiceSetup(c.id));
    const issue = (i: number) => ({ name: 'issueInvoice', args: { id: drafts[i]!.invoice.id } });
    const numbers = async () =>
      (
        await database.db
          .select({ number: invoiceRows.number })
          .from(invoiceRows)
          .where(and(eq(invoiceRows.tenantId, tenant.tenantId), eq(invoiceRows.status, 'issued')))
          .orderBy(asc(invoiceRows.version))
      ).map((row) => row.number);
    expect(await push({ name: 'createCustomer', args: c }, ...drafts.map((d) => d.mutation), issue(0), issue(1))).toEqual(Array(8).fill('applied'));
    expect(await numbers()).toEqual(['INV-1', 'INV-2']);

    // Back onto a number an invoice has: refused, whether by the number or by the prefix.
    expect(await push({ name: 'saveAccount', args: { nextNumber: 2 } })).toEqual([
      "INV-2 is already an invoice's number: choose a next number (or a prefix) that no invoice has",
    ]);
    expect(await push({ name: 'saveAccount', args: { numberPrefix: 'B-', nextNumber: 1 } }, issue(2))).toEqual(['applied', 'applied']);
    expect(await push({ name: 'saveAccount', args: { numberPrefix: 'INV-' } })).toEqual([
      "INV-2 is already an invoice's number: choose a next number (or a prefix) that no invoice has",
    ]);
    // Continuing an earlier system's series, then a gap left below a used number is passed over.
    expect(await push({ name: 'saveAccount', args: { numberPrefix: 'INV-', nextNumber: 1001 } }, issue(3))).toEqual(['applied', 'applied']);
    expect(await push({ name: 'saveAccount', args: { nextNumber: 1000 } }, issue(4))).toEqual(['applied', 'applied']);
    const last = invoiceSetup(c.id);
    expect(await push(last.mutation, { name: 'issueInvoice', args: { id: last.invoice.id } })).toEqual(['applied', 'applied']);
    expect(await numbers()).toEqual(['INV-1', 'INV-2', 'B-1', 'INV-1001', 'INV-1000', 'INV-1002']);
    const [account] = await database.db.select().from(accountRows).where(eq(accountRows.tenantId, tenant.tenantId));
    expect(account?.nextNumber).toBe(1003);
  });

  it("keeps an issued invoice's parties as the server issued it through push and pull; later edits do not touch them, a draft has none", async () => {
    const tenant = await signUpOwner(database, 'Parties Ltd');
    const { device, push } = deviceOf(tenant);
    const seller = { companyName: 'Parties Ltd', address: 'Rue 1\n1000 Bruxelles', email: 'bill@parties.example', registrationId: 'BE-REG-1', vatId: 'BE0123456789', paymentDetails: 'IBAN BE68 5390 0754 7034' };
    const c = customer({ name: 'Łódź "Connect"', company: 'Łódź Connect Sp. z o.o.', address: 'ul. Piotrkowska 100\n90-001 Łódź', contacts: [{ name: 'Ewa', email: 'ewa@lodz.example', phone: '+48 42 000' }], externalId: 'LC-7' });
    const issuedSetup = invoiceSetup(c.id);
    const draftSetup = invoiceSetup(c.id);
    expect(
      await push({ name: 'saveAccount', args: seller }, { name: 'createCustomer', args: c }, issuedSetup.mutation, draftSetup.mutation, { name: 'issueInvoice', args: { id: issuedSetup.invoice.id } }),
    ).toEqual(Array(5).fill('applied'));
    const { cursor } = await pullAll(tenant, device);
    expect(
      await push(
        { name: 'updateCustomer', args: { id: c.id, patch: { name: 'Lodz Connect', address: 'New address', contacts: [] } } },
        { name: 'saveAccount', args: { vatId: 'BE0999999999', paymentDetails: 'IBAN NEW' } },
        { name: 'voidInvoice', args: { id: issuedSetup.invoice.id, reason: 'Sent twice' } },
      ),
    ).toEqual(Array(3).fill('applied'));

    const issuedWith = { seller, customer: { name: c.name, company: c.company, address: c.address, contacts: c.contacts, externalId: c.externalId } };
    // A new device pulls everything; this one pulls what changed since: both get the parties as issued.
    for (const { rows } of [await pullAll(tenant, randomUUID()), await pullAll(tenant, device, cursor)]) {
      expect(rows.get(`invoices/${issuedSetup.invoice.id}`)).toMatchObject({ number: 'INV-1', status: 'void', parties: issuedWith });
      expect(rows.get(`customers/${c.id}`)).toMatchObject({ name: 'Lodz Connect' });
    }
    const { rows } = await pullAll(tenant, randomUUID());
    expect(rows.get(`invoices/${draftSetup.invoice.id}`)).toMatchObject({ status: 'draft', parties: null });
    // Stored as JSON, not as a string of it.
    const [stored] = await database.db
      .select({ name: sql<string>`${invoiceRows.parties}->'customer'->>'name'` })
      .from(invoiceRows)
      .where(and(eq(invoiceRows.tenantId, tenant.tenantId), eq(invoiceRows.id, issuedSetup.invoice.id)));
    expect(stored?.name).toBe('Łódź "Connect"');
  });

  it('takes first pushes of many new devices at once without a deadlock', async () => {
    const tenant = await signUpOwner(database, 'Many Devices Ltd');
    // A new client row's foreign key share-locks the tenant row; the push's own lock on it must not conflict.
    const results = await Promise.all(
      Array.from({ length: 12 }, () => tenant.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }])))),
    );
    expect(results.map((r) => r.results[0]?.status)).toEqual(Array.from({ length: 12 }, () => 'applied'));
    expect((await tenantState(database, tenant.tenantId)).version).toBe(13);
  });

  it('pokes the tenant’s subscriptions when its version advances, and no one else’s', async () => {
    const tenant = await signUpOwner(database, 'Poke Ltd');
    const stranger = await signUpOwner(database, 'Stranger Ltd');
    const connection = new AbortController();
    const pokes = (await callerWith(database, tenant.token, {}, connection.signal).caller.sync.poke())[Symbol.asyncIterator]();
    const strangerPokes = (await callerWith(database, stranger.token, {}, connection.signal).caller.sync.poke())[Symbol.asyncIterator]();
    expect((await pokes.next()).value).toEqual({ version: 1 });
    expect((await strangerPokes.next()).value).toEqual({ version: 1 });
    const strangerNext = strangerPokes.next();
    await tenant.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }, { name: 'createCustomer', args: customer() }])));
    // The two mutations of one push may arrive as one poke (coalesced): the latest version counts.
    const next = await pokes.next();
    expect(next.value?.version).toBeGreaterThanOrEqual(2);
    expect((await tenant.caller.sync.pull(pullOf(randomUUID(), 0))).snapshot).toBe(3);
    // Closing the connection ends both subscriptions; the stranger's ends without a poke.
    connection.abort();
    expect(await strangerNext).toEqual({ done: true, value: undefined });
    expect((await pokes.next()).done).toBe(true);
  });

  it('streams pokes as server-sent events through the HTTP handler', async () => {
    const connection = new AbortController();
    const response = await handleTrpcRequest(
      new Request('http://tollbook.test/api/trpc/sync.poke', { headers: { cookie: `tollbook_session=${owner.token}` }, signal: connection.signal }),
      database,
    );
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextData = async (): Promise<{ version: number }> => {
      for (;;) {
        const match = /^data: (.*)$/m.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          // tRPC's own events (connected, ping) carry no version.
          const data = JSON.parse(match[1]!) as { version?: number };
          if (typeof data.version === 'number') return { version: data.version };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    };
    const { version } = await nextData();
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }])));
    expect(await nextData()).toEqual({ version: version + 1 });
    connection.abort();
    await reader.cancel().catch(() => undefined);
  });

  it('ends the poke subscription of a removed member', async () => {
    const member = await addMember(database, owner);
    const connection = new AbortController();
    const pokes = (await callerWith(database, member.token, {}, connection.signal).caller.sync.poke())[Symbol.asyncIterator]();
    await pokes.next();
    await owner.caller.auth.removeMember({ userId: member.userId });
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }])));
    expect(await trpcCode(pokes.next())).toBe('UNAUTHORIZED');
    connection.abort();
  });

  if (kind === 'postgres') {
    it('pokes the clients of another server process through LISTEN/NOTIFY', async () => {
      const otherProcess = await database.openAnotherProcess?.();
      if (!otherProcess) throw new Error('Postgres test databases open other processes');
      const connection = new AbortController();
      const pokes = (await callerWith(otherProcess, owner.token, {}, connection.signal).caller.sync.poke())[Symbol.asyncIterator]();
      const { value } = await pokes.next();
      await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }])));
      expect((await pokes.next()).value?.version).toBe((value?.version ?? 0) + 1);
      connection.abort();
    });

    it('misses nothing when a pull races a slow push (versions commit in order)', async () => {
      const tenant = await signUpOwner(database, 'Race Ltd');
      const reader = randomUUID();
      const start = await tenant.caller.sync.pull(pullOf(reader, 0));
      let releaseA!: () => void;
      let aReachedCommit!: () => void;
      const aHeld = new Promise<void>((resolve) => (releaseA = resolve));
      const aAtCommit = new Promise<void>((resolve) => (aReachedCommit = resolve));
      const customerA = customer({ name: 'A (slow)' });
      const customerB = customer({ name: 'B (fast)' });
      const pushA = pushMutations(
        database,
        { tenantId: tenant.tenantId, userId: tenant.userId, role: 'owner' },
        pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customerA }])),
        {
          beforeCommit: async () => {
            aReachedCommit();
            await aHeld;
          },
        },
      );
      await aAtCommit;
      let bCommitted = false;
      const pushB = tenant.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customerB }]))).then((r) => {
        bCommitted = true;
        return r;
      });
      // A holds the tenant row: B waits, and a pull sees neither (their versions are not committed).
      const during = await tenant.caller.sync.pull(pullOf(reader, start.cursor));
      expect(during).toMatchObject({ cursor: start.cursor, changes: [] });
      expect(bCommitted).toBe(false);
      releaseA();
      await Promise.all([pushA, pushB]);
      const after = await tenant.caller.sync.pull(pullOf(reader, during.cursor));
      expect(after.changes.map((c) => c.row?.name)).toEqual(['A (slow)', 'B (fast)']);
    });
  }
});
