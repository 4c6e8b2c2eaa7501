/**
 * The byte reader of the server ingest against the text path the browser import uses (lib/cdr
 * CsvStream, CdrReader): the same rows, lines and malformed-line errors for random CSV (quotes,
 * CR/LF/CRLF, multibyte characters, every delimiter) however the bytes are cut; and for rows the
 * byte reader takes, the same CDR as CdrReader reads from the row's text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CdrReader,
  CsvRowTooLongError,
  CsvStream,
  MAX_CSV_ROW_CHARS,
  MAX_QUOTED_CELL_CHARS,
  type CdrColumns,
  type CdrMapping,
  type CsvDelimiter,
  type CsvLineError,
} from './cdr';
import { CdrByteReader, CsvByteStream, type CsvByteRow } from './cdr-bytes';

const SEED = 20261206;
const encoder = new TextEncoder();

type Parsed = { rows: { cells: string[]; line: number }[]; errors: CsvLineError[]; tooLong?: number };

/** Pushes the pieces into the stream and ends it; a row too long stops it: its line, else undefined. */
function collect<Piece>(stream: { push(piece: Piece): void; end(): void }, pieces: readonly Piece[]): number | undefined {
  try {
    for (const piece of pieces) stream.push(piece);
    stream.end();
  } catch (error) {
    if (!(error instanceof CsvRowTooLongError)) throw error;
    return error.line;
  }
  return undefined;
}

function parseText(pieces: readonly string[], delimiter: CsvDelimiter): Parsed {
  const parsed: Parsed = { rows: [], errors: [] };
  const stream = new CsvStream(
    (cells, line) => parsed.rows.push({ cells, line }),
    (e) => parsed.errors.push(e),
    delimiter,
  );
  const tooLong = collect(stream, pieces);
  return tooLong === undefined ? parsed : { ...parsed, tooLong };
}

function parseBytes(pieces: readonly Uint8Array[], delimiter: CsvDelimiter): Parsed {
  const parsed: Parsed = { rows: [], errors: [] };
  const stream = new CsvByteStream(
    (row, line) => parsed.rows.push({ cells: row.cells(), line }),
    (e) => parsed.errors.push(e),
    delimiter,
  );
  const tooLong = collect(stream, pieces);
  return tooLong === undefined ? parsed : { ...parsed, tooLong };
}

/** The bytes cut at the given points. */
function cutAt(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of sorted) {
    pieces.push(bytes.slice(from, point));
    from = point;
  }
  pieces.push(bytes.slice(from));
  return pieces;
}

/** Text made of what CSV looks at and what it does not: quotes, delimiters, line ends, 1- to 4-byte characters. */
const csvText = fc
  .tuple(
    fc.constantFrom('', '', '\uFEFF'),
    fc.array(fc.constantFrom('a', 'b1', ' ', '"', '""', ',', ';', '\t', '\r', '\n', '\r\n', 'é', '€', '😀', '\u00a0', 'x,y', '"q"'), { maxLength: 40 }),
  )
  .map(([bom, parts]) => bom + parts.join(''));

/** Rows of cells, some quoted (with doubled quotes and line breaks inside), joined by LF or CRLF. */
const csvRows = fc
  .tuple(
    fc.array(
      fc.array(
        fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', 'é', '😀', '"', '\n', ',', ';', '\t'), maxLength: 8 })),
        { minLength: 1, maxLength: 5 },
      ),
      { maxLength: 6 },
    ),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
  )
  .map(([rows, end, delimiter]) => ({
    delimiter,
    text: rows
      .map((cells) => cells.map(([quoted, value]) => (quoted ? `"${value.replaceAll('"', '""')}"` : value)).join(delimiter))
      .join(end),
  }));

