import { describe, expect, it } from 'vitest';
import { accountSchema, contactSchema, customerSchema, entitySchemas, invoiceLineSchema, packageSchema, TAX_NOTE_MAX_LENGTH, VAT_ID_MAX_LENGTH, type Entities, type EntityName } from './entities';
import { INVOICE_ID, testAccount, testAssignment, testCustomer, testInvoice, testPackage, testUsage, testUuid } from './test-fixtures';

describe('email addresses', () => {
  const contact = (email: string) => contactSchema.safeParse({ name: 'Ann', email, phone: '' });
  it('takes an address or nothing, and refuses typing slips with a message saying what is expected', () => {
    for (const email of ['', 'billing@example.com', 'ann.o+invoices@mail.carrier.co.uk']) expect(contact(email).success, email).toBe(true);
    for (const email of ['not-an-email', 'ann@example', 'ann smith@example.com', '@example.com', 'ann@@example.com']) {
      const parsed = contact(email);
      expect(parsed.success, email).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('must be an email address like billing@example.com');
    }
    expect(accountSchema.safeParse(testAccount({ email: 'billing.example.com' })).success).toBe(false);
    expect(accountSchema.safeParse(testAccount({ email: 'billing@example.com' })).success).toBe(true);
  });
});

/** A valid row of every entity, each text field holding some text. */
const validRows: { [E in EntityName]: Entities[E] } = {
  account: testAccount({ companyName: 'Seller', address: 'Street', paymentDetails: 'IBAN', numberPrefix: 'INV-' }),
  customers: testCustomer({ name: 'Acme', company: 'Acme Ltd', address: 'Road', externalId: 'A-1', notes: 'n', contacts: [{ name: 'Ann', email: '', phone: '+1' }] }),
  packages: testPackage({ name: 'DID', description: 'A number', prefixPattern: '44' }),
  customerPackages: testAssignment(),
  usage: testUsage(),
  invoices: testInvoice({ number: 'INV-1', notes: 'n', voidReason: 'v' }),
  invoiceLines: {
    id: testUuid(900),
    invoiceId: INVOICE_ID,
    position: 0,
    kind: 'manual',
    description: 'Setup',
    startDate: null,
    endDate: null,
    quantity: '1',
    unit: 'pcs',
    unitPrice: '1',
    taxRate: '20',
    amount: null,
    calls: null,
    minutes: null,
    packageId: null,
  },
  payments: { id: testUuid(901), customerId: testUuid(1), date: '2026-03-01', amount: '1', currency: 'USD', method: 'wire', reference: 'r', allocations: [{ invoiceId: INVOICE_ID, amount: '1' }] },
  cdrImports: {
    id: testUuid(902),
    fileName: 'march.csv',
    importedAt: '2026-03-05T10:00:00.000Z',
    importedBy: 'ann@example.com',
    status: 'undone',
    undoneAt: '2026-03-06T10:00:00.000Z',
    undoneBy: 'bob@example.com',
    cdrs: 2,
    calls: 1,
    billedSeconds: 60,
    charges: [{ currency: 'USD', amount: '0.1' }],
    customerIds: [testUuid(1)],
    firstDay: '2026-03-01',
    lastDay: '2026-03-02',
  },
  cdrImportParts: {
    id: `${testUuid(902)}:0`,
    importId: testUuid(902),
    cells: [{ customerId: testUuid(1), day: '2026-03-01', destination: '44', calls: 1, attempts: 2, seconds: 60, billedSeconds: 60, charge: '0.1' }],
  },
};

