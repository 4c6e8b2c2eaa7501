/**
 * The browser import without the browser: the worker's reading pass (collectCdrFile), the review
 * plan and the commit into a real Dexie database (fake-indexeddb), through the real mutators.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hash64, mappingFromPreset, parseCsvRows, type CdrPresetId } from '@/lib/cdr';
import { IMPORT_CDRS_MAX, type MutatorArgs } from '@/lib/mutators';
import type { Customer } from '@/lib/entities';
import { createDb, type TollbookDb } from '../_local/db';
import { collectCdrFile, LEDGER_KEY_CHARS, ledgerMetaKey, type CollectResult } from './cdr-collector';
import { commitImport, MUTATION_MAX_BYTES, StaleImportError, type ImportRecord } from './commit-import';
import { planImport, type CustomerChoice } from './import-plan';

const fixture = (name: string) => readFileSync(new URL(`../../e2e/fixtures/cdr/${name}`, import.meta.url), 'utf8');

function customer(id: string, name: string, externalId: string, currency: string): Customer {
  return { id, name, company: '', status: 'active', currency, taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId, notes: '' };
}
const globex = customer('0190a000-0000-7000-8000-000000000001', 'Globex Carrier', 'GLX-1', 'USD');
const initech = customer('0190a000-0000-7000-8000-000000000002', 'Initech Voice', 'INI-7', 'EUR');

function streamOf(text: string, chunk = 97): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

/** A new import's record, as the import page makes it. */
const newImport = (fileName = 'cdrs.csv'): ImportRecord => ({ id: crypto.randomUUID(), fileName, importedAt: '2026-03-05T10:00:00.000Z', importedBy: 'ann@example.com' });

let db: TollbookDb;
let n = 0;
beforeEach(async () => {
  db = createDb(`cdr-import-test-${n++}`);
  await db.customers.bulkPut([globex, initech]);
});
afterEach(async () => {
  await db.delete();
});

async function collect(text: string, preset: CdrPresetId, timeZone = 'UTC'): Promise<CollectResult> {
  const mapping = mappingFromPreset(preset, parseCsvRows(text).rows[0]!.cells);
  return collectCdrFile(streamOf(text), {
    mapping,
    accountTimeZone: timeZone,
    ledger: async (day) => ((await db.meta.get(ledgerMetaKey(day)))?.value as string | undefined) ?? '',
  });
}

async function importText(text: string, preset: CdrPresetId, choices: Record<string, CustomerChoice> = {}) {
  const result = await collect(text, preset);
  const plan = planImport(result, await db.customers.toArray(), choices);
  const committed = await commitImport(db, plan, result.ledgerLengths, newImport());
  return { result, plan, committed };
}

const usageLines = async () =>
  (await db.usage.toArray()).map((u) => `${u.customerId === globex.id ? 'globex' : 'initech'} ${u.day} ${u.destination} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge}`).sort();

