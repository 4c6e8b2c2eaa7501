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
 * met; the CDRs repeated in the ledger or earlier in the file are found at the end, one UTC day at
 * a time (CdrStore `duplicates`), and taken out as if never read. The file is never held: memory is
 * one chunk plus the CDRs' columns and ledger hashes, the latter as numbers (two 32-bit lanes) while
 * reading and as the entry's hex text only at the end.
 */
import { BillingDays, callIdKeyLanes, CdrReader, CsvStream, hash64Lanes, utcDay, type CdrMapping, type CdrRowError } from '@/lib/cdr';
import { transferablesOf, type CompactCdrs } from './compact-cdrs';

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
  /** Its number in the pass (CdrCollector `groupList`). */
  id: number;
  /** The store index of its first new CDR (set when duplicates are taken out). */
  first: number;
  customer: string;
  currency: string;
  rows: number;
  lines: number[];
  cells: CollectedCell[];
  /**
   * By billing day (BillingDays index): index in `cells` + 1 (0: none) by target (Targets), for
   * the first DENSE_TARGETS targets: one array read per CDR; the targets past them in `cellIndex`.
   */
  denseCells: (Int32Array | undefined)[];
  /** By billing day: target → index in `cells`. */
  cellIndex: (Map<number, number> | undefined)[];
  /** UTF-8 bytes of its CDRs' keys. */
  keyBytes: number;
  /** New keys by ledger day number, and those days in the order their first key came. */
  ledgerCounts: Int32Array;
  ledgerDays: number[];
}

/** The current CDR key's hash64 lanes ([high, low]): filled per CDR, never allocated. */
const keyLanes = new Uint32Array(2);

/**
 * The keys of one UTC day as a set of lane pairs (open addressing on a Uint32Array, at most half
 * full), used one day after the other at the end of the pass over the same memory: one day's set
 * stays in cache, where sets of all days filled as the lines come (a file's days interleave) would
 * miss the cache and fault in fresh pages on nearly every CDR. Lane pair (0, 0) marks an empty
 * slot, so that one hash is kept aside.
 */
class DaySet {
  private slots = new Uint32Array(0);
  private mask = 0;
  private hasZero = false;

  /** Empties the set, with room for `count` pairs. */
  reset(count: number): void {
    let capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    if (this.slots.length < 2 * capacity) this.slots = new Uint32Array(2 * capacity);
    else this.slots.fill(0, 0, 2 * capacity);
    this.mask = capacity - 1;
    this.hasZero = false;
  }

