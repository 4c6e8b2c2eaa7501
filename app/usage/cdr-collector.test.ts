/**
 * The import's reading pass (collectCdrFile) keeps its CDRs in columns, its ledger hashes as
 * numbers and its cells by number, for speed. This property checks it against the plain way of
 * doing the same with lib/cdr's parseCdrRow, string keys and maps: random files with bad lines,
 * repeated CDRs (call ids and row hashes), keys already in the device ledger, several customers,
 * currencies, days and destination names, charges past 2^53 millionths, non-ASCII call ids, read in
 * chunks of random sizes. Fixed seed, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdrBillingDay, hash64, parseCdrRow, parseCsvRows, utcDay, type CdrMapping, type CdrRowError } from '@/lib/cdr';
import { addDays } from '@/lib/dates';
import { formatUnits } from '@/lib/money';
import { CDR_KEY_MAX_CHARS } from '@/lib/mutators';
import { collectCdrFile, MAX_LINES_PER_GROUP, type CollectResult } from './cdr-collector';
import { cdrChargeAt, cdrKeyAt } from './compact-cdrs';

const MAPPING: CdrMapping = {
  hasHeader: true,
  columns: { time: 0, customer: 1, destinationNumber: 2, destinationName: 3, duration: 4, billedDuration: 5, charge: 6, currency: 7, callId: 8 },
  sourceTimeZone: 'UTC',
};
const HEADER = 'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id\n';

/** A result with the CDR columns read back as text, so two results compare with toEqual. */
function plain(result: CollectResult) {
  return {
    ...result,
    groups: result.groups.map(({ cdrs, ...g }) => ({
      ...g,
      cdrs: Array.from({ length: cdrs.count }, (_, i) => `${cdrs.cell[i]} ${cdrs.seconds[i]} ${cdrs.billedSeconds[i]} ${cdrChargeAt(cdrs, i)} ${cdrKeyAt(cdrs, i)}`),
    })),
  };
}

/** The reading pass the plain way: a Cdr object per row, string keys, a Set of hashes per UTC day. */
function referenceCollect(text: string, timeZone: string, ledger: Record<string, string>): ReturnType<typeof plain> {
  const { rows, errors } = parseCsvRows(text);
  // Each row must have as many cells as the header.
  const headerCells = rows[0]!.cells.length;
  const events: ({ line: number; error: CdrRowError } | { line: number; cells: string[] })[] = [...errors.map((e) => ({ line: e.line, error: e })), ...rows.slice(1)];
  events.sort((a, b) => a.line - b.line);
  const badRows: CdrRowError[] = [];
  let badCount = 0;
  let duplicates = 0;
  let lines = 0;
  const seen = new Map<string, Set<string>>();
  const ledgerLengths: Record<string, number> = {};
  type G = { customer: string; currency: string; rows: number; lines: number[]; cells: { day: string; destination: string; destinationName: string }[]; cellKeys: Map<string, number>; cdrs: string[]; keys: Record<string, string> };
  const groups = new Map<string, Map<string, G>>();
  const bad = (error: CdrRowError) => {
    lines++;
    badCount++;
    if (badRows.length < 1000) badRows.push(error);
  };
  for (const event of events) {
    if ('error' in event) {
      bad(event.error);
      continue;
    }
    const parsed = parseCdrRow(event.cells, event.line, MAPPING, headerCells);
    if (!parsed.ok) {
      bad(parsed.error);
      continue;
    }
    const { cdr } = parsed;
    const ledgerDay = utcDay(cdr.epochMs);
    let known = seen.get(ledgerDay);
    if (!known) {
      // The day's ledger and its neighbours': a CDR imported with another source timezone may be filed a day away.
      known = new Set();
      for (const day of [ledgerDay, addDays(ledgerDay, -1), addDays(ledgerDay, 1)]) {
        const entry = ledger[day] ?? '';
        ledgerLengths[day] = entry.length;
        for (const hash of entry.match(/.{16}/g) ?? []) known.add(hash);
      }
      seen.set(ledgerDay, known);
    }
    lines++;
    const hash = hash64(cdr.key);
    if (known.has(hash)) {
      duplicates++;
      continue;
    }
    known.add(hash);
    let byCurrency = groups.get(cdr.customer);
    if (!byCurrency) groups.set(cdr.customer, (byCurrency = new Map()));
    let group = byCurrency.get(cdr.currency);
    if (!group) byCurrency.set(cdr.currency, (group = { customer: cdr.customer, currency: cdr.currency, rows: 0, lines: [], cells: [], cellKeys: new Map(), cdrs: [], keys: {} }));
    group.rows++;
    if (group.lines.length < MAX_LINES_PER_GROUP) group.lines.push(cdr.line);
    const day = cdrBillingDay(cdr.epochMs, timeZone);
    const cellKey = `${day}|${cdr.destination}|${cdr.destinationName}`;
    let cell = group.cellKeys.get(cellKey);
    if (cell === undefined) {
      cell = group.cells.length;
      group.cells.push({ day, destination: cdr.destination, destinationName: cdr.destinationName });
      group.cellKeys.set(cellKey, cell);
    }
    group.cdrs.push(`${cell} ${cdr.seconds} ${cdr.billedSeconds} ${formatUnits(cdr.charge, 6)} ${cdr.key}`);
    group.keys[ledgerDay] = (group.keys[ledgerDay] ?? '') + hash;
  }
  return {
    groups: [...groups.values()].flatMap((m) => [...m.values()]).map(({ cellKeys: _, ...g }) => g),
    badRows,
    badCount,
    duplicates,
    lines,
    ledgerLengths,
  };
}

