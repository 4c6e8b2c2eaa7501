import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addCellToUsage,
  addToCells,
  cdrBillingDay,
  cellsFromJson,
  countryCallingCode,
  CsvStream,
  CustomerDirectory,
  detectPreset,
  hash64,
  mappingFromPreset,
  NDJSON_MAPPING,
  normalizeNumber,
  parseCdrRow,
  parseCdrTime,
  parseCsvRows,
  type Cdr,
  type CdrMapping,
  type UsageCell,
} from './cdr';
import { formatUnits } from './money';

const fixture = (name: string) => readFileSync(new URL(`../e2e/fixtures/cdr/${name}`, import.meta.url), 'utf8');

/** Parses a whole file with a preset and rolls it up per customer text, in UTC. */
function rollUp(text: string, preset: 'softswitch' | 'asterisk' | 'freeswitch', timeZone = 'UTC') {
  const { rows, errors } = parseCsvRows(text);
  const mapping = mappingFromPreset(preset, rows[0]!.cells);
  const cells = new Map<string, Map<string, UsageCell>>();
  const bad = [...errors];
  for (const { cells: row, line } of mapping.hasHeader ? rows.slice(1) : rows) {
    const parsed = parseCdrRow(row, line, mapping);
    if (!parsed.ok) {
      bad.push(parsed.error);
      continue;
    }
    const customer = parsed.cdr.customer;
    if (!cells.has(customer)) cells.set(customer, new Map());
    addToCells(cells.get(customer)!, parsed.cdr, cdrBillingDay(parsed.cdr.epochMs, timeZone));
  }
  const flat = [...cells].flatMap(([customer, m]) =>
    [...m.values()].map((c) => ({ customer, day: c.day, destination: c.destination, name: c.destinationName, calls: c.calls, attempts: c.attempts, seconds: c.seconds, billed: c.billedSeconds, charge: formatUnits(c.charge, 6) })),
  );
  flat.sort((a, b) => (a.customer + a.day + a.destination < b.customer + b.day + b.destination ? -1 : 1));
  return { cells: flat, bad };
}

