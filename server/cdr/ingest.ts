/**
 * Server ingest of CDRs (`POST /api/cdrs`): the same parsing and validation as the browser import
 * (lib/cdr), over the body's bytes (CSV rows in the usual shapes are read from them without a string
 * per cell: lib/cdr-bytes). The CDRs are parsed in chunks, and each chunk is written while the next
 * one is parsed. A chunk is written in a few statements, whatever its size:
 *
 * 1. its keys are claimed in `cdr_keys` with a plain INSERT, in key order. This is the fast path,
 *    for new CDRs. A key already claimed (by any request, process or push) fails the INSERT at a
 *    savepoint, and the chunk claims its keys again with ON CONFLICT DO NOTHING, which tells which
 *    keys were duplicates;
 * 2. its new CDRs are written to `cdrs` with a binary COPY (binary-copy.ts), which Postgres routes
 *    to each one's month partition. Their roll-up is added, in memory, to the usage cells
 *    (customer × billing day × destination) of the transaction.
 *
 * A transaction holds up to COMMIT_CDRS CDRs, or what arrives in COMMIT_MS, or what arrived before
 * the body stalled for IDLE_COMMIT_MS. Before it commits, it
 * folds its cells into the usage rows in one statement. That statement adds exact `numeric` sums
 * and stamps the rows with the tenant's next versions, one per PULL_PAGE_MAX rows, so devices pull
 * them in bounded pages. The fold runs under the tenant row's lock (FOR NO KEY UPDATE, as push
 * takes it), so a tenant's versions commit in version order. Usage rows are written once per
 * transaction, not once per chunk, and the tenant is locked only for the fold, not while CDRs
 * arrive.
 *
 * Two requests with the same keys wait for each other at the key index. If their order makes a
 * deadlock, Postgres aborts one: nothing of that transaction stays, and sending it again is safe
 * (http.ts answers 503). On PGlite, a transaction holds the single connection, so there each chunk
 * commits on its own and no transaction waits for the network.
 *
 * A request is therefore not all-or-nothing when it is large: a transaction that committed stays,
 * and a retried request adds only what is missing (its other CDRs are duplicates). Bad lines are
 * never written. They come back in the response with their line numbers and reasons, as the
 * browser import lists them. Input the rest of the body cannot be read past (bytes that are not
 * UTF-8, a line without end) ends the reading there: the CDRs before it are stored all the same,
 * and the result says where it stopped (IngestResult.stopped).
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { callingCodeName, LOCAL_DESTINATION_NAME } from '../../lib/destinations';
import {
  addToCell,
  BillingDays,
  CHARGE_SCALE,
  cellsFromJson,
  CsvRowTooLongError,
  CustomerDirectory,
  MAX_CSV_ROW_CHARS,
  currencyMismatch,
  detectDelimiter,
  detectPreset,
  mappingFromPreset,
  missingFields,
  NDJSON_MAPPING,
  CdrReader,
  usageId,
  utcDay,
  type CdrCustomer,
  type CdrPresetId,
  type CdrRowError,
  type CsvDelimiter,
  type UsageCell,
} from '../../lib/cdr';
import { assumedCurrencyNote } from '../../lib/cdr-review';
import { BytesMap, CdrByteReader, CsvByteStream, utf8Text, type CsvByteRow } from '../../lib/cdr-bytes';
import { toEpochDay } from '../../lib/dates';
import { ACCOUNT_ID } from '../../lib/entities';
import { formatUnits, type Units } from '../../lib/money';
import { PULL_PAGE_MAX } from '../../lib/protocol';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { accountRows, customerRows } from '../schema';
import { POKE_CHANNEL } from '../sync/pokes';
import { inBatchSession, type BatchSession } from './batch-session';
import { BinaryCopyWriter, maxNumericBytes, maxTextBytes, releasePieces } from './binary-copy';
import { ensureCdrPartitions, missingCdrPartitions } from './partitions';

/** A chunk is written when it has this many CDRs (the first chunks fewer: see chunkTarget). */
export const CHUNK_CDRS = 50_000;
/** …or when its first CDR arrived this long ago: a slow stream is written as it comes. */
const CHUNK_MS = 1000;
/** The first chunk's size: a small request is written at once, and Postgres starts early on a large one. */
const FIRST_CHUNK_CDRS = 5000;
/**
 * A transaction commits after this many CDRs, or this long after it began. The bound on time keeps
 * a slow upload from holding its keys (which other requests with the same CDRs wait on) for long.
 */
export const COMMIT_CDRS = 1_000_000;
const COMMIT_MS = 60_000;
/**
 * …or when the next chunk has not come this long after the last was written: the body has stalled
 * (a softswitch that sends slowly, or stopped sending), and what has arrived commits rather than
 * holding its keys, which other requests with the same CDRs would wait on, until the body goes on.
 */
const IDLE_COMMIT_MS = 1000;
/**
 * Chunks per transaction. Each chunk's claim runs at a savepoint (a subtransaction). Postgres
 * remembers up to 64 subtransactions per transaction in shared memory; beyond that, every other
 * session's snapshots get slower.
 */
const COMMIT_CHUNKS = 48;
/** Bad lines listed in a response (all are counted). */
export const MAX_LISTED_BAD_ROWS = 1000;

export type IngestFormat = 'csv' | 'ndjson';

export interface IngestOptions {
  format: IngestFormat;
  /** CSV: the columns; by default detected from the first line (a header, or a headerless preset). */
  preset?: CdrPresetId;
  /**
   * CSV: what separates the cells; by default detected from the first line (lib/cdr
   * detectDelimiter). With ';' or a tab, decimals may be written with a comma.
   */
  delimiter?: CsvDelimiter;
  /** Zone of times written without an offset; UTC by default. */
  sourceTimeZone?: string;
  /** Tests: called inside each transaction before it commits. */
  beforeCommit?: () => Promise<void>;
  /** Tests: CDRs per chunk, and one chunk per transaction. */
  chunkSize?: number;
}

