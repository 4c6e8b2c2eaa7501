import { describe, expect, it } from 'vitest';
import { contentsKeepingDemoOut, DEMO_DESTINATIONS, demoSellerDetails, generateDemoData, mulberry32 } from './demo-data';
import { customerPackageSchema, customerSchema, packageSchema, usageSchema, type Entities, type EntityName, type Invoice, type Usage } from './entities';
import { defaultAccount, runMutation, type MutationTx } from './mutators';
import { testCustomer, testInvoice, testPackage, testUuid } from './test-fixtures';

/** The mutators' view of a store, in memory: enough to check the demo loads through them. */
class MemoryTx implements MutationTx {
  readonly location = 'client' as const;
  readonly tables = new Map<EntityName, Map<string, unknown>>();
  private table(entity: EntityName) {
    let t = this.tables.get(entity);
    if (!t) this.tables.set(entity, (t = new Map()));
    return t;
  }
  async get<E extends EntityName>(entity: E, id: string) {
    return this.table(entity).get(id) as Entities[E] | undefined;
  }
  async put<E extends EntityName>(entity: E, row: Entities[E]) {
    this.table(entity).set(row.id, row);
  }
  async delete(entity: EntityName, id: string) {
    this.table(entity).delete(id);
  }
  async restoreDeleted() {
    return undefined;
  }
  overrode() {}
  async list<E extends EntityName>(entity: E, field: string, value: string) {
    return [...this.table(entity).values()].filter((r) => (r as Record<string, unknown>)[field] === value) as Entities[E][];
  }
  async exists(entity: EntityName, field: string, value: string) {
    return (await this.list(entity, field, value)).length > 0;
  }
  async count(entity: EntityName) {
    return this.table(entity).size;
  }
  async usageOfDays(customerId: string, first: string, last: string) {
    return [...this.table('usage').values()].filter((r) => {
      const row = r as Usage;
      return row.customerId === customerId && first <= row.day && row.day <= last;
    }) as Usage[];
  }
  async invoiceNumbers() {
    return [...this.table('invoices').values()].flatMap((row) => ((row as Invoice).number === null ? [] : [(row as Invoice).number!]));
  }
  async claimCdrKeys(keys: readonly string[]) {
    return keys.map(() => true);
  }
  async releaseCdrKeys() {}
}

// Generating six months of usage takes about a second; on a loaded CI machine several.
describe('generateDemoData', { timeout: 30_000 }, () => {
  const data = generateDemoData({ today: '2026-11-29', seed: 7, currency: 'USD' });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoData({ today: '2026-11-29', seed: 7, currency: 'USD' })).toEqual(data);
    const other = generateDemoData({ today: '2026-11-29', seed: 8, currency: 'USD' });
    expect(other.customers[0]!.id).not.toBe(data.customers[0]!.id);
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('makes 50 customers with contacts, 10 packages incl. DID rental and free minutes and a platform fee per other currency, and assignments, all valid', () => {
    expect(data.customers).toHaveLength(50);
    expect(new Set(data.customers.map((c) => c.name)).size).toBe(50);
    for (const c of data.customers) {
      expect(customerSchema.parse(c)).toEqual(c);
      expect(c.contacts.length).toBeGreaterThanOrEqual(1);
    }
    // Contacts are people, named as people: a name greets them ("Dear Noah Ivanova,") and prints on
    // invoices, with no role in brackets beside it.
    const contactNames = data.customers.flatMap((c) => c.contacts.map((contact) => contact.name));
    expect(contactNames.filter((name) => !/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(name))).toEqual([]);
    // The seller's ten, and the platform fee in EUR and in GBP.
    expect(data.packages).toHaveLength(12);
    expect(data.packages.filter((p) => p.currency === 'USD')).toHaveLength(10);
    expect(data.packages.filter((p) => p.currency !== 'USD').map((p) => `${p.name} ${p.retail} ${p.currency}`)).toEqual(['Platform Fee (EUR) 45.00 EUR', 'Platform Fee (GBP) 39.00 GBP']);
    for (const p of data.packages) expect(packageSchema.parse(p)).toEqual(p);
    expect(data.packages.some((p) => p.name.startsWith('DID Rental'))).toBe(true);
    expect(data.packages.some((p) => p.kind === 'free-minutes' && p.freeMinutes > 0 && p.prefixPattern !== '')).toBe(true);
    expect(data.packages.some((p) => p.minimumSpend)).toBe(true);
    for (const a of data.assignments) expect(customerPackageSchema.parse(a)).toEqual(a);
    const customersWithPackages = new Set(data.assignments.map((a) => a.customerId));
    expect(customersWithPackages.size).toBe(50);
  });

  it("assigns each customer only packages priced in its currency, those billed in another currency than the seller's included", () => {
    const currencyOf = new Map(data.customers.map((c) => [c.id, c.currency]));
    const packageCurrency = new Map(data.packages.map((p) => [p.id, p.currency]));
    expect(data.assignments.filter((a) => packageCurrency.get(a.packageId) !== currencyOf.get(a.customerId))).toEqual([]);
    const foreign = data.customers.filter((c) => c.currency !== 'USD');
    expect(foreign.length).toBeGreaterThan(5);
    for (const c of foreign) expect(data.assignments.some((a) => a.customerId === c.id)).toBe(true);
  });

  it('covers the six full months before today with daily usage over 80 named E.164 destinations', () => {
    expect(data.period).toEqual({ start: '2026-05-01', end: '2026-10-31' });
    expect(DEMO_DESTINATIONS).toHaveLength(80);
    expect(new Set(DEMO_DESTINATIONS.map((d) => d.prefix)).size).toBe(80);
    for (const d of DEMO_DESTINATIONS) expect(d.prefix).toMatch(/^[1-9]\d{0,5}$/);
    const days = new Set(data.usage.map((u) => u.day));
    // Every day of the 184 days has usage from someone.
    expect(days.size).toBe(184);
    expect([...days].sort()[0]).toBe('2026-05-01');
    expect([...days].sort().at(-1)).toBe('2026-10-31');
    expect(new Set(data.usage.map((u) => u.destination)).size).toBeGreaterThan(60);
    const currencyOf = new Map(data.customers.map((c) => [c.id, c.currency]));
    // One assertion over all rows: an expect() per row of ~47,000 would dominate the test's time.
    const wrong = data.usage.filter(
      (u) =>
        u.id !== `${u.customerId}:${u.day}:${u.destination}` ||
        u.currency !== currencyOf.get(u.customerId) ||
        u.billedSeconds < u.seconds ||
        u.billedSeconds % 6 !== 0 ||
        u.attempts < u.calls ||
        u.calls < 1,
    );
    expect(wrong).toEqual([]);
    expect(new Set(data.usage.map((u) => u.id)).size).toBe(data.usage.length);
    for (const u of data.usage.slice(0, 2000)) expect(usageSchema.parse(u)).toEqual(u);
  });

  it('anchors the months on today: January looks back into the previous year', () => {
    expect(generateDemoData({ today: '2027-01-15' }).period).toEqual({ start: '2026-07-01', end: '2026-12-31' });
  });
});

