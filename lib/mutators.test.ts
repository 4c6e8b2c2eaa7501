/**
 * Mutators against a store in memory (not transactional: refusals are checked by their message; the
 * device and the server undo a refused mutation's writes, tested in app/_local and server/sync).
 * importCdrs against a store in memory. Its `claimCdrKeys` follows the server's rule (a key is
 * fresh once per tenant) so the roll-up of only fresh CDRs is tested here; the server's own claim
 * (cdr_keys, buffered with the push) is tested in server/sync/import-cdrs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CdrImport, Entities, EntityName, Invoice, InvoiceLine, Package, Usage } from './entities';
import { usageId } from './cdr';
import { dayAsShown, todayIn } from './dates';
import { creditNoteDraft, leftToCredit } from './credit-notes';
import { invoiceDigest } from './invoice-digest';
import { givenBack } from './invoice-periods';
import { generateInvoice, lateCallsInvoice } from './generate';
import { addDecimals } from './money';
import { cdrImportClock, cdrImportTime, cdrLine, defaultAccount, IMPORT_CDRS_MAX, MutationError, runMutation, undoneApplicationMessage, type CdrCell, type MutationTx } from './mutators';
import type { OverriddenChange } from './overridden-changes';
import { creditApplication, unappliedOf } from './payments';
import { CUSTOMER_ID, INVOICE_ID, OTHER_CUSTOMER_ID, lineIdSequence, testAccount, testAssignment, testInvoice, testCustomer, testLine, testPackage, testUsage, testUuid } from './test-fixtures';

class MemoryTx implements MutationTx {
  constructor(readonly location: 'client' | 'server' = 'server') {}
  readonly tables = new Map<EntityName, Map<string, unknown>>();
  /** Claimed CDR keys, with the import that claimed each (null: none), as `cdr_keys` holds them. */
  readonly claimed = new Map<string, string | null>();
  private table(entity: EntityName) {
    let t = this.tables.get(entity);
    if (!t) this.tables.set(entity, (t = new Map()));
    return t;
  }
  async get<E extends EntityName>(entity: E, id: string) {
    return this.table(entity).get(id) as Entities[E] | undefined;
  }
  async put<E extends EntityName>(entity: E, row: Entities[E]) {
    this.table(entity).set(row.id, row);
  }
  /**
   * Deleted rows, as the server keeps them (tombstones), with the change that deleted them: tests
   * call `nextChange()` between the changes of a device, as each mutation gets its own version.
   */
  readonly tombstones = new Map<string, { row: unknown; change: number }>();
  private change = 0;
  nextChange() {
    this.change += 1;
  }
  async delete(entity: EntityName, id: string) {
    const row = this.table(entity).get(id);
    if (row) this.tombstones.set(`${entity}/${id}`, { row, change: this.change });
    this.table(entity).delete(id);
  }
  async restoreDeleted<E extends EntityName, C extends EntityName>(entity: E, id: string, children?: { entity: C; field: string }) {
    if (this.location === 'client' || this.table(entity).has(id)) return undefined;
    const tombstone = this.tombstones.get(`${entity}/${id}`);
    if (!tombstone) return undefined;
    this.table(entity).set(id, tombstone.row);
    for (const [key, { row, change }] of this.tombstones) {
      const child = row as Record<string, unknown> & { id: string };
      if (children && key.startsWith(`${children.entity}/`) && child[children.field] === id && change === tombstone.change && !this.table(children.entity).has(child.id)) {
        this.table(children.entity).set(child.id, child);
      }
    }
    return tombstone.row as Entities[E];
  }
  /** What the changes run told other devices (server runs only), in order. */
  readonly overridden: OverriddenChange[] = [];
  overrode(change: OverriddenChange) {
    if (this.location === 'server') this.overridden.push(change);
  }
  async list<E extends EntityName>(entity: E, field: string, value: string) {
    return [...this.table(entity).values()].filter((r) => (r as Record<string, unknown>)[field] === value) as Entities[E][];
  }
  async exists(entity: EntityName, field: string, value: string) {
    return (await this.list(entity, field, value)).length > 0;
  }
  async count(entity: EntityName) {
    return this.table(entity).size;
  }
  async usageOfDays(customerId: string, first: string, last: string) {
    return [...this.table('usage').values()].filter((r) => {
      const row = r as Usage;
      return row.customerId === customerId && first <= row.day && row.day <= last;
    }) as Usage[];
  }
  async invoiceNumbers() {
    return [...this.table('invoices').values()].flatMap((row) => ((row as Invoice).number === null ? [] : [(row as Invoice).number!]));
  }
  async claimCdrKeys(keys: readonly string[], importId?: string) {
    return keys.map((key) => !this.claimed.has(key) && this.claimed.set(key, importId ?? null) !== undefined);
  }
  async releaseCdrKeys(importId: string) {
    for (const [key, claimedBy] of this.claimed) if (claimedBy === importId) this.claimed.delete(key);
  }
  usage(): string[] {
    return [...this.table('usage').values()]
      .map((row) => {
        const u = row as Usage;
        return `${u.customerId === CUSTOMER_ID ? 'a' : 'b'} ${u.day} ${u.destination} ${u.destinationName} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge} ${u.currency}`;
      })
      .sort();
  }
}

type Cdr = [key: string, seconds: number, billedSeconds: number, charge: string];

function cell(cdrs: Cdr[], overrides: Partial<CdrCell> = {}): CdrCell {
  return {
    customerId: CUSTOMER_ID,
    currency: 'USD',
    day: '2026-03-01',
    destination: '44',
    destinationName: 'United Kingdom',
    cdrs: cdrs.map((cdr) => cdrLine(...cdr)).join('\n'),
    ...overrides,
  };
}

async function storeWithCustomers(location: 'client' | 'server' = 'server'): Promise<MemoryTx> {
  const tx = new MemoryTx(location);
  await tx.put('customers', testCustomer({ id: CUSTOMER_ID, name: 'Globex', currency: 'USD' }));
  await tx.put('customers', testCustomer({ id: OTHER_CUSTOMER_ID, name: 'Initech', currency: 'EUR' }));
  return tx;
}


/** What a mutation run comes to: 'applied', or the message it was refused with. */
const mutationOutcome = (tx: MutationTx, name: string, args: unknown) =>
  runMutation(tx, name, args).then(
    () => 'applied',
    (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
  );
describe('importCdrs', () => {
  it('adds the CDRs to the stored rows exactly, counting answered calls and attempts', async () => {
    const tx = await storeWithCustomers();
    await runMutation(tx, 'importCdrs', {
      cells: [
        cell([
          ['c:1', 31, 36, '0.077'],
          ['c:2', 60, 60, '0.090005'],
          ['c:3', 0, 0, '0'],
        ]),
        cell([['c:4', 59, 60, '0.0085']], { customerId: OTHER_CUSTOMER_ID, currency: 'EUR', day: '2026-03-02', destination: '49', destinationName: 'Germany' }),
      ],
    });
    // 0.077 + 0.090005 + 0 = 0.167005; the unanswered attempt counts as an attempt only.
    expect(tx.usage()).toEqual(['a 2026-03-01 44 United Kingdom 2/3 91/96 0.167005 USD', 'b 2026-03-02 49 Germany 1/1 59/60 0.008500 EUR']);

    // A second import into the same cell adds to it, under a longer name split into its own cell.
    await runMutation(tx, 'importCdrs', {
      cells: [cell([['r:00ff00ff00ff00ff', 300, 300, '0.900001']], { destinationName: 'United Kingdom - Mobile' }), cell([['c:5', 1, 6, '0.000001']])],
    });
    // 0.167005 + 0.900001 + 0.000001 = 1.067007; the larger name wins, as lib/cdr rolls up.
    expect(tx.usage()[0]).toBe('a 2026-03-01 44 United Kingdom - Mobile 4/5 392/402 1.067007 USD');
  });

  it('bills a CDR once: keys already claimed, or repeated in the mutation, add nothing', async () => {
    const tx = await storeWithCustomers();
    tx.claimed.set('c:api-1', null);
    await runMutation(tx, 'importCdrs', {
      cells: [
        cell([
          ['c:api-1', 60, 60, '1'],
          ['c:new-1', 60, 60, '0.25'],
        ]),
        cell([['c:new-1', 60, 60, '0.25']], { day: '2026-03-02' }),
      ],
    });
    expect(tx.usage()).toEqual(['a 2026-03-01 44 United Kingdom 1/1 60/60 0.250000 USD']);
    await runMutation(tx, 'importCdrs', { cells: [cell([['c:new-1', 60, 60, '0.25']])] });
    expect(tx.usage()).toEqual(['a 2026-03-01 44 United Kingdom 1/1 60/60 0.250000 USD']);
  });

  it('keeps charges exact past 2^53 millionths', async () => {
    const tx = await storeWithCustomers();
    await runMutation(tx, 'importCdrs', {
      cells: [
        cell([
          ['c:big-1', 60, 60, '9999999999.999999'],
          ['c:big-2', 60, 60, '0.000001'],
        ]),
      ],
    });
    expect(tx.usage()).toEqual(['a 2026-03-01 44 United Kingdom 2/2 120/120 10000000000.000000 USD']);
  });

  it('refuses a customer that does not exist or a currency not the customer’s, naming it', async () => {
    const tx = await storeWithCustomers();
    const missing = '0190a000-0000-7000-8000-0000000000ee';
    await expect(runMutation(tx, 'importCdrs', { cells: [cell([['c:1', 1, 1, '1']], { customerId: missing })] })).rejects.toThrow(
      new MutationError(`Customer ${missing} does not exist (it may have been deleted on another device)`),
    );
    await expect(runMutation(tx, 'importCdrs', { cells: [cell([['c:1', 1, 1, '1']], { currency: 'EUR' })] })).rejects.toThrow(
      'CDRs in EUR cannot be billed to Globex, who is billed in USD',
    );
    expect(tx.usage()).toEqual([]);
  });

  it('refuses malformed CDRs and oversized mutations, naming the calls (the detail names the cell and line)', async () => {
    const tx = await storeWithCustomers();
    const details: (string | undefined)[] = [];
    const refusal = async (cells: unknown) => {
      try {
        await runMutation(tx, 'importCdrs', { cells });
      } catch (error) {
        expect(error).toBeInstanceOf(MutationError);
        details.push((error as MutationError).detail);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    /** The refusal of a line that is not a CDR, with the cell and line its detail names. */
    const malformed = async (cells: unknown) => {
      const message = await refusal(cells);
      return `${/cells\.\d+\.cdrs line \d+/.exec(details.at(-1) ?? '')?.[0]}: ${message}`;
    };
    const notACdr = (cell: number, line: number) =>
      `cells.${cell}.cdrs line ${line}: A CDR of the calls to United Kingdom (44) on Mar 1, 2026 cannot be billed: its call id, its duration (at most 30 days) or its charge (at most 6 decimals) is not valid. None of this part of the import was imported: import the file again.`;
    const good: Cdr = ['c:1', 1, 1, '1'];
    expect(await malformed([cell([good]), cell([good, ['c:2', 1, 1, '0.1234567']])])).toBe(notACdr(1, 2));
    expect(await malformed([cell([['c:1', -1, 1, '1']])])).toBe(notACdr(0, 1));
    expect(await malformed([cell([['c:1', 2_592_001, 1, '1']])])).toBe(notACdr(0, 1));
    expect(await malformed([cell([['x:1', 1, 1, '1']])])).toBe(notACdr(0, 1));
    expect(await malformed([cell([['c:a\u0001b', 1, 1, '1']])])).toBe(notACdr(0, 1));
    expect(await malformed([cell([[`c:${'9'.repeat(499)}`, 1, 1, '1']])])).toBe(notACdr(0, 1));
    expect(await malformed([{ ...cell([good]), cdrs: `${cdrLine(...good)}\n` }])).toBe(notACdr(0, 2));
    expect(await refusal([{ ...cell([good]), day: '2026-02-30' }])).toBe('The day of a group of CDRs is not a real calendar date');
    const half = Array.from({ length: IMPORT_CDRS_MAX / 2 + 1 }, (_, i): Cdr => [`c:${i}`, 1, 1, '1']);
    expect(await refusal([cell(half), cell(half.map(([key, ...rest]): Cdr => [`${key}b`, ...rest]))])).toBe(
      'This part of the import holds 10,002 CDRs, more than the 10,000 one change can carry, so none of them were imported. Split the file into smaller files and import them one at a time.',
    );
    // As many cells: the schema counts them first, and says the same.
    expect(await refusal(Array.from({ length: IMPORT_CDRS_MAX + 1 }, (_, i) => cell([[`c:x${i}`, 1, 1, '1']])))).toBe(
      'This part of the import holds more CDRs than the 10,000 one change can carry, so none of them were imported. Split the file into smaller files and import them one at a time.',
    );
    expect(tx.claimed.size).toBe(0);
    expect(tx.usage()).toEqual([]);
  });
});

describe('undoCdrImport', () => {
  const IMPORT_ID = testUuid(700);
  const RIGHT_ID = testUuid(701);
  /** The import's record as each of its mutations carries it. */
  const of = (part: number, id = IMPORT_ID, fileName = 'bahrain.csv') => ({ id, part, fileName, importedAt: '2026-03-05T10:00:00.000Z', importedBy: 'ann@example.com' });
  const undo = (id = IMPORT_ID) => ({ id, undoneAt: '2026-03-06T09:00:00.000Z', undoneBy: 'bob@example.com' });
  const record = (tx: MemoryTx, id = IMPORT_ID) => tx.tables.get('cdrImports')?.get(id) as CdrImport | undefined;

  /**
   * Globex's usage of 1 March to 44 holds an earlier import's call (c:other); the wrong import
   * (two mutations) adds two calls there, one on 2 March, one to Initech, and resends c:api,
   * which POST /api/cdrs had sent already (not billed by it).
   */
  async function storeWithWrongImport(): Promise<MemoryTx> {
    const tx = await storeWithCustomers();
    tx.claimed.set('c:api', null);
    await runMutation(tx, 'importCdrs', { cells: [cell([['c:other', 10, 12, '0.000001']])] });
    await runMutation(tx, 'importCdrs', {
      cells: [cell([['c:1', 31, 36, '0.077'], ['c:api', 60, 60, '5'], ['c:2', 0, 0, '0']]), cell([['c:3', 60, 60, '0.1']], { day: '2026-03-02' })],
      import: of(0),
    });
    await runMutation(tx, 'importCdrs', {
      cells: [cell([['c:4', 120, 120, '0.240001']]), cell([['c:5', 30, 30, '0.5']], { customerId: OTHER_CUSTOMER_ID, currency: 'EUR', destination: '49', destinationName: 'Germany' })],
      import: of(1),
    });
    return tx;
  }

  it('records each import: only the CDRs it billed, its customers, days and charges per currency', async () => {
    const tx = await storeWithWrongImport();
    // 0.077 + 0 + 0.1 + 0.240001 = 0.417001 USD (c:api was billed before); 0.5 EUR.
    expect(record(tx)).toEqual({
      id: IMPORT_ID,
      fileName: 'bahrain.csv',
      importedAt: '2026-03-05T10:00:00.000Z',
      importedBy: 'ann@example.com',
      status: 'imported',
      undoneAt: null,
      undoneBy: null,
      cdrs: 5,
      calls: 4,
      billedSeconds: 36 + 60 + 120 + 30,
      charges: [
        { currency: 'EUR', amount: '0.500000' },
        { currency: 'USD', amount: '0.417001' },
      ],
      customerIds: [CUSTOMER_ID, OTHER_CUSTOMER_ID],
      firstDay: '2026-03-01',
      lastDay: '2026-03-02',
    });
    expect([...tx.tables.get('cdrImportParts')!.keys()]).toEqual([`${IMPORT_ID}:0`, `${IMPORT_ID}:1`]);
  });

  it('takes exactly what the import billed off the usage, deletes the rows it alone made, and frees its CDRs to be imported again', async () => {
    const tx = await storeWithWrongImport();
    expect(tx.usage()).toEqual([
      // 0.000001 + 0.077 + 0 + 0.240001 = 0.317002
      'a 2026-03-01 44 United Kingdom 3/4 161/168 0.317002 USD',
      'a 2026-03-02 44 United Kingdom 1/1 60/60 0.100000 USD',
      'b 2026-03-01 49 Germany 1/1 30/30 0.500000 EUR',
    ]);
    await runMutation(tx, 'undoCdrImport', undo());
    // The earlier import's call stays, to the millionth; the rows only this import made are gone.
    expect(tx.usage()).toEqual(['a 2026-03-01 44 United Kingdom 1/1 10/12 0.000001 USD']);
    expect(tx.tables.get('cdrImportParts')!.size).toBe(0);
    expect(record(tx)).toMatchObject({ status: 'undone', undoneAt: '2026-03-06T09:00:00.000Z', undoneBy: 'bob@example.com', cdrs: 5 });
    // Its keys are forgotten; the API's and the earlier import's are kept.
    expect([...tx.claimed.keys()].sort()).toEqual(['c:api', 'c:other']);

    // The same CDRs imported again, on the right days this time, bill again.
    await runMutation(tx, 'importCdrs', {
      cells: [cell([['c:1', 31, 36, '0.077'], ['c:2', 0, 0, '0'], ['c:3', 60, 60, '0.1'], ['c:4', 120, 120, '0.240001']], { day: '2026-02-28' })],
      import: of(0, RIGHT_ID),
    });
    expect(tx.usage()).toEqual(['a 2026-02-28 44 United Kingdom 3/4 211/216 0.417001 USD', 'a 2026-03-01 44 United Kingdom 1/1 10/12 0.000001 USD']);
  });

  it('is refused a second time (another device undid it first): the usage comes off once', async () => {
    const tx = await storeWithWrongImport();
    await runMutation(tx, 'undoCdrImport', undo());
    const usage = tx.usage();
    await expect(runMutation(tx, 'undoCdrImport', undo())).rejects.toThrow(
      new MutationError('"bahrain.csv" imported Mar 5, 2026 10:00 UTC was already undone by bob@example.com: its usage was taken off then, and nothing was changed now.'),
    );
    expect(tx.usage()).toEqual(usage);
    await expect(runMutation(tx, 'undoCdrImport', undo(testUuid(799)))).rejects.toThrow('The import does not exist (it may not have reached the server yet)');
  });

  it("names the import at the time of the account's timezone, as Past imports shows it", async () => {
    const tx = await storeWithWrongImport();
    await runMutation(tx, 'saveAccount', { timezone: 'Asia/Bahrain' });
    await runMutation(tx, 'undoCdrImport', undo());
    await expect(runMutation(tx, 'undoCdrImport', undo())).rejects.toThrow(
      new MutationError('"bahrain.csv" imported Mar 5, 2026 13:00 Asia/Bahrain was already undone by bob@example.com: its usage was taken off then, and nothing was changed now.'),
    );
    await expect(runMutation(tx, 'importCdrs', { cells: [cell([['c:9', 1, 1, '1']])], import: of(2) })).rejects.toThrow(/^"bahrain\.csv" imported Mar 5, 2026 13:00 Asia\/Bahrain was undone before/);
  });

  it('refuses the rest of an import undone before all of it arrived, and a part sent twice', async () => {
    const tx = await storeWithWrongImport();
    await expect(runMutation(tx, 'importCdrs', { cells: [cell([['c:9', 1, 1, '1']])], import: of(1) })).rejects.toThrow(`Part 1 of "bahrain.csv" imported Mar 5, 2026 10:00 UTC was imported already`);
    await runMutation(tx, 'undoCdrImport', undo());
    const usage = tx.usage();
    await expect(runMutation(tx, 'importCdrs', { cells: [cell([['c:9', 1, 1, '1']])], import: of(2) })).rejects.toThrow(
      '"bahrain.csv" imported Mar 5, 2026 10:00 UTC was undone before all of it reached the server: 1 of its CDRs were not imported. Import the file again if they are wanted.',
    );
    expect(tx.usage()).toEqual(usage);
    expect(tx.claimed.has('c:9')).toBe(false);
  });

  it('refuses while an issued invoice bills one of its days for that customer, naming it; drafts, void invoices and other periods do not count', async () => {
    const tx = await storeWithWrongImport();
    await tx.put('invoices', testInvoice({ id: testUuid(801), status: 'draft' }));
    await tx.put('invoices', testInvoice({ id: testUuid(802), status: 'void', number: 'INV-1' }));
    await tx.put('invoices', testInvoice({ id: testUuid(803), status: 'issued', number: 'INV-2', periodStart: '2026-02-01', periodEnd: '2026-02-28' }));
    // Initech's invoice of March does not bill Globex's days.
    await tx.put('invoices', testInvoice({ id: testUuid(804), customerId: OTHER_CUSTOMER_ID, status: 'issued', number: 'INV-3', periodStart: '2026-03-05', periodEnd: '2026-03-31', currency: 'EUR' }));
    await tx.put('invoices', testInvoice({ id: testUuid(805), status: 'issued', number: 'INV-4', periodStart: '2026-03-02', periodEnd: '2026-03-02' }));
    await tx.put('invoices', testInvoice({ id: testUuid(806), customerId: OTHER_CUSTOMER_ID, status: 'issued', number: 'INV-5', periodStart: '2026-03-01', periodEnd: '2026-03-31', currency: 'EUR' }));
    const usage = tx.usage();
    await expect(runMutation(tx, 'undoCdrImport', undo())).rejects.toThrow(
      new MutationError(
        '"bahrain.csv" imported Mar 5, 2026 10:00 UTC cannot be undone: invoice INV-4 (Globex, period Mar 2, 2026 to Mar 2, 2026) bills its usage of Mar 2, 2026; invoice INV-5 (Initech, period Mar 1, 2026 to Mar 31, 2026) bills its usage of Mar 1, 2026. Void those invoices first and then undo the import, or keep the import and bill the difference as late calls. Nothing was changed.',
      ),
    );
    expect(tx.usage()).toEqual(usage);
    expect(record(tx)?.status).toBe('imported');
    expect(tx.claimed.has('c:1')).toBe(true);

    // Voided, they no longer hold it back.
    for (const id of [testUuid(805), testUuid(806)]) await runMutation(tx, 'voidInvoice', { id, reason: 'wrong days' });
    await runMutation(tx, 'undoCdrImport', undo());
    expect(tx.usage()).toEqual(['a 2026-03-01 44 United Kingdom 1/1 10/12 0.000001 USD']);
  });

  it('refuses, changing nothing, when a usage row holds less than the import added', async () => {
    const tx = await storeWithWrongImport();
    const id = usageId(CUSTOMER_ID, '2026-03-01', '44');
    await tx.put('usage', { ...(await tx.get('usage', id))!, charge: '0.1' });
    const usage = tx.usage();
    await expect(runMutation(tx, 'undoCdrImport', undo())).rejects.toThrow(
      '"bahrain.csv" imported Mar 5, 2026 10:00 UTC cannot be undone: Globex\'s usage of Mar 1, 2026 to 44 holds fewer charge than the import added. Nothing was changed.',
    );
    expect(tx.usage()).toEqual(usage);
  });
});

describe('putUsage', () => {
  const refusal = (tx: MutationTx, rows: Usage[]) =>
    runMutation(tx, 'putUsage', { rows }).then(
      () => 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );
  const row = (overrides: Partial<Usage> = {}) => {
    const day = overrides.day ?? '2026-03-01';
    return testUsage({ id: usageId(CUSTOMER_ID, day, '44'), customerId: CUSTOMER_ID, day, destination: '44', destinationName: 'United Kingdom', ...overrides });
  };

  it('creates rows, and takes a row again only as it is stored (a resumed demo load puts a batch twice)', async () => {
    const tx = await storeWithCustomers();
    expect(await refusal(tx, [row({ calls: 3, charge: '0.25' }), row({ day: '2026-03-02' })])).toBe('applied');
    // The same figures, the charge written with other trailing zeros (as Postgres may return it).
    expect(await refusal(tx, [row({ calls: 3, charge: '0.250000' }), row({ day: '2026-03-02' }), row({ day: '2026-03-03' })])).toBe('applied');
    expect(tx.usage()).toEqual([
      'a 2026-03-01 44 United Kingdom 3/1 60/60 0.25 USD',
      'a 2026-03-02 44 United Kingdom 1/1 60/60 0.01 USD',
      'a 2026-03-03 44 United Kingdom 1/1 60/60 0.01 USD',
    ]);
  });

  it("refuses to change an existing row's figures, such as one billed from CDRs, naming it", async () => {
    const tx = await storeWithCustomers();
    await runMutation(tx, 'importCdrs', { cells: [cell([['c:1', 60, 60, '366.82']])] });
    const before = tx.usage();
    expect(await refusal(tx, [row({ day: '2026-03-04' }), row({ calls: 1, attempts: 1, seconds: 1, billedSeconds: 1, charge: '0' })])).toBe(
      "Globex's usage of Mar 1, 2026 to 44 already exists (1 call, 366.820000 USD); this change cannot replace it with 1 call, 0 USD. Usage changes only by importing CDRs.",
    );
    for (const changed of [{ attempts: 2 }, { seconds: 61 }, { billedSeconds: 61 }, { destinationName: 'UK' }, { charge: '366.83' }]) {
      expect(await refusal(tx, [row({ calls: 1, seconds: 60, billedSeconds: 60, charge: '366.82', ...changed })]), JSON.stringify(changed)).toMatch(/already exists/);
    }
    expect(await refusal(tx, [row({ calls: 1, seconds: 60, billedSeconds: 60, charge: '366.82' })])).toBe('applied');
    // (This store does not undo a refused mutation's earlier writes, such as the 2026-03-04 row.)
    expect(tx.usage()[0]).toBe(before[0]);
  });
});

describe('saveAccount', () => {
  const outcome = (tx: MutationTx, patch: Record<string, unknown>) =>
    runMutation(tx, 'saveAccount', patch).then(
      () => 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );

  it('refuses a timezone Intl does not know, which every screen counts today in, and keeps the account', async () => {
    const tx = new MemoryTx();
    expect(await outcome(tx, { timezone: 'Mars/Olympus', numberPrefix: 'X-' })).toBe(
      'The timezone "Mars/Olympus" is not a timezone this server knows; choose one like Europe/London',
    );
    expect(await tx.get('account', 'account')).toBeUndefined();
    for (const timezone of ['UTC', 'Europe/London', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata']) expect(await outcome(tx, { timezone }), timezone).toBe('applied');
  });

  it('takes payment details per currency only under ISO 4217 codes and within the length of payment details', async () => {
    const tx = new MemoryTx();
    expect(await outcome(tx, { paymentDetailsByCurrency: { EURO: 'IBAN' } })).toBe("The currency EURO of My Account's payment details is not a known ISO 4217 currency code");
    expect(await outcome(tx, { paymentDetailsByCurrency: { EUR: 'x'.repeat(2001) } })).toBe("My Account's payment details for EUR must be at most 2000 characters");
    expect(await tx.get('account', 'account')).toBeUndefined();
    expect(await outcome(tx, { paymentDetailsByCurrency: { EUR: 'IBAN DE89', USD: 'ABA 026009593' } })).toBe('applied');
    expect((await tx.get('account', 'account'))?.paymentDetailsByCurrency).toEqual({ EUR: 'IBAN DE89', USD: 'ABA 026009593' });
  });

  it('takes a home country as a country calling code, or none; keeps it on the account', async () => {
    const tx = new MemoryTx();
    for (const homeCountry of ['+44', '0044', '384', '800', 'UK', '1268']) {
      expect(await outcome(tx, { homeCountry }), homeCountry).toBe("My Account's home country must be a country calling code such as 1 or 44, or empty");
    }
    expect(await tx.get('account', 'account')).toBeUndefined();
    for (const homeCountry of ['1', '44', '7', '']) {
      expect(await outcome(tx, { homeCountry }), homeCountry).toBe('applied');
      expect((await tx.get('account', 'account'))?.homeCountry).toBe(homeCountry);
    }
  });

  it('refuses a next number that reads the same as a number an invoice has (case, Unicode hyphens, a pasted space), naming it', async () => {
    const tx = new MemoryTx();
    await tx.put('account', testAccount({ numberPrefix: 'NV-2026-', nextNumber: 1016 }));
    await tx.put('invoices', testInvoice({ status: 'void', number: 'NV-2026-1015' }));
    const taken = (number: string) => `NV-2026-1015 is already used; ${number} would read the same: choose a next number (or a prefix) that no invoice has`;
    expect(await outcome(tx, { nextNumber: 1015 })).toBe("NV-2026-1015 is already an invoice's number: choose a next number (or a prefix) that no invoice has");
    expect(await outcome(tx, { numberPrefix: 'nv-2026-', nextNumber: 1015 })).toBe(taken('nv-2026-1015'));
    expect(await outcome(tx, { numberPrefix: 'NV\u20102026\u2010', nextNumber: 1015 })).toBe(taken('NV\u20102026\u20101015'));
    expect(await outcome(tx, { numberPrefix: 'NV - 2026 - ', nextNumber: 1015 })).toBe(taken('NV - 2026 -1015'));
    expect(await tx.get('account', 'account')).toMatchObject({ numberPrefix: 'NV-2026-', nextNumber: 1016 });
    // A prefix pasted with a space before it is kept without: what is compared is what will print.
    expect(await outcome(tx, { numberPrefix: ' NV-2026-', nextNumber: 1015 })).toBe("NV-2026-1015 is already an invoice's number: choose a next number (or a prefix) that no invoice has");
    expect(await outcome(tx, { numberPrefix: ' nv-2027-\t', nextNumber: 1015 })).toBe('applied');
    expect(await tx.get('account', 'account')).toMatchObject({ numberPrefix: 'nv-2027-', nextNumber: 1015 });
  });

  it('takes a logo only as a PNG or JPEG data: URL (as the Settings form reads the file), or none; never a link every teammate would fetch', async () => {
    const tx = new MemoryTx();
    const refused = 'The logo must be a PNG or JPEG image chosen in My Account, or none; a link to an image is not taken';
    for (const logo of [
      'https://evil.example/track.png',
      '//evil.example/track.png',
      'data:image/svg+xml;base64,PHN2Zy8+',
      'data:image/png,raw',
      'data:image/png;base64,iVBOR w0K',
      'data:image/png;base64,iVBORw0K"onerror="x',
      ' data:image/png;base64,iVBORw0K',
    ]) {
      expect(await outcome(tx, { logo }), logo).toBe(refused);
    }
    // The 1×1 PNG and a JPEG's first bytes, as readLogo encodes them (btoa: padded base64).
    const png = `data:image/png;base64,${btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))}`;
    const jpeg = `data:image/jpeg;base64,${btoa(String.fromCharCode(0xff, 0xd8, 0xff, 0xe0))}`;
    for (const logo of [png, jpeg, '']) {
      expect(await outcome(tx, { logo }), logo).toBe('applied');
      expect((await tx.get('account', 'account'))?.logo).toBe(logo);
    }
  });
});

describe('updateCustomer', () => {
  const outcome = (tx: MutationTx, currency: string) =>
    runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { currency, notes: 'patched' } }).then(
      () => 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );

  it('changes only the patched fields', async () => {
    const tx = await storeWithCustomers();
    const before = await tx.get('customers', CUSTOMER_ID);
    expect(await outcome(tx, 'GBP')).toBe('applied');
    expect(await tx.get('customers', CUSTOMER_ID)).toEqual({ ...before, currency: 'GBP', notes: 'patched' });
  });

  // Invoices are in the customer's currency, and usage rows too (invoice generation refuses usage
  // in another currency): a new currency would strand them.
  it('refuses a new currency once the customer has invoices or usage, and keeps the same one', async () => {
    const withInvoice = await storeWithCustomers();
    await withInvoice.put('invoices', testInvoice());
    expect(await outcome(withInvoice, 'EUR')).toBe("Globex's currency is fixed: the customer already has invoices");
    expect(await outcome(withInvoice, 'USD')).toBe('applied');

    const withUsage = await storeWithCustomers();
    await withUsage.put('usage', testUsage({ customerId: CUSTOMER_ID, currency: 'USD' }));
    expect(await outcome(withUsage, 'EUR')).toBe("Globex's currency is fixed: the customer already has usage in USD");
    expect(await outcome(withUsage, 'USD')).toBe('applied');
    // Another customer's usage does not fix this one's currency.
    const otherUsage = await storeWithCustomers();
    await otherUsage.put('usage', testUsage({ customerId: OTHER_CUSTOMER_ID, currency: 'EUR' }));
    expect(await outcome(otherUsage, 'EUR')).toBe('applied');
  });

  it('refuses a currency the packages assigned to the customer are not priced in, naming the package', async () => {
    const tx = await storeWithCustomers();
    await tx.put('packages', testPackage({ name: 'Platform fee', currency: 'USD' }));
    await tx.put('customerPackages', testAssignment({ customerId: CUSTOMER_ID }));
    expect(await outcome(tx, 'EUR')).toBe("Globex's currency cannot become EUR: the package Platform fee, priced in USD, is assigned to the customer. Remove it first.");
    expect(await tx.get('customers', CUSTOMER_ID)).toMatchObject({ currency: 'USD', notes: '' });
    expect(await outcome(tx, 'USD')).toBe('applied');
  });
});

describe("a customer's VAT id and tax note", () => {
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );
  const reverseCharge = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)';

  it('are created and updated with the customer, on the device and on the server', async () => {
    for (const location of ['client', 'server'] as const) {
      const tx = new MemoryTx(location);
      const customer = testCustomer({ vatId: 'NL123456789B01', taxNote: reverseCharge });
      expect(await outcome(runMutation(tx, 'createCustomer', customer))).toBe('applied');
      expect(await tx.get('customers', CUSTOMER_ID)).toEqual(customer);
      expect(await outcome(runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { vatId: 'BE0123456789' }, seen: { vatId: 'NL123456789B01' } }))).toBe('applied');
      expect(await tx.get('customers', CUSTOMER_ID)).toEqual({ ...customer, vatId: 'BE0123456789' });
    }
  });

  it('take a customer written before they were kept (without either), and a device that sends neither', async () => {
    const tx = new MemoryTx('server');
    const { vatId: _vatId, taxNote: _taxNote, ...older } = testCustomer();
    expect(await outcome(runMutation(tx, 'createCustomer', older))).toBe('applied');
    expect(await outcome(runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { notes: 'still billed' } }))).toBe('applied');
    expect(await outcome(runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxNote: reverseCharge } }))).toBe('applied');
    expect(await tx.get('customers', CUSTOMER_ID)).toEqual({ ...older, notes: 'still billed', taxNote: reverseCharge });
  });

  it('refuse a VAT id or tax note the customer schema refuses, naming the field, and change nothing', async () => {
    const tx = await storeWithCustomers();
    const before = await tx.get('customers', CUSTOMER_ID);
    expect(await outcome(runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { vatId: 'NL1\n23' } }))).toBe(
      "The customer's VAT id must be one line without control characters (tabs, line breaks)",
    );
    expect(await outcome(runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { vatId: 'X'.repeat(51) } }))).toBe("The customer's VAT id must be at most 50 characters");
    expect(await outcome(runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxNote: 'Reverse\tcharge' } }))).toBe(
      "The customer's tax note must not contain control characters (tabs, escape codes); line breaks are fine",
    );
    expect(await outcome(runMutation(tx, 'createCustomer', testCustomer({ id: testUuid(7, 'c'), vatId: ' NL1' })))).toBe("The customer's VAT id must not begin or end with spaces");
    expect(await tx.get('customers', CUSTOMER_ID)).toEqual(before);
    expect(await tx.get('customers', testUuid(7, 'c'))).toBeUndefined();
  });
});