describe('CsvByteStream', () => {
  it('gives the rows, lines and errors CsvStream gives for the text, whole and cut anywhere (inside characters too)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          csvText.chain((text) => fc.constantFrom<CsvDelimiter>(',', ';', '\t').map((delimiter) => ({ text, delimiter }))),
          csvRows,
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        ({ text, delimiter }, cuts) => {
          const expected = parseText([text], delimiter);
          const bytes = encoder.encode(text);
          expect(parseBytes([bytes], delimiter), JSON.stringify(text)).toEqual(expected);
          expect(parseBytes(cutAt(bytes, cuts), delimiter), JSON.stringify([text, cuts])).toEqual(expected);
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('gives the same whatever byte the body is cut at, and one byte at a time', () => {
    const text =
      '\uFEFFtime;customer;"name"\r\n2026-03-01 10:00:00;Société Générale;"Côte d’Ivoire; ""Mobile"""\r\n' +
      '"line\nbreak 😀";€;x\r\rlast,"unclosed\n😀 tail';
    for (const delimiter of [',', ';', '\t'] as const) {
      const expected = parseText([text], delimiter);
      const bytes = encoder.encode(text);
      for (let cut = 0; cut <= bytes.length; cut++) expect(parseBytes(cutAt(bytes, [cut]), delimiter), `cut at ${cut}`).toEqual(expected);
      expect(parseBytes(Array.from(bytes, (b) => new Uint8Array([b])), delimiter)).toEqual(expected);
    }
  });

  it('counts the limits of a quoted cell and a row in characters (UTF-16 units), not bytes', () => {
    // Around MAX_QUOTED_CELL_CHARS with 2-, 3- and 4-byte characters, closed or not.
    for (const char of ['é', '€', '😀', 'a']) {
      for (const units of [MAX_QUOTED_CELL_CHARS - 2, MAX_QUOTED_CELL_CHARS - 1, MAX_QUOTED_CELL_CHARS, MAX_QUOTED_CELL_CHARS + 1, MAX_QUOTED_CELL_CHARS + 2]) {
        const cell = char.repeat(Math.floor(units / char.length)) + (units % char.length ? 'a' : '');
        for (const text of [`a,"${cell}",b\nnext,row\n`, `a,"${cell}`, `a,"${cell}"`]) {
          const expected = parseText([text], ',');
          const bytes = encoder.encode(text);
          expect(parseBytes([bytes], ','), `${char} ${units} ${text.slice(-8)}`).toEqual(expected);
          expect(parseBytes(cutAt(bytes, [bytes.length - 1, bytes.length - 5]), ','), `${char} ${units} cut`).toEqual(expected);
        }
      }
    }
    // Around MAX_CSV_ROW_CHARS: a row of 2-byte characters under the limit in characters is read.
    const row = (units: number) => `ok,1\n${'é'.repeat(units)}\nafter,2\n`;
    for (const units of [MAX_CSV_ROW_CHARS - 1, MAX_CSV_ROW_CHARS, MAX_CSV_ROW_CHARS + 1]) {
      const expected = parseText([row(units)], ',');
      const bytes = encoder.encode(row(units));
      expect(parseBytes([bytes], ','), String(units)).toEqual(expected);
      expect(parseBytes(cutAt(bytes, [bytes.length >> 1]), ','), `${units} in two`).toEqual(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Mostly a good cell, now and then one from the near misses. */
const mostly = <T,>(good: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: other });

/** Cells in the shapes switches write, and near misses of each, so that both readers are reached. */
const cell = {
  time: mostly(
    fc
      .record({ day: fc.integer({ min: 0, max: 36_524 }), second: fc.integer({ min: 0, max: 86_399 }), ms: fc.integer({ min: 0, max: 999 }), form: fc.nat(5) })
      .map(({ day, second, ms, form }) => {
        const iso = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000 + second * 1000 + ms).toISOString();
        return [iso, iso.slice(0, 19).replace('T', ' '), `${iso.slice(0, 19)}+02:00`, `${iso.slice(0, 16)}-0530`, `${iso.slice(0, 22)}z`, iso.slice(0, 16)][form]!;
      }),
    fc.constantFrom('1772359200', ' 2026-03-01T10:00:00Z', '2026-02-30 10:00:00', '1999-12-31T23:00:00-02:00', '2099-12-31T23:30:00-01:00', '2026-03-01T10:00:00+15:00', 'x'),
  ),
  customer: mostly(fc.constantFrom('GLX-1', ' glx-1 ', 'Globex Carrier', 'Café Télécom'), fc.constantFrom('', ' ', '\u00a0')),
  number: mostly(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', '+', '00', '+00'), fc.integer({ min: 1, max: 9 }), digits(6, 14)).map(([p, lead, d]) => `${p}${lead}${d}`) },
      // NANP's 011 before an international number, and national numbers with a trunk 0 or 8.
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('011', '0', '8', '00'), digits(7, 12)).map(([p, d]) => p + d) },
    ),
    fc.oneof(
      fc.tuple(fc.constantFrom('', '+', '00', '0', '011', '8', '+00'), digits(0, 16)).map(([p, d]) => p + d),
      fc.constantFrom('+44 7700 900001', 's', ' +447700900001', '٣٣٣', '2125551234', '02079460000', '89161234567'),
    ),
  ),
  name: mostly(
    fc.constantFrom('', 'United Kingdom', 'United Kingdom - Mobile', ' UK ', 'Côte d’Ivoire – Mobile', 'USA: New York', 'Royaume-Uni, Mobile', '"Quoted"'),
    fc.constantFrom('\u00a0Spain', 'N\u0000UL', 'A'.repeat(201), 'é'.repeat(200), 'é'.repeat(201)),
  ),
  seconds: mostly(digits(1, 7), fc.oneof(digits(8, 9), fc.constantFrom('', '12.5', '-1', ' 60', '2592001', '2592000', '0'))),
  charge: mostly(
    fc.tuple(digits(1, 9), fc.option(digits(1, 6))).map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`)),
    fc.oneof(
      fc.tuple(digits(1, 17), fc.option(digits(0, 8))).map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`)),
      fc.constantFrom('', '-0.1', '1e3', ' 0.5', '.5', '5.', '0,5'),
    ),
  ),
  currency: mostly(fc.constantFrom('USD', 'EUR', ''), fc.constantFrom('usd', 'XXY', ' USD', 'US')),
  callId: mostly(fc.constantFrom('c-1', 'é😀', 'x'.repeat(498), '€x', 'a\u00a0b', 'q"q'), fc.constantFrom('', ' c-1', 'c\t1', 'x'.repeat(499), 'é'.repeat(300), 'x\u00a0', 'del\u007f')),
  prefix: fc.constantFrom('', '44', '+4477'),
};

