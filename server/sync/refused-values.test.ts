/**
 * Values the database refuses never block a device (PGlite, and Postgres when DATABASE_URL is set).
 * The schemas refuse every such value we know of (a NUL in a text, the year 0), so the server's
 * own defence is tested with a trigger that raises a data exception (SQLSTATE class 22) for a
 * chosen customer: the push then applies the batch one mutation at a time and rejects only that
 * one. An infrastructure error still fails the whole push, nothing applied.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows } from '../db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { signUpOwner, type SignedIn } from '../test-sessions';
import { customer, draftInvoice, manualLine, numbered, pullOf, pushOf } from './test-mutations';

describe.each(TEST_DATABASE_KINDS)('values the database refuses, on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpOwner(database, 'Refused Values Carrier');
    // notes "refuse 22021" makes the write of that customer fail with SQLSTATE 22021, as Postgres
    // does for a NUL in a text; "refuse 08006" with a connection failure.
    await database.db.execute(sql.raw(`
      create function refuse_for_test() returns trigger language plpgsql as $$
      begin
        if new.notes like 'refuse %' then
          raise exception 'refused by the test trigger' using errcode = substr(new.notes, 8, 5);
        end if;
        return new;
      end $$`));
    await database.db.execute(sql.raw('create trigger refuse_for_test before insert or update on customers for each row execute function refuse_for_test()'));
  });
  afterAll(async () => {
    await database.close();
  });

  async function names(): Promise<string[]> {
    const rows = resultRows<{ name: string }>(
      await database.db.execute(sql`select name from customers where tenant_id = ${owner.tenantId} and not deleted order by name`),
    );
    return rows.map((r) => r.name);
  }

  function results(pushed: { results: { status: string; error?: string }[] }): string[] {
    return pushed.results.map((r) => (r.status === 'rejected' ? `rejected: ${r.error}` : r.status));
  }

  it('refuses a NUL in a text and the year 0 as rejections naming the field, and applies the changes after them', async () => {
    const clientId = randomUUID();
    const buyer = customer({ name: 'Year Zero Buyer' });
    const invoice = draftInvoice(buyer.id, { invoiceDate: '0000-12-01', dueDate: '0000-12-31', periodStart: null, periodEnd: null });
    const pushed = await owner.caller.sync.push(
      pushOf(
        clientId,
        numbered(1, [
          { name: 'createCustomer', args: customer({ name: 'Nul\u0000Two Ltd' }) },
          { name: 'createCustomer', args: buyer },
          { name: 'createInvoice', args: { invoice, lines: [manualLine(invoice.id, 0)] } },
          { name: 'createCustomer', args: customer({ name: 'Contact Nul Ltd', contacts: [{ name: 'A\u0000nn', email: '', phone: '' }] }) },
          { name: 'bad\u0000name', args: {} },
        ]),
      ),
    );
    expect(results(pushed)).toEqual([
      "rejected: The customer's name must not contain the NUL character (U+0000): remove it and save again",
      'applied',
      'rejected: The invoice date must be a date in the years 0001 to 9999',
      "rejected: The name of the customer's contact 1 must not contain the NUL character (U+0000): remove it and save again",
      // The name is the developer's (logged, not shown); it is stored with U+FFFD in place of the NUL (below).
      'rejected: This server does not know this kind of change: it may run an older version of Tollbook than this device. Make the change again once the server is updated.',
    ]);
    expect(pushed.lastMutationId).toBe(5);
    expect(await names()).toEqual(['Year Zero Buyer']);
    const pulled = await owner.caller.sync.pull(pullOf(clientId, 0));
    expect(pulled.rejections.map((r) => [r.mutationId, r.name])).toEqual([
      [1, 'createCustomer'],
      [3, 'createInvoice'],
      [4, 'createCustomer'],
      [5, 'bad\uFFFDname'],
    ]);
  });

  it('rejects only the mutation whose value the database refuses, naming it, and applies the others of the batch in order', async () => {
    const clientId = randomUUID();
    const first = customer({ name: 'First Ltd' });
    const refused = customer({ name: 'Refused Ltd', notes: 'refuse 22021' });
    const last = customer({ name: 'Last Ltd' });
    const pushed = await owner.caller.sync.push(
      pushOf(
        clientId,
        numbered(1, [
          { name: 'createCustomer', args: first },
          { name: 'createCustomer', args: refused },
          { name: 'updateCustomer', args: { id: first.id, patch: { name: 'First Renamed Ltd' } } },
          // Reads what the earlier mutations of the batch wrote, as in a batch applied at once.
          { name: 'updateCustomer', args: { id: refused.id, patch: { name: 'Refused Renamed Ltd' } } },
          { name: 'createCustomer', args: last },
        ]),
      ),
    );
    expect(results(pushed)).toEqual([
      'applied',
      'rejected: A text holds a character the database cannot store (such as the NUL character, U+0000). Correct the value and make the change again.',
      'applied',
      `rejected: Customer ${refused.id} does not exist (it may have been deleted on another device)`,
      'applied',
    ]);
    expect(pushed.lastMutationId).toBe(5);
    expect(await names()).toEqual(['First Renamed Ltd', 'Last Ltd', 'Year Zero Buyer']);

    // The device is not blocked: its next change applies, and a resend of the batch is duplicates.
    const next = await owner.caller.sync.push(pushOf(clientId, numbered(6, [{ name: 'updateCustomer', args: { id: last.id, patch: { name: 'Last Renamed Ltd' } } }])));
    expect(results(next)).toEqual(['applied']);
    const again = await owner.caller.sync.push(pushOf(clientId, numbered(1, [{ name: 'createCustomer', args: first }])));
    expect(results(again)).toEqual(['duplicate']);

    // Every applied mutation has its own version, in order; the pull hands the rows and the refusal over.
    const pulled = await owner.caller.sync.pull(pullOf(clientId, 0));
    expect(pulled.changes.filter((c) => c.entity === 'customers').map((c) => c.row?.name)).toEqual(
      expect.arrayContaining(['First Renamed Ltd', 'Last Renamed Ltd']),
    );
    expect(pulled.rejections.map((r) => r.mutationId)).toEqual([2, 4]);
  });

  it('still fails the whole push on an infrastructure error, applying nothing, so the device sends it again', async () => {
    const clientId = randomUUID();
    const before = await names();
    const batch = pushOf(
      clientId,
      numbered(1, [
        { name: 'createCustomer', args: customer({ name: 'Would Be Ltd' }) },
        { name: 'createCustomer', args: customer({ name: 'Connection Lost Ltd', notes: 'refuse 08006' }) },
      ]),
    );
    await expect(owner.caller.sync.push(batch)).rejects.toThrow();
    expect(await names()).toEqual(before);
    const [client] = resultRows<{ last: number }>(await database.db.execute(sql`select last_mutation_id as last from clients where id = ${clientId}`));
    expect(client?.last ?? 0).toBe(0);
  });
});
