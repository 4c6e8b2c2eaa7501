/**
 * drizzle/0010 gives every payment recorded before it a currency: its first invoice's, else its
 * customer's, else the account's. Run on a PGlite migrated to 0009 and filled as a server of then
 * would be, then migrated on.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from './db';

const scratch = mkdtempSync(path.join(tmpdir(), 'tollbook-migrations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The committed migrations up to and including `lastTag`, in a folder of their own. */
function migrationsUpTo(lastTag: string): string {
  const folder = path.join(scratch, lastTag);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return folder;
}

describe('drizzle/0010_add_payment_currency', () => {
  it("gives old payments their first invoice's currency, else their customer's, else the account's", async () => {
    const client = new PGlite();
    const db = drizzle({ client });
    try {
      await migrate(db, { migrationsFolder: migrationsUpTo('0009_add_invoice_parties') });
      const tenant = '0190a000-0000-7000-8000-0000000000aa';
      await client.exec(`
        insert into tenants (id, name) values ('${tenant}', 'Old Ltd');
        insert into account (tenant_id, id, version, company_name, address, email, registration_id, vat_id, logo, payment_details, currency, timezone, line_grouping, rounding, number_prefix, next_number, paper_size)
          values ('${tenant}', 'account', 1, 'Old Ltd', '', '', '', '', '', '', 'GBP', 'UTC', 'destination', 'half-up', 'INV-', 3, 'A4');
        insert into customers (tenant_id, id, version, name, company, status, currency, tax_rate, due_days, schedule, address, contacts, external_id, notes)
          values ('${tenant}', 'customer-jpy', 1, 'Yen Co', '', 'active', 'JPY', '0', 30, 'none', '', '[]', '', '');
        insert into invoices (tenant_id, id, version, customer_id, number, status, invoice_date, due_date, currency, rounding, notes, void_reason, net, tax, total, paid)
          values ('${tenant}', 'invoice-eur', 2, 'customer-eur', 'INV-1', 'issued', '2026-11-01', '2026-12-01', 'EUR', 'half-up', '', '', '10.00', '0.00', '10.00', '10.00');
        insert into payments (tenant_id, id, version, deleted, customer_id, date, amount, method, reference, allocations) values
          ('${tenant}', 'by-invoice', 3, false, 'customer-eur', '2026-11-20', '10.00', 'Bank transfer', '', '[{"invoiceId": "invoice-eur", "amount": "10.00"}]'),
          ('${tenant}', 'by-customer', 4, false, 'customer-jpy', '2026-11-20', '500', 'Cash', '', '[{"invoiceId": "gone", "amount": "500"}]'),
          ('${tenant}', 'by-account', 5, true, 'gone', '2026-11-20', '1.00', 'Cash', '', '[{"invoiceId": "gone", "amount": "1.00"}]');
      `);
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      const { rows } = await client.query<{ id: string; currency: string }>('select id, currency from payments order by version');
      expect(rows).toEqual([
        { id: 'by-invoice', currency: 'EUR' },
        { id: 'by-customer', currency: 'JPY' },
        { id: 'by-account', currency: 'GBP' },
      ]);
      // New payments must say theirs.
      await expect(
        client.query(`insert into payments (tenant_id, id, version, customer_id, date, amount, method, reference, allocations) values ('${tenant}', 'new', 6, 'customer-jpy', '2026-11-21', '1', '', '', '[]')`),
      ).rejects.toThrow(/currency/);
    } finally {
      await client.close();
    }
  });
});
