/**
 * Server ingest of CDRs (`POST /api/cdrs`): the same parsing and validation as the browser import
 * (lib/cdr), over a stream of text, in batches of BATCH_SIZE CDRs. Each batch is one transaction:
 *
 * 1. lock the tenant row FOR NO KEY UPDATE (as push does: it conflicts with itself but not with
 *    the key-share locks foreign keys take, so it cannot deadlock with them), so a tenant's batches
 *    and pushes run one at a time and versions commit in version order (pull relies on it); the
 *    batch takes the next version;
 * 2. insert the batch's keys into `cdr_keys` (ON CONFLICT DO NOTHING RETURNING): the CDRs whose
 *    key comes back are new, the others duplicates, whichever request or process sent them first;
 * 3. insert the new CDRs into the month partitions of `cdrs`;
 * 4. add their roll-up to the usage rows (customer × billing day × destination) in SQL, exactly
 *    (`numeric` addition), stamping each touched row with the version, so devices pull them;
 * 5. set the tenant version and NOTIFY (the poke reaches devices once the batch commits).
 *
 * A request is therefore not all-or-nothing: a batch that committed stays, and a retried request
 * only adds what is missing (its CDRs are duplicates). Bad lines are never written; they come back
 * in the response with their line numbers and reasons, as the browser import lists them.
 */
import { eq, sql } from 'drizzle-orm';
import {
  addToCells,
  cdrBillingDay,
  cellsFromJson,
  CsvStream,
  CustomerDirectory,
  currencyMismatch,
  detectPreset,
  mappingFromPreset,
  missingFields,
  NDJSON_MAPPING,
  parseCdrRow,
  usageId,
  type Cdr,
  type CdrCustomer,
  type CdrMapping,
  type CdrPresetId,
  type CdrRowError,
  type UsageCell,
} from '../../lib/cdr';
import { ACCOUNT_ID } from '../../lib/entities';
import { formatUnits } from '../../lib/money';
import type { Database } from '../db';
import { resultRows } from '../db';
import { ServiceError } from '../errors';
import { accountRows, customerRows, tenants } from '../schema';
import { notifyTenant } from '../sync/pokes';
import { runTransaction } from '../transactions';
import { ensureCdrPartitions } from './partitions';

/** CDRs per transaction: large enough for throughput, small enough that a pull page stays small. */
export const BATCH_SIZE = 5000;
/** Bad lines listed in a response (all are counted). */
export const MAX_LISTED_BAD_ROWS = 1000;

export type IngestFormat = 'csv' | 'ndjson';

export interface IngestOptions {
  format: IngestFormat;
  /** CSV: the columns; by default detected from the first line (a header, or a headerless preset). */
  preset?: CdrPresetId;
  /** Zone of times written without an offset; UTC by default. */
  sourceTimeZone?: string;
  /** Tests: called inside each batch's transaction before it commits. */
  beforeCommit?: () => Promise<void>;
}

export interface IngestResult {
  /** New CDRs stored and rolled up. */
  accepted: number;
  /** CDRs already ingested (by any request), or repeated in this one. */
  duplicates: number;
  badCount: number;
  badRows: CdrRowError[];
  /** Usage rows changed. */
  usageRows: number;
}

/** The body cannot be read as CDRs at all: nothing was written. */
export class IngestFormatError extends ServiceError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

interface Pending {
  cdr: Cdr;
  customer: CdrCustomer;
  day: string;
}

async function tenantSetup(database: Database, tenantId: string) {
  const [account] = await database.db
    .select({ timezone: accountRows.timezone })
    .from(accountRows)
    .where(sql`${accountRows.tenantId} = ${tenantId} and ${accountRows.id} = ${ACCOUNT_ID} and not ${accountRows.deleted}`);
  const customers = await database.db
    .select({ id: customerRows.id, name: customerRows.name, externalId: customerRows.externalId, currency: customerRows.currency })
    .from(customerRows)
    .where(sql`${customerRows.tenantId} = ${tenantId} and not ${customerRows.deleted}`);
  return { timeZone: account?.timezone ?? 'UTC', directory: new CustomerDirectory(customers) };
}