export interface IngestResult {
  /** New CDRs stored and rolled up. */
  accepted: number;
  /** CDRs already ingested (by any request), or repeated in this one. */
  duplicates: number;
  badCount: number;
  badRows: CdrRowError[];
  /** Usage rows changed (a row changed by two transactions of the request counts twice). */
  usageRows: number;
  /**
   * The customers whose CDRs in the request named no currency (a CSV without a currency column or
   * with an empty cell, an NDJSON object without the field), so their charges were taken in the
   * customer's own currency: the browser import asks the clerk, a request is told. Absent when
   * every CDR named its currency.
   */
  currencyAssumed?: CurrencyAssumed[];
  /** With `currencyAssumed`: the same said as a sentence (lib/cdr-review assumedCurrencyNote). */
  note?: string;
  /**
   * Set when reading stopped before the end of the body, at bad input that leaves the rest
   * unreadable (bytes that are not UTF-8, a line without end). What came before was read and
   * stored as in a whole request (the counts above); nothing from `line` on was read.
   */
  stopped?: IngestStop;
}

/** A customer whose CDRs named no currency, and the currency their charges were taken in. */
export interface CurrencyAssumed {
  customerId: string;
  /** The customer's name. */
  customer: string;
  /** The customer's own currency, which those charges were taken in. */
  currency: string;
  /** Its CDRs in the request, new or duplicates, that named no currency. */
  cdrs: number;
}

export interface IngestStop {
  /** The first line not read: the one with the bad input (its row's first line). */
  line: number;
  /** Byte offset of the bad input in the body, when it is a byte (not UTF-8). */
  byte?: number;
  /** What is wrong there, as a sentence naming the line. */
  reason: string;
}

/** The body cannot be read as CDRs at all: nothing was written. */
export class IngestFormatError extends ServiceError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/** The body's bytes stop being UTF-8 at `byte` (an offset in the body); the text before it has been given. */
export class BodyNotUtf8Error extends Error {
  override name = 'BodyNotUtf8Error';
  constructor(readonly byte: number) {
    super(`The body is not UTF-8 text at byte ${byte}`);
  }
}

/** The longest NDJSON line read, as the longest CSV row (lib/cdr MAX_CSV_ROW_CHARS). */
const MAX_NDJSON_LINE_CHARS = MAX_CSV_ROW_CHARS;

/**
 * Parsed, valid CDRs, with what writing them needs: one array per field (no object per CDR, as a
 * chunk lives long enough for its objects to be copied by every young-generation collection).
 */
interface Chunk {
  count: number;
  /** The roll-up's fields (see addCdr). */
  customers: CdrCustomer[];
  /** Each CDR's billing day, as its index in the request's BillingDays (see Days). */
  days: number[];
  destinations: string[];
  destinationNames: string[];
  seconds: number[];
  billedSeconds: number[];
  charges: Units[];
  /**
   * The CDRs as rows of a binary COPY into `cdrs`, written as they are parsed, while the previous
   * chunk is written to the database (the writer's pieces once the chunk is cut).
   */
  copy: BinaryCopyWriter;
  pieces: Uint8Array<ArrayBuffer>[];
  /**
   * Where each CDR's row starts in `pieces`: piece × ROW_PIECE + offset (a chunk with duplicates
   * copies the new ones' rows). A row ends where the next one starts, or at its piece's end.
   */
  rowAt: number[];
  /**
   * The CDRs' keys in UTF-8, each followed by a line break, as they are parsed; once the chunk is
   * cut, `keyLines`: the keys joined by line breaks, which Postgres splits cheaply. No key holds a
   * line break: CdrReader refuses control characters in a call id, and a row key is hex.
   */
  keyBytes: Buffer;
  keyLength: number;
  keyLines: string;
  /** The UTC months (`YYYY-MM`) of the CDRs: their partitions. */
  months: Set<string>;
}

/** Usage cells by customer id; each customer's cells keyed by destination and day (see addCdr). */
type CellsByCustomer = Map<string, { customer: CdrCustomer; cells: Map<number, UsageCell> }>;

/** What one transaction has written: its new CDRs' roll-up, folded into usage before it commits. */
interface Transaction {
  chunks: number;
  cdrs: number;
  accepted: number;
  duplicates: number;
  cells: CellsByCustomer;
  /** The destinations of its cells, each as a number (its index in `destinations`). */
  destinationIndexes: Map<string, number>;
  destinations: string[];
}

/** Rows start below this in a piece of COPY data (a piece is 64 KB, a CDR's row a few hundred bytes): see Chunk.rowAt. */
const ROW_PIECE = 2 ** 26;

/**
 * A request's billing days as small numbers (lib/cdr BillingDays: a typed-array cache by quarter
 * hour, not a string per CDR), and as days since 1970-01-01 for the COPY. CDR times are of
 * 2000–2099: fewer than 65,536 days.
 */
class Days {
  readonly billingDays: BillingDays;
  private readonly epochDays: number[] = [];

  constructor(timeZone: string) {
    this.billingDays = new BillingDays(timeZone);
  }

  /** A billing day (its index) as days since 1970-01-01. */
  epochDay(dayIndex: number): number {
    const days = this.billingDays.days;
    while (this.epochDays.length <= dayIndex) this.epochDays.push(toEpochDay(days[this.epochDays.length]!));
    return this.epochDays[dayIndex]!;
  }
}

/**
 * Adds CDR `i` of `chunk` to the roll-up. A cell is found by one number within its customer's
 * cells, destination × 65,536 + day, rather than by a text built per CDR; the destinations are
 * numbered per transaction, so the numbering holds no more than the transaction's cells do.
 */