describe('sample files (e2e/fixtures/cdr), one per preset', () => {
  it('softswitch export: header row, customers by name or external id, country codes', () => {
    const text = fixture('softswitch.csv');
    expect(detectPreset(parseCsvRows(text).rows[0]!.cells)).toBe('softswitch');
    const { cells, bad } = rollUp(text, 'softswitch');
    expect(bad).toEqual([]);
    expect(cells).toEqual([
      // Globex by external id: line 3, 447700900001 → 44; 30 s, 0.090005.
      { customer: 'GLX-1', day: '2026-03-01', destination: '44', name: 'United Kingdom', calls: 1, attempts: 1, seconds: 30, billed: 30, charge: '0.090005' },
      // Globex by name: line 2 (+44 20 7946 0001 → 44, 0.077) and line 4 (1 212…, 0.0125) on 1 March; line 7 on 2 March.
      { customer: 'Globex Carrier', day: '2026-03-01', destination: '1', name: 'USA', calls: 1, attempts: 1, seconds: 120, billed: 120, charge: '0.012500' },
      { customer: 'Globex Carrier', day: '2026-03-01', destination: '44', name: 'United Kingdom', calls: 1, attempts: 1, seconds: 61, billed: 66, charge: '0.077000' },
      { customer: 'Globex Carrier', day: '2026-03-02', destination: '44', name: 'United Kingdom', calls: 1, attempts: 1, seconds: 300, billed: 300, charge: '0.900001' },
      { customer: 'INI-7', day: '2026-03-02', destination: '49', name: 'Germany', calls: 1, attempts: 1, seconds: 59, billed: 60, charge: '0.008500' },
      // Line 6: an unanswered attempt (0 billed seconds) counts as an attempt, not a call.
      { customer: 'Initech Voice', day: '2026-03-02', destination: '49', name: 'Germany', calls: 0, attempts: 1, seconds: 0, billed: 0, charge: '0.000000' },
    ]);
  });

  it('the softswitch sample in Europe/London bills the 23:30Z call to the same day (GMT in March before the 29th)', () => {
    expect(rollUp(fixture('softswitch.csv'), 'softswitch', 'Europe/London').cells.map((c) => c.day)).toEqual(
      rollUp(fixture('softswitch.csv'), 'softswitch').cells.map((c) => c.day),
    );
    // …and in Asia/Tokyo (UTC+9) the same call is on 2 March.
    expect(rollUp(fixture('softswitch.csv'), 'softswitch', 'Asia/Tokyo').cells.find((c) => c.destination === '1')?.day).toBe('2026-03-02');
  });

  it('Asterisk Master.csv: no header, userfield = charge, billsec = talk and billed time', () => {
    const text = fixture('asterisk-master.csv');
    expect(detectPreset(parseCsvRows(text).rows[0]!.cells)).toBe('asterisk');
    const { cells, bad } = rollUp(text, 'asterisk');
    expect(bad).toEqual([]);
    // 0.060000 + 0 + 0.540000 = 0.600000 in all.
    expect(cells).toEqual([
      { customer: 'GLX-1', day: '2026-03-01', destination: '1', name: '', calls: 0, attempts: 1, seconds: 0, billed: 0, charge: '0.000000' },
      { customer: 'GLX-1', day: '2026-03-01', destination: '44', name: '', calls: 1, attempts: 1, seconds: 60, billed: 60, charge: '0.060000' },
      { customer: 'GLX-1', day: '2026-03-02', destination: '49', name: '', calls: 1, attempts: 1, seconds: 180, billed: 180, charge: '0.540000' },
    ]);
  });

  it('FreeSWITCH CSV: the example template plus a charge column', () => {
    const text = fixture('freeswitch.csv');
    expect(detectPreset(parseCsvRows(text).rows[0]!.cells)).toBe('freeswitch');
    const { cells, bad } = rollUp(text, 'freeswitch');
    expect(bad).toEqual([]);
    // 0.18 (447…, 120 s) + 0.0675 (336…, 45 s) + 0 (busy) = 0.2475.
    expect(cells).toEqual([
      { customer: 'GLX-1', day: '2026-03-01', destination: '44', name: '', calls: 1, attempts: 1, seconds: 120, billed: 120, charge: '0.180000' },
      { customer: 'GLX-1', day: '2026-03-02', destination: '33', name: '', calls: 1, attempts: 1, seconds: 45, billed: 45, charge: '0.067500' },
      { customer: 'GLX-1', day: '2026-03-02', destination: '44', name: '', calls: 0, attempts: 1, seconds: 0, billed: 0, charge: '0.000000' },
    ]);
  });
});

const MAPPING: CdrMapping = mappingFromPreset('softswitch', ['time', 'customer', 'destination_number', 'destination_name', 'duration', 'billed_duration', 'charge', 'currency', 'call_id']);

function row(overrides: Partial<Record<'time' | 'customer' | 'number' | 'name' | 'duration' | 'billed' | 'charge' | 'currency' | 'id', string>> = {}) {
  const r = { time: '2026-03-01T10:00:00Z', customer: 'Globex', number: '447700900001', name: 'UK - Mobile', duration: '60', billed: '60', charge: '0.1', currency: 'USD', id: 'x1', ...overrides };
  return [r.time, r.customer, r.number, r.name, r.duration, r.billed, r.charge, r.currency, r.id];
}

function reason(cells: string[]): string | undefined {
  const parsed = parseCdrRow(cells, 7, MAPPING);
  return parsed.ok ? undefined : parsed.error.reason;
}

