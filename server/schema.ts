/**
 * Drizzle schema of the sync server, in three parts: tenants and auth, the synced entities, and the
 * sync bookkeeping. Every synced row carries its tenant and the tenant version that last touched it;
 * deletes are tombstones so pulls can tell devices about them.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CdrImportCell, Contact, InvoiceParties } from '../lib/entities';

// 1. Tenants and auth ------------------------------------------------------------------------

/** A provider's company account. `version` is the tenant's change counter, bumped under a row lock. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  /** The highest version of a pruned tombstone: a pull from a cursor below it starts over (server/sync/prune.ts). */
  syncFloor: bigint('sync_floor', { mode: 'number' }).notNull().default(0),
  /** When tombstone pruning last looked at this tenant; null: never. */
  prunedAt: timestamp('pruned_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A person who signs in. `email` is stored lower-cased so the unique index is case-insensitive. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  /** `scrypt$N$r$p$salt$hash` (base64url), see server/auth/password.ts. */
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** owner: may change My Account, invite and remove people; member: everything else. */
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/** A signed-in device. Only the SHA-256 of the cookie's token is stored: a leaked table signs nobody in. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * When an owner removed the user from the tenant. The session no longer works (nor again if they
     * rejoin); it stays until it expires so the device can be told why, rather than "sign in again".
     */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('sessions_tenant_user_idx').on(t.tenantId, t.userId)],
);

/** An invite link the owner copies to a teammate; single use, hashed like sessions. */
export const invites = pgTable(
  'invites',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [index('invites_tenant_idx').on(t.tenantId)],
);

/** Every sign-in attempt, for rate limiting per email and per address. Old rows are pruned on sign-in. */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_attempts_email_idx').on(t.email, t.at), index('sign_in_attempts_ip_idx').on(t.ip, t.at)],
);

/** Every sign-up attempt that passed validation, for rate limiting per address. Old rows are pruned on sign-up. */
export const signUpAttempts = pgTable(
  'sign_up_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ip: text('ip').notNull(),
    /** False when the email already had an account (probing for accounts). */
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_up_attempts_ip_idx').on(t.ip, t.at)],
);

// 2. Synced entities (lib/entities.ts) -------------------------------------------------------
// Ids are text, stored verbatim as the device minted them, so device and server keys compare equal.
// Amounts are `numeric` read back as strings; days are `date` as `YYYY-MM-DD` strings.

/** Columns every synced table has: the tenant, the version that last touched the row, the tombstone. */
const syncColumns = () => ({
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  ...rowIdentity(),
});

/** What every synced row has but its tenant. */
const rowIdentity = () => ({
  id: text('id').notNull(),
  /** The tenant version of the mutation that last wrote or deleted this row. */
  version: bigint('version', { mode: 'number' }).notNull(),
  deleted: boolean('deleted').notNull().default(false),
});