describe('CdrByteReader', () => {
  it('reads a row as CdrReader reads its text, or leaves it to CdrReader', () => {
    const mapping = fc.record({
      order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { minLength: 10, maxLength: 10 }),
      billedDuration: fc.boolean(),
      currency: fc.boolean(),
      destinationName: fc.boolean(),
      callId: fc.constantFrom(true, true, true, false),
      prefix: fc.constantFrom(false, false, false, false, true),
      zone: fc.constantFrom('UTC', 'Europe/London', 'Asia/Kathmandu'),
      homeCountry: fc.constantFrom(undefined, '', '1', '44', '7', '39'),
      width: fc.option(fc.integer({ min: 1, max: 10 }), { freq: 10 }),
      // A file with a header of 10 cells (or 9 or 11: every row is then one short or one over), or none.
      headerCells: fc.constantFrom(0, 0, 10, 10, 9, 11),
      delimiter: fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
    });
    const row = fc.record({
      time: cell.time,
      customer: cell.customer,
      number: cell.number,
      name: cell.name,
      duration: cell.seconds,
      billed: fc.oneof(cell.seconds, fc.constant('')),
      charge: cell.charge,
      currency: cell.currency,
      callId: cell.callId,
      prefix: cell.prefix,
    });
    let taken = 0;
    let cdrs = 0;
    fc.assert(
      fc.property(row, mapping, (r, m) => {
        // Cells at shuffled positions, so any column may come last or be cut off.
        const values = [r.time, r.customer, r.number, r.name, r.duration, r.billed, r.charge, r.currency, r.callId, r.prefix];
        const fields = ['time', 'customer', 'destinationNumber', 'destinationName', 'duration', 'billedDuration', 'charge', 'currency', 'callId', 'prefix'] as const;
        const cells: string[] = [];
        const columns: CdrColumns = {};
        fields.forEach((field, i) => {
          cells[m.order[i]!] = values[i]!;
          const optional = { billedDuration: m.billedDuration, currency: m.currency, destinationName: m.destinationName, callId: m.callId, prefix: m.prefix } as Record<string, boolean>;
          if (optional[field] !== false) columns[field] = m.order[i]!;
        });
        const written = (m.width === null ? cells : cells.slice(0, m.width))
          .map((c) => (/[",;\t\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c))
          .join(m.delimiter);
        const cdrMapping: CdrMapping = { hasHeader: false, columns, sourceTimeZone: m.zone, delimiter: m.delimiter, ...(m.homeCountry === undefined ? {} : { homeCountry: m.homeCountry }) };
        const byteReader = new CdrByteReader(cdrMapping);
        const reader = new CdrReader(cdrMapping);
        byteReader.headerCells = m.headerCells;
        reader.headerCells = m.headerCells;
        let seen: CsvByteRow | undefined;
        new CsvByteStream(
          (byteRow, line) => {
            seen = byteRow;
            const read = reader.read(byteRow.cells(), line);
            if (read) cdrs++;
            if (!byteReader.read(byteRow)) return;
            taken++;
            const text = (from: number, to: number) => new TextDecoder().decode(byteRow.bytes.subarray(from, to));
            expect(read, `${written}: the byte reader took a row CdrReader refuses (${reader.reason})`).toBe(true);
            expect({
              epochMs: byteReader.epochMs,
              customer: text(byteReader.customerStart, byteReader.customerEnd).trim(),
              number: text(byteReader.numberStart, byteReader.numberEnd),
              destination: byteReader.destination,
              destinationName: byteReader.destinationName,
              seconds: byteReader.seconds,
              billedSeconds: byteReader.billedSeconds,
              charge: byteReader.charge,
              currency: byteReader.currency,
              key: `c:${text(byteReader.callIdStart, byteReader.callIdEnd)}`,
            }).toEqual({
              epochMs: reader.epochMs,
              customer: reader.customer,
              number: reader.number,
              destination: reader.destination,
              destinationName: reader.destinationName,
              seconds: reader.seconds,
              billedSeconds: reader.billedSeconds,
              charge: reader.charge,
              currency: reader.currency,
              key: reader.key,
            });
          },
          () => {},
          m.delimiter,
        ).push(encoder.encode(`${written}\n`));
        void seen;
      }),
      { seed: SEED, numRuns: 5000 },
    );
    // Both readers are reached: the byte reader takes many of the CDRs, and leaves others to CdrReader.
    expect(taken).toBeGreaterThan(cdrs / 10);
    expect(taken).toBeLessThan(cdrs);
  });

  it('takes the rows of a plain softswitch export, one after another, each as CdrReader reads it', () => {
    const mapping: CdrMapping = {
      hasHeader: true,
      columns: { time: 0, customer: 1, destinationNumber: 2, destinationName: 3, duration: 4, billedDuration: 5, charge: 6, currency: 7, callId: 8 },
      sourceTimeZone: 'UTC',
    };
    const lines = [
      '2026-03-01T10:00:00.000Z,CUST-1,+447700900123,United Kingdom - Mobile,61,66,0.012300,USD,r0-1',
      '2026-03-01T10:00:01.000Z,CUST-2,+33612345678,France,5,6,0.001000,USD,r0-2',
      '2026-03-01 10:00:02,CUST-3,0049301234567,Deutschland,0,0,0,USD,r0-3',
      '2026-03-01T10:00:03Z,CUST-3,+2250700000000,Côte d’Ivoire – Mobile,600,600,1.5,,é-😀',
    ];
    const byteReader = new CdrByteReader(mapping);
    const reader = new CdrReader(mapping);
    const taken: string[] = [];
    new CsvByteStream(
      (row, line) => {
        expect(byteReader.read(row), `line ${line}`).toBe(true);
        expect(reader.read(row.cells(), line)).toBe(true);
        expect([byteReader.epochMs, byteReader.destination, byteReader.destinationName, byteReader.charge]).toEqual([reader.epochMs, reader.destination, reader.destinationName, reader.charge]);
        taken.push(reader.key);
      },
      () => {},
    ).push(encoder.encode(`${lines.join('\r\n')}\r\n`));
    expect(taken).toEqual(['c:r0-1', 'c:r0-2', 'c:r0-3', 'c:é-😀']);
  });

  it('leaves a row with more or fewer cells than the header to CdrReader, which refuses it as the browser import does', () => {
    const mapping: CdrMapping = {
      hasHeader: true,
      columns: { time: 0, customer: 1, destinationNumber: 2, destinationName: 3, duration: 4, billedDuration: 5, charge: 6, currency: 7, callId: 8 },
      sourceTimeZone: 'UTC',
    };
    const lines = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-03-01T10:00:00Z,CUST-1,+447700900123,United Kingdom,61,66,0.012300,USD,h-1',
      '2026-03-01T10:00:01Z,CUST-1,+447700900123,United Kingdom,61,66,0.012300,USD',
      '2026-03-01T10:00:02Z,CUST-1,+447700900123,United Kingdom,61,66,0.012300,USD,h-3,more',
    ];
    const byteReader = new CdrByteReader(mapping);
    const reader = new CdrReader(mapping);
    const read: [number, boolean, string][] = [];
    new CsvByteStream(
      (row, line) => {
        if (line === 1) {
          reader.header(row.cells());
          byteReader.headerCells = row.count;
          return;
        }
        read.push([line, byteReader.read(row), reader.read(row.cells(), line) ? reader.key : reader.reason]);
      },
      () => {},
    ).push(encoder.encode(`${lines.join('\n')}\n\n`));
    expect(read).toEqual([
      [2, true, 'c:h-1'],
      [3, false, 'has 8 cells, the header has 9'],
      [4, false, 'has 10 cells, the header has 9'],
    ]);
  });
});
