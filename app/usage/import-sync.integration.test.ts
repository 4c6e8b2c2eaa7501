/**
 * The browser import across devices, end to end without a browser: two devices (Dexie on
 * fake-indexeddb, the real collector, plan, commit and sync engine) import overlapping CDR files
 * offline while the softswitch pushes some of the same CDRs to POST /api/cdrs; once everyone has
 * synced, the server and both devices hold the exact sums of the distinct CDRs. An import undone on
 * one device leaves the ledger of the device that made it, so the file imports again there.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mappingFromPreset, parseCsvRows, type CdrPresetId } from '@/lib/cdr';
import type { Usage } from '@/lib/entities';
import { ingestCdrs } from '@/server/cdr/ingest';
import { cdrCustomers, customer, numbered, pushOf } from '@/server/sync/test-mutations';
import { signUpWithCustomers, textBody } from '@/server/sync/test-setup';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import type { SignedIn } from '@/server/test-sessions';
import { createDb, type TollbookDb } from '../_local/db';
import { SyncEngine } from '../_local/sync-engine';
import { collectCdrFile, ledgerMetaKey } from './cdr-collector';
import { commitImport } from './commit-import';
import { planImport } from './import-plan';
import { forgetUndoneImports, undoImport } from './ledger';

const fixture = (name: string) => readFileSync(new URL(`../../e2e/fixtures/cdr/${name}`, import.meta.url), 'utf8');

describe.each(TEST_DATABASE_KINDS)('CDR import on two devices and the API, on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  const { globex, initech } = cdrCustomers();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpWithCustomers(database, 'Two Devices Carrier', [globex, initech]);
  });
  afterAll(async () => {
    await database.close();
  });

  function device(name: string): { db: TollbookDb; engine: SyncEngine } {
    const db = createDb(`import-sync-${kind}-${name}`);
    const engine = new SyncEngine(db, randomUUID(), { push: (r) => owner.caller.sync.push(r), pull: (r) => owner.caller.sync.pull(r) });
    return { db, engine };
  }

  /** As the import page does: undone imports forgotten, the file read (times without an offset in `sourceTimeZone`), planned and committed. */
  async function importFile(db: TollbookDb, text: string, preset: CdrPresetId, zones = { sourceTimeZone: 'UTC', accountTimeZone: 'UTC' }) {
    await forgetUndoneImports(db);
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const result = await collectCdrFile(stream, {
      mapping: mappingFromPreset(preset, parseCsvRows(text).rows[0]!.cells, zones.sourceTimeZone),
      accountTimeZone: zones.accountTimeZone,
      ledger: async (day) => ((await db.meta.get(ledgerMetaKey(day)))?.value as string | undefined) ?? '',
    });
    const plan = planImport(result, await db.customers.toArray(), {});
    await commitImport(db, plan, result.ledgerLengths, { id: randomUUID(), fileName: 'cdrs.csv', importedAt: new Date().toISOString(), importedBy: '' });
    return plan.goodRows;
  }

  const lines = (rows: Usage[]) =>
    rows
      .map((u) => `${u.customerId === globex.id ? 'globex' : u.customerId === initech.id ? 'initech' : 'hooli'} ${u.day} ${u.destination} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge}`)
      .sort();

  it('adds up what each device and the API sent, each distinct CDR once', async () => {
    const a = device('a');
    const b = device('b');
    await a.engine.sync();
    await b.engine.sync();

    // Offline: A imports the softswitch file; B imports it too, and the Asterisk file.
    expect(await importFile(a.db, fixture('softswitch.csv'), 'softswitch')).toBe(6);
    expect(await importFile(b.db, fixture('softswitch.csv'), 'softswitch')).toBe(6);
    expect(await importFile(b.db, fixture('asterisk-master.csv'), 'asterisk')).toBe(3);
    // Meanwhile the softswitch pushes the Asterisk CDRs and the FreeSWITCH ones to the API.
    expect(await ingestCdrs(database, owner.tenantId, textBody(fixture('asterisk-master.csv')), { format: 'csv' })).toMatchObject({ accepted: 3 });
    expect(await ingestCdrs(database, owner.tenantId, textBody(fixture('freeswitch.csv')), { format: 'csv' })).toMatchObject({ accepted: 3 });

    await a.engine.sync();
    await b.engine.sync();
    await a.engine.sync();

    // The 12 distinct CDRs of the three files (see cdr-import.test.ts and server/cdr/ingest.test.ts).
    const expected = [
      'globex 2026-03-01 1 1/2 120/120 0.012500',
      // 0.167005 (softswitch) + 0.06 (Asterisk) + 0.18 (FreeSWITCH) = 0.407005
      'globex 2026-03-01 44 4/4 271/276 0.407005',
      'globex 2026-03-02 33 1/1 45/45 0.067500',
      'globex 2026-03-02 44 1/2 300/300 0.900001',
      'globex 2026-03-02 49 1/1 180/180 0.540000',
      'initech 2026-03-02 49 1/2 59/60 0.008500',
    ];
    const server = device('fresh');
    await server.engine.sync();
    expect(lines(await server.db.usage.toArray())).toEqual(expected);
    expect(lines(await a.db.usage.toArray())).toEqual(expected);
    expect(lines(await b.db.usage.toArray())).toEqual(expected);
    expect([await a.db.outbox.count(), await b.db.outbox.count(), await a.db.rejections.count(), await b.db.rejections.count()]).toEqual([0, 0, 0, 0]);

    // Importing a file again on a device is still a no-op there, and nothing changes anywhere.
    expect(await importFile(a.db, fixture('softswitch.csv'), 'softswitch')).toBe(0);
    await a.engine.sync();
    expect(lines(await a.db.usage.toArray())).toEqual(expected);
    for (const d of [a, b, server]) await d.db.delete();
  });

  it('a refused import leaves the device ledger, so importing the file again imports its CDRs', async () => {
    // A customer with no usage yet: its currency can still change (once it has usage it cannot).
    const hooli = customer({ name: 'Hooli Telecom', externalId: 'HOO-1', currency: 'USD' });
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: hooli }])));
    const a = device('refused');
    await a.engine.sync();
    const file = [
      'time,customer,destination_number,duration,charge,currency,call_id',
      '2026-04-10T10:00:00Z,HOO-1,4930123456,60,0.100000,USD,refused-1',
      '2026-04-10T11:00:00Z,HOO-1,4930123457,30,0.050000,USD,refused-2',
    ].join('\n');
    expect(await importFile(a.db, file, 'softswitch')).toBe(2);
    // Before A syncs, another device bills Hooli in euros: the server refuses A's USD CDRs.
    const setCurrency = (currency: string) =>
      owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'updateCustomer', args: { id: hooli.id, patch: { currency } } }])));
    await setCurrency('EUR');
    await a.engine.sync();
    expect((await a.db.rejections.toArray()).map((r) => r.name)).toEqual(['importCdrs']);
    expect(await a.db.usage.filter((u) => u.day === '2026-04-10').count()).toBe(0);

    // Back to dollars: the same file imports both CDRs again, and the server bills them once.
    await setCurrency('USD');
    await a.engine.sync();
    expect(await importFile(a.db, file, 'softswitch')).toBe(2);
    await a.engine.sync();
    const server = device('refused-fresh');
    await server.engine.sync();
    expect(lines(await server.db.usage.filter((u) => u.day === '2026-04-10').toArray())).toEqual(['hooli 2026-04-10 49 2/2 90/90 0.150000']);
    expect(await importFile(a.db, file, 'softswitch')).toBe(0);
    for (const d of [a, server]) await d.db.delete();
  });

  it('an import undone on another device leaves the ledger of the device that made it: the file read in the right zone imports again', async () => {
    const batelco = customer({ name: 'Batelco Wholesale', externalId: 'BAH-1', currency: 'USD' });
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: batelco }])));
    const a = device('undo-a');
    const b = device('undo-b');
    await a.engine.sync();
    // The switch writes Bahrain's local time; the account counts days in Bahrain too.
    const file = [
      'time,customer,destination_number,duration,charge,call_id',
      '2026-05-01 22:30:00,BAH-1,447700900001,60,0.100000,bah-1',
      '2026-05-01 23:50:00,BAH-1,447700900002,30,0.050001,bah-2',
    ].join('\n');
    const bahrainDays = (u: Usage) => u.customerId === batelco.id;
    // Read as UTC: 22:30 UTC is 01:30 the next day in Bahrain.
    expect(await importFile(a.db, file, 'softswitch', { sourceTimeZone: 'UTC', accountTimeZone: 'Asia/Bahrain' })).toBe(2);
    await a.engine.sync();
    await b.engine.sync();
    expect((await b.db.usage.filter(bahrainDays).toArray()).map((u) => u.day)).toEqual(['2026-05-02']);

    // B undoes it; A syncs and reads the file again in the right zone: nothing is taken as imported.
    const [record] = await b.db.cdrImports.filter((r) => r.customerIds.includes(batelco.id)).toArray();
    await undoImport(b.db, record!.id, 'bob@example.com');
    expect(await b.db.usage.filter(bahrainDays).count()).toBe(0);
    await b.engine.sync();
    await a.engine.sync();
    expect((await a.db.cdrImports.get(record!.id))?.status).toBe('undone');
    expect(await importFile(a.db, file, 'softswitch', { sourceTimeZone: 'Asia/Bahrain', accountTimeZone: 'Asia/Bahrain' })).toBe(2);
    await a.engine.sync();
    await b.engine.sync();
    const batelcoLines = async (db: TollbookDb) => (await db.usage.filter(bahrainDays).toArray()).map((u) => `${u.day} ${u.destination} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge}`);
    // 0.1 + 0.050001 = 0.150001, on 1 May.
    for (const d of [a, b]) expect(await batelcoLines(d.db)).toEqual(['2026-05-01 44 2/2 90/90 0.150001']);
    expect([await a.db.rejections.count(), await b.db.rejections.count()]).toEqual([0, 0]);
    // And once imported right, the file is known again.
    expect(await importFile(a.db, file, 'softswitch', { sourceTimeZone: 'Asia/Bahrain', accountTimeZone: 'Asia/Bahrain' })).toBe(0);
    for (const d of [a, b]) await d.db.delete();
  });
});
