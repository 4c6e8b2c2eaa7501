import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvError,
  customerChangesText,
  decodeCsvFile,
  customerImportChanges,
  customerImportUpdate,
  customersToCsv,
  externalIdClashes,
  externalIdClashText,
  invoicesCsvFileName,
  invoicesToCsv,
  matchExistingCustomers,
  parseCsv,
  parseCustomerCsv,
  serializeCsv,
} from './csv';
import type { Customer } from './entities';
import { addDecimals, subtractDecimals } from './money';
import { testCustomer, testInvoice, testUuid } from './test-fixtures';

function ids() {
  let n = 100;
  return () => testUuid(n++, 'c');
}

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFname,notes\r\n"Acme, Inc","said ""hi""\nthen left"\r\nBeta,\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'notes'],
      ['Acme, Inc', 'said "hi"\nthen left'],
      ['Beta', ''],
    ]);
  });

  it('keeps a last row without a line end', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses an unterminated quote, a stray quote and binary data', () => {
    expect(() => parseCsv('name\n"Acme\n')).toThrow(/^Row 2: a quoted cell is never closed$/);
    expect(() => parseCsv('name\nAc"me\n')).toThrow(CsvError);
    expect(() => parseCsv('name\n"Ac"me\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('\u0089PNG\r\n\u001a\n\u0000\u0000')).toThrow(/binary/);
    expect(() => parseCsv('name\n\uFFFD\uFFFD')).toThrow(/binary/);
  });

  // The tester's file: the preview numbers rows as a spreadsheet does (23), the error said "Line 24".
  it('names the spreadsheet row of a malformed cell, and the line of the text too when a quoted cell above spans lines', () => {
    expect(() => parseCsv('name,notes\nA,x\nB,y"z\n')).toThrow(/^Row 3: a quote \("\) inside an unquoted cell/);
    expect(() => parseCsv('name,notes\nA,"two\nlines"\nB,y"z\n')).toThrow(/^Row 3 \(line 4 of the file: a quoted cell spans lines\): a quote \("\) inside an unquoted cell/);
    expect(() => parseCsv('name,notes\nA,"two\nlines"\n"B"c,y\n')).toThrow(/^Row 3 \(line 4 of the file: a quoted cell spans lines\): text after a closing quote$/);
    expect(() => parseCsv('name,notes\nA,"two\nlines"\nB,"open\n')).toThrow(/^Row 3 \(line 4 of the file: a quoted cell spans lines\): a quoted cell is never closed$/);
  });
});

describe('decodeCsvFile', () => {
  const utf16 = (text: string, order: 'le' | 'be') => {
    const bytes = [order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]];
    for (const c of text) {
      const code = c.charCodeAt(0);
      bytes.push(order === 'le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff]);
    }
    return new Uint8Array(bytes.flat());
  };

  it('reads UTF-8, with or without a byte-order mark, and UTF-16 with its byte-order mark (Excel\'s "Unicode text")', () => {
    expect(decodeCsvFile(new TextEncoder().encode('name\nSociété Générale\n'))).toBe('name\nSociété Générale\n');
    expect(parseCsv(decodeCsvFile(new TextEncoder().encode('\uFEFFname\nÜ\n')))).toEqual([['name'], ['Ü']]);
    expect(parseCsv(decodeCsvFile(utf16('name,company\nUTF16 Customer,Zürich\n', 'le')))).toEqual([['name', 'company'], ['UTF16 Customer', 'Zürich']]);
    expect(parseCsv(decodeCsvFile(utf16('name\nÉcole\n', 'be')))).toEqual([['name'], ['École']]);
  });

  it('refuses other bytes, naming Latin-1/Windows-1252 as a likely cause', () => {
    // "Société" in Latin-1: é is the single byte E9.
    const latin1 = new Uint8Array([...new TextEncoder().encode('name\nSoci'), 0xe9, ...new TextEncoder().encode('t\n')]);
    expect(() => decodeCsvFile(latin1)).toThrow(CsvError);
    expect(() => decodeCsvFile(latin1)).toThrow(
      'The file is not UTF-8 text: it is a spreadsheet or an image, or a CSV saved in another encoding such as Latin-1/Windows-1252. Save it as "CSV UTF-8" and try again.',
    );
    // A byte-order mark then an odd number of bytes: UTF-16 cut short.
    expect(() => decodeCsvFile(new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61]))).toThrow(/not valid UTF-16/);
  });
});

describe('serializeCsv', () => {
  it('round-trips awkward text, and defuses spreadsheet formulas without touching phones or amounts', () => {
    const rows = [
      ['a,b', 'say "x"', 'two\nlines', ' padded '],
      ['=HYPERLINK("http://evil")', '@SUM(A1)', '+44 20 7946 0000', '-5', '-cmd'],
    ];
    const csv = serializeCsv(rows);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`'@SUM(A1)`);
    expect(csv).toContain(`'-cmd`);
    expect(csv).toContain(',+44 20 7946 0000,-5,');
    expect(parseCsv(csv)).toEqual([rows[0], [`'=HYPERLINK("http://evil")`, `'@SUM(A1)`, '+44 20 7946 0000', '-5', `'-cmd`]]);
  });

  // The tester's payloads: a sign followed by a digit, a space, "(" or "." was taken for a number or a phone.
  it('escapes every value starting with =, +, -, @, a tab or a line break unless it is plainly a number or a phone number', () => {
    const formulas = [
      `-2+3+cmd|' /C calc'!A0`,
      `+1+HYPERLINK("http://evil.example","x")`,
      `-(1)+cmd|' /C calc'!A0`,
      `- 1+cmd|' /C calc'!A0`,
      `-.5+cmd|' /C calc'!A0`,
      '+1 (212) 555-0100+HYPERLINK("http://evil.example")',
      '=1+2',
      '@SUM(1+1)',
      '\t=1+1',
      '\r=1+1',
      '\n=1+1',
      '\uFF1D1+1',
      '\uFF0B1+1',
      '\uFF0D1+1',
      '\uFF20SUM(A1)',
      '- item',
      '+',
      '-',
    ];
    const plain = ['-12.50', '-5', '+3', '12', '+44 20 7946 0000', '+1 (212) 555-0100', '+33.1.23.45.67.89', 'Acme', "'quoted"];
    for (const value of formulas) {
      const [cell] = parseCsv(serializeCsv([[value]]))[0]!;
      expect(cell, JSON.stringify(value)).toBe(`'${value}`);
    }
    for (const value of plain) expect(parseCsv(serializeCsv([[value]]))[0]![0], value).toBe(value);
    // Import takes the escape off again: each value comes back exactly.
    const customers = [...formulas, ...plain].map((notes, i) => testCustomer({ id: testUuid(i + 1, 'c'), name: `Customer ${i}`, notes, contacts: [{ name: 'Ana', email: '', phone: notes }] }));
    const { valid, errors } = parseCustomerCsv(customersToCsv(customers), { currency: 'USD', newId: ids() });
    expect(errors).toEqual([]);
    expect(valid.map((v) => v.customer)).toEqual(customers);
  });
});