describe('package currency', () => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );
  const PACKAGE_ID = testUuid(1, 'c');

  it("assigns a package only to customers billed in its currency, naming the package, its currency and the customer's", async () => {
    const tx = await storeWithCustomers();
    await runMutation(tx, 'createPackage', testPackage({ id: PACKAGE_ID, name: 'Platform fee', retail: '29.99', currency: 'EUR' }));
    // Globex is billed in USD: the fee's 29.99 would be billed as $29.99 (or ¥30 to a customer in yen).
    expect(await refusal(runMutation(tx, 'assignPackage', testAssignment({ customerId: CUSTOMER_ID, packageId: PACKAGE_ID })))).toBe(
      'Package Platform fee is priced in EUR, but Globex is billed in USD: its prices cannot be billed to Globex. Assign a package priced in USD instead.',
    );
    expect(tx.tables.get('customerPackages')?.size ?? 0).toBe(0);
    // Initech is billed in EUR.
    expect(await refusal(runMutation(tx, 'assignPackage', testAssignment({ customerId: OTHER_CUSTOMER_ID, packageId: PACKAGE_ID })))).toBe('applied');
  });

  it("fixes a package's currency once it is assigned; until then it may change", async () => {
    const tx = await storeWithCustomers();
    await runMutation(tx, 'createPackage', testPackage({ id: PACKAGE_ID, name: 'Platform fee', currency: 'USD' }));
    expect(await refusal(runMutation(tx, 'updatePackage', { id: PACKAGE_ID, patch: { currency: 'EUR' } }))).toBe('applied');
    await runMutation(tx, 'assignPackage', testAssignment({ customerId: OTHER_CUSTOMER_ID, packageId: PACKAGE_ID }));
    expect(await refusal(runMutation(tx, 'updatePackage', { id: PACKAGE_ID, patch: { currency: 'USD', retail: '5' } }))).toBe(
      "Platform fee's currency is fixed at EUR: the package is assigned to customers billed in EUR. Create a package priced in USD instead.",
    );
    expect(await tx.get('packages', PACKAGE_ID)).toMatchObject({ currency: 'EUR', retail: '10' });
    // Its other fields still change, and so may the currency it already has.
    expect(await refusal(runMutation(tx, 'updatePackage', { id: PACKAGE_ID, patch: { currency: 'EUR', retail: '12.50' } }))).toBe('applied');
  });

  it("prices a package created without a currency (an outbox from before packages had one) in My Account's", async () => {
    const tx = await storeWithCustomers();
    await tx.put('account', testAccount({ currency: 'GBP' }));
    const { currency: _none, ...old } = testPackage({ id: PACKAGE_ID });
    await runMutation(tx, 'createPackage', old);
    expect(await tx.get('packages', PACKAGE_ID)).toEqual({ ...old, currency: 'GBP' });
    expect(await refusal(runMutation(tx, 'createPackage', testPackage({ id: testUuid(2, 'c'), currency: 'XYZ' })))).toBe(
      "The package's currency is not a known ISO 4217 currency code",
    );
  });
});

