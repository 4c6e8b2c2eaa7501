/**
 * The browser import's reading pass (it runs in the CDR worker): streams a file through the CSV
 * parser, validates each line as a CDR (lib/cdr), drops CDRs this device has already imported or
 * that repeat within the file, and keeps the rest per (customer cell as written, currency) group.
 *
 * Customers are matched after this pass, when the user has seen the unknown ones; that is why the
 * groups key on the customer text and the currency (a currency other than the customer's makes a
 * whole group's lines bad rows once the customer is known) and keep their line numbers.
 *
 * The CDRs themselves are kept, compactly (compact-cdrs.ts: key, seconds, billed seconds, charge
 * and cell, about 20 bytes plus the key each), because the import sends them: importCdrs claims
 * each CDR's key on the server, so a CDR another device or POST /api/cdrs already sent is not
 * billed again. Cells (billing day × destination × destination name) are found through nested
 * maps (billing day, then a number per destination and name, the same for all groups), so no string
 * is built per CDR; the roll-up itself is the mutator's (lib/cdr addToCells).
 *
 * Deduplication on the device. Each imported CDR's key (lib/cdr `key`: the call id, or a hash of
 * the row) is hashed to 16 hex digits and kept in the device database's `meta` table, one entry per
 * UTC day of call start (`cdrLedger:YYYY-MM-DD`, the keys concatenated): no Dexie schema change, a
 * few dozen entries for a month, and written in the same IndexedDB transaction as the importCdrs
 * mutations, so the ledger and the outbox can never disagree. It makes a second import of a file on
 * one device a no-op, offline too. A day's entry is read once, when the first CDR of that day is
 * met. The file is never held: memory is one chunk plus the CDRs' columns and ledger hashes, the
 * latter as numbers (two 32-bit lanes) while reading and as the entry's hex text only at the end.
 */
import { cdrBillingDay, CsvStream, hash64Lanes, parseCdrRow, utcDay, type CdrMapping, type CdrRowError } from '@/lib/cdr';
import { CDR_KEY_MAX_CHARS } from '@/lib/mutators';
import { CompactCdrsBuilder, transferablesOf, type CompactCdrs } from './compact-cdrs';

/** Bad rows listed one by one (all are counted). */
export const MAX_LISTED_BAD_ROWS = 1000;
/** Line numbers kept per group, to list if the group's currency turns out not to be its customer's. */
export const MAX_LINES_PER_GROUP = 1000;
/** Characters of one ledger key (a 64-bit hash in hex). */
export const LEDGER_KEY_CHARS = 16;

export const ledgerMetaKey = (day: string) => `cdrLedger:${day}`;

/** Where a group's CDRs are billed: a usage cell, split by destination name when the names differ. */
export interface CollectedCell {
  day: string;
  destination: string;
  destinationName: string;
}

export interface CollectedGroup {
  /** The customer cell as written in the file. */
  customer: string;
  /** The CDRs' currency, or '' when the file has no currency column. */
  currency: string;
  rows: number;
  /** Up to MAX_LINES_PER_GROUP line numbers of its CDRs. */
  lines: number[];
  cells: CollectedCell[];
  /** Each CDR, naming its cell by index in `cells`. */
  cdrs: CompactCdrs;
  /** New CDR keys by UTC day, concatenated (LEDGER_KEY_CHARS each). */
  keys: Record<string, string>;
}

export interface CollectResult {
  groups: CollectedGroup[];
  /** Lines that are not CDRs (listed up to MAX_LISTED_BAD_ROWS) and how many there are. */
  badRows: CdrRowError[];
  badCount: number;
  /** CDRs already imported on this device, or repeated in the file. */
  duplicates: number;
  /** Data lines read (CDRs, bad and duplicate ones included). */
  lines: number;
  /** Length of each ledger entry read, to check at commit that no other import ran meanwhile. */
  ledgerLengths: Record<string, number>;
}

/** The buffers of a result, to transfer rather than copy. */
export function transferablesOfResult(result: CollectResult): ArrayBuffer[] {
  return result.groups.flatMap((g) => transferablesOf(g.cdrs));
}

