/**
 * CDR CSV read from UTF-8 bytes, for the server ingest (`POST /api/cdrs` receives bytes): the same
 * rows, line numbers and malformed-line errors as lib/cdr CsvStream gives for the decoded text,
 * and, for rows in the usual shapes, the same CDR as lib/cdr CdrReader, read without making a
 * string per cell.
 *
 * - CsvByteStream is CsvStream's algorithm over bytes. Every byte the CSV syntax looks at (quote,
 *   delimiter, CR, LF) is ASCII, and in UTF-8 no byte of a multibyte character is ASCII, so rows
 *   and cells split exactly where they split in the text. Lengths that CsvStream limits
 *   (MAX_QUOTED_CELL_CHARS, MAX_CSV_ROW_CHARS) are counted in the text's UTF-16 units, as there.
 * - CdrByteReader reads a row's cells as CdrReader does, but only where each value has the shape
 *   the fast scanners of lib/cdr take (ISO time, digits, a plain decimal, an upper-case currency,
 *   a call id). For anything else (a bad value, a quoted or padded cell, a row without a call id,
 *   a rated prefix column) it declines, and the caller reads the row's cells as strings with
 *   CdrReader, which gives the CDR or the reason. So it never decides a row is bad itself, and a
 *   file gives the same CDRs and the same bad lines as in the browser import.
 *   lib/cdr-bytes.test.ts checks both against the string path on random files.
 */
import {
  callingCodeOfDigits,
  CHARGE_POWERS_OF_TEN,
  CHARGE_SCALE,
  countryPartOfName,
  CsvRowTooLongError,
  CURRENCY_BY_LETTERS,
  destinationNameOfDigits,
  EARLIEST,
  LATEST,
  MAX_CALL_ID_LENGTH,
  MAX_CSV_ROW_CHARS,
  MAX_DESTINATION_NAME_LENGTH,
  MAX_QUOTED_CELL_CHARS,
  MAX_QUOTED_CELL_LINES,
  MONTH_DAYS,
  MONTH_START_MS,
  SCAN_FIRST_YEAR,
  wallTimeToEpochMs,
  type CdrColumns,
  type CdrMapping,
  type CsvDelimiter,
  type CsvLineError,
} from './cdr';
import { homeNumbering, MIN_INTERNATIONAL_DIGITS, type HomeNumbering } from './destinations';

const decoder = new TextDecoder();

/** The text of bytes `from` to `to` (valid UTF-8: the body was checked as it arrived). */
export function utf8Text(bytes: Uint8Array, from: number, to: number): string {
  if (to - from < 24) {
    // Short ASCII (most cells): char codes, without a decoder call.
    let text = '';
    for (let i = from; i < to; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) return decoder.decode(bytes.subarray(from, to));
      text += String.fromCharCode(b);
    }
    return text;
  }
  return decoder.decode(bytes.subarray(from, to));
}