describe('invoices and payments', () => {
  function line(n: number, quantity: string, unitPrice: string): InvoiceLine {
    return {
      id: testUuid(n, 'e'),
      invoiceId: INVOICE_ID,
      position: n,
      kind: 'manual',
      description: `Line ${n}`,
      startDate: null,
      endDate: null,
      quantity,
      unit: 'each',
      unitPrice,
      taxRate: '0',
      amount: null,
      calls: null,
      minutes: null,
      packageId: null,
    };
  }
  const refusal = mutationOutcome;

  it('refuses a period that ends before it starts, or a due date before the invoice date, on create and on save', async () => {
    const tx = await storeWithCustomers();
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice({ periodStart: '2026-03-31', periodEnd: '2026-03-01' }), lines: [] })).toBe(
      'The period must not end before it starts.',
    );
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice({ dueDate: '2026-03-31' }), lines: [] })).toBe('The due date must not be before the invoice date.');
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines: [] })).toBe('applied');
    const save = (patch: Partial<Invoice>) => refusal(tx, 'saveInvoice', { id: INVOICE_ID, patch, upsertLines: [], deleteLineIds: [] });
    expect(await save({ periodEnd: '2026-02-28' })).toBe('The period must not end before it starts.');
    expect(await save({ periodStart: null })).toBe('applied');
  });

  it("refuses an invoice written in a currency the customer no longer has (changed on another device before this one synced)", async () => {
    const tx = await storeWithCustomers();
    // Globex is billed in USD; the device wrote the invoice when it was JPY.
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice({ currency: 'JPY' }), lines: [line(1, '1', '99.99')] })).toBe(
      'Globex is now billed in USD; this invoice was written in JPY, so it was not saved. Create it again.',
    );
    expect(await tx.get('invoices', INVOICE_ID)).toBeUndefined();
  });

  it('keeps the rounding the invoice was shown with, whatever the account says now', async () => {
    const tx = await storeWithCustomers();
    await tx.put('account', { ...defaultAccount(), rounding: 'half-up' });
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice({ rounding: 'half-even' }), lines: [line(1, '1', '0.125')] })).toBe('applied');
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ rounding: 'half-even', total: '0.12' });
  });

  it("never moves another invoice's line: not by creating with its id, not by saving it into a draft", async () => {
    const tx = await storeWithCustomers();
    const issuedId = testUuid(9, 'f');
    await tx.put('invoices', testInvoice({ id: issuedId, status: 'issued', number: 'INV-1', net: '100.00', total: '100.00' }));
    const taken = { ...line(1, '1', '100'), invoiceId: issuedId };
    await tx.put('invoiceLines', taken);
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines: [{ ...taken, invoiceId: INVOICE_ID }] })).toBe('The line “Line 1” is saved already, on this or another invoice');
    const withDraft = await storeWithCustomers();
    await withDraft.put('invoices', testInvoice({ id: issuedId, status: 'issued', number: 'INV-1' }));
    await withDraft.put('invoiceLines', taken);
    expect(await refusal(withDraft, 'createInvoice', { invoice: testInvoice(), lines: [] })).toBe('applied');
    expect(await refusal(withDraft, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [{ ...taken, invoiceId: INVOICE_ID, unitPrice: '5' }], deleteLineIds: [] })).toBe(
      'The line “Line 1” belongs to another invoice',
    );
    expect(await withDraft.get('invoiceLines', taken.id)).toMatchObject({ invoiceId: issuedId, unitPrice: '100' });
  });

  it('issues the next number no invoice has nor one that reads the same, from a prefix kept before it was cleaned', async () => {
    const tx = await storeWithCustomers();
    // Accounts saved before prefixes were cleaned or numbers compared as read may hold these.
    await tx.put('account', testAccount({ numberPrefix: ' nv-2026-', nextNumber: 1015 }));
    await tx.put('invoices', testInvoice({ id: testUuid(1, 'f'), status: 'issued', number: 'NV-2026-1015' }));
    await tx.put('invoices', testInvoice({ id: testUuid(2, 'f'), status: 'void', number: 'NV\u20122026\u20121016' }));
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines: [line(1, '1', '100')] })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    expect((await tx.get('invoices', INVOICE_ID))?.number).toBe('nv-2026-1017');
    expect((await tx.get('account', 'account'))?.nextNumber).toBe(1018);
  });

  it('issues a draft only at the total the user saw, when given: one changed on another device meanwhile is refused', async () => {
    const tx = await storeWithCustomers();
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines: [line(1, '1', '100')] })).toBe('applied');
    // Another device changed the price before this device's offline Issue reached the server.
    expect(await refusal(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [line(1, '1', '999')], deleteLineIds: [] })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID, expectedTotal: '100.00' })).toBe(
      `The invoice changed on another device before it was issued: its total is now $999.00, not the $100.00 shown when Issue was pressed. Check it and issue it again.`,
    );
    expect((await tx.get('invoices', INVOICE_ID))?.status).toBe('draft');
    // The same value written another way is the same total.
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID, expectedTotal: '999' })).toBe('applied');
    expect((await tx.get('invoices', INVOICE_ID))?.status).toBe('issued');
  });

  it('issues a draft only as the user saw it: another customer or a reworded line at the same total is refused; issued twice, the second says the first stands', async () => {
    const tx = await storeWithCustomers();
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines: [line(1, '1', '100')] })).toBe('applied');
    const seen = async () => invoiceDigest((await tx.get('invoices', INVOICE_ID))!, await tx.list('invoiceLines', 'invoiceId', INVOICE_ID));
    const shown = await seen();
    // Another device moved the draft to Initech and reworded its line: the total is the same.
    expect(await refusal(tx, 'saveInvoice', { id: INVOICE_ID, patch: { customerId: OTHER_CUSTOMER_ID }, upsertLines: [{ ...line(1, '1', '100'), description: 'Consulting' }], deleteLineIds: [] })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID, expectedTotal: '100.00', expectedDigest: shown })).toBe(
      'The invoice changed on another device before it was issued: its customer, dates, notes or lines are not what was shown when Issue was pressed, though its total may be the same. Check it and issue it again.',
    );
    expect((await tx.get('invoices', INVOICE_ID))?.status).toBe('draft');
    // Seen as it is now, it issues.
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID, expectedTotal: '100.00', expectedDigest: await seen() })).toBe('applied');
    // A second Issue of it (another device, offline at the same time) changes nothing and says why.
    await tx.put('invoices', { ...(await tx.get('invoices', INVOICE_ID))!, number: 'INV-7' });
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID, expectedTotal: '100.00', expectedDigest: shown })).toBe(
      "The invoice was issued already, on another device or in another tab, before this device's Issue reached the server: it stands as issued, and nothing was changed.",
    );
  });

  it("keeps the seller's and customer's details the server issued it with: not the device's, not later edits; void keeps them, a new draft has none", async () => {
    const device = await storeWithCustomers('client');
    const server = await storeWithCustomers('server');
    for (const tx of [device, server]) await tx.put('account', testAccount({ nextNumber: 2 }));
    // Another device renamed Globex and moved it; this device issued before it heard of that.
    await runMutation(server, 'updateCustomer', {
      id: CUSTOMER_ID,
      patch: {
        name: 'Globex Corp',
        address: '9 New Road',
        contacts: [{ name: 'Ana', email: 'ana@globex.example', phone: '+1 555' }],
        externalId: 'G-2',
        vatId: 'NL123456789B01',
        taxNote: 'Reverse charge: VAT to be accounted for by the recipient',
      },
    });
    // A draft carries no parties, whatever a device sends.
    const forged = { seller: { ...testAccount(), companyName: 'Forged' }, customer: testCustomer({ name: 'Forged' }) };
    for (const tx of [device, server]) {
      expect(await refusal(tx, 'createInvoice', { invoice: { ...testInvoice(), parties: forged }, lines: [line(1, '1', '100')] })).toBe('applied');
      expect((await tx.get('invoices', INVOICE_ID))?.parties).toBeNull();
      expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID, expectedTotal: '100.00' })).toBe('applied');
    }
    const seller = {
      companyName: 'Tollbook Carrier Ltd',
      address: '1 Exchange Street, London',
      email: 'billing@example.com',
      registrationId: '01234567',
      vatId: 'GB123456789',
      paymentDetails: 'IBAN GB00 TEST 0000 0000 0000 00',
    };
    // The device shows what it knew until the server's row replaces it on the next pull.
    expect((await device.get('invoices', INVOICE_ID))?.parties).toEqual({
      seller,
      customer: { name: 'Globex', company: 'Acme Telecom Inc', address: '', contacts: [], externalId: '', vatId: '', taxNote: '' },
    });
    const issuedWith = {
      seller,
      customer: {
        name: 'Globex Corp',
        company: 'Acme Telecom Inc',
        address: '9 New Road',
        contacts: [{ name: 'Ana', email: 'ana@globex.example', phone: '+1 555' }],
        externalId: 'G-2',
        vatId: 'NL123456789B01',
        taxNote: 'Reverse charge: VAT to be accounted for by the recipient',
      },
    };
    expect(await server.get('invoices', INVOICE_ID)).toMatchObject({ number: 'INV-2', parties: issuedWith });

    // Editing the customer and My Account afterwards changes the next invoice, not this one.
    expect(await refusal(server, 'updateCustomer', { id: CUSTOMER_ID, patch: { name: 'Globex Holdings', address: '1 Other Street', contacts: [], vatId: 'NL999999999B01', taxNote: '' } })).toBe('applied');
    expect(await refusal(server, 'saveAccount', { vatId: 'GB999', paymentDetails: 'IBAN NEW', companyName: 'Renamed Ltd' })).toBe('applied');
    expect((await server.get('invoices', INVOICE_ID))?.parties).toEqual(issuedWith);
    const payment = { id: testUuid(1, 'f'), customerId: CUSTOMER_ID, date: '2026-04-10', amount: '10', method: 'bank', reference: '', allocations: [{ invoiceId: INVOICE_ID, amount: '10' }] };
    expect(await refusal(server, 'recordPayment', payment)).toBe('applied');
    expect(await refusal(server, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period', paidSeen: '10.00' })).toBe('applied');
    expect(await server.get('invoices', INVOICE_ID)).toMatchObject({ status: 'void', paid: '0.00', parties: issuedWith });

    // Duplicate: a new draft from the issued invoice, which shows the live records until issued.
    const copyId = testUuid(2, 'f');
    const issued = (await server.get('invoices', INVOICE_ID))!;
    expect(await refusal(server, 'createInvoice', { invoice: { ...issued, id: copyId }, lines: [{ ...line(2, '1', '5'), invoiceId: copyId }] })).toBe('applied');
    expect((await server.get('invoices', copyId))?.parties).toBeNull();
    // Payment details of the invoice's currency, when My Account has some, are the ones it keeps.
    expect(await refusal(server, 'saveAccount', { paymentDetailsByCurrency: { [issued.currency]: `${issued.currency} account: IBAN X` } })).toBe('applied');
    expect(await refusal(server, 'issueInvoice', { id: copyId })).toBe('applied');
    expect((await server.get('invoices', copyId))?.parties).toMatchObject({
      seller: { companyName: 'Renamed Ltd', vatId: 'GB999', paymentDetails: `${issued.currency} account: IBAN X` },
      customer: { name: 'Globex Holdings' },
    });
  });

  it('refuses a payment that allocates to one invoice twice (each allocation alone fits the balance)', async () => {
    const tx = await storeWithCustomers();
    await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', net: '120.00', total: '120.00', paid: '0.00' }));
    const allocation = { invoiceId: INVOICE_ID, amount: '100' };
    const payment = { id: testUuid(1, 'f'), customerId: CUSTOMER_ID, date: '2026-04-10', amount: '200', method: 'bank', reference: '', allocations: [allocation, allocation] };
    expect(await refusal(tx, 'recordPayment', payment)).toBe(
      'The bank payment of $200.00 dated Apr 10, 2026 was not recorded: it is put against invoice INV-1 more than once; enter one amount for each invoice',
    );
    expect((await tx.get('invoices', INVOICE_ID))?.paid).toBe('0.00');
  });

  it('records a payment whose invoice was paid meanwhile (on another device), what no longer fits as the customer credit, and says so, amounts in the currency', async () => {
    for (const [currency, total, expected] of [
      ['USD', '3.31', 'Payment "B-wire" of $3.31 dated Dec 5, 2026 was recorded, but $3.31 of it is now Globex\'s credit: invoice INV-4 took none of the $3.31 put against it'],
      ['JPY', '1500', 'Payment "B-wire" of ¥1,500 dated Dec 5, 2026 was recorded, but ¥1,500 of it is now Globex\'s credit: invoice INV-4 took none of the ¥1,500 put against it'],
    ] as const) {
      const tx = await storeWithCustomers();
      await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-4', currency, net: total, total, paid: '0' }));
      const payment = (n: number, reference: string) => ({
        id: testUuid(n, 'f'),
        customerId: CUSTOMER_ID,
        date: '2026-12-05',
        amount: total,
        currency,
        method: 'Bank transfer',
        reference,
        allocations: [{ invoiceId: INVOICE_ID, amount: total }],
      });
      expect(await runMutation(tx, 'recordPayment', payment(1, 'A-wire'))).toBeUndefined();
      const told = await runMutation(tx, 'recordPayment', payment(2, 'B-wire'));
      expect(told).toBe(`${expected} (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.`);
      // Recorded in full, none of it against the invoice: all of it credit, the invoice paid once.
      expect(await tx.get('payments', testUuid(2, 'f'))).toMatchObject({ amount: total, allocations: [] });
      expect((await tx.get('invoices', INVOICE_ID))?.paid).toBe(total === '3.31' ? '3.31' : '1500');
      // Without a reference, by its method.
      expect(await runMutation(tx, 'recordPayment', payment(3, ''))).toMatch(/^The Bank transfer payment of .* dated Dec 5, 2026 was recorded, but .* of it is now Globex's credit: invoice INV-4 took none/);
    }
  });

  it('puts against an invoice whose balance dropped meanwhile what is left of it, the rest credit, and the outcome follows only from the state applied to', async () => {
    const run = async (otherPaid: string) => {
      const tx = await storeWithCustomers();
      await tx.put('invoices', testInvoice({ status: 'issued', number: 'NL-1002', currency: 'USD', net: '504.23', total: '504.23', paid: otherPaid }));
      const second = testUuid(2, 'c');
      await tx.put('invoices', testInvoice({ id: second, status: 'issued', number: 'NL-1003', currency: 'USD', net: '50.00', total: '50.00', paid: '0.00' }));
      const payment = {
        id: testUuid(1, 'f'),
        customerId: CUSTOMER_ID,
        date: '2026-12-05',
        amount: '560.00',
        currency: 'USD',
        method: 'SEPA',
        reference: 'SEPA-PHONE-1',
        allocations: [
          { invoiceId: INVOICE_ID, amount: '504.23' },
          { invoiceId: second, amount: '50.00' },
        ],
      };
      const told = await runMutation(tx, 'recordPayment', payment);
      return { told, payment: await tx.get('payments', payment.id), paid: [(await tx.get('invoices', INVOICE_ID))?.paid, (await tx.get('invoices', second))?.paid] };
    };
    // As entered: 5.77 of the 560.00 unapplied from the start, no message.
    expect(await run('0.00')).toMatchObject({ told: undefined, paid: ['504.23', '50.00'] });
    // €300.00 paid on another device first: 204.23 is left to pay on NL-1002, the rest is credit.
    const clamped = await run('300.00');
    expect(clamped.paid).toEqual(['504.23', '50.00']);
    expect(clamped.payment).toMatchObject({ amount: '560.00', allocations: [{ invoiceId: INVOICE_ID, amount: '204.23' }, { invoiceId: testUuid(2, 'c'), amount: '50.00' }] });
    expect(unappliedOf(clamped.payment!)).toBe('305.77');
    expect(clamped.told).toBe(
      'Payment "SEPA-PHONE-1" of $560.00 dated Dec 5, 2026 was recorded, but $305.77 of it is now Globex\'s credit: invoice NL-1002 took $204.23 of the $504.23 put against it (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer\'s page.',
    );
    // The same state gives the same result (the device's replay and the server agree).
    expect(await run('300.00')).toEqual(clamped);
  });

  it('still refuses a payment with an amount wrong whatever the balances, though the invoice was paid meanwhile', async () => {
    const tx = await storeWithCustomers();
    await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', net: '10.00', total: '10.00', paid: '8.00' }));
    const payment = { id: testUuid(1, 'f'), customerId: CUSTOMER_ID, date: '2026-12-05', amount: '10.00', currency: 'USD', method: 'Wire', reference: 'W', allocations: [{ invoiceId: INVOICE_ID, amount: '9.999' }] };
    expect(await mutationOutcome(tx, 'recordPayment', payment)).toBe(
      'Payment "W" of $10.00 dated Dec 5, 2026 was not recorded: the 9.999 put against invoice INV-1 has too many decimals: amounts in USD have at most 2 decimals',
    );
    expect(await tx.get('payments', testUuid(1, 'f'))).toBeUndefined();
  });

  it("refuses a payment dated after today in the account's timezone, and takes one dated before the invoice (a prepayment)", async () => {
    // Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 hours apart: Kiritimati's today is always
    // a day (or two) after Pago Pago's, whenever this runs.
    const kiritimatiToday = todayIn('Pacific/Kiritimati', Date.now());
    const record = async (timezone: string, date: string, n: number) => {
      const tx = await storeWithCustomers();
      await tx.put('account', { ...defaultAccount(), timezone });
      await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', invoiceDate: '2026-04-01', net: '10.00', total: '10.00', paid: '0.00' }));
      const payment = { id: testUuid(n, 'f'), customerId: CUSTOMER_ID, date, amount: '4.00', method: 'Bank transfer', reference: 'W-1', allocations: [{ invoiceId: INVOICE_ID, amount: '4.00' }] };
      return { outcome: await refusal(tx, 'recordPayment', payment), paid: (await tx.get('invoices', INVOICE_ID))?.paid };
    };
    expect(await record('Pacific/Kiritimati', kiritimatiToday, 1)).toEqual({ outcome: 'applied', paid: '4.00' });
    const early = await record('Pacific/Pago_Pago', kiritimatiToday, 2);
    expect(early.paid).toBe('0.00');
    expect(early.outcome).toMatch(
      new RegExp(`^Payment "W-1" of \\$4\\.00 dated ${dayAsShown(kiritimatiToday)} was not recorded: its date is after today \\([A-Z][a-z]{2} \\d{1,2}, \\d{4} in Pacific/Pago_Pago, My Account's timezone\\)\\. Enter the day the money was received\\.$`),
    );
    expect((await record('UTC', '2030-01-01', 3)).outcome).toMatch(/dated Jan 1, 2030 was not recorded: its date is after today/);
    // Before the invoice date (2026-04-01): paid in advance.
    expect(await record('UTC', '2026-03-15', 4)).toEqual({ outcome: 'applied', paid: '4.00' });
  });

  it('refuses totals past 15 digits before the decimal point, naming them, though each line is valid', async () => {
    const tx = await storeWithCustomers();
    const huge = line(1, '100000', '99999999999.99');
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines: [huge] })).toBe(
      "The invoice's net (9999999999999000.00) is too large: amounts have at most 15 digits before the decimal point",
    );
    expect(await refusal(await storeWithCustomers(), 'createInvoice', { invoice: testInvoice(), lines: [line(1, '1', '999999999999999.99'), line(2, '1', '0.01')] })).toBe(
      "The invoice's net (1000000000000000.00) is too large: amounts have at most 15 digits before the decimal point",
    );
  });

  it('refuses a payment with fractions of the minor unit (cents, yen, fils), which the invoice would round', async () => {
    for (const [currency, total, fraction, exact] of [
      ['USD', '12.14', '5.005', '5.01'],
      ['JPY', '1200', '0.5', '600'],
      ['KWD', '10.000', '1.0005', '1.000'],
    ] as const) {
      const tx = await storeWithCustomers();
      await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', currency, net: total, total, paid: '0' }));
      const pay = (amount: string, n: number) =>
        refusal(tx, 'recordPayment', {
          id: testUuid(n, 'f'),
          customerId: CUSTOMER_ID,
          date: '2026-04-10',
          amount,
          method: 'bank',
          reference: '',
          allocations: [{ invoiceId: INVOICE_ID, amount }],
        });
      // Named with its amount as typed: formatted, $5.005 would read $5.01.
      const rule = { USD: 'amounts in USD have at most 2 decimals', JPY: 'amounts in JPY are whole numbers', KWD: 'amounts in KWD have at most 3 decimals' }[currency];
      expect(await pay(fraction, 1), currency).toBe(`The bank payment of ${fraction} dated Apr 10, 2026 was not recorded: ${rule}`);
      expect(await pay(exact, 2), currency).toBe('applied');
      expect((await tx.get('invoices', INVOICE_ID))?.paid, currency).toBe(exact);
    }
  });
});