export const accountRows = pgTable(
  'account',
  {
    ...syncColumns(),
    companyName: text('company_name').notNull(),
    address: text('address').notNull(),
    email: text('email').notNull(),
    registrationId: text('registration_id').notNull(),
    vatId: text('vat_id').notNull(),
    logo: text('logo').notNull(),
    paymentDetails: text('payment_details').notNull(),
    /** Payment details by currency code (lib/entities Account.paymentDetailsByCurrency); {} for none. */
    paymentDetailsByCurrency: jsonb('payment_details_by_currency').$type<Record<string, string>>().notNull().default({}),
    currency: text('currency').notNull(),
    timezone: text('timezone').notNull(),
    /** The calling code of the switches' home country, '' for none (lib/entities accountSchema); '' on accounts stored before drizzle/0016. */
    homeCountry: text('home_country').notNull().default(''),
    lineGrouping: text('line_grouping', { enum: ['destination', 'day'] }).notNull(),
    rounding: text('rounding', { enum: ['half-up', 'half-even'] }).notNull(),
    numberPrefix: text('number_prefix').notNull(),
    nextNumber: bigint('next_number', { mode: 'number' }).notNull(),
    paperSize: text('paper_size', { enum: ['A4', 'LETTER'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('account_version_idx').on(t.tenantId, t.version)],
);

export const customerRows = pgTable(
  'customers',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    company: text('company').notNull(),
    status: text('status', { enum: ['active', 'inactive'] }).notNull(),
    currency: text('currency').notNull(),
    taxRate: numeric('tax_rate').notNull(),
    dueDays: integer('due_days').notNull(),
    schedule: text('schedule', { enum: ['none', 'daily', 'weekly', 'monthly'] }).notNull(),
    address: text('address').notNull(),
    contacts: jsonb('contacts').$type<Contact[]>().notNull(),
    externalId: text('external_id').notNull(),
    notes: text('notes').notNull(),
    /** The buyer's VAT id and the note printed near the totals; '' on customers stored before drizzle/0014. */
    vatId: text('vat_id').notNull().default(''),
    taxNote: text('tax_note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('customers_version_idx').on(t.tenantId, t.version)],
);

export const packageRows = pgTable(
  'packages',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    /** The currency of its prices; packages made before drizzle/0012 took their account's. */
    currency: text('currency').notNull(),
    retail: numeric('retail').notNull(),
    setup: numeric('setup').notNull(),
    frequency: text('frequency', { enum: ['none', 'daily', 'weekly', 'monthly'] }).notNull(),
    matchDays: integer('match_days').array().notNull(),
    kind: text('kind', { enum: ['fee', 'free-minutes'] }).notNull(),
    prefixPattern: text('prefix_pattern').notNull(),
    freeMinutes: bigint('free_minutes', { mode: 'number' }).notNull(),
    minimumSpend: boolean('minimum_spend').notNull(),
    retired: boolean('retired').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('packages_version_idx').on(t.tenantId, t.version)],
);

export const customerPackageRows = pgTable(
  'customer_packages',
  {
    ...syncColumns(),
    customerId: text('customer_id').notNull(),
    packageId: text('package_id').notNull(),
    quantity: integer('quantity').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('customer_packages_version_idx').on(t.tenantId, t.version),
    index('customer_packages_customer_idx').on(t.tenantId, t.customerId),
    index('customer_packages_package_idx').on(t.tenantId, t.packageId),
  ],
);

export const usageRows = pgTable(
  'usage',
  {
    // No foreign key to the tenant: ingest writes tens of thousands of usage rows per transaction,
    // and its check per row was an eighth of the cost of each. The tenant's delete trigger removes
    // them instead, as it does CDRs (drizzle/0006).
    tenantId: uuid('tenant_id').notNull(),
    // The id is COLLATE "C" (drizzle/0007; drizzle-kit cannot say it): it starts with the customer's
    // id (lib/cdr usageId), so a customer's rows are one range of the primary key.
    ...rowIdentity(),
    customerId: text('customer_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    destination: text('destination').notNull(),
    destinationName: text('destination_name').notNull(),
    calls: bigint('calls', { mode: 'number' }).notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull(),
    /** Seconds of talk time and of billed time (after the rate's increments). */
    seconds: bigint('seconds', { mode: 'number' }).notNull(),
    billedSeconds: bigint('billed_seconds', { mode: 'number' }).notNull(),
    charge: numeric('charge').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // No index by customer: keeping one cost ingest a quarter of each usage row's write (every
    // customer's rows share one key). The server reads a customer's rows by id range (server-tx
    // list); devices index them.
    index('usage_version_idx').on(t.tenantId, t.version),
  ],
);

export const invoiceRows = pgTable(
  'invoices',
  {
    ...syncColumns(),
    customerId: text('customer_id').notNull(),
    number: text('number'),
    status: text('status', { enum: ['draft', 'issued', 'void'] }).notNull(),
    invoiceDate: date('invoice_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    currency: text('currency').notNull(),
    rounding: text('rounding', { enum: ['half-up', 'half-even'] }).notNull(),
    notes: text('notes').notNull(),
    voidReason: text('void_reason').notNull(),
    net: numeric('net').notNull(),
    tax: numeric('tax').notNull(),
    total: numeric('total').notNull(),
    paid: numeric('paid').notNull(),
    /** The seller's and customer's details as issued (lib/invoice-parties); null on drafts and on invoices issued before drizzle/0009. */
    parties: jsonb('parties').$type<InvoiceParties>(),
    /** The void invoice this one replaces (lib/mutators createReplacementInvoice); null on others, and on invoices from before drizzle/0013. */
    replacesId: text('replaces_id'),
    /** The issued invoice this credit note credits (lib/mutators createCreditNote); null on others, and on invoices from before drizzle/0017. */
    creditsId: text('credits_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('invoices_version_idx').on(t.tenantId, t.version),
    index('invoices_customer_idx').on(t.tenantId, t.customerId),
    // createReplacementInvoice looks for an invoice's replacement; few invoices have one.
    index('invoices_replaces_idx').on(t.tenantId, t.replacesId).where(sql`${t.replacesId} is not null`),
    // The number carries its series prefix, so (tenant, number) is unique per series too.
    uniqueIndex('invoices_number_unique').on(t.tenantId, t.number).where(sql`${t.number} is not null`),
  ],
);

export const invoiceLineRows = pgTable(
  'invoice_lines',
  {
    ...syncColumns(),
    invoiceId: text('invoice_id').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['usage', 'package', 'setup', 'manual', 'minimum-spend', 'free-minutes'] }).notNull(),
    description: text('description').notNull(),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    quantity: numeric('quantity').notNull(),
    unit: text('unit').notNull(),
    unitPrice: numeric('unit_price').notNull(),
    taxRate: numeric('tax_rate').notNull(),
    amount: numeric('amount'),
    calls: bigint('calls', { mode: 'number' }),
    /** Billed minutes, decimal. */
    minutes: numeric('minutes'),
    packageId: text('package_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('invoice_lines_version_idx').on(t.tenantId, t.version),
    index('invoice_lines_invoice_idx').on(t.tenantId, t.invoiceId),
  ],
);

export const paymentRows = pgTable(
  'payments',
  {
    ...syncColumns(),
    customerId: text('customer_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    amount: numeric('amount').notNull(),
    /** Payments before drizzle/0010 took their first invoice's currency (the customer's, the account's, when none). */
    currency: text('currency').notNull(),
    method: text('method').notNull(),
    reference: text('reference').notNull(),
    /** Amounts are decimal strings inside the JSON, never JSON numbers. */
    allocations: jsonb('allocations').$type<{ invoiceId: string; amount: string }[]>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('payments_version_idx').on(t.tenantId, t.version),
    index('payments_customer_idx').on(t.tenantId, t.customerId),
  ],
);

/** A browser CDR import (lib/entities cdrImportSchema), listed on the Usage screen and undone from there. */
export const cdrImportRows = pgTable(
  'cdr_imports',
  {
    ...syncColumns(),
    fileName: text('file_name').notNull(),
    /** The importing device's clock, ISO 8601, for display. */
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
    status: text('status', { enum: ['imported', 'undone'] }).notNull(),
    undoneAt: text('undone_at'),
    undoneBy: text('undone_by'),
    cdrs: bigint('cdrs', { mode: 'number' }).notNull(),
    calls: bigint('calls', { mode: 'number' }).notNull(),
    billedSeconds: bigint('billed_seconds', { mode: 'number' }).notNull(),
    /** Amounts are decimal strings inside the JSON, never JSON numbers. */
    charges: jsonb('charges').$type<{ currency: string; amount: string }[]>().notNull(),
    customerIds: jsonb('customer_ids').$type<string[]>().notNull(),
    firstDay: date('first_day', { mode: 'string' }),
    lastDay: date('last_day', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('cdr_imports_version_idx').on(t.tenantId, t.version)],
);

/** What one importCdrs mutation of a browser import billed, per usage row: undoCdrImport subtracts it. */
export const cdrImportPartRows = pgTable(
  'cdr_import_parts',
  {
    ...syncColumns(),
    importId: text('import_id').notNull(),
    /** Charges are decimal strings inside the JSON, never JSON numbers. */
    cells: jsonb('cells').$type<CdrImportCell[]>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('cdr_import_parts_version_idx').on(t.tenantId, t.version),
    index('cdr_import_parts_import_idx').on(t.tenantId, t.importId),
  ],
);

// 3. Sync bookkeeping ------------------------------------------------------------------------

/** A device's sync identity (one per tenant+user local database); push locks this row. */
export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The last mutation id processed (applied or rejected); mutations arrive in id order. */
    lastMutationId: bigint('last_mutation_id', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('clients_tenant_idx').on(t.tenantId)],
);

/**
 * Mutations the business rules refused ('rejected'), or applied only in part ('partial': a money
 * field another device changed first, lib/field-patch), reported to their device by pull.
 * ('overrode' rows, the notices of drizzle/0001..0017, moved to sync_notices in drizzle/0018.)
 */
export const mutationResults = pgTable(
  'mutation_results',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['rejected', 'partial'] }).notNull(),
    error: text('error').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.mutationId] })],
);