describe('customers CSV', () => {
  it('exports and re-imports customers exactly, contacts included', () => {
    const customers = [
      testCustomer({
        id: testUuid(1, 'c'),
        name: '<img src=x onerror=alert(1)>',
        notes: 'line one\nline "two"',
        vatId: 'NL123456789B01',
        taxNote: 'Reverse charge: VAT to be accounted for by the recipient\n(Art. 196, Directive 2006/112/EC)',
        contacts: [
          { name: 'Ana', email: 'ana@example.com', phone: '+44 20 7946 0001' },
          { name: 'Bo', email: '', phone: '' },
        ],
      }),
      testCustomer({ id: testUuid(2, 'c'), name: 'Beta', currency: 'EUR', status: 'inactive', dueDays: 0, schedule: 'none', contacts: [] }),
    ];
    const csv = customersToCsv(customers);
    expect(csv.split('\r\n')[0]).toBe(
      'id,name,company,status,currency,tax_rate,due_days,schedule,address,external_id,notes,contact_1_name,contact_1_email,contact_1_phone,contact_2_name,contact_2_email,contact_2_phone,vat_id,tax_note',
    );
    const result = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(result.errors).toEqual([]);
    expect(result.valid.map((v) => v.customer)).toEqual(customers);
    expect(result.valid.map((v) => v.row)).toEqual([2, 3]);
  });

  // The tester's case: the re-import trimmed the padded address and took the note's own apostrophe for the export's escape.
  it('re-imports padded, multi-line and apostrophe-led text exactly', () => {
    const customer = testCustomer({ id: testUuid(1, 'c'), notes: "'=SUM(A1)\nsecond line\n", address: '  Street 1  \n  City  ', company: ' ' });
    const csv = customersToCsv([customer]);
    // One apostrophe more than the note has: a spreadsheet shows it as text, and import takes exactly one away.
    expect(csv).toContain(`"''=SUM(A1)\nsecond line\n"`);
    const { valid, errors } = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(errors).toEqual([]);
    expect(valid[0]!.customer).toEqual(customer);
    expect(customerImportChanges(customer, valid[0]!.patch)).toEqual([]);
  });

  it('trims the spaces around unquoted cells of a hand-written file, keeps quoted cells exactly, and removes only the export escape', () => {
    const csv = [
      'name, company, notes, address, external_id, contact_1_name, contact_1_phone',
      `Acme, Acme Ltd ,"  kept  ", '=1+1, ''=2, 'Tis, +44 20 7946 0000`,
      `Beta, '',"'-x", ''Tis, '''@y,"'", -5`,
    ].join('\n');
    const { valid, errors } = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(errors).toEqual([]);
    expect(valid.map(({ customer: c }) => [c?.name, c?.company, c?.notes, c?.address, c?.externalId, c?.contacts])).toEqual([
      ['Acme', 'Acme Ltd', '  kept  ', '=1+1', "'=2", [{ name: "'Tis", email: '', phone: '+44 20 7946 0000' }]],
      ['Beta', "''", '-x', "''Tis", "''@y", [{ name: "'", email: '', phone: '-5' }]],
    ]);
  });

  it('round-trips any text through export and import (property)', () => {
    // Characters the CSV format, the formula escape and trimming treat specially, among any others.
    const awkward = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '"', ',', ' ', '\u00a0', '\u2028', '\ufeff', '1', '(', ')', '.', '\uFF1D', '\uFF0D');
    // Not NUL or U+FFFD: parseCsv refuses a file with them as binary (or badly decoded) data. Not
    // half a surrogate pair: the customer schema refuses it (it cannot be stored as sent).
    const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000' && c !== '\uFFFD' && !/^[\uD800-\uDFFF]$/.test(c));
    const text = (minLength = 0) => fc.string({ unit: fc.oneof({ weight: 3, arbitrary: awkward }, { weight: 1, arbitrary: anyChar }), minLength, maxLength: 12 });
    const contact = fc
      .record({ name: text(), email: fc.constantFrom('', 'ana@example.com'), phone: text() })
      .filter((c) => c.name !== '' || c.email !== '' || c.phone !== '');
    const customer = fc.record({
      // A name of only spaces (or line breaks) is no name: customerSchema refuses it.
      name: text(1).filter((name) => name.trim() !== ''),
      company: text(),
      status: fc.constantFrom('active', 'inactive'),
      currency: fc.constantFrom('USD', 'EUR'),
      taxRate: fc.constantFrom('0', '7.5', '20'),
      dueDays: fc.integer({ min: 0, max: 365 }),
      schedule: fc.constantFrom('none', 'daily', 'weekly', 'monthly'),
      address: text(),
      contacts: fc.array(contact, { maxLength: 2 }),
      externalId: text(),
      notes: text(),
      // One line, trimmed, no control characters (lib/entities); the tax note may have line breaks inside.
      vatId: text().map((v) => v.replace(/\p{Cc}/gu, '').trim()),
      taxNote: text().map((v) => v.replace(/(?![\n\r])\p{Cc}/gu, '').trim()),
    });
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 3 }), (drafts) => {
        const customers: Customer[] = drafts.map((draft, i) => ({ id: testUuid(i + 1, 'c'), ...draft }));
        const { valid, errors } = parseCustomerCsv(customersToCsv(customers), { currency: 'USD', newId: ids() });
        expect(errors).toEqual([]);
        expect(valid.map((v) => v.customer)).toEqual(customers);
        valid.forEach((v, i) => expect(customerImportChanges(customers[i]!, v.patch)).toEqual([]));
      }),
      { seed: 20260401, numRuns: 1000 },
    );
    // A thousand exports and imports: more than the default 5 s on a busy machine.
  }, 20_000);

  it('imports good rows with defaults and reports each bad row by row number, column and reason', () => {
    const csv = [
      'Name,Company,Currency,Tax rate,Due days,Status,Contact 1 Name,Contact 1 Email,Colour',
      'Alpha,Alpha Ltd,,20,14,,Ann,ann@alpha.test,blue',
      'Bravo,,gbp,7.5%,,inactive,,,',
      ',No Name Co,USD,20,30,active,,,',
      'Charlie,,XXX,-3,abc,sleeping,,,',
      '',
      'Delta,,EUR,0,0,ACTIVE,,,',
    ].join('\n');
    const result = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(result.ignoredColumns).toEqual(['Colour']);
    expect(result.valid.map(({ row, customer: c }) => [row, c?.name, c?.currency, c?.taxRate, c?.dueDays, c?.status])).toEqual([
      [2, 'Alpha', 'USD', '20', 14, 'active'],
      [3, 'Bravo', 'GBP', '7.5', 30, 'inactive'],
      [7, 'Delta', 'EUR', '0', 0, 'active'],
    ]);
    expect(result.valid[0]!.customer!.contacts).toEqual([{ name: 'Ann', email: 'ann@alpha.test', phone: '' }]);
    expect(result.valid[0]!.customer!.id).toBe(testUuid(100, 'c'));
    expect(result.errors).toEqual([
      { row: 4, field: 'name', reason: 'is required' },
      { row: 5, field: 'status', reason: 'must be active or inactive' },
      { row: 5, field: 'currency', reason: 'is not a known ISO 4217 currency code' },
      { row: 5, field: 'tax_rate', reason: 'must not be negative' },
      { row: 5, field: 'due_days', reason: 'must be a whole number of days from 0 to 365' },
    ]);
  });

  it('counts rows as a spreadsheet shows them when a cell spans lines', () => {
    const csv = 'name,notes\n"A","multi\nline"\n,x\n';
    const result = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(result.valid.map((v) => v.row)).toEqual([2]);
    expect(result.errors).toEqual([{ row: 3, field: 'name', reason: 'is required' }]);
  });

  it('reports invalid and repeated ids, too many or too few cells and over-long text', () => {
    const id = testUuid(7, 'c');
    const csv = `id,name\nnot-an-id,A\n${id},B\n${id},C\n,D,extra\n,${'E'.repeat(201)}\n${testUuid(8, 'c')}\n`;
    const result = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(result.valid.map((v) => v.customer?.name)).toEqual(['B']);
    expect(result.errors).toEqual([
      { row: 2, field: 'id', reason: 'must be a UUID' },
      { row: 4, field: 'id', reason: 'repeats the id of row 3' },
      { row: 5, field: 'row', reason: 'has 3 cells but the header names 2 columns' },
      { row: 6, field: 'name', reason: 'must be at most 200 characters' },
      { row: 7, field: 'row', reason: 'has 1 cell but the header names 2 columns (write a comma for each blank cell)' },
      { row: 7, field: 'name', reason: 'is required' },
    ]);
  });

  // The tester's row: "Too Few Cols,,active" under a longer header was imported with defaults for the rest.
  it('refuses a row with fewer cells than the header, which on an update would clear the fields it lacks', () => {
    const header = 'id,name,company,status,currency,notes';
    const csv = `${header}\n,Too Few Cols,,active\n${acme.id},Acme VoIP\n,Enough,,active,USD,\n`;
    const result = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(result.valid.map((v) => [v.row, v.customer?.name])).toEqual([[4, 'Enough']]);
    expect(result.errors).toEqual([
      { row: 2, field: 'row', reason: 'has 4 cells but the header names 6 columns (write a comma for each blank cell)' },
      { row: 3, field: 'row', reason: 'has 2 cells but the header names 6 columns (write a comma for each blank cell)' },
    ]);
  });

  // The tester's data loss: a file of only id,name,notes reset Acme's currency, terms and contacts.
  const acme = testCustomer({
    id: testUuid(1, 'c'),
    name: 'Acme VoIP',
    company: 'Acme VoIP GmbH',
    currency: 'EUR',
    taxRate: '19',
    dueDays: 14,
    schedule: 'weekly',
    address: 'Hauptstr. 1\nBerlin',
    externalId: 'ACC-7',
    notes: 'old note',
    contacts: [
      { name: 'Ana', email: 'ana@acme.test', phone: '' },
      { name: 'Bo', email: '', phone: '+49 30 1234' },
    ],
  });

  it('updates only the columns the file has: a patch of id,name,notes leaves every other field alone', () => {
    const csv = `id,name,notes\n${acme.id},Acme VoIP,updated note via partial CSV\n,Newco,fresh\n`;
    const result = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    expect(result.errors).toEqual([]);
    const [update, create] = result.valid;
    expect(update!.patch).toEqual({ name: 'Acme VoIP', notes: 'updated note via partial CSV' });
    expect({ ...acme, ...update!.patch }).toEqual({ ...acme, notes: 'updated note via partial CSV' });
    expect(customerImportChanges(acme, update!.patch)).toEqual([{ column: 'notes', from: 'old note', to: 'updated note via partial CSV' }]);
    // A new customer still takes the defaults for what the file leaves out.
    expect(create!.customer).toEqual(
      testCustomer({ id: testUuid(100, 'c'), name: 'Newco', company: '', currency: 'USD', taxRate: '0', dueDays: 30, schedule: 'monthly', notes: 'fresh' }),
    );
  });

  it('matches rows with the existing customers by id: those update, the others create', () => {
    const csv = `id,name,notes\n${acme.id},Acme VoIP,new note\n${testUuid(9, 'c')},Newco,fresh\n`;
    const { actions, errors } = matchExistingCustomers(parseCustomerCsv(csv, { currency: 'USD', newId: ids() }), new Map([[acme.id, acme]]));
    expect(errors).toEqual([]);
    expect(actions).toEqual([
      { kind: 'update', row: 2, before: acme, patch: { name: 'Acme VoIP', notes: 'new note' } },
      { kind: 'create', row: 3, customer: testCustomer({ id: testUuid(9, 'c'), name: 'Newco', company: '', currency: 'USD', taxRate: '0', notes: 'fresh' }) },
    ]);
  });

  it('without a name column, updates the customers the rows name by id, and reports the rows that would have to create one', () => {
    const unknownId = testUuid(9, 'c');
    const csv = `id,notes,due_days\n${acme.id},new note,\n${unknownId},other note,\n,third note,7\n${acme.id},,abc\n`;
    const parsed = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    // The parse knows no customers: a row with an id may update one, a row without cannot.
    expect(parsed.valid.map((v) => [v.row, v.id, v.customer, v.patch])).toEqual([
      [2, acme.id, null, { notes: 'new note' }],
      [3, unknownId, null, { notes: 'other note' }],
    ]);
    const needsName = 'is needed to create a customer (the row has no id of a customer to update)';
    expect(parsed.errors).toEqual([
      { row: 4, field: 'name', reason: needsName },
      { row: 5, field: 'due_days', reason: 'must be a whole number of days from 0 to 365' },
      { row: 5, field: 'id', reason: 'repeats the id of row 2' },
    ]);
    const { actions, errors } = matchExistingCustomers(parsed, new Map([[acme.id, acme]]));
    expect(actions).toEqual([{ kind: 'update', row: 2, before: acme, patch: { notes: 'new note' } }]);
    expect(customerImportChanges(acme, { notes: 'new note' })).toEqual([{ column: 'notes', from: 'old note', to: 'new note' }]);
    expect(errors).toEqual([
      { row: 3, field: 'name', reason: 'is needed to create a customer (no customer has the id of this row)' },
      { row: 4, field: 'name', reason: needsName },
      { row: 5, field: 'due_days', reason: 'must be a whole number of days from 0 to 365' },
      { row: 5, field: 'id', reason: 'repeats the id of row 2' },
    ]);
  });

  it('on an update, a blank cell keeps a field that has a default, and clears a text field', () => {
    const csv = `id,name,company,status,currency,tax_rate,due_days,schedule,address,external_id\n${acme.id},Acme VoIP,,,,,,,,\n`;
    const { valid } = parseCustomerCsv(csv, { currency: 'USD', newId: ids() });
    // Blank status, currency, tax, due days and schedule would be defaults: they cannot mean "blank".
    expect(valid[0]!.patch).toEqual({ name: 'Acme VoIP', company: '', address: '', externalId: '' });
    expect(valid[0]!.patch).not.toHaveProperty('contacts');
  });

  it("replaces the contacts only when the file has contact columns, with the row's contacts", () => {
    const withOne = parseCustomerCsv(`id,name,contact_1_name,contact_1_email\n${acme.id},Acme VoIP,Cy,cy@acme.test\n`, { currency: 'USD', newId: ids() });
    expect(withOne.valid[0]!.patch.contacts).toEqual([{ name: 'Cy', email: 'cy@acme.test', phone: '' }]);
    expect(customerImportChanges(acme, withOne.valid[0]!.patch)).toEqual([{ column: 'contacts', from: 'Ana, Bo', to: 'Cy' }]);
    const blank = parseCustomerCsv(`id,name,contact_1_name\n${acme.id},Acme VoIP,\n`, { currency: 'USD', newId: ids() });
    expect(blank.valid[0]!.patch.contacts).toEqual([]);
  });

  it('lists each changed field once, in column order, and nothing for an unchanged export', () => {
    const exported = parseCustomerCsv(customersToCsv([acme]), { currency: 'USD', newId: ids() });
    expect(customerImportChanges(acme, exported.valid[0]!.patch)).toEqual([]);
    expect(customerImportChanges(acme, { currency: 'USD', taxRate: '19', dueDays: 30, status: 'inactive' })).toEqual([
      { column: 'status', from: 'active', to: 'inactive' },
      { column: 'currency', from: 'EUR', to: 'USD' },
      { column: 'due_days', from: '14', to: '30' },
    ]);
  });

  it('describes changes on one line, and names a change of spacing alone, which collapsing would hide', () => {
    expect(
      customerChangesText([
        { column: 'notes', from: 'old note', to: '' },
        { column: 'company', from: '', to: 'Acme VoIP GmbH, a company with a name too long to show whole' },
        { column: 'address', from: 'Street 1\nCity', to: 'Street 2\nCity' },
      ]),
    ).toBe('notes: old note → (blank); company: (blank) → Acme VoIP GmbH, a company with a name t…; address: Street 1 City → Street 2 City');
    expect(
      customerChangesText([
        { column: 'address', from: 'Street 1 City', to: '  Street 1  \n  City  ' },
        { column: 'name', from: 'Acme', to: 'Acme ' },
        { column: 'notes', from: '', to: '\n' },
      ]),
    ).toBe('address: spacing changed; name: spacing changed; notes: spacing changed');
    // Contacts are listed by name (or email, or phone), so the same-looking text may hide a change of another field: not called spacing.
    expect(customerChangesText([{ column: 'contacts', from: 'Ana, Bo', to: 'Ana,  Bo' }])).toBe('contacts: Ana, Bo → Ana, Bo');
    expect(customerChangesText([])).toBe('No changes');
  });

  it('reads vat_id and tax_note, trimmed even when quoted, and reports a bad one by row and column', () => {
    const csv = [
      'name,tax_rate,vat_id,tax_note',
      `Globex BV,0," NL123456789B01 ","Reverse charge: VAT to be accounted for by the recipient\nBTW verlegd\n"`,
      `Tab Tel,0,"NL1\t23",`,
      `Long Tel,0,${'X'.repeat(51)},"Reverse\tcharge"`,
    ].join('\r\n');
    const { valid, errors } = parseCustomerCsv(csv, { currency: 'EUR', newId: ids() });
    expect(valid.map((v) => [v.customer?.vatId, v.customer?.taxNote])).toEqual([['NL123456789B01', 'Reverse charge: VAT to be accounted for by the recipient\nBTW verlegd']]);
    expect(errors).toEqual([
      { row: 3, field: 'vat_id', reason: 'must be one line without control characters (tabs, line breaks)' },
      { row: 4, field: 'vat_id', reason: 'must be at most 50 characters' },
      { row: 4, field: 'tax_note', reason: 'must not contain control characters (tabs, escape codes); line breaks are fine' },
    ]);
  });

  it('sends only the fields an exported row changes, with the values the device held of them, as the customer form does', () => {
    // The whole export, one cell edited: every other column holds the device's values.
    const [header, row] = parseCsv(customersToCsv([acme]));
    row![header!.indexOf('notes')] = 'edited in a spreadsheet';
    const { valid } = parseCustomerCsv(serializeCsv([header!, row!]), { currency: 'USD', newId: ids() });
    expect(Object.keys(valid[0]!.patch).length).toBeGreaterThan(10);
    expect(customerImportUpdate(acme, valid[0]!.patch)).toEqual({ patch: { notes: 'edited in a spreadsheet' }, seen: { notes: 'old note' } });
    // A money field the row changes goes with what the device held of it: the server refuses it if another device changed it since.
    expect(customerImportUpdate(acme, { ...valid[0]!.patch, taxRate: '22', dueDays: 60 })).toEqual({
      patch: { taxRate: '22', dueDays: 60, notes: 'edited in a spreadsheet' },
      seen: { taxRate: '19', dueDays: 14, notes: 'old note' },
    });
    // The same contacts with their fields in another order (as a database may return them) are no change.
    const reordered = { ...acme, contacts: acme.contacts.map(({ phone, email, name }) => ({ phone, email, name })) };
    expect(customerImportUpdate(reordered, valid[0]!.patch).patch).toEqual({ notes: 'edited in a spreadsheet' });
  });

  it("leaves the VAT id and tax note alone when the file has neither column (an export from before them), and lists their change from a customer that had neither", () => {
    const globex = testCustomer({ id: testUuid(3, 'c'), name: 'Globex BV', vatId: 'NL123456789B01', taxNote: 'Reverse charge' });
    const { valid } = parseCustomerCsv(`id,name,notes\n${globex.id},Globex BV,moved\n`, { currency: 'USD', newId: ids() });
    expect(valid[0]!.patch).toEqual({ name: 'Globex BV', notes: 'moved' });
    const { vatId: _vatId, taxNote: _taxNote, ...older } = globex;
    const withVatId = parseCustomerCsv(`id,vat_id,tax_note\n${globex.id},NL123456789B01,\n`, { currency: 'USD', newId: ids() });
    expect(withVatId.valid[0]!.patch).toEqual({ vatId: 'NL123456789B01', taxNote: '' });
    // Blank is what the older customer had: only the VAT id changes.
    expect(customerImportChanges(older, withVatId.valid[0]!.patch)).toEqual([{ column: 'vat_id', from: '', to: 'NL123456789B01' }]);
    expect(customersToCsv([older]).split('\r\n')[1]!.endsWith(',,')).toBe(true);
  });

  it('rejects a whole file that is not a customer list', () => {
    expect(() => parseCustomerCsv('', { currency: 'USD', newId: ids() })).toThrow(/empty/);
    expect(() => parseCustomerCsv('company,email\nA,b\n', { currency: 'USD', newId: ids() })).toThrow(/neither a "name" nor an "id" column/);
    expect(() => parseCustomerCsv('name\n"open\n', { currency: 'USD', newId: ids() })).toThrow(CsvError);
  });

  it('says a file with a header and no customer rows has none to import', () => {
    for (const csv of ['name,company\n', 'name,company', 'name,company\n\n,\n']) {
      expect(() => parseCustomerCsv(csv, { currency: 'USD', newId: ids() })).toThrow('The file has a header row but no customer rows: add a row for each customer under the header');
    }
  });
});