describe('issueInvoice of a draft billing usage no longer there', () => {
  const outcome = mutationOutcome;
  /** Globex's calls of Dec 1, 2026 to London, as an import rolled them up. */
  const dec1 = () => testUsage({ id: `${CUSTOMER_ID}:2026-12-01:4420`, day: '2026-12-01', destination: '4420', calls: 2, attempts: 2, charge: '0.45' });
  const callsLine = (n: number, day: string, calls: number, amount: string) =>
    testLine({ id: testUuid(n, 'e'), position: n, kind: 'usage', description: `Calls on ${day}`, startDate: day, endDate: day, quantity: '1', unit: 'min', unitPrice: '0', amount, calls });

  async function withDraft(lines: InvoiceLine[]) {
    const tx = await storeWithCustomers();
    await tx.put('usage', dec1());
    const invoice = testInvoice({ invoiceDate: '2026-12-07', dueDate: '2026-12-21', periodStart: '2026-12-01', periodEnd: '2026-12-06' });
    expect(await outcome(tx, 'createInvoice', { invoice, lines })).toBe('applied');
    return tx;
  }

  it('refuses to issue a draft billing calls whose import was undone since (another device), and the draft stays a draft', async () => {
    const tx = await withDraft([callsLine(1, '2026-12-01', 2, '0.45'), testLine({ id: testUuid(2, 'e'), position: 2, description: 'Port fee' })]);
    // Another device undid the import: Dec 1's row is gone.
    await tx.delete('usage', dec1().id);
    expect(await outcome(tx, 'issueInvoice', { id: INVOICE_ID })).toBe(
      "The draft dated Dec 7, 2026 bills 2 calls ($0.45) on Dec 1, 2026 that Globex's usage of that day no longer holds: their import was undone, on another device say (or CDRs a device counted twice were counted once). It stays a draft: update its lines from usage, or remove those lines, then issue it.",
    );
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'draft', number: null });
    // Without those lines it is issued.
    expect(await outcome(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [], deleteLineIds: [testUuid(1, 'e')] })).toBe('applied');
    expect(await outcome(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
  });

  it('issues a draft whose days got late CDRs since (the usage grew), and one whose usage is as generated', async () => {
    const tx = await withDraft([callsLine(1, '2026-12-01', 2, '0.45')]);
    await tx.put('usage', { ...dec1(), calls: 5, attempts: 5, charge: '1.20' });
    expect(await outcome(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    expect((await tx.get('invoices', INVOICE_ID))?.status).toBe('issued');
  });

  it('names several days, and reads the usage of a 2,000-line draft once, not per line', async () => {
    const days = Array.from({ length: 5 }, (_, i) => `2026-12-0${i + 1}`);
    const lines = Array.from({ length: 2000 }, (_, i) => callsLine(i, days[i % 5]!, 1, '0.01'));
    const tx = await withDraft(lines);
    for (const day of days) await tx.put('usage', testUsage({ id: `${CUSTOMER_ID}:${day}:4420`, day, calls: 400, attempts: 400, charge: '4' }));
    let reads = 0;
    const counted = Object.assign(Object.create(tx) as MemoryTx, {
      usageOfDays: (...args: [string, string, string]) => {
        reads++;
        return tx.usageOfDays(...args);
      },
      get: (entity: EntityName, id: string) => {
        if (entity === 'usage') reads += 1000;
        return tx.get(entity, id);
      },
    });
    await tx.delete('usage', `${CUSTOMER_ID}:2026-12-02:4420`);
    await tx.delete('usage', `${CUSTOMER_ID}:2026-12-04:4420`);
    expect(await outcome(counted, 'issueInvoice', { id: INVOICE_ID })).toMatch(/^The draft dated Dec 7, 2026 bills 800 calls \(\$8\.00\) on Dec 2, 2026 and Dec 4, 2026 that Globex's usage of those days no longer holds/);
    expect(reads).toBe(1);
  });

  it('does not compare a credit note’s lines, which give calls back', async () => {
    const tx = await withDraft([callsLine(1, '2026-12-01', 2, '0.45')]);
    expect(await outcome(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    const credit = testInvoice({ id: testUuid(5, 'c'), invoiceDate: '2026-12-07', dueDate: '2026-12-21', periodStart: '2026-12-01', periodEnd: '2026-12-06' });
    const lines = [{ ...callsLine(1, '2026-12-01', 2, '-0.45'), id: testUuid(9, 'e'), invoiceId: credit.id }];
    expect(await outcome(tx, 'createCreditNote', { creditsId: INVOICE_ID, invoice: credit, lines })).toBe('applied');
    await tx.delete('usage', dec1().id);
    expect(await outcome(tx, 'issueInvoice', { id: credit.id })).toBe('applied');
  });
});

describe('issueInvoice of two late-calls drafts for one invoice', () => {
  const outcome = mutationOutcome;
  const october = { start: '2026-10-01', end: '2026-10-31' };
  const calls = [
    testUsage({ id: `${CUSTOMER_ID}:2026-10-05:4420`, day: '2026-10-05', destination: '4420', destinationName: 'UK London', charge: '1.000000' }),
    testUsage({ id: `${CUSTOMER_ID}:2026-10-20:447`, day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '2.000000' }),
  ];
  /** A call to UK Mobile on Oct 25, come in after October was issued. */
  const lateCall = testUsage({ id: `${CUSTOMER_ID}:2026-10-25:447`, day: '2026-10-25', destination: '447', destinationName: 'UK Mobile', charge: '4.000000' });

  /** October issued as INV-1 (`at`: on the server, or on a device offline: number pending), then the late call; and two late-calls drafts of it, dated `draftDate`. */
  async function october1(at: 'server' | 'client' = 'server', draftDate = '2026-11-10', late = lateCall) {
    const tx = await storeWithCustomers(at);
    await tx.put('account', testAccount());
    for (const row of calls) await tx.put('usage', row);
    const customer = (await tx.get('customers', CUSTOMER_ID))!;
    const generated = generateInvoice({ account: testAccount(), customer, packages: [], assignments: [], usage: calls, period: october, invoiceDate: '2026-11-01', invoiceId: testUuid(1, 'f'), newLineId: lineIdSequence() });
    expect(await outcome(tx, 'createInvoice', { invoice: generated.invoice, lines: generated.lines })).toBe('applied');
    expect(await outcome(tx, 'issueInvoice', { id: generated.invoice.id })).toBe('applied');
    await tx.put('usage', late);
    const issued = { invoice: (await tx.get('invoices', generated.invoice.id))!, lines: generated.lines };
    const usageNow = [...calls.filter((row) => row.id !== late.id), late];
    const lateDraft = (n: number) => {
      let line = 0;
      return lateCallsInvoice({ account: testAccount(), customer, packages: [], assignments: [], usage: usageNow, invoice: issued.invoice, lines: issued.lines, invoices: [issued], invoiceDate: draftDate, invoiceId: testUuid(n, 'f'), newLineId: () => testUuid(n * 100 + line++, 'e') });
    };
    const drafts = [lateDraft(2), lateDraft(3)];
    for (const draft of drafts) expect(await outcome(tx, 'createInvoice', { invoice: draft.invoice, lines: draft.lines })).toBe('applied');
    return { tx, issued, drafts: drafts.map((d) => d.invoice) };
  }

  it.each([0, 1])('issues the late calls once: the second late-calls draft to reach the server is refused, naming the first, whichever comes first (%i)', async (first) => {
    const { tx, drafts } = await october1();
    const [one, two] = first === 0 ? drafts : [drafts[1]!, drafts[0]!];
    expect(await outcome(tx, 'issueInvoice', { id: one!.id, knownOverlaps: [], issuedHere: [] })).toBe('applied');
    expect(await tx.get('invoices', one!.id)).toMatchObject({ status: 'issued', number: 'INV-2' });
    // Its device issued nothing else before (Issue's question says so): INV-2 is another device's.
    expect(await outcome(tx, 'issueInvoice', { id: two!.id, knownOverlaps: [], issuedHere: [] })).toBe(
      'INV-2, issued on another device, bills the calls of Oct 25, 2026 already. Issued too, this draft would bill it twice: it stays a draft. Open the draft to invoice only the late calls (Update lines from usage), or delete it.',
    );
    expect(await tx.get('invoices', two!.id)).toMatchObject({ status: 'draft', number: null });
    // Seen (Issue's question names INV-2) and issued anyway, it is numbered next.
    expect(await outcome(tx, 'issueInvoice', { id: two!.id, knownOverlaps: [one!.id] })).toBe('applied');
    expect(await tx.get('invoices', two!.id)).toMatchObject({ status: 'issued', number: 'INV-3' });
  });

  it('credits once what October billed beyond its usage now (a call rated again for less): the second late-calls credit is refused', async () => {
    const { tx, drafts } = await october1('server', '2026-11-10', { ...calls[1]!, charge: '1.500000' });
    const [one, two] = drafts as [Invoice, Invoice];
    expect(one.total).toBe('-0.60');
    expect(await outcome(tx, 'issueInvoice', { id: one.id, knownOverlaps: [] })).toBe('applied');
    expect(await outcome(tx, 'issueInvoice', { id: two.id, knownOverlaps: [], issuedHere: [] })).toBe(
      'INV-2, issued on another device, credits the calls of Oct 20, 2026 already. Issued too, this draft would credit it twice: it stays a draft. Open the draft to credit only what is left (Update lines from usage), or delete it.',
    );
  });

  it('refuses on a device that issued the first itself, its number still pending, unless its Issue question named it', async () => {
    const { tx, drafts } = await october1('client');
    const [one, two] = drafts as [Invoice, Invoice];
    expect(await outcome(tx, 'issueInvoice', { id: one.id, knownOverlaps: [] })).toBe('applied');
    expect(await tx.get('invoices', one.id)).toMatchObject({ status: 'issued', number: null });
    expect(await outcome(tx, 'issueInvoice', { id: two.id, knownOverlaps: [], issuedHere: [one.id] })).toBe(
      'The invoice dated Nov 10, 2026 (number pending), issued on this device, bills the calls of Oct 25, 2026 already. Issued too, this draft would bill it twice: it stays a draft. Open the draft to invoice only the late calls (Update lines from usage), or delete it.',
    );
    expect(await outcome(tx, 'issueInvoice', { id: two.id, knownOverlaps: [one.id] })).toBe('applied');
  });
});

describe('issueInvoice numbered out of date order: who issued the number before it', () => {
  const december = testInvoice({ id: testUuid(1, 'f'), invoiceDate: '2026-12-05', dueDate: '2027-01-04', periodStart: null, periodEnd: null });
  const november = testInvoice({ id: testUuid(2, 'f'), invoiceDate: '2026-11-20', dueDate: '2026-12-20', periodStart: null, periodEnd: null });

  /** December's draft issued first (INV-1), then November's (INV-2): what November's device is told, as its `issuedHere` lets the server say. */
  async function novemberAfterDecember(issuedHere: string[] | undefined): Promise<unknown> {
    const tx = await storeWithCustomers();
    await tx.put('account', testAccount());
    for (const [n, invoice] of [december, november].entries()) {
      expect(await mutationOutcome(tx, 'createInvoice', { invoice, lines: [testLine({ id: testUuid(n + 1, 'e'), invoiceId: invoice.id })] })).toBe('applied');
    }
    expect(await mutationOutcome(tx, 'issueInvoice', { id: december.id, issuedHere: [] })).toBe('applied');
    const told = await runMutation(tx, 'issueInvoice', { id: november.id, ...(issuedHere ? { issuedHere } : {}) });
    expect(await tx.get('invoices', november.id)).toMatchObject({ status: 'issued', number: 'INV-2' });
    return told;
  }
  const notice = (which: string) =>
    `Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026, ${which}: the numbers are out of date order. ` +
    'INV-2 stands as issued; if its number must follow the dates, void it and issue a replacement dated Dec 5, 2026 or later.';

  it('tells a device that issued both offline, the later-dated first, that it issued the earlier number itself', async () => {
    expect(await novemberAfterDecember([december.id])).toBe(notice('which this device issued before it'));
  });

  it("names another device only when the device said which issues were its own, and guesses neither otherwise (a billing run's issue)", async () => {
    expect(await novemberAfterDecember([])).toBe(notice('which reached the server first (issued on another device)'));
    expect(await novemberAfterDecember(undefined)).toBe(notice('which reached the server first'));
  });
});

describe('deletePayment', () => {
  const outcome = mutationOutcome;
  const SECOND_INVOICE_ID = testUuid(2, 'c');

  async function twoIssuedInvoices(currency = 'USD', totals: [string, string] = ['100.00', '80.00']) {
    const tx = await storeWithCustomers();
    await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', currency, net: totals[0], total: totals[0], paid: currency === 'JPY' ? '0' : '0.00' }));
    await tx.put('invoices', testInvoice({ id: SECOND_INVOICE_ID, status: 'issued', number: 'INV-2', currency, net: totals[1], total: totals[1], paid: currency === 'JPY' ? '0' : '0.00' }));
    return tx;
  }
  const pay = (n: number, allocations: { invoiceId: string; amount: string }[]) => ({
    id: testUuid(n, 'f'),
    customerId: CUSTOMER_ID,
    date: '2026-04-10',
    amount: addDecimals(...allocations.map((a) => a.amount)),
    method: 'Bank transfer',
    reference: `R${n}`,
    allocations,
  });
  const paid = async (tx: MemoryTx) => [(await tx.get('invoices', INVOICE_ID))?.paid, (await tx.get('invoices', SECOND_INVOICE_ID))?.paid];

  it('gives each invoice back exactly what the payment put against it, keeping the other payments', async () => {
    const tx = await twoIssuedInvoices();
    // A split payment of 100.00: 30.00 to INV-1, 70.00 to INV-2; then 5.01 more to INV-1.
    expect(await outcome(tx, 'recordPayment', pay(1, [{ invoiceId: INVOICE_ID, amount: '30.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '70' }]))).toBe('applied');
    expect(await outcome(tx, 'recordPayment', pay(2, [{ invoiceId: INVOICE_ID, amount: '5.01' }]))).toBe('applied');
    expect(await paid(tx)).toEqual(['35.01', '70.00']);
    expect(await outcome(tx, 'deletePayment', { id: testUuid(1, 'f') })).toBe('applied');
    // 35.01 − 30.00 = 5.01; 70.00 − 70 = 0.00, in the currency's decimals.
    expect(await paid(tx)).toEqual(['5.01', '0.00']);
    expect(await tx.get('payments', testUuid(1, 'f'))).toBeUndefined();
    expect(await tx.get('payments', testUuid(2, 'f'))).toBeDefined();
    // Deleted already (on another device, say): no change.
    expect(await outcome(tx, 'deletePayment', { id: testUuid(1, 'f') })).toBe('applied');
    expect(await paid(tx)).toEqual(['5.01', '0.00']);
  });

  it('reverses a payment in a currency without decimals exactly, and a payment against an invoice voided since', async () => {
    const tx = await twoIssuedInvoices('JPY', ['1200', '800']);
    expect(await outcome(tx, 'recordPayment', pay(1, [{ invoiceId: INVOICE_ID, amount: '1200' }]))).toBe('applied');
    expect(await outcome(tx, 'recordPayment', pay(2, [{ invoiceId: SECOND_INVOICE_ID, amount: '300' }]))).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: SECOND_INVOICE_ID, reason: 'Billed twice' })).toBe('applied');
    expect(await outcome(tx, 'deletePayment', { id: testUuid(1, 'f') })).toBe('applied');
    expect(await outcome(tx, 'deletePayment', { id: testUuid(2, 'f') })).toBe('applied');
    expect(await paid(tx)).toEqual(['0', '0']);
    expect((await tx.get('invoices', SECOND_INVOICE_ID))?.status).toBe('void');
  });

  it('refuses to take an invoice below nothing paid (its paid amount no longer holds the payment)', async () => {
    const tx = await twoIssuedInvoices();
    expect(await outcome(tx, 'recordPayment', pay(1, [{ invoiceId: INVOICE_ID, amount: '30.00' }]))).toBe('applied');
    await tx.put('invoices', { ...(await tx.get('invoices', INVOICE_ID))!, paid: '10.00' });
    expect(await outcome(tx, 'deletePayment', { id: testUuid(1, 'f') })).toBe(
      'Invoice INV-1 shows $10.00 paid, less than the $30.00 this payment put against it, so taking it back would leave the invoice paid less than nothing',
    );
  });
});

describe('applying a credit note (recordPayment of 0 with a negative allocation)', () => {
  const outcome = mutationOutcome;
  const SECOND_INVOICE_ID = testUuid(2, 'c');
  const CREDIT_ID = testUuid(3, 'c');
  const FOREIGN_ID = testUuid(4, 'c');

  /** INV-1 100.00 and INV-2 80.00 owed by Globex, credit note INV-3 of −50.00; Initech's EUR invoice INV-4. */
  async function store() {
    const tx = await storeWithCustomers();
    await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', net: '100.00', total: '100.00' }));
    await tx.put('invoices', testInvoice({ id: SECOND_INVOICE_ID, status: 'issued', number: 'INV-2', net: '80.00', total: '80.00' }));
    await tx.put('invoices', testInvoice({ id: CREDIT_ID, status: 'issued', number: 'INV-3', net: '-50.00', total: '-50.00' }));
    await tx.put('invoices', testInvoice({ id: FOREIGN_ID, customerId: OTHER_CUSTOMER_ID, status: 'issued', number: 'INV-4', currency: 'EUR', net: '90.00', total: '90.00' }));
    return tx;
  }
  const apply = (n: number, allocations: { invoiceId: string; amount: string }[], amount = '0') => ({
    id: testUuid(n, 'f'),
    customerId: CUSTOMER_ID,
    date: '2026-04-10',
    amount,
    method: 'Credit note INV-3',
    reference: '',
    allocations,
  });
  const paid = async (tx: MemoryTx) => Promise.all([INVOICE_ID, SECOND_INVOICE_ID, CREDIT_ID].map(async (id) => (await tx.get('invoices', id))?.paid));

  it('moves each paid amount by exactly its allocation, and deleting the application reverses it exactly', async () => {
    const tx = await store();
    const first = apply(1, [{ invoiceId: CREDIT_ID, amount: '-30.01' }, { invoiceId: INVOICE_ID, amount: '10.01' }, { invoiceId: SECOND_INVOICE_ID, amount: '20' }]);
    expect(await outcome(tx, 'recordPayment', first)).toBe('applied');
    expect(await paid(tx)).toEqual(['10.01', '20.00', '-30.01']);
    // The rest of the credit (19.99), all of it: the credit note's balance (total − paid) is 0.
    expect(await outcome(tx, 'recordPayment', apply(2, [{ invoiceId: CREDIT_ID, amount: '-19.99' }, { invoiceId: INVOICE_ID, amount: '19.99' }]))).toBe('applied');
    expect(await paid(tx)).toEqual(['30.00', '20.00', '-50.00']);
    expect(await outcome(tx, 'deletePayment', { id: testUuid(1, 'f') })).toBe('applied');
    expect(await paid(tx)).toEqual(['19.99', '0.00', '-19.99']);
    expect(await outcome(tx, 'deletePayment', { id: testUuid(2, 'f') })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('takes a payment of the net of an invoice and a credit note', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', apply(1, [{ invoiceId: INVOICE_ID, amount: '100.00' }, { invoiceId: CREDIT_ID, amount: '-50.00' }], '50.00'))).toBe('applied');
    expect(await paid(tx)).toEqual(['100.00', '0.00', '-50.00']);
  });

  it('refuses to take more than the credit left', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', apply(1, [{ invoiceId: CREDIT_ID, amount: '-40.00' }, { invoiceId: INVOICE_ID, amount: '40.00' }]))).toBe('applied');
    expect(await outcome(tx, 'recordPayment', apply(2, [{ invoiceId: CREDIT_ID, amount: '-10.01' }, { invoiceId: SECOND_INVOICE_ID, amount: '10.01' }]))).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: credit note INV-3 has $10.00 of credit left, and the $10.01 taken from it is more than that. Nothing was applied: no credit moved, and the credit left on the credit note stays there to apply",
    );
    expect(await paid(tx)).toEqual(['40.00', '0.00', '-40.00']);
    // All of it applied, the refusal points to no credit left to apply.
    expect(await outcome(tx, 'recordPayment', apply(3, [{ invoiceId: CREDIT_ID, amount: '-10.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '10.00' }]))).toBe('applied');
    expect(await outcome(tx, 'recordPayment', apply(4, [{ invoiceId: CREDIT_ID, amount: '-5.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '5.00' }]))).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: credit note INV-3 has no credit left (all of it is applied), so the $5.00 cannot be taken from it. Nothing was applied: no credit moved",
    );
  });

  it('refuses an application of credit beyond the balance (paid meanwhile), saying the credit stays; money netted with credit is recorded, fitted', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', { ...apply(1, [{ invoiceId: SECOND_INVOICE_ID, amount: '50.00' }], '50.00'), method: 'Bank transfer' })).toBe('applied');
    // INV-2 has 30.00 left: an application of 30.01 moves no credit, and says so.
    expect(await outcome(tx, 'recordPayment', apply(2, [{ invoiceId: CREDIT_ID, amount: '-30.01' }, { invoiceId: SECOND_INVOICE_ID, amount: '30.01' }]))).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: invoice INV-2 has $30.00 left to pay, and the $30.01 put against it is more than that. Nothing was applied: no credit moved, and the credit left on the credit note stays there to apply",
    );
    expect(await paid(tx)).toEqual(['0.00', '50.00', '0.00']);
    // $20.00 received and $40.00 of credit for the $60.00 INV-2 owed before: it takes $30.00, the
    // credit note gives that much, and the money is all credit.
    const netted = { ...apply(3, [{ invoiceId: CREDIT_ID, amount: '-40.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '60.00' }], '20.00'), method: 'Bank transfer' };
    expect(await runMutation(tx, 'recordPayment', netted)).toBe(
      "The Bank transfer payment of $20.00 dated Apr 10, 2026 was recorded, but $20.00 of it is now Globex's credit: credit note INV-3 gave $30.00 of the $40.00 of credit taken from it (the invoices took less) and keeps the rest; invoice INV-2 took $30.00 of the $60.00 put against it (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.",
    );
    expect(await paid(tx)).toEqual(['0.00', '80.00', '-30.00']);
    // $10.00 received with $40.00 of the credit (only $20.00 left) for INV-1: it takes $30.00.
    const short = { ...apply(4, [{ invoiceId: INVOICE_ID, amount: '50.00' }, { invoiceId: CREDIT_ID, amount: '-40.00' }], '10.00'), method: 'Bank transfer' };
    expect(await runMutation(tx, 'recordPayment', short)).toBe(
      'The Bank transfer payment of $10.00 dated Apr 10, 2026 was recorded, but not as it was entered: invoice INV-1 took $30.00 of the $50.00 put against it (the credit notes gave less); credit note INV-3 gave $20.00 of the $40.00 of credit taken from it (its credit was applied meanwhile, on another device say) and keeps the rest.',
    );
    expect(await paid(tx)).toEqual(['30.00', '80.00', '-50.00']);
    expect(await tx.get('payments', testUuid(4, 'f'))).toMatchObject({ amount: '10.00', allocations: [{ invoiceId: INVOICE_ID, amount: '30.00' }, { invoiceId: CREDIT_ID, amount: '-20.00' }] });
  });

  it("refuses a negative amount on an invoice, a positive one on a credit note, another customer's invoice and another currency", async () => {
    const tx = await store();
    const refusal = (allocations: { invoiceId: string; amount: string }[], amount = '0') => outcome(tx, 'recordPayment', apply(1, allocations, amount));
    expect(await refusal([{ invoiceId: INVOICE_ID, amount: '-5.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '5.00' }])).toBe(
      'The application of credit dated Apr 10, 2026 was not recorded: invoice INV-1 is not a credit note: the -$5.00 against it must be a positive amount, what it is paid',
    );
    expect(await refusal([{ invoiceId: CREDIT_ID, amount: '5.00' }], '5.00')).toBe(
      'The Credit note INV-3 payment of $5.00 dated Apr 10, 2026 was not recorded: invoice INV-3 is a credit note: its credit is applied to invoices (a negative amount against it), it is not paid',
    );
    expect(await refusal([{ invoiceId: CREDIT_ID, amount: '-5.00' }, { invoiceId: FOREIGN_ID, amount: '5.00' }])).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: invoice INV-4 is another customer's",
    );
    // Initech's EUR invoice, moved to Globex (as another device could have left it): one currency per payment.
    await tx.put('invoices', { ...(await tx.get('invoices', FOREIGN_ID))!, customerId: CUSTOMER_ID });
    expect(await refusal([{ invoiceId: CREDIT_ID, amount: '-5.00' }, { invoiceId: FOREIGN_ID, amount: '5.00' }])).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: invoice INV-4 is in EUR and invoice INV-3 in USD; a payment is in one currency",
    );
    expect(await refusal([{ invoiceId: CREDIT_ID, amount: '-5.00' }, { invoiceId: INVOICE_ID, amount: '4.00' }])).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: it takes $1.00 more credit from credit notes than it puts against invoices; all the credit taken must go to invoices in the same payment",
    );
    expect(await refusal([{ invoiceId: CREDIT_ID, amount: '-5.00' }], '-5.00')).toBe(
      'The Credit note INV-3 payment of -$5.00 dated Apr 10, 2026 was not recorded: the amount received must not be below zero',
    );
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('refuses to void a credit note whose credit is applied until the application is deleted; voiding an invoice that holds it gives the credit back', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', apply(1, [{ invoiceId: CREDIT_ID, amount: '-30.00' }, { invoiceId: INVOICE_ID, amount: '10.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '20.00' }]))).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe(
      "Credit note INV-3 has $30.00 of its credit applied: the application of credit note INV-3's credit dated Apr 10, 2026 put it against invoices INV-1 ($10.00) and INV-2 ($20.00). " +
        'Delete that under its Payments first, so the invoices owe it again, then void it.',
    );
    expect((await tx.get('invoices', CREDIT_ID))?.status).toBe('issued');
    // Voided, INV-2 gives its $20.00 back to the credit note; the application keeps the $10.00 on INV-1.
    expect(await outcome(tx, 'voidInvoice', { id: SECOND_INVOICE_ID, reason: 'Wrong customer', paidSeen: '20.00' })).toBe('applied');
    expect(await paid(tx)).toEqual(['10.00', '0.00', '-10.00']);
    expect((await tx.get('payments', testUuid(1, 'f')))?.allocations).toEqual([{ invoiceId: CREDIT_ID, amount: '-10.00' }, { invoiceId: INVOICE_ID, amount: '10.00' }]);
    // Voided too, INV-1 gives back the rest: an application left with nothing is no payment.
    expect(await outcome(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong customer', paidSeen: '10.00' })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
    expect(await tx.get('payments', testUuid(1, 'f'))).toBeUndefined();
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe('applied');
  });

  it('refuses to void a credit note whose credit a payment put against invoices with money received or other credit, every amount saying what it is', async () => {
    const tx = await store();
    const OTHER_CREDIT_ID = testUuid(5, 'c');
    await tx.put('invoices', testInvoice({ id: OTHER_CREDIT_ID, status: 'issued', number: 'INV-5', net: '-20.00', total: '-20.00' }));
    // $50.00 received, $30.00 of INV-3's credit: $70.00 to INV-1, $10.00 left unapplied.
    const net = { ...apply(1, [{ invoiceId: INVOICE_ID, amount: '70.00' }, { invoiceId: CREDIT_ID, amount: '-30.00' }], '50.00'), method: 'Bank transfer' };
    expect(await outcome(tx, 'recordPayment', net)).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe(
      'Credit note INV-3 has $30.00 of its credit applied: the Bank transfer payment of $50.00 dated Apr 10, 2026 put it, with $40.00 of the money received, against invoice INV-1 ($70.00). ' +
        'Delete that under its Payments first, so the invoices owe it again, then void it.',
    );
    // Its $10.00 left, applied since to INV-2: the money received that went to invoices is $50.00 now.
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: net.id, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '10.00' }] })).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe(
      'Credit note INV-3 has $30.00 of its credit applied: the Bank transfer payment of $50.00 dated Apr 10, 2026 put it, with $50.00 of the money received, against invoices INV-1 ($70.00) and INV-2 ($10.00). ' +
        'Delete that under its Payments first, so the invoices owe it again, then void it.',
    );
    expect(await outcome(tx, 'deletePayment', { id: net.id })).toBe('applied');
    // Two credit notes' credit in one application: each names the other's part.
    const both = apply(2, [{ invoiceId: CREDIT_ID, amount: '-15.00' }, { invoiceId: OTHER_CREDIT_ID, amount: '-20.00' }, { invoiceId: INVOICE_ID, amount: '35.00' }]);
    expect(await outcome(tx, 'recordPayment', both)).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe(
      "Credit note INV-3 has $15.00 of its credit applied: the application of credit notes INV-3 and INV-5's credit dated Apr 10, 2026 put it, with $20.00 of credit from credit note INV-5, against invoice INV-1 ($35.00). " +
        'Delete that under its Payments first, so the invoices owe it again, then void it.',
    );
  });

  it('writes an application of credit\'s reference again when an invoice it went to is voided: it names only the invoices it still pays', async () => {
    const tx = await store();
    const creditNote = (await tx.get('invoices', CREDIT_ID))!;
    const numbers = new Map([[INVOICE_ID, 'INV-1'], [SECOND_INVOICE_ID, 'INV-2']]);
    const allocations = [{ invoiceId: INVOICE_ID, amount: '10.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '20.00' }];
    const application = creditApplication(creditNote, { id: testUuid(1, 'f'), date: '2026-04-10', allocations, numbers });
    expect(application.reference).toBe('Applied to INV-1, INV-2');
    expect(await outcome(tx, 'recordPayment', application)).toBe('applied');
    // One the user entered with a reference of their own keeps it.
    const typed = { ...apply(2, [{ invoiceId: CREDIT_ID, amount: '-5.00' }, { invoiceId: INVOICE_ID, amount: '2.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '3.00' }]), reference: 'Goodwill May' };
    expect(await outcome(tx, 'recordPayment', typed)).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: SECOND_INVOICE_ID, reason: 'Wrong customer', paidSeen: '23.00' })).toBe('applied');
    expect(await tx.get('payments', application.id)).toMatchObject({ reference: 'Applied to INV-1', allocations: [{ invoiceId: CREDIT_ID, amount: '-10.00' }, { invoiceId: INVOICE_ID, amount: '10.00' }] });
    expect(await tx.get('payments', typed.id)).toMatchObject({ reference: 'Goodwill May', allocations: [{ invoiceId: CREDIT_ID, amount: '-2.00' }, { invoiceId: INVOICE_ID, amount: '2.00' }] });
  });

  it('voids an invoice paid with the net of it and a credit note: the credit goes back to the credit note, the money is the customer’s credit', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', { ...apply(1, [{ invoiceId: INVOICE_ID, amount: '100.00' }, { invoiceId: CREDIT_ID, amount: '-50.00' }], '50.00'), method: 'Bank transfer', reference: 'TX-9' })).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period', paidSeen: '100.00' })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
    const payment = (await tx.get('payments', testUuid(1, 'f')))!;
    expect(payment.allocations).toEqual([]);
    expect(unappliedOf(payment)).toBe('50.00');
  });

  it('refuses to delete an application the credit note no longer holds', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', apply(1, [{ invoiceId: CREDIT_ID, amount: '-30.00' }, { invoiceId: INVOICE_ID, amount: '30.00' }]))).toBe('applied');
    await tx.put('invoices', { ...(await tx.get('invoices', CREDIT_ID))!, paid: '-10.00' });
    expect(await outcome(tx, 'deletePayment', { id: testUuid(1, 'f') })).toBe(
      'Credit note INV-3 shows $10.00 of credit applied, less than the $30.00 this payment took from it, so it cannot be given back',
    );
    expect(await paid(tx)).toEqual(['30.00', '0.00', '-10.00']);
  });
});

describe('overpayments: credit left on a payment, and applyPaymentCredit', () => {
  const outcome = mutationOutcome;
  const SECOND_INVOICE_ID = testUuid(2, 'c');
  const CREDIT_ID = testUuid(3, 'c');
  const PAYMENT_ID = testUuid(1, 'f');

  /** Globex (USD): INV-1 100.00 and INV-2 80.00 owed, credit note INV-3 of −50.00. */
  async function store() {
    const tx = await storeWithCustomers();
    await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-1', net: '100.00', total: '100.00' }));
    await tx.put('invoices', testInvoice({ id: SECOND_INVOICE_ID, status: 'issued', number: 'INV-2', net: '80.00', total: '80.00' }));
    await tx.put('invoices', testInvoice({ id: CREDIT_ID, status: 'issued', number: 'INV-3', net: '-50.00', total: '-50.00' }));
    return tx;
  }
  const received = (amount: string, allocations: { invoiceId: string; amount: string }[], overrides: Record<string, unknown> = {}) => ({
    id: PAYMENT_ID,
    customerId: CUSTOMER_ID,
    date: '2026-04-10',
    amount,
    currency: 'USD',
    method: 'Bank transfer',
    reference: 'WIRE-1',
    allocations,
    ...overrides,
  });
  const paid = async (tx: MemoryTx) => Promise.all([INVOICE_ID, SECOND_INVOICE_ID, CREDIT_ID].map(async (id) => (await tx.get('invoices', id))?.paid));

  it('voids a paid invoice: what the payment put against it is the customer’s credit, and a device that did not see it paid is told', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', received('150.00', [{ invoiceId: INVOICE_ID, amount: '100.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '50.00' }]))).toBe('applied');
    // Voided where the $100.00 was seen paid (the dialog says where it goes): nothing more to say.
    expect(await runMutation(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong entity', paidSeen: '100.00' })).toBeUndefined();
    expect(await paid(tx)).toEqual(['0.00', '50.00', '0.00']);
    const payment = (await tx.get('payments', PAYMENT_ID))!;
    expect(payment.allocations).toEqual([{ invoiceId: SECOND_INVOICE_ID, amount: '50.00' }]);
    expect(unappliedOf(payment)).toBe('100.00');
    // Voided where nothing was seen paid (the payment was recorded on another device meanwhile): told where the money went.
    expect(await runMutation(tx, 'voidInvoice', { id: SECOND_INVOICE_ID, reason: 'Wrong entity', paidSeen: '0.00' })).toBe(
      'Invoice INV-2 was voided, and what was paid against it, on another device meanwhile say, came off it, since a void invoice is owed nothing: ' +
        'payment "WIRE-1" of $150.00 dated Apr 10, 2026 put $50.00 against it ($50.00 of it is now Globex\'s credit). ' +
        "Apply the credit to open invoices with Apply credit beside the payment on the customer's page.",
    );
    expect(unappliedOf((await tx.get('payments', PAYMENT_ID))!)).toBe('150.00');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('deletes a payment with credit applied from it that the deleting device had not seen, and tells it which invoices owe again', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', received('20.00', [], { reference: 'ADV' }))).toBe('applied');
    // Applied on another device meanwhile: $12.01 to INV-2.
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '12.01' }] })).toBe('applied');
    expect(await runMutation(tx, 'deletePayment', { id: PAYMENT_ID, allocationsSeen: [] })).toBe(
      'Payment "ADV" of $20.00 dated Apr 10, 2026 was deleted, and with it credit applied from it on another device meanwhile, which this device had not seen: $12.01 to invoice INV-2, which owes it again',
    );
    expect(await tx.get('payments', PAYMENT_ID)).toBeUndefined();
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
    // The devices that applied credit from it hear which allocations the deleting device had not seen (app/_local/credit-applications).
    expect(tx.overridden).toEqual([
      {
        entity: 'payments',
        id: PAYMENT_ID,
        field: 'allocations',
        value: [{ invoiceId: SECOND_INVOICE_ID, amount: '12.01' }],
        message: 'Payment "ADV" of $20.00 dated Apr 10, 2026 was deleted on another device, which had not seen credit applied from it ($12.01 to invoice INV-2): that credit came off with it, and the invoice owes it again',
        mentions: [{ entity: 'invoices', id: SECOND_INVOICE_ID }],
      },
    ]);
    // Seen as it was, a deletion has nothing more to say, to this device or another.
    expect(await outcome(tx, 'recordPayment', received('20.00', [{ invoiceId: INVOICE_ID, amount: '5.00' }], { reference: 'ADV' }))).toBe('applied');
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '7.00' }] })).toBe('applied');
    const seen = [{ invoiceId: INVOICE_ID, amount: '5.00' }, { invoiceId: SECOND_INVOICE_ID, amount: '7.00' }];
    expect(await runMutation(tx, 'deletePayment', { id: PAYMENT_ID, allocationsSeen: seen })).toBeUndefined();
    expect(tx.overridden).toHaveLength(1);
    // The device that applied the credit is told its side, naming the invoices as it knows them.
    const advance = { ...received('20.00', [], { reference: 'ADV' }), currency: 'USD' };
    expect(undoneApplicationMessage(advance, [{ invoiceId: SECOND_INVOICE_ID, amount: '12.01' }], new Map([[SECOND_INVOICE_ID, 'INV-2']]))).toBe(
      'Payment "ADV" of $20.00 dated Apr 10, 2026 was deleted on another device, which had not seen the credit this device applied from it ($12.01 to invoice INV-2): that credit came off with it, and the invoice owes it again',
    );
  });

  it('tells the devices that applied credit from a payment deleted by a device that sends no allocations seen: what it saw is not known', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', received('20.00', [{ invoiceId: INVOICE_ID, amount: '5.00' }], { reference: 'ADV' }))).toBe('applied');
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '12.01' }] })).toBe('applied');
    expect(await runMutation(tx, 'deletePayment', { id: PAYMENT_ID })).toBeUndefined();
    expect(tx.overridden.map((o) => o.value)).toEqual([
      [
        { invoiceId: INVOICE_ID, amount: '5.00' },
        { invoiceId: SECOND_INVOICE_ID, amount: '12.01' },
      ],
    ]);
  });

  it("names an application of a credit note's credit by its credit note in what other devices are told of its deletion", async () => {
    const tx = await store();
    const creditNote = (await tx.get('invoices', CREDIT_ID))!;
    const application = creditApplication(creditNote, { id: PAYMENT_ID, date: '2026-04-10', allocations: [{ invoiceId: INVOICE_ID, amount: '30.00' }], numbers: new Map([[INVOICE_ID, 'INV-1']]) });
    expect(await outcome(tx, 'recordPayment', application)).toBe('applied');
    // Deleted on a device that sends no allocations seen: what it saw is not known, and every invoice it paid is told.
    expect(await runMutation(tx, 'deletePayment', { id: PAYMENT_ID })).toBeUndefined();
    expect(tx.overridden.map((o) => o.message)).toEqual([
      "The application of credit note INV-3's credit dated Apr 10, 2026 was deleted on another device, which had not seen credit applied from it ($30.00 to invoice INV-1): that credit came off with it, and the invoice owes it again",
    ]);
  });

  it('records the whole amount received: the invoice is paid its balance and the rest stays on the payment, in its currency', async () => {
    const tx = await store();
    // 150.00 received for INV-1's 100.00: 50.00 left over.
    expect(await outcome(tx, 'recordPayment', received('150.00', [{ invoiceId: INVOICE_ID, amount: '100.00' }]))).toBe('applied');
    expect(await paid(tx)).toEqual(['100.00', '0.00', '0.00']);
    expect(await tx.get('payments', PAYMENT_ID)).toMatchObject({ amount: '150.00', currency: 'USD', allocations: [{ invoiceId: INVOICE_ID, amount: '100.00' }] });
  });

  it('records a payment in advance, with no invoice, in the customer’s currency only', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', received('500.00', [], { currency: undefined }))).toBe(
      'Payment "WIRE-1" of 500.00 dated Apr 10, 2026 was not recorded: its currency is missing, and a payment put against no invoice takes none from an invoice. Record it again.',
    );
    expect(await outcome(tx, 'recordPayment', received('500.00', [], { currency: 'EUR' }))).toBe(
      'Payment "WIRE-1" of €500.00 dated Apr 10, 2026 was not recorded: Globex is billed in USD; credit in EUR could pay none of its invoices',
    );
    expect(await outcome(tx, 'recordPayment', received('500.005', []))).toBe('Payment "WIRE-1" of 500.005 dated Apr 10, 2026 was not recorded: amounts in USD have at most 2 decimals');
    expect(await outcome(tx, 'recordPayment', received('0', []))).toBe('Payment "WIRE-1" of $0.00 dated Apr 10, 2026 was not recorded: the amount received must be greater than zero');
    expect(await outcome(tx, 'recordPayment', received('500', [], { customerId: testUuid(77) }))).toBe(
      'Payment "WIRE-1" of $500.00 dated Apr 10, 2026 was not recorded: its customer does not exist (it may have been deleted on another device)',
    );
    expect(await outcome(tx, 'recordPayment', received('500.00', []))).toBe('applied');
    expect(await tx.get('payments', PAYMENT_ID)).toMatchObject({ amount: '500.00', currency: 'USD', allocations: [] });
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  const hint = "Apply the credit to open invoices with Apply credit beside the payment on the customer's page.";
  /** What a payment run comes to: 'applied', what the device is told of one recorded not as entered, or the refusal. */
  const told = (tx: MutationTx, name: string, args: unknown) =>
    runMutation(tx, name, args).then(
      (message) => message ?? 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );

  it('records money received against an invoice gone meanwhile (deleted, or a replacement refused, on another device) as the customer’s credit, and says so', async () => {
    const tx = await store();
    const goneId = testUuid(78);
    expect(await told(tx, 'recordPayment', received('50.00', [{ invoiceId: goneId, amount: '50.00' }]))).toBe(
      `Payment "WIRE-1" of $50.00 dated Apr 10, 2026 was recorded, but $50.00 of it is now Globex's credit: invoice ${goneId} took none of the $50.00 put against it (it no longer exists: deleted, or refused, on another device say). ${hint}`,
    );
    expect(await tx.get('payments', PAYMENT_ID)).toMatchObject({ amount: '50.00', currency: 'USD', allocations: [] });
    // Beside an invoice still open, which takes its part.
    const second = { ...received('50.00', [{ invoiceId: INVOICE_ID, amount: '10.00' }, { invoiceId: goneId, amount: '40.00' }]), id: testUuid(2, 'f') };
    expect(await told(tx, 'recordPayment', second)).toBe(
      `Payment "WIRE-1" of $50.00 dated Apr 10, 2026 was recorded, but $40.00 of it is now Globex's credit: invoice ${goneId} took none of the $40.00 put against it (it no longer exists: deleted, or refused, on another device say). ${hint}`,
    );
    expect(await tx.get('payments', testUuid(2, 'f'))).toMatchObject({ allocations: [{ invoiceId: INVOICE_ID, amount: '10.00' }] });
    expect(await paid(tx)).toEqual(['10.00', '0.00', '0.00']);
  });

  it('still refuses a payment against an invoice gone meanwhile that is wrong in itself, or whose currency is not known', async () => {
    const tx = await store();
    const goneId = testUuid(78);
    // A device from before payments had a currency sends none: the amount, bare, and nothing to record it in.
    expect(await told(tx, 'recordPayment', received('50.00', [{ invoiceId: goneId, amount: '50.00' }], { currency: undefined }))).toBe(
      'Payment "WIRE-1" of 50.00 dated Apr 10, 2026 was not recorded: an invoice it was put against does not exist (deleted, or refused, on another device): record it again',
    );
    expect(await told(tx, 'recordPayment', received('50.00', [{ invoiceId: goneId, amount: '49.999' }]))).toBe(
      `Payment "WIRE-1" of $50.00 dated Apr 10, 2026 was not recorded: the 49.999 put against invoice ${goneId} has too many decimals: amounts in USD have at most 2 decimals`,
    );
    expect(await told(tx, 'recordPayment', received('50.00', [{ invoiceId: goneId, amount: '60.00' }]))).toBe(
      'Payment "WIRE-1" of $50.00 dated Apr 10, 2026 was not recorded: the amounts put against invoices add up to $60.00, more than the $50.00 received',
    );
    // An application of credit moves no money: with its invoice gone it is refused, the credit staying on the credit note.
    expect(await told(tx, 'recordPayment', received('0', [{ invoiceId: CREDIT_ID, amount: '-20.00' }, { invoiceId: goneId, amount: '20.00' }]))).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: an invoice it was put against does not exist (deleted, or refused, on another device): record it again",
    );
    expect(await tx.get('payments', PAYMENT_ID)).toBeUndefined();
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('records money received against an invoice voided meanwhile on another device as the customer’s credit, and a payment is deleted as ever', async () => {
    const tx = await store();
    expect(await outcome(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period' })).toBe('applied');
    expect(await told(tx, 'recordPayment', received('100.00', [{ invoiceId: INVOICE_ID, amount: '100.00' }]))).toBe(
      `Payment "WIRE-1" of $100.00 dated Apr 10, 2026 was recorded, but $100.00 of it is now Globex's credit: invoice INV-1 took none of the $100.00 put against it (it was voided meanwhile, on another device say). ${hint}`,
    );
    expect(await tx.get('payments', PAYMENT_ID)).toMatchObject({ amount: '100.00', allocations: [] });
    // The void invoice is paid nothing; the credit goes to INV-2 with Apply credit.
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '80.00' }] })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '80.00', '0.00']);
    expect(await outcome(tx, 'deletePayment', { id: PAYMENT_ID })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('records money received against a draft (its issue refused) as credit; a credit note voided meanwhile gives none, the invoices beside it taking only the money', async () => {
    const tx = await store();
    await tx.put('invoices', { ...(await tx.get('invoices', SECOND_INVOICE_ID))!, status: 'draft', number: null });
    expect(await told(tx, 'recordPayment', received('80.00', [{ invoiceId: SECOND_INVOICE_ID, amount: '80.00' }]))).toBe(
      `Payment "WIRE-1" of $80.00 dated Apr 10, 2026 was recorded, but $80.00 of it is now Globex's credit: invoice ${SECOND_INVOICE_ID} took none of the $80.00 put against it (it is a draft: its issue was refused). ${hint}`,
    );
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe('applied');
    // 50.00 received and 50.00 of the credit note's credit for INV-1's 100.00: the credit note gives none, INV-1 takes the 50.00.
    const netted = { ...received('50.00', [{ invoiceId: INVOICE_ID, amount: '100.00' }, { invoiceId: CREDIT_ID, amount: '-50.00' }]), id: testUuid(2, 'f') };
    expect(await told(tx, 'recordPayment', netted)).toBe(
      'Payment "WIRE-1" of $50.00 dated Apr 10, 2026 was recorded, but not as it was entered: invoice INV-1 took $50.00 of the $100.00 put against it (the credit notes gave less); credit note INV-3 gave none of the $50.00 of credit taken from it (it was voided meanwhile, on another device say).',
    );
    expect(await tx.get('payments', testUuid(2, 'f'))).toMatchObject({ allocations: [{ invoiceId: INVOICE_ID, amount: '50.00' }] });
    expect(await paid(tx)).toEqual(['50.00', '0.00', '0.00']);
  });

  it('still refuses money received against a void invoice that is wrong in itself: another customer’s, another currency, the wrong sign', async () => {
    const tx = await store();
    expect(await outcome(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period' })).toBe('applied');
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe('applied');
    expect(await told(tx, 'recordPayment', received('100.00', [{ invoiceId: INVOICE_ID, amount: '100.00' }], { currency: 'EUR' }))).toBe(
      'Payment "WIRE-1" of €100.00 dated Apr 10, 2026 was not recorded: invoice INV-1 is in USD and the payment in EUR; a payment is in one currency',
    );
    expect(await told(tx, 'recordPayment', received('10.00', [{ invoiceId: CREDIT_ID, amount: '10.00' }]))).toBe(
      'Payment "WIRE-1" of $10.00 dated Apr 10, 2026 was not recorded: invoice INV-3 is a credit note: its credit is applied to invoices (a negative amount against it), it is not paid',
    );
    await tx.put('invoices', testInvoice({ id: testUuid(9, 'c'), customerId: OTHER_CUSTOMER_ID, status: 'void', number: 'INV-9', net: '10.00', total: '10.00' }));
    expect(await told(tx, 'recordPayment', received('10.00', [{ invoiceId: testUuid(9, 'c'), amount: '10.00' }]))).toBe(
      'Payment "WIRE-1" of $10.00 dated Apr 10, 2026 was not recorded: invoice INV-9 is another customer\'s',
    );
    expect(await tx.get('payments', PAYMENT_ID)).toBeUndefined();
  });

  it('refuses allocations adding up to more than the amount, or to less than nothing, and an invoice in another currency', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', received('99.99', [{ invoiceId: INVOICE_ID, amount: '100.00' }]))).toBe(
      'Payment "WIRE-1" of $99.99 dated Apr 10, 2026 was not recorded: the amounts put against invoices add up to $100.00, more than the $99.99 received',
    );
    expect(await outcome(tx, 'recordPayment', received('10.00', [{ invoiceId: INVOICE_ID, amount: '10.00' }], { currency: 'EUR' }))).toBe(
      'Payment "WIRE-1" of €10.00 dated Apr 10, 2026 was not recorded: invoice INV-1 is in USD and the payment in EUR; a payment is in one currency',
    );
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it("refuses credit from a void credit note, calling it a credit note, not an invoice taking payments", async () => {
    const tx = await store();
    expect(await outcome(tx, 'voidInvoice', { id: CREDIT_ID, reason: 'Issued in error' })).toBe('applied');
    const application = received('0', [{ invoiceId: INVOICE_ID, amount: '20.00' }, { invoiceId: CREDIT_ID, amount: '-20.00' }]);
    expect(await outcome(tx, 'recordPayment', application)).toBe(
      "The application of credit note INV-3's credit dated Apr 10, 2026 was not recorded: credit note INV-3 is void; only issued invoices take payments, and only issued credit notes give credit",
    );
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('takes the first invoice’s currency for a payment recorded without one (an outbox written before payments had it)', async () => {
    const tx = await store();
    const legacy = received('30.00', [{ invoiceId: SECOND_INVOICE_ID, amount: '30.00' }], { currency: undefined });
    expect(await outcome(tx, 'recordPayment', legacy)).toBe('applied');
    expect((await tx.get('payments', PAYMENT_ID))?.currency).toBe('USD');
  });

  it('nets an invoice against a credit note in one payment, leaving the rest of the money as credit', async () => {
    const tx = await store();
    // 60.00 received; INV-1's 100.00 paid with 50.00 of the credit note's credit and 50.00 of it: 10.00 left over.
    const netted = received('60.00', [{ invoiceId: INVOICE_ID, amount: '100.00' }, { invoiceId: CREDIT_ID, amount: '-50.00' }]);
    expect(await outcome(tx, 'recordPayment', netted)).toBe('applied');
    expect(await paid(tx)).toEqual(['100.00', '0.00', '-50.00']);
    expect(await outcome(tx, 'deletePayment', { id: PAYMENT_ID })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('applies the credit later to open invoices, raising an allocation the payment already has, and deleting the payment reverses all of it exactly', async () => {
    const tx = await store();
    expect(await outcome(tx, 'recordPayment', received('150.00', [{ invoiceId: INVOICE_ID, amount: '60.00' }]))).toBe('applied');
    // 90.00 left: 40.00 more to INV-1 (100.00 in all), 45.01 to INV-2; 4.99 still left.
    expect(
      await outcome(tx, 'applyPaymentCredit', {
        paymentId: PAYMENT_ID,
        allocations: [
          { invoiceId: INVOICE_ID, amount: '40.00' },
          { invoiceId: SECOND_INVOICE_ID, amount: '45.01' },
        ],
      }),
    ).toBe('applied');
    expect(await paid(tx)).toEqual(['100.00', '45.01', '0.00']);
    expect((await tx.get('payments', PAYMENT_ID))?.allocations).toEqual([
      { invoiceId: INVOICE_ID, amount: '100.00' },
      { invoiceId: SECOND_INVOICE_ID, amount: '45.01' },
    ]);
    // The same 90.00 applied again (as another device would have, offline): only 4.99 is left.
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '34.99' }] })).toBe(
      'The payment has $4.99 left unapplied, less than the $34.99 to apply (applied already on another device, say). Nothing was applied: the credit stays on the payment, to apply to another invoice',
    );
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '4.99' }] })).toBe('applied');
    expect(await paid(tx)).toEqual(['100.00', '50.00', '0.00']);
    // The 4.99 applied once more: none is left, so none stays on the payment to apply elsewhere.
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: INVOICE_ID, amount: '4.99' }] })).toBe(
      'The payment has no credit left: all it received is applied already (on another device, say). Nothing was applied',
    );
    expect(await outcome(tx, 'deletePayment', { id: PAYMENT_ID })).toBe('applied');
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
    expect(await outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId: SECOND_INVOICE_ID, amount: '1.00' }] })).toBe(
      'The payment no longer exists (it may have been deleted on another device)',
    );
  });

  it('refuses to apply credit to a credit note, past an invoice’s balance, to another customer’s or currency’s invoice, or in fractions of a cent', async () => {
    const tx = await store();
    const foreign = testUuid(4, 'c');
    await tx.put('invoices', testInvoice({ id: foreign, customerId: OTHER_CUSTOMER_ID, status: 'issued', number: 'INV-4', currency: 'EUR', net: '90.00', total: '90.00' }));
    const draft = testUuid(5, 'c');
    await tx.put('invoices', testInvoice({ id: draft, status: 'draft', net: '9.00', total: '9.00' }));
    expect(await outcome(tx, 'recordPayment', received('500.00', []))).toBe('applied');
    const apply = (invoiceId: string, amount: string) => outcome(tx, 'applyPaymentCredit', { paymentId: PAYMENT_ID, allocations: [{ invoiceId, amount }] });
    // The notice names the payment ("Credit application from payment … was refused: …"): the reason names the invoice.
    expect(await apply(CREDIT_ID, '10.00')).toBe('Invoice INV-3 is a credit note, which is not paid');
    expect(await apply(INVOICE_ID, '100.01')).toBe('Invoice INV-1 has $100.00 left to pay, and the $100.01 put against it is more than that. Nothing was applied: the credit stays on the payment, to apply to another invoice');
    expect(await apply(foreign, '10.00')).toBe("Invoice INV-4 is another customer's");
    expect(await apply(draft, '1.00')).toBe(`Invoice ${draft} is a draft; credit goes to issued invoices`);
    expect(await apply(INVOICE_ID, '0.001')).toBe('The 0.001 put against invoice INV-1 has too many decimals: amounts in USD have at most 2 decimals');
    expect(await apply(INVOICE_ID, '-1.00')).toBe('Each amount of credit applied must be greater than zero');
    expect(await apply(INVOICE_ID, '501.00')).toBe(`The payment has $500.00 left unapplied, less than the $501.00 to apply (applied already on another device, say). Nothing was applied: the credit stays on the payment, to apply to another invoice`);
    await tx.put('invoices', { ...(await tx.get('invoices', foreign))!, customerId: CUSTOMER_ID });
    expect(await apply(foreign, '10.00')).toBe("Invoice INV-4 is in EUR and the payment in USD");
    expect(await paid(tx)).toEqual(['0.00', '0.00', '0.00']);
    expect((await tx.get('payments', PAYMENT_ID))?.allocations).toEqual([]);
  });

  it('fixes the customer’s currency and keeps the customer from being deleted once it has a payment', async () => {
    const tx = await storeWithCustomers();
    expect(await outcome(tx, 'recordPayment', received('500.00', []))).toBe('applied');
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { currency: 'EUR' } })).toBe("Globex's currency is fixed: the customer already has payments in USD");
    expect(await outcome(tx, 'deleteCustomer', { id: CUSTOMER_ID })).toBe('Globex has payments and cannot be deleted; set the customer inactive instead');
    // Inactive already, it is not told to become what it is.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { status: 'inactive' } })).toBe('applied');
    expect(await outcome(tx, 'deleteCustomer', { id: CUSTOMER_ID })).toBe('Globex has payments and cannot be deleted; it stays, inactive, with its history');
  });
});