function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let k = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = cuts.length === 0 ? bytes.length : cuts[k++ % cuts.length]!;
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

const row = fc.record({
  // Three UTC days and the hours around their midnights (billing days differ by zone).
  at: fc.integer({ min: Date.UTC(2026, 2, 28, 20) / 1000, max: Date.UTC(2026, 2, 31, 4) / 1000 }).map((s) => new Date(s * 1000).toISOString()),
  customer: fc.constantFrom('CUST-1', 'CUST-2', 'Globex Carrier Incorporated'),
  number: fc.constantFrom('+447700900123', '447700900124', '+15551234567', '+353861234567', 'x12'),
  // 'Bro"ken' makes a malformed CSV line in the middle of the file (its error must keep its place in line order).
  name: fc.constantFrom('United Kingdom - Mobile', 'United Kingdom', 'USA', '', '"Far\naway"', 'Bro"ken'),
  // 300 blank lines before a CDR: its line is far past the previous one's. (A quoted name over
  // MAX_QUOTED_CELL_LINES lines, as this used to be, is now a malformed line.)
  gap: fc.constantFrom('', '', '', '\n'.repeat(300)),
  seconds: fc.integer({ min: 0, max: 600 }),
  // Around 2^32 and 2^53 millionths too.
  charge: fc.oneof(fc.constantFrom('0.012500', '0', '1', '4294.967295', '4294.967296', '9007199254.740991', '9007199254.740992', '999999999999999', '123456789012345.123456'), fc.integer({ min: 0, max: 10 ** 8 }).map((n) => (n / 1e6).toFixed(6))),
  currency: fc.constantFrom('USD', 'USD', 'eur', ''),
  callId: fc.constantFrom('', '', 'a-1', 'a-2', 'b-3', 'é-4', 'ключ-5', 'x'.repeat(CDR_KEY_MAX_CHARS - 1), 'tab\there'),
  // Now and then a row without its last cell (the call id), or with a cell more than the header.
  cells: fc.constantFrom('as header', 'as header', 'as header', 'as header', 'as header', 'as header', 'short', 'long'),
});

type Row = (typeof row extends fc.Arbitrary<infer T> ? Omit<T, 'name'> : never) & { name: string };

