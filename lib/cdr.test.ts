import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addCellToUsage,
  addToCells,
  cdrBillingDay,
  CdrReader,
  cellsFromJson,
  countryCallingCode,
  detectDelimiter,
  CsvRowTooLongError,
  CsvStream,
  CustomerDirectory,
  detectPreset,
  hash64,
  mergeCells,
  mappingFromPreset,
  MAX_QUOTED_CELL_CHARS,
  MAX_QUOTED_CELL_LINES,
  NDJSON_MAPPING,
  normalizeNumber,
  parseCdrRow,
  parseCdrTime,
  parseCsvRows,
  type Cdr,
  type CdrMapping,
  type CsvDelimiter,
  type CsvLineError,
  type UsageCell,
} from './cdr';
import { formatUnits } from './money';

const fixture = (name: string) => readFileSync(new URL(`../e2e/fixtures/cdr/${name}`, import.meta.url), 'utf8');

/** Parses a whole file with a preset and rolls it up per customer text, in UTC. */
function rollUp(text: string, preset: 'softswitch' | 'asterisk' | 'freeswitch', timeZone = 'UTC', delimiter: CsvDelimiter = ',') {
  const { rows, errors } = parseCsvRows(text, delimiter);
  const mapping = mappingFromPreset(preset, rows[0]!.cells, 'UTC', delimiter);
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
    // 0.060000 + 0 + 0.540000 = 0.600000 in all. Asterisk names no destination: the codes' countries do.
    expect(cells).toEqual([
      { customer: 'GLX-1', day: '2026-03-01', destination: '1', name: 'United States, Canada and Caribbean', calls: 0, attempts: 1, seconds: 0, billed: 0, charge: '0.000000' },
      { customer: 'GLX-1', day: '2026-03-01', destination: '44', name: 'United Kingdom', calls: 1, attempts: 1, seconds: 60, billed: 60, charge: '0.060000' },
      { customer: 'GLX-1', day: '2026-03-02', destination: '49', name: 'Germany', calls: 1, attempts: 1, seconds: 180, billed: 180, charge: '0.540000' },
    ]);
  });

  it('FreeSWITCH CSV: the example template plus a charge column', () => {
    const text = fixture('freeswitch.csv');
    expect(detectPreset(parseCsvRows(text).rows[0]!.cells)).toBe('freeswitch');
    const { cells, bad } = rollUp(text, 'freeswitch');
    expect(bad).toEqual([]);
    // 0.18 (447…, 120 s) + 0.0675 (336…, 45 s) + 0 (busy) = 0.2475.
    expect(cells).toEqual([
      { customer: 'GLX-1', day: '2026-03-01', destination: '44', name: 'United Kingdom', calls: 1, attempts: 1, seconds: 120, billed: 120, charge: '0.180000' },
      { customer: 'GLX-1', day: '2026-03-02', destination: '33', name: 'France', calls: 1, attempts: 1, seconds: 45, billed: 45, charge: '0.067500' },
      { customer: 'GLX-1', day: '2026-03-02', destination: '44', name: 'United Kingdom', calls: 0, attempts: 1, seconds: 0, billed: 0, charge: '0.000000' },
    ]);
  });
});

/** The CDRs of a file, in line order, as their fields and keys (not their line numbers). */
function cdrsOf(text: string, delimiter: CsvDelimiter) {
  const { rows } = parseCsvRows(text, delimiter);
  const mapping = mappingFromPreset('softswitch', rows[0]!.cells, 'UTC', delimiter);
  return rows.slice(1).map(({ cells, line }) => {
    const parsed = parseCdrRow(cells, line, mapping);
    if (!parsed.ok) return parsed.error;
    const { line: _, ...cdr } = parsed.cdr;
    return { ...cdr, charge: formatUnits(cdr.charge, 6) };
  });
}

