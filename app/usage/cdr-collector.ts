/**
 * The browser import's reading pass (it runs in the CDR worker): streams a file through the CSV
 * parser, validates each line as a CDR (lib/cdr), drops CDRs this device has already imported or
 * that repeat within the file, and rolls the rest up per (customer cell as written, currency) group.
 *
 * Customers are matched after this pass, when the user has seen the unknown ones; that is why the
 * groups key on the customer text and the currency (a currency other than the customer's makes a
 * whole group's lines bad rows once the customer is known) and keep their line numbers.
 *
 * Deduplication on the device. Usage rows are sums, so a CDR imported twice would be billed twice.
 * Each imported CDR's key (lib/cdr `key`: the call id, or a hash of the row) is hashed to 16 hex
 * digits and kept in the device database's `meta` table, one entry per UTC day of call start
 * (`cdrLedger:YYYY-MM-DD`, the keys concatenated): no Dexie schema change, a few dozen entries for
 * a month, and written in the same IndexedDB transaction as the putUsage mutations, so the
 * ledger and the usage can never disagree. A day's entry is read once, when the first CDR of that
 * day is met. Memory is one chunk of the file plus 16 characters per CDR; the file is never held.
 */
import {
  addToCells,
  cdrBillingDay,
  CsvStream,
  hash64,
  parseCdrRow,
  utcDay,
  type CdrMapping,
  type CdrRowError,
  type UsageCell,
} from '@/lib/cdr';
import { formatUnits } from '@/lib/money';

/** Bad rows listed one by one (all are counted). */
export const MAX_LISTED_BAD_ROWS = 1000;
/** Line numbers kept per group, to list if the group's currency turns out not to be its customer's. */
export const MAX_LINES_PER_GROUP = 1000;
/** Characters of one ledger key (a 64-bit hash in hex). */
export const LEDGER_KEY_CHARS = 16;

export const ledgerMetaKey = (day: string) => `cdrLedger:${day}`;

/** A cell with its charge as a 6-decimal string (it crosses postMessage and is shown). */
export type CollectedCell = Omit<UsageCell, 'charge'> & { charge: string };

export interface CollectedGroup {
  /** The customer cell as written in the file. */
  customer: string;
  /** The CDRs' currency, or '' when the file has no currency column. */
  currency: string;
  rows: number;
  /** Up to MAX_LINES_PER_GROUP line numbers of its CDRs. */
  lines: number[];
  cells: CollectedCell[];
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

interface Group {
  customer: string;
  currency: string;
  rows: number;
  lines: number[];
  cells: Map<string, UsageCell>;
  keys: Map<string, string[]>;
}

export class CdrCollector {
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly known = new Map<string, Set<string>>();
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
    const set = new Set<string>();
    for (let i = 0; i + LEDGER_KEY_CHARS <= keys.length; i += LEDGER_KEY_CHARS) set.add(keys.slice(i, i + LEDGER_KEY_CHARS));
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
    const ledgerDay = utcDay(cdr.epochMs);
    const known = this.known.get(ledgerDay);
    if (!known) return ledgerDay;
    this.lines++;
    const hash = hash64(cdr.key);
    if (known.has(hash)) {
      this.duplicates++;
      return undefined;
    }
    known.add(hash);
    // Nested maps (customer, then currency): no key string is built per CDR.
    let byCurrency = this.groups.get(cdr.customer);
    if (!byCurrency) this.groups.set(cdr.customer, (byCurrency = new Map()));
    let group = byCurrency.get(cdr.currency);
    if (!group) {
      group = { customer: cdr.customer, currency: cdr.currency, rows: 0, lines: [], cells: new Map(), keys: new Map() };
      byCurrency.set(cdr.currency, group);
    }
    group.rows++;
    if (group.lines.length < MAX_LINES_PER_GROUP) group.lines.push(line);
    addToCells(group.cells, cdr, cdrBillingDay(cdr.epochMs, this.accountTimeZone));
    const dayKeys = group.keys.get(ledgerDay);
    if (dayKeys) dayKeys.push(hash);
    else group.keys.set(ledgerDay, [hash]);
    return undefined;
  }

  result(): CollectResult {
    return {
      groups: [...this.groups.values()].flatMap((m) => [...m.values()]).map((g) => ({
        customer: g.customer,
        currency: g.currency,
        rows: g.rows,
        lines: g.lines,
        cells: [...g.cells.values()].map((c) => ({ ...c, charge: formatUnits(c.charge, 6) })),
        keys: Object.fromEntries([...g.keys].map(([day, keys]) => [day, keys.join('')])),
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
  let pending: { cells: string[]; line: number }[] = [];
  const csv = new CsvStream(
    (cells, line) => pending.push({ cells, line }),
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
