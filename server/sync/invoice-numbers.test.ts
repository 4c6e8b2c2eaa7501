/**
 * Invoice numbers that read alike, on the server (PGlite, and Postgres when DATABASE_URL is set):
 * the push refuses a next number reading the same as a stored number or one issued earlier in the
 * same push, and an issue passes over such numbers (lib/invoice-numbers), under the tenant lock.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountRows, invoiceRows } from '../schema';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { deviceOf, signUpOwner } from '../test-sessions';
import { customer, draftInvoice, manualLine } from './test-mutations';

describe.each(TEST_DATABASE_KINDS)('Invoice numbers that read alike on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses a next number reading the same as an invoice\'s, stored or issued in the same push, and issues past such numbers', async () => {
    const owner = await signUpOwner(database, 'Numbers Carrier');
    const push = deviceOf(owner);
    const buyer = customer({ name: 'Globex' });
    const issue = (id = crypto.randomUUID()) => {
      const invoice = draftInvoice(buyer.id, { id });
      return [
        { name: 'createInvoice', args: { invoice, lines: [manualLine(invoice.id, 0)] } },
        { name: 'issueInvoice', args: { id: invoice.id } },
      ];
    };
    const first = crypto.randomUUID();
    expect(await push({ name: 'createCustomer', args: buyer }, { name: 'saveAccount', args: { numberPrefix: 'NV-2026-', nextNumber: 1015 } }, ...issue(first))).toEqual(
      Array(4).fill('applied'),
    );
    const choose = ': choose a next number (or a prefix) that no invoice has';
    expect(await push({ name: 'saveAccount', args: { numberPrefix: 'nv-2026-', nextNumber: 1015 } })).toEqual([
      `rejected: NV-2026-1015 is already used; nv-2026-1015 would read the same${choose}`,
    ]);
    // NV-2026-1016 is issued earlier in the same push: not yet stored, still taken.
    expect(await push(...issue(), { name: 'saveAccount', args: { numberPrefix: ' NV\u20102026\u2010', nextNumber: 1016 } })).toEqual([
      'applied',
      'applied',
      `rejected: NV-2026-1016 is already used; NV\u20102026\u20101016 would read the same${choose}`,
    ]);
    // An account saved before prefixes were cleaned and numbers compared as read.
    await database.db.update(accountRows).set({ numberPrefix: ' nv-2026-', nextNumber: 1015 }).where(eq(accountRows.tenantId, owner.tenantId));
    const third = crypto.randomUUID();
    expect(await push(...issue(third))).toEqual(['applied', 'applied']);
    const numberOf = async (id: string) =>
      (await database.db.select({ number: invoiceRows.number }).from(invoiceRows).where(and(eq(invoiceRows.tenantId, owner.tenantId), eq(invoiceRows.id, id))))[0]?.number;
    expect(await numberOf(first)).toBe('NV-2026-1015');
    expect(await numberOf(third)).toBe('nv-2026-1017');
  });
});