describe('loadDemoData', { timeout: 30_000 }, () => {
  const today = '2026-11-29';
  const outcome = async (tx: MutationTx, args: unknown) =>
    runMutation(tx, 'loadDemoData', args).then(
      () => 'applied',
      (e: Error) => e.message,
    );
  const sizes = (tx: MemoryTx) => Object.fromEntries([...tx.tables].flatMap(([entity, rows]) => (rows.size > 0 ? [[entity, rows.size]] : [])));

  it('loads the whole demo into an empty account in one change, made from the day and seed alone, in the seller\'s currency', async () => {
    const tx = new MemoryTx();
    await tx.put('account', { ...defaultAccount(), currency: 'EUR' });
    expect(await outcome(tx, { today, seed: 3 })).toBe('applied');
    // The records the device and the server make alike from the same day, seed and currency.
    const data = generateDemoData({ today, seed: 3, currency: 'EUR' });
    expect([...tx.tables.get('customers')!.values()]).toEqual(data.customers);
    // The seller's ten in EUR, and the platform fee in USD and in GBP.
    expect([...tx.tables.get('packages')!.values()]).toEqual(data.packages);
    expect(tx.tables.get('customerPackages')?.size).toBe(data.assignments.length);
    expect(tx.tables.get('usage')?.size).toBe(data.usage.length);
    // The account had no company name: the demo company's details fill it.
    expect(tx.tables.get('account')?.get('account')).toMatchObject({ companyName: 'Northwind Voice Carrier Ltd', email: 'billing@northwind-voice.example', currency: 'EUR' });
  });

  it('refuses an account with customers, packages or invoices, saying what it holds, and adds nothing', async () => {
    const withCustomer = new MemoryTx();
    await withCustomer.put('customers', testCustomer());
    expect(await outcome(withCustomer, { today })).toBe(
      'The demo data was not loaded: it goes only into an empty account, and this account has 1 customer (added on another device before the load reached the server, say). Nothing of the demo was added.',
    );
    expect(sizes(withCustomer)).toEqual({ customers: 1 });

    const inUse = new MemoryTx();
    await inUse.put('customers', testCustomer());
    await inUse.put('customers', testCustomer({ id: testUuid(2) }));
    await inUse.put('packages', testPackage());
    await inUse.put('invoices', testInvoice());
    expect(await outcome(inUse, { today })).toMatch(/^The demo data was not loaded: it goes only into an empty account, and this account has 2 customers, 1 package and 1 invoice \(/);
    expect(sizes(inUse)).toEqual({ customers: 2, packages: 1, invoices: 1 });

    // A package alone (a catalogue set up first) keeps it out too.
    const catalogue = new MemoryTx();
    await catalogue.put('packages', testPackage());
    expect(await outcome(catalogue, { today })).toContain('this account has 1 package (');
  });

  it('takes a day and a small whole seed only', async () => {
    expect(await outcome(new MemoryTx(), { today: '2026-02-30' })).not.toBe('applied');
    expect(await outcome(new MemoryTx(), { today, seed: 1.5 })).not.toBe('applied');
  });
});

describe('demoSellerDetails', () => {
  const data = generateDemoData({ today: '2026-11-29', seed: 3, currency: 'EUR' });

  it('fills the blank seller details of a company with no name yet, and none of a company that named itself', () => {
    expect(demoSellerDetails(data, { ...defaultAccount(), vatId: 'GB 999' })).toEqual({
      companyName: data.account.companyName,
      address: data.account.address,
      email: data.account.email,
      registrationId: data.account.registrationId,
      paymentDetails: data.account.paymentDetails,
    });
    // Not even where its own are blank: the demo company's bank details must never print on its invoices.
    expect(demoSellerDetails(data, { ...defaultAccount(), companyName: 'Real Co', vatId: 'GB 999' })).toEqual({});
  });
});

describe('contentsKeepingDemoOut', () => {
  it('says what an account holds that keeps the demo out, and nothing for an empty one', () => {
    expect(contentsKeepingDemoOut({ customers: 0, packages: 0, invoices: 0 })).toBeUndefined();
    expect(contentsKeepingDemoOut({ customers: 3, packages: 0, invoices: 25 })).toBe('3 customers and 25 invoices');
    expect(contentsKeepingDemoOut({ customers: 1, packages: 2, invoices: 1 })).toBe('1 customer, 2 packages and 1 invoice');
  });
});