/**
 * What a mutation undid of other devices' changes (lib/overridden-changes; push recordOverridden):
 * one row per such mutation, keyed by its tenant version (one mutation, one version). Pull sends
 * the notices of the versions a page covers to every device of the tenant but the one that made
 * the mutation; the device whose change was undone tells its user (the server cannot tell which
 * device that is: rows do not record their writer). Pruning drops those at or below the tenant's
 * sync floor, which no pull reaches any more (server/sync/prune.ts).
 */
export const syncNotices = pgTable(
  'sync_notices',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The tenant version of the mutation that made the notice. */
    version: bigint('version', { mode: 'number' }).notNull(),
    /**
     * The device that made the mutation, whose pulls skip the notice. No foreign key: a device's
     * client row going (its user removed) must not take back what the other devices are to be told.
     */
    clientId: uuid('client_id').notNull(),
    /**
     * lib/protocol overriddenChangeSchema[], JSON as pull sends it. Text, not jsonb: jsonb refuses
     * a NUL or half a surrogate pair in a string even escaped, and a notice quotes values.
     */
    changes: text('changes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Pull's query: a tenant's notices in a version range (the device is a filter on few rows).
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

/**
 * "The tenant was at this version at this time", recorded each time pruning looks at a tenant: a
 * tombstone at or below a mark older than the retention period is older than that period.
 */
export const tenantVersionMarks = pgTable(
  'tenant_version_marks',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.at] })],
);