/** Every string of a row, by its path ("contacts.0.name"). */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function withValue(row: unknown, path: (string | number)[], value: string): unknown {
  const copy = structuredClone(row) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

describe('values Postgres cannot store', () => {
  it('are valid rows to begin with', () => {
    for (const entity of Object.keys(validRows) as EntityName[]) expect(entitySchemas[entity].safeParse(validRows[entity]).error?.issues, entity).toBeUndefined();
  });

  it('refuse a NUL character, or half of a surrogate pair, in every text of every record, naming the field', () => {
    let checked = 0;
    for (const entity of Object.keys(validRows) as EntityName[]) {
      for (const path of stringPaths(validRows[entity])) {
        const text = path.join('.');
        const before = (path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], validRows[entity]) as string) || 'x';
        for (const [bad, says] of [
          [`${before.slice(0, 1)}\u0000${before.slice(1)}`, 'NUL character'],
          [`${before}\ud83d`, 'half of a UTF-16 surrogate pair'],
        ] as const) {
          const parsed = entitySchemas[entity].safeParse(withValue(validRows[entity], path, bad));
          expect(parsed.success, `${entity} ${text} ${JSON.stringify(bad)}`).toBe(false);
          expect(parsed.error?.issues.map((i) => i.path.join('.')), `${entity} ${text}`).toContain(text);
          // Enums, ids, days, currencies and decimals refuse it by their own format.
          if (parsed.error?.issues.some((i) => i.code === 'custom' && i.message.includes(says))) checked++;
        }
      }
    }
    // The free texts: 9 of the account, 10 of a customer and its contact (its VAT id and tax note among them), 3 of a package, 3 of usage (id, destination and name), 3 of an invoice, 2 of a line, 2 of a payment, 5 of a CDR import (file name, when and by whom imported and undone) and 2 of its part (id, a cell's destination).
    expect(checked).toBe(2 * 39);
    // A whole emoji is text like any other.
    expect(entitySchemas.customers.safeParse({ ...validRows.customers, name: 'Acme 📞' }).success).toBe(true);
  });

  it('refuse the year 0 in every day, which Postgres does not have; the years 0001 to 9999 are days', () => {
    const days: [EntityName, string][] = [
      ['customerPackages', 'startDate'],
      ['customerPackages', 'endDate'],
      ['usage', 'day'],
      ['invoices', 'invoiceDate'],
      ['invoices', 'dueDate'],
      ['invoices', 'periodStart'],
      ['invoices', 'periodEnd'],
      ['invoiceLines', 'startDate'],
      ['invoiceLines', 'endDate'],
      ['payments', 'date'],
    ];
    for (const [entity, field] of days) {
      const parsed = entitySchemas[entity].safeParse({ ...validRows[entity], [field]: '0000-12-01' });
      expect(parsed.error?.issues[0], `${entity} ${field}`).toMatchObject({ path: [field], message: 'must be a date in the years 0001 to 9999' });
      for (const day of ['0001-01-01', '9999-12-31']) expect(entitySchemas[entity].safeParse({ ...validRows[entity], [field]: day }).success, `${entity} ${field} ${day}`).toBe(true);
    }
  });
});

describe('names and tax rates', () => {
  it('refuse a customer or package name of only spaces (a blank row in the lists), naming the field', () => {
    for (const name of ['', '   ', '\t\n']) {
      expect(customerSchema.safeParse(testCustomer({ name })).error?.issues[0], JSON.stringify(name)).toMatchObject({ path: ['name'], message: 'is required' });
      expect(packageSchema.safeParse(testPackage({ name })).error?.issues[0], JSON.stringify(name)).toMatchObject({ path: ['name'], message: 'is required' });
    }
    expect(customerSchema.safeParse(testCustomer({ name: ' Acme ' })).success).toBe(true);
  });

  it('take tax rates from 0 to 100 percent, for customers and invoice lines', () => {
    for (const taxRate of ['0', '7.5', '20', '100', '100.000000']) {
      expect(customerSchema.safeParse(testCustomer({ taxRate })).success, taxRate).toBe(true);
      expect(invoiceLineSchema.safeParse({ ...validRows.invoiceLines, taxRate }).success, taxRate).toBe(true);
    }
    for (const taxRate of ['100.000001', '101', '99999']) {
      expect(customerSchema.safeParse(testCustomer({ taxRate })).error?.issues[0], taxRate).toMatchObject({ path: ['taxRate'], message: 'must be at most 100 (it is a percentage)' });
      expect(invoiceLineSchema.safeParse({ ...validRows.invoiceLines, taxRate }).error?.issues[0], taxRate).toMatchObject({ path: ['taxRate'], message: 'must be at most 100 (it is a percentage)' });
    }
    // Not a number at all: one message, saying so.
    expect(customerSchema.safeParse(testCustomer({ taxRate: 'x' })).error?.issues.map((i) => i.message)).toEqual([
      'must be a decimal number with at most 15 digits before the point and 6 after, like 12.50',
    ]);
  });
});

