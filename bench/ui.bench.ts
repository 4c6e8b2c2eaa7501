/**
 * `npm run bench -- ui`: the invoices list with 100,000 invoices and 10,000 customers in Dexie, in
 * Chromium. (1) From a click on "Invoices" to its first rows on screen; (2) from a search
 * keystroke to the updated rows. Baselines, in the same page: a raw IndexedDB read of the same rows
 * (the newest 100 through the date index, with their customers; for the search, every invoice
 * filtered by the query), the floor of any list built on them.
 */
import { median, round, type BenchCase } from './harness';
import { signedInPage, startApp } from './browser';
import { seedInvoices } from './seed-invoices';

const INVOICES = 100_000;
const CUSTOMERS = 10_000;

export default async function ui(): Promise<BenchCase[]> {
  const app = await startApp(3300);
  try {
    const { page, dbName } = await signedInPage(app);
    await seedInvoices(page, dbName, { invoices: INVOICES, customers: CUSTOMERS });

    const nav = page.getByRole('navigation', { name: 'Main' });
    const firstRows = () =>
      page.evaluate(async () => {
        const start = performance.now();
        (document.querySelector('nav a[href="/invoices"]') as HTMLAnchorElement).click();
        await new Promise<void>((resolve) => {
          const seen = () => document.querySelector('[data-testid="invoice-rows"] [role="row"]');
          if (seen()) return resolve();
          const observer = new MutationObserver(() => seen() && (observer.disconnect(), resolve()));
          observer.observe(document.body, { childList: true, subtree: true });
        });
        return performance.now() - start;
      });
    const rawRead = (withFilter: string | null) =>
      page.evaluate(
        async ({ dbName, withFilter }) => {
          const start = performance.now();
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open(dbName);
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          const read = (store: string) =>
            new Promise<{ id: string; number?: string; name?: string }[]>((resolve, reject) => {
              const req = db.transaction(store).objectStore(store).getAll();
              req.onsuccess = () => resolve(req.result as { id: string }[]);
              req.onerror = () => reject(req.error);
            });
          if (withFilter) {
            const [invoices] = await Promise.all([read('invoices'), read('customers')]);
            invoices.filter((i) => i.number?.toLowerCase().includes(withFilter));
          } else {
            const tx = db.transaction(['invoices', 'customers']);
            const newest = await new Promise<{ customerId: string }[]>((resolve, reject) => {
              const rows: { customerId: string }[] = [];
              const cursor = tx.objectStore('invoices').index('invoiceDate').openCursor(null, 'prev');
              cursor.onsuccess = () => {
                const c = cursor.result;
                if (c && rows.length < 100) {
                  rows.push(c.value as { customerId: string });
                  c.continue();
                } else resolve(rows);
              };
              cursor.onerror = () => reject(cursor.error);
            });
            await Promise.all(
              newest.map(
                (i) =>
                  new Promise((resolve) => {
                    const req = tx.objectStore('customers').get(i.customerId);
                    req.onsuccess = () => resolve(req.result);
                  }),
              ),
            );
          }
          db.close();
          return performance.now() - start;
        },
        { dbName, withFilter },
      );

    // Interleaved runs, timed inside the page (the click-back to Customers is not counted).
    const listTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await nav.getByRole('link', { name: 'Customers' }).click();
      await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
      listTimes.push(await firstRows());
      rawTimes.push(await rawRead(null));
    }

    // Search: a keystroke completing "INV-7777" until the list shows only matching rows.
    const searchTimes: number[] = [];
    const rawSearchTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const query = `INV-${7770 + i}`;
      await page.getByLabel('Search').fill(query.slice(0, -1));
      await page.getByText(/ of 100000 invoices| of 100,000 invoices/).waitFor();
      searchTimes.push(
        await page.evaluate(async (q) => {
          const input = document.querySelector('input[type="search"]') as HTMLInputElement;
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          const start = performance.now();
          setter.call(input, q);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise<void>((resolve) => {
            const done = () => {
              const rows = document.querySelectorAll('[data-testid="invoice-rows"] [role="row"]');
              return rows.length > 0 && [...rows].every((r) => r.textContent?.includes(q));
            };
            if (done()) return resolve();
            const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve()));
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          });
          return performance.now() - start;
        }, query),
      );
      rawSearchTimes.push(await rawRead(query.toLowerCase()));
    }
    const listValue = median(listTimes);
    const listBase = median(rawTimes);
    const searchValue = median(searchTimes);
    const searchBase = median(rawSearchTimes);
    return [
      { case: `list first rows, ${INVOICES} invoices (vs raw read of the newest 100)`, unit: 'ms', value: round(listValue), baseline: round(listBase), ratio: round(listValue / listBase) },
      { case: 'search keystroke to rows (vs raw read + filter of all)', unit: 'ms', value: round(searchValue), baseline: round(searchBase), ratio: round(searchValue / searchBase) },
    ];
  } finally {
    await app.stop();
  }
}