describe('collectCdrFile agrees with the plain reading pass', () => {
  it('the same groups, cells, CDRs, ledger keys, bad lines and counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 80 }),
        fc.constantFrom('UTC', 'Europe/London', 'Asia/Kathmandu', 'America/New_York'),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (rows, timeZone, cuts, ledgerPicks) => {
          const text =
            HEADER +
            rows
              .map((r) => {
                const line = r.callId.startsWith('tab') ? `${r.at},"${r.customer}",${r.number},${r.name},${r.seconds},${r.seconds},${r.charge},${r.currency},"${r.callId}"` : `${r.at},${r.customer},${r.number},${r.name},${r.seconds},${r.seconds},${r.charge},${r.currency},${r.callId}`;
                return r.gap + (r.cells === 'short' ? line.slice(0, line.lastIndexOf(',')) : r.cells === 'long' ? `${line},more` : line);
              })
              .join('\n') +
            '\nnot,a,"cdr\n';
          // The device ledger already holds a few of the file's keys, some filed a day before or
          // after (imported before with another source timezone).
          const ledger: Record<string, string> = {};
          for (const pick of ledgerPicks) {
            const r = rows[pick % Math.max(1, rows.length)];
            const parsed = r && parseCdrRow([r.at, r.customer, r.number, r.name, String(r.seconds), String(r.seconds), r.charge, r.currency, r.callId], 2, MAPPING);
            if (parsed?.ok) {
              const day = addDays(utcDay(parsed.cdr.epochMs), (pick % 3) - 1);
              ledger[day] = (ledger[day] ?? '') + hash64(parsed.cdr.key);
            }
          }
          const result = await collectCdrFile(streamOf(new TextEncoder().encode(text), cuts), { mapping: MAPPING, accountTimeZone: timeZone, ledger: async (day) => ledger[day] ?? '' });
          expect(plain(result)).toEqual(referenceCollect(text, timeZone, ledger));
        },
      ),
      { seed: 20261202, numRuns: 400 },
    );
  }, 120_000);
});

describe('collectCdrFile reads a file separated by semicolons or tabs, with decimal commas, as the same file with commas', () => {
  it('the same groups, cells, CDRs, keys, bad lines and counts', async () => {
    const text = (rows: Row[], delimiter: ',' | ';' | '\t') => {
      const cell = (r: Row) => [
        r.at,
        r.callId.startsWith('tab') ? `"${r.customer}"` : r.customer,
        r.number,
        r.name,
        String(r.seconds),
        String(r.seconds),
        delimiter === ',' ? r.charge : r.charge.replace('.', ','),
        r.currency,
        r.callId.startsWith('tab') ? `"${r.callId}"` : r.callId,
      ];
      return HEADER.replace(/,/g, delimiter) + rows.map((r) => r.gap + cell(r).join(delimiter)).join('\n') + `\nnot${delimiter}a${delimiter}"cdr\n`;
    };
    // Names holding the delimiters, quoted as every spreadsheet writes them.
    const rowWithDelimiters = row.chain((r) => fc.constantFrom<string>(r.name, '"Rome; Milan, Naples"', '"Tab\there"').map((name) => ({ ...r, name })));
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowWithDelimiters, { maxLength: 60 }),
        fc.constantFrom<';' | '\t'>(';', '\t'),
        fc.constantFrom('UTC', 'Asia/Kathmandu'),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (rows, delimiter, timeZone, cuts, ledgerPicks) => {
          const ledger: Record<string, string> = {};
          for (const pick of ledgerPicks) {
            const r = rows[pick % Math.max(1, rows.length)];
            const parsed = r && parseCdrRow([r.at, r.customer, r.number, r.name, String(r.seconds), String(r.seconds), r.charge, r.currency, r.callId], 2, MAPPING);
            if (parsed?.ok) ledger[utcDay(parsed.cdr.epochMs)] = (ledger[utcDay(parsed.cdr.epochMs)] ?? '') + hash64(parsed.cdr.key);
          }
          const collect = (d: ',' | ';' | '\t') =>
            collectCdrFile(streamOf(new TextEncoder().encode(text(rows, d)), cuts), { mapping: { ...MAPPING, delimiter: d }, accountTimeZone: timeZone, ledger: async (day) => ledger[day] ?? '' });
          const commas = plain(await collect(','));
          expect(commas).toEqual(referenceCollect(text(rows, ','), timeZone, ledger));
          expect(plain(await collect(delimiter))).toEqual(commas);
        },
      ),
      { seed: 20261206, numRuns: 150 },
    );
  }, 120_000);
});
