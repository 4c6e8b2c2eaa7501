/**
 * Server ingest of CDRs (`POST /api/cdrs`): the same parsing and validation as the browser import
 * (lib/cdr), over a stream of text, in batches of up to BATCH_SIZE CDRs. Each batch is one
 * transaction on the driver itself (batch-session.ts), a handful of statements whatever its size:
 *
 * 1. lock the tenant row FOR NO KEY UPDATE (as push does: it conflicts with itself but not with
 *    the key-share locks foreign keys take, so it cannot deadlock with them), so a tenant's batches
 *    and pushes run one at a time and versions commit in version order (pull relies on it);
 * 2. claim the batch's keys in `cdr_keys` in one statement that returns the keys claimed before
 *    (by any request, process or push): those CDRs are duplicates, the others new;
 * 3. COPY the new CDRs into `cdrs` (Postgres routes each to its month's partition);
 * 4. add their roll-up to the usage rows (customer × billing day × destination) in SQL, exactly
 *    (`numeric` addition), stamping the touched rows with the tenant's next versions (one per
 *    PULL_PAGE_MAX rows), so devices pull them;
 * 5. set the tenant version and NOTIFY (the poke reaches devices once the batch commits).
 *
 * Batches are pipelined: the next one is parsed while Postgres writes this one, and it grows
 * (from MIN_BATCH_SIZE up to BATCH_SIZE) while Postgres is busy, so fewer, larger batches rewrite
 * each usage row fewer times.
 *
 * A request is therefore not all-or-nothing: a batch that committed stays, and a retried request
 * only adds what is missing (its CDRs are duplicates). Bad lines are never written; they come back
 * in the response with their line numbers and reasons, as the browser import lists them.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
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
import { PULL_PAGE_MAX } from '../../lib/protocol';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { accountRows, customerRows } from '../schema';
import { POKE_CHANNEL } from '../sync/pokes';
import { inBatchSession } from './batch-session';
import { ensureCdrPartitions } from './partitions';

/**
 * The most CDRs per transaction. Each batch costs a few round trips and rewrites every usage row
 * its CDRs touch (a usage row costs several CDRs' worth of writes), so larger is faster; pull
 * pages stay small because usage rows are stamped one version per PULL_PAGE_MAX. The bound is
 * memory: a batch's CDRs and their COPY lines are held at once, two batches per request.
 */
export const BATCH_SIZE = 100_000;
/**
 * A batch is written as soon as it has this many CDRs and the previous batch has committed, so a
 * small request commits at once and a large one's batches grow while Postgres is busy.
 */
export const MIN_BATCH_SIZE = 5000;
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
  /** Tests: CDRs per transaction instead of MIN_BATCH_SIZE to BATCH_SIZE. */
  batchSize?: number;
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
  const maxBatch = options.batchSize ?? BATCH_SIZE;
  const minBatch = options.batchSize ?? MIN_BATCH_SIZE;
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
    // Postgres text cannot hold U+0000; only these two cells reach the database as written.
    if (cdr.callId.includes('\0') || cdr.destinationName.includes('\0')) {
      return bad({ line: cdr.line, reason: `${cdr.callId.includes('\0') ? 'call id' : 'destination name'} contains a NUL character` });
    }
    // Repeats within one batch are counted here; across batches and requests, by cdr_keys.
    if (seen.has(cdr.key)) {
      result.duplicates++;
      return;
    }
    seen.add(cdr.key);
    batch.push({ cdr, customer: match.customer, day: cdrBillingDay(cdr.epochMs, timeZone) });
  };

  // Pipelined: while Postgres writes one batch, the next is parsed. One batch at a time is in
  // flight, so the tenant's versions still commit in order and each batch's keys are checked
  // against everything the batches before it claimed.
  let writing: Promise<void> | undefined;
  let written = true;
  const settled = async () => {
    const previous = writing;
    writing = undefined;
    await previous;
  };
  const flush = async () => {
    await settled();
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    seen.clear();
    written = false;
    writing = writeBatch(database, tenantId, pending, options.beforeCommit)
      .then((outcome) => {
        result.accepted += outcome.accepted;
        result.duplicates += pending.length - outcome.accepted;
        result.usageRows += outcome.usageRows;
      })
      .finally(() => {
        written = true;
      });
    // Its failure is thrown by the next settled(); until then it must not count as unhandled.
    writing.catch(() => {});
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
  try {
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
      if (batch.length >= maxBatch || (batch.length >= minBatch && written)) await flush();
      // A body already buffered arrives by microtasks alone; the driver's socket needs the event
      // loop to turn for the batch in flight to progress while this one is parsed.
      else if (!written) await nextMacrotask();
    }
    if (options.format === 'csv') csv.end();
    else onNdjsonLine(carry, line);
    await flush();
    await settled();
  } finally {
    // A body that fails mid-way still waits for the batch in flight: no transaction outlives the request.
    await writing?.catch(() => {});
  }
  return result;
}