/**
 * Two devices editing one record: a device's patch, carrying what it held of each field it changed
 * (`seen`), arrives after another device's change. Fields merge one by one; a money field the
 * other device changed since keeps that value, and the mutation says so (it still applies the rest).
 */
describe('edits made against values another device has changed since', () => {
  /** What the mutation says: 'applied', 'applied in part: <message>', or its refusal. */
  const outcome = (tx: MutationTx, name: string, args: unknown) =>
    runMutation(tx, name, args).then(
      (notApplied) => (notApplied === undefined ? 'applied' : `applied in part: ${notApplied}`),
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );

  it("keeps another device's newer tax %, and says so, while the rest of the stale patch applies", async () => {
    const tx = await storeWithCustomers();
    await tx.put('customers', testCustomer({ name: 'Atlas Link', taxRate: '18', dueDays: 30, notes: '' }));
    // Device A, online: tax 22 %, due in 60 days.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxRate: '22', dueDays: 60 }, seen: { taxRate: '18', dueDays: 30 } })).toBe('applied');
    // Device B, offline since before A's change: tax 20 % and a note.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxRate: '20', notes: 'Call first' }, seen: { taxRate: '18', notes: '' } })).toBe(
      "applied in part: The customer's Tax % was changed to 22 on another device while this device's change of it to 20 waited to sync: this device's change was not applied. Set it again if 20 is right.",
    );
    expect(await tx.get('customers', CUSTOMER_ID)).toMatchObject({ taxRate: '22', dueDays: 60, notes: 'Call first' });
  });

  it('applies a money field as before when the value seen is the one stored (as a decimal), when it already holds the new value, or without `seen` (older devices)', async () => {
    const tx = await storeWithCustomers();
    await tx.put('customers', testCustomer({ name: 'Atlas Link', taxRate: '20.0', dueDays: 30 }));
    // "20" is the 20.0 the server holds.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxRate: '21' }, seen: { taxRate: '20' } })).toBe('applied');
    expect((await tx.get('customers', CUSTOMER_ID))?.taxRate).toBe('21');
    // Both devices set 21: nothing to tell.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxRate: '21' }, seen: { taxRate: '19' } })).toBe('applied');
    // An outbox entry written before `seen`: arrival order decides, as it did.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { taxRate: '5', dueDays: 7 } })).toBe('applied');
    expect(await tx.get('customers', CUSTOMER_ID)).toMatchObject({ taxRate: '5', dueDays: 7 });
    // A field that carries no money stays last-writer-wins, seen or not.
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { name: 'Atlas' }, seen: { name: 'Someone else' } })).toBe('applied');
    expect((await tx.get('customers', CUSTOMER_ID))?.name).toBe('Atlas');
  });

  it('names every money field not applied, and never changes a currency it did not apply (even for a customer with invoices)', async () => {
    const tx = await storeWithCustomers();
    await tx.put('customers', testCustomer({ name: 'Atlas Link', currency: 'EUR', dueDays: 45 }));
    await tx.put('invoices', testInvoice({ currency: 'EUR' }));
    expect(await outcome(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { currency: 'USD', dueDays: 14 }, seen: { currency: 'USD', dueDays: 30 } })).toBe(
      "applied in part: The customer's Currency was changed to EUR on another device while this device's change of it to USD waited to sync: this device's change was not applied. Set it again if USD is right. " +
        "The customer's Invoice due days was changed to 45 on another device while this device's change of it to 14 waited to sync: this device's change was not applied. Set it again if 14 is right.",
    );
    expect(await tx.get('customers', CUSTOMER_ID)).toMatchObject({ currency: 'EUR', dueDays: 45 });
  });

  it("keeps another device's newer package price and My Account numbering", async () => {
    const tx = new MemoryTx();
    await tx.put('packages', testPackage({ name: 'Gold', retail: '12.00', setup: '5', description: 'Old' }));
    expect(await outcome(tx, 'updatePackage', { id: testPackage().id, patch: { retail: '9.00', description: 'New' }, seen: { retail: '10', description: 'Old' } })).toBe(
      "applied in part: Package Gold's Retail price per period was changed to 12.00 on another device while this device's change of it to 9.00 waited to sync: this device's change was not applied. Set it again if 9.00 is right.",
    );
    expect(await tx.get('packages', testPackage().id)).toMatchObject({ retail: '12.00', setup: '5', description: 'New' });

    // A one-off package's price is named as its form names it: it has no period.
    await tx.put('packages', testPackage({ name: 'Port-in fee', retail: '25.00', frequency: 'none' }));
    expect(await outcome(tx, 'updatePackage', { id: testPackage().id, patch: { retail: '20.00' }, seen: { retail: '30.00' } })).toBe(
      "applied in part: Package Port-in fee's Price (charged once) was changed to 25.00 on another device while this device's change of it to 20.00 waited to sync: this device's change was not applied. Set it again if 20.00 is right.",
    );

    await tx.put('account', testAccount({ nextNumber: 8, rounding: 'half-even', companyName: 'Old Ltd' }));
    expect(await outcome(tx, 'saveAccount', { nextNumber: 100, rounding: 'half-up', companyName: 'New Ltd', seen: { nextNumber: 5, rounding: 'half-even', companyName: 'Old Ltd' } })).toBe(
      "applied in part: My Account's Next invoice number was changed to 8 on another device while this device's change of it to 100 waited to sync: this device's change was not applied. Set it again if 100 is right.",
    );
    expect(await tx.get('account', 'account')).toMatchObject({ nextNumber: 8, rounding: 'half-up', companyName: 'New Ltd' });
    // No `seen` key is stored in the account; a flat patch without it (older devices) applies in full.
    expect(await tx.get('account', 'account')).not.toHaveProperty('seen');
    expect(await outcome(tx, 'saveAccount', { nextNumber: 100 })).toBe('applied');
    expect((await tx.get('account', 'account'))?.nextNumber).toBe(100);
  });

  describe('saveInvoice line patches', () => {
    const lineId = testUuid(1, 'e');
    const didRental: InvoiceLine = {
      id: lineId,
      invoiceId: INVOICE_ID,
      position: 0,
      kind: 'package',
      description: 'DID Rental',
      startDate: null,
      endDate: null,
      quantity: '22',
      unit: 'each',
      unitPrice: '1.50',
      taxRate: '0',
      amount: null,
      calls: null,
      minutes: null,
      packageId: null,
    };
    async function withDraft(): Promise<MemoryTx> {
      const tx = await storeWithCustomers();
      expect(await outcome(tx, 'createInvoice', { invoice: testInvoice(), lines: [didRental] })).toBe('applied');
      return tx;
    }
    const save = (tx: MutationTx, linePatches: unknown[], upsertLines: InvoiceLine[] = []) =>
      outcome(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines, linePatches, deleteLineIds: [] });

    it("merges a line's fields one by one: an offline quantity change keeps another device's newer description", async () => {
      const tx = await withDraft();
      // Device B, online, renames the line (its editor sends only the description).
      expect(await save(tx, [{ id: lineId, patch: { description: 'DID Rental, 20 numbers' }, seen: { description: 'DID Rental' } }])).toBe('applied');
      // Device A, offline since before, changes the quantity 22 → 25.
      expect(await save(tx, [{ id: lineId, patch: { quantity: '25' }, seen: { quantity: '22', description: 'DID Rental' } }])).toBe('applied');
      expect(await tx.get('invoiceLines', lineId)).toEqual({ ...didRental, quantity: '25', description: 'DID Rental, 20 numbers' });
      // 25 × 1.50 = 37.50
      expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ net: '37.50', total: '37.50' });
    });

    it("keeps another device's newer quantity and says so, applying the line's other changes", async () => {
      const tx = await withDraft();
      expect(await save(tx, [{ id: lineId, patch: { quantity: '30' }, seen: { quantity: '22', description: 'DID Rental' } }])).toBe('applied');
      expect(await save(tx, [{ id: lineId, patch: { quantity: '25', unit: 'numbers' }, seen: { quantity: '22', unit: 'each', description: 'DID Rental' } }])).toBe(
        `applied in part: The quantity of line “DID Rental” of invoice ${INVOICE_ID} was changed to 30 on another device while this device's change of it to 25 waited to sync: this device's change was not applied. Set it again if 25 is right.`,
      );
      expect(await tx.get('invoiceLines', lineId)).toMatchObject({ quantity: '30', unit: 'numbers' });
      expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ total: '45.00' });
    });

    it('lets a delete on another device win over a patch of the line, saying so unless the line was only renumbered', async () => {
      const tx = await withDraft();
      expect(await outcome(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [], deleteLineIds: [lineId] })).toBe('applied');
      expect(await save(tx, [{ id: lineId, patch: { position: 3 }, seen: { position: 0, description: 'DID Rental' } }])).toBe('applied');
      const patch = { quantity: '25', position: 3, description: 'DID, 20 numbers' };
      expect(await save(tx, [{ id: lineId, patch, seen: { quantity: '22', position: 0, description: 'DID Rental' } }])).toBe(
        `applied in part: Line “DID Rental” of invoice ${INVOICE_ID} was deleted on another device while this device's change to it (description "DID, 20 numbers", quantity 25) waited to sync: the change was not applied.`,
      );
      expect(await tx.get('invoiceLines', lineId)).toBeUndefined();
      // Its days as the user reads them.
      expect(await save(tx, [{ id: lineId, patch: { startDate: '2026-11-01', endDate: null }, seen: { description: 'DID Rental' } }])).toBe(
        `applied in part: Line “DID Rental” of invoice ${INVOICE_ID} was deleted on another device while this device's change to it (start date Nov 1, 2026, end date (none)) waited to sync: the change was not applied.`,
      );
    });

    it('still takes whole lines from outboxes written before line patches, and never patches another invoice\'s line', async () => {
      const tx = await withDraft();
      expect(await save(tx, [], [{ ...didRental, quantity: '24' }])).toBe('applied');
      expect((await tx.get('invoiceLines', lineId))?.quantity).toBe('24');
      const otherId = testUuid(7, 'f');
      await tx.put('invoices', testInvoice({ id: otherId, status: 'issued', number: 'INV-1' }));
      const issuedLine = { ...didRental, id: testUuid(2, 'e'), invoiceId: otherId };
      await tx.put('invoiceLines', issuedLine);
      expect(await save(tx, [{ id: issuedLine.id, patch: { quantity: '1' } }])).toBe('The line “DID Rental” belongs to another invoice');
    });
  });
});