function addCdr(transaction: Transaction, days: Days, chunk: Chunk, i: number): void {
  const customer = chunk.customers[i]!;
  let entry = transaction.cells.get(customer.id);
  if (!entry) transaction.cells.set(customer.id, (entry = { customer, cells: new Map() }));
  const destination = chunk.destinations[i]!;
  let destinationIndex = transaction.destinationIndexes.get(destination);
  if (destinationIndex === undefined) {
    destinationIndex = transaction.destinations.length;
    transaction.destinations.push(destination);
    transaction.destinationIndexes.set(destination, destinationIndex);
  }
  const day = chunk.days[i]!;
  const key = destinationIndex * 65_536 + day;
  let cell = entry.cells.get(key);
  if (!cell) {
    cell = { day: days.billingDays.days[day]!, destination, destinationName: '', calls: 0, attempts: 0, seconds: 0, billedSeconds: 0, charge: 0 };
    entry.cells.set(key, cell);
  }
  addToCell(cell, chunk.destinationNames[i]!, chunk.seconds[i]!, chunk.billedSeconds[i]!, chunk.charges[i]!);
}

async function tenantSetup(database: Database, tenantId: string) {
  const [account] = await database.db
    .select({ timezone: accountRows.timezone, homeCountry: accountRows.homeCountry })
    .from(accountRows)
    .where(sql`${accountRows.tenantId} = ${tenantId} and ${accountRows.id} = ${ACCOUNT_ID} and not ${accountRows.deleted}`);
  const customers = await database.db
    .select({ id: customerRows.id, name: customerRows.name, externalId: customerRows.externalId, currency: customerRows.currency })
    .from(customerRows)
    .where(sql`${customerRows.tenantId} = ${tenantId} and not ${customerRows.deleted}`);
  // The home country says how the switch writes national numbers, as in the browser import.
  return { timeZone: account?.timezone ?? 'UTC', homeCountry: account?.homeCountry ?? '', directory: new CustomerDirectory(customers) };
}

export async function ingestCdrs(database: Database, tenantId: string, body: AsyncIterable<Uint8Array | string>, options: IngestOptions): Promise<IngestResult> {
  const { timeZone, homeCountry, directory } = await tenantSetup(database, tenantId);
  const result: IngestResult = { accepted: 0, duplicates: 0, badCount: 0, badRows: [], usageRows: 0 };
  const bad = (error: CdrRowError) => {
    result.badCount++;
    if (result.badRows.length < MAX_LISTED_BAD_ROWS) result.badRows.push(error);
  };
  // Writes CDRs as rows of `cdrs`: as they are parsed, and again for a chunk that had duplicates.
  const rowWriter = new CdrRowWriter(tenantId);
  const stop = (at: IngestStop) => (result.stopped = at);
  const days = new Days(timeZone);
  const withoutCurrency = new Map<CdrCustomer, number>();
  const chunks = parseChunks(body, { ...options, timeZone, homeCountry, directory, bad, rowWriter, days, stop, withoutCurrency });
  // One chunk is parsed ahead: while Postgres writes a chunk, the next one is read.
  let ahead = chunks.next();
  const take = () => {
    const current = ahead;
    ahead = current.then((r) => (r.done ? r : chunks.next()));
    // Its failure is thrown by the next take(); until then it must not count as unhandled.
    ahead.catch(() => {});
    return current;
  };
  // PGlite has one connection, held by a transaction: a transaction there never waits for the body.
  const oneChunkEach = options.chunkSize !== undefined || database.kind === 'pglite';
  // The next chunk when a transaction committed without waiting for it (IDLE_COMMIT_MS).
  let late: ReturnType<typeof take> | undefined;
  try {
    let next = await take();
    while (!next.done) {
      await ensureCdrPartitions(database, next.value.months);
      const started = Date.now();
      let chunk: Chunk | undefined = next.value;
      let consumed = false;
      const written = await inBatchSession(database, async (tx) => {
        const transaction: Transaction = { chunks: 0, cdrs: 0, accepted: 0, duplicates: 0, cells: new Map(), destinationIndexes: new Map(), destinations: [] };
        while (chunk) {
          await writeChunk(tx, tenantId, days, transaction, chunk);
          chunk = undefined;
          consumed = true;
          if (oneChunkEach || transaction.cdrs >= COMMIT_CDRS || transaction.chunks >= COMMIT_CHUNKS || Date.now() - started >= COMMIT_MS) break;
          const coming = take();
          if (!(await settlesWithin(coming, IDLE_COMMIT_MS))) {
            late = coming;
            break;
          }
          next = await coming;
          consumed = false;
          // A new month's partition is created outside any transaction (partitions.ts), so it waits for the next one.
          if (!next.done && !missingCdrPartitions(database, next.value.months)) chunk = next.value;
        }
        return { transaction, usageRows: await fold(tx, tenantId, transaction, options) };
      });
      result.accepted += written.transaction.accepted;
      result.duplicates += written.transaction.duplicates;
      result.usageRows += written.usageRows;
      if (consumed) next = await (late ?? take());
      late = undefined;
    }
  } finally {
    // A failed request does not wait for the body: the parse ahead is dropped with it.
    ahead.catch(() => {});
    late?.catch(() => {});
    chunks.return(undefined).catch(() => {});
  }
  if (withoutCurrency.size > 0) {
    const assumed = [...withoutCurrency].map(([customer, cdrs]) => ({ customerId: customer.id, customer: customer.name, currency: customer.currency, cdrs }));
    assumed.sort((a, b) => a.customer.localeCompare(b.customer) || (a.customerId < b.customerId ? -1 : 1));
    const unnamed = assumed.reduce((sum, a) => sum + a.cdrs, 0);
    result.currencyAssumed = assumed;
    result.note = assumedCurrencyNote(
      assumed.map((a) => ({ name: a.customer, currency: a.currency, cdrs: a.cdrs })),
      result.accepted + result.duplicates - unnamed,
    );
  }
  return result;
}

