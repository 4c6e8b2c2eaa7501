/**
 * Convergence simulation: several devices (Dexie on fake-indexeddb, the real sync engine) against
 * the real server (tRPC callers on PGlite, and on Postgres when DATABASE_URL is set) over a network
 * that drops requests and responses, duplicates and delays them, and partitions devices. A seeded
 * random mix of edits runs; at quiescence every device must equal the server.
 *
 * `SIM_OPS` and `SIM_SEEDS` make it longer (`npm run test:soak`). Failing seeds go in REGRESSION_SEEDS.
 */
import 'fake-indexeddb/auto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageId } from '@/lib/cdr';
import { mulberry32 } from '@/lib/demo-data';
import type { Customer, Invoice, InvoiceLine, Usage } from '@/lib/entities';
import { addDecimals, formatUnits, readUnitsAtScale } from '@/lib/money';
import { cdrLine, MutationError, type CdrCell, type MutatorArgs, type MutatorName } from '@/lib/mutators';
import type { PullRequest, PushRequest } from '@/lib/protocol';
import { resultRows } from '@/server/db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { addMember, signUpOwner, type SignedIn } from '@/server/test-sessions';
import { createDb, type TollbookDb } from './db';
import { deviceRows, serverRows } from './sync-test-rows';
import { mutate } from './mutate';
import { SyncEngine, type SyncTransport } from './sync-engine';

const REGRESSION_SEEDS: number[] = [];
const OPS = Number(process.env.SIM_OPS ?? 300);
const SEEDS = process.env.SIM_SEEDS ? process.env.SIM_SEEDS.split(',').map(Number) : [20261129];
/** A seed's time limit: generous, since a loaded CI machine runs it several times slower (not a speed test). */
const SEED_TIMEOUT_MS = Math.max(300_000, OPS * 1_000);
const CLIENTS = 8;

/** A seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    chance: (p: number) => next() < p,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T | undefined => (items.length ? items[Math.floor(next() * items.length)] : undefined),
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
type Rng = ReturnType<typeof prng>;

class NetworkError extends TypeError {}

/** Faults on the wire. Acknowledged pushes are recorded to check that none is lost. */
class FaultyNetwork {
  faults = true;
  partitioned = new Set<number>();
  readonly acknowledged: { name: string; args: unknown }[] = [];
  constructor(private readonly rng: Rng) {}

  transport(index: number, device: SignedIn): SyncTransport {
    const send = async <T>(call: () => Promise<T>): Promise<T> => {
      if (this.partitioned.has(index)) throw new NetworkError('partitioned');
      if (this.faults && this.rng.chance(0.1)) throw new NetworkError('request dropped');
      if (this.faults && this.rng.chance(0.2)) await new Promise((r) => setTimeout(r, this.rng.int(5)));
      const result = await call();
      if (this.faults && this.rng.chance(0.1)) throw new NetworkError('response lost');
      return result;
    };
    return {
      push: (request: PushRequest) =>
        send(async () => {
          const response = await device.caller.sync.push(request);
          // A duplicated delivery: the server must treat the copy as a no-op.
          if (this.faults && this.rng.chance(0.1)) await device.caller.sync.push(request);
          for (const r of response.results) {
            const m = request.mutations.find((x) => x.id === r.id);
            if (r.status === 'applied' && m) this.acknowledged.push({ name: m.name, args: m.args });
          }
          return response;
        }),
      // Small pages, so pulls end mid-snapshot with pending mutations to carry across pages.
      pull: (request: PullRequest) => send(() => device.caller.sync.pull({ ...request, limit: 1 + this.rng.int(12) })),
    };
  }
}

interface Device {
  db: TollbookDb;
  engine: SyncEngine;
}

async function tryMutate<N extends MutatorName>(device: Device, name: N, args: MutatorArgs<N>): Promise<void> {
  try {
    await mutate(name, args, device.db);
  } catch (error) {
    if (!(error instanceof MutationError)) throw error;
  }
}

async function trySync(device: Device): Promise<void> {
  try {
    await device.engine.sync();
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
  }
}

// Arguments are evaluated in order, so a seed draws the same numbers as it always has.
function newCustomer(rng: Rng): Customer {
  return customer({ id: rng.uuid(), name: `Customer ${rng.int(10_000)}`, company: '', currency: 'USD', taxRate: rng.pick(['0', '20', '7.5'])! });
}

function newLine(rng: Rng, invoiceId: string, position: number): InvoiceLine {
  return manualLine(invoiceId, position, {
    id: rng.uuid(),
    description: `Item ${rng.int(1000)}`,
    quantity: String(1 + rng.int(5)),
    unit: 'each',
    unitPrice: `${rng.int(100)}.${String(rng.int(1000)).padStart(3, '0')}`,
    taxRate: rng.pick(['0', '20', '7.5'])!,
  });
}

/**
 * CDR n (0–7) of a customer: the same call whichever device imports it, since its key names it.
 * Devices import them without a ledger, so the server sees the same key from several devices.
 */