  /** Adds the pair; false when it was there already. */
  add(high: number, low: number): boolean {
    if (high === 0 && low === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
    const slots = this.slots;
    const mask = this.mask;
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
    return true;
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

const latin1 = new TextDecoder('latin1');

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
  private readonly destinations: string[] = [];
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
    this.destinations.push(detached(destination));
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

  destination(target: number): string {
    return this.destinations[target]!;
  }

  name(target: number): string {
    return this.names[target]!;
  }
}

/** Targets whose cells a group finds in an array (at most 1 KB per group and billing day). */
const DENSE_TARGETS = 256;

function cellOf(group: Group, targets: Targets, days: BillingDays, day: number, target: number): number {
  if (target < DENSE_TARGETS) {
    let dense = group.denseCells[day];
    if (dense === undefined || target >= dense.length) {
      const grown = new Int32Array(Math.min(DENSE_TARGETS, Math.max(16, 2 * (target + 1))));
      if (dense) grown.set(dense);
      while (group.denseCells.length < day) group.denseCells.push(undefined);
      group.denseCells[day] = dense = grown;
    }
    const index = dense[target]! - 1;
    if (index >= 0) return index;
    dense[target] = group.cells.length + 1;
  } else {
    let byTarget = group.cellIndex[day];
    if (byTarget === undefined) {
      while (group.cellIndex.length < day) group.cellIndex.push(undefined);
      group.cellIndex[day] = byTarget = new Map();
    }
    const index = byTarget.get(target);
    if (index !== undefined) return index;
    byTarget.set(target, group.cells.length);
  }
  group.cells.push({ day: days.days[day]!, destination: targets.destination(target), destinationName: targets.name(target) });
  return group.cells.length - 1;
}

/** CdrStore's escapes: a charge (millionths) or a line step that does not fit its column. */
const LARGE_CHARGE = 0xffffffff;
const FAR_LINE = 0xff;

/** CDRs per block of CdrStore's columns; key bytes per block of its key text. */
const STORE_BLOCK = 16_384;
const KEY_BLOCK_BYTES = 256 * 1024;

/**
 * The new CDRs of all groups in reading order, as columns in fixed blocks: a CDR is a few typed
 * array writes, nothing is copied as the file grows, and at the end each group's columns are
 * written once at their exact length (`compactCdrs`). Columns that doubled per group would
 * allocate, touch and copy several times the memory, which costs more than the writes themselves.
 */
class CdrStore {
  count = 0;
  private readonly blocks: {
    group: Uint32Array;
    cell: Uint32Array;
    seconds: Uint32Array;
    billedSeconds: Uint32Array;
    /** Millionths; LARGE_CHARGE: in `largeCharges`. */
    charge: Uint32Array;
    keyLength: Uint16Array;
    ledgerDay: Uint16Array;
    high: Uint32Array;
    low: Uint32Array;
    /** Line − the previous CDR's line (lines only grow in reading order); FAR_LINE: in `farLines`. */
    lineStep: Uint8Array;
  }[] = [];
  private block = this.newBlock();
  private at = 0;
  /** Charges of LARGE_CHARGE millionths or more, by CDR number: nearly every CDR's fits 32 bits. */
  private readonly largeCharges = new Map<number, number | bigint>();
  /** Lines FAR_LINE or more past the previous CDR's, by CDR number. */
  private readonly farLines = new Map<number, number>();
  private lastLine = 0;
  private readonly keyBlocks: Uint8Array[] = [new Uint8Array(KEY_BLOCK_BYTES)];
  /** Bytes used of each key block: a key never straddles two. */
  private readonly keyBlockUsed: number[] = [0];
  private keyAt = 0;

  private newBlock() {
    const block = {
      group: new Uint32Array(STORE_BLOCK),
      cell: new Uint32Array(STORE_BLOCK),
      seconds: new Uint32Array(STORE_BLOCK),
      billedSeconds: new Uint32Array(STORE_BLOCK),
      charge: new Uint32Array(STORE_BLOCK),
      keyLength: new Uint16Array(STORE_BLOCK),
      ledgerDay: new Uint16Array(STORE_BLOCK),
      high: new Uint32Array(STORE_BLOCK),
      low: new Uint32Array(STORE_BLOCK),
      lineStep: new Uint8Array(STORE_BLOCK),
    };
    this.blocks.push(block);
    return block;
  }

  /**
   * Adds a CDR whose key is `c:<callId>` (a call id) or `rowKey`; returns its key's UTF-8 bytes.
   * Keys are at most lib/mutators CDR_KEY_MAX_CHARS characters (CdrReader refuses longer call
   * ids), so their length fits 16 bits.
   */
  push(group: number, cell: number, callId: string, rowKey: string, seconds: number, billedSeconds: number, charge: number | bigint, high: number, low: number, ledgerDay: number, line: number): number {
    let i = this.at;
    if (i === STORE_BLOCK) {
      this.block = this.newBlock();
      this.at = i = 0;
    }
    const block = this.block;
    block.group[i] = group;
    block.cell[i] = cell;
    block.seconds[i] = seconds;
    block.billedSeconds[i] = billedSeconds;
    if (typeof charge === 'number' && charge < LARGE_CHARGE) {
      block.charge[i] = charge;
    } else {
      block.charge[i] = LARGE_CHARGE;
      this.largeCharges.set(this.count, charge);
    }
    block.high[i] = high;
    block.low[i] = low;
    block.ledgerDay[i] = ledgerDay;
    const step = line - this.lastLine;
    if (step < FAR_LINE) {
      block.lineStep[i] = step;
    } else {
      block.lineStep[i] = FAR_LINE;
      this.farLines.set(this.count, line);
    }
    this.lastLine = line;
    const length = this.pushKey(callId, rowKey);
    block.keyLength[i] = length;
    this.at = i + 1;
    this.count++;
    return length;
  }

  private pushKey(callId: string, rowKey: string): number {
    const text = callId !== '' ? callId : rowKey;
    // A UTF-8 character is at most 3 bytes per UTF-16 unit; `c:` is 2.
    const most = 2 + 3 * text.length;
    let bytes = this.keyBlocks[this.keyBlocks.length - 1]!;
    let at = this.keyAt;
    if (at + most > bytes.length) {
      this.keyBlockUsed[this.keyBlocks.length - 1] = at;
      bytes = new Uint8Array(Math.max(KEY_BLOCK_BYTES, most));
      this.keyBlocks.push(bytes);
      this.keyBlockUsed.push(0);
      at = 0;
    }
    const start = at;
    if (callId !== '') {
      bytes[at++] = 99; // c
      bytes[at++] = 58; // :
    }
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) {
        at = start + encoder.encodeInto(callId !== '' ? `c:${callId}` : rowKey, bytes.subarray(start)).written;
        break;
      }
      bytes[at++] = c;
    }
    this.keyAt = at;
    this.keyBlockUsed[this.keyBlocks.length - 1] = at;
    return at - start;
  }