/** Whether `promise` settles (either way) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

interface ParseContext extends IngestOptions {
  timeZone: string;
  /** My Account's home country: whose national numbers the CDRs hold (lib/cdr CdrMapping.homeCountry). */
  homeCountry: string;
  directory: CustomerDirectory;
  bad: (error: CdrRowError) => void;
  rowWriter: CdrRowWriter;
  days: Days;
  /** Called when reading stops early (see IngestResult.stopped); the chunks end there. */
  stop: (stop: IngestStop) => void;
  /** Valid CDRs that named no currency, by customer (see IngestResult.currencyAssumed). */
  withoutCurrency: Map<CdrCustomer, number>;
}

/** The chunk sizes: FIRST_CHUNK_CDRS, doubling up to CHUNK_CDRS. */
function chunkTarget(index: number, fixed: number | undefined): number {
  return fixed ?? Math.min(CHUNK_CDRS, FIRST_CHUNK_CDRS * 2 ** index);
}

/**
 * Reads the body as CDRs (CSV or NDJSON), in chunks of valid CDRs; bad lines go to `bad`. A key
 * repeated in a chunk is left to the key index, as one claimed before (writeChunk).
 *
 * CSV is read from the body's bytes (lib/cdr-bytes): a row in the usual shapes is read by
 * CdrByteReader and written to the COPY straight from its bytes; any other row (the header, a bad
 * row, a quoted cell, …) is read as text by lib/cdr CdrReader, as the browser import reads it.
 */