export async function ingestCdrs(database: Database, tenantId: string, body: AsyncIterable<string>, options: IngestOptions): Promise<IngestResult> {
  const { timeZone, directory } = await tenantSetup(database, tenantId);
  const result: IngestResult = { accepted: 0, duplicates: 0, badCount: 0, badRows: [], usageRows: 0 };
  const bad = (error: CdrRowError) => {
    result.badCount++;
    if (result.badRows.length < MAX_LISTED_BAD_ROWS) result.badRows.push(error);
  };
  let batch: Pending[] = [];
  const seen = new Set<string>();

  const take = (cdr: Cdr) => {
    const match = directory.match(cdr.customer);
    if (!match) return bad({ line: cdr.line, reason: `customer ${JSON.stringify(cdr.customer)} is not a customer of this account` });
    if ('ambiguous' in match) {
      return bad({ line: cdr.line, reason: `customer ${JSON.stringify(cdr.customer)} matches ${match.ambiguous} customers; send the customer id` });
    }
    const mismatch = currencyMismatch(cdr, match.customer);
    if (mismatch) return bad({ line: cdr.line, reason: mismatch });
    // Repeats within one batch are counted here; across batches and requests, by cdr_keys.
    if (seen.has(cdr.key)) {
      result.duplicates++;
      return;
    }
    seen.add(cdr.key);
    batch.push({ cdr, customer: match.customer, day: cdrBillingDay(cdr.epochMs, timeZone) });
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    seen.clear();
    const outcome = await writeBatch(database, tenantId, pending, options.beforeCommit);
    result.accepted += outcome.accepted;
    result.duplicates += pending.length - outcome.accepted;
    result.usageRows += outcome.usageRows;
  };

  let mapping: CdrMapping | undefined = options.format === 'ndjson' ? NDJSON_MAPPING : undefined;
  let headerPending = false;
  const onCsvRow = (cells: string[], line: number) => {
    if (!mapping) {
      const preset = options.preset ?? detectPreset(cells);
      if (!preset) {
        throw new IngestFormatError(
          'The first line is neither a header naming the columns (time, customer, destination_number, duration, charge, …) nor an Asterisk or FreeSWITCH CDR; name the columns or pass ?preset=',
        );
      }
      mapping = mappingFromPreset(preset, cells, options.sourceTimeZone ?? 'UTC');
      const missing = missingFields(mapping);
      if (missing.length) throw new IngestFormatError(`The header has no column for ${missing.join(', ')}`);
      headerPending = mapping.hasHeader;
    }
    if (headerPending) {
      headerPending = false;
      return;
    }
    const parsed = parseCdrRow(cells, line, mapping);
    if (parsed.ok) take(parsed.cdr);
    else bad(parsed.error);
  };

  let carry = '';
  let line = 1;
  const onNdjsonLine = (text: string, at: number) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return bad({ line: at, reason: 'is not JSON' });
    }
    const cells = cellsFromJson(value);
    if (typeof cells === 'string') return bad({ line: at, reason: cells });
    const parsed = parseCdrRow(cells, at, NDJSON_MAPPING);
    if (parsed.ok) take(parsed.cdr);
    else bad(parsed.error);
  };

  const csv = new CsvStream(onCsvRow, bad);
  for await (const chunk of body) {
    if (options.format === 'csv') {
      csv.push(chunk);
    } else {
      carry += chunk;
      let nl: number;
      while ((nl = carry.indexOf('\n')) >= 0) {
        onNdjsonLine(carry.slice(0, nl), line++);
        carry = carry.slice(nl + 1);
      }
      if (carry.length > 1_000_000) throw new IngestFormatError(`Line ${line} is longer than 1,000,000 characters`);
    }
    if (batch.length >= BATCH_SIZE) await flush();
  }
  if (options.format === 'csv') csv.end();
  else onNdjsonLine(carry, line);
  await flush();
  return result;
}