  private scratchWords: Uint32Array | undefined;

  /**
   * Two words per CDR, for the end of the pass: first the order of `duplicates`, then the ledger
   * lanes of `compactCdrs` (one allocation: fresh memory costs a page fault per 4 KB touched).
   */
  private scratch(): Uint32Array {
    return (this.scratchWords ??= new Uint32Array(2 * this.count));
  }

  /**
   * Marks (in the returned flags, by store index) the CDRs whose key is in the ledger of their UTC
   * day or of a day next to it (`ledgers`, by ledger day number; `neighbours`, by the same, the
   * ledger days before and after), or came earlier in the file on that day; undefined when there
   * are none. Day by day, over one set: see DaySet.
   */
  duplicates(ledgers: readonly string[], neighbours: readonly (readonly number[])[]): { flags: Uint8Array; count: number } | undefined {
    const days = ledgers.length;
    // The keys of a day's ledger and of its neighbours' (read with another source timezone, a CDR
    // may have been filed a day away).
    const ledgerKeys = (d: number) => (ledgers[d]!.length + neighbours[d]!.reduce((n, e) => n + ledgers[e]!.length, 0)) / LEDGER_KEY_CHARS;
    // The store's indexes by ledger day, in reading order within each (a counting sort).
    const start = new Uint32Array(days + 1);
    this.forEach((block, i) => void start[block.ledgerDay[i]! + 1]!++);
    let most = 0;
    for (let d = 0; d < days; d++) {
      most = Math.max(most, start[d + 1]! + ledgerKeys(d));
      start[d + 1] = start[d + 1]! + start[d]!;
    }
    const order = this.scratch().subarray(0, this.count);
    const next = start.slice(0, days);
    this.forEach((block, i, n) => void (order[next[block.ledgerDay[i]!]!++] = n));
    const set = new DaySet();
    set.reset(most);
    let flags: Uint8Array | undefined;
    let count = 0;
    for (let d = 0; d < days; d++) {
      if (d > 0) set.reset(start[d + 1]! - start[d]! + ledgerKeys(d));
      for (const e of [d, ...neighbours[d]!]) {
        const ledger = ledgers[e]!;
        for (let i = 0; i + LEDGER_KEY_CHARS <= ledger.length; i += LEDGER_KEY_CHARS) set.add(laneAt(ledger, i), laneAt(ledger, i + 8));
      }
      for (let k = start[d]!; k < start[d + 1]!; k++) {
        const n = order[k]!;
        const block = this.blocks[Math.floor(n / STORE_BLOCK)]!;
        const i = n % STORE_BLOCK;
        if (!set.add(block.high[i]!, block.low[i]!)) {
          (flags ??= new Uint8Array(this.count))[n] = 1;
          count++;
        }
      }
    }
    return flags && { flags, count };
  }

  /**
   * With duplicates taken out (`flags`): each group's rows, first CDR, line numbers, key bytes,
   * ledger days and cells (in the order the new CDRs first use them) as if the duplicates had
   * never been read; returns each group's old cell index → new.
   */
  recount(groups: readonly Group[], flags: Uint8Array): Int32Array[] {
    const cells = groups.map((g) => g.cells);
    const remap = groups.map((g) => new Int32Array(g.cells.length).fill(-1));
    for (const g of groups) {
      g.rows = 0;
      g.first = -1;
      g.lines = [];
      g.keyBytes = 0;
      g.ledgerCounts.fill(0);
      g.ledgerDays = [];
      g.cells = [];
    }
    let line = 0;
    this.forEach((block, i, n) => {
      const step = block.lineStep[i]!;
      line = step === FAR_LINE ? this.farLines.get(n)! : line + step;
      if (flags[n]) return;
      const g = groups[block.group[i]!]!;
      g.rows++;
      if (g.first < 0) g.first = n;
      if (g.lines.length < MAX_LINES_PER_GROUP) g.lines.push(line);
      g.keyBytes += block.keyLength[i]!;
      const day = block.ledgerDay[i]!;
      if (g.ledgerCounts[day]!++ === 0) g.ledgerDays.push(day);
      const cellMap = remap[g.id]!;
      const cell = block.cell[i]!;
      if (cellMap[cell]! < 0) {
        cellMap[cell] = g.cells.length;
        g.cells.push(cells[g.id]![cell]!);
      }
    });
    return remap;
  }