describe('browser import', () => {
  it('imports the softswitch sample with known totals as one importCdrs mutation, and re-importing changes nothing', async () => {
    const { result, plan, committed } = await importText(fixture('softswitch.csv'), 'softswitch');
    expect([result.lines, result.badCount, result.duplicates, plan.goodRows, plan.skippedRows]).toEqual([6, 0, 0, 6, 0]);
    expect(committed).toEqual({ usageRows: 4, mutations: 1 });
    expect(await usageLines()).toEqual([
      // 0.077 + 0.090005 (by name and by GLX-1: one customer, one row).
      'globex 2026-03-01 1 1/1 120/120 0.012500',
      'globex 2026-03-01 44 2/2 91/96 0.167005',
      'globex 2026-03-02 44 1/1 300/300 0.900001',
      'initech 2026-03-02 49 1/2 59/60 0.008500',
    ]);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((m) => m.name)).toEqual(['importCdrs']);
    // The mutation carries the 6 CDRs, by customer × day × destination × destination name.
    const { cells } = outbox[0]!.args as MutatorArgs<'importCdrs'>;
    expect(cells.flatMap((c) => c.cdrs.split('\n')).length).toBe(6);
    expect(cells.flatMap((c) => c.cdrs.split('\n')).every((line) => /^(c:[^\t]+|r:[0-9a-f]{16})\t\d+\t\d+\t\d+\.\d{6}$/.test(line))).toBe(true);

    const again = await importText(fixture('softswitch.csv'), 'softswitch');
    expect([again.result.duplicates, again.plan.goodRows]).toEqual([6, 0]);
    expect(again.committed).toEqual({ usageRows: 0, mutations: 0 });
    expect(await db.outbox.count()).toBe(1);
    expect(await usageLines()).toEqual([
      'globex 2026-03-01 1 1/1 120/120 0.012500',
      'globex 2026-03-01 44 2/2 91/96 0.167005',
      'globex 2026-03-02 44 1/1 300/300 0.900001',
      'initech 2026-03-02 49 1/2 59/60 0.008500',
    ]);
  });

  it('adds the Asterisk and FreeSWITCH samples to the same rows; CDRs repeated within a file count once', async () => {
    await importText(fixture('softswitch.csv'), 'softswitch');
    await importText(fixture('asterisk-master.csv'), 'asterisk');
    const freeswitch = fixture('freeswitch.csv');
    const { result } = await importText(freeswitch + freeswitch.split('\n')[0]! + '\n', 'freeswitch');
    expect(result.duplicates).toBe(1);
    expect(await usageLines()).toEqual([
      'globex 2026-03-01 1 1/2 120/120 0.012500',
      // 0.167005 + 0.06 + 0.18 = 0.407005
      'globex 2026-03-01 44 4/4 271/276 0.407005',
      'globex 2026-03-02 33 1/1 45/45 0.067500',
      'globex 2026-03-02 44 1/2 300/300 0.900001',
      'globex 2026-03-02 49 1/1 180/180 0.540000',
      'initech 2026-03-02 49 1/2 59/60 0.008500',
    ]);
  });

  it('lists unknown customers; skipped ones are not imported (nor remembered), mapped ones are', async () => {
    const text = 'time,customer,destination_number,duration,charge,call_id\n2026-03-01T10:00:00Z,Mystery Co,447700900001,60,0.5,m-1\n2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.25,m-2\n';
    const skipped = await importText(text, 'softswitch');
    expect(skipped.plan.unknown).toEqual([{ text: 'Mystery Co', rows: 1, ambiguous: false, skipped: false }]);
    // Nothing picked for it: not imported, counted as not mapped yet (not as skipped by choice).
    expect([skipped.plan.goodRows, skipped.plan.unmappedRows, skipped.plan.skippedRows]).toEqual([1, 1, 0]);
    expect(await usageLines()).toEqual(['globex 2026-03-01 44 1/1 60/60 0.250000']);
    const mapped = await importText(text, 'softswitch', { 'Mystery Co': globex.id });
    expect([mapped.result.duplicates, mapped.plan.goodRows]).toEqual([1, 1]);
    expect(await usageLines()).toEqual(['globex 2026-03-01 44 2/2 120/120 0.750000']);
  });

  it('reports every kind of bad line, the customer currency included, and imports only the good ones', async () => {
    const text = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '31/02/2026 10:00,Globex Carrier,447700900001,UK,60,60,0.1,USD,b-1',
      '2026-03-01T10:00:00Z,Globex Carrier,447700900001,UK,-1,60,0.1,USD,b-2',
      '2026-03-01T10:00:00Z,Globex Carrier,447700900001,UK,60,60,0.1O,USD,b-3',
      '2026-03-01T10:00:00Z,Globex Carrier,447700900001,UK,60,60,0.1,EUR,b-4',
      '2026-03-01T10:00:00Z,Globex Carrier,447700900001,UK,60,60,0.1,USD,g-1',
    ].join('\n');
    const { result, plan } = await importText(text, 'softswitch');
    expect(result.badRows).toEqual([
      { line: 2, reason: expect.stringContaining('time "31/02/2026 10:00" is not a date and time') },
      { line: 3, reason: 'duration -1 is negative' },
      { line: 4, reason: 'charge "0.1O" is not a number' },
    ]);
    expect(plan.currencyBadRows).toEqual([{ line: 5, reason: "currency EUR is not Globex Carrier's (USD)" }]);
    expect(plan.goodRows).toBe(1);
    expect(await usageLines()).toEqual(['globex 2026-03-01 44 1/1 60/60 0.100000']);
    // The EUR line was not remembered: fixed and imported again, it counts.
    const fixed = await importText(text.replace('0.1,EUR,b-4', '0.1,USD,b-4'), 'softswitch');
    expect(fixed.plan.goodRows).toBe(1);
  });

  // The tester's case: a row without its last cell (the call id) was imported without a word.
  it('reports a row with fewer or more cells than the header as a bad line, as POST /api/cdrs does; a quoted comma is no cell boundary and the blank last line is no row', async () => {
    const { result, plan } = await importText(fixture('cell-counts.csv'), 'softswitch');
    // The same lines and reasons as server/cdr/ingest.test.ts gets from the same file.
    expect(result.badRows).toEqual([
      { line: 3, reason: 'has 8 cells, the header has 9' },
      { line: 4, reason: 'has 10 cells, the header has 9' },
      { line: 7, reason: 'has 10 cells, the header has 9' },
    ]);
    expect([result.lines, result.badCount, plan.goodRows]).toEqual([6, 3, 3]);
    // Lines 2, 5 and 6: 0.1 + 0.05 + 0.05.
    expect(await usageLines()).toEqual(['globex 2026-03-04 44 3/3 120/120 0.200000']);
  });

  it('is all or nothing: a refusal in the second importCdrs mutation leaves no usage, no outbox entry and no ledger', async () => {
    // IMPORT_CDRS_MAX CDRs for Globex fill the first mutation; the second has one for a customer deleted meanwhile.
    const lines = ['time,customer,destination_number,duration,charge,call_id'];
    for (let i = 0; i < IMPORT_CDRS_MAX; i++) lines.push(`2026-03-01T10:00:00Z,GLX-1,${String(2000 + (i % 5000))}00000,60,0.01,a-${i}`);
    lines.push('2026-03-01T10:00:00Z,INI-7,4930123456,60,0.01,a-last');
    const result = await collect(`${lines.join('\n')}\n`, 'softswitch');
    const plan = planImport(result, await db.customers.toArray(), {});
    expect(plan.goodRows).toBe(IMPORT_CDRS_MAX + 1);
    await db.customers.delete(initech.id);
    await expect(commitImport(db, plan, result.ledgerLengths, newImport())).rejects.toThrow(/does not exist/);
    expect([await db.usage.count(), await db.outbox.count(), await db.meta.where('key').startsWith('cdrLedger:').count()]).toEqual([0, 0, 0]);
  });

  it('cuts mutations by size: long call ids make more, smaller mutations, each well under 1 MB', async () => {
    const lines = ['time,customer,destination_number,duration,charge,call_id'];
    // 3,000 CDRs with 300-character call ids: about 950 KB of keys.
    for (let i = 0; i < 3000; i++) lines.push(`2026-03-0${1 + (i % 3)}T10:00:00Z,GLX-1,447700900001,60,0.010001,${String(i).padStart(300, 'x')}`);
    const { plan, committed } = await importText(`${lines.join('\n')}\n`, 'softswitch');
    expect([plan.goodRows, plan.usageRows]).toEqual([3000, 3]);
    expect(committed.mutations).toBe(2);
    const outbox = await db.outbox.toArray();
    for (const entry of outbox) expect(new TextEncoder().encode(JSON.stringify(entry.args)).length).toBeLessThanOrEqual(MUTATION_MAX_BYTES);
    // 1,000 CDRs a day at 0.010001: 10.001000 each, however the cells were split between the mutations.
    expect(await usageLines()).toEqual([
      'globex 2026-03-01 44 1000/1000 60000/60000 10.001000',
      'globex 2026-03-02 44 1000/1000 60000/60000 10.001000',
      'globex 2026-03-03 44 1000/1000 60000/60000 10.001000',
    ]);
  });

  it('keeps CDRs of one cell under different destination names apart until the roll-up, which keeps the larger name the file gave over the one derived', async () => {
    const text = [
      'time,customer,destination_number,destination_name,duration,charge,call_id,prefix',
      '2026-03-01T10:00:00Z,GLX-1,447700900001,UK Mobile,60,0.1,n-1,447',
      '2026-03-01T11:00:00Z,GLX-1,447700900002,UK - Mobile,60,0.2,n-2,447',
      '2026-03-01T12:00:00Z,GLX-1,447700900003,UK Mobile,60,0.3,n-3,447',
      '2026-03-01T13:00:00Z,GLX-1,447700900004,A UK mobile,60,0.4,n-4,447',
      '2026-03-01T14:00:00Z,GLX-1,447700900004,,60,0.5,n-5,447',
    ].join('\n');
    const { result, plan } = await importText(text, 'softswitch');
    // The CDR left unnamed is named after its prefix's country (lib/destinations).
    expect(result.groups[0]!.cells.map((c) => c.destinationName)).toEqual(['UK Mobile', 'UK - Mobile', 'A UK mobile', 'United Kingdom']);
    expect(plan.usageRows).toBe(1);
    const [row] = await db.usage.toArray();
    // 0.1 + 0.2 + 0.3 + 0.4 + 0.5 = 1.5 under the largest name the file gave (the derived "United Kingdom" is larger text, but ranks below).
    expect([row!.destination, row!.destinationName, row!.calls, row!.charge]).toEqual(['447', 'UK Mobile', 5, '1.500000']);
  });

  it("names CDRs whose name cell a softswitch file leaves empty after their country, and knows them when the file comes again", async () => {
    const text = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-03-01 10:00:00,GLX-1,447700900001,,60,60,0.10,USD,e-1',
      '2026-03-01 11:00:00,GLX-1,+12125551234,,30,30,0.02,USD,',
      '2026-03-01 12:00:00,GLX-1,212612345678,,60,60,0.30,USD,e-3',
      '2026-03-01 13:00:00,GLX-1,33612345678,France - Mobile,60,60,0.05,USD,e-4',
    ].join('\n');
    const { committed } = await importText(text, 'softswitch');
    expect(committed).toEqual({ usageRows: 4, mutations: 1 });
    const names = async () => (await db.usage.toArray()).map((u) => `${u.destination} ${u.destinationName} ${u.charge}`).sort();
    const named = ['1 United States, Canada and Caribbean 0.020000', '212 Morocco 0.300000', '33 France 0.050000', '44 United Kingdom 0.100000'];
    expect(await names()).toEqual(named);
    const again = await importText(text, 'softswitch');
    expect([again.result.duplicates, again.plan.goodRows]).toEqual([4, 0]);
    expect(await names()).toEqual(named);
  });

  it('finds the cells of a file with hundreds of destinations, and of one destination under several names', async () => {
    const lines = ['time,customer,destination_number,destination_name,duration,charge,call_id,prefix'];
    // 400 destinations (past the targets a group finds by array), each met on two days, twice a day, the second time under another name too.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 400; i++) {
        for (const day of ['01', '02']) lines.push(`2026-03-${day}T10:00:00Z,GLX-1,${1000 + i}0000,Name ${i},60,0.1,d-${round}-${day}-${i},${1000 + i}`);
      }
    }
    for (let i = 0; i < 400; i += 50) lines.push(`2026-03-01T10:00:00Z,GLX-1,${1000 + i}0000,Other ${i},60,0.1,o-${i},${1000 + i}`);
    const result = await collect(`${lines.join('\n')}\n`, 'softswitch');
    const [group] = result.groups;
    expect(group!.cells.length).toBe(800 + 8);
    const perCell = new Map<number, number>();
    for (let i = 0; i < group!.cdrs.count; i++) perCell.set(group!.cdrs.cell[i]!, (perCell.get(group!.cdrs.cell[i]!) ?? 0) + 1);
    const cellText = (c: number) => `${group!.cells[c]!.day} ${group!.cells[c]!.destination} ${group!.cells[c]!.destinationName}`;
    expect(cellText(group!.cdrs.cell[0]!)).toBe('2026-03-01 1000 Name 0');
    expect(cellText(group!.cdrs.cell[799]!)).toBe('2026-03-02 1399 Name 399');
    expect(cellText(group!.cdrs.cell[1600 + 7]!)).toBe('2026-03-01 1350 Other 350');
    expect([...perCell.values()].filter((n) => n === 2).length).toBe(800);
    expect(new Set(group!.cells.map((_, c) => cellText(c))).size).toBe(808);
  });

  it('reports call ids the import cannot send (too long, or with a tab or line break) as bad lines', async () => {
    const text = [
      'time,customer,destination_number,duration,charge,call_id',
      `2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.1,${'x'.repeat(499)}`,
      '2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.1,"tab\there"',
      `2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.1,${'y'.repeat(498)}`,
    ].join('\n');
    const { result, plan } = await importText(text, 'softswitch');
    expect(result.badRows).toEqual([
      { line: 2, reason: 'call id is longer than 498 characters' },
      { line: 3, reason: 'call id contains a control character (a tab or a line break)' },
    ]);
    expect(plan.goodRows).toBe(1);
    expect(await usageLines()).toEqual(['globex 2026-03-01 44 1/1 60/60 0.100000']);
  });

  it('reports a destination name longer than usage keeps (200 characters) as a bad line instead of cutting it', async () => {
    const text = [
      'time,customer,destination_number,destination_name,prefix,duration,charge,call_id',
      `2026-03-01T10:00:00Z,GLX-1,447700900001,${'N'.repeat(201)},4477,60,0.1,long-name-1`,
      `2026-03-01T10:00:00Z,GLX-1,447700900001,${'M'.repeat(200)},4477,60,0.1,long-name-2`,
    ].join('\n');
    const { result, plan } = await importText(text, 'softswitch');
    expect(result.badRows).toEqual([{ line: 2, reason: 'destination name is longer than 200 characters (201)' }]);
    expect(plan.goodRows).toBe(1);
    expect(await usageLines()).toEqual(['globex 2026-03-01 4477 1/1 60/60 0.100000']);
  });

  it('refuses to commit when another import stored CDRs of the same days meanwhile', async () => {
    const text = fixture('softswitch.csv');
    const first = await collect(text, 'softswitch');
    const second = await collect(text, 'softswitch');
    await commitImport(db, planImport(first, [globex, initech], {}), first.ledgerLengths, newImport());
    await expect(commitImport(db, planImport(second, [globex, initech], {}), second.ledgerLengths, newImport())).rejects.toBeInstanceOf(StaleImportError);
    expect(await db.outbox.count()).toBe(1);
  });

  it('keeps the ledger as lib/cdr hash64 texts, and reads entries written so (by earlier builds too) as imported', async () => {
    const lines = ['time,customer,destination_number,duration,charge,call_id'];
    // Enough CDRs of one day to grow the collector's hash table several times.
    for (let i = 0; i < 5000; i++) lines.push(`2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.01,h-${i}`);
    lines.push('2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.01,');
    const text = `${lines.join('\n')}\n`;
    const result = await collect(text, 'softswitch');
    const keys = result.groups[0]!.keys['2026-03-01']!;
    const expected = Array.from({ length: 5000 }, (_, i) => hash64(`c:h-${i}`)).join('');
    expect(keys.slice(0, expected.length)).toBe(expected);
    expect(keys.length).toBe(5001 * LEDGER_KEY_CHARS);
    // An entry of hash64 texts, as any build wrote it: those CDRs are duplicates, the others new.
    await db.meta.put({ key: ledgerMetaKey('2026-03-01'), value: expected.slice(0, 2500 * LEDGER_KEY_CHARS) });
    const again = await collect(text, 'softswitch');
    expect([again.duplicates, again.groups[0]!.rows, again.ledgerLengths['2026-03-01']]).toEqual([2500, 2501, 2500 * LEDGER_KEY_CHARS]);
    expect(again.groups[0]!.keys['2026-03-01']).toBe(keys.slice(2500 * LEDGER_KEY_CHARS));
  });

  it('streams a 200 MB file: reads it chunk by chunk, never ahead of the parser, in bounded memory', { timeout: 240_000 }, async () => {
    const target = 200 * 1024 * 1024;
    const encoder = new TextEncoder();
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    let i = 0;
    // Asterisk Master.csv lines (~260 bytes each), generated as they are pulled.
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (produced >= target) return controller.close();
          const lines: string[] = [];
          for (let k = 0; k < 1000; k++, i++) {
            const day = 1 + (i % 28);
            const uid = `17723${String(i).padStart(9, '0')}.${i % 97}`;
            lines.push(
              `"GLX-1","2025550100","0044${String(7700900000 + (i % 5000))}","from-customer","""Globex"" <2025550100>","SIP/globex-${uid}","SIP/carrier-${uid}","Dial","SIP/carrier/44,60","2026-03-${String(day).padStart(2, '0')} 10:00:00","2026-03-${String(day).padStart(2, '0')} 10:00:05","2026-03-${String(day).padStart(2, '0')} 10:01:05",65,60,"ANSWERED","DOCUMENTATION","${uid}","0.012345"`,
            );
          }
          const chunk = encoder.encode(`${lines.join('\n')}\n`);
          produced += chunk.byteLength;
          maxAhead = Math.max(maxAhead, produced - consumed);
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 1 },
    );
    // Live memory, not garbage not yet collected: a full GC before each sample.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    // The CDRs' columns are typed arrays, outside the JS heap: count them too.
    const live = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const heapBefore = live();
    let heapPeak = heapBefore;
    let chunks = 0;
    const result = await collectCdrFile(stream, {
      mapping: mappingFromPreset('asterisk', []),
      accountTimeZone: 'UTC',
      ledger: async () => '',
      onProgress: ({ bytes }) => {
        consumed = bytes;
        if (++chunks % 200 !== 0) return;
        gc();
        heapPeak = Math.max(heapPeak, live());
      },
    });
    expect(produced).toBeGreaterThanOrEqual(target);
    expect(result.lines).toBe(i);
    expect(result.badCount).toBe(0);
    // One group, 28 days × one destination (44), every CDR kept for the mutations.
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]!.cells).toHaveLength(28);
    expect(result.groups[0]!.cdrs.count).toBe(i);
    // The source is never more than a few chunks (~260 KB each) ahead of the parser…
    expect(maxAhead).toBeLessThan(2 * 1024 * 1024);
    // …and what stays live is, per CDR, its 16-character ledger hash (for deduplication) and its
    // columns for the mutations (20 bytes plus its 17-byte key, in arrays that grow by doubling):
    // 85 to 110 MB for these 700,000 CDRs, never the file (as one string it alone would be 200 MB).
    expect(heapPeak - heapBefore).toBeLessThan(target * 0.65);
  });
});