describe('Void and replace: voidInvoice, then createReplacementInvoice', () => {
  const REPLACEMENT_ID = testUuid(1, 'aa');
  const line = (n: number, invoiceId: string, unitPrice: string): InvoiceLine => ({
    id: testUuid(n, invoiceId === INVOICE_ID ? 'e' : 'e1'),
    invoiceId,
    position: n,
    kind: 'manual',
    description: `Line ${n}`,
    startDate: '2026-03-01',
    endDate: '2026-03-31',
    quantity: '1',
    unit: 'each',
    unitPrice,
    taxRate: '20',
    amount: null,
    calls: null,
    minutes: null,
    packageId: null,
  });
  const refusal = mutationOutcome;

  /** INV-5 of Globex, issued for March (100.00 + 20% tax), the account's next number still 5. */
  async function withIssuedInvoice(): Promise<MemoryTx> {
    const tx = await storeWithCustomers();
    await tx.put('account', testAccount({ nextNumber: 5 }));
    await tx.put('invoices', testInvoice({ status: 'issued', number: 'INV-5', net: '100.00', tax: '20.00', total: '120.00' }));
    await tx.put('invoiceLines', line(1, INVOICE_ID, '100'));
    return tx;
  }

  /** The replacement as the invoice page makes it: a copy of the invoice and its lines, dated today. */
  const replacementOf = async (tx: MutationTx, overrides: Partial<Invoice> = {}, id = REPLACEMENT_ID) => {
    const replaced = (await tx.get('invoices', INVOICE_ID))!;
    const lines = await tx.list('invoiceLines', 'invoiceId', INVOICE_ID);
    return {
      replacesId: INVOICE_ID,
      invoice: { ...replaced, id, number: null, status: 'draft' as const, invoiceDate: '2026-04-20', dueDate: '2026-05-20', paid: '0', voidReason: '', parties: null, ...overrides },
      lines: lines.map((l, i) => ({ ...l, id: testUuid(i + 1, `ab${id.slice(-1)}`), invoiceId: id })),
    };
  };

  it('makes a draft of the same customer, period, currency and lines that names the void invoice; it is edited as any draft and numbered on issue, never with the void number', async () => {
    const tx = await withIssuedInvoice();
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong tax rate' })).toBe('applied');
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx))).toBe('applied');
    expect(await tx.get('invoices', REPLACEMENT_ID)).toMatchObject({
      status: 'draft',
      number: null,
      customerId: CUSTOMER_ID,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      currency: 'USD',
      replacesId: INVOICE_ID,
      // 100.00 + 20% = 120.00, as the void one.
      total: '120.00',
      paid: '0.00',
    });
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'void', number: 'INV-5', voidReason: 'Wrong tax rate' });

    // The mistake corrected: tax 10% on the copied line, 100.00 + 10.00 = 110.00.
    const [copied] = await tx.list('invoiceLines', 'invoiceId', REPLACEMENT_ID);
    expect(await refusal(tx, 'saveInvoice', { id: REPLACEMENT_ID, patch: { notes: 'Corrected tax' }, upsertLines: [], linePatches: [{ id: copied!.id, patch: { taxRate: '10' } }], deleteLineIds: [] })).toBe(
      'applied',
    );
    expect(await refusal(tx, 'issueInvoice', { id: REPLACEMENT_ID, expectedTotal: '110.00' })).toBe('applied');
    // The account's next number was 5, the void invoice's: passed over.
    expect(await tx.get('invoices', REPLACEMENT_ID)).toMatchObject({ status: 'issued', number: 'INV-6', total: '110.00', replacesId: INVOICE_ID });
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'void', number: 'INV-5' });
  });

  it("refuses, creating nothing, a replacement of an invoice that does not exist (another tenant's), is not void, or is another customer's", async () => {
    const tx = await withIssuedInvoice();
    const missing = testUuid(99, 'f');
    expect(await refusal(tx, 'createReplacementInvoice', { ...(await replacementOf(tx)), replacesId: missing })).toBe(
      `The invoice to replace, ${missing}, does not exist`,
    );
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx))).toBe(
      'Invoice INV-5 is issued, not void (an invoice is replaced once it is void; if its void was refused, see why, void it, then replace it)',
    );
    const draftId = testUuid(3, 'f');
    await tx.put('invoices', testInvoice({ id: draftId }));
    expect(await refusal(tx, 'createReplacementInvoice', { ...(await replacementOf(tx)), replacesId: draftId })).toBe(
      `Invoice ${draftId} is a draft, not void (an invoice is replaced once it is void; if its void was refused, see why, void it, then replace it)`,
    );
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong customer' })).toBe('applied');
    await tx.put('customers', testCustomer({ id: testUuid(5, 'f'), name: 'Initech US', currency: 'USD' }));
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx, { customerId: testUuid(5, 'f') }))).toBe(
      "Invoice INV-5 is another customer's; a replacement is for the customer of the invoice it replaces",
    );
    expect(await tx.get('invoices', REPLACEMENT_ID)).toBeUndefined();
    expect(await tx.list('invoiceLines', 'invoiceId', REPLACEMENT_ID)).toEqual([]);
  });

  it('replaces an invoice once: a second replacement (another device, offline) is refused naming the first, and may be made again once that draft is deleted', async () => {
    const tx = await withIssuedInvoice();
    const secondId = testUuid(2, 'aa');
    // Both devices voided and replaced INV-5 offline; the server takes the first one's pair first.
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period' })).toBe('applied');
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx))).toBe('applied');
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong tax' })).toBe('Only an issued invoice can be voided, and this one is void already');
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx, {}, secondId))).toBe(
      'Invoice INV-5 is replaced already, by a draft made on another device or in another tab (its page links to it)',
    );
    expect(await tx.get('invoices', secondId)).toBeUndefined();
    expect(await refusal(tx, 'deleteInvoice', { id: REPLACEMENT_ID })).toBe('applied');
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx, {}, secondId))).toBe('applied');
    expect(await tx.get('invoices', secondId)).toMatchObject({ replacesId: INVOICE_ID });
  });

  it('voids an invoice credit was applied to on another device meanwhile, the credit going back, and the replacement follows', async () => {
    const tx = await withIssuedInvoice();
    const creditNoteId = testUuid(4, 'f');
    await tx.put('invoices', testInvoice({ id: creditNoteId, status: 'issued', number: 'INV-4', net: '-50.00', total: '-50.00' }));
    const application = { id: testUuid(6, 'f'), customerId: CUSTOMER_ID, date: '2026-04-02', amount: '0', method: 'Credit note INV-4', reference: '', allocations: [{ invoiceId: creditNoteId, amount: '-50' }, { invoiceId: INVOICE_ID, amount: '50' }] };
    expect(await refusal(tx, 'recordPayment', application)).toBe('applied');
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period' })).toBe('applied');
    expect(await tx.get('invoices', creditNoteId)).toMatchObject({ paid: '0.00' });
    expect(await tx.get('payments', application.id)).toBeUndefined();
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx))).toBe('applied');
  });

  it('keeps a replacement with the customer of the invoice it replaces; a new invoice or a duplicate replaces nothing, whatever the device sends', async () => {
    const tx = await withIssuedInvoice();
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong period' })).toBe('applied');
    expect(await refusal(tx, 'createReplacementInvoice', await replacementOf(tx))).toBe('applied');
    await tx.put('customers', testCustomer({ id: testUuid(5, 'f'), name: 'Initech US', currency: 'USD' }));
    expect(await refusal(tx, 'saveInvoice', { id: REPLACEMENT_ID, patch: { customerId: testUuid(5, 'f') }, upsertLines: [], deleteLineIds: [] })).toBe(
      'This draft replaces invoice INV-5 and stays with that invoice\'s customer: it was not saved. To bill another customer, create a new invoice.',
    );
    expect(await tx.get('invoices', REPLACEMENT_ID)).toMatchObject({ customerId: CUSTOMER_ID });
    expect(await refusal(tx, 'saveInvoice', { id: REPLACEMENT_ID, patch: { customerId: CUSTOMER_ID, periodEnd: '2026-03-30' }, upsertLines: [], deleteLineIds: [] })).toBe('applied');

    // Duplicate of the replacement: a plain new draft.
    const copyId = testUuid(3, 'aa');
    const replacement = (await tx.get('invoices', REPLACEMENT_ID))!;
    expect(await refusal(tx, 'createInvoice', { invoice: { ...replacement, id: copyId }, lines: [] })).toBe('applied');
    expect((await tx.get('invoices', copyId))?.replacesId).toBeNull();
    expect(await tx.list('invoices', 'replacesId', INVOICE_ID)).toEqual([expect.objectContaining({ id: REPLACEMENT_ID })]);
  });
});