interface Group {
  customer: string;
  currency: string;
  rows: number;
  lines: number[];
  cells: CollectedCell[];
  /**
   * Billing day → index in `cells` + 1 (0: none) by target (Targets), for the first DENSE_TARGETS
   * targets: one array read per CDR; the targets past them in `cellIndex`.
   */
  denseCells: Map<string, Int32Array>;
  /** Billing day → target → index in `cells`. */
  cellIndex: Map<string, Map<number, number>>;
  cdrs: CompactCdrsBuilder;
  keys: LedgerKeysBuilder;
}

/** The current CDR key's hash64 lanes ([high, low]): filled per CDR, never allocated. */
const keyLanes = new Uint32Array(2);

/**
 * The ledger hashes of one UTC day as a set of lane pairs (open addressing on a Uint32Array): a
 * million CDRs a day are 16 MB of numbers at most, not a million strings for the collector to hash.
 * Lane pair (0, 0) marks an empty slot, so that one hash is kept aside.
 */
class LedgerSet {
  /** The day's number in this pass (CdrCollector `ledgerDays`). */
  constructor(readonly id: number) {}

  private slots: Uint32Array = new Uint32Array(2 * 1024);
  private size = 0;
  private hasZero = false;

  /** Adds the pair; false when it was there already. */
  add(high: number, low: number): boolean {
    if (high === 0 && low === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
    let slots = this.slots;
    // Kept at most half full, so probes stay short.
    if (2 * (this.size + 1) > slots.length >>> 1) slots = this.grow();
    const mask = (slots.length >>> 1) - 1;
    let i = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const h = slots[2 * i]!;
      const l = slots[2 * i + 1]!;
      if (h === 0 && l === 0) break;
      if (h === high && l === low) return false;
      i = (i + 1) & mask;
    }
    slots[2 * i] = high;
    slots[2 * i + 1] = low;
    this.size++;
    return true;
  }

  private grow(): Uint32Array {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i]!, old[i + 1]!);
    return this.slots;
  }
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const HEX_VALUES = new Map(HEX_CODES.map((code, value) => [code, value]));

/** 8 hex digits of a ledger entry as a lane (NaN-free: a character that is not a hex digit counts as 0). */
function laneAt(keys: string, at: number): number {
  let lane = 0;
  for (let i = at; i < at + 8; i++) lane = (lane << 4) | (HEX_VALUES.get(keys.charCodeAt(i)) ?? 0);
  return lane >>> 0;
}

/**
 * A group's new ledger keys in reading order, as (high lane, low lane, ledger day number) triples: one
 * column written in order, whatever the day. Split by day into the entries' hex text at the end.
 */
class LedgerKeysBuilder {
  private triples = new Uint32Array(3 * 16);
  private length = 0;

  push(high: number, low: number, day: number): void {
    if (this.length === this.triples.length) {
      const triples = new Uint32Array(this.length * 2);
      triples.set(this.triples);
      this.triples = triples;
    }
    const at = this.length;
    this.triples[at] = high;
    this.triples[at + 1] = low;
    this.triples[at + 2] = day;
    this.length = at + 3;
  }

  /** Hex text by ledger day, the days in the order their first key was pushed. */
  texts(days: readonly string[]): Record<string, string> {
    const triples = this.triples;
    const counts = new Uint32Array(days.length);
    const order: number[] = [];
    for (let i = 2; i < this.length; i += 3) if (counts[triples[i]!]!++ === 0) order.push(triples[i]!);
    const bytes = order.map((day) => new Uint8Array(counts[day]! * LEDGER_KEY_CHARS));
    const slot = new Int32Array(days.length);
    order.forEach((day, k) => (slot[day] = k));
    const written = new Uint32Array(order.length);
    const x = HEX_CODES;
    for (let i = 0; i < this.length; i += 3) {
      const high = triples[i]!;
      const low = triples[i + 1]!;
      const k = slot[triples[i + 2]!]!;
      const out = bytes[k]!;
      let at = written[k]!;
      for (let shift = 28; shift >= 0; shift -= 4) out[at++] = x[(high >>> shift) & 15]!;
      for (let shift = 28; shift >= 0; shift -= 4) out[at++] = x[(low >>> shift) & 15]!;
      written[k] = at;
    }
    return Object.fromEntries(order.map((day, k) => [days[day]!, latin1.decode(bytes[k])]));
  }
}

const latin1 = new TextDecoder('latin1');

/** Why a CDR's key cannot travel in importCdrs (lib/mutators), or undefined. */
function keyProblem(key: string): string | undefined {
  if (key.length > CDR_KEY_MAX_CHARS) return `call id is longer than ${CDR_KEY_MAX_CHARS - 2} characters`;
  // A loop rather than a regex: it runs on every CDR.
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return 'call id contains a control character (a tab or a line break)';
  }
  return undefined;
}

