import { describe, expect, it } from 'vitest';
import { demoMutations, DEMO_DESTINATIONS, generateDemoData, mulberry32, remainingDemoMutations, USAGE_BATCH_SIZE } from './demo-data';
import { customerPackageSchema, customerSchema, packageSchema, usageSchema, type Entities, type EntityName, type Invoice, type Usage } from './entities';
import { defaultAccount, runMutation, type MutationTx } from './mutators';

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

describe('demoMutations', { timeout: 30_000 }, () => {
  it('loads through the real mutators, in batches putUsage accepts, filling only blank seller details', async () => {
    const data = generateDemoData({ today: '2026-11-29', seed: 3, currency: 'EUR' });
    const mutations = demoMutations(data, defaultAccount());
    const usageBatches = mutations.filter((m) => m.name === 'putUsage');
    expect(usageBatches.length).toBe(Math.ceil(data.usage.length / USAGE_BATCH_SIZE));
    const tx = new MemoryTx();
    for (const m of mutations) await runMutation(tx, m.name, m.args);
    expect(tx.tables.get('customers')?.size).toBe(50);
    // The seller's ten in EUR, and the platform fee in USD and in GBP.
    expect(tx.tables.get('packages')?.size).toBe(12);
    expect(tx.tables.get('customerPackages')?.size).toBe(data.assignments.length);
    expect(tx.tables.get('usage')?.size).toBe(data.usage.length);
    expect(tx.tables.get('account')?.get('account')).toMatchObject({ companyName: 'Northwind Voice Carrier Ltd', email: 'billing@northwind-voice.example' });

    // A company with a name of its own gets none of the demo company's details, not even where its own are blank.
    const named = demoMutations(data, { ...defaultAccount(), companyName: 'Real Co', vatId: 'GB 999' });
    expect(named.find((m) => m.name === 'saveAccount')).toBeUndefined();
    const unnamed = demoMutations(data, { ...defaultAccount(), vatId: 'GB 999' });
    expect(unnamed.find((m) => m.name === 'saveAccount')?.args).toEqual({
      companyName: data.account.companyName,
      address: data.account.address,
      email: data.account.email,
      registrationId: data.account.registrationId,
      paymentDetails: data.account.paymentDetails,
    });
    const complete = { companyName: 'A', address: 'B', email: 'C', registrationId: 'D', vatId: 'E', paymentDetails: 'F' };
    expect(demoMutations(data, complete).find((m) => m.name === 'saveAccount')).toBeUndefined();
  });

  it('finishes a load that stopped part way: runs only what is missing, and nothing once all is there', async () => {
    const data = generateDemoData({ today: '2026-11-29', seed: 3, currency: 'EUR' });
    const mutations = demoMutations(data, defaultAccount());
    const tx = new MemoryTx();
    const loaded = { has: (entity: EntityName, id: string) => tx.tables.get(entity)?.has(id) ?? false };
    // A reload after the customers and part of the usage: 3 of its batches were put.
    const stoppedAt = mutations.findIndex((m) => m.name === 'putUsage') + 3;
    for (const m of mutations.slice(0, stoppedAt)) await runMutation(tx, m.name, m.args);

    // (saveAccount only fills blank details: built from the account as it is now, there is none.)
    const remaining = remainingDemoMutations(mutations, loaded).filter((m) => m.name !== 'saveAccount');
    expect(remaining).toEqual(mutations.slice(stoppedAt));
    // Each remaining mutation applies (none refused as already there), and the load is whole.
    for (const m of remaining) await runMutation(tx, m.name, m.args);
    expect(tx.tables.get('usage')?.size).toBe(data.usage.length);
    expect(tx.tables.get('customerPackages')?.size).toBe(data.assignments.length);
    expect(remainingDemoMutations(mutations, loaded).filter((m) => m.name !== 'saveAccount')).toEqual([]);
  });
});
