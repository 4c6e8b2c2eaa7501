/**
 * Server ingest of CDRs (`POST /api/cdrs`): the same parsing and validation as the browser import
 * (lib/cdr), over a stream of text. The CDRs are parsed in chunks, and each chunk is written while
 * the next one is parsed. A chunk is written in a few statements, whatever its size:
 *
 * 1. its keys are claimed in `cdr_keys` with a plain INSERT, in key order. This is the fast path,
 *    for new CDRs. A key already claimed (by any request, process or push) fails the INSERT at a
 *    savepoint, and the chunk claims its keys again with ON CONFLICT DO NOTHING, which tells which
 *    keys were duplicates;
 * 2. its new CDRs are written to `cdrs` with a binary COPY (binary-copy.ts), which Postgres routes
 *    to each one's month partition. Their roll-up is added, in memory, to the usage cells
 *    (customer × billing day × destination) of the transaction.
 *
 * A transaction holds up to COMMIT_CDRS CDRs, or what arrives in COMMIT_MS. Before it commits, it
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
import {
  addToCells,
  blankCdr,
  cdrBillingDay,
  CHARGE_SCALE,
  cellsFromJson,
  CsvRowTooLongError,
  CsvStream,
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
import { toEpochDay } from '../../lib/dates';
import { ACCOUNT_ID } from '../../lib/entities';
import { formatUnits, type Units } from '../../lib/money';
import { PULL_PAGE_MAX } from '../../lib/protocol';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { accountRows, customerRows } from '../schema';
import { POKE_CHANNEL } from '../sync/pokes';
import { inBatchSession, type BatchSession } from './batch-session';
import { BinaryCopyWriter, maxNumericBytes, maxTextBytes } from './binary-copy';
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
   * Set when reading stopped before the end of the body, at bad input that leaves the rest
   * unreadable (bytes that are not UTF-8, a line without end). What came before was read and
   * stored as in a whole request (the counts above); nothing from `line` on was read.
   */
  stopped?: IngestStop;
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
  keys: string[];
  customers: CdrCustomer[];
  days: string[];
  /** The roll-up's fields (see cellCdr). */
  destinations: string[];
  destinationNames: string[];
  seconds: number[];
  billedSeconds: number[];
  charges: Units[];
  /** The rest of what `cdrs` stores of each CDR (with the above: see CdrRowWriter). */
  callIds: string[];
  numbers: string[];
  epochMs: number[];
  /**
   * The CDRs as rows of a binary COPY into `cdrs`, written while the previous chunk is written to
   * the database (the writer's pieces once the chunk is cut).
   */
  copy: BinaryCopyWriter;
  pieces: Uint8Array<ArrayBuffer>[];
  /** The keys joined by line breaks, when no key holds one (a text parameter Postgres splits cheaply). */
  keyLines: string | undefined;
  /** The UTC months (`YYYY-MM`) of the CDRs: their partitions. */
  months: Set<string>;
}

/** Usage cells by customer id; each customer's cells keyed `${day}|${destination}` (lib/cdr addToCells). */
type CellsByCustomer = Map<string, { customer: CdrCustomer; cells: Map<string, UsageCell> }>;

/** What one transaction has written: its new CDRs' roll-up, folded into usage before it commits. */
interface Transaction {
  chunks: number;
  cdrs: number;
  accepted: number;
  duplicates: number;
  cells: CellsByCustomer;
}

/** The one Cdr addToCells reads: CDR i of a chunk is copied into it (the fields the roll-up uses). */
const cellCdr = blankCdr();