/** A copy of a string parsed from the file: a slice of a whole chunk would keep the chunk alive. */
function detached(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * (destination, destination name) pairs of the whole file as small numbers, shared by every group
 * (about one per destination of the rate deck): the names are compared here, where they stay in
 * cache, and the groups' cells are found by number (a group's cell objects are not touched per CDR).
 */
class Targets {
  /** Destination → its first target; the targets of other names are chained from it. */
  private readonly first = new Map<string, number>();
  private readonly names: string[] = [];
  /** Per target: the next target of the same destination, or -1. */
  private readonly next: number[] = [];

  of(destination: string, destinationName: string): number {
    const first = this.first.get(destination) ?? -1;
    // Nearly always one name per destination.
    let target = first;
    while (target >= 0 && this.names[target] !== destinationName) target = this.next[target]!;
    if (target >= 0) return target;
    target = this.names.length;
    this.names.push(detached(destinationName));
    this.next.push(-1);
    if (first < 0) {
      this.first.set(destination, target);
    } else {
      let last = first;
      while (this.next[last]! >= 0) last = this.next[last]!;
      this.next[last] = target;
    }
    return target;
  }

  name(target: number): string {
    return this.names[target]!;
  }
}

/** Targets whose cells a group finds in an array (at most 1 KB per group and billing day). */
const DENSE_TARGETS = 256;

function cellOf(group: Group, targets: Targets, day: string, destination: string, destinationName: string): number {
  const target = targets.of(destination, destinationName);
  if (target < DENSE_TARGETS) {
    let dense = group.denseCells.get(day);
    if (!dense || target >= dense.length) {
      const grown = new Int32Array(Math.min(DENSE_TARGETS, Math.max(16, 2 * (target + 1))));
      if (dense) grown.set(dense);
      group.denseCells.set(day, (dense = grown));
    }
    const index = dense[target]! - 1;
    if (index >= 0) return index;
    dense[target] = group.cells.length + 1;
  } else {
    let byTarget = group.cellIndex.get(day);
    if (!byTarget) group.cellIndex.set(day, (byTarget = new Map()));
    const index = byTarget.get(target);
    if (index !== undefined) return index;
    byTarget.set(target, group.cells.length);
  }
  group.cells.push({ day, destination, destinationName: targets.name(target) });
  return group.cells.length - 1;
}

export class CdrCollector {
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly known = new Map<string, LedgerSet>();
  /** The UTC days whose ledger was read, by number (LedgerSet `id`). */
  private readonly ledgerDays: string[] = [];
  private readonly targets = new Targets();
  private readonly ledgerLengths: Record<string, number> = {};
  private readonly badRows: CdrRowError[] = [];
  private badCount = 0;
  private duplicates = 0;
  private lines = 0;
  private headerSkipped: boolean;

  constructor(
    private readonly mapping: CdrMapping,
    private readonly accountTimeZone: string,
  ) {
    this.headerSkipped = !mapping.hasHeader;
  }

  /** Data lines read so far. */
  get lineCount(): number {
    return this.lines;
  }

  bad(error: CdrRowError): void {
    this.lines++;
    this.badCount++;
    if (this.badRows.length < MAX_LISTED_BAD_ROWS) this.badRows.push(error);
  }

  /** Sets the imported keys of a UTC day (the ledger entry, '' when none). */
  setLedger(day: string, keys: string): void {
    const set = new LedgerSet(this.ledgerDays.length);
    this.ledgerDays.push(day);
    for (let i = 0; i + LEDGER_KEY_CHARS <= keys.length; i += LEDGER_KEY_CHARS) set.add(laneAt(keys, i), laneAt(keys, i + 8));
    this.known.set(day, set);
    this.ledgerLengths[day] = keys.length;
  }