function simCdr(customerId: string, n: number) {
  return { key: `c:${customerId}/${n}`, day: `2026-11-0${1 + (n % 3)}`, seconds: 10 + n, billedSeconds: n === 0 ? 0 : 12 + n, charge: `0.0${n}0001` };
}

function importSomeCdrs(rng: Rng, device: Device, customer: Customer): Promise<void> {
  const cells = new Map<string, CdrCell>();
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const cdr = simCdr(customer.id, rng.int(8));
    const cell = cells.get(cdr.day);
    const line = cdrLine(cdr.key, cdr.seconds, cdr.billedSeconds, cdr.charge);
    if (cell?.cdrs.includes(cdr.key)) continue;
    if (cell) cell.cdrs += `\n${line}`;
    else cells.set(cdr.day, { customerId: customer.id, currency: customer.currency, day: cdr.day, destination: '44', destinationName: 'United Kingdom', cdrs: line });
  }
  return tryMutate(device, 'importCdrs', { cells: [...cells.values()] });
}

/** The usage the CDRs whose keys the server claimed add up to, one line per row. */
function usageOfClaimedCdrs(keys: string[]): string[] {
  const rows = new Map<string, { calls: number; attempts: number; seconds: number; billedSeconds: number; charge: string }>();
  for (const key of keys) {
    const [customerId, n] = key.slice(2).split('/') as [string, string];
    const cdr = simCdr(customerId, Number(n));
    const id = usageId(customerId, cdr.day, '44');
    const row = rows.get(id) ?? { calls: 0, attempts: 0, seconds: 0, billedSeconds: 0, charge: '0' };
    rows.set(id, {
      calls: row.calls + (cdr.billedSeconds > 0 ? 1 : 0),
      attempts: row.attempts + 1,
      seconds: row.seconds + cdr.seconds,
      billedSeconds: row.billedSeconds + cdr.billedSeconds,
      charge: addDecimals(row.charge, cdr.charge),
    });
  }
  return [...rows].map(([id, r]) => `${id} ${r.calls}/${r.attempts} ${r.seconds}/${r.billedSeconds} ${formatUnits(readUnitsAtScale(r.charge, 6, 'charge'), 6)}`).sort();
}

/** One random user action on one device, chosen from what that device sees. */
async function act(rng: Rng, device: Device): Promise<void> {
  const { db } = device;
  const customers = await db.customers.toArray();
  if (customers.length > 0 && rng.chance(0.1)) return importSomeCdrs(rng, device, rng.pick(customers)!);
  const invoices = await db.invoices.toArray();
  const drafts = invoices.filter((i) => i.status === 'draft');
  const issued = invoices.filter((i) => i.status === 'issued');
  const roll = rng.next();
  if (roll < 0.12 || customers.length === 0) return tryMutate(device, 'createCustomer', newCustomer(rng));
  if (roll < 0.3) {
    const c = rng.pick(customers)!;
    const patch = rng.chance(0.5) ? { name: `Renamed ${rng.int(10_000)}` } : { notes: `Note ${rng.int(10_000)}` };
    return tryMutate(device, 'updateCustomer', { id: c.id, patch });
  }
  if (roll < 0.34) return tryMutate(device, 'deleteCustomer', { id: rng.pick(customers)!.id });
  if (roll < 0.5) {
    const c = rng.pick(customers)!;
    const invoice = draftInvoice(c.id, { id: rng.uuid(), currency: 'USD', periodStart: null, periodEnd: null });
    return tryMutate(device, 'createInvoice', { invoice, lines: Array.from({ length: 1 + rng.int(3) }, (_, i) => newLine(rng, invoice.id, i)) });
  }
  if (roll < 0.62 && drafts.length) {
    const draft = rng.pick(drafts)!;
    const lines = await db.invoiceLines.where('invoiceId').equals(draft.id).toArray();
    const drop = rng.chance(0.3) ? rng.pick(lines) : undefined;
    return tryMutate(device, 'saveInvoice', {
      id: draft.id,
      patch: { notes: `Edited ${rng.int(1000)}` },
      upsertLines: [newLine(rng, draft.id, lines.length)],
      deleteLineIds: drop ? [drop.id] : [],
    });
  }
  if (roll < 0.75 && drafts.length) return tryMutate(device, 'issueInvoice', { id: rng.pick(drafts)!.id });
  if (roll < 0.78 && drafts.length) return tryMutate(device, 'deleteInvoice', { id: rng.pick(drafts)!.id });
  if (roll < 0.9 && issued.length) {
    const inv = rng.pick(issued)!;
    const amount = inv.total === inv.paid ? '0.01' : rng.chance(0.5) ? '1.00' : '0.50';
    return tryMutate(device, 'recordPayment', {
      id: rng.uuid(),
      customerId: inv.customerId,
      date: '2026-11-15',
      amount,
      method: 'Bank transfer',
      reference: '',
      allocations: [{ invoiceId: inv.id, amount }],
    });
  }
  if (issued.length) return tryMutate(device, 'voidInvoice', { id: rng.pick(issued)!.id, reason: 'Simulated' });
}