/** Adds CDR `i` of `chunk` to the roll-up. */
function addCdr(cells: CellsByCustomer, chunk: Chunk, i: number): void {
  const customer = chunk.customers[i]!;
  let entry = cells.get(customer.id);
  if (!entry) cells.set(customer.id, (entry = { customer, cells: new Map() }));
  cellCdr.destination = chunk.destinations[i]!;
  cellCdr.destinationName = chunk.destinationNames[i]!;
  cellCdr.seconds = chunk.seconds[i]!;
  cellCdr.billedSeconds = chunk.billedSeconds[i]!;
  cellCdr.charge = chunk.charges[i]!;
  addToCells(entry.cells, cellCdr, chunk.days[i]!);
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

export async function ingestCdrs(database: Database, tenantId: string, body: AsyncIterable<string>, options: IngestOptions): Promise<IngestResult> {
  const { timeZone, homeCountry, directory } = await tenantSetup(database, tenantId);
  const result: IngestResult = { accepted: 0, duplicates: 0, badCount: 0, badRows: [], usageRows: 0 };
  const bad = (error: CdrRowError) => {
    result.badCount++;
    if (result.badRows.length < MAX_LISTED_BAD_ROWS) result.badRows.push(error);
  };
  // Writes CDRs as rows of `cdrs`: as they are parsed, and again for a chunk that had duplicates.
  const rowWriter = new CdrRowWriter(tenantId);
  const stop = (at: IngestStop) => (result.stopped = at);
  const chunks = parseChunks(body, { ...options, timeZone, homeCountry, directory, bad, rowWriter, stop });
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
  try {
    let next = await take();
    while (!next.done) {
      await ensureCdrPartitions(database, next.value.months);
      const started = Date.now();
      let chunk: Chunk | undefined = next.value;
      let consumed = false;
      const written = await inBatchSession(database, async (tx) => {
        const transaction: Transaction = { chunks: 0, cdrs: 0, accepted: 0, duplicates: 0, cells: new Map() };
        while (chunk) {
          await writeChunk(tx, tenantId, rowWriter, transaction, chunk);
          chunk = undefined;
          consumed = true;
          if (oneChunkEach || transaction.cdrs >= COMMIT_CDRS || transaction.chunks >= COMMIT_CHUNKS || Date.now() - started >= COMMIT_MS) break;
          next = await take();
          consumed = false;
          // A new month's partition is created outside any transaction (partitions.ts), so it waits for the next one.
          if (!next.done && !missingCdrPartitions(database, next.value.months)) chunk = next.value;
        }
        return { transaction, usageRows: await fold(tx, tenantId, transaction, options) };
      });
      result.accepted += written.transaction.accepted;
      result.duplicates += written.transaction.duplicates;
      result.usageRows += written.usageRows;
      if (consumed) next = await take();
    }
  } finally {
    // A failed request does not wait for the body: the parse ahead is dropped with it.
    ahead.catch(() => {});
    chunks.return(undefined).catch(() => {});
  }
  return result;
}

interface ParseContext extends IngestOptions {
  timeZone: string;
  /** My Account's home country: whose national numbers the CDRs hold (lib/cdr CdrMapping.homeCountry). */
  homeCountry: string;
  directory: CustomerDirectory;
  bad: (error: CdrRowError) => void;
  rowWriter: CdrRowWriter;
  /** Called when reading stops early (see IngestResult.stopped); the chunks end there. */
  stop: (stop: IngestStop) => void;
}

/** The chunk sizes: FIRST_CHUNK_CDRS, doubling up to CHUNK_CDRS. */
function chunkTarget(index: number, fixed: number | undefined): number {
  return fixed ?? Math.min(CHUNK_CDRS, FIRST_CHUNK_CDRS * 2 ** index);
}

/**
 * Reads the body as CDRs (CSV or NDJSON), in chunks of valid CDRs; bad lines go to `bad`. A key
 * repeated in a chunk is left to the key index, as one claimed before (writeChunk).
 */
async function* parseChunks(body: AsyncIterable<string>, context: ParseContext): AsyncGenerator<Chunk, void, undefined> {
  const { timeZone, directory, bad, rowWriter } = context;
  const names = new Interned();
  let chunk = emptyChunk();
  let keysHaveLineBreaks = false;
  let chunkStarted = 0;
  let produced = 0;
  let lastDay = NaN;

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
    const day = cdrBillingDay(cdr.epochMs, timeZone);
    const key = cdr.key;
    if (chunk.keys.length === 0) chunkStarted = Date.now();
    chunk.keys.push(key);
    chunk.customers.push(customer);
    chunk.days.push(day);
    chunk.destinations.push(names.intern(cdr.destination));
    chunk.destinationNames.push(destinationName ?? names.intern(cdr.destinationName));
    chunk.seconds.push(cdr.seconds);
    chunk.billedSeconds.push(cdr.billedSeconds);
    chunk.charges.push(cdr.charge);
    chunk.callIds.push(cdr.callId);
    chunk.numbers.push(cdr.number);
    chunk.epochMs.push(cdr.epochMs);
    const epochDay = Math.floor(cdr.epochMs / 86_400_000);
    if (epochDay !== lastDay) {
      lastDay = epochDay;
      chunk.months.add(utcDay(cdr.epochMs).slice(0, 7));
    }
    if (key.includes('\n')) keysHaveLineBreaks = true;
    rowWriter.write(chunk.copy, chunk, chunk.keys.length - 1);
  };
  const ready = () =>
    chunk.keys.length >= chunkTarget(produced, context.chunkSize) || (chunk.keys.length > 0 && Date.now() - chunkStarted >= CHUNK_MS);
  const cut = () => {
    const full = chunk;
    full.pieces = full.copy.finish();
    full.keyLines = keysHaveLineBreaks ? undefined : full.keys.join('\n');
    keysHaveLineBreaks = false;
    chunk = emptyChunk();
    lastDay = NaN;
    produced++;
    return full;
  };

  // The CSV reader exists once the first line has said the columns.
  let csvReader: CdrReader | undefined;
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
    }
    if (headerPending) {
      headerPending = false;
      return;
    }
    if (csvReader.read(cells, line)) accept(csvReader);
    else bad({ line, reason: csvReader.reason });
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
  // first line, whose text is held in `head` until its line end arrives.
  let delimiter: CsvDelimiter = context.delimiter ?? ',';
  let csv = context.delimiter === undefined ? undefined : new CsvStream(onCsvRow, bad, context.delimiter);
  let head = '';
  const startCsv = () => {
    delimiter = detectDelimiter(head);
    const stream = new CsvStream(onCsvRow, bad, delimiter);
    stream.push(head);
    head = '';
    return stream;
  };
  // Until the body's first text: NDJSON sent as text/csv would read as one malformed line.
  let sniffing = context.format === 'csv';
  // Bad input past which nothing can be read ends the reading, but not the request: the CDRs
  // before it are stored, and the response says where it stopped (IngestResult.stopped).
  try {
    for await (const text of body) {
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
          csv.push(text);
        } else {
          head += text;
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
    else onNdjsonLine(carry, line);
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
  if (chunk.keys.length > 0) yield cut();
}

function emptyChunk(): Chunk {
  return {
    keys: [],
    customers: [],
    days: [],
    destinations: [],
    destinationNames: [],
    seconds: [],
    billedSeconds: [],
    charges: [],
    callIds: [],
    numbers: [],
    epochMs: [],
    copy: new BinaryCopyWriter(),
    pieces: [],
    keyLines: undefined,
    months: new Set(),
  };
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

/** Writes CDR `i` of a chunk as a row of `cdrs` (CDR_COLUMNS, in order). */
class CdrRowWriter {
  private readonly tenant: Uint8Array;
  private readonly utf8 = utf8Cache();
  /** Billing days (`YYYY-MM-DD`) as days since 1970-01-01: a request holds a few. */
  private readonly epochDays = new Map<string, number>();

  constructor(tenantId: string) {
    this.tenant = Buffer.from(tenantId.replaceAll('-', ''), 'hex');
  }

  write(writer: BinaryCopyWriter, chunk: Chunk, i: number): void {
    const customer = chunk.customers[i]!;
    const key = chunk.keys[i]!;
    const callId = chunk.callIds[i]!;
    const number = chunk.numbers[i]!;
    const destination = chunk.destinations[i]!;
    const destinationName = chunk.destinationNames[i]!;
    const customerId = this.utf8(customer.id);
    const currency = this.utf8(customer.currency);
    const charge = chunk.charges[i]!;
    // Lengths (13 × 4), fixed-size values, texts at their largest in UTF-8, and the numeric.
    const longest = maxTextBytes(key) + maxTextBytes(callId) + maxTextBytes(number) + maxTextBytes(destination) + maxTextBytes(destinationName);
    writer.row(13, 13 * 4 + 16 + 8 + 4 + 4 + 4 + longest + customerId.length + currency.length + maxNumericBytes(charge, CHARGE_SCALE));
    writer.bytes(this.tenant);
    writer.text(key);
    writer.text(callId);
    writer.timestamptz(chunk.epochMs[i]!);
    writer.bytes(customerId);
    writer.text(number);
    writer.text(destination);
    writer.text(destinationName);
    writer.int4(chunk.seconds[i]!);
    writer.int4(chunk.billedSeconds[i]!);
    writer.numeric(charge, CHARGE_SCALE);
    writer.bytes(currency);
    writer.date(this.epochDay(chunk.days[i]!));
  }

  private epochDay(day: string): number {
    let epochDay = this.epochDays.get(day);
    if (epochDay === undefined) this.epochDays.set(day, (epochDay = toEpochDay(day)));
    return epochDay;
  }
}

const CDR_COLUMNS =
  'cdrs (tenant_id, key, call_id, started_at, customer_id, destination_number, destination, destination_name, seconds, billed_seconds, charge, currency, usage_day)';

const UNIQUE_VIOLATION = '23505';
/** CDRs rolled up between turns of the event loop while their COPY is sent (writeChunk). */
const ROLL_UP_SLICE = 5000;

/** Claims a chunk's keys and copies its new CDRs into `cdrs` (see the module comment). */
async function writeChunk(tx: BatchSession, tenantId: string, rowWriter: CdrRowWriter, transaction: Transaction, chunk: Chunk): Promise<void> {
  let duplicate: Set<string> | undefined;
  try {
    // In key order: inserts that walk the index in order touch each page once.
    await tx.savepoint((sp) =>
      chunk.keyLines === undefined
        ? sp.rows('insert into cdr_keys (tenant_id, key) select $1::uuid, k from unnest($2::text[]) as k order by k collate "C"', [tenantId, chunk.keys])
        : sp.rows(`insert into cdr_keys (tenant_id, key) select $1::uuid, k from unnest(string_to_array($2, E'\\n')) as k order by k collate "C"`, [tenantId, chunk.keyLines]),
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    // Some key was claimed before (by any request, process or push, or this transaction): the
    // keys that were come back. ON CONFLICT probes the key index once per key.
    const claimedBefore = await tx.rows<{ key: string }>(
      `with chunk as (select unnest($2::text[]) as key),
            claimed as (insert into cdr_keys (tenant_id, key) select $1::uuid, key from chunk order by key collate "C" on conflict do nothing returning key)
       select key from chunk except select key from claimed`,
      [tenantId, chunk.keys],
    );
    duplicate = new Set(claimedBefore.map((r) => r.key));
  }
  transaction.chunks++;
  transaction.cdrs += chunk.keys.length;
  // Without duplicates, every CDR is new; otherwise the first of each key not claimed before.
  let fresh: Uint8Array | undefined;
  let pieces = chunk.pieces;
  if (duplicate !== undefined) {
    fresh = new Uint8Array(chunk.keys.length);
    const seen = new Set<string>();
    const writer = new BinaryCopyWriter();
    chunk.keys.forEach((key, i) => {
      if (!duplicate.has(key) && !seen.has(key)) {
        fresh![i] = 1;
        rowWriter.write(writer, chunk, i);
      }
      seen.add(key);
    });
    pieces = fresh.includes(1) ? writer.finish() : [];
  }
  const isNew = (i: number) => fresh === undefined || fresh[i] === 1;
  // Postgres writes the rows while their roll-up is added here.
  const copied = pieces.length > 0 ? tx.copyIn(CDR_COLUMNS, pieces) : Promise.resolve();
  try {
    for (let i = 0; i < chunk.keys.length; i++) {
      // The COPY goes on only as the event loop turns (its rows are sent a piece per turn).
      if (i % ROLL_UP_SLICE === ROLL_UP_SLICE - 1) await nextMacrotask();
      if (!isNew(i)) {
        transaction.duplicates++;
        continue;
      }
      transaction.accepted++;
      addCdr(transaction.cells, chunk, i);
    }
  } finally {
    await copied;
  }
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
    ],
  );
  await tx.rows('update tenants set version = $2 where id = $1', [tenantId, version]);
  await tx.rows('select pg_notify($1, $2)', [POKE_CHANNEL, `${tenantId}:${version}`]);
  await options.beforeCommit?.();
  return touched!.n;
}