describe('arguments the schema refuses', () => {
  /** The message a user reads, and the developer's detail kept beside it. */
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ message: 'applied', detail: undefined }),
      (error: unknown) => (error instanceof MutationError ? { message: error.message, detail: error.detail } : { message: `not a refusal: ${String(error)}`, detail: undefined }),
    );
  const paymentArgs = { id: testUuid(1, 'd'), customerId: CUSTOMER_ID, date: '2026-04-10', amount: '50.00', currency: 'USD', method: 'Bank transfer', reference: 'WIRE-1', allocations: [] };

  it('names the field in the user\'s words, never the mutator or the field path, and keeps those in the detail', async () => {
    const tx = await storeWithCustomers();
    expect(await refusal(runMutation(tx, 'issueInvoice', { id: 'INV-3' }))).toEqual({ message: "The invoice's id is not valid", detail: 'issueInvoice: id must be a UUID' });
    expect((await refusal(runMutation(tx, 'recordPayment', { ...paymentArgs, amount: 50 }))).message).toBe("The payment's amount must be a number");
    expect((await refusal(runMutation(tx, 'recordPayment', { ...paymentArgs, amount: '5,0' }))).message).toBe(
      "The payment's amount must use a point for decimals and no thousands separators, like 1234.50",
    );
    expect((await refusal(runMutation(tx, 'recordPayment', { ...paymentArgs, date: undefined }))).message).toBe("The payment's date is missing");
    expect((await refusal(runMutation(tx, 'recordPayment', { ...paymentArgs, allocations: [{ invoiceId: INVOICE_ID, amount: 5 }] }))).message).toBe(
      'An amount put against an invoice must be a number',
    );
    expect((await refusal(runMutation(tx, 'recordPayment', { ...paymentArgs, allocations: [{ invoiceId: 'x', amount: '5' }] }))).message).toBe(
      'One of the invoices the payment is put against is not valid',
    );
    expect((await refusal(runMutation(tx, 'applyPaymentCredit', { paymentId: testUuid(1, 'd'), allocations: [] }))).message).toBe('The credit must go to at least one invoice');
    expect((await refusal(runMutation(tx, 'voidInvoice', { id: INVOICE_ID, reason: '' }))).message).toBe("The invoice's reason for voiding is required");
    expect((await refusal(runMutation(tx, 'createCustomer', testCustomer({ id: testUuid(7, 'c'), status: 'paused' as 'active' })))).message).toBe(
      "The customer's status must be active or inactive",
    );
    expect((await refusal(runMutation(tx, 'createCustomer', testCustomer({ id: testUuid(7, 'c'), dueDays: 2.5 })))).message).toBe("The customer's invoice due days must be a whole number");
    expect((await refusal(runMutation(tx, 'createCustomer', testCustomer({ id: testUuid(7, 'c'), dueDays: 400 })))).message).toBe("The customer's invoice due days must be at most 365");
    expect(
      (await refusal(runMutation(tx, 'createCustomer', testCustomer({ id: testUuid(7, 'c'), contacts: [{ name: 'Ann', email: 'ann@', phone: '' }] })))).message,
    ).toBe("The email of the customer's contact 1 must be an email address like billing@example.com");
    expect((await refusal(runMutation(tx, 'createPackage', testPackage({ id: testUuid(2, 'c'), matchDays: [0] })))).message).toBe("The package's days must be at least 1");
    expect((await refusal(runMutation(tx, 'issueInvoice', undefined))).message).toBe('The details of the change are missing');
    expect(await refusal(runMutation(tx, 'noSuchChange', {}))).toEqual({
      message: 'This server does not know this kind of change: it may run an older version of Tollbook than this device. Make the change again once the server is updated.',
      detail: 'Unknown mutation "noSuchChange"',
    });
  });

  it("names an invoice's own fields and its lines' by the words the invoice screen uses", async () => {
    const tx = await storeWithCustomers();
    const invoice = testInvoice({ customerId: CUSTOMER_ID, invoiceDate: '0000-12-01' });
    expect((await refusal(runMutation(tx, 'createInvoice', { invoice, lines: [] }))).message).toBe('The invoice date must be a date in the years 0001 to 9999');
    const line = { id: testUuid(1, 'e'), invoiceId: INVOICE_ID, position: 0, kind: 'manual', description: 'Fee', startDate: null, endDate: null, quantity: '1', unit: '', unitPrice: 'ten', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null };
    expect((await refusal(runMutation(tx, 'createInvoice', { invoice: testInvoice({ customerId: CUSTOMER_ID }), lines: [line, { ...line, unitPrice: '10', taxRate: '120' }] }))).message).toBe(
      'The unit price of line 1 of the invoice must be a decimal number with at most 15 digits before the point and 6 after, like 12.50',
    );
    expect((await refusal(runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: { dueDate: '2026-02-30' }, upsertLines: [], deleteLineIds: [] }))).message).toBe(
      "The invoice's due date is not a real calendar date",
    );
    expect(
      (await refusal(runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [], linePatches: [{ id: line.id, patch: { quantity: 3 } }], deleteLineIds: [] }))).message,
    ).toBe("The quantity of one of the invoice's lines must be a number");
  });
  it("names a package's retail price as its form labels it for the package's frequency, and plainly when that is not known", async () => {
    const tx = await storeWithCustomers();
    const create = (overrides: Partial<Package>) => runMutation(tx, 'createPackage', testPackage({ id: testUuid(2, 'c'), retail: '-5', ...overrides }));
    expect((await refusal(create({ frequency: 'none' }))).message).toBe("The package's price (charged once) must not be negative");
    expect((await refusal(create({ frequency: 'monthly' }))).message).toBe("The package's retail price per period must not be negative");
    // A change of the price alone: the package's frequency is the stored one, not read before the arguments are.
    const update = (patch: Partial<Package>) => runMutation(tx, 'updatePackage', { id: testUuid(2, 'c'), patch: { retail: '-5', ...patch } });
    expect((await refusal(update({}))).message).toBe("The package's retail price must not be negative");
    expect((await refusal(update({ frequency: 'none' }))).message).toBe("The package's price (charged once) must not be negative");
    // A frequency that is none of them tells nothing either.
    expect((await refusal(update({ frequency: 'yearly' as 'none' }))).message).toBe("The package's retail price must not be negative");
  });
});

describe('Credit note…: createCreditNote of an issued invoice, edited and issued as any draft', () => {
  const CREDIT_NOTE_ID = testUuid(1, 'cc');
  const DID = testUuid(1, 'd');
  const FREE_UK = testUuid(2, 'd');
  const refusal = (tx: MutationTx, name: string, args: unknown) =>
    runMutation(tx, name, args).then(
      () => 'applied',
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );
  /**
   * INV-5 of Globex for March, half-up, each line's net needing rounding: calls 12.345 → 12.35, 3 DIDs
   * at 4.995 = 14.985 → 14.99, the free minutes' credit −2.005 → −2.01 (all at 20%: tax 25.33 × 20% =
   * 5.066 → 5.07), a port-in fee 1 × 0.125 → 0.13 at 7.5% (tax 0.00975 → 0.01). Total 25.46 + 5.08 = 30.54.
   */
  const invoiceLines = (): InvoiceLine[] => [
    testLine({ id: testUuid(1, 'e'), position: 0, kind: 'usage', description: 'United Kingdom Mobile (447)', quantity: '30.5', unit: 'min', unitPrice: '0', taxRate: '20', amount: '12.345', calls: 40, minutes: '30.5' }),
    testLine({ id: testUuid(2, 'e'), position: 1, kind: 'package', description: 'DID rental', startDate: '2026-03-01', endDate: '2026-03-31', quantity: '3', unitPrice: '4.995', taxRate: '20', packageId: DID }),
    testLine({ id: testUuid(3, 'e'), position: 2, kind: 'free-minutes', description: 'UK bundle: 100 free minutes', quantity: '1', unit: 'each', unitPrice: '0', taxRate: '20', amount: '-2.005', packageId: FREE_UK }),
    testLine({ id: testUuid(4, 'e'), position: 3, kind: 'manual', description: 'Port-in fee', quantity: '1', unitPrice: '0.125', taxRate: '7.5' }),
  ];

  async function withIssuedInvoice(rounding: Invoice['rounding'] = 'half-up'): Promise<MemoryTx> {
    const tx = await storeWithCustomers();
    await tx.put('account', testAccount({ nextNumber: 5 }));
    // The March calls its usage line bills.
    await tx.put('usage', testUsage({ id: `${CUSTOMER_ID}:2026-03-05:447`, day: '2026-03-05', destination: '447', destinationName: 'United Kingdom Mobile', calls: 40, attempts: 40, charge: '12.345' }));
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice({ rounding }), lines: invoiceLines() })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    return tx;
  }

  /** The credit note as the invoice page makes it (lib/credit-notes creditNoteDraft), dated Apr 20. */
  async function creditNoteOf(tx: MutationTx, id = CREDIT_NOTE_ID, creditedId = INVOICE_ID) {
    const credited = (await tx.get('invoices', creditedId))!;
    const lines = await tx.list('invoiceLines', 'invoiceId', creditedId);
    let n = 0;
    return { creditsId: creditedId, ...creditNoteDraft(credited, lines, { id, lineId: () => testUuid(++n, `c${id.slice(-1)}`) }, '2026-04-20') };
  }

  it('prefills every line given back in full: the same kind, description, days and package, the amount or quantity negated, so lib/invoice-periods givenBack matches each and the totals are the invoice\'s negated to the cent', async () => {
    const tx = await withIssuedInvoice();
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ number: 'INV-5', net: '25.46', tax: '5.08', total: '30.54' });
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx))).toBe('applied');
    expect(await tx.get('invoices', CREDIT_NOTE_ID)).toMatchObject({
      status: 'draft',
      number: null,
      customerId: CUSTOMER_ID,
      currency: 'USD',
      rounding: 'half-up',
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      invoiceDate: '2026-04-20',
      creditsId: INVOICE_ID,
      replacesId: null,
      net: '-25.46',
      tax: '-5.08',
      total: '-30.54',
      paid: '0.00',
    });
    const refundsOf = (await tx.list('invoiceLines', 'invoiceId', CREDIT_NOTE_ID)).sort((a, b) => a.position - b.position);
    const billed = invoiceLines();
    expect(refundsOf.map(({ id: _id, invoiceId: _invoice, ...rest }) => rest)).toEqual(
      billed.map(({ id: _id, invoiceId: _invoice, ...rest }, i) =>
        i === 1 || i === 3 ? { ...rest, quantity: `-${rest.quantity}` } : { ...rest, amount: i === 2 ? '2.005' : `-${rest.amount}` },
      ),
    );
    const original = { invoice: (await tx.get('invoices', INVOICE_ID))!, lines: await tx.list('invoiceLines', 'invoiceId', INVOICE_ID) };
    const creditNote = { invoice: (await tx.get('invoices', CREDIT_NOTE_ID))!, lines: refundsOf };
    // The calls, the DIDs' charge and the free minutes bill days: each is given back (the port-in fee bills none).
    expect([...givenBack([original, creditNote])].map((l) => l.description).sort()).toEqual(['DID rental', 'UK bundle: 100 free minutes', 'United Kingdom Mobile (447)']);

    expect(await refusal(tx, 'issueInvoice', { id: CREDIT_NOTE_ID, expectedTotal: '-30.54' })).toBe('applied');
    expect(await tx.get('invoices', CREDIT_NOTE_ID)).toMatchObject({ status: 'issued', number: 'INV-6', total: '-30.54', creditsId: INVOICE_ID });
  });

  it('negates the totals exactly in half-even rounding too (12.345 → 12.34 and −12.345 → −12.34)', async () => {
    const tx = await withIssuedInvoice('half-even');
    const credited = (await tx.get('invoices', INVOICE_ID))!;
    // 12.34 + 14.98 − 2.00 = 25.32 at 20% (5.064 → 5.06), 0.12 at 7.5% (0.009 → 0.01).
    expect(credited).toMatchObject({ net: '25.44', tax: '5.07', total: '30.51' });
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx))).toBe('applied');
    expect(await tx.get('invoices', CREDIT_NOTE_ID)).toMatchObject({ rounding: 'half-even', net: '-25.44', tax: '-5.07', total: '-30.51' });
  });

  it('refuses, creating nothing, a credit note of an invoice that does not exist, is another customer\'s or in another currency, is a draft, void, or a credit note itself', async () => {
    const tx = await withIssuedInvoice();
    const missing = testUuid(99, 'f');
    const of = async (overrides: Partial<Invoice>, creditsId = INVOICE_ID) => {
      const made = await creditNoteOf(tx);
      return { ...made, creditsId, invoice: { ...made.invoice, ...overrides } };
    };
    expect(await refusal(tx, 'createCreditNote', await of({}, missing))).toBe(`The invoice to credit, ${missing}, does not exist`);
    await tx.put('customers', testCustomer({ id: testUuid(5, 'f'), name: 'Initech US', currency: 'USD' }));
    expect(await refusal(tx, 'createCreditNote', await of({ customerId: testUuid(5, 'f') }))).toBe(
      "Invoice INV-5 is another customer's; a credit note is for the customer of the invoice it credits",
    );
    expect(await refusal(tx, 'createCreditNote', await of({ currency: 'EUR' }))).toBe('Invoice INV-5 is in USD; a credit note is in the currency of the invoice it credits, not EUR');

    const draftId = testUuid(3, 'f');
    await tx.put('invoices', testInvoice({ id: draftId }));
    expect(await refusal(tx, 'createCreditNote', await of({}, draftId))).toBe(
      `Invoice ${draftId} is a draft: only an issued invoice is credited (a draft is changed or deleted instead)`,
    );
    const creditNoteId = testUuid(4, 'f');
    await tx.put('invoices', testInvoice({ id: creditNoteId, status: 'issued', number: 'INV-4', net: '-50.00', total: '-50.00' }));
    expect(await refusal(tx, 'createCreditNote', await of({}, creditNoteId))).toBe(
      'Invoice INV-4 is a credit note itself: a credit note is corrected by voiding it, not by another credit note',
    );
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong customer' })).toBe('applied');
    expect(await refusal(tx, 'createCreditNote', await of({}))).toBe('Invoice INV-5 is void: a void invoice is owed by no one, so there is nothing to credit');
    expect(await tx.get('invoices', CREDIT_NOTE_ID)).toBeUndefined();
    expect(await tx.list('invoiceLines', 'invoiceId', CREDIT_NOTE_ID)).toEqual([]);
  });

  it('is cut down to a partial credit and issued; credit notes together credit at most the invoice, and none is issued once the invoice is void or if it credits nothing', async () => {
    const tx = await withIssuedInvoice();
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx))).toBe('applied');
    // One DID of three refunded: the calls, the free minutes and the fee deleted, the quantity −3 → −1.
    const [calls, dids, free, fee] = (await tx.list('invoiceLines', 'invoiceId', CREDIT_NOTE_ID)).sort((a, b) => a.position - b.position);
    const edit = { id: CREDIT_NOTE_ID, patch: { notes: 'One DID ported out on Mar 1' }, upsertLines: [], linePatches: [{ id: dids!.id, patch: { quantity: '-1' } }], deleteLineIds: [calls!.id, free!.id, fee!.id] };
    expect(await refusal(tx, 'saveInvoice', edit)).toBe('applied');
    // −4.995 → −5.00, tax −1.00.
    expect(await refusal(tx, 'issueInvoice', { id: CREDIT_NOTE_ID, expectedTotal: '-6.00' })).toBe('applied');
    expect(await tx.get('invoices', CREDIT_NOTE_ID)).toMatchObject({ status: 'issued', number: 'INV-6', total: '-6.00', creditsId: INVOICE_ID });

    // A second credit note of all of it: 30.54 more than the 24.54 left.
    const secondId = testUuid(2, 'cc');
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx, secondId))).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: secondId })).toBe(
      'This credit note credits $30.54 of invoice INV-5, more than is left to credit: its total is $30.54 and credit note INV-6 credits $6.00 of it already, so at most $24.54 is left. Lower its amounts and issue it again.',
    );
    // Turned into a charge (quantities above zero), it credits nothing.
    const secondLines = await tx.list('invoiceLines', 'invoiceId', secondId);
    expect(await refusal(tx, 'saveInvoice', { id: secondId, patch: {}, upsertLines: [], linePatches: [{ id: secondLines.find((l) => l.kind === 'manual')!.id, patch: { quantity: '100' } }], deleteLineIds: secondLines.filter((l) => l.kind !== 'manual').map((l) => l.id) })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: secondId })).toBe(
      'This credit note credits invoice INV-5, but its total is $13.44: a credit note\'s total is below zero (its lines give back what the invoice billed, as amounts or quantities below zero). Correct its lines and issue it again.',
    );
    // The rest of it, exactly: issued.
    expect(await refusal(tx, 'saveInvoice', { id: secondId, patch: {}, upsertLines: [testLine({ id: testUuid(9, 'cc'), invoiceId: secondId, description: 'Rest of INV-5', quantity: '-1', unitPrice: '24.54' })], linePatches: [], deleteLineIds: secondLines.map((l) => l.id) })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: secondId })).toBe('applied');

    // Voided since (on another device): a draft credit note of it is not issued.
    const thirdId = testUuid(3, 'cc');
    await tx.put('invoices', { ...(await tx.get('invoices', INVOICE_ID))!, status: 'issued' });
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx, thirdId))).toBe('applied');
    await tx.put('invoices', { ...(await tx.get('invoices', INVOICE_ID))!, status: 'void', voidReason: 'Wrong customer' });
    expect(await refusal(tx, 'issueInvoice', { id: thirdId })).toBe('This credit note credits invoice INV-5, which is void now: there is nothing to credit, so it was not issued. Delete this draft.');
  });

  it('credits an invoice in two parts, the second from what is left (leftToCredit): the second is issued though the two taxes, each rounded on its own, add up to a cent more than the invoice\'s; a third is refused', async () => {
    const tx = await storeWithCustomers();
    await tx.put('account', testAccount({ nextNumber: 7 }));
    await tx.put('usage', testUsage({ id: `${CUSTOMER_ID}:2026-03-05:447`, day: '2026-03-05', destination: '447', calls: 410, attempts: 410, charge: '100.004' }));
    // Port fee 10.125 → 10.13, 3 DIDs at 4.995 → 14.99, calls 100.004 → 100.00, at 20%: net 125.12, tax 25.024 → 25.02, total 150.14.
    const lines = [
      testLine({ id: testUuid(1, 'e'), position: 0, description: 'Port fee', quantity: '1', unitPrice: '10.125', taxRate: '20' }),
      testLine({ id: testUuid(2, 'e'), position: 1, kind: 'package', description: 'DID rental', startDate: '2026-03-01', endDate: '2026-03-31', quantity: '3', unitPrice: '4.995', taxRate: '20', packageId: DID }),
      testLine({ id: testUuid(3, 'e'), position: 2, kind: 'usage', description: 'United Kingdom Mobile (447)', quantity: '1234', unit: 'min', unitPrice: '0', taxRate: '20', amount: '100.004', calls: 410, minutes: '1234' }),
    ];
    expect(await refusal(tx, 'createInvoice', { invoice: testInvoice(), lines })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ number: 'INV-7', total: '150.14' });

    // First: the port fee, one DID and 40.00 of the calls: net 55.13, tax 11.026 → 11.03, total 66.16.
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx))).toBe('applied');
    const [, dids, calls] = (await tx.list('invoiceLines', 'invoiceId', CREDIT_NOTE_ID)).sort((a, b) => a.position - b.position);
    const partly = { id: CREDIT_NOTE_ID, patch: {}, upsertLines: [], linePatches: [{ id: dids!.id, patch: { quantity: '-1' } }, { id: calls!.id, patch: { amount: '-40.00' } }], deleteLineIds: [] };
    expect(await refusal(tx, 'saveInvoice', partly)).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: CREDIT_NOTE_ID, expectedTotal: '-66.16' })).toBe('applied');

    // Second: what is left, two DIDs and 60.00 of the calls: net 69.99, tax 13.998 → 14.00, total 83.99: with the first's 66.16, 150.15, a cent more than the invoice's 150.14, as the nets are exactly its 125.12.
    const credited = (await tx.get('invoices', INVOICE_ID))!;
    const issued = { invoice: (await tx.get('invoices', CREDIT_NOTE_ID))!, lines: await tx.list('invoiceLines', 'invoiceId', CREDIT_NOTE_ID) };
    const left = leftToCredit(credited, await tx.list('invoiceLines', 'invoiceId', INVOICE_ID), [issued]);
    const secondId = testUuid(2, 'cc');
    let n = 0;
    const second = creditNoteDraft(credited, left.lines, { id: secondId, lineId: () => testUuid(++n, 'c2') }, '2026-04-21');
    expect(await refusal(tx, 'createCreditNote', { creditsId: INVOICE_ID, ...second })).toBe('applied');
    expect(await tx.get('invoices', secondId)).toMatchObject({ net: '-69.99', tax: '-14.00', total: '-83.99' });
    expect(await refusal(tx, 'issueInvoice', { id: secondId, expectedTotal: '-83.99' })).toBe('applied');
    expect(await tx.get('invoices', secondId)).toMatchObject({ status: 'issued', number: 'INV-9' });

    // Nothing is left: a third credit note, of a cent, is refused.
    const thirdId = testUuid(3, 'cc');
    const third = creditNoteDraft(credited, [{ ...lines[0]!, unitPrice: '0.01' }], { id: thirdId, lineId: () => testUuid(++n, 'c3') }, '2026-04-22');
    expect(await refusal(tx, 'createCreditNote', { creditsId: INVOICE_ID, ...third })).toBe('applied');
    expect(await refusal(tx, 'issueInvoice', { id: thirdId })).toBe(
      'This credit note credits $0.01 of invoice INV-7, more than is left to credit: its total is $150.14 and credit notes INV-8, INV-9 credit $150.15 of it already, so nothing is left to credit. Delete this draft.',
    );
  });

  it('refuses to void an invoice an issued credit note credits, until that credit note is void; a draft credit note does not hold it', async () => {
    const tx = await withIssuedInvoice();
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx))).toBe('applied');
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong customer' })).toBe('applied');
    await tx.put('invoices', { ...(await tx.get('invoices', INVOICE_ID))!, status: 'issued', voidReason: '' });
    expect(await refusal(tx, 'issueInvoice', { id: CREDIT_NOTE_ID })).toBe('applied');
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong customer' })).toBe(
      'Invoice INV-5 is credited by credit note INV-6: void the credit note first (else its credit would stay with the customer for an invoice owed by no one). The invoice was not voided.',
    );
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'issued' });
    expect(await refusal(tx, 'voidInvoice', { id: CREDIT_NOTE_ID, reason: 'Issued by mistake' })).toBe('applied');
    expect(await refusal(tx, 'voidInvoice', { id: INVOICE_ID, reason: 'Wrong customer' })).toBe('applied');
  });

  it("keeps a credit note with its invoice's customer; a new invoice or a duplicate credits nothing, whatever the device sends", async () => {
    const tx = await withIssuedInvoice();
    expect(await refusal(tx, 'createCreditNote', await creditNoteOf(tx))).toBe('applied');
    await tx.put('customers', testCustomer({ id: testUuid(5, 'f'), name: 'Initech US', currency: 'USD' }));
    expect(await refusal(tx, 'saveInvoice', { id: CREDIT_NOTE_ID, patch: { customerId: testUuid(5, 'f') }, upsertLines: [], deleteLineIds: [] })).toBe(
      "This credit note credits invoice INV-5 and stays with that invoice's customer: it was not saved. To credit another customer, use Credit note… on one of its invoices.",
    );
    const copyId = testUuid(3, 'aa');
    const creditNote = (await tx.get('invoices', CREDIT_NOTE_ID))!;
    expect(await refusal(tx, 'createInvoice', { invoice: { ...creditNote, id: copyId }, lines: [] })).toBe('applied');
    expect((await tx.get('invoices', copyId))?.creditsId).toBeNull();
  });
});