  /** Calls `f` with each CDR's block, index in it and index in the store, in reading order. */
  private forEach(f: (block: (typeof this.blocks)[number], i: number, n: number) => void): void {
    let n = 0;
    for (const block of this.blocks) {
      const length = Math.min(STORE_BLOCK, this.count - n);
      for (let i = 0; i < length; i++, n++) f(block, i, n);
    }
  }

  /**
   * Each group's CDRs as columns of their exact length, and its new ledger keys as hex text by
   * ledger day (in `days`), both in reading order.
   */
  compactCdrs(groups: readonly Group[], days: readonly string[], duplicates?: Uint8Array, cellRemap?: readonly Int32Array[]): { cdrs: CompactCdrs; keys: Record<string, string> }[] {
    const out = groups.map((g) => ({
      count: 0,
      cell: new Uint32Array(g.rows),
      seconds: new Uint32Array(g.rows),
      billedSeconds: new Uint32Array(g.rows),
      charge: new Float64Array(g.rows),
      bigCharges: new Map<number, bigint>(),
      keyEnd: new Uint32Array(g.rows),
      keyBytes: new Uint8Array(g.keyBytes),
      keyLength: 0,
    }));
    // The ledger keys of each (group, day) go to one run of `lanes`; `ledgerAt` is the next pair of each.
    let pairs = 0;
    const ledgerAt = groups.map((g) => {
      const at = new Int32Array(g.ledgerCounts.length);
      for (const day of g.ledgerDays) {
        at[day] = pairs;
        pairs += g.ledgerCounts[day]!;
      }
      return at;
    });
    const lanes = this.scratch().subarray(0, 2 * pairs);
    let n = 0;
    let keyBlock = 0;
    let keyAt = 0;
    for (const block of this.blocks) {
      const length = Math.min(STORE_BLOCK, this.count - n);
      for (let i = 0; i < length; i++, n++) {
        if (keyAt === this.keyBlockUsed[keyBlock]) {
          keyBlock++;
          keyAt = 0;
        }
        const keyLength = block.keyLength[i]!;
        if (duplicates !== undefined && duplicates[n] === 1) {
          keyAt += keyLength;
          continue;
        }
        const g = block.group[i]!;
        const o = out[g]!;
        const j = o.count++;
        o.cell[j] = cellRemap === undefined ? block.cell[i]! : cellRemap[g]![block.cell[i]!]!;
        o.seconds[j] = block.seconds[i]!;
        o.billedSeconds[j] = block.billedSeconds[i]!;
        const charge = block.charge[i]!;
        if (charge !== LARGE_CHARGE) {
          o.charge[j] = charge;
        } else {
          const large = this.largeCharges.get(n)!;
          // CompactCdrs: NaN where the charge is past 2^53 millionths and kept in `bigCharges`.
          o.charge[j] = typeof large === 'bigint' ? Number.NaN : large;
          if (typeof large === 'bigint') o.bigCharges.set(j, large);
        }
        const from = this.keyBlocks[keyBlock]!;
        const to = o.keyBytes;
        let t = o.keyLength;
        for (let k = keyAt, end = keyAt + keyLength; k < end; k++) to[t++] = from[k]!;
        keyAt += keyLength;
        o.keyLength = t;
        o.keyEnd[j] = t;
        const at = ledgerAt[g]!;
        const pair = at[block.ledgerDay[i]!]!++;
        lanes[2 * pair] = block.high[i]!;
        lanes[2 * pair + 1] = block.low[i]!;
      }
    }
    let most = 0;
    for (const g of groups) for (const day of g.ledgerDays) most = Math.max(most, g.ledgerCounts[day]!);
    const hex = new Uint8Array(most * LEDGER_KEY_CHARS);
    const x = HEX_CODES;
    pairs = 0;
    return groups.map((g, k) => {
      const keys: Record<string, string> = {};
      for (const day of g.ledgerDays) {
        const count = g.ledgerCounts[day]!;
        let at = 0;
        for (let p = pairs; p < pairs + count; p++) {
          const high = lanes[2 * p]!;
          const low = lanes[2 * p + 1]!;
          for (let shift = 28; shift >= 0; shift -= 4) hex[at++] = x[(high >>> shift) & 15]!;
          for (let shift = 28; shift >= 0; shift -= 4) hex[at++] = x[(low >>> shift) & 15]!;
        }
        pairs += count;
        keys[days[day]!] = latin1.decode(hex.subarray(0, at));
      }
      const o = out[k]!;
      const cdrs: CompactCdrs = { count: o.count, cell: o.cell, seconds: o.seconds, billedSeconds: o.billedSeconds, charge: o.charge, bigCharges: o.bigCharges, keyEnd: o.keyEnd, keyBytes: o.keyBytes };
      return { cdrs, keys };
    });
  }
}

