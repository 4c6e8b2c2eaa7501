/**
 * Fills a device's IndexedDB with many invoices and customers for the list benchmarks (ui,
 * startup): written straight into the stores of the tenant's database, which the app has opened
 * (so its stores exist), in one transaction. Ids are fixed, so a run can be repeated.
 */
import type { Page } from '@playwright/test';

export async function seedInvoices(page: Page, dbName: string, counts: { invoices: number; customers: number }): Promise<void> {
  await page.evaluate(
    async ({ dbName, invoices, customers }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['customers', 'invoices'], 'readwrite');
      const hex = (n: number) => n.toString(16).padStart(12, '0');
      for (let c = 0; c < customers; c++) {
        tx.objectStore('customers').put({
          id: `00000000-0000-7000-8000-${hex(c)}`, name: `Customer ${c}`, company: `Company ${c % 997}`, status: 'active', currency: 'USD',
          taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: '',
        });
      }
      for (let i = 0; i < invoices; i++) {
        const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
        tx.objectStore('invoices').put({
          id: `00000000-0000-7000-9000-${hex(i)}`, customerId: `00000000-0000-7000-8000-${hex(i % customers)}`, number: `INV-${i + 1}`,
          status: i % 10 === 0 ? 'draft' : 'issued', invoiceDate: day, dueDate: day, periodStart: null, periodEnd: null, currency: 'USD',
          rounding: 'half-up', notes: '', voidReason: '', net: '100.00', tax: '20.00', total: '120.00', paid: i % 3 === 0 ? '120.00' : '0.00',
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { dbName, ...counts },
  );
}