async function* parseChunks(body: AsyncIterable<Uint8Array | string>, context: ParseContext): AsyncGenerator<Chunk, void, undefined> {
  const { directory, bad, rowWriter, days, withoutCurrency } = context;
  const names = new Interned();
  let chunk = emptyChunk();
  let chunkStarted = 0;
  let produced = 0;
  let lastDay = NaN;

  /** Adds a valid CDR whose row `chunk.copy` has just been given, with its roll-up fields. */
  const added = (customer: CdrCustomer, day: number, destination: string, destinationName: string, seconds: number, billedSeconds: number, charge: Units, epochMs: number) => {
    if (chunk.count === 0) chunkStarted = Date.now();
    chunk.count++;
    chunk.customers.push(customer);
    chunk.days.push(day);
    chunk.destinations.push(destination);
    chunk.destinationNames.push(destinationName);
    chunk.seconds.push(seconds);
    chunk.billedSeconds.push(billedSeconds);
    chunk.charges.push(charge);
    chunk.rowAt.push(chunk.copy.piece * ROW_PIECE + chunk.copy.rowStart);
    const epochDay = Math.floor(epochMs / 86_400_000);
    if (epochDay !== lastDay) {
      lastDay = epochDay;
      chunk.months.add(utcDay(epochMs).slice(0, 7));
    }
  };

  const accept = (cdr: CdrReader) => {
    const match = directory.match(cdr.customer);
    if (!match) return bad({ line: cdr.line, reason: `customer ${JSON.stringify(cdr.customer)} is not a customer of this account` });
    if ('ambiguous' in match) {
      return bad({ line: cdr.line, reason: `customer ${JSON.stringify(cdr.customer)} matches ${match.ambiguous} customers; send the customer id` });
    }
    const mismatch = currencyMismatch(cdr, match.customer);
    if (mismatch) return bad({ line: cdr.line, reason: mismatch });
    // Postgres text cannot hold U+0000. The destination name is the one cell that reaches the
    // database as written and may hold one (the reader refuses control characters in call ids).
    // A name seen before was checked then.
    const destinationName = names.get(cdr.destinationName);
    if (destinationName === undefined && cdr.destinationName.includes('\0')) return bad({ line: cdr.line, reason: 'destination name contains a NUL character' });
    // A key repeated within the chunk, like one claimed before, is found at the key index.
    const customer = match.customer;
    // Taken in the customer's own currency: the answer says so.
    if (cdr.currency === '') withoutCurrency.set(customer, (withoutCurrency.get(customer) ?? 0) + 1);
    const day = days.billingDays.of(cdr.epochMs);
    const name = destinationName ?? names.intern(cdr.destinationName);
    const key = cdr.key;
    appendKey(chunk, key);
    rowWriter.write(chunk.copy, key, cdr, name, customer, days.epochDay(day));
    added(customer, day, names.intern(cdr.destination), name, cdr.seconds, cdr.billedSeconds, cdr.charge, cdr.epochMs);
  };

  /** The customer cell's bytes → the one customer it names, or null (none, several: CdrReader's and accept's to say). */
  const customerCells = new BytesMap<CdrCustomer | null>();
  const acceptBytes = (row: CsvByteRow, cdr: CdrByteReader): boolean => {
    const b = row.bytes;
    let customer = customerCells.get(b, cdr.customerStart, cdr.customerEnd);
    if (customer === undefined) {
      // As CdrReader reads the cell (trimmed), and accept matches it.
      const text = utf8Text(b, cdr.customerStart, cdr.customerEnd).trim();
      const match = text === '' ? undefined : directory.match(text);
      customer = match && 'customer' in match ? match.customer : null;
      customerCells.set(b, cdr.customerStart, cdr.customerEnd, customer);
    }
    if (customer === null || (cdr.currency !== '' && cdr.currency !== customer.currency)) return false;
    if (cdr.currency === '') withoutCurrency.set(customer, (withoutCurrency.get(customer) ?? 0) + 1);
    const day = days.billingDays.of(cdr.epochMs);
    const name = names.intern(cdr.destinationName);
    appendKeyBytes(chunk, b, cdr.callIdStart, cdr.callIdEnd);
    rowWriter.writeBytes(chunk.copy, b, cdr, name, customer, days.epochDay(day));
    // The destination is one string per calling code already (lib/cdr callingCodeOfDigits).
    added(customer, day, cdr.destination, name, cdr.seconds, cdr.billedSeconds, cdr.charge, cdr.epochMs);
    return true;
  };

  const ready = () => chunk.count >= chunkTarget(produced, context.chunkSize) || (chunk.count > 0 && Date.now() - chunkStarted >= CHUNK_MS);
  const cut = () => {
    const full = chunk;
    full.pieces = full.copy.finish();
    full.keyLines = full.keyBytes.toString('utf8', 0, full.keyLength - 1);
    chunk = emptyChunk();
    lastDay = NaN;
    produced++;
    return full;
  };

  // The CSV readers exist once the first line has said the columns.
  let csvReader: CdrReader | undefined;
  let csvBytesReader: CdrByteReader | undefined;
  let headerPending = false;
  // Times without an offset are in the request's ?timezone=, as in CSV.
  const ndjsonReader = new CdrReader({ ...NDJSON_MAPPING, sourceTimeZone: context.sourceTimeZone ?? 'UTC', homeCountry: context.homeCountry });
  const onCsvRow = (cells: string[], line: number) => {
    if (!csvReader) {
      const preset = context.preset ?? detectPreset(cells);
      if (!preset) {
        throw new IngestFormatError(
          'The first line is neither a header naming the columns (time, customer, destination_number, duration, charge, …) nor an Asterisk or FreeSWITCH CDR; name the columns or pass ?preset=',
        );
      }
      const mapping = mappingFromPreset(preset, cells, context.sourceTimeZone ?? 'UTC', delimiter);
      const missing = missingFields(mapping);
      if (missing.length) throw new IngestFormatError(`The header has no column for ${missing.join(', ')}`);
      headerPending = mapping.hasHeader;
      csvReader = new CdrReader({ ...mapping, homeCountry: context.homeCountry });
      csvBytesReader = new CdrByteReader({ ...mapping, homeCountry: context.homeCountry });
    }
    if (headerPending) {
      headerPending = false;
      // Every row after the header must have as many cells, as in the browser import.
      csvReader.header(cells);
      csvBytesReader!.headerCells = cells.length;
      return;
    }
    if (csvReader.read(cells, line)) accept(csvReader);
    else bad({ line, reason: csvReader.reason });
  };
  const onCsvBytes = (row: CsvByteRow, line: number) => {
    if (csvBytesReader !== undefined && !headerPending && csvBytesReader.read(row) && acceptBytes(row, csvBytesReader)) return;
    onCsvRow(row.cells(), line);
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
    if (ndjsonReader.read(cells, at)) accept(ndjsonReader);
    else bad({ line: at, reason: ndjsonReader.reason });
  };

  // The CSV stream exists once the delimiter is known: given (?delimiter=), or found from the
  // first line, whose text is held in `head` (and its bytes in `headBytes`) until its line end arrives.
  let delimiter: CsvDelimiter = context.delimiter ?? ',';
  let csv = context.delimiter === undefined ? undefined : new CsvByteStream(onCsvBytes, bad, context.delimiter);
  let head = '';
  let headBytes: Uint8Array[] = [];
  const startCsv = () => {
    delimiter = detectDelimiter(head);
    const stream = new CsvByteStream(onCsvBytes, bad, delimiter);
    stream.push(Buffer.concat(headBytes));
    head = '';
    headBytes = [];
    return stream;
  };
  // The text of the body, where it is read as text: NDJSON, and CSV's first line.
  const decoder = new TextDecoder();
  // Until the body's first text: NDJSON sent as text/csv would read as one malformed line.
  let sniffing = context.format === 'csv';
  // Bad input past which nothing can be read ends the reading, but not the request: the CDRs
  // before it are stored, and the response says where it stopped (IngestResult.stopped).
  try {
    for await (const piece of body) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      const text = context.format === 'ndjson' || sniffing || !csv ? decoder.decode(bytes, { stream: true }) : '';
      if (sniffing) {
        const first = text.search(/[^\uFEFF\s]/);
        if (first >= 0) {
          sniffing = false;
          if (text[first] === '{') {
            throw new IngestFormatError(
              'The body starts with "{": it looks like NDJSON (one JSON object per line), not CSV. Send it with Content-Type: application/x-ndjson',
            );
          }
        }
      }
      if (context.format === 'csv') {
        if (csv) {
          csv.push(bytes);
        } else {
          head += text;
          headBytes.push(bytes);
          // A line that is not blank has ended (or the line is past any row's length: the stream refuses it).
          if (head.length > MAX_CSV_ROW_CHARS || /[^\uFEFF\r\n][^\r\n]*[\r\n]/.test(head)) csv = startCsv();
        }
      } else {
        carry += text;
        let nl: number;
        while ((nl = carry.indexOf('\n')) >= 0) {
          if (nl > MAX_NDJSON_LINE_CHARS) throw new CsvRowTooLongError(line);
          onNdjsonLine(carry.slice(0, nl), line++);
          carry = carry.slice(nl + 1);
        }
        if (carry.length > MAX_NDJSON_LINE_CHARS) throw new CsvRowTooLongError(line);
      }
      if (ready()) yield cut();
      // A body already buffered arrives by microtasks alone; the driver's socket needs the event
      // loop to turn for the chunk being written to progress while this one is parsed.
      else await nextMacrotask();
    }
    if (context.format === 'csv') (csv ??= startCsv()).end();
    else onNdjsonLine(carry + decoder.decode(), line);
  } catch (error) {
    // The unfinished line (or row) is dropped: it is the one with the bad input.
    if (error instanceof BodyNotUtf8Error) {
      // No stream yet: the first line had not ended.
      const at = context.format === 'csv' ? (csv?.unreadLine ?? 1) : line;
      context.stop({
        line: at,
        byte: error.byte,
        reason: `Line ${at} is not UTF-8 text (byte ${error.byte} of the body); was the file saved in another encoding, such as Latin-1/Windows-1252?`,
      });
    } else if (error instanceof CsvRowTooLongError) {
      context.stop({ line: error.line, reason: `Line ${error.line} is longer than ${MAX_CSV_ROW_CHARS.toLocaleString('en')} characters (a CDR is a few hundred): is the body a CDR file?` });
    } else {
      throw error;
    }
  }
  if (chunk.count > 0) yield cut();
}