const encoder = new TextEncoder();

/** Epoch day (UTC) of a ledger day `YYYY-MM-DD`. */
const epochDayOf = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

export class CdrCollector {
  private readonly reader: CdrReader;
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly groupList: Group[] = [];
  /** Ledger day numbers by UTC epoch day; the last one found, since a file's CDRs tend to run in order. */
  private readonly ledgerDayOf = new Map<number, number>();
  /** The same, for the days whose neighbours' ledgers were read too (a row of such a day can be taken). */
  private readonly readyLedgerDayOf = new Map<number, number>();
  private lastEpochDay = Number.NaN;
  private lastLedgerDay = -1;
  /** The UTC days whose ledger was read, and their ledger entries, by ledger day number. */
  private readonly ledgerDays: string[] = [];
  private readonly ledgers: string[] = [];
  private readonly billingDays: BillingDays;
  private readonly targets = new Targets();
  private readonly store = new CdrStore();
  private readonly ledgerLengths: Record<string, number> = {};
  private readonly badRows: CdrRowError[] = [];
  private badCount = 0;
  private duplicates = 0;
  private lines = 0;
  private headerSkipped: boolean;

  constructor(mapping: CdrMapping, accountTimeZone: string) {
    this.reader = new CdrReader(mapping);
    this.billingDays = new BillingDays(accountTimeZone);
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
    this.ledgerDayOf.set(epochDayOf(day), this.ledgerDays.length);
    this.ledgerDays.push(day);
    this.ledgers.push(keys);
    this.ledgerLengths[day] = keys.length;
  }

  /**
   * Adds a row. Returns a UTC day whose ledger must be set first (the row was not taken: add it
   * again after `setLedger`, until it is), else undefined. A row needs its own UTC day's ledger and
   * its two neighbours': the same file read with another source timezone puts a CDR up to a day
   * away, and it must still be found there.
   */
  add(cells: string[], line: number): string | undefined {
    if (!this.headerSkipped) {
      this.headerSkipped = true;
      // Every row after the header must have as many cells (lib/cdr CdrReader header).
      this.reader.header(cells);
      return undefined;
    }
    const cdr = this.reader;
    if (!cdr.read(cells, line)) {
      this.bad({ line, reason: cdr.reason });
      return undefined;
    }
    const callId = cdr.callId;
    const epochDay = Math.floor(cdr.epochMs / 86_400_000);
    let ledgerDay = this.lastLedgerDay;
    if (epochDay !== this.lastEpochDay) {
      // One lookup per change of day on the hot path (files interleave days); the neighbours are
      // checked once per day.
      let found = this.readyLedgerDayOf.get(epochDay);
      if (found === undefined) {
        const ledgers = this.ledgerDayOf;
        const missing = !ledgers.has(epochDay) ? epochDay : !ledgers.has(epochDay - 1) ? epochDay - 1 : !ledgers.has(epochDay + 1) ? epochDay + 1 : undefined;
        if (missing !== undefined) return utcDay(missing * 86_400_000);
        found = ledgers.get(epochDay)!;
        this.readyLedgerDayOf.set(epochDay, found);
      }
      this.lastEpochDay = epochDay;
      this.lastLedgerDay = ledgerDay = found;
    }
    this.lines++;
    // Duplicates are found at the end (CdrStore `duplicates`) and taken out as if never read.
    if (callId !== '') callIdKeyLanes(callId, keyLanes);
    else hash64Lanes(cdr.rowKey, keyLanes);
    // Nested maps (customer, then currency): no key string is built per CDR.
    let byCurrency = this.groups.get(cdr.customer);
    if (!byCurrency) this.groups.set(detached(cdr.customer), (byCurrency = new Map()));
    let group = byCurrency.get(cdr.currency);
    if (!group) {
      group = {
        id: this.groupList.length,
        first: this.store.count,
        customer: detached(cdr.customer),
        currency: cdr.currency,
        rows: 0,
        lines: [],
        cells: [],
        denseCells: [],
        cellIndex: [],
        keyBytes: 0,
        ledgerCounts: new Int32Array(16),
        ledgerDays: [],
      };
      byCurrency.set(cdr.currency, group);
      this.groupList.push(group);
    }
    group.rows++;
    if (group.lines.length < MAX_LINES_PER_GROUP) group.lines.push(line);
    const cell = cellOf(group, this.targets, this.billingDays, this.billingDays.of(cdr.epochMs), this.targets.of(cdr.destination, cdr.destinationName));
    group.keyBytes += this.store.push(group.id, cell, callId, cdr.rowKey, cdr.seconds, cdr.billedSeconds, cdr.charge, keyLanes[0]!, keyLanes[1]!, ledgerDay, line);
    let counts = group.ledgerCounts;
    if (ledgerDay >= counts.length) {
      counts = new Int32Array(Math.max(2 * counts.length, ledgerDay + 1));
      counts.set(group.ledgerCounts);
      group.ledgerCounts = counts;
    }
    if (counts[ledgerDay]!++ === 0) group.ledgerDays.push(ledgerDay);
    return undefined;
  }