describe('bad rows: every kind, with its line and reason', () => {
  it.each([
    [{ time: 'yesterday' }, 'time "yesterday" is not a date and time'],
    [{ time: '2026-02-30 10:00:00' }, 'time "2026-02-30 10:00:00" is not a date and time'],
    [{ time: '1999-12-31T23:59:59Z' }, 'is not a date and time'],
    [{ duration: '-5' }, 'duration -5 is negative'],
    [{ duration: 'ten' }, 'duration "ten" is not a number of seconds'],
    [{ billed: '-1' }, 'billed duration -1 is negative'],
    [{ charge: 'abc' }, 'charge "abc" is not a number'],
    [{ charge: '1e-3' }, 'charge "1e-3" is not a number'],
    [{ charge: '' }, 'charge "" is not a number'],
    [{ charge: '-0.10' }, 'charge -0.10 is negative'],
    [{ charge: '0.1234567' }, 'charge 0.1234567 has more than 6 decimals'],
    [{ currency: 'XXY' }, 'currency "XXY" is not an ISO 4217 code'],
    [{ number: 's' }, 'destination number "s" is not a phone number'],
    [{ customer: '' }, 'customer is missing'],
    [{ id: 'x'.repeat(499) }, 'call id is longer than 498 characters'],
  ])('%j → %s', (overrides, expected) => {
    expect(reason(row(overrides))).toContain(expected);
  });

  it('a short row names the missing column', () => {
    expect(reason(['2026-03-01T10:00:00Z', 'Globex'])).toMatch(/has 2 columns/);
  });

  it('a currency other than the customer’s is refused once the customer is known', async () => {
    const { currencyMismatch } = await import('./cdr');
    const parsed = parseCdrRow(row({ currency: 'eur' }), 3, MAPPING);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.cdr.currency).toBe('EUR');
    expect(currencyMismatch(parsed.cdr, { id: 'c', name: 'Globex', externalId: '', currency: 'USD' })).toBe("currency EUR is not Globex's (USD)");
    expect(currencyMismatch(parsed.cdr, { id: 'c', name: 'Globex', externalId: '', currency: 'EUR' })).toBeUndefined();
  });

  it('malformed CSV lines are reported by line and parsing carries on', () => {
    const { rows, errors } = parseCsvRows('a,b\nx,"y"z\nq"r,s\n"ok",2\n"open\n');
    expect(rows.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [4, ['ok', '2']],
    ]);
    expect(errors).toEqual([
      { line: 2, reason: 'malformed CSV: text after a closing quote' },
      { line: 3, reason: 'malformed CSV: a quote (") inside an unquoted cell' },
      { line: 5, reason: 'malformed CSV: a quoted cell is never closed' },
    ]);
  });
});

