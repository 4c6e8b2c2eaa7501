import { describe, expect, it } from 'vitest';
import { CUSTOMER_MATCHES_SHOWN, customerLabel, foldForSearch, indexCustomers, searchCustomers, type SearchableCustomer } from './customer-search';
import { testCustomer, testUuid } from './test-fixtures';

let next = 0;
function customer(name: string, overrides: Partial<SearchableCustomer> = {}): SearchableCustomer {
  next++;
  return testCustomer({ id: testUuid(next), name, company: '', externalId: '', ...overrides });
}

const names = (customers: readonly SearchableCustomer[], query: string, limit?: number) => searchCustomers(indexCustomers(customers), query, limit).shown.map((c) => c.name);

describe('foldForSearch', () => {
  it('lower-cases and drops accents, including letters Unicode does not decompose', () => {
    expect(foldForSearch('Société Réseau ÉCOLE')).toBe('societe reseau ecole');
    expect(foldForSearch('Øresund Straße Łódź Æther')).toBe('oresund strasse lodz aether');
    // Compatibility forms too: a full-width id as pasted from some accounting exports.
    expect(foldForSearch('ＧＬＸ-１')).toBe('glx-1');
  });
});

describe('customerLabel', () => {
  it('names the customer, its company and whether it is inactive, as the option and the field show it', () => {
    expect(customerLabel(customer('Globex Carrier', { company: 'Globex Ltd' }))).toBe('Globex Carrier (Globex Ltd)');
    expect(customerLabel(customer('Atlas Telecom', { status: 'inactive' }))).toBe('Atlas Telecom (inactive)');
  });
});

describe('searchCustomers', () => {
  const byName = [
    customer('Atlas Telecom', { externalId: 'ATL-1', status: 'inactive' }),
    customer('Beta Voice', { company: 'Beta Holdings', externalId: 'ACC-7731' }),
    customer('Core Networks', { status: 'inactive' }),
    customer('Delta Carrier', { externalId: 'ACC-1200' }),
    customer('Société Réseau', { externalId: 'FR-0042' }),
  ];

  it('lists every customer for a blank query: the active ones, then the inactive ones, each in the order given', () => {
    expect(names(byName, '')).toEqual(['Beta Voice', 'Delta Carrier', 'Société Réseau', 'Atlas Telecom', 'Core Networks']);
    expect(names(byName, '   ')).toEqual(names(byName, ''));
  });

  it('finds by part of the external accounting id, whatever its case', () => {
    expect(names(byName, 'acc-77')).toEqual(['Beta Voice']);
    expect(names(byName, 'acc')).toEqual(['Beta Voice', 'Delta Carrier']);
    expect(names(byName, '0042')).toEqual(['Société Réseau']);
  });

  it('finds by name and by company, case and accents aside, either way round', () => {
    expect(names(byName, 'SOCIETE reseau')).toEqual(['Société Réseau']);
    expect(names(byName, 'réseau')).toEqual(['Société Réseau']);
    expect(names(byName, 'holdings')).toEqual(['Beta Voice']);
  });

  it('needs every word of the query, each in any of the fields', () => {
    expect(names(byName, 'beta 7731')).toEqual(['Beta Voice']);
    expect(names(byName, 'beta 1200')).toEqual([]);
  });

  it('puts an external id typed whole first, then fields or words beginning with the query, then the rest', () => {
    const customers = [
      customer('Carrier One', { externalId: 'NET' }),
      customer('Internet Exchange'),
      customer('Net Solutions'),
      customer('Sky Network'),
    ];
    expect(names(customers, 'net')).toEqual(['Carrier One', 'Net Solutions', 'Sky Network', 'Internet Exchange']);
  });

  it('keeps inactive customers after the active ones, however closely they match', () => {
    expect(names(byName, 'atl-1')).toEqual(['Atlas Telecom']);
    expect(names(byName, 'e')).toEqual(['Beta Voice', 'Delta Carrier', 'Société Réseau', 'Atlas Telecom', 'Core Networks']);
    // Delta's "Carrier" and Core begin with c; Beta's ACC-7731, Société and Telecom only hold one.
    expect(names(byName, 'c')).toEqual(['Delta Carrier', 'Beta Voice', 'Société Réseau', 'Core Networks', 'Atlas Telecom']);
  });

  it(`shows at most ${CUSTOMER_MATCHES_SHOWN} and counts the others`, () => {
    const many = Array.from({ length: 3000 }, (_, i) => customer(`Carrier ${String(i).padStart(4, '0')}`, { externalId: `C-${i}` }));
    const all = searchCustomers(indexCustomers(many), 'carrier');
    expect(all.shown).toHaveLength(CUSTOMER_MATCHES_SHOWN);
    expect(all.shown[0]!.name).toBe('Carrier 0000');
    expect(all.more).toBe(3000 - CUSTOMER_MATCHES_SHOWN);
    const few = searchCustomers(indexCustomers(many), 'c-299');
    // C-299 itself, then C-2990 to C-2999.
    expect(few.shown.map((c) => c.externalId)).toEqual(['C-299', ...Array.from({ length: 10 }, (_, i) => `C-299${i}`)]);
    expect(few.more).toBe(0);
    expect(searchCustomers(indexCustomers(many), 'carrier', 10).more).toBe(2990);
  });
});