describe('changes made without knowing of a deletion on another device (both offline, the deletion synced first)', () => {
  /** 'applied', with what the device is told when there is something: or the refusal. */
  const told = (tx: MutationTx, name: string, args: unknown) =>
    runMutation(tx, name, args).then(
      (message) => (message === undefined ? 'applied' : `applied: ${message}`),
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );
  const draft = testInvoice({ customerId: CUSTOMER_ID, currency: 'EUR' });
  const lines = [
    testLine({ id: testUuid(1, 'e'), description: 'DID rental', quantity: '2', unitPrice: '100.33', taxRate: '19' }),
    testLine({ id: testUuid(2, 'e'), description: 'Port fee', position: 1, quantity: '1', unitPrice: '0.01', taxRate: '0' }),
  ];

  async function withCustomer(): Promise<MemoryTx> {
    const tx = new MemoryTx();
    await tx.put('account', testAccount({ currency: 'EUR', numberPrefix: 'INV-', nextNumber: 12 }));
    await tx.put('customers', testCustomer({ id: CUSTOMER_ID, name: 'Delete Me Ltd', currency: 'EUR' }));
    await tx.put('packages', testPackage({ currency: 'EUR' }));
    await tx.put('customerPackages', testAssignment());
    tx.nextChange();
    return tx;
  }

  it('restores a customer deleted on another device when an invoice is made for it, and issues the invoice', async () => {
    const tx = await withCustomer();
    expect(await told(tx, 'deleteCustomer', { id: CUSTOMER_ID })).toBe('applied');
    tx.nextChange();
    expect(await told(tx, 'createInvoice', { invoice: draft, lines })).toBe(
      `applied: Delete Me Ltd was deleted on another device, but this device made an invoice for it meanwhile (${INVOICE_ID}): the customer was restored as it was, with the package assigned to it, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.`,
    );
    tx.nextChange();
    expect(await told(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    expect(await tx.get('customers', CUSTOMER_ID)).toMatchObject({ name: 'Delete Me Ltd' });
    expect(await tx.get('customerPackages', testAssignment().id)).toEqual(testAssignment());
    // 2 × 100.33 at 19 % and 0.01: 200.66 + 38.13 + 0.01.
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'issued', number: 'INV-12', total: '238.80' });
    expect(await tx.list('invoiceLines', 'invoiceId', INVOICE_ID)).toHaveLength(2);
  });

  it('leaves out, restoring a customer, the assignment of a package deleted since', async () => {
    const tx = await withCustomer();
    await told(tx, 'deleteCustomer', { id: CUSTOMER_ID });
    tx.nextChange();
    expect(await told(tx, 'deletePackage', { id: testPackage().id })).toBe('applied');
    tx.nextChange();
    expect(await told(tx, 'createInvoice', { invoice: draft, lines })).toMatch(/^applied: Delete Me Ltd was deleted on another device, .*: the customer was restored as it was, so the invoice keeps/);
    expect(await tx.list('customerPackages', 'customerId', CUSTOMER_ID)).toEqual([]);
  });

  it('still refuses an invoice for a customer the server never had', async () => {
    const tx = new MemoryTx();
    expect(await told(tx, 'createInvoice', { invoice: draft, lines })).toBe(`Customer ${CUSTOMER_ID} does not exist (it may have been deleted on another device)`);
  });

  it('restores a draft deleted on another device when this device edits it, with the lines deleted with it, and issues it', async () => {
    const tx = await withCustomer();
    const third = testLine({ id: testUuid(3, 'e'), description: 'Removed earlier', position: 2 });
    await told(tx, 'createInvoice', { invoice: draft, lines: [...lines, third] });
    tx.nextChange();
    // The line removed before the deletion stays removed: only what the deletion took comes back.
    await told(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [], deleteLineIds: [third.id] });
    tx.nextChange();
    expect(await told(tx, 'deleteInvoice', { id: INVOICE_ID })).toBe('applied');
    tx.nextChange();
    expect(await tx.get('invoices', INVOICE_ID)).toBeUndefined();
    expect(
      await told(tx, 'saveInvoice', { id: INVOICE_ID, patch: { notes: 'March' }, upsertLines: [], linePatches: [{ id: lines[0]!.id, patch: { quantity: '3' }, seen: { quantity: '2', description: 'DID rental' } }], deleteLineIds: [] }),
    ).toBe(`applied: Invoice ${INVOICE_ID} was deleted on another device, but this device changed it meanwhile: it was restored, with its lines as they were, and the change applied.`);
    tx.nextChange();
    expect(await told(tx, 'issueInvoice', { id: INVOICE_ID })).toBe('applied');
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'issued', number: 'INV-12', notes: 'March' });
    expect((await tx.list('invoiceLines', 'invoiceId', INVOICE_ID)).map((l) => [l.description, l.quantity])).toEqual([
      ['DID rental', '3'],
      ['Port fee', '1'],
    ]);
  });

  it('restores a draft deleted on another device when this device issues it, and its customer deleted after it', async () => {
    const tx = await withCustomer();
    await told(tx, 'createInvoice', { invoice: draft, lines });
    tx.nextChange();
    await told(tx, 'deleteInvoice', { id: INVOICE_ID });
    tx.nextChange();
    expect(await told(tx, 'deleteCustomer', { id: CUSTOMER_ID })).toBe('applied');
    tx.nextChange();
    expect(await told(tx, 'issueInvoice', { id: INVOICE_ID })).toBe(
      `applied: Invoice ${INVOICE_ID} was deleted on another device, but this device issued it meanwhile: it was restored, with its lines as they were, and issued. ` +
        `Delete Me Ltd was deleted on another device, but this device issued an invoice for it meanwhile (${INVOICE_ID}): the customer was restored as it was, with the package assigned to it, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.`,
    );
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ status: 'issued', number: 'INV-12', total: '238.80' });
  });

  it('says of the issue of a draft the server never stored that the change creating it was refused, not that it was deleted', async () => {
    const tx = await withCustomer();
    expect(await told(tx, 'issueInvoice', { id: INVOICE_ID })).toBe(
      'The invoice is not on the server: the change that created it was refused (its notice says why), or it was deleted on another device long ago. Nothing was issued.',
    );
  });

  it('does not restore on the device, which runs a change against the rows it was made on', async () => {
    const tx = new MemoryTx('client');
    expect(await told(tx, 'issueInvoice', { id: INVOICE_ID })).toMatch(/^The invoice is not on the server/);
  });
});

describe("saveAccount's next number against invoices issued while the change waited to sync", () => {
  const told = (tx: MutationTx, args: unknown) =>
    runMutation(tx, 'saveAccount', args).then(
      (message) => (message === undefined ? 'applied' : `applied in part: ${message}`),
      (error: unknown) => (error instanceof MutationError ? error.message : `not a refusal: ${String(error)}`),
    );

  /** The server once the device's own offline issues of `count` drafts arrived: the form showed 6 as the next number. */
  async function afterIssues(count: number): Promise<MemoryTx> {
    const tx = new MemoryTx();
    await tx.put('account', testAccount({ numberPrefix: 'INV-', nextNumber: 6 }));
    await tx.put('customers', testCustomer({ id: CUSTOMER_ID, currency: 'USD' }));
    for (let i = 0; i < count; i++) {
      const id = testUuid(10 + i, 'f');
      await runMutation(tx, 'createInvoice', { invoice: testInvoice({ id, currency: 'USD' }), lines: [testLine({ id: testUuid(10 + i, 'e'), invoiceId: id })] });
      await runMutation(tx, 'issueInvoice', { id });
    }
    expect((await tx.get('account', 'account'))?.nextNumber).toBe(6 + count);
    return tx;
  }

  it('raises the next number over the invoices issued meanwhile: they cannot clash with it', async () => {
    const tx = await afterIssues(1);
    expect(await told(tx, { nextNumber: 100, seen: { nextNumber: 6 } })).toBe('applied');
    expect((await tx.get('account', 'account'))?.nextNumber).toBe(100);
  });

  it('refuses a next number an invoice issued meanwhile has, saying so rather than blaming another device', async () => {
    const tx = await afterIssues(2);
    expect(await told(tx, { nextNumber: 7, seen: { nextNumber: 6 } })).toBe(
      'INV-7 was issued while this change waited to sync, so the next invoice number cannot be 7: choose a next number (or a prefix) that no invoice has, 8 or more say',
    );
    expect((await tx.get('account', 'account'))?.nextNumber).toBe(8);
  });

  it("still keeps a next number another device's Settings set meanwhile", async () => {
    const tx = await afterIssues(1);
    await runMutation(tx, 'saveAccount', { nextNumber: 50, seen: { nextNumber: 7 } });
    expect(await told(tx, { nextNumber: 100, seen: { nextNumber: 6 } })).toBe(
      "applied in part: My Account's Next invoice number was changed to 50 on another device while this device's change of it to 100 waited to sync: this device's change was not applied. Set it again if 100 is right.",
    );
  });
});

describe('cdrImportTime', () => {
  it('shows a UTC time as written', () => {
    expect(cdrImportTime('2026-12-07T09:59:12.000Z')).toBe('Dec 7, 2026 09:59 UTC');
  });

  it('turns a time written with an offset to UTC, across midnight too', () => {
    expect(cdrImportTime('2026-12-07T01:30:00+02:00')).toBe('Dec 6, 2026 23:30 UTC');
    expect(cdrImportTime('2026-12-07T10:00:00-0500')).toBe('Dec 7, 2026 15:00 UTC');
  });

  it('says nothing of a value that is not a time', () => {
    expect(cdrImportTime('yesterday')).toBe('');
  });

  it("shows the time in the account's timezone, named, across midnight and DST too", () => {
    expect(cdrImportTime('2026-03-02T09:00:00.000Z', 'Asia/Bahrain')).toBe('Mar 2, 2026 12:00 Asia/Bahrain');
    expect(cdrImportTime('2026-12-07T23:30:00.000Z', 'Europe/Stockholm')).toBe('Dec 8, 2026 00:30 Europe/Stockholm');
    expect(cdrImportTime('2026-07-07T23:30:00.000Z', 'Europe/Stockholm')).toBe('Jul 8, 2026 01:30 Europe/Stockholm');
    expect(cdrImportTime('2026-12-07T01:30:00+02:00', 'America/New_York')).toBe('Dec 6, 2026 18:30 America/New_York');
    expect(cdrImportTime('2026-12-07T09:59:12.000Z', 'UTC')).toBe('Dec 7, 2026 09:59 UTC');
  });

  it('keeps UTC, said, for a zone this runtime does not know', () => {
    expect(cdrImportTime('2026-12-07T09:59:12.000Z', 'Mars/Olympus')).toBe('Dec 7, 2026 09:59 UTC');
    expect(cdrImportClock('2026-12-07T09:59:12.000Z', 'Europe/Stockholm')).toEqual({ day: 'Dec 7, 2026', clock: '10:59', zone: 'Europe/Stockholm' });
  });
});

describe("what a change tells of another device's change it undid (lib/overridden-changes)", () => {
  async function withAtlas(): Promise<MemoryTx> {
    const tx = new MemoryTx();
    await tx.put('customers', testCustomer({ id: CUSTOMER_ID, name: 'Atlas Link', company: 'Atlas Link SIA', address: 'Riga', currency: 'USD' }));
    return tx;
  }

  it('names the customer, the field, the value replaced and the one that replaced it, when the change had not seen the value it replaces', async () => {
    const tx = await withAtlas();
    await runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { company: 'Atlas Holdings', address: 'Brivibas 1\nRiga' }, seen: { company: 'Atlas Link', address: 'Riga' } });
    expect(tx.overridden).toEqual([
      {
        entity: 'customers',
        id: CUSTOMER_ID,
        field: 'company',
        value: 'Atlas Link SIA',
        message: "Atlas Link's Company was changed to “Atlas Holdings” on another device, which had not seen this device's change of it to “Atlas Link SIA”: the change that reached the server last stands. Set it again if “Atlas Link SIA” is right.",
      },
    ]);
    // Applied all the same: the later arrival wins.
    expect(await tx.get('customers', CUSTOMER_ID)).toMatchObject({ company: 'Atlas Holdings', address: 'Brivibas 1\nRiga' });
  });

  it('tells nothing of a value the change had seen, of the same value set on both devices, or of a change without `seen`', async () => {
    const tx = await withAtlas();
    await runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { company: 'Atlas Holdings' }, seen: { company: 'Atlas Link SIA' } });
    await runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { company: 'Atlas Holdings' }, seen: { company: 'Atlas Link' } });
    await runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { company: 'Atlas Group' } });
    // Notes are not among the fields told.
    await runMutation(tx, 'updateCustomer', { id: CUSTOMER_ID, patch: { notes: 'By email' }, seen: { notes: 'By post' } });
    expect(tx.overridden).toEqual([]);
  });

  it("names the draft, the header field, the value replaced and the one that replaced it, when the save had not seen the value it replaces", async () => {
    const tx = await withAtlas();
    await tx.put('customers', testCustomer({ id: OTHER_CUSTOMER_ID, name: 'Baltic Voice', currency: 'USD' }));
    await runMutation(tx, 'createInvoice', { invoice: testInvoice({ currency: 'USD', notes: 'Pay by wire' }), lines: [testLine()] });
    // This device saw the draft as created; another device has since set the notes, the dates, the period and the customer.
    await runMutation(tx, 'saveInvoice', {
      id: INVOICE_ID,
      patch: { notes: 'Net 30\nThanks', invoiceDate: '2026-04-02', dueDate: '2026-05-02', periodStart: null, customerId: OTHER_CUSTOMER_ID },
      upsertLines: [],
      deleteLineIds: [],
    });
    await runMutation(tx, 'saveInvoice', {
      id: INVOICE_ID,
      patch: { notes: 'Paid in advance', invoiceDate: '2026-04-03', dueDate: '2026-05-02', periodStart: '2026-02-01', customerId: CUSTOMER_ID },
      seen: { notes: 'Pay by wire', invoiceDate: '2026-04-01', dueDate: '2026-05-01', periodStart: '2026-03-01', customerId: CUSTOMER_ID },
      upsertLines: [],
      deleteLineIds: [],
    });
    // The due date is the same on both (nothing replaced); the rest each replace the other device's value.
    const told = (field: string, value: unknown, message: string) => ({ entity: 'invoices', id: INVOICE_ID, field, value, message, mentions: [{ entity: 'invoices', id: INVOICE_ID }] });
    expect(tx.overridden).toEqual([
      told(
        'customerId',
        OTHER_CUSTOMER_ID,
        `The customer of invoice ${INVOICE_ID} was changed to “Atlas Link” on another device, which had not seen this device's change of it to “Baltic Voice”: the change that reached the server last stands. Set it again if “Baltic Voice” is right.`,
      ),
      told(
        'invoiceDate',
        '2026-04-02',
        `The invoice date of invoice ${INVOICE_ID} was changed to “Apr 3, 2026” on another device, which had not seen this device's change of it to “Apr 2, 2026”: the change that reached the server last stands. Set it again if “Apr 2, 2026” is right.`,
      ),
      told(
        'periodStart',
        null,
        `The period start of invoice ${INVOICE_ID} was changed to “Feb 1, 2026” on another device, which had not seen this device's change of it to (none): the change that reached the server last stands. Set it again if (none) is right.`,
      ),
      told(
        'notes',
        'Net 30\nThanks',
        `The notes of invoice ${INVOICE_ID} were changed to “Paid in advance” on another device, which had not seen this device's change of them to “Net 30 Thanks”: the change that reached the server last stands. Set them again if “Net 30 Thanks” is right.`,
      ),
    ]);
    // Saved all the same: the later arrival wins.
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ notes: 'Paid in advance', invoiceDate: '2026-04-03', periodStart: '2026-02-01', customerId: CUSTOMER_ID });
  });

  it("tells nothing of a draft's header value the save had seen, of the same value set on both devices, or of a save without `seen`", async () => {
    const tx = await withAtlas();
    await runMutation(tx, 'createInvoice', { invoice: testInvoice({ currency: 'USD', notes: 'Pay by wire' }), lines: [testLine()] });
    await runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: { notes: 'Net 30' }, seen: { notes: 'Pay by wire' }, upsertLines: [], deleteLineIds: [] });
    await runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: { notes: 'Net 15' }, seen: { notes: 'Net 30' }, upsertLines: [], deleteLineIds: [] });
    await runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: { notes: 'Net 15' }, seen: { notes: 'Pay by wire' }, upsertLines: [], deleteLineIds: [] });
    await runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: { notes: 'Net 7' }, upsertLines: [], deleteLineIds: [] });
    expect(tx.overridden).toEqual([]);
    expect(await tx.get('invoices', INVOICE_ID)).toMatchObject({ notes: 'Net 7' });
  });

  it("calls a credit note's date its date, and tells nothing of its due date, which follows it", async () => {
    const tx = await withAtlas();
    // A credit note's draft as createCreditNote leaves it (the invoice it credits aside).
    await tx.put('invoices', testInvoice({ currency: 'USD', creditsId: testUuid(9, 'f'), invoiceDate: '2026-04-01', dueDate: '2026-04-01' }));
    await runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: { invoiceDate: '2026-04-02', dueDate: '2026-04-02' }, upsertLines: [], deleteLineIds: [] });
    await runMutation(tx, 'saveInvoice', {
      id: INVOICE_ID,
      patch: { invoiceDate: '2026-04-03', dueDate: '2026-04-03' },
      seen: { invoiceDate: '2026-04-01', dueDate: '2026-04-01' },
      upsertLines: [],
      deleteLineIds: [],
    });
    expect(tx.overridden.map((o) => [o.field, o.message])).toEqual([
      [
        'invoiceDate',
        `The date of credit note ${INVOICE_ID} was changed to “Apr 3, 2026” on another device, which had not seen this device's change of it to “Apr 2, 2026”: the change that reached the server last stands. Set it again if “Apr 2, 2026” is right.`,
      ],
    ]);
  });

  it('names the fields of a deleted line that changed since the deleting device saw it', async () => {
    const tx = new MemoryTx();
    await tx.put('customers', testCustomer({ id: CUSTOMER_ID, currency: 'USD' }));
    const did = testLine({ id: testUuid(1, 'e'), description: 'DID Rental', quantity: '22', unitPrice: '1.50' });
    const port = testLine({ id: testUuid(2, 'e'), description: 'Port fee', position: 1 });
    await runMutation(tx, 'createInvoice', { invoice: testInvoice({ currency: 'USD' }), lines: [did, port] });
    await tx.put('invoiceLines', { ...did, quantity: '25', startDate: '2026-03-01' });
    await tx.put('invoiceLines', { ...port, position: 0 });
    const seenLines = { [did.id]: did, [port.id]: port };
    await runMutation(tx, 'saveInvoice', { id: INVOICE_ID, patch: {}, upsertLines: [], deleteLineIds: [did.id, port.id], deletedLinesSeen: seenLines });
    // The port fee was only renumbered: nothing to tell.
    expect(tx.overridden).toEqual([
      {
        entity: 'invoiceLines',
        id: did.id,
        message: `Line “DID Rental” of invoice ${INVOICE_ID} was deleted on another device, which had not seen this device's change to it (start date ${dayAsShown('2026-03-01')}, quantity 25): the deletion reached the server last, so the line is gone with the change. Add the line again if it is still due.`,
        mentions: [{ entity: 'invoices', id: INVOICE_ID }],
      },
    ]);
    expect(await tx.list('invoiceLines', 'invoiceId', INVOICE_ID)).toEqual([]);
  });

  it('tells the device that deleted a customer it came back for an invoice made meanwhile', async () => {
    const tx = await withAtlas();
    tx.nextChange();
    await runMutation(tx, 'deleteCustomer', { id: CUSTOMER_ID });
    tx.nextChange();
    await runMutation(tx, 'createInvoice', { invoice: testInvoice({ currency: 'USD' }), lines: [testLine()] });
    expect(tx.overridden).toEqual([
      {
        entity: 'customers',
        id: CUSTOMER_ID,
        message: `Atlas Link came back: this device deleted it while another device, which had not seen the deletion, made an invoice for it (${INVOICE_ID}). The customer was restored as it was, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.`,
        mentions: [{ entity: 'invoices', id: INVOICE_ID }],
      },
    ]);
  });
});