/** UTF-16 units of the UTF-8 bytes `from` to `to`: one per character, two for one of 4 bytes. */
function utf16Units(bytes: Uint8Array, from: number, to: number): number {
  let units = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

/** Whether bytes `from` to `to` are more than `max` UTF-16 units (never more units than bytes: counted only past that). */
function moreUnitsThan(bytes: Uint8Array, from: number, to: number, max: number): boolean {
  return to - from > max && utf16Units(bytes, from, to) > max;
}

/**
 * One row of a CsvByteStream, valid during its onRow call: cell `i` is bytes starts[i] to ends[i]
 * of `bytes`, unless it was quoted: then its value is quoted[i] (quotes removed, `""` made `"`).
 */
export class CsvByteRow {
  bytes: Uint8Array = new Uint8Array(0);
  count = 0;
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  quoted: (string | undefined)[] = [];
  /** Whether any cell is quoted. */
  anyQuoted = false;

  /** Cell `i` as text (what CsvStream gives for it). */
  cell(i: number): string {
    return this.quoted[i] ?? utf8Text(this.bytes, this.starts[i]!, this.ends[i]!);
  }

  /** All cells as text: the row as CsvStream gives it. */
  cells(): string[] {
    const cells: string[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) cells[i] = this.cell(i);
    return cells;
  }

  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.count = 0;
    if (this.anyQuoted) this.quoted.fill(undefined);
    this.anyQuoted = false;
  }

  pushBytes(start: number, end: number): void {
    this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  pushQuoted(value: string): void {
    this.grow();
    this.starts[this.count] = 0;
    this.ends[this.count] = 0;
    this.quoted[this.count] = value;
    this.anyQuoted = true;
    this.count++;
  }

  private grow(): void {
    if (this.count < this.starts.length) return;
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

const EMPTY = new Uint8Array(0);

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/**
 * lib/cdr CsvStream over UTF-8 bytes (see the module comment): `push` chunks of the body (split
 * anywhere, even inside a character), `end` once. A row is given as a CsvByteRow, valid only
 * during the call.
 */
export class CsvByteStream {
  private carry: Uint8Array = EMPTY;
  private line = 1;
  private first = true;
  private readonly separator: number;
  private readonly row = new CsvByteRow();

  constructor(
    private readonly onRow: (row: CsvByteRow, line: number) => void,
    private readonly onError: (error: CsvLineError) => void,
    delimiter: CsvDelimiter = ',',
  ) {
    this.separator = delimiter.charCodeAt(0);
  }

  push(chunk: Uint8Array): void {
    let text = concatBytes(this.carry, chunk);
    if (this.first && text.length > 0) {
      // A byte-order mark (EF BB BF) opens the text: wait for its three bytes before deciding.
      if (text.length < 3 && text[0] === 0xef && (text.length < 2 || text[1] === 0xbb)) {
        this.carry = text;
        return;
      }
      if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
      this.first = false;
    }
    this.carry = EMPTY;
    const consumed = this.parse(text, false);
    // A copy: the chunk it came from is not kept alive by it.
    this.carry = text.slice(consumed);
    if (moreUnitsThan(this.carry, 0, this.carry.length, MAX_CSV_ROW_CHARS)) throw new CsvRowTooLongError(this.line);
  }

  /** The line the bytes pushed but not yet read as rows (an unfinished row) start on. */
  get unreadLine(): number {
    return this.line;
  }

  end(): void {
    const text = this.carry;
    this.carry = EMPTY;
    this.parse(text, true);
  }

  /** Parses whole rows from `text`; returns how many bytes were consumed. Mirrors CsvStream.parse line by line. */
  private parse(text: Uint8Array, final: boolean): number {
    const length = text.length;
    const separator = this.separator;
    const row = this.row;
    let p = 0;
    while (p < length) {
      const startLine = this.line;
      row.reset(text);
      let q = p;
      let newlines = 0;
      let error: string | undefined;
      let rowEnd = -1; // index after the row's line end
      for (;;) {
        if (q < length && text[q] === 34 /* " */) {
          let value = '';
          let from = q + 1;
          let closed = -1;
          for (;;) {
            const quote = text.indexOf(34, from);
            if (quote < 0) break;
            if (text[quote + 1] === 34) {
              value += utf8Text(text, from, quote + 1);
              from = quote + 2;
              continue;
            }
            if (quote + 1 >= length && !final) break; // "" may straddle chunks
            value += utf8Text(text, from, quote);
            closed = quote;
            break;
          }
          // As CsvStream: unclosed, the cell closes at the text's last unit at the earliest.
          const tooLong =
            closed < 0
              ? length - q - 2 > MAX_QUOTED_CELL_CHARS && utf16Units(text, q + 1, length) - 1 > MAX_QUOTED_CELL_CHARS
              : moreUnitsThan(text, q + 1, closed, MAX_QUOTED_CELL_CHARS);
          let breaks = 0;
          if (!tooLong) for (let i = q, stop = closed < 0 ? length : closed; i < stop; i++) if (text[i] === 10) breaks++;
          if (tooLong || breaks >= MAX_QUOTED_CELL_LINES) {
            error = `a quoted cell is not closed within ${MAX_QUOTED_CELL_LINES} lines (or ${MAX_QUOTED_CELL_CHARS} characters)`;
          } else if (closed < 0) {
            if (!final) return p;
            error = 'a quoted cell is never closed';
          } else {
            newlines += breaks;
            row.pushQuoted(value);
            q = closed + 1;
            const next = q < length ? text[q]! : -1;
            if (next === separator) {
              q++;
              continue;
            }
            if (next === -1) {
              if (!final) return p;
              rowEnd = length;
              break;
            }
            if (next === 10 || next === 13) {
              rowEnd = lineEnd(text, q, final);
              if (rowEnd < 0) return p;
              break;
            }
            error = 'text after a closing quote';
          }
        } else {
          let i = q;
          let c = -1;
          while (i < length) {
            c = text[i]!;
            if (c === separator || c === 10 || c === 13 || c === 34) break;
            i++;
          }
          if (i >= length) {
            if (!final) return p;
            row.pushBytes(q, i);
            rowEnd = length;
            break;
          }
          if (c === 34) {
            error = 'a quote (") inside an unquoted cell';
          } else {
            row.pushBytes(q, i);
            if (c === separator) {
              q = i + 1;
              continue;
            }
            rowEnd = lineEnd(text, i, final);
            if (rowEnd < 0) return p;
            break;
          }
        }
        // Malformed: resume after the row's first line, whatever ends it.
        let end = p;
        while (end < length) {
          const c = text[end]!;
          if (c === 10 || c === 13) break;
          end++;
        }
        if (end < length) rowEnd = lineEnd(text, end, final);
        else rowEnd = final ? length : -1;
        if (rowEnd < 0) return p;
        if (newlines > 0) error = `a quoted cell is not closed on this line (${error} on line ${startLine + newlines})`;
        newlines = 0;
        break;
      }
      if (moreUnitsThan(text, p, rowEnd, MAX_CSV_ROW_CHARS)) throw new CsvRowTooLongError(startLine);
      const endsWithNewline = rowEnd > 0 && (text[rowEnd - 1] === 10 || text[rowEnd - 1] === 13);
      this.line += newlines + (endsWithNewline ? 1 : 0);
      p = rowEnd;
      if (error !== undefined) this.onError({ line: startLine, reason: `malformed CSV: ${error}` });
      else if (!(row.count === 1 && (row.anyQuoted ? row.quoted[0] === '' : row.ends[0] === row.starts[0]))) this.onRow(row, startLine);
    }
    return p;
  }
}

/** Index after the line end at `i` (LF, CRLF or CR); −1 when a CR ends the chunk (its LF may follow). */
function lineEnd(text: Uint8Array, i: number, final: boolean): number {
  if (text[i] === 13) {
    if (i + 1 >= text.length) return final ? i + 1 : -1;
    return text[i + 1] === 10 ? i + 2 : i + 1;
  }
  return i + 1;
}

// ---------------------------------------------------------------------------------------------
// CDRs
// ---------------------------------------------------------------------------------------------

/** The number written by `count` ASCII digits at `from` (not past `to`), or −1 when they are not all digits. */
function digitsIn(bytes: Uint8Array, from: number, count: number, to: number): number {
  if (from + count > to) return -1;
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = bytes[i]! - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** lib/cdr scanIsoTime over bytes `from` to `to` (then the range check of parseCdrTime); NaN for anything else. */
function scanIsoTimeBytes(b: Uint8Array, from: number, to: number, sourceTimeZone: string): number {
  const length = to - from;
  if (length < 16 || length > 40) return Number.NaN;
  const year = digitsIn(b, from, 4, to);
  const month = digitsIn(b, from + 5, 2, to);
  const day = digitsIn(b, from + 8, 2, to);
  const hour = digitsIn(b, from + 11, 2, to);
  const minute = digitsIn(b, from + 14, 2, to);
  const t = b[from + 10];
  if (
    year < SCAN_FIRST_YEAR ||
    year >= SCAN_FIRST_YEAR + 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    b[from + 4] !== 45 /* - */ ||
    b[from + 7] !== 45 ||
    !(t === 84 /* T */ || t === 116 /* t */ || t === 32) ||
    b[from + 13] !== 58 /* : */
  ) {
    return Number.NaN;
  }
  const monthIndex = (year - SCAN_FIRST_YEAR) * 12 + month - 1;
  if (day > MONTH_DAYS[monthIndex]!) return Number.NaN;
  let p = from + 16;
  let second = 0;
  let millis = 0;
  if (p < to && b[p] === 58) {
    second = digitsIn(b, p + 1, 2, to);
    if (second < 0 || second > 59) return Number.NaN;
    p += 3;
    const point = p < to ? b[p] : -1;
    if (point === 46 /* . */ || point === 44 /* , */) {
      let count = 0;
      for (p++; p < to; p++) {
        const digit = b[p]! - 48;
        if (digit < 0 || digit > 9) break;
        if (count < 3) millis = millis * 10 + digit;
        count++;
      }
      if (count === 0 || count > 9) return Number.NaN;
      if (count === 1) millis *= 100;
      else if (count === 2) millis *= 10;
    }
  }
  const wall = MONTH_START_MS[monthIndex]! + ((day - 1) * 24 + hour) * 3_600_000 + minute * 60_000 + second * 1000 + millis;
  let ms: number;
  if (p === to) {
    ms = wallTimeToEpochMs(wall, sourceTimeZone);
  } else {
    const zone = b[p];
    if (zone === 90 /* Z */ || zone === 122 /* z */) {
      if (p + 1 !== to) return Number.NaN;
      ms = wall;
    } else {
      if (zone !== 43 /* + */ && zone !== 45 /* - */) return Number.NaN;
      const offsetHours = digitsIn(b, p + 1, 2, to);
      let offsetMinutes = 0;
      const rest = to - (p + 3);
      if (rest === 2) offsetMinutes = digitsIn(b, p + 3, 2, to);
      else if (rest === 3 && b[p + 3] === 58) offsetMinutes = digitsIn(b, p + 4, 2, to);
      else if (rest !== 0) return Number.NaN;
      if (offsetHours < 0 || offsetHours > 14 || offsetMinutes < 0 || offsetMinutes > 59) return Number.NaN;
      ms = wall - (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
    }
  }
  return ms >= EARLIEST && ms < LATEST ? ms : Number.NaN;
}

/** lib/cdr seconds' fast path: plain digits within 30 days; −1 for anything else. */
function secondsIn(b: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length <= 0 || length > 7) return -1;
  const value = digitsIn(b, from, length, to);
  return value <= 2_592_000 ? value : -1;
}

/** lib/cdr scanChargeMillionths over bytes; NaN for anything else. */
function chargeIn(b: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length === 0 || length > 16) return Number.NaN;
  let units = 0;
  let digits = 0;
  let point = -1;
  for (let i = from; i < to; i++) {
    const code = b[i]!;
    if (code === 46 /* . */) {
      if (point >= 0) return Number.NaN;
      point = i;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    units = units * 10 + digit;
    digits++;
  }
  if (digits > 15 || point === from || point === to - 1) return Number.NaN;
  const decimals = point < 0 ? 0 : to - point - 1;
  if (decimals > CHARGE_SCALE) return Number.NaN;
  const millionths = units * CHARGE_POWERS_OF_TEN[CHARGE_SCALE - decimals]!;
  return millionths <= Number.MAX_SAFE_INTEGER ? millionths : Number.NaN;
}

/** The lead bytes of the characters String.prototype.trim removes beyond ASCII (U+00A0, U+1680, U+2000–U+205F, U+3000, U+FEFF). */
const isSpaceLead = (b: number) => b === 0xc2 || b === 0xe1 || b === 0xe2 || b === 0xe3 || b === 0xef;

/**
 * Whether a cell may need trimming (lib/cdr trimmed): it starts or ends with an ASCII control or
 * space, or with a character whose lead byte some Unicode space shares. False means it is its own
 * trimmed text. An empty cell needs none.
 */
function mayNeedTrim(b: Uint8Array, from: number, to: number): boolean {
  if (from === to) return false;
  const first = b[from]!;
  if (first <= 32 || first === 127 || (first >= 0x80 && isSpaceLead(first))) return true;
  let last = to - 1;
  const end = b[last]!;
  if (end < 0x80) return end <= 32 || end === 127;
  while (last > from && (b[last]! & 0xc0) === 0x80) last--;
  return isSpaceLead(b[last]!);
}

/** FNV-1a of bytes `from` to `to`. */
function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 16777619);
  return h >>> 0;
}

interface Entry<V> {
  bytes: Uint8Array;
  value: V;
  next: Entry<V> | undefined;
}

/**
 * A map from byte strings (a range of a row's bytes) to values, so a cell seen on many rows (a
 * customer, a destination name) is decoded and worked out once. Bounded: past `limit` entries it
 * starts again, which only costs the speed (a hostile body may make every cell different).
 */
export class BytesMap<V> {
  private readonly table = new Map<number, Entry<V>>();
  private size = 0;

  constructor(private readonly limit = 50_000) {}

  get(b: Uint8Array, from: number, to: number): V | undefined {
    const length = to - from;
    for (let entry = this.table.get(hashBytes(b, from, to)); entry; entry = entry.next) {
      const bytes = entry.bytes;
      if (bytes.length !== length) continue;
      let i = 0;
      while (i < length && bytes[i] === b[from + i]) i++;
      if (i === length) return entry.value;
    }
    return undefined;
  }

  set(b: Uint8Array, from: number, to: number, value: V): void {
    if (this.size >= this.limit) {
      this.table.clear();
      this.size = 0;
    }
    const hash = hashBytes(b, from, to);
    this.table.set(hash, { bytes: b.slice(from, to), value, next: this.table.get(hash) });
    this.size++;
  }
}

/**
 * Reads rows of a CsvByteStream as CDRs, for rows in the usual shapes (see the module comment):
 * `read` is true when the row is a CDR and its fields are set, exactly as CdrReader would set
 * them; false when the row is to be read with CdrReader (it may be a CDR or not: CdrReader says).
 * Text fields are byte ranges of the row, except the destination and its name (strings, one per
 * distinct text). Rows with a call id only: the key of a row without one hashes its text.
 */
export class CdrByteReader {
  epochMs = 0;
  /** The customer cell, which needs no trimming (the caller matches it: see lib/cdr CustomerDirectory). */
  customerStart = 0;
  customerEnd = 0;
  /** The normalized number (lib/cdr normalizeNumber): digits, without a leading + or 00. */
  numberStart = 0;
  numberEnd = 0;
  destination = '';
  destinationName = '';
  seconds = 0;
  billedSeconds = 0;
  charge = 0;
  /** Upper-case ISO code, or '' when the file has no currency column or the cell is empty. */
  currency = '';
  callIdStart = 0;
  callIdEnd = 0;
  /**
   * The cells of the file's header row, 0 when it has none (lib/cdr CdrReader `headerCells`): a row
   * with more or fewer is left to CdrReader, which refuses it.
   */
  headerCells = 0;

  private readonly columns: CdrColumns;
  private readonly sourceTimeZone: string;
  private readonly home: HomeNumbering | undefined;
  /** The last column a row must reach (CdrReader's missingRequiredField). */
  private readonly requiredWidth: number;
  /** Whether the reader takes rows at all (a rated prefix column is left to CdrReader). */
  private readonly enabled: boolean;
  /** The name cell's bytes → lib/cdr countryPartOfName of its trimmed text, or null: a name CdrReader must read. */
  private readonly names = new BytesMap<string | null>();

  constructor(mapping: CdrMapping) {
    this.columns = mapping.columns;
    this.sourceTimeZone = mapping.sourceTimeZone;
    this.home = homeNumbering(mapping.homeCountry);
    const { time, customer, destinationNumber, duration, charge, callId, prefix } = mapping.columns;
    const required = [time, customer, destinationNumber, duration, charge];
    this.requiredWidth = required.every((c) => c !== undefined) ? Math.max(...(required as number[])) + 1 : -1;
    this.enabled = this.requiredWidth > 0 && callId !== undefined && prefix === undefined;
  }

  read(row: CsvByteRow): boolean {
    if (!this.enabled || row.anyQuoted || row.count < this.requiredWidth || (this.headerCells !== 0 && row.count !== this.headerCells)) return false;
    const b = row.bytes;
    const starts = row.starts;
    const ends = row.ends;
    const columns = this.columns;

    const time = columns.time!;
    const epochMs = scanIsoTimeBytes(b, starts[time]!, ends[time]!, this.sourceTimeZone);
    if (epochMs !== epochMs) return false;

    const customer = columns.customer!;
    const customerStart = starts[customer]!;
    const customerEnd = ends[customer]!;
    // Padded, it may be blank: CdrReader's to say.
    if (customerStart === customerEnd || mayNeedTrim(b, customerStart, customerEnd)) return false;

    // normalizeNumber's fast path: digits, perhaps after a "+"; "00" first is dropped.
    const numberColumn = columns.destinationNumber!;
    const numberText = starts[numberColumn]!;
    const numberTextEnd = ends[numberColumn]!;
    const plus = b[numberText] === 43;
    let numberStart = plus ? numberText + 1 : numberText;
    for (let i = numberStart; i < numberTextEnd; i++) {
      const code = b[i]!;
      if (code < 48 || code > 57) return false;
    }
    if (!plus && numberTextEnd - numberText >= 2 && b[numberText] === 48 && b[numberText + 1] === 48) numberStart += 2;
    const digits = numberTextEnd - numberStart;
    if (digits < 3 || digits > 15) return false;

    const duration = secondsIn(b, starts[columns.duration!]!, ends[columns.duration!]!);
    if (duration < 0) return false;
    let billedSeconds = duration;
    const billedColumn = columns.billedDuration;
    if (billedColumn !== undefined && billedColumn < row.count && starts[billedColumn] !== ends[billedColumn]) {
      billedSeconds = secondsIn(b, starts[billedColumn]!, ends[billedColumn]!);
      if (billedSeconds < 0) return false;
    }

    const charge = chargeIn(b, starts[columns.charge!]!, ends[columns.charge!]!);
    if (charge !== charge) return false;

    let currency = '';
    const currencyColumn = columns.currency;
    if (currencyColumn !== undefined && currencyColumn < row.count) {
      const from = starts[currencyColumn]!;
      const to = ends[currencyColumn]!;
      if (to !== from) {
        if (to - from !== 3) return false;
        const x = b[from]! - 65;
        const y = b[from + 1]! - 65;
        const z = b[from + 2]! - 65;
        if (!(x >= 0 && x < 26 && y >= 0 && y < 26 && z >= 0 && z < 26)) return false;
        const code = CURRENCY_BY_LETTERS[(x * 26 + y) * 26 + z];
        if (code === undefined) return false;
        currency = code;
      }
    }

    // No rated prefix column (see `enabled`): the destination is the home country's for its
    // national numbers, else the number's calling code (numbers starting 0, and extensions and
    // short codes, are CdrReader's).
    const home = this.home;
    let destination: string;
    const lead = b[numberStart]!;
    const national = home !== undefined && digits >= home.minDigits && digits <= home.maxDigits && !plus && numberStart === numberText && isNationalLead(b, numberStart, home);
    if (national) {
      destination = home.code;
    } else {
      if (digits < MIN_INTERNATIONAL_DIGITS || lead === 48 /* 0 */) return false;
      destination = callingCodeOfDigits(lead - 48, b[numberStart + 1]! - 48, b[numberStart + 2]! - 48);
    }

    let destinationName = '';
    const nameColumn = columns.destinationName;
    if (nameColumn !== undefined && nameColumn < row.count && starts[nameColumn] !== ends[nameColumn]) {
      const from = starts[nameColumn]!;
      const to = ends[nameColumn]!;
      let name = this.names.get(b, from, to);
      if (name === undefined) {
        const text = utf8Text(b, from, to);
        const part = countryPartOfName(text.trim());
        // A name too long is CdrReader's to refuse; one holding a NUL the ingest's to refuse.
        name = part.length > MAX_DESTINATION_NAME_LENGTH || part.includes('\0') ? null : part;
        this.names.set(b, from, to, name);
      }
      if (name === null) return false;
      destinationName = name;
    }
    // Unnamed: the home country's name, or the destination's (written as international: "+" or
    // "00"; "011" starts with 0, which is CdrReader's).
    if (destinationName === '') destinationName = national ? home.name : destinationNameOfDigits(destination, plus || numberStart !== numberText, digits);
    if (destinationName.length > MAX_DESTINATION_NAME_LENGTH) return false;

    const callIdColumn = columns.callId!;
    if (callIdColumn >= row.count) return false;
    const callIdStart = starts[callIdColumn]!;
    const callIdEnd = ends[callIdColumn]!;
    // UTF-16 units are never more than bytes: within MAX_CALL_ID_LENGTH bytes, within the limit.
    if (callIdStart === callIdEnd || callIdEnd - callIdStart > MAX_CALL_ID_LENGTH || mayNeedTrim(b, callIdStart, callIdEnd)) return false;
    for (let i = callIdStart; i < callIdEnd; i++) {
      const c = b[i]!;
      if (c < 0x20 || c === 0x7f) return false;
    }

    this.epochMs = epochMs;
    this.customerStart = customerStart;
    this.customerEnd = customerEnd;
    this.numberStart = numberStart;
    this.numberEnd = numberTextEnd;
    this.destination = destination;
    this.destinationName = destinationName;
    this.seconds = duration;
    this.billedSeconds = billedSeconds;
    this.charge = charge;
    this.currency = currency;
    this.callIdStart = callIdStart;
    this.callIdEnd = callIdEnd;
    return true;
  }
}

/** lib/destinations isNationalNumber's digit checks (length and how it is written checked by the caller). */
function isNationalLead(b: Uint8Array, start: number, home: HomeNumbering): boolean {
  const lead = b[start]!;
  if (home.nationalPrefix === '') return lead >= 50 && lead <= 57;
  return lead === home.nationalPrefix.charCodeAt(0) && b[start + 1] !== 48;
}
