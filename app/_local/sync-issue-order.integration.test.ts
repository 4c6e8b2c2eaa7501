/**
 * Two devices (Dexie on fake-indexeddb, the real sync engine) issuing offline against the real
 * server (tRPC callers on PGlite, and on Postgres when DATABASE_URL is set): a month billed on both
 * is issued once, the second draft refused and left a draft without using up a number; and an
 * issue numbered after a later-dated invoice it never saw stands, its device told.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerPackage, Package, Usage } from '@/lib/entities';
import { generateInvoice, lateCallsInvoice } from '@/lib/generate';
import { defaultAccount } from '@/lib/mutators';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { signUpOwner, type SignedIn } from '@/server/test-sessions';
import { createDb, type TollbookDb } from './db';
import { deviceRows, serverRows } from './sync-test-rows';
import { mutate } from './mutate';
import { unnumberedIssues } from './unnumbered-issues';
import { SyncEngine } from './sync-engine';

interface Device {
  db: TollbookDb;
  engine: SyncEngine;
}

function device(signedIn: SignedIn, name: string): Device {
  const db = createDb(`issue-order-${name}-${randomUUID()}`);
  const engine = new SyncEngine(db, randomUUID(), {
    push: (request) => signedIn.caller.sync.push(request),
    pull: (request) => signedIn.caller.sync.pull(request),
  });
  return { db, engine };
}

/** Issue as the invoice page's Issue does: with the invoices its question named, and this device's own issues not numbered yet. */
async function issue(d: Device, id: string, knownOverlaps: string[] = []) {
  await mutate('issueInvoice', { id, knownOverlaps, issuedHere: await unnumberedIssues(d.db, id) }, d.db);
}

async function notices(d: Device) {
  return (await d.db.rejections.toArray()).map(({ name, error, partial }) => ({ name, error, ...(partial ? { partial } : {}) }));
}