describe('externalIdClashes', () => {
  const beta = testCustomer({ id: testUuid(1, 'c'), name: 'Beta Tel', externalId: 'BETA' });
  const acme = testCustomer({ id: testUuid(2, 'c'), name: 'Acme VoIP', externalId: '' });
  const plan = (csv: string) => matchExistingCustomers(parseCustomerCsv(csv, { currency: 'USD', newId: ids() }), new Map([[beta.id, beta], [acme.id, acme]])).actions;

  it("names the other customers, on the device or in the file, whose external id (as CDRs match it: trimmed, any case) a row's customer would share", () => {
    const actions = plan('name,external_id\nNewco, beta \nTwin A,TWIN\nTwin B,twin\nSolo,SOLO\nBlank,\nOther blank,\n');
    expect(externalIdClashes(actions, [beta, acme])).toEqual([
      { externalId: 'beta', others: [{ name: 'Beta Tel', row: null }] },
      { externalId: 'TWIN', others: [{ name: 'Twin B', row: 4 }] },
      { externalId: 'twin', others: [{ name: 'Twin A', row: 3 }] },
      null,
      // A blank external id matches no CDR.
      null,
      null,
    ]);
  });

  it("reads the device's customers as the import leaves them: an update that changes an external id frees the old one and may take another's", () => {
    const actions = plan(`id,name,external_id\n${beta.id},Beta Tel,BETA-2\n,Newco,BETA\n${acme.id},Acme VoIP,beta-2\n`);
    expect(externalIdClashes(actions, [beta, acme])).toEqual([
      { externalId: 'BETA-2', others: [{ name: 'Acme VoIP', row: 4 }] },
      null,
      { externalId: 'beta-2', others: [{ name: 'Beta Tel', row: 2 }] },
    ]);
  });

  it('says what the clash means for CDRs', () => {
    expect(externalIdClashText({ externalId: 'BETA', others: [{ name: 'Beta Tel', row: null }] })).toBe("external id BETA is also Beta Tel's: CDRs naming it will be refused as ambiguous");
    expect(externalIdClashText({ externalId: 'TWIN', others: [{ name: 'Twin A', row: 3 }, { name: 'Beta Tel', row: null }, { name: 'Gamma', row: null }] })).toBe(
      "external id TWIN is also Twin A's (row 3), Beta Tel's and Gamma's: CDRs naming it will be refused as ambiguous",
    );
  });
});