describe('files separated by semicolons or tabs, with decimal commas (European exports and spreadsheets)', () => {
  const comma = fixture('softswitch.csv');
  const semicolon = fixture('softswitch-semicolon.csv');
  /** The comma sample as a tab-separated file with decimal commas (the charges are the only cells with a point). */
  const tab = comma.replace(/,/g, '\t').replace(/(\t\d+)\.(\d+\t)/g, '$1,$2');

  it('detects the delimiter from the first line: a header or CDR of a preset, else the commonest outside quotes', () => {
    expect(detectDelimiter(comma)).toBe(',');
    expect(detectDelimiter(semicolon)).toBe(';');
    expect(detectDelimiter(tab)).toBe('\t');
    expect(detectDelimiter(fixture('asterisk-master.csv'))).toBe(',');
    expect(detectDelimiter(fixture('freeswitch.csv'))).toBe(',');
    // An Asterisk line separated by semicolons (no header), after a blank line.
    expect(detectDelimiter(`\n${fixture('asterisk-master.csv').split('\n')[0]!.replace(/,/g, ';')}`)).toBe(';');
    // Columns no preset names: the separator found most often outside quotes, decimal commas and quoted ones aside.
    expect(detectDelimiter('a;b;"c,d,e,f";0,5\n')).toBe(';');
    expect(detectDelimiter('a,b,"c;d;e;f",0.5\n')).toBe(',');
    expect(detectDelimiter('one\ttwo\tthree')).toBe('\t');
    expect(detectDelimiter('')).toBe(',');
  });

  it('a semicolon file (BOM, CRLF, a quoted name holding ";", decimal commas) rolls up exactly as the comma sample', () => {
    expect(detectPreset(parseCsvRows(semicolon, ';').rows[0]!.cells)).toBe('softswitch');
    expect(rollUp(semicolon, 'softswitch', 'UTC', ';')).toEqual(rollUp(comma, 'softswitch'));
    // The quoted cell is one cell, ";" and all.
    expect(parseCsvRows(semicolon, ';').rows[1]!.cells[3]).toBe('United Kingdom - London; Westminster');
  });

  it('a tab-separated file with decimal commas rolls up exactly as the comma sample', () => {
    expect(tab).toContain('\t0,0125\t');
    expect(detectPreset(parseCsvRows(tab, '\t').rows[0]!.cells)).toBe('softswitch');
    expect(rollUp(tab, 'softswitch', 'UTC', '\t')).toEqual(rollUp(comma, 'softswitch'));
  });

  it('the same CDRs have the same keys (row hashes) in every format, so a file saved again in another locale imports nothing twice', () => {
    // Without call ids, each key is a hash of the row's normalized fields, the charge among them.
    const withoutCallIds = (text: string, d: string) =>
      text
        .split(/\r?\n/)
        .map((line) => line.split(new RegExp(`${d}(?=(?:[^"]*"[^"]*")*[^"]*$)`)).slice(0, 8).join(d))
        .join('\n');
    const expected = cdrsOf(withoutCallIds(comma, ','), ',');
    expect(expected.map((c) => ('key' in c ? c.key.slice(0, 2) : c.reason))).toEqual(['r:', 'r:', 'r:', 'r:', 'r:', 'r:']);
    expect(cdrsOf(withoutCallIds(semicolon, ';'), ';').map((c) => ('key' in c ? c.key : c))).toEqual(expected.map((c) => ('key' in c ? c.key : c)));
    expect(cdrsOf(withoutCallIds(tab, '\t'), '\t')).toEqual(expected);
    // A charge written with more or fewer decimals, or with a point in a semicolon file, is the same charge.
    const line = (charge: string) => `time;customer;destination_number;duration;charge\n2026-03-01T09:00:00Z;Globex;447700900001;61;${charge}\n`;
    const keys = ['0,0770', '0,077', '0.077', '0,077000'].map((charge) => cdrsOf(line(charge), ';')[0]);
    expect(keys.every((k) => 'key' in k! && k.key === (keys[0] as { key: string }).key && k.charge === '0.077000')).toBe(true);
  });

  it('reads decimal commas in charges and durations only where the comma separates no cells', () => {
    const header = 'time;customer;destination_number;duration;billed_duration;charge';
    const read = (cells: string, delimiter: CsvDelimiter = ';') => cdrsOf(`${header.replace(/;/g, delimiter)}\n${cells.replace(/;/g, delimiter)}\n`, delimiter)[0]!;
    expect(read('2026-03-01 09:00:00,5;Globex;447700900001;12,5;13;1,5')).toMatchObject({ epochMs: Date.UTC(2026, 2, 1, 9, 0, 0, 500), seconds: 13, billedSeconds: 13, charge: '1.500000' });
    expect(read('2026-03-01 09:00:00;Globex;447700900001;12.5;13;0.0123')).toMatchObject({ seconds: 13, charge: '0.012300' });
    expect(read('2026-03-01 09:00:00;Globex;447700900001;60;60;0,0123', '\t')).toMatchObject({ charge: '0.012300' });
    // The reasons quote the cell as written.
    expect(read('2026-03-01 09:00:00;Globex;447700900001;60;60;-0,10')).toEqual({ line: 2, reason: 'charge -0,10 is negative' });
    expect(read('2026-03-01 09:00:00;Globex;447700900001;60;60;0,1234567')).toEqual({ line: 2, reason: 'charge 0,1234567 has more than 6 decimals' });
    expect(read('2026-03-01 09:00:00;Globex;447700900001;60;60;0,1x')).toEqual({ line: 2, reason: 'charge "0,1x" is not a number' });
    expect(read('2026-03-01 09:00:00;Globex;447700900001;-1,5;60;0,1')).toEqual({ line: 2, reason: 'duration -1,5 is negative' });
    // In a comma file a decimal comma can only be quoted, and is still refused there.
    const commaFile = cdrsOf(`${header.replace(/;/g, ',')}\n2026-03-01 09:00:00,Globex,447700900001,60,60,"0,0123"\n`, ',')[0];
    expect(commaFile).toEqual({ line: 2, reason: 'charge "0,0123" is not a number' });
  });

  it('refuses a charge or a duration that groups its thousands, with the line and the reason, rather than misread it', () => {
    const text = [
      'time;customer;destination_number;destination_name;duration;billed_duration;charge;currency;call_id',
      '2026-03-01 09:00:00;Globex;447700900001;"UK; Mobile";60;60;0,5;USD;ok-1',
      '2026-03-01 09:00:00;Globex;447700900001;UK;60;60;1.234,56;USD;t-1',
      '2026-03-01 09:00:00;Globex;447700900001;UK;60;60;1,234.56;USD;t-2',
      '2026-03-01 09:00:00;Globex;447700900001;UK;60;60;1.234.567;USD;t-3',
      '2026-03-01 09:00:00;Globex;447700900001;UK;60;60;1 234,56;USD;t-4',
      "2026-03-01 09:00:00;Globex;447700900001;UK;60;60;1'234.56;USD;t-5",
      '2026-03-01 09:00:00;Globex;447700900001;UK;1.234,5;60;0,5;USD;t-6',
      '2026-03-01 09:00:00;Globex;447700900001;UK;60;60;1234,56;USD;ok-2',
    ].join('\n');
    expect(detectDelimiter(text)).toBe(';');
    const results = cdrsOf(text, ';');
    expect(results.map((r) => ('key' in r ? `${r.key} ${r.charge}` : r))).toEqual([
      'c:ok-1 0.500000',
      { line: 3, reason: 'charge "1.234,56" has a thousands separator: write it without one (as 1234,56)' },
      { line: 4, reason: 'charge "1,234.56" has a thousands separator: write it without one (as 1234,56)' },
      { line: 5, reason: 'charge "1.234.567" has a thousands separator: write it without one (as 1234,56)' },
      { line: 6, reason: 'charge "1 234,56" has a thousands separator: write it without one (as 1234,56)' },
      { line: 7, reason: 'charge "1\'234.56" has a thousands separator: write it without one (as 1234,56)' },
      { line: 8, reason: 'duration "1.234,5" has a thousands separator: write it without one (as 1234 or 1234,5)' },
      'c:ok-2 1234.560000',
    ]);
  });

  it('a quoted cell holding the delimiter, a quote or a line break reads the same whatever the chunks', () => {
    const text = 'a;"b;c";"d ""e"";\nf"\r\n\t;x\t;"y;"\n';
    const expected = [
      { cells: ['a', 'b;c', 'd "e";\nf'], line: 1 },
      { cells: ['\t', 'x\t', 'y;'], line: 3 },
    ];
    expect(parseCsvRows(text, ';')).toEqual({ rows: expected, errors: [] });
    for (let size = 1; size <= text.length; size++) {
      const rows: { cells: string[]; line: number }[] = [];
      const stream = new CsvStream((cells, line) => rows.push({ cells, line }), (e) => rows.push({ cells: [e.reason], line: e.line }), ';');
      for (let i = 0; i < text.length; i += size) stream.push(text.slice(i, i + size));
      stream.end();
      expect(rows, `chunks of ${size}`).toEqual(expected);
    }
    // With tabs, a comma or a semicolon is text; a stray quote is a bad line as in a comma file.
    expect(parseCsvRows('a,b\tc;d\n"x"y\tz\nok\t1\n', '\t')).toEqual({
      rows: [
        { cells: ['a,b', 'c;d'], line: 1 },
        { cells: ['ok', '1'], line: 3 },
      ],
      errors: [{ line: 2, reason: 'malformed CSV: text after a closing quote' }],
    });
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

  // The tester's case: a longer name was cut to 200 characters without a word, by both imports.
  it('refuses a destination name longer than usage keeps (200 characters), counting what is kept of it', () => {
    expect(reason(row({ name: 'N'.repeat(201) }))).toBe('destination name is longer than 200 characters (201)');
    const kept = parseCdrRow(row({ name: 'N'.repeat(200) }), 7, MAPPING);
    expect(kept.ok && kept.cdr.destinationName).toBe('N'.repeat(200));
    // Without a rated prefix only the country part is kept ("UK - …" is "UK"), so only that counts.
    expect(reason(row({ name: `UK - ${'N'.repeat(300)}` }))).toBeUndefined();
    // With a prefix column the whole name is kept.
    const withPrefix: CdrMapping = { ...MAPPING, columns: { ...MAPPING.columns, prefix: 9 } };
    const parsed = parseCdrRow([...row({ name: `UK - ${'N'.repeat(300)}` }), '4477'], 7, withPrefix);
    expect(parsed.ok ? undefined : parsed.error.reason).toBe('destination name is longer than 200 characters (305)');
  });

  it('a short row names the missing column', () => {
    expect(reason(['2026-03-01T10:00:00Z', 'Globex'])).toMatch(/has 2 columns/);
  });

  // The tester's case: a row without its last cell (the call id) was a CDR, keyed by its row's hash.
  it('in a file with a header, a row with fewer or more cells than the header is a bad row saying so; blank lines are none, and a quoted delimiter is no cell boundary', () => {
    const lines = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-03-01T10:00:00Z,Globex,447700900001,UK - Mobile,60,60,0.1,USD,c-1',
      '2026-03-01T10:01:00Z,Globex,447700900001,UK - Mobile,60,60,0.1,USD',
      '2026-03-01T10:02:00Z,Globex,447700900001,UK - Mobile,60,60,0.1,USD,c-3,',
      // Commas inside quotes: 9 cells.
      '2026-03-01T10:03:00Z,"Globex, Inc.",447700900001,"United Kingdom, Mobile",60,60,0.1,USD,c-4',
      '2026-03-01T10:04:00Z,Globex',
      ' ',
      '',
      '2026-03-01T10:05:00Z,Globex,447700900001,UK - Mobile,60,60,0.1,USD,"c-6, again"',
    ];
    const expected = [
      [2, 'c-1'],
      [3, 'has 8 cells, the header has 9'],
      [4, 'has 10 cells, the header has 9'],
      [5, 'c-4 Globex, Inc.'],
      [6, 'has 2 cells, the header has 9'],
      [7, 'has 1 cell, the header has 9'],
      [9, 'c-6, again'],
    ];
    /** Each row after the header: its line, and its call id (and customer, when not Globex) or why it is not a CDR. */
    const read = (text: string, delimiter: CsvDelimiter) => {
      const { rows, errors } = parseCsvRows(text, delimiter);
      expect(errors).toEqual([]);
      const reader = new CdrReader({ ...MAPPING, delimiter });
      reader.header(rows[0]!.cells);
      return rows.slice(1).map(({ cells, line }) => {
        const viaParse = parseCdrRow(cells, line, { ...MAPPING, delimiter }, rows[0]!.cells.length);
        const ok = reader.read(cells, line);
        // parseCdrRow, given the header's cells, says the same.
        expect(viaParse.ok ? '' : viaParse.error.reason).toBe(reader.reason);
        return [line, ok ? `${reader.callId}${reader.customer === 'Globex' ? '' : ` ${reader.customer}`}` : reader.reason];
      });
    };
    // A blank line at the end, two, or none; LF or CRLF; commas, or semicolons with the same quoting.
    for (const end of ['\n', '\n\n', '\r\n\r\n', '']) {
      for (const delimiter of [',', ';'] as const) {
        const text = lines.map((l) => (delimiter === ',' ? l : l.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ';'))).join(end.startsWith('\r') ? '\r\n' : '\n') + end;
        expect(read(text, delimiter), JSON.stringify({ end, delimiter })).toEqual(expected);
      }
    }
    // Without the header's cells (a file without a header), a short row is read by its columns, as before.
    expect(parseCdrRow(row().slice(0, 8), 3, MAPPING)).toMatchObject({ ok: true, cdr: { callId: '' } });
    expect(parseCdrRow(row().slice(0, 8), 3, MAPPING, 9)).toEqual({ ok: false, error: { line: 3, reason: 'has 8 cells, the header has 9' } });
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

  /** Rows and errors of a text fed to one stream in the given pieces. */
  function parseInPieces(pieces: string[]) {
    const rows: { cells: string[]; line: number }[] = [];
    const errors: CsvLineError[] = [];
    const stream = new CsvStream(
      (cells, line) => rows.push({ cells, line }),
      (e) => errors.push(e),
    );
    for (const piece of pieces) stream.push(piece);
    stream.end();
    return { rows, errors };
  }

  /** Whole, one character at a time, and cut in two at every point: all must read alike. */
  function expectSameInAnyPieces(text: string) {
    const whole = parseCsvRows(text);
    expect(parseInPieces([...text]), 'one character at a time').toEqual(whole);
    for (let cut = 1; cut < text.length; cut++) expect(parseInPieces([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    return whole;
  }

  /** Good CDR lines (line and call id) and bad lines of a softswitch file, in line order. */
  function readCdrFile(text: string) {
    const { rows, errors } = expectSameInAnyPieces(text);
    const mapping = mappingFromPreset('softswitch', rows[0]!.cells);
    const good: string[] = [];
    const bad = [...errors];
    for (const { cells, line } of rows.slice(1)) {
      const parsed = parseCdrRow(cells, line, mapping);
      if (parsed.ok) good.push(`${line} ${parsed.cdr.callId}`);
      else bad.push(parsed.error);
    }
    return { good, bad: bad.sort((a, b) => a.line - b.line) };
  }

  // A tester's files: a stray quote used to swallow every later line without a word.
  const QUOTE_CSV = [
    'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
    '2026-07-11 10:00:00,Beta Tel,+4420000001,"Unclosed,60,60,0.100000,USD,q-1',
    '2026-07-11 10:00:00,Beta Tel,+4420000001,UK,60,60,0.100000,USD,q-2',
    '2026-07-11 10:00:00,Beta Tel,+4420000001,UK,60,60,0.100000,USD,q-3',
    '2026-07-11 10:00:00,Beta Tel,+4420000001,UK,60,60,0.100000,USD,q-4',
    '',
  ].join('\n');
  const ODD_CSV =
    '\uFEFF' +
    [
      'Time,Customer,Destination Number,Destination Name,Duration,Billed Duration,Charge,Currency,Call ID',
      '2026-07-01 10:00:00,Beta Tel,+4420000001,"United Kingdom, London",60,60,0.100000,USD,odd-1',
      '2026-07-01 10:00:00,Beta Tel,+4420000001,"Unclosed,60,60,0.100000,USD,odd-2',
      '2026-07-01 10:00:00,Beta Tel,+4420000001,Bad"quote,60,60,0.100000,USD,odd-3',
      '2026-07-01 10:00:00,Beta Tel,+4420000001,UK,60,60,0.100000,USD',
      '2026-07-01 10:00:00,Beta Tel,+4420000001,UK,60,60,"1,50",USD,odd-5',
      '2026-07-02 10:00:00,Beta Tel,+4420000001,UK,60,60, 0.200000 ,USD,odd-6',
      '',
      '2026-07-03 10:00:00,Beta Tel,+4420000001,UK,60,60,0.300000,USD,odd-7',
    ].join('\r\n');

  it('an unclosed quote is a bad line and the lines after it are read (quote.csv)', () => {
    expect(readCdrFile(QUOTE_CSV)).toEqual({
      good: ['3 q-2', '4 q-3', '5 q-4'],
      bad: [{ line: 2, reason: 'malformed CSV: a quoted cell is never closed' }],
    });
  });

  it('a quote closed by the next line’s quote: both lines reported, the rest read (odd.csv: BOM, CRLF, a blank line)', () => {
    expect(readCdrFile(ODD_CSV)).toEqual({
      // Line 5 has no call id column: a CDR keyed by a hash of its fields.
      good: ['2 odd-1', '5 ', '7 odd-6', '9 odd-7'],
      bad: [
        { line: 3, reason: 'malformed CSV: a quoted cell is not closed on this line (text after a closing quote on line 4)' },
        { line: 4, reason: 'malformed CSV: a quote (") inside an unquoted cell' },
        { line: 6, reason: 'charge "1,50" is not a number' },
      ],
    });
  });

  it('an unclosed quote on the last line, with or without a line end', () => {
    const header = 'time,customer,destination_number,duration,charge,call_id';
    for (const end of ['', '\n', '\r\n']) {
      expect(readCdrFile(`${header}\n2026-07-11 10:00:00,Beta Tel,+4420000001,60,0.1,e-1\n2026-07-11 10:00:00,Beta Tel,+4420000001,60,"0.1,e-2${end}`)).toEqual({
        good: ['2 e-1'],
        bad: [{ line: 3, reason: 'malformed CSV: a quoted cell is never closed' }],
      });
    }
  });

  it('a quoted name on several lines is still one cell, and the lines after it keep their numbers', () => {
    const header = 'time,customer,destination_number,destination_name,duration,charge,call_id';
    // 10 lines (9 line breaks): the most a quoted cell may span.
    const tenLines = Array.from({ length: 10 }, (_, i) => `part ${i + 1}`).join('\n');
    const text = `${header}\r\n2026-07-11 10:00:00,Beta Tel,+4420000001,"United Kingdom\r\nLondon, ""City""",60,0.1,m-1\r\n2026-07-11 10:00:00,Beta Tel,+4420000001,"${tenLines}",60,0.1,m-2\n\n2026-07-11 10:00:00,Beta Tel,+4420000001,UK,60,0.1,m-3\n`;
    const { rows, errors } = expectSameInAnyPieces(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.cells[3], r.cells[6]])).toEqual([
      [1, 'destination_name', 'call_id'],
      [2, 'United Kingdom\r\nLondon, "City"', 'm-1'],
      [4, tenLines, 'm-2'],
      // m-2 spans lines 4–13, line 14 is blank.
      [15, 'UK', 'm-3'],
    ]);
  });

  it(`a quoted cell past ${MAX_QUOTED_CELL_LINES} lines or ${MAX_QUOTED_CELL_CHARS} characters is an unclosed quote, and the lines it ran over are read`, () => {
    const header = 'time,customer,destination_number,duration,charge,call_id';
    const cdr = (id: string) => `2026-07-11 10:00:00,Beta Tel,+4420000001,60,0.1,${id}`;
    const tooFar = `malformed CSV: a quoted cell is not closed within ${MAX_QUOTED_CELL_LINES} lines (or ${MAX_QUOTED_CELL_CHARS} characters)`;
    // The quote opened on line 2 would close on line 13, 11 lines on.
    const lines = [header, `${cdr('l-1')},"open`, ...Array.from({ length: 10 }, (_, i) => cdr(`l-${i + 2}`)), `${cdr('l-12')},"x"`];
    expect(readCdrFile(lines.join('\n'))).toEqual({
      good: ['3 l-2', '4 l-3', '5 l-4', '6 l-5', '7 l-6', '8 l-7', '9 l-8', '10 l-9', '11 l-10', '12 l-11', '13 l-12'],
      bad: [{ line: 2, reason: tooFar }],
    });

    const long = (chars: number, closed: boolean) =>
      `${header}\n${cdr('c-1')}\n2026-07-11 10:00:00,Beta Tel,+4420000001,60,0.1,"${'x'.repeat(chars)}${closed ? '"' : ''}\n${cdr('c-2')}\n`;
    const fits = parseCsvRows(long(MAX_QUOTED_CELL_CHARS, true));
    expect(fits.errors).toEqual([]);
    expect(fits.rows.map((r) => [r.line, r.cells[5]!.length])).toEqual([
      [1, 7],
      [2, 3],
      [3, MAX_QUOTED_CELL_CHARS],
      [4, 3],
    ]);
    for (const text of [long(MAX_QUOTED_CELL_CHARS + 1, true), long(MAX_QUOTED_CELL_CHARS + 1, false)]) {
      const tooLong = parseCsvRows(text);
      expect(tooLong.errors).toEqual([{ line: 3, reason: tooFar }]);
      expect(tooLong.rows.map((r) => [r.line, r.cells[5]])).toEqual([
        [1, 'call_id'],
        [2, 'c-1'],
        [4, 'c-2'],
      ]);
      // Fed in pieces as a large file is: the same result.
      for (const size of [1, 7, 64, 4096, 10_003]) {
        const pieces: string[] = [];
        for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
        expect(parseInPieces(pieces), `pieces of ${size}`).toEqual(tooLong);
      }
    }
    // Fed one character at a time, the 10,000-character cell takes seconds on a loaded two-core
    // machine, past the default 5 s.
  }, 60_000);

  it('a stray quote in a file with CR line ends loses only its line', () => {
    expect(expectSameInAnyPieces('a,b\rc,d"e\rf,g\r')).toEqual({
      rows: [
        { cells: ['a', 'b'], line: 1 },
        { cells: ['f', 'g'], line: 3 },
      ],
      errors: [{ line: 2, reason: 'malformed CSV: a quote (") inside an unquoted cell' }],
    });
  });

  it('drops a byte-order mark and refuses a row without end', () => {
    expect(parseCsvRows('\uFEFFa,b\n').rows[0]!.cells).toEqual(['a', 'b']);
    const stream = new CsvStream(
      () => {},
      () => {},
    );
    stream.push('a,b\nc,d\n');
    expect(stream.unreadLine).toBe(3);
    expect(() => stream.push('x'.repeat(1_000_001))).toThrow(new CsvRowTooLongError(3));
    // The same when the row comes whole, line end included: after the rows before it.
    const rows: number[] = [];
    const whole = new CsvStream(
      (_, line) => rows.push(line),
      () => {},
    );
    expect(() => whole.push(`a,b\n${'x'.repeat(1_000_001)}\nc,d\n`)).toThrow(new CsvRowTooLongError(2));
    expect(rows).toEqual([1]);
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
    expect(normalizeNumber('101')).toBe('101');
    expect(normalizeNumber('42')).toBeUndefined();
    expect(normalizeNumber('sip:bob@example.com')).toBeUndefined();
    expect([countryCallingCode('12125550100'), countryCallingCode('74951234567'), countryCallingCode('447700900001'), countryCallingCode('353861234567'), countryCallingCode('8801712345678')]).toEqual(['1', '7', '44', '353', '880']);
  });

  it('uses the rated prefix and the full name when the mapping has a prefix column', () => {
    const mapping: CdrMapping = { ...MAPPING, columns: { ...MAPPING.columns, prefix: 9 } };
    const parsed = parseCdrRow([...row(), '4477'], 2, mapping);
    expect(parsed.ok && [parsed.cdr.destination, parsed.cdr.destinationName]).toEqual(['4477', 'UK - Mobile']);
  });
});

describe('destinations of CDRs that name none (Asterisk, FreeSWITCH)', () => {
  const asterisk = mappingFromPreset('asterisk', []);
  /** An Asterisk Master.csv row to `dst`, without a uniqueid (its key is then a hash of the row). */
  const asteriskRow = (dst: string, uniqueid = '') =>
    ['GLX-1', '2025550100', dst, 'from-customer', '', '', '', 'Dial', '', '2026-03-01 10:00:00', '2026-03-01 10:00:05', '2026-03-01 10:01:05', '65', '60', 'ANSWERED', 'DOCUMENTATION', uniqueid, '0.06'];
  const destinationOf = (dst: string) => {
    const parsed = parseCdrRow(asteriskRow(dst), 2, asterisk);
    return parsed.ok ? [parsed.cdr.destination, parsed.cdr.destinationName] : parsed.error.reason;
  };

  it('names the country of the number, in every form it is dialled in', () => {
    expect(destinationOf('+447700900123')).toEqual(['44', 'United Kingdom']);
    expect(destinationOf('00447700900123')).toEqual(['44', 'United Kingdom']);
    expect(destinationOf('011447700900123')).toEqual(['44', 'United Kingdom']);
    expect(destinationOf('447700900123')).toEqual(['44', 'United Kingdom']);
    expect(destinationOf('+49 151 1234 5678')).toEqual(['49', 'Germany']);
    expect(destinationOf('0097317001234')).toEqual(['973', 'Bahrain']);
    expect(destinationOf('971501234567')).toEqual(['971', 'United Arab Emirates']);
    expect(destinationOf('0113531234567')).toEqual(['353', 'Ireland']);
  });

  it('names the code a row is rolled up under, so one row never holds two names', () => {
    // 1 268 (Antigua) and 7 7 (Kazakhstan) are rolled up under 1 and 7, with New York and Moscow.
    expect(destinationOf('12684601234')).toEqual(['1', 'United States, Canada and Caribbean']);
    expect(destinationOf('12125550100')).toEqual(['1', 'United States, Canada and Caribbean']);
    expect(destinationOf('77012345678')).toEqual(['7', 'Russia/Kazakhstan']);
    expect(destinationOf('74951234567')).toEqual(['7', 'Russia/Kazakhstan']);
  });

  it('an extension or short code of 3 to 6 digits is Local/extension under its own number; "42" and "s" are no phone numbers', () => {
    expect(destinationOf('101')).toEqual(['101', 'Local/extension']);
    expect(destinationOf('200')).toEqual(['200', 'Local/extension']);
    expect(destinationOf('5001')).toEqual(['5001', 'Local/extension']);
    expect(destinationOf('18118')).toEqual(['18118', 'Local/extension']);
    expect(destinationOf('42')).toBe('destination number "42" is not a phone number');
    expect(destinationOf('s')).toBe('destination number "s" is not a phone number');
  });

  describe('with a home country (My Account), national numbers are its own', () => {
    const destinationAt = (dst: string, homeCountry: string) => {
      const parsed = parseCdrRow(asteriskRow(dst), 2, { ...asterisk, homeCountry });
      return parsed.ok ? [parsed.cdr.destination, parsed.cdr.destinationName, parsed.cdr.number] : parsed.error.reason;
    };

    it("a US switch's 10-digit numbers are +1, not the calling codes their first digits spell", () => {
      expect(destinationAt('2125551234', '1')).toEqual(['1', 'United States, Canada and Caribbean', '2125551234']);
      expect(destinationAt('(415) 555-0100', '1')).toEqual(['1', 'United States, Canada and Caribbean', '4155550100']);
    });

    it("a UK switch's numbers with a trunk 0 are +44", () => {
      expect(destinationAt('02079460000', '44')).toEqual(['44', 'United Kingdom', '02079460000']);
      expect(destinationAt('01134960000', '44')).toEqual(['44', 'United Kingdom', '01134960000']);
    });

    it('numbers written as international are read as without one', () => {
      for (const home of ['1', '44']) {
        expect(destinationAt('+2125551234', home)).toEqual(['212', 'Morocco', '2125551234']);
        expect(destinationAt('00447700900123', home)).toEqual(['44', 'United Kingdom', '447700900123']);
        expect(destinationAt('+4930123456', home)).toEqual(['49', 'Germany', '4930123456']);
        expect(destinationAt('971501234567', home)).toEqual(['971', 'United Arab Emirates', '971501234567']);
      }
      expect(destinationAt('011447700900123', '1')).toEqual(['44', 'United Kingdom', '011447700900123']);
    });

    it('extensions and short codes stay Local/extension', () => {
      expect(destinationAt('101', '44')).toEqual(['101', 'Local/extension', '101']);
      expect(destinationAt('5001', '1')).toEqual(['5001', 'Local/extension', '5001']);
    });

    it("unset ('' or absent), national numbers are read as before", () => {
      expect(destinationAt('2125551234', '')).toEqual(['212', '', '2125551234']);
      expect(destinationAt('02079460000', '')).toEqual(['020', '', '02079460000']);
      expect(destinationOf('2125551234')).toEqual(['212', '']);
    });

    it("the row's key does not depend on it: a file imported before the setting is recognised after it", () => {
      const keyAt = (homeCountry: string | undefined) => {
        const parsed = parseCdrRow(asteriskRow('2125551234'), 2, { ...asterisk, homeCountry });
        return parsed.ok && parsed.cdr.key;
      };
      expect(keyAt('1')).toBe(keyAt(undefined));
    });

    it('a file with a name column keeps its names', () => {
      const parsed = parseCdrRow(row({ number: '02079460000', name: 'London' }), 2, { ...MAPPING, homeCountry: '44' });
      expect(parsed.ok && [parsed.cdr.destination, parsed.cdr.destinationName]).toEqual(['44', 'London']);
    });
  });

  it('names no country for bare digits shorter than an international number: a national or local number would read as a wrong country', () => {
    // A US switch's national numbers: New York, San Francisco, Chicago, Ottawa; and a local one.
    expect(destinationOf('2125551234')).toEqual(['212', '']); // not Morocco
    expect(destinationOf('4155550100')).toEqual(['41', '']); // not Switzerland
    expect(destinationOf('3125550100')).toEqual(['31', '']); // not the Netherlands
    expect(destinationOf('6135550100')).toEqual(['61', '']); // not Australia
    expect(destinationOf('5551234')).toEqual(['55', '']); // not Brazil
    // Written as international, the same digits are what they say.
    expect(destinationOf('+2125551234')).toEqual(['212', 'Morocco']);
    expect(destinationOf('004155550100')).toEqual(['41', 'Switzerland']);
    expect(destinationOf('01131201234567')).toEqual(['31', 'Netherlands']);
  });

  it('keeps the bare code of a national number and of a spare code', () => {
    // A UK switch's national 020 and Leeds 0113 numbers: no country can be told from them.
    expect(destinationOf('02079460000')).toEqual(['020', '']);
    expect(destinationOf('01134960000')).toEqual(['011', '']);
    expect(destinationOf('3841234567')).toEqual(['384', '']);
  });

  it("a file with a name column keeps its names; one without reads the rated prefix's country", () => {
    const named = parseCdrRow(row({ name: 'UK - Mobile' }), 2, MAPPING);
    expect(named.ok && named.cdr.destinationName).toBe('UK');
    const { destinationName: _, ...withoutNames } = MAPPING.columns;
    const unnamed = parseCdrRow(row(), 2, { ...MAPPING, columns: withoutNames });
    expect(unnamed.ok && unnamed.cdr.destinationName).toBe('United Kingdom');
    const prefixed: CdrMapping = { ...MAPPING, columns: { ...withoutNames, prefix: 9 } };
    const antigua = parseCdrRow([...row({ number: '12684601234' }), '1268'], 2, prefixed);
    expect(antigua.ok && [antigua.cdr.destination, antigua.cdr.destinationName]).toEqual(['1268', 'Antigua and Barbuda']);
  });

  it('a CDR whose name cell is empty in a file with a name column is named as in a file without one', () => {
    const nameOf = (overrides: Parameters<typeof row>[0], mapping: CdrMapping = MAPPING) => {
      const parsed = parseCdrRow(row(overrides), 2, mapping);
      return parsed.ok && [parsed.cdr.destination, parsed.cdr.destinationName];
    };
    expect(nameOf({ name: '' })).toEqual(['44', 'United Kingdom']);
    expect(nameOf({ name: '   ' })).toEqual(['44', 'United Kingdom']);
    expect(nameOf({ name: '', number: '+12125551234' })).toEqual(['1', 'United States, Canada and Caribbean']);
    expect(nameOf({ name: '', number: '+212612345678' })).toEqual(['212', 'Morocco']);
    expect(nameOf({ name: '', number: '101' })).toEqual(['101', 'Local/extension']);
    // A bare national number names no country, as in a file without the column.
    expect(nameOf({ name: '', number: '2125551234' })).toEqual(['212', '']);
    // A national number of the home country, and a rated prefix.
    expect(nameOf({ name: '', number: '02079460000' }, { ...MAPPING, homeCountry: '44' })).toEqual(['44', 'United Kingdom']);
    const prefixed: CdrMapping = { ...MAPPING, columns: { ...MAPPING.columns, prefix: 9 } };
    const antigua = parseCdrRow([...row({ name: '', number: '12684601234' }), '1268'], 2, prefixed);
    expect(antigua.ok && [antigua.cdr.destination, antigua.cdr.destinationName]).toEqual(['1268', 'Antigua and Barbuda']);
  });

  it('a CDR with an empty name has the key it had before names were given to it: a file imported before is recognised', () => {
    const withId = parseCdrRow(row({ name: '', id: 'abc' }), 2, MAPPING);
    expect(withId.ok && withId.cdr.key).toBe('c:abc');
    const blank = parseCdrRow(row({ name: '', id: '' }), 2, MAPPING);
    const named = parseCdrRow(row({ name: 'UK - Mobile', id: '' }), 2, MAPPING);
    expect(blank.ok && named.ok).toBe(true);
    if (!blank.ok || !named.ok) return;
    expect(blank.cdr.key).toBe(`r:${hash64(`${blank.cdr.epochMs}|Globex|447700900001|60|60|0.100000|USD`)}`);
    expect(blank.cdr.key).toBe(named.cdr.key);
  });

  it('a softswitch file with some names left empty rolls up into country-named usage, not bare codes', () => {
    const text = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-03-01 10:00:00,Globex,447700900001,,60,60,0.10,USD,a1',
      '2026-03-01 11:00:00,Globex,+12125551234,,30,30,0.02,USD,a2',
      '2026-03-01 12:00:00,Globex,212612345678,,60,60,0.30,USD,a3',
      '2026-03-01 13:00:00,Globex,33612345678,France - Mobile,60,60,0.05,USD,a4',
    ].join('\n');
    const { cells, bad } = rollUp(text, 'softswitch');
    expect(bad).toEqual([]);
    expect(cells.map((c) => [c.destination, c.name])).toEqual([
      ['1', 'United States, Canada and Caribbean'],
      ['212', 'Morocco'],
      ['33', 'France'],
      ['44', 'United Kingdom'],
    ]);
  });

  it('NDJSON: an object without a destination name is named after its country', () => {
    const cdr = { time: '2026-03-01T10:00:00Z', customer: 'GLX-1', destination_number: '+97317001234', duration: 60, charge: '0.1' };
    const unnamed = parseCdrRow(cellsFromJson(cdr) as string[], 1, NDJSON_MAPPING);
    expect(unnamed.ok && [unnamed.cdr.destination, unnamed.cdr.destinationName]).toEqual(['973', 'Bahrain']);
    const named = parseCdrRow(cellsFromJson({ ...cdr, destination_name: 'Bahrain - Mobile' }) as string[], 1, NDJSON_MAPPING);
    expect(named.ok && named.cdr.destinationName).toBe('Bahrain');
  });

  it('a CDR is the same CDR as before: its number and key do not depend on its destination', () => {
    // Re-importing a file imported before names were given must find every CDR imported already.
    const parsed = parseCdrRow(asteriskRow('011447700900123'), 2, asterisk);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.cdr.number).toBe('011447700900123');
    expect(parsed.cdr.key).toBe(`r:${hash64(`${parsed.cdr.epochMs}|GLX-1|011447700900123|60|60|0.060000|`)}`);
    const withId = parseCdrRow(asteriskRow('+447700900123', '1772359200.1'), 2, asterisk);
    expect(withId.ok && withId.cdr.key).toBe('c:1772359200.1');
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
    expect(cellsFromJson({ charge: 1e21 })).toBe('charge 1e+21 is too large or too small for a CDR; send it as a decimal string');
    expect(cellsFromJson({ duration: 1e-7 })).toBe('duration 1e-7 is too large or too small for a CDR; send it as a decimal string');
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
    // 0.1 + 0.300003 = 0.400003; calls 2 + 1; attempts 3 + 2. The stored name, one a file gave, is kept over the derived "United Kingdom".
    expect(addCellToUsage(stored, cell, 'c', 'USD')).toMatchObject({ calls: 3, attempts: 5, seconds: 160, billedSeconds: 180, charge: '0.400003', destinationName: 'UK' });
    expect(addCellToUsage(undefined, cell, 'c', 'USD')).toMatchObject({ id: 'c:2026-03-01:44', calls: 1, attempts: 2, charge: '0.300003', destinationName: 'United Kingdom' });
  });

  describe("one day's calls to one destination, named and not, keep the name as a line would (a file's, a derived one, none; then the larger)", () => {
    // "Germany" is the name Tollbook derives for +49; "DE Mobile" is a file's, and the smaller text.
    const named = (destinationName: string): Cdr => ({
      line: 1, epochMs: 0, customer: 'x', number: '4915112345678', destination: '49', destinationName, seconds: 60, billedSeconds: 60, charge: 1, currency: 'EUR', callId: '', key: '',
    });
    const cellOf = (...names: string[]) => {
      const cells = new Map<string, UsageCell>();
      for (const name of names) addToCells(cells, named(name), '2026-03-01');
      return cells.get('2026-03-01|49')!;
    };
    const row = (destinationName: string) => ({ id: 'c:2026-03-01:49', customerId: 'c', day: '2026-03-01', destination: '49', destinationName, calls: 1, attempts: 1, seconds: 60, billedSeconds: 60, charge: '0.000001', currency: 'EUR' });

    it('in a cell, whatever the order of the lines', () => {
      for (const names of [['DE Mobile', 'Germany'], ['Germany', 'DE Mobile'], ['', 'Germany', 'DE Mobile'], ['DE Mobile', '', 'Germany']]) {
        expect(cellOf(...names).destinationName).toBe('DE Mobile');
      }
      expect(cellOf('', 'Germany').destinationName).toBe('Germany');
      expect(cellOf('Germany', '').destinationName).toBe('Germany');
      expect(cellOf('DE Mobile', 'DE Fixed').destinationName).toBe('DE Mobile');
      expect(cellOf('DE Fixed', 'DE Mobile').destinationName).toBe('DE Mobile');
    });

    it('merging two cells', () => {
      for (const [a, b] of [['DE Mobile', 'Germany'], ['Germany', 'DE Mobile'], ['', 'DE Mobile']]) {
        const into = cellOf(a!);
        mergeCells(into, cellOf(b!));
        expect(into).toMatchObject({ destinationName: 'DE Mobile', calls: 2 });
      }
      const into = cellOf('Germany');
      mergeCells(into, cellOf(''));
      expect(into.destinationName).toBe('Germany');
    });

    it('adding a cell to the stored row', () => {
      expect(addCellToUsage(row('DE Mobile'), cellOf('Germany'), 'c', 'EUR').destinationName).toBe('DE Mobile');
      expect(addCellToUsage(row('Germany'), cellOf('DE Mobile'), 'c', 'EUR').destinationName).toBe('DE Mobile');
      expect(addCellToUsage(row(''), cellOf('Germany'), 'c', 'EUR').destinationName).toBe('Germany');
      expect(addCellToUsage(row('Germany'), cellOf(''), 'c', 'EUR').destinationName).toBe('Germany');
      expect(addCellToUsage(row('DE Fixed'), cellOf('DE Mobile'), 'c', 'EUR').destinationName).toBe('DE Mobile');
      expect(addCellToUsage(row('DE Mobile'), cellOf('DE Fixed'), 'c', 'EUR').destinationName).toBe('DE Mobile');
    });
  });
});