/** COPY's text format: a backslash, tab or line end inside a value is written as an escape. */
function copyText(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]!) : value;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const CDR_COLUMNS =
  'cdrs (tenant_id, key, call_id, started_at, customer_id, destination_number, destination, destination_name, seconds, billed_seconds, charge, currency, usage_day)';

/** Writes one batch (see the module comment); returns how many CDRs were new and usage rows touched. */
async function writeBatch(
  database: Database,
  tenantId: string,
  pending: Pending[],
  beforeCommit?: () => Promise<void>,
): Promise<{ accepted: number; usageRows: number }> {
  // The COPY lines are built before the transaction, so the tenant lock is held only for SQL.
  const months = new Set<string>();
  const lines = pending.map(({ cdr, customer, day }) => {
    const startedAt = new Date(cdr.epochMs).toISOString();
    months.add(startedAt.slice(0, 7));
    return `${tenantId}\t${copyText(cdr.key)}\t${copyText(cdr.callId)}\t${startedAt}\t${copyText(customer.id)}\t${cdr.number}\t${cdr.destination}\t${copyText(
      cdr.destinationName,
    )}\t${cdr.seconds}\t${cdr.billedSeconds}\t${formatUnits(cdr.charge, 6)}\t${customer.currency}\t${day}\n`;
  });
  await ensureCdrPartitions(database, months);
  return inBatchSession(database, async (tx) => {
    const [tenant] = await tx.rows<{ version: string | number }>('select version from tenants where id = $1 for no key update', [tenantId]);
    if (!tenant) throw new ServiceError('NOT_FOUND', 'The company account no longer exists');
    // The keys some request, process or push claimed before come back (usually none): ON CONFLICT
    // probes the key index once per key, so the cost does not grow with the tenant's history.
    const claimedBefore = await tx.rows<{ key: string }>(
      `with batch as (select unnest($2::text[]) as key),
            claimed as (insert into cdr_keys (tenant_id, key) select $1::uuid, key from batch on conflict do nothing returning key)
       select key from batch except select key from claimed`,
      [tenantId, pending.map((p) => p.cdr.key)],
    );
    const duplicate = new Set(claimedBefore.map((r) => r.key));
    const isNew = (_: unknown, i: number) => !duplicate.has(pending[i]!.cdr.key);
    const accepted = duplicate.size === 0 ? pending : pending.filter(isNew);
    if (accepted.length === 0) {
      await beforeCommit?.();
      return { accepted: 0, usageRows: 0 };
    }
    await tx.copyIn(CDR_COLUMNS, (duplicate.size === 0 ? lines : lines.filter(isNew)).join(''));

    const cells = new Map<string, { customer: CdrCustomer; cells: Map<string, UsageCell> }>();
    for (const { cdr, customer, day } of accepted) {
      let entry = cells.get(customer.id);
      if (!entry) cells.set(customer.id, (entry = { customer, cells: new Map() }));
      addToCells(entry.cells, cdr, day);
    }
    // One version per pull page of usage rows: a page ends on a version boundary, so a batch's
    // rows stay in pages of at most PULL_PAGE_MAX however many cells its CDRs fall into.
    const first = Number(tenant.version) + 1;
    let count = 0;
    const usage = JSON.stringify(
      [...cells.values()].flatMap(({ customer, cells: byCell }) =>
        [...byCell.values()].map((c) => ({
          id: usageId(customer.id, c.day, c.destination),
          version: first + Math.floor(count++ / PULL_PAGE_MAX),
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
    const version = first + Math.floor((count - 1) / PULL_PAGE_MAX);
    // A tombstoned row (usage deleted on a device) starts again from the new CDRs.
    const [touched] = await tx.rows<{ n: number }>(
      `with upserted as (
         insert into usage as u (tenant_id, id, version, deleted, customer_id, day, destination, destination_name,
                                 calls, attempts, seconds, billed_seconds, charge, currency)
         select $1::uuid, id, version, false, customer_id, day, destination, destination_name,
                calls, attempts, seconds, billed_seconds, charge, currency
         from json_to_recordset($2::text::json) as x(id text, version bigint, customer_id text, day date, destination text,
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
         returning 1)
       select count(*)::int as n from upserted`,
      [tenantId, usage],
    );
    await tx.rows('update tenants set version = $2 where id = $1', [tenantId, version]);
    await tx.rows('select pg_notify($1, $2)', [POKE_CHANNEL, `${tenantId}:${version}`]);
    await beforeCommit?.();
    return { accepted: accepted.length, usageRows: touched!.n };
  });
}