describe('invoices CSV', () => {
  it("gives an invoice's payments as paid, and a credit note's credit applied to invoices as a positive credit_applied, not a negative paid", () => {
    const csv = invoicesToCsv([
      { invoice: testInvoice({ status: 'issued', number: 'INV-1', net: '100.00', tax: '20.00', total: '120.00', paid: '30.00' }), customerName: 'Globex', status: 'partly paid' },
      // Credit note INV-2 of −50.00, 20.00 of it applied (its paid is −20.00).
      { invoice: testInvoice({ status: 'issued', number: 'INV-2', net: '-50.00', total: '-50.00', paid: '-20.00' }), customerName: 'Globex', status: 'credit' },
      { invoice: testInvoice({ status: 'issued', number: 'INV-3', net: '-5.00', total: '-5.00', paid: '0.00' }), customerName: 'Globex', status: 'credit' },
    ]);
    expect(parseCsv(csv).map((row) => row.slice(0, 11))).toEqual([
      ['number', 'customer', 'invoice_date', 'due_date', 'currency', 'net', 'tax', 'total', 'paid', 'credit_applied', 'status'],
      ['INV-1', 'Globex', '2026-04-01', '2026-05-01', 'USD', '100.00', '20.00', '120.00', '30.00', '', 'partly paid'],
      // A credit note falls due on no day: it is owed to the customer.
      ['INV-2', 'Globex', '2026-04-01', '', 'USD', '-50.00', '0.00', '-50.00', '', '20.00', 'credit'],
      ['INV-3', 'Globex', '2026-04-01', '', 'USD', '-5.00', '0.00', '-5.00', '', '0.00', 'credit'],
    ]);
  });

  it('keeps its first columns as they were and adds the balance and the billing period at the end', () => {
    const row = (invoice: Parameters<typeof testInvoice>[0], status: string) => ({ invoice: testInvoice(invoice), customerName: 'Globex', status });
    const csv = invoicesToCsv([
      // 120.00 − 30.00 paid = 90.00 still owed.
      row({ status: 'issued', number: 'INV-1', total: '120.00', paid: '30.00' }, 'partly paid'),
      row({ status: 'issued', number: 'INV-2', total: '50.00', paid: '50.00', periodStart: null, periodEnd: null }, 'paid'),
      // A credit note of −50.00 with 20.00 applied: −30.00, the credit left, signed as its total.
      row({ status: 'issued', number: 'INV-3', total: '-50.00', paid: '-20.00' }, 'credit'),
      // Owed by nobody: no balance.
      row({ status: 'void', number: 'INV-4', total: '40.00', paid: '10.00' }, 'void'),
      row({ status: 'draft', number: null, total: '15.00', paid: '0.00', periodStart: '2026-11-01', periodEnd: '2026-11-30' }, 'draft'),
      row({ status: 'issued', number: null, currency: 'JPY', total: '1200', paid: '200' }, 'pending'),
    ]);
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([
      'number', 'customer', 'invoice_date', 'due_date', 'currency', 'net', 'tax', 'total', 'paid', 'credit_applied', 'status',
      'balance', 'period_start', 'period_end',
    ]);
    expect(rows.map((r) => [r[0], ...r.slice(11)])).toEqual([
      ['INV-1', '90.00', '2026-03-01', '2026-03-31'],
      ['INV-2', '0.00', '', ''],
      ['INV-3', '-30.00', '2026-03-01', '2026-03-31'],
      ['INV-4', '', '2026-03-01', '2026-03-31'],
      ['draft', '', '2026-11-01', '2026-11-30'],
      ['pending', '1000', '2026-03-01', '2026-03-31'],
    ]);
    // A void invoice falls due on no day either, as on its page and PDF; the others keep theirs.
    expect(rows.map((r) => r[3])).toEqual(['2026-05-01', '2026-05-01', '', '', '2026-05-01', '2026-05-01']);
  });

  it("keeps the list totals' identity on each issued row, and so over them: balance = total − paid + credit_applied", () => {
    const row = (invoice: Parameters<typeof testInvoice>[0]) => ({ invoice: testInvoice({ status: 'issued', ...invoice }), customerName: 'Globex', status: '' });
    const csv = invoicesToCsv([
      row({ number: 'INV-1', total: '346.49', paid: '34.01' }), // 10.00 received, 24.01 of INV-2's credit
      row({ number: 'INV-2', total: '-24.01', paid: '-24.01' }),
      row({ number: 'INV-3', total: '-5.00', paid: '-1.25' }),
    ]);
    const [, ...rows] = parseCsv(csv);
    const figure = (cell: string) => cell || '0';
    for (const r of rows) expect(subtractDecimals(addDecimals(r[7]!, figure(r[9]!)), figure(r[8]!))).toBe(r[11]);
    // Over them: 317.48 − 34.01 + 25.26 = 308.73, what is owed net (312.48 less 3.75 of credit left).
    const sum = (i: number) => addDecimals('0', ...rows.map((r) => figure(r[i]!)));
    expect([sum(7), sum(8), sum(9), sum(11)]).toEqual(['317.48', '34.01', '25.26', '308.73']);
  });

  describe('file name', () => {
    const none = { search: '', status: '', customerName: '', from: '', to: '' };

    it('is invoices.csv for the whole list', () => {
      expect(invoicesCsvFileName(none)).toBe('invoices.csv');
    });

    it('names the status, the customer and the dates filtered on, in the order of the filters', () => {
      expect(invoicesCsvFileName({ ...none, status: 'issued', from: '2026-11-01', to: '2026-11-30' })).toBe('invoices-issued-2026-11.csv');
      expect(invoicesCsvFileName({ ...none, status: 'partly paid', customerName: 'Globex Carrier, Ltd.' })).toBe('invoices-partly-paid-globex-carrier-ltd.csv');
      expect(invoicesCsvFileName({ ...none, customerName: 'Globex Carrier', from: '2026-10-05', to: '2026-11-04' })).toBe('invoices-globex-carrier-2026-10-05-to-2026-11-04.csv');
      expect(invoicesCsvFileName({ ...none, search: '  INV-1 ' })).toBe('invoices-matching-inv-1.csv');
    });

    it('says a date range as briefly as it reads: a month, months, a year, a day, or one end', () => {
      const dates = (from: string, to: string) => invoicesCsvFileName({ ...none, from, to });
      expect(dates('2026-02-01', '2026-02-28')).toBe('invoices-2026-02.csv');
      // 2028 is a leap year: February ends on the 29th, and the 28th is not the whole month.
      expect(dates('2028-02-01', '2028-02-29')).toBe('invoices-2028-02.csv');
      expect(dates('2028-02-01', '2028-02-28')).toBe('invoices-2028-02-01-to-2028-02-28.csv');
      expect(dates('2026-10-01', '2026-12-31')).toBe('invoices-2026-10-to-2026-12.csv');
      expect(dates('2026-01-01', '2026-12-31')).toBe('invoices-2026.csv');
      expect(dates('2025-01-01', '2026-12-31')).toBe('invoices-2025-to-2026.csv');
      expect(dates('2026-11-05', '2026-11-05')).toBe('invoices-2026-11-05.csv');
      expect(dates('2026-11-05', '')).toBe('invoices-from-2026-11-05.csv');
      expect(dates('', '2026-11-30')).toBe('invoices-to-2026-11-30.csv');
    });

    it('keeps letters and digits of any script and nothing a file system refuses', () => {
      expect(invoicesCsvFileName({ ...none, customerName: 'شركة الاتصالات' })).toBe('invoices-شركة-الاتصالات.csv');
      expect(invoicesCsvFileName({ ...none, customerName: 'A/B: "C" <D>?*|\\' })).toBe('invoices-a-b-c-d.csv');
      // Nothing but punctuation gives nothing to name.
      expect(invoicesCsvFileName({ ...none, search: '***' })).toBe('invoices.csv');
      const long = invoicesCsvFileName({ ...none, customerName: 'x'.repeat(300) });
      expect(long).toBe(`invoices-${'x'.repeat(40)}.csv`);
    });
  });
});