  result(): CollectResult {
    // By customer in the order they were met, then by currency: the order of their first CDRs.
    let groups = [...this.groups.values()].flatMap((m) => [...m.values()]);
    // Each ledger day's neighbours (the days before and after it), where their ledgers were read.
    const neighbours = this.ledgerDays.map((day) => {
      const epochDay = epochDayOf(day);
      return [epochDay - 1, epochDay + 1].map((d) => this.ledgerDayOf.get(d)).filter((d): d is number => d !== undefined);
    });
    const duplicates = this.store.duplicates(this.ledgers, neighbours);
    let compact;
    if (duplicates === undefined) {
      compact = this.store.compactCdrs(this.groupList, this.ledgerDays);
    } else {
      this.duplicates += duplicates.count;
      const cellRemap = this.store.recount(this.groupList, duplicates.flags);
      compact = this.store.compactCdrs(this.groupList, this.ledgerDays, duplicates.flags, cellRemap);
      // A group or a customer may now start later, or have nothing new.
      const customerFirst = new Map<string, number>();
      groups = groups.filter((g) => g.rows > 0);
      for (const g of groups) customerFirst.set(g.customer, Math.min(customerFirst.get(g.customer) ?? Infinity, g.first));
      groups.sort((a, b) => customerFirst.get(a.customer)! - customerFirst.get(b.customer)! || a.first - b.first);
    }
    return {
      groups: groups.map((g) => ({
        customer: g.customer,
        currency: g.currency,
        rows: g.rows,
        lines: g.lines,
        cells: g.cells,
        cdrs: compact[g.id]!.cdrs,
        keys: compact[g.id]!.keys,
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
  // are added as the parser meets them, with no object per row. Malformed lines wait in the same
  // queue, so the bad lines are listed in line order.
  let pending: ({ cells: string[]; line: number } | { error: CdrRowError })[] = [];
  const csv = new CsvStream(
    (cells, line) => {
      if (pending.length > 0 || collector.add(cells, line) !== undefined) pending.push({ cells, line });
    },
    (error) => {
      if (pending.length > 0) pending.push({ error });
      else collector.bad(error);
    },
    // The delimiter chosen in the mapping step (detected from the first line, lib/cdr detectDelimiter).
    options.mapping.delimiter,
  );
  // fatal: bytes that are not UTF-8 stop the import instead of turning into U+FFFD in a customer name.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = stream.getReader();
  let bytes = 0;
  const drain = async () => {
    const rows = pending;
    pending = [];
    for (const entry of rows) {
      if ('error' in entry) {
        collector.bad(entry.error);
        continue;
      }
      const { cells, line } = entry;
      // Up to three ledgers (the row's UTC day and its neighbours) before the row is taken.
      for (let day = collector.add(cells, line); day !== undefined; day = collector.add(cells, line)) {
        collector.setLedger(day, await options.ledger(day));
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
