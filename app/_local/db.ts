/**
 * The device's database (IndexedDB through Dexie). Entity tables hold what the screens show: the
 * last pulled server state with the pending local mutations applied on top. The outbox keeps those
 * pending mutations in order; `shadows` keeps the server pre-image of each row a pending mutation
 * touched, so a pull can put server state back, apply the new server rows, and replay the outbox.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { RecordLabels } from '@/lib/change-labels';
import { ACCOUNT_ID } from '@/lib/entities';
import { defaultAccount } from '@/lib/mutators';
import { currentIdentity, databaseName } from './session';
import type {
  Account,
  CdrImport,
  CdrImportPart,
  Customer,
  CustomerPackage,
  EntityName,
  Invoice,
  InvoiceLine,
  Package,
  Payment,
  Usage,
} from '@/lib/entities';

/** A named mutation waiting to be pushed; `id` increases by one per client. */
export interface OutboxEntry {
  id: number;
  name: string;
  args: unknown;
  /** How the user knew the records it read or wrote, by id, when it was made: refusals name them so. */
  labels?: RecordLabels;
  /** Device clock, for display only ("unsynced since"), never for ordering. */
  createdAt: number;
}

/** The server's version of a row before pending mutations touched it; `row: null` = did not exist. */
export interface Shadow {
  key: string;
  entity: EntityName;
  id: string;
  row: unknown;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** Local-only edits of an invoice not yet saved, so they survive navigation and reload. */
export interface DraftEdit {
  key: string;
  value: unknown;
  updatedAt: number;
}

/** A mutation the server refused (a domain error), kept until the user dismisses it. */
export interface Rejection {
  mutationId: number;
  name: string;
  error: string;
  /** The change was applied but for the part `error` names (lib/field-patch); otherwise refused whole. */
  partial?: boolean;
  /** The payment whose credit the notice asks the user to apply (credit-notices.ts): it goes once that credit is gone. */
  creditOf?: string;
  /** Not refused: applied, then undone by another device's later change made without knowing of it (lib/overridden-changes). */
  overridden?: boolean;
  at: number;
}

/**
 * The key of a notice that is not a server mutation's: one of its own, below every real one (all
 * negative), so nothing overwrites it, and rising with the time it arose, so notices list in the
 * order they were told. Inside a transaction over `rejections`.
 */
export async function noticeKey(db: TollbookDb): Promise<number> {
  let key = Date.now() * 1000 - Number.MAX_SAFE_INTEGER;
  while (await db.rejections.get(key)) key += 1;
  return key;
}

export type TollbookDb = Dexie & {
  account: EntityTable<Account, 'id'>;
  customers: EntityTable<Customer, 'id'>;
  packages: EntityTable<Package, 'id'>;
  customerPackages: EntityTable<CustomerPackage, 'id'>;
  usage: EntityTable<Usage, 'id'>;
  invoices: EntityTable<Invoice, 'id'>;
  invoiceLines: EntityTable<InvoiceLine, 'id'>;
  payments: EntityTable<Payment, 'id'>;
  cdrImports: EntityTable<CdrImport, 'id'>;
  cdrImportParts: EntityTable<CdrImportPart, 'id'>;
  outbox: EntityTable<OutboxEntry, 'id'>;
  shadows: EntityTable<Shadow, 'key'>;
  meta: EntityTable<MetaEntry, 'key'>;
  draftEdits: EntityTable<DraftEdit, 'key'>;
  rejections: EntityTable<Rejection, 'mutationId'>;
};

/** Indexes of each entity table; the first key is the primary key. */
export const ENTITY_INDEXES: Record<EntityName, string> = {
  account: 'id',
  customers: 'id, name, company, status',
  packages: 'id, name',
  customerPackages: 'id, customerId, packageId',
  usage: 'id, customerId, [customerId+day], day',
  invoices: 'id, customerId, status, invoiceDate, dueDate, number, [customerId+invoiceDate], replacesId',
  invoiceLines: 'id, invoiceId',
  payments: 'id, customerId, date',
  cdrImports: 'id, importedAt',
  cdrImportParts: 'id, importId',
};

/** The entity tables of the first schema; version 3 added the browser imports' records. */
const VERSION_1_ENTITIES: EntityName[] = ['account', 'customers', 'packages', 'customerPackages', 'usage', 'invoices', 'invoiceLines', 'payments'];

const VERSION_1_STORES = {
  ...Object.fromEntries(VERSION_1_ENTITIES.map((entity) => [entity, ENTITY_INDEXES[entity]])),
  // Version 5 added replacesId.
  invoices: 'id, customerId, status, invoiceDate, dueDate, number, [customerId+invoiceDate]',
  outbox: 'id',
  shadows: 'key',
  meta: 'key',
  draftEdits: 'key',
  rejections: 'mutationId',
};

export function createDb(name: string): TollbookDb {
  const db = new Dexie(name) as TollbookDb;
  db.version(1).stores(VERSION_1_STORES);
  // 2: payments carry their currency (lib/entities). The server gave its old payments theirs
  // (drizzle/0012) but sends a row only when it changes, so the device fills in its own copies, and
  // the server pre-images kept for pending changes, the same way.
  db.version(2)
    .stores(VERSION_1_STORES)
    .upgrade(async (tx) => {
      const account = (await tx.table('account').get(ACCOUNT_ID)) as Account | undefined;
      const currencyOf = async (payment: Omit<Payment, 'currency'>): Promise<string> => {
        const invoiceId = payment.allocations[0]?.invoiceId;
        const invoice = invoiceId === undefined ? undefined : ((await tx.table('invoices').get(invoiceId)) as Invoice | undefined);
        const customer = (await tx.table('customers').get(payment.customerId)) as Customer | undefined;
        return invoice?.currency ?? customer?.currency ?? account?.currency ?? 'USD';
      };
      const payments = (await tx.table('payments').toArray()) as Partial<Payment>[];
      for (const payment of payments) {
        if (!payment.currency) await tx.table('payments').put({ ...payment, currency: await currencyOf(payment as Payment) });
      }
      const shadows = (await tx.table('shadows').where('key').startsWith('payments/').toArray()) as Shadow[];
      for (const shadow of shadows) {
        const row = shadow.row as Partial<Payment> | null;
        if (row && !row.currency) await tx.table('shadows').put({ ...shadow, row: { ...row, currency: await currencyOf(row as Payment) } });
      }
    });
  db.version(3)
    .stores({ cdrImports: ENTITY_INDEXES.cdrImports, cdrImportParts: ENTITY_INDEXES.cdrImportParts })
    .upgrade(async (tx) => {
      // Until now this device pulled with protocol 1, which leaves the import records out: it
      // fetches every row once more from the start (keys of sync-engine.ts), keeping its data and outbox.
      const meta = tx.table<MetaEntry, string>('meta');
      if (await meta.get('cursor')) await meta.put({ key: 'cursor', value: 0 });
      await meta.bulkDelete(['pullSnapshot', 'pullProgress']);
    });
  // 4: packages gained a currency. Those pulled before have none, and the server, which gave its rows
  // My Account's currency (drizzle/0012), does not send them again: the device fills in the same,
  // in the rows and in the server pre-images pending mutations keep (which a pull puts back).
  db.version(4)
    .stores({})
    .upgrade(async (tx) => {
      const account = (await tx.table('account').get(ACCOUNT_ID)) as Account | undefined;
      const currency = account?.currency ?? defaultAccount().currency;
      await tx
        .table('packages')
        .toCollection()
        .modify((pkg: Partial<Package>) => {
          pkg.currency ??= currency;
        });
      await tx
        .table('shadows')
        .toCollection()
        .modify((shadow: Shadow) => {
          const row = shadow.row as Partial<Package> | null;
          if (shadow.entity === 'packages' && row && row.currency === undefined) shadow.row = { ...row, currency };
        });
    });
  // 5: an invoice may replace a void one (lib/entities replacesId), and the void one's screen finds
  // its replacement by this index. Rows pulled before have no replacesId, so none to fill in.
  db.version(5).stores({ invoices: ENTITY_INDEXES.invoices });
  return db;
}

export function entityTable(db: TollbookDb, entity: EntityName): Table<unknown, string> {
  return db.table(entity);
}

let current: TollbookDb | undefined;

/**
 * The signed-in tenant+user's database on this device. Screens render only once someone is
 * signed in (the app's sign-in gate), so there is always an identity here.
 */
export function localDb(): TollbookDb {
  const identity = currentIdentity();
  const name = identity ? databaseName(identity) : 'tollbook-signed-out';
  // A database deleted at sign-out stays closed for good: signing back in as the same person in
  // the same tab (the same name) needs a new instance, or nothing ever opens again.
  if (current?.name !== name || current.hasBeenClosed()) {
    current?.close();
    current = createDb(name);
  }
  return current;
}
