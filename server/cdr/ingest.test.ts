/**
 * CDR ingest through HTTP (the route handler with a Request), on PGlite and, when DATABASE_URL is
 * set, on real Postgres: keys, the sample files of each preset with known totals, idempotence,
 * bad rows, another tenant's customers, concurrent overlapping batches, and usage reaching devices
 * by pull.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Usage } from '../../lib/entities';
import { PULL_PAGE_MAX } from '../../lib/protocol';
import { resultRows } from '../db';
import { customer, numbered, pullOf, pushOf } from '../sync/test-mutations';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { callerWith, signUpOwner, type SignedIn } from '../test-sessions';
import { addMember } from '../test-sessions';
import { sql } from 'drizzle-orm';
import { firstInvalidUtf8, handleCdrIngest } from './http';
import { CHARGE_SCALE, cdrBillingDay, CustomerDirectory, mappingFromPreset, parseCdrRow, parseCsvRows } from '../../lib/cdr';
import { formatUnits } from '../../lib/money';
import { accountRows } from '../schema';

const fixture = (name: string) => readFileSync(new URL(`../../e2e/fixtures/cdr/${name}`, import.meta.url), 'utf8');

interface IngestBody {
  accepted: number;
  duplicates: number;
  badCount: number;
  badRows: { line: number; reason: string }[];
  usageRows: number;
}

describe('firstInvalidUtf8', () => {
  it("finds where TextDecoder's UTF-8 stops: the bytes before it decode, and none from it on do", () => {
    const decodes = (bytes: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Lead bytes, continuation bytes, and the edges of the ranges that follow E0, ED, F0 and F4.
    const byte = fc.constantFrom(0x41, 0x0a, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (list) => {
        const bytes = new Uint8Array(list);
        const invalid = firstInvalidUtf8(bytes, true);
        expect(invalid === -1, JSON.stringify(list)).toBe(decodes(bytes));
        if (invalid >= 0) {
          expect(decodes(bytes.subarray(0, invalid))).toBe(true);
          for (let end = invalid + 1; end <= bytes.length; end++) expect(decodes(bytes.subarray(0, end)), JSON.stringify(list)).toBe(false);
        }
      }),
      { seed: 20261206, numRuns: 5000 },
    );
    // Not final: a character cut off by the end is no error yet.
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe2, 0x82]), false)).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe2, 0x82]), true)).toBe(1);
  });
});

describe.each(TEST_DATABASE_KINDS)('POST /api/cdrs on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  let key: string;
  const globex = customer({ name: 'Globex Carrier', externalId: 'GLX-1', currency: 'USD' });
  const initech = customer({ name: 'Initech Voice', externalId: 'INI-7', currency: 'EUR' });

  const post = (body: BodyInit, options: { key?: string; type?: string; query?: string } = {}) =>
    handleCdrIngest(
      new Request(`http://localhost/api/cdrs${options.query ?? ''}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key ?? key}`, 'content-type': options.type ?? 'text/csv' },
        body,
        // Node's fetch needs this to send a streamed body.
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit),
      database,
    );

  /** What an answer adds when its CDRs name no currency, all of them `who`'s: they are taken in its currency. */
  const takenIn = (who: { id: string; name: string; currency: string }, cdrs: number) => ({
    currencyAssumed: [{ customerId: who.id, customer: who.name, currency: who.currency, cdrs }],
    note: expect.stringContaining(`taken in each customer's own currency, ${who.name} in ${who.currency}.`),
  });

  async function ingest(body: BodyInit, options: { key?: string; type?: string; query?: string } = {}): Promise<IngestBody> {
    const response = await post(body, options);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as IngestBody;
  }

  /** A body sent `size` bytes at a time. */
  const inPieces = (body: Uint8Array, size: number) => {
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.length) return controller.close();
        controller.enqueue(body.slice(at, (at += size)));
      },
    });
  };

  /** The tenant's live usage rows as devices get them by pull. */
  async function pulledUsage(who: SignedIn): Promise<Map<string, Usage>> {
    const clientId = randomUUID();
    const rows = new Map<string, Usage>();
    let cursor = 0;
    for (;;) {
      const page = await who.caller.sync.pull(pullOf(clientId, cursor));
      for (const change of page.changes) {
        if (change.entity !== 'usage') continue;
        if (change.row) rows.set(change.id, change.row as unknown as Usage);
        else rows.delete(change.id);
      }
      cursor = page.cursor;
      if (!page.more) return rows;
    }
  }

  const usageOf = (rows: Map<string, Usage>, customerId: string) =>
    [...rows.values()]
      .filter((u) => u.customerId === customerId)
      .map((u) => `${u.day} ${u.destination} ${u.destinationName} calls=${u.calls}/${u.attempts} s=${u.seconds}/${u.billedSeconds} ${u.charge}`)
      .sort();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpOwner(database, 'Ingest Carrier');
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: globex }, { name: 'createCustomer', args: initech }])));
    key = (await owner.caller.cdr.createKey({ name: 'Switch A' })).key;
  });
  afterAll(async () => {
    await database.close();
  });

  it('ingests the softswitch sample with known totals, and the same file again adds nothing', async () => {
    const first = await ingest(fixture('softswitch.csv'));
    // 6 CDRs: 4 Globex (by name or GLX-1), 2 Initech (by INI-7 or name).
    expect(first).toEqual({ accepted: 6, duplicates: 0, badCount: 0, badRows: [], usageRows: 4 });
    const usage = await pulledUsage(owner);
    expect(usageOf(usage, globex.id)).toEqual([
      // 0.077 + 0.090005 = 0.167005 on 1 March to 44; 0.0125 to 1; 0.900001 on 2 March.
      '2026-03-01 1 USA calls=1/1 s=120/120 0.012500',
      '2026-03-01 44 United Kingdom calls=2/2 s=91/96 0.167005',
      '2026-03-02 44 United Kingdom calls=1/1 s=300/300 0.900001',
    ]);
    expect(usageOf(usage, initech.id)).toEqual(['2026-03-02 49 Germany calls=1/2 s=59/60 0.008500']);

    const again = await ingest(fixture('softswitch.csv'));
    expect(again).toEqual({ accepted: 0, duplicates: 6, badCount: 0, badRows: [], usageRows: 0 });
    expect(await pulledUsage(owner)).toEqual(usage);
  });

  it('reads a body separated by semicolons with decimal commas (found from its first line, or ?delimiter=) as the comma sample: the same usage and the same CDRs', async () => {
    const euro = await signUpOwner(database, 'Euro Carrier');
    const theirGlobex = customer({ name: 'Globex Carrier', externalId: 'GLX-1', currency: 'USD' });
    const theirInitech = customer({ name: 'Initech Voice', externalId: 'INI-7', currency: 'EUR' });
    await euro.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: theirGlobex }, { name: 'createCustomer', args: theirInitech }])));
    const euroKey = (await euro.caller.cdr.createKey({ name: 'Euro switch' })).key;

    // BOM, CRLF, a quoted name holding ";", charges such as 0,077000; sent 7 bytes at a time, so
    // the first line arrives in pieces before its delimiter can be found.
    const semicolon = fixture('softswitch-semicolon.csv');
    expect(await ingest(inPieces(new TextEncoder().encode(semicolon), 7), { key: euroKey })).toEqual({ accepted: 6, duplicates: 0, badCount: 0, badRows: [], usageRows: 4 });
    const usage = await pulledUsage(euro);
    // As the comma sample gives (the first test).
    expect(usageOf(usage, theirGlobex.id)).toEqual([
      '2026-03-01 1 USA calls=1/1 s=120/120 0.012500',
      '2026-03-01 44 United Kingdom calls=2/2 s=91/96 0.167005',
      '2026-03-02 44 United Kingdom calls=1/1 s=300/300 0.900001',
    ]);
    expect(usageOf(usage, theirInitech.id)).toEqual(['2026-03-02 49 Germany calls=1/2 s=59/60 0.008500']);
    // The comma file holds the same CDRs.
    expect(await ingest(fixture('softswitch.csv'), { key: euroKey })).toEqual({ accepted: 0, duplicates: 6, badCount: 0, badRows: [], usageRows: 0 });

    // Without call ids, a CDR is its row's hash: the same whether its charge reads 0,25 or 0.250000.
    const rows = (d: string, charge: string) =>
      [`time${d}customer${d}destination_number${d}duration${d}charge`, ...['09', '10'].map((h) => `2026-03-09T${h}:00:00Z${d}GLX-1${d}447700900001${d}60${d}${charge}`)].join('\n');
    const lines = (d: string, charge: string, bad: string) => `${rows(d, charge)}\n2026-03-09T11:00:00Z${d}GLX-1${d}447700900001${d}60${d}${bad}\n`;
    expect(await ingest(lines(';', '0,25', '1.234,56'), { key: euroKey })).toEqual({
      accepted: 2,
      duplicates: 0,
      badCount: 1,
      // A thousands separator is refused, by its line, rather than read as 1.234 or 1234.56.
      badRows: [{ line: 4, reason: 'charge "1.234,56" has a thousands separator: write it without one (as 1234,56)' }],
      usageRows: 1,
      ...takenIn(theirGlobex, 2),
    });
    expect(await ingest(rows(',', '0.250000'), { key: euroKey })).toMatchObject({ accepted: 0, duplicates: 2, badCount: 0 });
    expect(await ingest(rows('\t', '0,25'), { key: euroKey, query: '?delimiter=tab' })).toMatchObject({ accepted: 0, duplicates: 2, badCount: 0 });
    expect(usageOf(await pulledUsage(euro), theirGlobex.id)).toContain('2026-03-09 44 United Kingdom calls=2/2 s=120/120 0.500000');

    // ?delimiter= is what the body is read with: a tab file read as semicolons is one column.
    const forced = await post(rows('\t', '0,25'), { key: euroKey, query: '?delimiter=semicolon' });
    expect(forced.status).toBe(400);
    expect(((await forced.json()) as { error: { message: string } }).error.message).toMatch(/^The first line is neither a header/);
    const unknown = await post(rows(';', '0,25'), { key: euroKey, query: '?delimiter=pipe' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: { message: 'delimiter must be one of comma, semicolon, tab' } });
  });

  it('ingests Asterisk and FreeSWITCH files (detected), adding to the same usage rows', async () => {
    expect(await ingest(fixture('asterisk-master.csv'))).toMatchObject({ accepted: 3, duplicates: 0, badCount: 0 });
    expect(await ingest(fixture('freeswitch.csv'))).toMatchObject({ accepted: 3, duplicates: 0, badCount: 0 });
    expect(usageOf(await pulledUsage(owner), globex.id)).toEqual([
      // Softswitch 0.0125 + Asterisk's unanswered attempt to 1 212…, which Tollbook names after the
      // zone: the row keeps the name the softswitch file gave it, as a line would (lib/grouping).
      '2026-03-01 1 USA calls=1/2 s=120/120 0.012500',
      // 0.167005 (softswitch) + 0.06 (Asterisk, 60 s) + 0.18 (FreeSWITCH, 120 s) = 0.407005.
      '2026-03-01 44 United Kingdom calls=4/4 s=271/276 0.407005',
      // FreeSWITCH 0.0675 to France: the file names no destination, the code's country does.
      '2026-03-02 33 France calls=1/1 s=45/45 0.067500',
      // 0.900001 (softswitch) + FreeSWITCH's busy attempt.
      '2026-03-02 44 United Kingdom calls=1/2 s=300/300 0.900001',
      // Asterisk 0.54 to a German mobile.
      '2026-03-02 49 Germany calls=1/1 s=180/180 0.540000',
    ]);
    const [{ n }] = resultRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from cdrs where tenant_id = ${owner.tenantId}`)) as [{ n: number }];
    expect(n).toBe(12);
  });

  it('reports every kind of bad row with its line and reason and stores none of them', async () => {
    const body = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      'not a time,Globex Carrier,447700900001,UK,60,60,0.1,USD,bad-1',
      '2026-03-03T10:00:00Z,Globex Carrier,447700900001,UK,-5,60,0.1,USD,bad-2',
      '2026-03-03T10:00:00Z,Globex Carrier,447700900001,UK,60,60,ten cents,USD,bad-3',
      '2026-03-03T10:00:00Z,Globex Carrier,447700900001,UK,60,60,0.1,EUR,bad-4',
      '2026-03-03T10:00:00Z,Nobody Ltd,447700900001,UK,60,60,0.1,USD,bad-5',
      '2026-03-03T10:00:00Z,Globex Carrier,447700900001,UK,60,60,0.1,USD,good-1',
      '2026-03-03T10:00:00Z,Globex Carrier,447700900001,UK,"6"0,60,0.1,USD,bad-6',
    ].join('\n');
    const result = await ingest(body);
    expect(result).toEqual({
      accepted: 1,
      duplicates: 0,
      badCount: 6,
      usageRows: 1,
      badRows: [
        { line: 2, reason: expect.stringContaining('time "not a time" is not a date and time') },
        { line: 3, reason: 'duration -5 is negative' },
        { line: 4, reason: 'charge "ten cents" is not a number' },
        { line: 5, reason: "currency EUR is not Globex Carrier's (USD)" },
        { line: 6, reason: 'customer "Nobody Ltd" is not a customer of this account' },
        { line: 8, reason: 'malformed CSV: text after a closing quote' },
      ],
    });
    const keys = resultRows<{ key: string }>(await database.db.execute(sql`select key from cdr_keys where tenant_id = ${owner.tenantId} and key like 'c:bad-%'`));
    expect(keys).toEqual([]);
  });

  // The tester's case: a row without its call id was stored, keyed by its row's hash.
  it("refuses a row with fewer or more cells than the header as a bad row, with the browser import's lines and reasons; a quoted comma is no cell boundary and the blank last line is no row", async () => {
    // As app/usage/cdr-import.test.ts gets from the same file.
    const badRows = [
      { line: 3, reason: 'has 8 cells, the header has 9' },
      { line: 4, reason: 'has 10 cells, the header has 9' },
      { line: 7, reason: 'has 10 cells, the header has 9' },
    ];
    expect(await ingest(fixture('cell-counts.csv'))).toEqual({ accepted: 3, duplicates: 0, badCount: 3, badRows, usageRows: 1 });
    // Again with CRLF, in 5-byte pieces: the same lines.
    const crlf = new TextEncoder().encode(fixture('cell-counts.csv').replaceAll('\n', '\r\n'));
    expect(await ingest(inPieces(crlf, 5))).toEqual({ accepted: 0, duplicates: 3, badCount: 3, badRows, usageRows: 0 });
    const stored = resultRows<{ call_id: string; charge: string }>(
      await database.db.execute(
        sql`select call_id, charge::text as charge from cdrs where tenant_id = ${owner.tenantId} and started_at >= '2026-03-04T10:00:00Z' and started_at < '2026-03-04T10:06:00Z' order by started_at`,
      ),
    );
    expect(stored).toEqual([
      { call_id: 'cells-1', charge: '0.100000' },
      { call_id: 'cells-4', charge: '0.050000' },
      { call_id: 'cells-5, again', charge: '0.050000' },
    ]);
  });

  it("says which currency it took the charges of CDRs naming none in, per customer (each customer's own), where the browser import asks the clerk", async () => {
    // No currency column: Globex's CDRs are taken in USD, Initech's in EUR.
    const csv = [
      'time,customer,destination_number,duration,charge,call_id',
      '2026-03-07T10:00:00Z,GLX-1,447700900001,60,0.1,cur-1',
      '2026-03-07T10:01:00Z,Globex Carrier,447700900001,60,0.1,cur-2',
      '2026-03-07T10:02:00Z,INI-7,4930123456,60,0.1,cur-3',
      '2026-03-07T10:03:00Z,Nobody Ltd,4930123456,60,0.1,cur-bad',
    ].join('\n');
    const assumed = {
      currencyAssumed: [
        { customerId: globex.id, customer: 'Globex Carrier', currency: 'USD', cdrs: 2 },
        { customerId: initech.id, customer: 'Initech Voice', currency: 'EUR', cdrs: 1 },
      ],
      note:
        "The CDRs name no currency: their charges are taken in each customer's own currency, Initech Voice in EUR; Globex Carrier in USD. " +
        "If the switch rated them in another currency, send the currency (a currency column, or an NDJSON currency field): a CDR whose currency is not its customer's is then a bad row.",
    };
    const badRows = [{ line: 5, reason: 'customer "Nobody Ltd" is not a customer of this account' }];
    expect(await ingest(csv)).toEqual({ accepted: 3, duplicates: 0, badCount: 1, badRows, usageRows: 2, ...assumed });
    // Sent again: the same CDRs, taken in the same currencies.
    expect(await ingest(csv)).toEqual({ accepted: 0, duplicates: 3, badCount: 1, badRows, usageRows: 0, ...assumed });

    // A currency column with one cell left empty: that CDR only.
    const someEmpty = ['time,customer,destination_number,duration,charge,currency,call_id', '2026-03-07T11:00:00Z,GLX-1,447700900001,60,0.1,USD,cur-4', '2026-03-07T11:01:00Z,GLX-1,447700900001,60,0.1,,cur-5'].join('\n');
    expect(await ingest(someEmpty)).toEqual({
      accepted: 2,
      duplicates: 0,
      badCount: 0,
      badRows: [],
      usageRows: 1,
      currencyAssumed: [{ customerId: globex.id, customer: 'Globex Carrier', currency: 'USD', cdrs: 1 }],
      note:
        "1 CDR names no currency: its charge is taken in each customer's own currency, Globex Carrier in USD. " +
        "If the switch rated it in another currency, send the currency (a currency column, or an NDJSON currency field): a CDR whose currency is not its customer's is then a bad row.",
    });

    // NDJSON: an object without a currency is taken in its customer's; with one, nothing is said.
    const object = (callId: string, currency?: string) => JSON.stringify({ time: '2026-03-07T12:00:00Z', customer: 'INI-7', destination_number: '4930123456', duration: 60, charge: '0.1', call_id: callId, ...(currency ? { currency } : {}) });
    expect(await ingest(object('cur-nd-1'), { type: 'application/x-ndjson' })).toEqual({ accepted: 1, duplicates: 0, badCount: 0, badRows: [], usageRows: 1, ...takenIn(initech, 1) });
    expect(await ingest(object('cur-nd-2', 'EUR'), { type: 'application/x-ndjson' })).toEqual({ accepted: 1, duplicates: 0, badCount: 0, badRows: [], usageRows: 1 });
  });

  it('a stray quote is one bad line: the CDRs after it are stored, whole or sent in small pieces', async () => {
    const body = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-08-11T10:00:00Z,GLX-1,447700900001,"Unclosed,60,60,0.1,USD,quote-1',
      '2026-08-11T10:01:00Z,GLX-1,447700900001,UK,60,60,0.1,USD,quote-2',
      // Line 2's quote would close at this line's first quote.
      '2026-08-11T10:02:00Z,GLX-1,447700900001,"United Kingdom, London",60,60,0.1,USD,quote-3',
      '2026-08-11T10:03:00Z,GLX-1,447700900001,UK,60,60,0.1,USD,quote-4',
      '2026-08-11T10:04:00Z,GLX-1,447700900001,UK,60,60,"0.1,USD,quote-5',
    ].join('\n');
    const badRows = [
      { line: 2, reason: 'malformed CSV: a quoted cell is not closed on this line (text after a closing quote on line 4)' },
      { line: 6, reason: 'malformed CSV: a quoted cell is never closed' },
    ];
    expect(await ingest(body)).toEqual({ accepted: 3, duplicates: 0, badCount: 2, badRows, usageRows: 1 });
    const stored = resultRows<{ call_id: string }>(await database.db.execute(sql`select call_id from cdrs where tenant_id = ${owner.tenantId} and call_id like 'quote-%' order by call_id`));
    expect(stored.map((r) => r.call_id)).toEqual(['quote-2', 'quote-3', 'quote-4']);

    // Five bytes at a time: the same lines read, now all known.
    const bytes = new TextEncoder().encode(body);
    let at = 0;
    const pieces = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, (at += 5)));
      },
    });
    expect(await ingest(pieces)).toEqual({ accepted: 0, duplicates: 3, badCount: 2, badRows, usageRows: 0 });
  });

  // The tester's case: 60,000 CDRs then a Latin-1 line answered "The body is not UTF-8 text" after 36,682 were stored and billed.
  it('stops at bytes that are not UTF-8: the CDRs before them are stored, and the 400 names the line and byte and counts what was stored', async () => {
    const header = 'time,customer,destination_number,destination_name,duration,charge,call_id';
    // More than one chunk (the first is 5,000 CDRs), and names in UTF-8 before the bad line.
    const good = Array.from({ length: 12_000 }, (_, i) => `2026-09-01T10:00:00Z,GLX-1,3361234${String(i).padStart(5, '0')},Zürich,60,0.000100,utf-${i}`);
    const before = `${header}\n${good.join('\n')}\n2026-09-01T11:00:00Z,GLX-1,33612399999,`;
    const after = ',60,0.1,latin-1\n2026-09-01T12:00:00Z,GLX-1,33612399998,France,60,0.1,after-1\n';
    // "Société" in Latin-1: é is the single byte E9.
    const body = Buffer.concat([Buffer.from(before), Buffer.from('Soci\xe9t\xe9', 'latin1'), Buffer.from(after)]);
    const badByte = Buffer.byteLength(before) + 4;
    const storedOf = async () =>
      resultRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from cdrs where tenant_id = ${owner.tenantId} and (call_id like 'utf-%' or call_id in ('latin-1', 'after-1'))`))[0]!.n;

    for (const [sent, accepted, duplicates] of [
      [new Uint8Array(body), 12_000, 0],
      // Again, now in pieces of 3 bytes (characters split between pieces): the same line, all duplicates.
      [inPieces(body, 3), 0, 12_000],
    ] as const) {
      const response = await post(sent);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as IngestBody & { error: { message: string; line: number; byte: number } };
      expect(answer).toEqual({
        error: {
          message:
            `Line 12002 is not UTF-8 text (byte ${badByte} of the body); was the file saved in another encoding, such as Latin-1/Windows-1252? ` +
            `Reading stopped there: nothing from line 12002 on was read or stored. Lines 1 to 12001 were read: ${accepted} CDRs stored, ${duplicates} duplicates (stored before), 0 bad lines (listed in badRows). ` +
            'Fix line 12002 and send the whole body again (CDRs already stored count as duplicates), or only the lines from line 12002 on (after the header line, if the CSV has one).',
          line: 12002,
          byte: badByte,
        },
        accepted,
        duplicates,
        badCount: 0,
        badRows: [],
        usageRows: accepted === 0 ? 0 : 1,
        ...takenIn(globex, 12_000),
      });
      expect(await storedOf()).toBe(12_000);
    }
  });

  it('stops at a line over 1,000,000 characters with a 400 naming it, after storing the lines before it (CSV and NDJSON)', async () => {
    const header = 'time,customer,destination_number,duration,charge,call_id';
    const body = [header, '2026-09-02T10:00:00Z,GLX-1,33612345678,60,0.1,long-1', 'not a time,GLX-1,33612345678,60,0.1,long-bad', 'x'.repeat(1_000_001), '2026-09-02T10:01:00Z,GLX-1,33612345678,60,0.1,long-2'].join('\n');
    const message = (accepted: number, duplicates: number) =>
      'Line 4 is longer than 1,000,000 characters (a CDR is a few hundred): is the body a CDR file? Reading stopped there: nothing from line 4 on was read or stored. ' +
      `Lines 1 to 3 were read: ${accepted} CDRs stored, ${duplicates} duplicates (stored before), 1 bad lines (listed in badRows). ` +
      'Fix line 4 and send the whole body again (CDRs already stored count as duplicates), or only the lines from line 4 on (after the header line, if the CSV has one).';
    const badRows = [{ line: 3, reason: expect.stringContaining('is not a date and time') }];
    for (const [sent, accepted, duplicates] of [
      [body, 1, 0],
      // Sent again, in pieces as a network delivers it: the same answer, never a 500, and the stored CDR a duplicate.
      [inPieces(new TextEncoder().encode(body), 65_536), 0, 1],
    ] as const) {
      const response = await post(sent);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { message: message(accepted, duplicates), line: 4 }, accepted, duplicates, badCount: 1, badRows, usageRows: accepted, ...takenIn(globex, 1) });
    }
    const ndjson = [JSON.stringify({ time: '2026-09-02T11:00:00Z', customer: 'GLX-1', destination_number: '33612345678', duration: 60, charge: '0.1', call_id: 'long-nd-1' }), 'y'.repeat(1_000_001)].join('\n');
    const response = await post(ndjson, { type: 'application/x-ndjson' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { line: 2, message: expect.stringMatching(/^Line 2 is longer than 1,000,000 characters/) }, accepted: 1, badCount: 0 });
    const stored = resultRows<{ call_id: string }>(await database.db.execute(sql`select call_id from cdrs where tenant_id = ${owner.tenantId} and call_id like 'long-%' order by call_id`));
    expect(stored.map((r) => r.call_id)).toEqual(['long-1', 'long-nd-1']);
  });

  // The tester's case: NDJSON under text/csv answered 200 with one bad line, where other bodies that are not CSV get a 400.
  it('refuses NDJSON sent as text/csv with a 400 naming the content type to use, storing nothing', async () => {
    const ndjson = [
      JSON.stringify({ time: '2026-09-03T10:00:00Z', customer: 'GLX-1', destination_number: '33612345678', duration: 60, charge: '0.1', call_id: 'as-csv-1' }),
      JSON.stringify({ time: '2026-09-03T10:01:00Z', customer: 'GLX-1', destination_number: '33612345678', duration: 60, charge: '0.1', call_id: 'as-csv-2' }),
    ];
    for (const body of [ndjson[0]!, ndjson.join('\n'), `\uFEFF\n  ${ndjson.join('\n')}`]) {
      const response = await post(body, { type: 'text/csv' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: 'The body starts with "{": it looks like NDJSON (one JSON object per line), not CSV. Send it with Content-Type: application/x-ndjson' },
      });
    }
    const stored = resultRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from cdrs where tenant_id = ${owner.tenantId} and call_id like 'as-csv-%'`));
    expect(stored[0]!.n).toBe(0);
  });

  it('takes NDJSON', async () => {
    const lines = [
      JSON.stringify({ time: '2026-03-04T08:00:00Z', customer: globex.id, destinationNumber: '+1 212 555 0101', duration: 30, charge: '0.004', callId: 'nd-1' }),
      '',
      '{"time": "2026-03-04T08:01:00Z", "customer": "GLX-1"',
      JSON.stringify({ time: '2026-03-04T08:02:00Z', customer: 'GLX-1', destination_number: '12125550102', duration: 30, billed_duration: 36, charge: 0.0048, call_id: 'nd-2' }),
    ].join('\n');
    expect(await ingest(lines, { type: 'application/x-ndjson' })).toEqual({ accepted: 2, duplicates: 0, badCount: 1, badRows: [{ line: 3, reason: 'is not JSON' }], usageRows: 1, ...takenIn(globex, 2) });
    expect(usageOf(await pulledUsage(owner), globex.id)).toContain('2026-03-04 1 United States, Canada and Caribbean calls=2/2 s=60/66 0.008800');

    // Times without an offset are in ?timezone=, as in CSV: 05:00 in Tokyo is 20:00 UTC the day before.
    const tokyo = JSON.stringify({ time: '2026-03-06 05:00:00', customer: 'GLX-1', destination_number: '12125550103', duration: 60, charge: '0.01', call_id: 'nd-tz-1' });
    expect(await ingest(tokyo, { type: 'application/x-ndjson', query: '?timezone=Asia/Tokyo' })).toMatchObject({ accepted: 1, badCount: 0 });
    expect(usageOf(await pulledUsage(owner), globex.id)).toContain('2026-03-05 1 United States, Canada and Caribbean calls=1/1 s=60/60 0.010000');
  });

  it("reads national numbers as My Account's home country's, CSV and NDJSON, and as before once it is unset", async () => {
    const saveHomeCountry = async (homeCountry: string) => {
      const pushed = await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'saveAccount', args: { homeCountry } }])));
      expect(pushed.results).toEqual([{ id: 1, status: 'applied' }]);
    };
    const december = async () =>
      [...(await pulledUsage(owner)).values()].filter((u) => u.day.startsWith('2026-12')).map((u) => `${u.day} ${u.destination} "${u.destinationName}" calls=${u.calls}`).sort();
    // An Asterisk file of a US switch: New York by its national number, London by 011, extension 101.
    const row = (uniqueid: string, dst: string, start: string) =>
      `"GLX-1","2025550100","${dst}","from-customer","","","","Dial","","${start}","${start}","${start}",60,60,"ANSWERED","DOCUMENTATION","${uniqueid}","0.01"`;
    await saveHomeCountry('1');
    try {
      const file = [row('dec-1', '2125551234', '2026-12-01 10:00:00'), row('dec-2', '011447700900123', '2026-12-01 11:00:00'), row('dec-3', '101', '2026-12-01 12:00:00')];
      expect(await ingest(file.join('\n'))).toMatchObject({ accepted: 3, badCount: 0 });
      const ndjson = JSON.stringify({ time: '2026-12-01T13:00:00Z', customer: 'GLX-1', destination_number: '4155550100', duration: 60, charge: '0.01', call_id: 'dec-4' });
      expect(await ingest(ndjson, { type: 'application/x-ndjson' })).toMatchObject({ accepted: 1, badCount: 0 });
      expect(await december()).toEqual([
        '2026-12-01 1 "United States, Canada and Caribbean" calls=2',
        '2026-12-01 101 "Local/extension" calls=1',
        '2026-12-01 44 "United Kingdom" calls=1',
      ]);
    } finally {
      await saveHomeCountry('');
    }
    // Unset: the same national number is read by its first digits again, as before the setting.
    expect(await ingest(row('dec-5', '2125551234', '2026-12-02 10:00:00'))).toMatchObject({ accepted: 1 });
    expect(await december()).toContain('2026-12-02 212 "" calls=1');
  });

  it('refuses a missing, wrong or revoked key with 401, and lets only owners manage keys', async () => {
    const csv = fixture('softswitch.csv');
    expect((await post(csv, { key: 'tbk_not-a-key' })).status).toBe(401);
    expect((await post(csv, { key: '' })).status).toBe(401);
    const second = await owner.caller.cdr.createKey({ name: 'Switch B' });
    await owner.caller.cdr.revokeKey({ id: second.id });
    const revoked = await post(csv, { key: second.key });
    expect(revoked.status).toBe(401);
    const listed = await owner.caller.cdr.listKeys();
    expect(listed.map((k) => [k.name, k.prefix, k.revokedAt !== null])).toEqual([
      ['Switch B', second.key.slice(0, 10), true],
      ['Switch A', key.slice(0, 10), false],
    ]);
    // The list never holds a key or its hash.
    expect(JSON.stringify(listed)).not.toContain(second.key);
    const member = await addMember(database, owner);
    await expect(member.caller.cdr.createKey({ name: 'mine' })).rejects.toThrow(/owner/);
    await expect(callerWith(database).caller.cdr.listKeys()).rejects.toThrow(/Sign in/);
  });

  it("refuses another tenant's customer ids and keys do not cross tenants", async () => {
    const other = await signUpOwner(database, 'Other Carrier');
    const theirs = customer({ name: 'Their Customer', currency: 'USD' });
    await other.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: theirs }])));
    const before = await pulledUsage(owner);
    const body = `time,customer,destination_number,duration,charge,call_id\n2026-03-05T10:00:00Z,${theirs.id},447700900001,60,9.99,x-tenant-1\n`;
    expect(await ingest(body)).toEqual({
      accepted: 0,
      duplicates: 0,
      badCount: 1,
      usageRows: 0,
      badRows: [{ line: 2, reason: `customer "${theirs.id}" is not a customer of this account` }],
    });
    expect(await pulledUsage(owner)).toEqual(before);
    expect((await pulledUsage(other)).size).toBe(0);
    // Their key ingests for them: the same call id is theirs to have, independent of ours.
    const theirKey = (await other.caller.cdr.createKey({ name: 'Theirs' })).key;
    expect(await ingest(body, { key: theirKey })).toMatchObject({ accepted: 1, badCount: 0 });
    expect(usageOf(await pulledUsage(other), theirs.id)).toEqual(['2026-03-05 44 United Kingdom calls=1/1 s=60/60 9.990000']);
  });

  it('counts each call once when concurrent batches overlap', async () => {
    // Six requests, each of 300 CDRs with ids drawn from one pool of 600 (so they overlap), sent at once.
    const pool = Array.from({ length: 600 }, (_, i) => i);
    const bodies = Array.from({ length: 6 }, (_, r) => {
      const ids = pool.filter((i) => (i * 7 + r * 13) % 6 < 3);
      return `time,customer,destination_number,duration,charge,call_id\n${ids.map((i) => `2026-04-01T10:${String(i % 60).padStart(2, '0')}:00Z,GLX-1,49301234${String(i).padStart(4, '0')},60,0.010001,conc-${i}`).join('\n')}\n`;
    });
    const sent = bodies.map((b) => b.split('\n').length - 2);
    const results = await Promise.all(bodies.map((b) => ingest(b)));
    const unique = new Set(bodies.flatMap((b) => b.split('\n').slice(1).filter(Boolean).map((l) => l.split(',').at(-1)))).size;
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(unique);
    expect(results.reduce((n, r) => n + r.accepted + r.duplicates, 0)).toBe(sent.reduce((a, b) => a + b, 0));
    // unique × 0.010001, all on 1 April to 49.
    const row = [...(await pulledUsage(owner)).values()].find((u) => u.customerId === globex.id && u.day === '2026-04-01');
    expect(row).toMatchObject({ calls: unique, charge: (BigInt(unique) * 10001n).toString().padStart(7, '0').replace(/(\d{6})$/, '.$1') });
  });

  it('counts a call repeated within a request once, in one chunk or across chunks', async () => {
    // 6,000 lines: the first chunk is 5,000 CDRs; lines 5,001–6,000 repeat the first 1,000 call ids,
    // and line 2 repeats line 1 within the first chunk (so call id 1 first comes on line 5,002).
    const lines = Array.from({ length: 6000 }, (_, i) => {
      const id = i === 1 ? 0 : i % 5000;
      return `2026-04-02T10:00:00Z,GLX-1,49301234${String(id).padStart(4, '0')},60,0.010000,repeat-${id}`;
    });
    expect(await ingest(`time,customer,destination_number,duration,charge,call_id\n${lines.join('\n')}\n`)).toMatchObject({
      accepted: 5000,
      duplicates: 1000,
      badCount: 0,
    });
    const row = [...(await pulledUsage(owner)).values()].find((u) => u.customerId === globex.id && u.day === '2026-04-02');
    expect(row).toMatchObject({ calls: 5000, charge: '50.000000' });
    const [stored] = resultRows<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from cdrs where tenant_id = ${owner.tenantId} and key like 'c:repeat-%'`),
    );
    expect(stored!.n).toBe(5000);
  });

  it("deletes a removed tenant's CDRs, keys and usage (a trigger, as the tables have no foreign keys)", async () => {
    const gone = await signUpOwner(database, 'Short-lived Carrier');
    const theirs = customer({ name: 'Their Customer', currency: 'USD' });
    await gone.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: theirs }])));
    const theirKey = (await gone.caller.cdr.createKey({ name: 'Theirs' })).key;
    await ingest(`time,customer,destination_number,duration,charge,call_id\n2026-03-05T10:00:00Z,${theirs.id},441234567890,60,9.99,gone-1\n`, { key: theirKey });
    const tables = ['cdrs', 'cdr_keys', 'usage'] as const;
    const counts = async (tenantId: string) =>
      Promise.all(
        tables.map(
          async (table) => resultRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`))[0]!.n,
        ),
      );
    expect(await counts(gone.tenantId)).toEqual([1, 1, 1]);
    const ours = await counts(owner.tenantId);
    expect(ours.every((n) => n > 0)).toBe(true);
    await database.db.execute(sql`delete from tenants where id = ${gone.tenantId}`);
    expect(await counts(gone.tenantId)).toEqual([0, 0, 0]);
    expect(await counts(owner.tenantId)).toEqual(ours);
  });

  it('streams: a body sent in small pieces over many batches arrives whole', async () => {
    const total = 12_000; // the first chunk is written at 5,000 CDRs, the rest after it
    const encoder = new TextEncoder();
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i === 0) controller.enqueue(encoder.encode('time,customer,destination_number,duration,charge,call_id\n'));
        if (i >= total) return controller.close();
        const lines: string[] = [];
        for (let n = 0; n < 250 && i < total; n++, i++) lines.push(`2026-05-0${1 + (i % 9)}T12:00:00Z,GLX-1,3361234${String(i).padStart(5, '0')},60,0.000100,stream-${i}`);
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      },
    });
    expect(await ingest(stream)).toMatchObject({ accepted: total, duplicates: 0, badCount: 0 });
    const may = [...(await pulledUsage(owner)).values()].filter((u) => u.customerId === globex.id && u.day.startsWith('2026-05'));
    // 12,000 × 0.0001 = 1.2 over 9 days.
    expect(may.reduce((n, u) => n + u.calls, 0)).toBe(total);
    expect(may.length).toBe(9);
  });

  it('commits what has arrived when the body stalls, so a stalled upload holds no call ids that other requests wait on', async () => {
    const encoder = new TextEncoder();
    const line = (i: number) => `2026-05-11T12:00:00Z,GLX-1,3361299${String(i).padStart(5, '0')},60,0.000100,stall-${i}`;
    const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => line(from + n)).join('\n') + '\n';
    let goOn!: () => void;
    const stalled = new Promise<void>((resolve) => (goOn = resolve));
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        step++;
        // More than a first chunk (5,000 CDRs): it is written, then the body stalls.
        if (step === 1) controller.enqueue(encoder.encode(`time,customer,destination_number,duration,charge,call_id\n${lines(0, 6000)}`));
        else if (step === 2) {
          await stalled;
          controller.enqueue(encoder.encode(lines(6000, 7000)));
        } else controller.close();
      },
    });
    const upload = post(stream);
    const committedKeys = async () =>
      resultRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from cdr_keys where tenant_id = ${owner.tenantId} and key like 'c:stall-%'`))[0]!.n;
    // Seen from another connection while the body stalls: committed.
    await expect.poll(committedKeys, { timeout: 20_000, interval: 200 }).toBe(6000);
    // Another request with one of those CDRs is answered at once, not when the upload ends.
    expect(await ingest(`time,customer,destination_number,duration,charge,call_id\n${line(0)}\n`)).toMatchObject({ accepted: 0, duplicates: 1 });
    goOn();
    const response = await upload;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 7000, duplicates: 0, badCount: 0 });
    const day = [...(await pulledUsage(owner)).values()].find((u) => u.customerId === globex.id && u.day === '2026-05-11');
    expect(day).toMatchObject({ calls: 7000, charge: '0.700000' });
  }, 60_000);

  it('stores call ids and names exactly (backslashes, and tabs and line breaks in names), and refuses control characters in call ids as the browser import does', async () => {
    const callId = 'esc-1\\x\\\\y';
    const name = 'Back\\slash\tTab\nNew line';
    const body = [
      'time,customer,destination_number,destination_name,duration,charge,call_id',
      `2026-06-02T10:00:00Z,GLX-1,447700900001,"${name}",60,0.1,"${callId}"`,
      '2026-06-02T10:01:00Z,GLX-1,447700900001,UK,60,0.1,nul-\u0000-id',
      '2026-06-02T10:01:30Z,GLX-1,447700900001,UK,60,0.1,"tab\there"',
      '2026-06-02T10:01:40Z,GLX-1,447700900001,"UK\u0000",60,0.1,nul-name',
      // Too long for the key index: a bad row, not a failed request.
      `2026-06-04T10:02:00Z,GLX-1,447700900001,UK,60,0.1,${'é'.repeat(499)}`,
      `2026-06-04T10:03:00Z,GLX-1,447700900001,UK,60,0.1,${'é'.repeat(498)}`,
    ].join('\n');
    expect(await ingest(body)).toEqual({
      accepted: 2,
      duplicates: 0,
      badCount: 4,
      usageRows: 2,
      // The quoted name spans lines 2 and 3, so the next row is on line 4.
      badRows: [
        { line: 4, reason: 'call id contains a control character (a tab or a line break)' },
        { line: 5, reason: 'call id contains a control character (a tab or a line break)' },
        { line: 6, reason: 'destination name contains a NUL character' },
        { line: 7, reason: 'call id is longer than 498 characters' },
      ],
      ...takenIn(globex, 2),
    });
    const stored = resultRows<Record<string, unknown>>(
      await database.db.execute(
        sql`select key, call_id, (extract(epoch from started_at) * 1000)::bigint::text as started_ms, customer_id, destination_number, destination,
                   destination_name, seconds, billed_seconds, charge::text as charge, currency, usage_day::text as usage_day
            from cdrs where tenant_id = ${owner.tenantId} and call_id in (${callId}, ${'é'.repeat(498)}) order by started_at`,
      ),
    );
    expect(stored).toEqual([
      {
        key: `c:${callId}`,
        call_id: callId,
        started_ms: String(Date.UTC(2026, 5, 2, 10)),
        customer_id: globex.id,
        destination_number: '447700900001',
        destination: '44',
        destination_name: name,
        seconds: 60,
        billed_seconds: 60,
        charge: '0.100000',
        currency: 'USD',
        usage_day: '2026-06-02',
      },
      expect.objectContaining({ key: `c:${'é'.repeat(498)}`, started_ms: String(Date.UTC(2026, 5, 4, 10, 3)), destination_name: 'UK', usage_day: '2026-06-04' }),
    ]);
    expect(usageOf(await pulledUsage(owner), globex.id)).toContain(`2026-06-02 44 ${name} calls=1/1 s=60/60 0.100000`);
  });

  it('stores each CDR as the browser import reads it from the text, whatever its shape (the body is read as bytes), sent whole or in 7-byte pieces, and again with new ones among repeats', async () => {
    const header = 'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id';
    const first = [
      '2027-02-01T10:00:00Z,GLX-1,+447700900001,United Kingdom - Mobile,61,66,0.012300,USD,bytes-1',
      // A quoted name, a customer by name, a billed duration and currency left empty.
      '2027-02-01 11:00:00,Globex Carrier,00447700900002,"Royaume-Uni, Mobile",5,,1,,bytes-2',
      // An offset, a padded customer, a name and call id beyond ASCII.
      '2027-02-01T12:00:00+02:00, INI-7 ,33612345678,Côte d’Ivoire – Mobile,7,12,0.5,EUR,bytes-3-é😀',
      // Lower-case currency, no name, a fraction of a second.
      '2027-02-02T10:00:00.250Z,GLX-1,12125551234,,60,60,0.100000,usd,bytes-4',
      // No call id: keyed by a hash of the row.
      '2027-02-02T10:00:00Z,GLX-1,447700900001,UK,60,60,0.1,USD,',
      '2027-02-02T10:00:00Z,GLX-1,5001,,60,60,0.1,USD,bytes-6',
      '2027-02-02T10:00:00Z,GLX-1,447700900001,UK,sixty,60,0.1,USD,bytes-7',
      '2027-02-02T10:00:00Z,GLX-1,447700900001,UK,60,60,0.1,EUR,bytes-8',
      '2027-02-02T10:00:00Z,Nobody,447700900001,UK,60,60,0.1,USD,bytes-9',
    ];
    const later = [
      '2027-02-03T10:00:00Z,INI-7,+33612345679,France,30,30,0.05,EUR,bytes-10',
      '"2027-02-03T10:00:00Z",GLX-1,+447700900003,"Quoted ""name""",30,30,0.05,USD,bytes-11',
      '2027-02-03T10:00:00Z,GLX-1,011447700900004,,30,30,0.05,USD,bytes-12',
    ];
    const text = (lines: string[]) => `${[header, ...lines].join('\r\n')}\r\n`;
    const firstBody = text(first);
    expect(await ingest(firstBody)).toMatchObject({ accepted: 6, duplicates: 0, badCount: 3 });
    // Again, with new CDRs among the repeats (a chunk with duplicates copies the new ones' rows).
    const secondBody = text([first[0]!, later[0]!, ...first.slice(1, 4), later[1]!, ...first.slice(4), later[2]!]);
    const second = await ingest(inPieces(new TextEncoder().encode(secondBody), 7));
    expect(second).toMatchObject({ accepted: 3, duplicates: 6, badCount: 3 });

    // What the browser import reads from the same text (lib/cdr), matched to the customers as ingest matches them.
    const [account] = await database.db.select({ timezone: accountRows.timezone }).from(accountRows).where(sql`${accountRows.tenantId} = ${owner.tenantId}`);
    const timeZone = account?.timezone ?? 'UTC';
    const directory = new CustomerDirectory([globex, initech]);
    const parsed = parseCsvRows(secondBody);
    const mapping = mappingFromPreset('softswitch', parsed.rows[0]!.cells);
    const expected = parsed.rows.slice(1).flatMap(({ cells, line }) => {
      const read = parseCdrRow(cells, line, mapping);
      const match = read.ok ? directory.match(read.cdr.customer) : undefined;
      if (!read.ok || !match || !('customer' in match) || (read.cdr.currency !== '' && read.cdr.currency !== match.customer.currency)) return [];
      const cdr = read.cdr;
      return [
        {
          key: cdr.key,
          call_id: cdr.callId,
          started_ms: String(cdr.epochMs),
          customer_id: match.customer.id,
          destination_number: cdr.number,
          destination: cdr.destination,
          destination_name: cdr.destinationName,
          seconds: cdr.seconds,
          billed_seconds: cdr.billedSeconds,
          charge: formatUnits(cdr.charge, CHARGE_SCALE),
          currency: match.customer.currency,
          usage_day: cdrBillingDay(cdr.epochMs, timeZone),
        },
      ];
    });
    expect(expected).toHaveLength(9);
    const stored = resultRows<Record<string, unknown>>(
      await database.db.execute(
        sql`select key, call_id, (extract(epoch from started_at) * 1000)::bigint::text as started_ms, customer_id, destination_number, destination,
                   destination_name, seconds, billed_seconds, charge::text as charge, currency, usage_day::text as usage_day
            from cdrs where tenant_id = ${owner.tenantId} and started_at >= '2027-02-01' and started_at < '2027-03-01'`,
      ),
    );
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => (String(a.key) < String(b.key) ? -1 : 1);
    expect(stored.sort(byKey)).toEqual(expected.sort(byKey));
  });

  it('refuses a CDR whose destination name is longer than usage keeps (200 characters) as a bad row, as the browser import does', async () => {
    const body = [
      'time,customer,destination_number,destination_name,prefix,duration,charge,call_id',
      `2026-06-05T10:00:00Z,GLX-1,447700900001,${'N'.repeat(201)},4477,60,0.1,long-name-1`,
      `2026-06-05T10:01:00Z,GLX-1,447700900001,${'M'.repeat(200)},4477,60,0.1,long-name-2`,
    ].join('\n');
    expect(await ingest(body)).toEqual({
      accepted: 1,
      duplicates: 0,
      badCount: 1,
      usageRows: 1,
      badRows: [{ line: 2, reason: 'destination name is longer than 200 characters (201)' }],
      ...takenIn(globex, 1),
    });
    const stored = resultRows<{ call_id: string; n: number }>(
      await database.db.execute(sql`select call_id, length(destination_name)::int as n from cdrs where tenant_id = ${owner.tenantId} and call_id like 'long-name-%'`),
    );
    expect(stored).toEqual([{ call_id: 'long-name-2', n: 200 }]);
  });

  it('folds usage rows whose destination names are empty, one row or several (they travel as lines of text, or as arrays)', async () => {
    const header = 'time,customer,destination_number,destination_name,duration,charge,call_id';
    expect(await ingest(`${header}\n2026-07-01T10:00:00Z,GLX-1,3312345678,,60,0.1,empty-1\n`)).toMatchObject({ accepted: 1, usageRows: 1 });
    const several = [header, '2026-07-02T10:00:00Z,GLX-1,3312345678,,60,0.1,empty-2', '2026-07-02T10:00:00Z,GLX-1,4912345678,,60,0.2,empty-3', '2026-07-03T10:00:00Z,GLX-1,4912345678,Germany,60,0.3,empty-4'];
    expect(await ingest(several.join('\n'))).toMatchObject({ accepted: 3, usageRows: 3 });
    const july = [...(await pulledUsage(owner)).values()].filter((u) => u.day.startsWith('2026-07')).map((u) => `${u.day} ${u.destination} "${u.destinationName}" ${u.charge}`);
    expect(july.sort()).toEqual(['2026-07-01 33 "" 0.100000', '2026-07-02 33 "" 0.100000', '2026-07-02 49 "" 0.200000', '2026-07-03 49 "Germany" 0.300000']);
  });

  it("names a softswitch file's CDRs whose name cell is empty after their country, as a file without the column, and recognises them when sent again", async () => {
    const file = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-10-01 10:00:00,GLX-1,+447700900123,,60,60,0.09,USD,empty-name-1',
      '2026-10-01 11:00:00,GLX-1,0012125551234,,60,60,0.02,USD,',
      '2026-10-01 12:00:00,GLX-1,212612345678,,60,60,0.30,USD,empty-name-3',
      '2026-10-01 13:00:00,GLX-1,101,,60,60,0,USD,empty-name-4',
      '2026-10-01 14:00:00,GLX-1,+33612345678,France - Mobile,60,60,0.05,USD,empty-name-5',
    ].join('\n');
    expect(await ingest(file)).toMatchObject({ accepted: 5, badCount: 0, usageRows: 5 });
    const october = async () =>
      [...(await pulledUsage(owner)).values()].filter((u) => u.day.startsWith('2026-10')).map((u) => `${u.destination} "${u.destinationName}" calls=${u.calls} ${u.charge}`).sort();
    const named = ['1 "United States, Canada and Caribbean" calls=1 0.020000', '101 "Local/extension" calls=1 0.000000', '212 "Morocco" calls=1 0.300000', '33 "France" calls=1 0.050000', '44 "United Kingdom" calls=1 0.090000'];
    expect(await october()).toEqual(named);
    const [{ n }] = resultRows<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from cdrs where tenant_id = ${owner.tenantId} and call_id like 'empty-name-%' and destination_name = ''`),
    ) as [{ n: number }];
    expect(n).toBe(0);
    // Names are no part of a CDR's identity: the same file again, with or without them, adds nothing.
    expect(await ingest(file)).toEqual({ accepted: 0, duplicates: 5, badCount: 0, badRows: [], usageRows: 0 });
    expect(await ingest(file.replace('+447700900123,,', '+447700900123,United Kingdom,'))).toEqual({ accepted: 0, duplicates: 5, badCount: 0, badRows: [], usageRows: 0 });
    expect(await october()).toEqual(named);
  });

  it("keeps a day's name the file gave for a destination over the one Tollbook derives, and that over none, in one request or across two", async () => {
    const header = 'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id';
    // "Germany" is what Tollbook names +49 when a CDR names nothing; "DE Mobile", the file's, is the smaller text.
    const call = (day: string, name: string, id: string) => `2025-05-${day} 10:00:00,GLX-1,+4915112345678,${name},60,60,0.01,USD,rank-${id}`;
    const send = async (...lines: string[]) => expect(await ingest([header, ...lines].join('\n'))).toMatchObject({ badCount: 0, accepted: lines.length });
    // In one request (one cell), either order.
    await send(call('01', 'DE Mobile', '1'), call('01', '', '2'), call('02', '', '3'), call('02', 'DE Mobile', '4'));
    // Across requests (the stored row and a new cell): the file's name after the derived, and before.
    await send(call('03', '', '5'));
    await send(call('03', 'DE Mobile', '6'));
    await send(call('04', 'DE Mobile', '7'));
    await send(call('04', '', '8'));
    // Two names the file gave: the larger, either way.
    await send(call('05', 'DE Fixed', '9'));
    await send(call('05', 'DE Mobile', '10'));
    await send(call('06', 'DE Mobile', '11'));
    await send(call('06', 'DE Fixed', '12'));
    // A derived name over none: a stored row named nothing (as before names were derived) takes it.
    await send(call('07', '', '13'));
    await database.db.execute(sql`update usage set destination_name = '' where tenant_id = ${owner.tenantId} and day = '2025-05-07'`);
    await send(call('07', '', '14'));
    const may = [...(await pulledUsage(owner)).values()].filter((u) => u.day.startsWith('2025-05')).map((u) => `${u.day} ${u.destination} "${u.destinationName}" calls=${u.calls}`);
    expect(may.sort()).toEqual([
      '2025-05-01 49 "DE Mobile" calls=2',
      '2025-05-02 49 "DE Mobile" calls=2',
      '2025-05-03 49 "DE Mobile" calls=2',
      '2025-05-04 49 "DE Mobile" calls=2',
      '2025-05-05 49 "DE Mobile" calls=2',
      '2025-05-06 49 "DE Mobile" calls=2',
      '2025-05-07 49 "Germany" calls=2',
    ]);
  });

  it('usage stored before destinations were named (empty names, a 011 number under "011") is neither split nor counted again when the file is sent again', async () => {
    // An Asterisk file of November: to London, to Germany by 011, and to extension 5001.
    const row = (uniqueid: string, dst: string, start: string, charge: string) =>
      `"GLX-1","2025550100","${dst}","from-customer","","","","Dial","","${start}","${start}","${start}",60,60,"ANSWERED","DOCUMENTATION","${uniqueid}","${charge}"`;
    const file = [
      row('nov-1', '00442079460000', '2026-11-01 10:00:00', '0.06'),
      row('nov-2', '01149301234567', '2026-11-01 11:00:00', '0.02'),
      row('nov-3', '5001', '2026-11-01 12:00:00', '0'),
    ].join('\n');
    expect(await ingest(file)).toMatchObject({ accepted: 3, badCount: 0, usageRows: 3 });
    const november = async () =>
      [...(await pulledUsage(owner)).values()].filter((u) => u.day.startsWith('2026-11')).map((u) => `${u.id.split(':').slice(1).join(':')} "${u.destinationName}" calls=${u.calls} ${u.charge}`).sort();
    expect(await november()).toEqual([
      '2026-11-01:44 "United Kingdom" calls=1 0.060000',
      '2026-11-01:49 "Germany" calls=1 0.020000',
      '2026-11-01:5001 "Local/extension" calls=1 0.000000',
    ]);

    // The rows as the same file left them before: no names, the 011 call under "011" and the
    // extension under "500" (its first digits read as a calling code).
    const rekey = (from: string, to: string) =>
      database.db.execute(
        sql`update usage set id = ${`${globex.id}:2026-11-01:${to}`}, destination = ${to} where tenant_id = ${owner.tenantId} and id = ${`${globex.id}:2026-11-01:${from}`}`,
      );
    await rekey('49', '011');
    await rekey('5001', '500');
    await database.db.execute(sql`update usage set destination_name = '' where tenant_id = ${owner.tenantId} and day >= '2026-11-01'`);
    const before = await november();
    expect(before).toEqual(['2026-11-01:011 "" calls=1 0.020000', '2026-11-01:44 "" calls=1 0.060000', '2026-11-01:500 "" calls=1 0.000000']);

    // The same file again: every CDR is known, no row is added to or split.
    expect(await ingest(file)).toEqual({ accepted: 0, duplicates: 3, badCount: 0, badRows: [], usageRows: 0, ...takenIn(globex, 3) });
    expect(await november()).toEqual(before);

    // A new call to London the same day adds to the stored row, and names it.
    expect(await ingest(row('nov-4', '+447700900123', '2026-11-01 13:00:00', '0.09'))).toMatchObject({ accepted: 1, usageRows: 1 });
    expect(await november()).toEqual([
      '2026-11-01:011 "" calls=1 0.020000',
      '2026-11-01:44 "United Kingdom" calls=2 0.150000',
      '2026-11-01:500 "" calls=1 0.000000',
    ]);
  });

  it('stamps a batch that touches more usage rows than a pull page with several versions, so every page stays bounded', async () => {
    // One transaction whose CDRs fall into PULL_PAGE_MAX + 100 cells: one rated prefix each.
    const cells = PULL_PAGE_MAX + 100;
    const lines = Array.from({ length: cells }, (_, i) => `2026-06-03T10:00:00Z,GLX-1,4930${String(i).padStart(6, '0')},${1_000_000 + i},60,0.000001,page-${i}`);
    expect(await ingest(`time,customer,destination_number,prefix,duration,charge,call_id\n${lines.join('\n')}\n`)).toEqual({
      accepted: cells,
      duplicates: 0,
      badCount: 0,
      badRows: [],
      usageRows: cells,
      ...takenIn(globex, cells),
    });
    const clientId = randomUUID();
    const pages: number[] = [];
    let pulled = 0;
    let cursor = 0;
    for (;;) {
      const page = await owner.caller.sync.pull(pullOf(clientId, cursor));
      pages.push(page.changes.length);
      pulled += page.changes.filter((c) => c.entity === 'usage' && (c.row as unknown as Usage | null)?.day === '2026-06-03').length;
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(pulled).toBe(cells);
    expect(Math.max(...pages)).toBeLessThanOrEqual(PULL_PAGE_MAX);
  });
});