describe("a customer's VAT id and tax note", () => {
  const issue = (overrides: Parameters<typeof testCustomer>[0]) => customerSchema.safeParse(testCustomer(overrides)).error?.issues[0];

  it('take any country\'s VAT id as free text, and a tax note of several lines; a customer written before them has neither', () => {
    for (const vatId of ['', 'NL123456789B01', 'ATU12345678', 'CHE-123.456.789 MWST', 'EL 094259216', 'X'.repeat(VAT_ID_MAX_LENGTH)]) {
      expect(customerSchema.safeParse(testCustomer({ vatId })).success, vatId).toBe(true);
    }
    const twoLanguages = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)\nBTW verlegd';
    for (const taxNote of ['', twoLanguages, 'Steuerschuldnerschaft des Leistungsempfängers\r\nReverse charge', 'x'.repeat(TAX_NOTE_MAX_LENGTH)]) {
      expect(customerSchema.safeParse(testCustomer({ taxNote })).success, taxNote).toBe(true);
    }
    const { vatId: _vatId, taxNote: _taxNote, ...before } = testCustomer();
    expect(customerSchema.safeParse(before).success).toBe(true);
  });

  it('refuse a VAT id that is too long, has spaces around it or a control character (a tab, a line break), saying which', () => {
    expect(issue({ vatId: 'X'.repeat(VAT_ID_MAX_LENGTH + 1) })).toMatchObject({ path: ['vatId'], message: `must be at most ${VAT_ID_MAX_LENGTH} characters` });
    for (const vatId of [' NL123456789B01', 'NL123456789B01 ', 'NL123456789B01\n']) {
      expect(issue({ vatId }), JSON.stringify(vatId)).toMatchObject({ path: ['vatId'] });
    }
    expect(issue({ vatId: ' NL1' })?.message).toBe('must not begin or end with spaces');
    for (const vatId of ['NL1\t23', 'NL1\n23', 'NL1\u001b[31m', 'NL1\u007f', 'NL1\u0085']) {
      expect(issue({ vatId }), JSON.stringify(vatId)).toMatchObject({ path: ['vatId'], message: 'must be one line without control characters (tabs, line breaks)' });
    }
    expect(issue({ vatId: 'NL1\u0000' })).toMatchObject({ path: ['vatId'], message: 'must not contain the NUL character (U+0000): remove it and save again' });
  });

  it('refuse a tax note that is too long, has blank space around it or a control character other than a line break, saying which', () => {
    expect(issue({ taxNote: 'x'.repeat(TAX_NOTE_MAX_LENGTH + 1) })).toMatchObject({ path: ['taxNote'], message: `must be at most ${TAX_NOTE_MAX_LENGTH} characters` });
    for (const taxNote of ['Reverse charge\n', ' Reverse charge', '\nReverse charge']) {
      expect(issue({ taxNote }), JSON.stringify(taxNote)).toMatchObject({ path: ['taxNote'], message: 'must not begin or end with spaces or blank lines' });
    }
    for (const taxNote of ['Reverse\tcharge', 'Reverse\u001bcharge', 'Reverse\u0007charge']) {
      expect(issue({ taxNote }), JSON.stringify(taxNote)).toMatchObject({ path: ['taxNote'], message: 'must not contain control characters (tabs, escape codes); line breaks are fine' });
    }
  });
});
