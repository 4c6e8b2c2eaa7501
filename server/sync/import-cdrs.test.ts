/**
 * importCdrs on the server (PGlite, and Postgres when DATABASE_URL is set): CDR keys are claimed in
 * `cdr_keys` exactly once with the push, shared with POST /api/cdrs, so usage is the exact sum of
 * the distinct CDRs whichever devices (or the API) sent them, however often.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mappingFromPreset, parseCdrRow, parseCsvRows } from '../../lib/cdr';
import type { Usage } from '../../lib/entities';
import { cdrLine, type CdrCell } from '../../lib/mutators';
import { ingestCdrs } from '../cdr/ingest';
import { resultRows } from '../db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import type { SignedIn } from '../test-sessions';
import { pushMutations } from './push';
import { cdrCustomers, numbered, pullOf, pushOf } from './test-mutations';
import { signUpWithCustomers, textBody } from './test-setup';

type Cdr = [key: string, seconds: number, billedSeconds: number, charge: string];

describe.each(TEST_DATABASE_KINDS)('importCdrs on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  const { globex, initech } = cdrCustomers();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpWithCustomers(database, 'Import Carrier', [globex, initech]);
  });
  afterAll(async () => {
    await database.close();
  });

  /** A cell of Globex on 1 March to 44 unless overridden. */
  function cell(cdrs: Cdr[], overrides: Partial<CdrCell> = {}): CdrCell {
    return {
      customerId: globex.id,
      currency: 'USD',
      day: '2026-03-01',
      destination: '44',
      destinationName: 'United Kingdom',
      cdrs: cdrs.map((cdr) => cdrLine(...cdr)).join('\n'),
      ...overrides,
    };
  }
  const importCdrs = (...cells: CdrCell[]) => ({ name: 'importCdrs', args: { cells } });

  /** The tenant's usage as a fresh device pulls it, one line per row. */
  async function usage(): Promise<string[]> {
    const lines: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = await owner.caller.sync.pull(pullOf(randomUUID(), cursor));
      for (const change of page.changes) {
        const u = change.row as Usage | null;
        if (change.entity !== 'usage' || !u) continue;
        lines.push(`${u.customerId === globex.id ? 'globex' : 'initech'} ${u.day} ${u.destination} ${u.destinationName} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge}`);
      }
      cursor = page.cursor;
      if (!page.more) return lines.sort();
    }
  }

  async function claimed(): Promise<string[]> {
    const rows = resultRows<{ key: string }>(await database.db.execute(sql`select key from cdr_keys where tenant_id = ${owner.tenantId} order by key`));
    return rows.map((r) => r.key);
  }

  async function clearUsage() {
    await database.db.execute(sql`delete from usage where tenant_id = ${owner.tenantId}`);
    await database.db.execute(sql`delete from cdr_keys where tenant_id = ${owner.tenantId}`);
  }

  it('adds up two devices importing overlapping files into the same and different cells, each distinct CDR once', async () => {
    await clearUsage();
    const deviceA = pushOf(randomUUID(), numbered(1, [importCdrs(cell([['c:1', 60, 60, '0.1'], ['c:2', 30, 36, '0.050001'], ['c:3', 0, 0, '0']]), cell([['c:4', 120, 120, '0.24']], { day: '2026-03-02' }))]));
    const deviceB = pushOf(
      randomUUID(),
      numbered(1, [
        // c:2 and c:4 are in A's file too; c:5 goes to A's cell, c:6 to a cell of its own.
        importCdrs(cell([['c:2', 30, 36, '0.050001'], ['c:5', 10, 12, '0.000009']]), cell([['c:4', 120, 120, '0.24']], { day: '2026-03-02' })),
        importCdrs(cell([['c:6', 59, 60, '0.0085']], { customerId: initech.id, currency: 'EUR', day: '2026-03-02', destination: '49', destinationName: 'Germany' })),
      ]),
    );
    // Concurrently: the tenant lock puts one push after the other, in either order.
    const [a, b] = await Promise.all([owner.caller.sync.push(deviceA), owner.caller.sync.push(deviceB)]);
    expect([a.lastMutationId, b.lastMutationId]).toEqual([1, 2]);
    expect([...a.results, ...b.results].map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await usage()).toEqual([
      // c:1 + c:2 + c:3 + c:5: 0.1 + 0.050001 + 0 + 0.000009 = 0.150010; 3 answered of 4 attempts.
      'globex 2026-03-01 44 United Kingdom 3/4 100/108 0.150010',
      'globex 2026-03-02 44 United Kingdom 1/1 120/120 0.240000',
      'initech 2026-03-02 49 Germany 1/1 59/60 0.008500',
    ]);
    expect(await claimed()).toEqual(['c:1', 'c:2', 'c:3', 'c:4', 'c:5', 'c:6']);
  });

  it('counts a CDR sent to POST /api/cdrs and then imported in the browser once, and the other way round', async () => {
    await clearUsage();
    const csv = [
      'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
      '2026-03-01T10:00:00Z,GLX-1,447700900001,United Kingdom,60,60,0.1,USD,api-1',
      // No call id: both sides name it by the hash of its fields.
      '2026-03-01T11:00:00Z,GLX-1,447700900002,United Kingdom,30,30,0.05,USD,',
    ].join('\n');
    const apiFirst = await ingestCdrs(database, owner.tenantId, textBody(csv), { format: 'csv' });
    expect(apiFirst).toMatchObject({ accepted: 2, duplicates: 0 });
    // The browser reads the same rows with the same lib/cdr code, so it names them with the same keys.
    const rows = parseCsvRows(csv).rows;
    const mapping = mappingFromPreset('softswitch', rows[0]!.cells);
    const keys = rows.slice(1).map((r) => {
      const parsed = parseCdrRow(r.cells, r.line, mapping);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      return parsed.cdr.key;
    });
    expect(keys[0]).toBe('c:api-1');
    expect(keys[1]).toMatch(/^r:[0-9a-f]{16}$/);
    const pushed = await owner.caller.sync.push(
      pushOf(randomUUID(), numbered(1, [importCdrs(cell([[keys[0]!, 60, 60, '0.1'], [keys[1]!, 30, 30, '0.05'], ['c:browser-1', 45, 45, '0.07']]))])),
    );
    expect(pushed.results).toEqual([{ id: 1, status: 'applied' }]);
    // 0.1 + 0.05 from the API, 0.07 from the browser: 0.22.
    expect(await usage()).toEqual(['globex 2026-03-01 44 United Kingdom 3/3 135/135 0.220000']);

    const browserFirst = await ingestCdrs(
      database,
      owner.tenantId,
      textBody(`${csv.split('\n')[0]}\n2026-03-01T12:00:00Z,GLX-1,447700900003,United Kingdom,45,45,0.07,USD,browser-1\n`),
      { format: 'csv' },
    );
    expect(browserFirst).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await usage()).toEqual(['globex 2026-03-01 44 United Kingdom 3/3 135/135 0.220000']);
  });

  it('leaves no claim behind a refused mutation (a later one of the same push counts the CDR) nor a rolled-back push', async () => {
    await clearUsage();
    const gone = randomUUID();
    const refusedThenRetried = pushOf(
      randomUUID(),
      numbered(1, [
        // Claims c:r1 and c:r2, then meets a customer that does not exist: refused.
        importCdrs(cell([['c:r1', 60, 60, '1'], ['c:r2', 60, 60, '2']]), cell([['c:r3', 60, 60, '3']], { customerId: gone })),
        importCdrs(cell([['c:r1', 60, 60, '1']])),
      ]),
    );
    const result = await owner.caller.sync.push(refusedThenRetried);
    expect(result.results).toEqual([
      { id: 1, status: 'rejected', error: `Customer ${gone} does not exist (it may have been deleted on another device)` },
      { id: 2, status: 'applied' },
    ]);
    expect(await usage()).toEqual(['globex 2026-03-01 44 United Kingdom 1/1 60/60 1.000000']);
    expect(await claimed()).toEqual(['c:r1']);

    // A push that fails after applying (here: just before its commit) rolls its claims back with it.
    const failing = pushOf(randomUUID(), numbered(1, [importCdrs(cell([['c:r2', 60, 60, '2']]))]));
    const caller = { tenantId: owner.tenantId, userId: owner.userId, role: 'owner' as const };
    await expect(
      pushMutations(database, caller, failing, {
        beforeCommit: async () => {
          throw new Error('connection lost');
        },
      }),
    ).rejects.toThrow('connection lost');
    expect(await claimed()).toEqual(['c:r1']);
    expect((await pushMutations(database, caller, failing)).results).toEqual([{ id: 1, status: 'applied' }]);
    expect(await usage()).toEqual(['globex 2026-03-01 44 United Kingdom 2/2 120/120 3.000000']);
    expect(await claimed()).toEqual(['c:r1', 'c:r2']);
  });

  it('applies a replayed push once: the copies are duplicates and claim nothing', async () => {
    await clearUsage();
    const batch = pushOf(randomUUID(), numbered(1, [importCdrs(cell([['c:p1', 60, 60, '0.5']])), importCdrs(cell([['c:p2', 60, 60, '0.25']], { day: '2026-03-03' }))]));
    expect((await owner.caller.sync.push(batch)).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const after = [await usage(), await claimed()];
    for (let i = 0; i < 3; i++) {
      expect((await owner.caller.sync.push(batch)).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    }
    expect([await usage(), await claimed()]).toEqual(after);
    expect(after[0]).toEqual(['globex 2026-03-01 44 United Kingdom 1/1 60/60 0.500000', 'globex 2026-03-03 44 United Kingdom 1/1 60/60 0.250000']);
  });
});