// 4. CDR ingest (server/cdr) -----------------------------------------------------------------
// The raw CDRs themselves live in `cdrs`, a table partitioned by month of call start that
// drizzle-kit cannot describe: it is created by hand in drizzle/0002_create_cdr_ingest.sql and
// written with SQL in server/cdr/ingest.ts.

/** A softswitch's key for `POST /api/cdrs`. Only the SHA-256 of the key is stored. */
export const cdrApiKeys = pgTable(
  'cdr_api_keys',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key, shown in lists so the owner can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('cdr_api_keys_tenant_idx').on(t.tenantId)],
);

/**
 * Every CDR identity a tenant has ingested (`c:<call id>` or `r:<row hash>`, lib/cdr): the
 * deduplication index. It is a table of its own because a unique index on the partitioned `cdrs`
 * would have to include the month, and a call id must be unique per tenant whatever its time says.
 */
export const cdrKeys = pgTable('cdr_keys', {
  // No foreign key (nor on `cdrs`): its check per row was a third of the cost of ingest. A
  // statement-level trigger on `tenants` deletes a removed tenant's keys and CDRs instead, and
  // ingest checks the tenant under its lock before it commits (drizzle/0005).
  tenantId: uuid('tenant_id').notNull(),
  // COLLATE "C" (drizzle/0005; drizzle-kit cannot say it): keys compare as bytes, not by locale.
  key: text('key').notNull(),
  /**
   * The browser import (cdr_imports) that claimed the key, so undoing it forgets its keys; null for
   * POST /api/cdrs and for imports made before they were recorded (drizzle/0011).
   */
  importId: text('import_id'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.key] }),
  index('cdr_keys_import_idx').on(t.tenantId, t.importId).where(sql`${t.importId} is not null`),
]);