/** Writes one batch (see the module comment); returns how many CDRs were new and usage rows touched. */
async function writeBatch(
  database: Database,
  tenantId: string,
  pending: Pending[],
  beforeCommit?: () => Promise<void>,
): Promise<{ accepted: number; usageRows: number }> {
  const months = new Set(pending.map((p) => new Date(p.cdr.epochMs).toISOString().slice(0, 7)));
  await ensureCdrPartitions(database, months);
  return runTransaction(database, async (tx) => {
    const [tenant] = await tx.select({ version: tenants.version }).from(tenants).where(eq(tenants.id, tenantId)).for('no key update');
    if (!tenant) throw new ServiceError('NOT_FOUND', 'The company account no longer exists');
    const keys = JSON.stringify(pending.map((p) => p.cdr.key));
    const inserted = resultRows<{ key: string }>(
      await tx.execute(sql`
        insert into cdr_keys (tenant_id, key)
        select ${tenantId}::uuid, k from json_array_elements_text(${keys}::json) as k
        on conflict do nothing
        returning key`),
    );
    if (inserted.length === 0) {
      await beforeCommit?.();
      return { accepted: 0, usageRows: 0 };
    }
    const fresh = new Set(inserted.map((r) => r.key));
    const accepted = pending.filter((p) => fresh.has(p.cdr.key));
    const version = tenant.version + 1;

    const raw = JSON.stringify(
      accepted.map(({ cdr, customer, day }) => ({
        key: cdr.key,
        call_id: cdr.callId,
        started_at: new Date(cdr.epochMs).toISOString(),
        customer_id: customer.id,
        destination_number: cdr.number,
        destination: cdr.destination,
        destination_name: cdr.destinationName,
        seconds: cdr.seconds,
        billed_seconds: cdr.billedSeconds,
        charge: formatUnits(cdr.charge, 6),
        currency: customer.currency,
        usage_day: day,
      })),
    );
    await tx.execute(sql`
      insert into cdrs (tenant_id, key, call_id, started_at, customer_id, destination_number, destination, destination_name,
                        seconds, billed_seconds, charge, currency, usage_day)
      select ${tenantId}::uuid, key, call_id, started_at, customer_id, destination_number, destination, destination_name,
             seconds, billed_seconds, charge, currency, usage_day
      from json_to_recordset(${raw}::json) as x(key text, call_id text, started_at timestamptz, customer_id text,
           destination_number text, destination text, destination_name text, seconds integer, billed_seconds integer,
           charge numeric, currency text, usage_day date)`);

    const cells = new Map<string, { customer: CdrCustomer; cells: Map<string, UsageCell> }>();
    for (const { cdr, customer, day } of accepted) {
      let entry = cells.get(customer.id);
      if (!entry) cells.set(customer.id, (entry = { customer, cells: new Map() }));
      addToCells(entry.cells, cdr, day);
    }
    const usage = JSON.stringify(
      [...cells.values()].flatMap(({ customer, cells: byCell }) =>
        [...byCell.values()].map((c) => ({
          id: usageId(customer.id, c.day, c.destination),
          customer_id: customer.id,
          day: c.day,
          destination: c.destination,
          destination_name: c.destinationName,
          calls: c.calls,
          attempts: c.attempts,
          seconds: c.seconds,
          billed_seconds: c.billedSeconds,
          charge: formatUnits(c.charge, 6),
          currency: customer.currency,
        })),
      ),
    );
    // A tombstoned row (usage deleted on a device) starts again from the new CDRs.
    const touched = resultRows<{ id: string }>(
      await tx.execute(sql`
        insert into usage as u (tenant_id, id, version, deleted, customer_id, day, destination, destination_name,
                                calls, attempts, seconds, billed_seconds, charge, currency)
        select ${tenantId}::uuid, id, ${version}, false, customer_id, day, destination, destination_name,
               calls, attempts, seconds, billed_seconds, charge, currency
        from json_to_recordset(${usage}::json) as x(id text, customer_id text, day date, destination text,
             destination_name text, calls bigint, attempts bigint, seconds bigint, billed_seconds bigint, charge numeric, currency text)
        on conflict (tenant_id, id) do update set
          version = excluded.version,
          deleted = false,
          destination_name = case when u.deleted or excluded.destination_name > u.destination_name
                                  then excluded.destination_name else u.destination_name end,
          calls = case when u.deleted then 0 else u.calls end + excluded.calls,
          attempts = case when u.deleted then 0 else u.attempts end + excluded.attempts,
          seconds = case when u.deleted then 0 else u.seconds end + excluded.seconds,
          billed_seconds = case when u.deleted then 0 else u.billed_seconds end + excluded.billed_seconds,
          charge = case when u.deleted then 0 else u.charge end + excluded.charge,
          currency = excluded.currency
        returning id`),
    );
    await tx.update(tenants).set({ version }).where(eq(tenants.id, tenantId));
    await notifyTenant(tx, tenantId, version);
    await beforeCommit?.();
    return { accepted: accepted.length, usageRows: touched.length };
  });
}