describe('CsvStream', () => {
  const text = 'h1,h2\r\n"a ""quoted""\nvalue",2\r\n\r\nplain,3\n"x",\n';
  const expected = [
    { cells: ['h1', 'h2'], line: 1 },
    { cells: ['a "quoted"\nvalue', '2'], line: 2 },
    { cells: ['plain', '3'], line: 5 },
    { cells: ['x', ''], line: 6 },
  ];

  it('gives the same rows and lines however the text is split into chunks', () => {
    expect(parseCsvRows(text).rows).toEqual(expected);
    for (let size = 1; size <= text.length; size++) {
      const rows: { cells: string[]; line: number }[] = [];
      const stream = new CsvStream(
        (cells, line) => rows.push({ cells, line }),
        (e) => {
          throw new Error(JSON.stringify(e));
        },
      );
      for (let i = 0; i < text.length; i += size) stream.push(text.slice(i, i + size));
      stream.end();
      expect(rows, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('drops a byte-order mark and refuses a row without end', () => {
    expect(parseCsvRows('\uFEFFa,b\n').rows[0]!.cells).toEqual(['a', 'b']);
    const stream = new CsvStream(
      () => {},
      () => {},
    );
    expect(() => stream.push('x'.repeat(1_000_001))).toThrow(/longer than/);
  });
});

describe('times', () => {
  it('reads ISO with or without T, offsets, fractions and epoch seconds, ms and µs', () => {
    const at = Date.UTC(2026, 2, 1, 10, 0, 0);
    expect(parseCdrTime('2026-03-01T10:00:00Z', 'UTC')).toBe(at);
    expect(parseCdrTime('2026-03-01 10:00:00', 'UTC')).toBe(at);
    expect(parseCdrTime('2026-03-01 11:00:00+01:00', 'UTC')).toBe(at);
    expect(parseCdrTime('2026-03-01T05:30:00-0430', 'UTC')).toBe(at);
    expect(parseCdrTime('2026-03-01 10:00:00.750', 'UTC')).toBe(at + 750);
    expect(parseCdrTime(String(at / 1000), 'UTC')).toBe(at);
    expect(parseCdrTime(String(at), 'UTC')).toBe(at);
    expect(parseCdrTime(`${at}000`, 'UTC')).toBe(at);
  });

  it('reads times without an offset in the source zone, DST included', () => {
    // New York is UTC−5 in winter and UTC−4 from 8 March 2026.
    expect(parseCdrTime('2026-03-01 05:00:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseCdrTime('2026-07-01 06:00:00', 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 10));
  });

  it('bills a call to the day of the account zone', () => {
    // 23:30Z on 29 March is 00:30 BST on the 30th in London.
    expect(cdrBillingDay(Date.UTC(2026, 2, 29, 23, 30), 'Europe/London')).toBe('2026-03-30');
    expect(cdrBillingDay(Date.UTC(2026, 2, 29, 23, 30), 'UTC')).toBe('2026-03-29');
    // Kathmandu is UTC+5:45: 18:14Z is 23:59 on the 1st, 18:15Z is midnight on the 2nd.
    expect(cdrBillingDay(Date.UTC(2026, 2, 1, 18, 14), 'Asia/Kathmandu')).toBe('2026-03-01');
    expect(cdrBillingDay(Date.UTC(2026, 2, 1, 18, 15), 'Asia/Kathmandu')).toBe('2026-03-02');
  });
});

describe('destinations', () => {
  it('normalizes numbers and takes the E.164 country code', () => {
    expect(normalizeNumber('+44 (20) 7946-0001')).toBe('442079460001');
    expect(normalizeNumber('0044207946000')).toBe('44207946000');
    expect(normalizeNumber('101')).toBeUndefined();
    expect(normalizeNumber('sip:bob@example.com')).toBeUndefined();
    expect([countryCallingCode('12125550100'), countryCallingCode('74951234567'), countryCallingCode('447700900001'), countryCallingCode('353861234567'), countryCallingCode('8801712345678')]).toEqual(['1', '7', '44', '353', '880']);
  });

  it('uses the rated prefix and the full name when the mapping has a prefix column', () => {
    const mapping: CdrMapping = { ...MAPPING, columns: { ...MAPPING.columns, prefix: 9 } };
    const parsed = parseCdrRow([...row(), '4477'], 2, mapping);
    expect(parsed.ok && [parsed.cdr.destination, parsed.cdr.destinationName]).toEqual(['4477', 'UK - Mobile']);
  });
});

describe('identity (dedupe keys)', () => {
  it('is the call id when there is one, else a hash of the normalized row', () => {
    const a = parseCdrRow(row({ id: 'abc' }), 2, MAPPING);
    expect(a.ok && a.cdr.key).toBe('c:abc');
    const b = parseCdrRow(row({ id: '', number: '+44 7700 900001', charge: '0.100' }), 2, MAPPING);
    const c = parseCdrRow(row({ id: '', number: '447700900001', charge: '0.1' }), 9, MAPPING);
    const d = parseCdrRow(row({ id: '', charge: '0.2' }), 9, MAPPING);
    expect(b.ok && c.ok && d.ok).toBe(true);
    if (!b.ok || !c.ok || !d.ok) return;
    // The same call written differently is the same row; another charge is another call.
    expect(b.cdr.key).toMatch(/^r:[0-9a-f]{16}$/);
    expect(b.cdr.key).toBe(c.cdr.key);
    expect(d.cdr.key).not.toBe(c.cdr.key);
  });

  it('hash64 is 16 hex digits and spreads', () => {
    const hashes = new Set(Array.from({ length: 100_000 }, (_, i) => hash64(`c:call-${i}`)));
    expect(hashes.size).toBe(100_000);
    expect(hash64('')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('NDJSON objects', () => {
  it('maps camelCase and snake_case fields, numbers as text', () => {
    const cells = cellsFromJson({ time: '2026-03-01T10:00:00Z', customer: 'Globex', destination_number: '447700900001', duration: 60, charge: 0.0123, call_id: 'j1' });
    expect(Array.isArray(cells)).toBe(true);
    const parsed = parseCdrRow(cells as string[], 1, NDJSON_MAPPING);
    expect(parsed.ok && [parsed.cdr.key, formatUnits(parsed.cdr.charge, 6), parsed.cdr.billedSeconds]).toEqual(['c:j1', '0.012300', 60]);
    expect(cellsFromJson([1])).toBe('is not a JSON object');
    expect(cellsFromJson({ charge: { v: 1 } })).toBe('charge must be a string or a number');
  });
});

describe('customers and roll-up', () => {
  const customers = [
    { id: '0190a000-0000-7000-8000-000000000001', name: 'Globex Carrier', externalId: 'GLX-1', currency: 'USD' },
    { id: '0190a000-0000-7000-8000-000000000002', name: 'Twin', externalId: '', currency: 'USD' },
    { id: '0190a000-0000-7000-8000-000000000003', name: 'twin', externalId: '', currency: 'USD' },
  ];
  const directory = new CustomerDirectory(customers);

  it('matches by id, external id, then name, case-insensitively; same names are ambiguous', () => {
    expect(directory.match(customers[0]!.id)).toEqual({ customer: customers[0] });
    expect(directory.match('glx-1')).toEqual({ customer: customers[0] });
    expect(directory.match(' globex carrier ')).toEqual({ customer: customers[0] });
    expect(directory.match('Twin')).toEqual({ ambiguous: 2 });
    expect(directory.match('Nobody')).toBeUndefined();
  });

  it('adds new CDRs to a stored usage row exactly', () => {
    const cells = new Map<string, UsageCell>();
    const cdr = (charge: number, billed: number): Cdr => ({
      line: 1, epochMs: 0, customer: 'x', number: '44', destination: '44', destinationName: 'United Kingdom', seconds: billed, billedSeconds: billed, charge, currency: 'USD', callId: '', key: '',
    });
    // 0.100001 + 0.200002 (millionths), one of them unanswered.
    addToCells(cells, cdr(100_001, 60), '2026-03-01');
    addToCells(cells, cdr(200_002, 0), '2026-03-01');
    const cell = cells.get('2026-03-01|44')!;
    const stored = { id: 'c:2026-03-01:44', customerId: 'c', day: '2026-03-01', destination: '44', destinationName: 'UK', calls: 2, attempts: 3, seconds: 100, billedSeconds: 120, charge: '0.1', currency: 'USD' };
    // 0.1 + 0.300003 = 0.400003; calls 2 + 1; attempts 3 + 2.
    expect(addCellToUsage(stored, cell, 'c', 'USD')).toMatchObject({ calls: 3, attempts: 5, seconds: 160, billedSeconds: 180, charge: '0.400003', destinationName: 'United Kingdom' });
    expect(addCellToUsage(undefined, cell, 'c', 'USD')).toMatchObject({ id: 'c:2026-03-01:44', calls: 1, attempts: 2, charge: '0.300003' });
  });
});