function emptyChunk(): Chunk {
  return {
    count: 0,
    customers: [],
    days: [],
    destinations: [],
    destinationNames: [],
    seconds: [],
    billedSeconds: [],
    charges: [],
    copy: new BinaryCopyWriter(),
    pieces: [],
    rowAt: [],
    keyBytes: Buffer.allocUnsafe(64 * 1024),
    keyLength: 0,
    keyLines: '',
    months: new Set(),
  };
}

/** Room for `bytes` more key bytes in `chunk.keyBytes`. */
function keyRoom(chunk: Chunk, bytes: number): Buffer {
  if (chunk.keyLength + bytes > chunk.keyBytes.length) {
    const larger = Buffer.allocUnsafe(Math.max(2 * chunk.keyBytes.length, chunk.keyLength + bytes));
    chunk.keyBytes.copy(larger, 0, 0, chunk.keyLength);
    chunk.keyBytes = larger;
  }
  return chunk.keyBytes;
}

/** Adds a key (CdrReader key) to the chunk's keys. */
function appendKey(chunk: Chunk, key: string): void {
  const buffer = keyRoom(chunk, 3 * key.length + 1);
  chunk.keyLength += buffer.write(key, chunk.keyLength, 'utf8');
  buffer[chunk.keyLength++] = 10;
}

/** Adds the key `c:<call id>` of a call id given as bytes `from` to `to` of `source`. */
function appendKeyBytes(chunk: Chunk, source: Uint8Array, from: number, to: number): void {
  const buffer = keyRoom(chunk, to - from + 3);
  let at = chunk.keyLength;
  buffer[at++] = 99; /* c */
  buffer[at++] = 58; /* : */
  for (let i = from; i < to; i++) buffer[at++] = source[i]!;
  buffer[at++] = 10;
  chunk.keyLength = at;
}

/**
 * One string per distinct text, for destinations and their names: a request holds a few hundred,
 * each on many CDRs. The parser gives every row its own copy of these texts; comparing two copies
 * (the roll-up keeps the larger name of a cell) reads both, where one string compares at once, and
 * a string's hash (Map keys: usage cells, the writer's UTF-8 bytes) is computed once. Bounded, as a
 * hostile body could name every CDR differently: past the bound it starts again, which only costs
 * the speed.
 */
class Interned {
  private readonly strings = new Map<string, string>();

  get(text: string): string | undefined {
    return this.strings.get(text);
  }

  intern(text: string): string {
    let string = this.strings.get(text);
    if (string === undefined) {
      if (this.strings.size >= MAX_INTERNED) this.strings.clear();
      this.strings.set(text, (string = text));
    }
    return string;
  }
}

const MAX_INTERNED = 100_000;

/** The UTF-8 bytes of a text reused on many rows (a customer's id, a currency), made once. */
function utf8Cache(): (text: string) => Uint8Array {
  const cache = new Map<string, Uint8Array>();
  return (text) => {
    let bytes = cache.get(text);
    if (!bytes) cache.set(text, (bytes = Buffer.from(text, 'utf8')));
    return bytes;
  };
}

/** Writes CDRs as rows of `cdrs` (CDR_COLUMNS, in order). */
class CdrRowWriter {
  private readonly tenant: Uint8Array;
  private readonly utf8 = utf8Cache();

  constructor(tenantId: string) {
    this.tenant = Buffer.from(tenantId.replaceAll('-', ''), 'hex');
  }

  /** A CDR read by CdrReader. */
  write(writer: BinaryCopyWriter, key: string, cdr: CdrReader, destinationName: string, customer: CdrCustomer, epochDay: number): void {
    const destination = cdr.destination;
    const customerId = this.utf8(customer.id);
    const currency = this.utf8(customer.currency);
    const charge = cdr.charge;
    // Lengths (13 × 4), fixed-size values, texts at their largest in UTF-8, and the numeric.
    const longest = maxTextBytes(key) + maxTextBytes(cdr.callId) + maxTextBytes(cdr.number) + maxTextBytes(destination) + maxTextBytes(destinationName);
    writer.row(13, 13 * 4 + 16 + 8 + 4 + 4 + 4 + longest + customerId.length + currency.length + maxNumericBytes(charge, CHARGE_SCALE));
    writer.bytes(this.tenant);
    writer.text(key);
    writer.text(cdr.callId);
    writer.timestamptz(cdr.epochMs);
    writer.bytes(customerId);
    writer.text(cdr.number);
    writer.text(destination);
    writer.text(destinationName);
    writer.int4(cdr.seconds);
    writer.int4(cdr.billedSeconds);
    writer.numeric(charge, CHARGE_SCALE);
    writer.bytes(currency);
    writer.date(epochDay);
  }