/** Issued content: what must never change after issue (payments and voiding aside). */
function issuedContent(rows: Map<string, unknown>): Map<string, string> {
  const content = new Map<string, string>();
  for (const [key, row] of rows) {
    const invoice = row as Invoice;
    if (!key.startsWith('invoices/') || invoice.status === 'draft') continue;
    const lines = [...rows.entries()]
      .filter(([k, r]) => k.startsWith('invoiceLines/') && (r as InvoiceLine).invoiceId === invoice.id)
      .map(([k]) => k)
      .sort();
    content.set(invoice.id, JSON.stringify([invoice.number, invoice.customerId, invoice.total, lines]));
  }
  return content;
}

describe.each(TEST_DATABASE_KINDS)('devices converge on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it.each([...REGRESSION_SEEDS, ...SEEDS])('seed %i', async (seed) => {
    const rng = prng(seed);
    const owner = await signUpOwner(database, `Sim ${seed}`);
    const member = await addMember(database, owner);
    const network = new FaultyNetwork(rng);
    const devices: Device[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const db = createDb(`sim-${kind}-${seed}-${i}`);
      const user = i % 2 === 0 ? owner : member;
      devices.push({ db, engine: new SyncEngine(db, rng.uuid(), network.transport(i, user)) });
    }

    const issuedSeen = new Map<string, string>();
    for (let op = 0; op < OPS; op++) {
      const device = devices[rng.int(CLIENTS)]!;
      await act(rng, device);
      if (rng.chance(0.02)) network.partitioned.add(rng.int(CLIENTS));
      if (rng.chance(0.03)) network.partitioned.clear();
      // Some devices sync, several at once, so their requests interleave at the server.
      if (rng.chance(0.3)) await Promise.all(devices.filter(() => rng.chance(0.3)).map(trySync));
      if (op % 50 === 49) {
        for (const [id, content] of issuedContent(await serverRows(owner))) {
          if (issuedSeen.has(id)) expect(content, `issued invoice ${id} changed`).toBe(issuedSeen.get(id));
          else issuedSeen.set(id, content);
        }
      }
    }

    // Quiescence: the network heals and every device syncs until nothing is pending.
    network.faults = false;
    network.partitioned.clear();
    for (let round = 0; round < 3; round++) for (const device of devices) await device.engine.sync();

    const server = await serverRows(owner);
    for (const [i, device] of devices.entries()) {
      expect(await device.db.outbox.count(), `device ${i} outbox`).toBe(0);
      expect(await device.db.shadows.count(), `device ${i} shadows`).toBe(0);
      expect(await deviceRows(device.db), `device ${i} equals the server`).toEqual(server);
    }

    // Numbers: unique and gapless per series, in issue order.
    const numbered = [...server.entries()]
      .filter(([k, r]) => k.startsWith('invoices/') && (r as Invoice).number !== null)
      .map(([, r]) => (r as Invoice).number!);
    const account = server.get('account/account') as { nextNumber: number; numberPrefix: string };
    expect(new Set(numbered).size).toBe(numbered.length);
    expect(numbered.map((n) => Number(n.slice(account.numberPrefix.length))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: account.nextNumber - 1 }, (_, i) => i + 1),
    );
    // Issued content never changed.
    for (const [id, content] of issuedContent(server)) if (issuedSeen.has(id)) expect(content).toBe(issuedSeen.get(id));

    // No acknowledged write lost: every acknowledged creation is there unless a delete was acknowledged too.
    const deleted = new Set(network.acknowledged.filter((m) => m.name.startsWith('delete')).map((m) => (m.args as { id: string }).id));
    for (const m of network.acknowledged) {
      if (m.name === 'createCustomer') {
        const id = (m.args as Customer).id;
        if (!deleted.has(id)) expect(server.has(`customers/${id}`), `acknowledged customer ${id}`).toBe(true);
      }
      if (m.name === 'createInvoice') {
        const id = (m.args as { invoice: Invoice }).invoice.id;
        if (!deleted.has(id)) expect(server.has(`invoices/${id}`), `acknowledged invoice ${id}`).toBe(true);
      }
    }
    expect(network.acknowledged.length).toBeGreaterThan(OPS / 4);

    // Usage is the exact sum of the distinct CDRs the server claimed, however often devices sent them.
    const claimed = resultRows<{ key: string }>(await database.db.execute(sql`select key from cdr_keys where tenant_id = ${owner.tenantId}`));
    expect(claimed.length).toBeGreaterThan(0);
    const usage = [...server.entries()]
      .filter(([key]) => key.startsWith('usage/'))
      .map(([, row]) => row as Usage)
      .map((u) => `${u.id} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge}`)
      .sort();
    expect(usage).toEqual(usageOfClaimedCdrs(claimed.map((r) => r.key)));
    for (const device of devices) await device.db.delete();
  }, SEED_TIMEOUT_MS);
});