  /**
   * Adds a row. Returns the UTC day whose ledger must be set first (the row was not taken: add it
   * again after `setLedger`), else undefined.
   */
  add(cells: string[], line: number): string | undefined {
    if (!this.headerSkipped) {
      this.headerSkipped = true;
      return undefined;
    }
    const parsed = parseCdrRow(cells, line, this.mapping);
    if (!parsed.ok) {
      this.bad(parsed.error);
      return undefined;
    }
    const { cdr } = parsed;
    if (cdr.callId !== '') {
      const problem = keyProblem(cdr.key);
      if (problem) {
        this.bad({ line, reason: problem });
        return undefined;
      }
    }
    const ledgerDay = utcDay(cdr.epochMs);
    const known = this.known.get(ledgerDay);
    if (!known) return ledgerDay;
    this.lines++;
    hash64Lanes(cdr.key, keyLanes);
    const high = keyLanes[0]!;
    const low = keyLanes[1]!;
    if (!known.add(high, low)) {
      this.duplicates++;
      return undefined;
    }
    // Nested maps (customer, then currency): no key string is built per CDR.
    let byCurrency = this.groups.get(cdr.customer);
    if (!byCurrency) this.groups.set(cdr.customer, (byCurrency = new Map()));
    let group = byCurrency.get(cdr.currency);
    if (!group) {
      group = { customer: cdr.customer, currency: cdr.currency, rows: 0, lines: [], cells: [], denseCells: new Map(), cellIndex: new Map(), cdrs: new CompactCdrsBuilder(), keys: new LedgerKeysBuilder() };
      byCurrency.set(cdr.currency, group);
    }
    group.rows++;
    if (group.lines.length < MAX_LINES_PER_GROUP) group.lines.push(line);
    const cell = cellOf(group, this.targets, cdrBillingDay(cdr.epochMs, this.accountTimeZone), cdr.destination, cdr.destinationName);
    group.cdrs.push(cell, cdr.key, cdr.seconds, cdr.billedSeconds, cdr.charge);
    group.keys.push(high, low, known.id);
    return undefined;
  }

  result(): CollectResult {
    return {
      groups: [...this.groups.values()].flatMap((m) => [...m.values()]).map((g) => ({
        customer: g.customer,
        currency: g.currency,
        rows: g.rows,
        lines: g.lines,
        cells: g.cells,
        cdrs: g.cdrs.finish(),
        keys: g.keys.texts(this.ledgerDays),
      })),
      badRows: this.badRows,
      badCount: this.badCount,
      duplicates: this.duplicates,
      lines: this.lines,
      ledgerLengths: { ...this.ledgerLengths },
    };
  }
}

export interface CollectOptions {
  mapping: CdrMapping;
  accountTimeZone: string;
  /** The ledger entry of a UTC day ('' when there is none). */
  ledger: (day: string) => Promise<string>;
  onProgress?: (progress: { bytes: number; lines: number }) => void;
}

/** A file that cannot be read at all (not UTF-8 text, a row without end). */
export class CdrFileError extends Error {
  override name = 'CdrFileError';
}

/**
 * Reads a CDR file from a byte stream, one chunk at a time (the file is never in memory whole),
 * and returns what it would import.
 */
export async function collectCdrFile(stream: ReadableStream<Uint8Array>, options: CollectOptions): Promise<CollectResult> {
  const collector = new CdrCollector(options.mapping, options.accountTimeZone);
  // Rows wait here only behind one whose UTC day's ledger must be read first (an await): the others
  // are added as the parser meets them, with no object per row.
  let pending: { cells: string[]; line: number }[] = [];
  const csv = new CsvStream(
    (cells, line) => {
      if (pending.length > 0 || collector.add(cells, line) !== undefined) pending.push({ cells, line });
    },
    (error) => collector.bad(error),
  );
  // fatal: bytes that are not UTF-8 stop the import instead of turning into U+FFFD in a customer name.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = stream.getReader();
  let bytes = 0;
  const drain = async () => {
    const rows = pending;
    pending = [];
    for (const { cells, line } of rows) {
      const day = collector.add(cells, line);
      if (day !== undefined) {
        collector.setLedger(day, await options.ledger(day));
        collector.add(cells, line);
      }
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      let text: string;
      try {
        text = decoder.decode(value, { stream: true });
      } catch {
        throw new CdrFileError('The file is not UTF-8 text (is it a spreadsheet or a compressed file?). Export it as CSV and try again.');
      }
      try {
        csv.push(text);
      } catch (error) {
        throw new CdrFileError(error instanceof Error ? error.message : String(error));
      }
      await drain();
      options.onProgress?.({ bytes, lines: collector.lineCount });
    }
    csv.push(decoder.decode());
    csv.end();
    await drain();
  } finally {
    reader.releaseLock();
  }
  return collector.result();
}