  /** A CDR read by CdrByteReader from `bytes`: its call id (and key) and number copied from them. */
  writeBytes(
    writer: BinaryCopyWriter,
    bytes: Uint8Array,
    cdr: CdrByteReader,
    destinationName: string,
    customer: CdrCustomer,
    epochDay: number,
  ): void {
    const destination = cdr.destination;
    const customerId = this.utf8(customer.id);
    const currency = this.utf8(customer.currency);
    const destinationBytes = this.utf8(destination);
    const nameBytes = this.utf8(destinationName);
    const callIdBytes = cdr.callIdEnd - cdr.callIdStart;
    const longest = 4 + 2 + callIdBytes + 4 + callIdBytes + 4 + (cdr.numberEnd - cdr.numberStart) + destinationBytes.length + nameBytes.length;
    writer.row(13, 13 * 4 + 16 + 8 + 4 + 4 + 4 + longest + customerId.length + currency.length + maxNumericBytes(cdr.charge, CHARGE_SCALE));
    writer.bytes(this.tenant);
    writer.utf8(bytes, cdr.callIdStart, cdr.callIdEnd, 'c:');
    writer.utf8(bytes, cdr.callIdStart, cdr.callIdEnd);
    writer.timestamptz(cdr.epochMs);
    writer.bytes(customerId);
    writer.utf8(bytes, cdr.numberStart, cdr.numberEnd);
    writer.bytes(destinationBytes);
    writer.bytes(nameBytes);
    writer.int4(cdr.seconds);
    writer.int4(cdr.billedSeconds);
    writer.numeric(cdr.charge, CHARGE_SCALE);
    writer.bytes(currency);
    writer.date(epochDay);
  }
}

const CDR_COLUMNS =
  'cdrs (tenant_id, key, call_id, started_at, customer_id, destination_number, destination, destination_name, seconds, billed_seconds, charge, currency, usage_day)';

const UNIQUE_VIOLATION = '23505';
/** CDRs rolled up between turns of the event loop while their COPY is sent (writeChunk). */
const ROLL_UP_SLICE = 5000;

