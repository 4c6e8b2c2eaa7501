/**
 * Undo import through push and pull (PGlite, and Postgres when DATABASE_URL is set): two devices
 * undoing one import take its usage off once; its CDR keys leave `cdr_keys`, so the file imports
 * again, in the same push too (offline: import, undo, import again); an issued invoice of its days
 * holds it back; devices still on protocol 1 are not sent the import records.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdrImport, Usage } from '../../lib/entities';
import { cdrLine, type CdrCell } from '../../lib/mutators';
import { ingestCdrs } from '../cdr/ingest';
import { resultRows } from '../db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { addMember, type SignedIn } from '../test-sessions';
import { cdrCustomers, draftInvoice, manualLine, numbered, pullOf, pushOf } from './test-mutations';
import { signUpWithCustomers, textBody } from './test-setup';

type Cdr = [key: string, seconds: number, billedSeconds: number, charge: string];

/** One device: its client id and its next mutation id; `push` answers each mutation's status or refusal. */
function device(signedIn: SignedIn) {
  const clientId = randomUUID();
  let next = 1;
  return {
    signedIn,
    async push(...mutations: { name: string; args: unknown }[]) {
      const { results } = await signedIn.caller.sync.push(pushOf(clientId, numbered(next, mutations)));
      next += mutations.length;
      return results.map((r) => (r.status === 'rejected' ? r.error : r.status));
    },
  };
}