describe.each(TEST_DATABASE_KINDS)('two devices issuing offline on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('issues a month billed on both devices once: the second issue to reach the server is refused, stays a draft and uses no number; seen, it issues', async () => {
    const owner = await signUpOwner(database, `Billed Twice ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const globex = customer({ name: 'Globex Carrier', currency: 'USD', taxRate: '20' });
    const did: Package = {
      id: randomUUID(),
      name: 'DID rental',
      description: 'UK geographic number',
      currency: 'USD',
      retail: '2.50',
      setup: '0',
      frequency: 'monthly',
      matchDays: [1],
      kind: 'fee',
      prefixPattern: '',
      freeMinutes: 0,
      minimumSpend: false,
      retired: false,
    };
    const assignment: CustomerPackage = { id: randomUUID(), customerId: globex.id, packageId: did.id, quantity: 10, startDate: '2026-09-20', endDate: null };
    const usage: Usage[] = ['2026-11-01', '2026-11-02'].map((day) => ({
      id: `${globex.id}:${day}:4420`,
      customerId: globex.id,
      day,
      destination: '4420',
      destinationName: 'United Kingdom - London',
      calls: 12,
      attempts: 15,
      seconds: 1800,
      billedSeconds: 1830,
      charge: '1.234567',
      currency: 'USD',
    }));
    for (const [name, args] of [
      ['createCustomer', globex],
      ['createPackage', did],
      ['assignPackage', assignment],
      ['putUsage', { rows: usage }],
    ] as const) {
      await mutate(name, args, a.db);
    }
    await a.engine.sync();
    await b.engine.sync();

    // Both offline, each generates November (as the billing run and Generate Invoice do) and issues it.
    const november = (invoiceDate: string) =>
      generateInvoice({
        account: defaultAccount(),
        customer: globex,
        assignments: [assignment],
        packages: [did],
        usage,
        period: { start: '2026-11-01', end: '2026-11-30' },
        invoiceDate,
        invoiceId: randomUUID(),
        newLineId: () => randomUUID(),
      });
    const [first, second] = [november('2026-12-01'), november('2026-12-07')];
    await mutate('createInvoice', first, a.db);
    await issue(a, first.invoice.id);
    await mutate('createInvoice', second, b.db);
    await issue(b, second.invoice.id);
    await a.engine.sync();
    await b.engine.sync();
    await a.engine.sync();

    let server = await serverRows(owner);
    expect(server.get(`invoices/${first.invoice.id}`)).toMatchObject({ status: 'issued', number: 'INV-1' });
    expect(server.get(`invoices/${second.invoice.id}`)).toMatchObject({ status: 'draft', number: null });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(a)).toEqual([]);
    expect(await notices(b)).toEqual([
      {
        name: 'issueInvoice',
        error:
          'Issue of invoice draft of Dec 7, 2026 for Globex Carrier was refused. INV-1, issued on another device, bills the calls of Nov 1–2, 2026 and DID rental (1 month each) already. ' +
          'Issued too, this draft would bill them twice: it stays a draft. Open the draft to invoice only the late calls (Update lines from usage), or delete it.',
      },
    ]);

    // Issued again, INV-1 now seen (Issue's question names it, the user chooses to issue anyway): the refused issue used up no number.
    await issue(b, second.invoice.id, [first.invoice.id]);
    await b.engine.sync();
    server = await serverRows(owner);
    expect(server.get(`invoices/${second.invoice.id}`)).toMatchObject({ status: 'issued', number: 'INV-2' });
  });

  /** Globex billed in USD, its calls to London of Nov 1 and 2 (`calls` each), as an import rolled them up. */
  const london = (customerId: string, day: string, calls: number, charge: string): Usage => ({
    id: `${customerId}:${day}:4420`,
    customerId,
    day,
    destination: '4420',
    destinationName: 'United Kingdom - London',
    calls,
    attempts: calls,
    seconds: calls * 150,
    billedSeconds: calls * 150,
    charge,
    currency: 'USD',
  });
  const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
  const month = (globex: Customer, usage: Usage[], invoiceDate: string) =>
    generateInvoice({ account: defaultAccount(), customer: globex, assignments: [], packages: [], usage, period: NOVEMBER, invoiceDate, invoiceId: randomUUID(), newLineId: () => randomUUID() });
  /** A late-calls draft of `issued` as the device `d` makes it (Invoice the late calls), from what it holds. */
  async function lateCalls(d: Device, globex: Customer, issuedId: string, invoiceDate: string) {
    const invoices = await Promise.all((await d.db.invoices.toArray()).map(async (invoice) => ({ invoice, lines: await d.db.invoiceLines.where('invoiceId').equals(invoice.id).toArray() })));
    const issued = invoices.find((i) => i.invoice.id === issuedId)!;
    const draft = lateCallsInvoice({
      account: defaultAccount(),
      customer: globex,
      assignments: [],
      packages: [],
      usage: await d.db.usage.toArray(),
      invoice: issued.invoice,
      lines: issued.lines,
      invoices: invoices.filter((i) => i.invoice.id !== issuedId),
      invoiceDate,
      invoiceId: randomUUID(),
      newLineId: () => randomUUID(),
    });
    await mutate('createInvoice', { invoice: draft.invoice, lines: draft.lines }, d.db);
    return draft.invoice;
  }

  it.each(['a', 'b'] as const)('issues late calls invoiced on two devices offline once: device %s syncs first, the other is refused, naming its late-calls invoice', async (order) => {
    const owner = await signUpOwner(database, `Late Calls Twice ${kind} ${order}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const globex = customer({ name: 'Globex Carrier', currency: 'USD', taxRate: '20' });
    const calls = [london(globex.id, '2026-11-01', 12, '1.234567'), london(globex.id, '2026-11-02', 12, '2.000000')];
    await mutate('createCustomer', globex, a.db);
    await mutate('putUsage', { rows: calls }, a.db);
    const november = month(globex, calls, '2026-12-01');
    await mutate('createInvoice', november, a.db);
    await issue(a, november.invoice.id);
    // Late calls of Nov 20, after INV-1 was issued.
    await mutate('putUsage', { rows: [london(globex.id, '2026-11-20', 3, '5.000000')] }, a.db);
    await a.engine.sync();
    await b.engine.sync();

    // Both offline, each invoices the late calls and issues them.
    const drafts = [await lateCalls(a, globex, november.invoice.id, '2026-12-07'), await lateCalls(b, globex, november.invoice.id, '2026-12-08')];
    await issue(a, drafts[0]!.id);
    await issue(b, drafts[1]!.id);
    const [first, second] = order === 'a' ? [a, b] : [b, a];
    const [firstDraft, secondDraft] = order === 'a' ? drafts : [drafts[1]!, drafts[0]!];
    await first.engine.sync();
    await second.engine.sync();
    await first.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`invoices/${firstDraft!.id}`)).toMatchObject({ status: 'issued', number: 'INV-2' });
    expect(server.get(`invoices/${secondDraft!.id}`)).toMatchObject({ status: 'draft', number: null });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(first)).toEqual([]);
    expect(await notices(second)).toEqual([
      {
        name: 'issueInvoice',
        error:
          `Issue of invoice draft of ${order === 'a' ? 'Dec 8' : 'Dec 7'}, 2026 for Globex Carrier was refused. INV-2, issued on another device, bills the calls of Nov 20, 2026 already. ` +
          'Issued too, this draft would bill it twice: it stays a draft. Open the draft to invoice only the late calls (Update lines from usage), or delete it.',
      },
    ]);
  });

  it('issues a month and its late calls invoiced offline on one device the same day, and refuses there a second late-calls draft of them, issued on this device', async () => {
    const owner = await signUpOwner(database, `Late Calls Offline ${kind}`);
    const a = device(owner, 'a');
    const globex = customer({ name: 'Globex Carrier', currency: 'USD', taxRate: '20' });
    const calls = [london(globex.id, '2026-11-01', 12, '1.234567'), london(globex.id, '2026-11-03', 12, '2.000000')];
    await mutate('createCustomer', globex, a.db);
    await mutate('putUsage', { rows: calls }, a.db);
    await a.engine.sync();

    // Offline all day on Dec 1: November issued (number pending, its London line over Nov 1–3), then late calls to London of Nov 2.
    const november = month(globex, calls, '2026-12-01');
    await mutate('createInvoice', november, a.db);
    await issue(a, november.invoice.id);
    await mutate('putUsage', { rows: [london(globex.id, '2026-11-02', 3, '0.500000')] }, a.db);
    const late = await lateCalls(a, globex, november.invoice.id, '2026-12-01');
    expect(late.notes).toMatch(/^Completes the invoice dated Dec 1, 2026 \(number pending\) /);
    await issue(a, late.id);
    // A second late-calls draft of the same calls, made before the first was issued (Duplicate of it, say).
    const again = { ...late, id: randomUUID() };
    const lines = await a.db.invoiceLines.where('invoiceId').equals(late.id).toArray();
    await mutate('createInvoice', { invoice: again, lines: lines.map((line) => ({ ...line, id: randomUUID(), invoiceId: again.id })) }, a.db);
    await expect(issue(a, again.id)).rejects.toThrow(
      'The invoice dated Dec 1, 2026 (number pending), issued on this device, bills the calls of Nov 1–3, 2026 already. Issued too, this draft would bill it twice: it stays a draft.',
    );
    await a.engine.sync();

    // The late calls are numbered after November, not refused as billing November's own calls.
    const server = await serverRows(owner);
    expect(server.get(`invoices/${november.invoice.id}`)).toMatchObject({ status: 'issued', number: 'INV-1' });
    expect(server.get(`invoices/${late.id}`)).toMatchObject({ status: 'issued', number: 'INV-2' });
    expect(server.get(`invoices/${again.id}`)).toMatchObject({ status: 'draft', number: null });
    expect(await notices(a)).toEqual([]);
  });

  it('tells a device that issued two invoices offline, the later-dated first, that it issued the earlier number itself', async () => {
    const owner = await signUpOwner(database, `Date Order Own ${kind}`);
    const a = device(owner, 'a');
    const initech = customer({ name: 'Initech Voice', currency: 'USD', taxRate: '0' });
    const december = draftInvoice(initech.id, { currency: 'USD', invoiceDate: '2026-12-05', dueDate: '2027-01-04' });
    const november = draftInvoice(initech.id, { currency: 'USD', invoiceDate: '2026-11-20', dueDate: '2026-12-20' });
    await mutate('createCustomer', initech, a.db);
    await mutate('createInvoice', { invoice: december, lines: [manualLine(december.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await mutate('createInvoice', { invoice: november, lines: [manualLine(november.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await a.engine.sync();
    // Offline, December's first: Issue's question knows no number dated after November's.
    await issue(a, december.id);
    await issue(a, november.id);
    await a.engine.sync();
    expect((await serverRows(owner)).get(`invoices/${november.id}`)).toMatchObject({ status: 'issued', number: 'INV-2' });
    expect(await notices(a)).toEqual([
      {
        name: 'issueInvoice',
        error:
          'Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026, which this device issued before it: the numbers are out of date order. ' +
          'INV-2 stands as issued; if its number must follow the dates, void it and issue a replacement dated Dec 5, 2026 or later.',
        partial: true,
      },
    ]);
  });

  it('numbers an offline issue after a later-dated invoice another device issued first, and tells its device with both numbers and dates', async () => {
    const owner = await signUpOwner(database, `Date Order ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const initech = customer({ name: 'Initech Voice', currency: 'USD', taxRate: '0' });
    const december = draftInvoice(initech.id, { currency: 'USD', invoiceDate: '2026-12-05', dueDate: '2027-01-04' });
    const november = draftInvoice(initech.id, { currency: 'USD', invoiceDate: '2026-11-20', dueDate: '2026-12-20' });
    await mutate('createCustomer', initech, a.db);
    await mutate('createInvoice', { invoice: december, lines: [manualLine(december.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await mutate('createInvoice', { invoice: november, lines: [manualLine(november.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await a.engine.sync();
    await b.engine.sync();

    // Offline, A issues December's draft, B November's (neither knows of a numbered invoice after it); A syncs first.
    await issue(a, december.id);
    await issue(b, november.id);
    await a.engine.sync();
    await b.engine.sync();
    await a.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`invoices/${december.id}`)).toMatchObject({ status: 'issued', number: 'INV-1' });
    expect(server.get(`invoices/${november.id}`)).toMatchObject({ status: 'issued', number: 'INV-2' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(a)).toEqual([]);
    expect(await notices(b)).toEqual([
      {
        name: 'issueInvoice',
        error:
          'Invoice INV-2, dated Nov 20, 2026, was numbered after INV-1, dated Dec 5, 2026, which reached the server first (issued on another device): the numbers are out of date order. ' +
          'INV-2 stands as issued; if its number must follow the dates, void it and issue a replacement dated Dec 5, 2026 or later.',
        partial: true,
      },
    ]);
  });

  it('tells nothing when Issue\'s question named the later-dated invoice and the user issued anyway', async () => {
    const owner = await signUpOwner(database, `Date Order Seen ${kind}`);
    const a = device(owner, 'a');
    const initech = customer({ name: 'Initech Voice', currency: 'USD', taxRate: '0' });
    const december = draftInvoice(initech.id, { currency: 'USD', invoiceDate: '2026-12-05', dueDate: '2027-01-04' });
    const november = draftInvoice(initech.id, { currency: 'USD', invoiceDate: '2026-11-20', dueDate: '2026-12-20' });
    await mutate('createCustomer', initech, a.db);
    await mutate('createInvoice', { invoice: december, lines: [manualLine(december.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await mutate('createInvoice', { invoice: november, lines: [manualLine(november.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await mutate('issueInvoice', { id: december.id }, a.db);
    await a.engine.sync();
    await mutate('issueInvoice', { id: november.id, outOfOrderSeenUntil: '2026-12-05' }, a.db);
    await a.engine.sync();
    expect((await serverRows(owner)).get(`invoices/${november.id}`)).toMatchObject({ status: 'issued', number: 'INV-2' });
    expect(await notices(a)).toEqual([]);
  });
});