/** Claims a chunk's keys and copies its new CDRs into `cdrs` (see the module comment). */
async function writeChunk(tx: BatchSession, tenantId: string, days: Days, transaction: Transaction, chunk: Chunk): Promise<void> {
  let duplicate: Set<string> | undefined;
  let keys: string[] | undefined;
  try {
    // In key order: inserts that walk the index in order touch each page once.
    await tx.savepoint((sp) =>
      sp.rows(`insert into cdr_keys (tenant_id, key) select $1::uuid, k from unnest(string_to_array($2, E'\\n')) as k order by k collate "C"`, [tenantId, chunk.keyLines]),
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    // Some key was claimed before (by any request, process or push, or this transaction): the
    // keys that were come back. ON CONFLICT probes the key index once per key.
    keys = chunk.keyLines.split('\n');
    const claimedBefore = await tx.rows<{ key: string }>(
      `with chunk as (select unnest($2::text[]) as key),
            claimed as (insert into cdr_keys (tenant_id, key) select $1::uuid, key from chunk order by key collate "C" on conflict do nothing returning key)
       select key from chunk except select key from claimed`,
      [tenantId, keys],
    );
    duplicate = new Set(claimedBefore.map((r) => r.key));
  }
  transaction.chunks++;
  transaction.cdrs += chunk.count;
  // Without duplicates, every CDR is new; otherwise the first of each key not claimed before,
  // whose row is copied from the chunk's.
  let fresh: Uint8Array | undefined;
  let pieces = chunk.pieces;
  if (duplicate !== undefined && keys !== undefined) {
    fresh = new Uint8Array(chunk.count);
    const seen = new Set<string>();
    const writer = new BinaryCopyWriter();
    keys.forEach((key, i) => {
      if (!duplicate.has(key) && !seen.has(key)) {
        fresh![i] = 1;
        writer.copyRow(rowBytes(chunk, i));
      }
      seen.add(key);
    });
    pieces = fresh.includes(1) ? writer.finish() : [];
  }
  const isNew = (i: number) => fresh === undefined || fresh[i] === 1;
  // Postgres writes the rows while their roll-up is added here.
  const copied = pieces.length > 0 ? tx.copyIn(CDR_COLUMNS, pieces) : Promise.resolve();
  try {
    for (let i = 0; i < chunk.count; i++) {
      // The COPY goes on only as the event loop turns (its rows are sent a piece per turn).
      if (i % ROLL_UP_SLICE === ROLL_UP_SLICE - 1) await nextMacrotask();
      if (!isNew(i)) {
        transaction.duplicates++;
        continue;
      }
      transaction.accepted++;
      addCdr(transaction, days, chunk, i);
    }
  } finally {
    await copied;
  }
  // Sent and stored: their memory is reused by the chunks parsed next.
  releasePieces(chunk.pieces);
  if (pieces !== chunk.pieces) releasePieces(pieces);
}

/** The bytes of CDR `i`'s row in the chunk's COPY pieces (see Chunk.rowAt). */
function rowBytes(chunk: Chunk, i: number): Uint8Array {
  const at = chunk.rowAt[i]!;
  const piece = Math.floor(at / ROW_PIECE);
  const next = i + 1 < chunk.count ? chunk.rowAt[i + 1]! : -1;
  const bytes = chunk.pieces[piece]!;
  // The last piece ends with the end-of-data marker (2 bytes).
  const end = next >= 0 && Math.floor(next / ROW_PIECE) === piece ? next % ROW_PIECE : piece === chunk.pieces.length - 1 ? bytes.length - 2 : bytes.length;
  return bytes.subarray(at % ROW_PIECE, end);
}

/**
 * Adds the transaction's cells to the usage rows, exactly (`numeric` addition), under the tenant
 * lock, stamping them with the tenant's next versions; sets the tenant version and NOTIFYs (the
 * poke reaches devices once the transaction commits). Returns the usage rows changed.
 */
async function fold(tx: BatchSession, tenantId: string, transaction: Transaction, options: IngestOptions): Promise<number> {
  // Not FOR UPDATE: FOR NO KEY UPDATE conflicts with itself (push takes it too) but not with the
  // key-share locks foreign keys to the tenant take, so it cannot deadlock with them.
  const [tenant] = await tx.rows<{ version: string | number }>('select version from tenants where id = $1 for no key update', [tenantId]);
  if (!tenant) throw new ServiceError('NOT_FOUND', 'The company account no longer exists');
  // A customer deleted since the request read the customers (deleteCustomer, under this lock, saw
  // no usage of theirs) gets none: the transaction is undone.
  const customerIds = [...transaction.cells.keys()];
  if (customerIds.length > 0) {
    const live = await tx.rows<{ id: string }>('select id from customers where tenant_id = $1 and id = any($2::text[]) and not deleted', [
      tenantId,
      customerIds,
    ]);
    if (live.length < customerIds.length) {
      const liveIds = new Set(live.map((row) => row.id));
      const gone = [...transaction.cells.values()].find(({ customer }) => !liveIds.has(customer.id))!.customer;
      throw new ServiceError(
        'CONFLICT',
        `Customer ${JSON.stringify(gone.name)} was deleted while this request was being stored; its last ${transaction.cdrs} CDRs were not kept. ` +
          'Send the request again: CDRs already stored count as duplicates, and CDRs of a deleted customer come back as bad lines',
      );
    }
  }
  if (transaction.accepted === 0) {
    await options.beforeCommit?.();
    return 0;
  }
  // One version per pull page of usage rows: a page ends on a version boundary, so the rows stay
  // in pages of at most PULL_PAGE_MAX however many cells the CDRs fall into. The rows go one column
  // per parameter, in id order (the primary key index is then walked in order), as text that
  // Postgres casts.
  const rows: { id: string; customer: CdrCustomer; cell: UsageCell }[] = [];
  for (const { customer, cells } of transaction.cells.values()) {
    for (const cell of cells.values()) rows.push({ id: usageId(customer.id, cell.day, cell.destination), customer, cell });
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = Number(tenant.version) + 1;
  const version = first + Math.floor((rows.length - 1) / PULL_PAGE_MAX);
  // A column goes as one text of lines, which the driver sends as it is and Postgres splits
  // cheaply, unless a value holds a line break (only a destination name can); then as a text[],
  // which the driver escapes element by element (for 100,000 rows, a third of a second).
  // string_to_array('') is empty, not one empty value: a single row goes as arrays too.
  const asLines = rows.length > 1 && !rows.some((row) => row.cell.destinationName.includes('\n'));
  const column = (of: (row: (typeof rows)[number]) => string | number) => {
    const values = rows.map((row) => String(of(row)));
    return asLines ? values.join('\n') : values;
  };
  const param = (n: number, type = '') => (asLines ? `string_to_array($${n}, E'\\n')` : `$${n}::text[]`) + (type && `::${type}[]`);
  // The stored name gives way as a cell's does (lib/destinations outranksDestinationName): the
  // file's over a derived one over none, then the larger. Whether a name is derived depends on the
  // calling-code table, so the name Tollbook derives for each destination of the fold goes along
  // (few: destinations are calling codes), looked up only where two different names meet.
  const destinations = [...new Set(rows.map((row) => row.cell.destination))];
  const derivedName = `coalesce(($17::text[])[array_position($16::text[], u.destination)], '')`;
  // A tombstoned row (usage deleted on a device) starts again from the new CDRs.
  const [touched] = await tx.rows<{ n: number }>(
    `with upserted as (
       insert into usage as u (tenant_id, id, version, deleted, customer_id, day, destination, destination_name,
                               calls, attempts, seconds, billed_seconds, charge, currency)
       select $1::uuid, id, $2::bigint + (n - 1) / $3::bigint, false, customer_id, day, destination, destination_name,
              calls, attempts, seconds, billed_seconds, charge, currency
       from unnest(${param(4)}, ${param(5)}, ${param(6, 'date')}, ${param(7)}, ${param(8)}, ${param(9, 'bigint')}, ${param(10, 'bigint')},
                   ${param(11, 'bigint')}, ${param(12, 'bigint')}, ${param(13, 'numeric')}, ${param(14)})
            with ordinality as x(id, customer_id, day, destination, destination_name, calls, attempts, seconds,
                                 billed_seconds, charge, currency, n)
       order by n
       on conflict (tenant_id, id) do update set
         version = excluded.version,
         deleted = false,
         destination_name = case
           when u.deleted or u.destination_name = '' then excluded.destination_name
           when excluded.destination_name in ('', u.destination_name) then u.destination_name
           when (excluded.destination_name in ($15::text, ${derivedName})) = (u.destination_name in ($15::text, ${derivedName}))
             then greatest(excluded.destination_name, u.destination_name)
           when excluded.destination_name in ($15::text, ${derivedName}) then u.destination_name
           else excluded.destination_name end,
         calls = case when u.deleted then 0 else u.calls end + excluded.calls,
         attempts = case when u.deleted then 0 else u.attempts end + excluded.attempts,
         seconds = case when u.deleted then 0 else u.seconds end + excluded.seconds,
         billed_seconds = case when u.deleted then 0 else u.billed_seconds end + excluded.billed_seconds,
         charge = case when u.deleted then 0 else u.charge end + excluded.charge,
         currency = excluded.currency
       returning 1)
     select count(*)::int as n from upserted`,
    [
      tenantId,
      first,
      PULL_PAGE_MAX,
      column((r) => r.id),
      column((r) => r.customer.id),
      column((r) => r.cell.day),
      column((r) => r.cell.destination),
      column((r) => r.cell.destinationName),
      column((r) => r.cell.calls),
      column((r) => r.cell.attempts),
      column((r) => r.cell.seconds),
      column((r) => r.cell.billedSeconds),
      column((r) => formatUnits(r.cell.charge, CHARGE_SCALE)),
      column((r) => r.customer.currency),
      LOCAL_DESTINATION_NAME,
      destinations,
      destinations.map((destination) => callingCodeName(destination) ?? ''),
    ],
  );
  await tx.rows('update tenants set version = $2 where id = $1', [tenantId, version]);
  await tx.rows('select pg_notify($1, $2)', [POKE_CHANNEL, `${tenantId}:${version}`]);
  await options.beforeCommit?.();
  return touched!.n;
}