describe.each(TEST_DATABASE_KINDS)('undoCdrImport on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  /** A tenant (Globex in USD, Initech in EUR) with two devices: the owner's and a member's. */
  async function twoDevices() {
    const { globex, initech } = cdrCustomers();
    const owner = await signUpWithCustomers(database, 'Undo Carrier', [globex, initech]);
    const member = await addMember(database, owner);
    return { globex, initech, owner, a: device(owner), b: device(member) };
  }

  function cell(customerId: string, day: string, cdrs: Cdr[], overrides: Partial<CdrCell> = {}): CdrCell {
    return { customerId, currency: 'USD', day, destination: '44', destinationName: 'United Kingdom', cdrs: cdrs.map((c) => cdrLine(...c)).join('\n'), ...overrides };
  }
  const importCdrs = (importId: string, part: number, ...cells: CdrCell[]) => ({
    name: 'importCdrs',
    args: { cells, import: { id: importId, part, fileName: 'bahrain.csv', importedAt: '2026-03-05T10:00:00.000Z', importedBy: 'ann@example.com' } },
  });
  const undo = (id: string, by: string) => ({ name: 'undoCdrImport', args: { id, undoneAt: '2026-03-06T09:00:00.000Z', undoneBy: by } });

  /** Every live row of `entity` a fresh device pulls (protocol 2 unless told). */
  async function pulled<T>(signedIn: SignedIn, entity: string, protocolVersion: 1 | 2 = 2): Promise<T[]> {
    const rows: T[] = [];
    let request = { ...pullOf(randomUUID(), 0), protocolVersion };
    for (;;) {
      const page = await signedIn.caller.sync.pull(request);
      for (const change of page.changes) if (change.entity === entity && change.row) rows.push(change.row as T);
      if (!page.more) return rows;
      request = { ...request, cursor: page.cursor, snapshot: page.snapshot };
    }
  }
  const usage = async (signedIn: SignedIn) =>
    (await pulled<Usage>(signedIn, 'usage')).map((u) => `${u.day} ${u.destination} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge}`).sort();

  /** The tenant's claimed CDR keys, with the import that claimed each ('-': none). */
  async function claimed(tenantId: string): Promise<string[]> {
    const rows = resultRows<{ key: string; import_id: string | null }>(
      await database.db.execute(sql`select key, import_id from cdr_keys where tenant_id = ${tenantId} order by key`),
    );
    return rows.map((r) => `${r.key} ${r.import_id ?? '-'}`);
  }

  it('two devices undo the same import: its usage comes off once, the second is refused, and the file imports again', async () => {
    const { globex, owner, a, b } = await twoDevices();
    // The softswitch sent one call of 1 March before.
    const api = await ingestCdrs(database, owner.tenantId, textBody('time,customer,destination_number,duration,charge,call_id\n2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.1,api-1\n'), {
      format: 'csv',
    });
    expect(api).toMatchObject({ accepted: 1 });
    // Device A imports a file read in the wrong zone, in two mutations; it resends api-1 (billed once).
    const wrong = randomUUID();
    expect(
      await a.push(
        importCdrs(wrong, 0, cell(globex.id, '2026-03-01', [['c:api-1', 60, 60, '0.1'], ['c:1', 31, 36, '0.077']])),
        importCdrs(wrong, 1, cell(globex.id, '2026-03-02', [['c:2', 60, 60, '0.100001']]), cell(globex.id, '2026-03-01', [['c:3', 1, 6, '0.000001']])),
      ),
    ).toEqual(['applied', 'applied']);
    expect(await usage(owner)).toEqual(['2026-03-01 44 3/3 92/102 0.177001', '2026-03-02 44 1/1 60/60 0.100001']);
    // Every device pulls the record: what the import billed (api-1 was not its).
    const [record] = await pulled<CdrImport>(owner, 'cdrImports');
    expect(record).toMatchObject({ id: wrong, status: 'imported', cdrs: 3, calls: 3, billedSeconds: 102, charges: [{ currency: 'USD', amount: '0.177002' }], firstDay: '2026-03-01', lastDay: '2026-03-02' });
    expect(await pulled(owner, 'cdrImportParts')).toHaveLength(2);

    // Both devices press Undo import, offline, and sync at once.
    const [byA, byB] = await Promise.all([a.push(undo(wrong, 'ann@example.com')), b.push(undo(wrong, 'bob@example.com'))]);
    const results = [...byA, ...byB];
    expect(results.filter((r) => r === 'applied')).toHaveLength(1);
    const refusal = results.find((r) => r !== 'applied');
    expect(refusal).toMatch(/^"bahrain\.csv" imported Mar 5, 2026 10:00 UTC was already undone by (ann|bob)@example\.com: its usage was taken off then, and nothing was changed now\.$/);
    // The API's call is what is left; the rows only the import made are tombstones.
    expect(await usage(owner)).toEqual(['2026-03-01 44 1/1 60/60 0.100000']);
    expect(await pulled(owner, 'cdrImportParts')).toEqual([]);
    expect((await pulled<CdrImport>(owner, 'cdrImports'))[0]).toMatchObject({ status: 'undone' });
    expect(await claimed(owner.tenantId)).toEqual(['c:api-1 -']);

    // Device B imports the file again, read in the right zone: the calls of 28 February bill again.
    const right = randomUUID();
    expect(await b.push(importCdrs(right, 0, cell(globex.id, '2026-02-28', [['c:api-1', 60, 60, '0.1'], ['c:1', 31, 36, '0.077'], ['c:2', 60, 60, '0.100001'], ['c:3', 1, 6, '0.000001']])))).toEqual([
      'applied',
    ]);
    expect(await usage(owner)).toEqual(['2026-02-28 44 3/3 92/102 0.177002', '2026-03-01 44 1/1 60/60 0.100000']);
    expect(await claimed(owner.tenantId)).toEqual(['c:1 ' + right, 'c:2 ' + right, 'c:3 ' + right, 'c:api-1 -']);
  });

  it('an import, its undo and the import again in one push (a device offline) bill the CDRs once, on the right days', async () => {
    const { globex, owner, a } = await twoDevices();
    const wrong = randomUUID();
    const right = randomUUID();
    expect(
      await a.push(
        importCdrs(wrong, 0, cell(globex.id, '2026-03-01', [['c:1', 60, 60, '0.5'], ['c:2', 30, 30, '0.25']])),
        undo(wrong, 'ann@example.com'),
        importCdrs(right, 0, cell(globex.id, '2026-02-28', [['c:1', 60, 60, '0.5'], ['c:2', 30, 30, '0.25']])),
      ),
    ).toEqual(['applied', 'applied', 'applied']);
    expect(await usage(owner)).toEqual(['2026-02-28 44 2/2 90/90 0.750000']);
    expect(await claimed(owner.tenantId)).toEqual([`c:1 ${right}`, `c:2 ${right}`]);
    // Its keys stored now, undone and imported a third time in one more push: still once.
    const third = randomUUID();
    expect(await a.push(undo(right, 'ann@example.com'), importCdrs(third, 0, cell(globex.id, '2026-02-27', [['c:1', 60, 60, '0.5']])))).toEqual(['applied', 'applied']);
    expect(await usage(owner)).toEqual(['2026-02-27 44 1/1 60/60 0.500000']);
    expect(await claimed(owner.tenantId)).toEqual([`c:1 ${third}`]);
  });

  it('is refused while an issued invoice bills its days, keeping its usage and its keys', async () => {
    const { globex, owner, a, b } = await twoDevices();
    const imported = randomUUID();
    expect(await a.push(importCdrs(imported, 0, cell(globex.id, '2026-03-01', [['c:1', 60, 60, '0.5']])))).toEqual(['applied']);
    const invoice = draftInvoice(globex.id, { currency: 'USD', periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    expect(await b.push({ name: 'createInvoice', args: { invoice, lines: [manualLine(invoice.id, 0)] } }, { name: 'issueInvoice', args: { id: invoice.id } })).toEqual([
      'applied',
      'applied',
    ]);
    const [refusal] = await a.push(undo(imported, 'ann@example.com'));
    expect(refusal).toBe(
      '"bahrain.csv" imported Mar 5, 2026 10:00 UTC cannot be undone: invoice INV-1 (Globex Carrier, period Mar 1, 2026 to Mar 31, 2026) bills its usage of Mar 1, 2026. Void that invoice first and then undo the import, or keep the import and bill the difference as late calls. Nothing was changed.',
    );
    expect(await usage(owner)).toEqual(['2026-03-01 44 1/1 60/60 0.500000']);
    expect(await claimed(owner.tenantId)).toEqual([`c:1 ${imported}`]);
    // Voided, it no longer holds the import back.
    expect(await b.push({ name: 'voidInvoice', args: { id: invoice.id, reason: 'calls on the wrong days' } }, undo(imported, 'bob@example.com'))).toEqual(['applied', 'applied']);
    expect(await usage(owner)).toEqual([]);
    expect(await claimed(owner.tenantId)).toEqual([]);
  });

  it('refuses the issue of a draft, made offline, that bills calls whose import another device undid first; with late CDRs added instead it is issued', async () => {
    const { globex, a, b } = await twoDevices();
    const imported = randomUUID();
    // The importing device: 2 calls on Mar 1, 0.45 in all. Then, offline, it generates a draft billing them and issues it.
    expect(await a.push(importCdrs(imported, 0, cell(globex.id, '2026-03-01', [['c:1', 60, 60, '0.2'], ['c:2', 60, 60, '0.25']])))).toEqual(['applied']);
    const draftOf = () => {
      const invoice = draftInvoice(globex.id, { currency: 'USD', invoiceDate: '2026-03-07', dueDate: '2026-03-21', periodStart: '2026-03-01', periodEnd: '2026-03-06' });
      const calls = manualLine(invoice.id, 0, { kind: 'usage', description: 'United Kingdom (44)', startDate: '2026-03-01', endDate: '2026-03-01', quantity: '2', unit: 'min', unitPrice: '0', amount: '0.45', calls: 2, minutes: '2' });
      return { invoice, lines: [calls] };
    };
    const offline = draftOf();
    // Meanwhile the other device undoes the import: no issued invoice bills Mar 1, so it may.
    expect(await b.push(undo(imported, 'bob@example.com'))).toEqual(['applied']);
    expect(await a.push({ name: 'createInvoice', args: offline }, { name: 'issueInvoice', args: { id: offline.invoice.id } })).toEqual([
      'applied',
      "The draft dated Mar 7, 2026 bills 2 calls ($0.45) on Mar 1, 2026 that Globex Carrier's usage of that day no longer holds: their import was undone, on another device say (or CDRs a device counted twice were counted once). It stays a draft: update its lines from usage, or remove those lines, then issue it.",
    ]);
    const [draft] = (await pulled<{ id: string; status: string; number: string | null }>(a.signedIn, 'invoices')).filter((i) => i.id === offline.invoice.id);
    expect(draft).toMatchObject({ status: 'draft', number: null });

    // Imported again, and a late CDR of Mar 1 since: a draft of the two calls is issued (in one push with the import, read from it).
    const again = draftOf();
    expect(
      await a.push(
        importCdrs(randomUUID(), 0, cell(globex.id, '2026-03-01', [['c:1', 60, 60, '0.2'], ['c:2', 60, 60, '0.25'], ['c:3', 60, 60, '0.3']])),
        { name: 'createInvoice', args: again },
        { name: 'issueInvoice', args: { id: again.invoice.id } },
      ),
    ).toEqual(['applied', 'applied', 'applied']);
  });

  it('sends the import records to devices of protocol 2 only: one still on 1 has no tables for them', async () => {
    const { globex, owner, a } = await twoDevices();
    expect(await a.push(importCdrs(randomUUID(), 0, cell(globex.id, '2026-03-01', [['c:1', 60, 60, '0.5']])))).toEqual(['applied']);
    expect(await pulled(owner, 'cdrImports', 1)).toEqual([]);
    expect(await pulled(owner, 'cdrImportParts', 1)).toEqual([]);
    expect(await pulled(owner, 'usage', 1)).toHaveLength(1);
    expect(await pulled(owner, 'cdrImports', 2)).toHaveLength(1);
  });
});
