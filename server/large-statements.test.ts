/**
 * Statements near the protocol's parameter limit. PGlite fails a statement with 32,768 or more
 * bind parameters and is unusable afterwards (every later query answers with no rows), which once
 * made `npm start` lose its database after a device pushed a 5,000-row putUsage. The push writes in
 * chunks under the limit, and server/db.ts refuses anything over it before PGlite sees it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Usage } from '../lib/entities';
import { PGLITE_MAX_PARAMETERS, resultRows } from './db';
import { customer, numbered, pullOf, pushOf } from './sync/test-mutations';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './test-databases';
import { signUpOwner } from './test-sessions';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

function usageRows(customerId: string, count: number): Usage[] {
  return Array.from({ length: count }, (_, i) => {
    const day = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0')}`;
    const destination = String(100 + Math.floor(i / 336));
    return {
      id: `${customerId}:${day}:${destination}`,
      customerId,
      day,
      destination,
      destinationName: `Destination ${destination}`,
      calls: 3,
      attempts: 4,
      seconds: 125,
      billedSeconds: 132,
      charge: '0.123457',
      currency: 'EUR',
    };
  });
}

describe.each(TEST_DATABASE_KINDS)('large statements on %s', (kind) => {
  it('applies a 5,000-row putUsage (70,000 values) and keeps answering afterwards', async () => {
    database = await openTestDatabase(kind);
    const owner = await signUpOwner(database, 'Big Usage Carrier');
    const buyer = customer();
    const rows = usageRows(buyer.id, 5000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
    const clientId = randomUUID();
    const pushed = await owner.caller.sync.push(
      pushOf(clientId, numbered(1, [{ name: 'createCustomer', args: buyer }, { name: 'putUsage', args: { rows } }])),
    );
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    // A fresh device pulls every row, page by page.
    const pullClient = randomUUID();
    let page = await owner.caller.sync.pull(pullOf(pullClient, 0));
    let usage = page.changes.filter((c) => c.entity === 'usage' && c.row).length;
    while (page.more) {
      page = await owner.caller.sync.pull(pullOf(pullClient, page.cursor, { snapshot: page.snapshot }));
      usage += page.changes.filter((c) => c.entity === 'usage' && c.row).length;
    }
    expect(usage).toBe(5000);
    expect(await owner.caller.auth.me()).toMatchObject({ tenant: { id: owner.tenantId } });
  });

  it('refuses a statement over the parameter limit with an error that names it (PGlite), and stays usable', async () => {
    database = await openTestDatabase(kind);
    const values = Array.from({ length: PGLITE_MAX_PARAMETERS + 1 }, (_, i) => sql`(${i})`);
    const causeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'no error',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    const oversized = database.db.execute(sql`select count(*)::int as n from (values ${sql.join(values, sql`, `)}) as v(x)`);
    if (kind === 'pglite') expect(await causeOf(oversized)).toMatch(/32768 parameters; PGlite takes at most 32767/);
    else expect(resultRows<{ n: number }>(await oversized)[0]?.n).toBe(PGLITE_MAX_PARAMETERS + 1);
    // Inside a transaction too.
    const inTransaction = database.db.transaction(async (tx) =>
      tx.execute(sql`select count(*)::int as n from (values ${sql.join(values, sql`, `)}) as v(x)`),
    );
    if (kind === 'pglite') expect(await causeOf(inTransaction)).toMatch(/PGlite takes at most/);
    else await inTransaction;
    expect(resultRows<{ ok: number }>(await database.db.execute(sql`select 1 as ok`))).toEqual([{ ok: 1 }]);
  });
});
