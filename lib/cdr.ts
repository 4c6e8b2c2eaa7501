/**
 * Call detail records (CDRs): reading them from softswitch exports and rolling them up into usage
 * rows (customer × billing day × destination). Pure and shared: the browser import (a Web Worker)
 * and the server ingest (`POST /api/cdrs`) parse, validate, dedupe and roll up with this module, so
 * a file gives the same usage and the same bad-row reasons on both.
 *
 * - Columns: three presets (the softswitch export with a header row, Asterisk `Master.csv` and
 *   FreeSWITCH `mod_cdr_csv`, both without one) or a mapping the user picks.
 * - Cells are separated by commas, or by semicolons or tabs (European exports and spreadsheets),
 *   found from the first line (`detectDelimiter`). Where the comma separates no cells, a charge or
 *   a duration may write its decimals with one ("0,0123"): it is the same CDR, with the same key,
 *   as "0.0123"; a charge grouping its thousands ("1.234,56") is a bad row rather than misread.
 * - A CDR is one line; line numbers are physical lines of the file (1 = the first line, the
 *   header when there is one), so a bad row can be found in any text editor.
 * - Bad rows are reported with their reason and never rolled up: in a file with a header, a row
 *   with more or fewer cells than the header ("has 8 cells, the header has 9"); unparseable time,
 *   negative or non-numeric durations, a charge that is not a decimal, an unknown currency, and
 *   (once the customer is known) a currency other than the customer's.
 * - Identity for deduplication: the call id when the file has one, else a hash of the row's
 *   normalized fields (`dedupeKey`). Re-importing the same CDRs therefore adds nothing.
 * - Destination: the rated prefix when the mapping has a prefix column, else the E.164 country
 *   calling code of the number (`destinationOfNumber`): the only prefix a bare number determines
 *   without a rate table. A national number of the home country (`CdrMapping.homeCountry`) is read
 *   as the international number it is; a number of 3 to 6 digits is an extension or short code. Lines then read "United Kingdom (44)": by the file's name for the
 *   destination, or, when the file names none (Asterisk, FreeSWITCH) or leaves a CDR's name
 *   empty, by the code's country (lib/destinations).
 * - Money is exact: charges are read as integer millionths (6 decimals) and summed with lib/money;
 *   seconds are whole seconds (a fractional duration counts as the next whole second).
 */
import { CURRENCY_CODES } from './currencies';
import { billingDayAt, daysInMonth, isTimeZone } from './dates';
import { callingCodeName, homeNumbering, isNationalNumber, LOCAL_DESTINATION_NAME, MIN_INTERNATIONAL_DIGITS, outranksDestinationName, withoutNanpExitCode, type HomeNumbering } from './destinations';
import type { Usage } from './entities';
import { addUnits, formatUnits, readUnitsAtScale, type Units } from './money';
import { possessive } from './possessive';

// ---------------------------------------------------------------------------------------------
// Columns and presets
// ---------------------------------------------------------------------------------------------

/** The fields a CDR can carry; `time`, `customer`, `destinationNumber`, `duration` and `charge` are required. */
export const CDR_FIELDS = [
  'time',
  'customer',
  'destinationNumber',
  'destinationName',
  'prefix',
  'duration',
  'billedDuration',
  'charge',
  'currency',
  'callId',
] as const;
export type CdrField = (typeof CDR_FIELDS)[number];

export const REQUIRED_CDR_FIELDS: readonly CdrField[] = ['time', 'customer', 'destinationNumber', 'duration', 'charge'];

export const CDR_FIELD_LABELS: Record<CdrField, string> = {
  time: 'Time (call start)',
  customer: 'Customer (name, external id or id)',
  destinationNumber: 'Destination number',
  destinationName: 'Destination name',
  prefix: 'Rated prefix',
  duration: 'Duration (seconds)',
  billedDuration: 'Billed duration (seconds)',
  charge: 'Charge',
  currency: 'Currency',
  callId: 'Call id',
};

/** Which column (0-based) holds each field; absent fields are not in the file. */
export type CdrColumns = Partial<Record<CdrField, number>>;

export interface CdrMapping {
  /** The first line names the columns and is not a CDR. */
  hasHeader: boolean;
  columns: CdrColumns;
  /**
   * The zone of times written without an offset ("2026-03-01 10:00:00", as Asterisk and
   * FreeSWITCH write the switch's local time). Times with Z or ±hh:mm ignore it.
   */
  sourceTimeZone: string;
  /**
   * The calling code of the country whose national numbers the switch writes (My Account's home
   * country: "1", "44"), or absent / '' when none is set: numbers are then read as today, bare
   * digits of 11 or more as international. With it, a national number (2125551234 for "1",
   * 02079460000 for "44"; lib/destinations isNationalNumber) is rolled up and named as the
   * international number it is.
   */
  homeCountry?: string;
  /**
   * What separates the cells: ',' (absent: a comma), or ';' or a tab, as European softswitches
   * and spreadsheets saved in a European locale write CSV. With ';' or a tab, a decimal may be
   * written with a comma ("0,0123") as well as a point: see `decimalCommaAllowed`.
   */
  delimiter?: CsvDelimiter;
}

/** The cell separators a CDR file may use. */
export type CsvDelimiter = ',' | ';' | '\t';

export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

export const CSV_DELIMITER_LABELS: Record<CsvDelimiter, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
};

/** Each delimiter's name, as `POST /api/cdrs?delimiter=` and the import's form take it (a ';' or a tab is awkward in a URL or a form value). */
export const CSV_DELIMITER_NAMES: Record<CsvDelimiter, 'comma' | 'semicolon' | 'tab'> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** The delimiter of a name (`CSV_DELIMITER_NAMES`), or undefined. */
export function csvDelimiterNamed(name: string): CsvDelimiter | undefined {
  return CSV_DELIMITERS.find((d) => CSV_DELIMITER_NAMES[d] === name);
}

/**
 * Whether a file with this delimiter may write decimals with a comma: only when the comma does not
 * separate cells. Such files come from a European locale, where the comma is the decimal separator.
 */
export function decimalCommaAllowed(delimiter: CsvDelimiter | undefined): boolean {
  return delimiter !== undefined && delimiter !== ',';
}

export type CdrPresetId = 'softswitch' | 'asterisk' | 'freeswitch';

export interface CdrPreset {
  id: CdrPresetId;
  label: string;
  description: string;
  hasHeader: boolean;
  /** Header presets: the header names (normalized, see `normalizeHeader`) each field may have. */
  headerNames?: Partial<Record<CdrField, readonly string[]>>;
  /** Headerless presets: fixed column positions. */
  positions?: CdrColumns;
  /** Column count of a line of this preset (headerless detection). */
  width?: number;
}

/**
 * - softswitch: the platform's CDR export, one header row: `time, customer, destination_number,
 *   destination_name, duration, billed_duration, charge, currency, call_id` (names matched
 *   case- and punctuation-insensitively; the aliases below are accepted too).
 * - asterisk: `Master.csv` of cdr_csv, no header: accountcode(0) src dst(2) dcontext clid channel
 *   dstchannel lastapp lastdata start(9) answer end duration billsec(13) disposition amaflags
 *   uniqueid(16) userfield(17). Asterisk does not rate calls: the dialplan must set
 *   `CDR(userfield)` to the rated charge and `CDR(accountcode)` to the customer. Talk and billed
 *   seconds are both `billsec` (answered time).
 * - freeswitch: `mod_cdr_csv`'s "example" template, no header: caller_id_name caller_id_number
 *   destination_number(2) context start_stamp(4) answer_stamp end_stamp duration billsec(8)
 *   hangup_cause uuid(10) bleg_uuid accountcode(12) read_codec write_codec, plus the charge as a
 *   16th column (append `"${nibble_total_billed}"`, or your rating variable, to the template).
 */
export const CDR_PRESETS: readonly CdrPreset[] = [
  {
    id: 'softswitch',
    label: 'Softswitch CDR export',
    description: 'Header row: time, customer, destination_number, destination_name, duration, billed_duration, charge, currency, call_id',
    hasHeader: true,
    headerNames: {
      time: ['time', 'starttime', 'start', 'calltime', 'datetime', 'date'],
      customer: ['customer', 'customerid', 'customername', 'account', 'accountcode', 'externalid'],
      destinationNumber: ['destinationnumber', 'destination', 'dst', 'callednumber', 'called', 'number', 'cld'],
      destinationName: ['destinationname', 'dstname', 'description', 'country'],
      prefix: ['prefix', 'ratedprefix', 'destinationprefix', 'destcode'],
      duration: ['duration', 'seconds', 'talktime'],
      billedDuration: ['billedduration', 'billsec', 'billedseconds', 'billduration'],
      charge: ['charge', 'cost', 'amount', 'price', 'sellcost'],
      currency: ['currency'],
      callId: ['callid', 'uniqueid', 'uuid', 'id'],
    },
  },
  {
    id: 'asterisk',
    label: 'Asterisk Master.csv',
    description: 'No header; accountcode = customer, dst, start, billsec, uniqueid, userfield = charge',
    hasHeader: false,
    positions: { customer: 0, destinationNumber: 2, time: 9, duration: 13, billedDuration: 13, callId: 16, charge: 17 },
    width: 18,
  },
  {
    id: 'freeswitch',
    label: 'FreeSWITCH CSV CDR',
    description: 'No header; "example" template plus the charge as column 16; accountcode = customer',
    hasHeader: false,
    positions: { destinationNumber: 2, time: 4, duration: 8, billedDuration: 8, callId: 10, customer: 12, charge: 15 },
    width: 16,
  },
];

export function cdrPreset(id: CdrPresetId): CdrPreset {
  const preset = CDR_PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`Unknown CDR preset ${JSON.stringify(id)}`);
  return preset;
}

/** "Billed Duration", "billed_duration" and "billedDuration" all read "billedduration". */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Columns of a header row by the softswitch preset's names (first match wins). */
export function columnsFromHeader(header: readonly string[]): CdrColumns {
  const names = cdrPreset('softswitch').headerNames!;
  const columns: CdrColumns = {};
  const normalized = header.map(normalizeHeader);
  for (const field of CDR_FIELDS) {
    for (const name of names[field] ?? []) {
      const index = normalized.indexOf(name);
      if (index >= 0 && !Object.values(columns).includes(index)) {
        columns[field] = index;
        break;
      }
    }
  }
  return columns;
}

/** The mapping a preset gives a file whose first line is `firstRow` (its cells split by `delimiter`). */
export function mappingFromPreset(id: CdrPresetId, firstRow: readonly string[], sourceTimeZone = 'UTC', delimiter: CsvDelimiter = ','): CdrMapping {
  const preset = cdrPreset(id);
  if (preset.hasHeader) return { hasHeader: true, columns: columnsFromHeader(firstRow), sourceTimeZone, delimiter };
  return { hasHeader: false, columns: { ...preset.positions }, sourceTimeZone, delimiter };
}

/**
 * Guesses the preset from the first line: a header naming the required softswitch columns, else a
 * headerless line as wide as Asterisk's or FreeSWITCH's whose time column reads as a time.
 */
export function detectPreset(firstRow: readonly string[]): CdrPresetId | undefined {
  const columns = columnsFromHeader(firstRow);
  if (REQUIRED_CDR_FIELDS.every((f) => columns[f] !== undefined)) return 'softswitch';
  for (const preset of CDR_PRESETS) {
    if (preset.hasHeader || preset.width === undefined) continue;
    const widthFits = firstRow.length === preset.width || (preset.id === 'asterisk' && firstRow.length === preset.width + 1);
    const time = firstRow[preset.positions!.time!];
    if (widthFits && time !== undefined && parseCdrTime(time.trim(), 'UTC') !== undefined) return preset.id;
  }
  return undefined;
}

/**
 * The delimiter of a file from its first line (`text` is the file's start; blank lines and a
 * byte-order mark before it are skipped): the one under which the line is a header or a CDR of a
 * preset (`detectPreset`; a comma first), else the one found most often outside quotes in it (a
 * comma when there is none, or on a tie). A header names its columns without commas, so a
 * semicolon file's header splits on commas into one cell and on semicolons into the columns; its
 * decimal commas ("0,0123") are a few per line against a semicolon between every two cells.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const line = firstLineOf(text);
  for (const delimiter of CSV_DELIMITERS) {
    const row = parseCsvRows(line, delimiter).rows[0];
    if (row && detectPreset(row.cells) !== undefined) return delimiter;
  }
  const counts = new Map<number, number>();
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34 /* " */) quoted = !quoted;
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const delimiter of CSV_DELIMITERS) if ((counts.get(delimiter.charCodeAt(0)) ?? 0) > (counts.get(best.charCodeAt(0)) ?? 0)) best = delimiter;
  return best;
}

/** The first line of a text that is not blank (without its line end), a byte-order mark dropped. */
function firstLineOf(text: string): string {
  const start = text.search(/[^\uFEFF\r\n]/);
  if (start < 0) return '';
  const end = text.slice(start).search(/[\r\n]/);
  return end < 0 ? text.slice(start) : text.slice(start, start + end);
}

/** The required fields a mapping leaves out (an empty list: the mapping can be used). */
export function missingFields(mapping: CdrMapping): CdrField[] {
  return REQUIRED_CDR_FIELDS.filter((f) => mapping.columns[f] === undefined);
}

// ---------------------------------------------------------------------------------------------
// Streaming CSV
// ---------------------------------------------------------------------------------------------

/** A CSV line that is not well-formed; the parser reports it and carries on at the next line. */
export interface CsvLineError {
  line: number;
  reason: string;
}

/** A longer row is not a CDR; stopping keeps a file without line ends from filling memory. */
export const MAX_CSV_ROW_CHARS = 1_000_000;

/** A row longer than MAX_CSV_ROW_CHARS: reading stops there (the rows before it were read). */
export class CsvRowTooLongError extends RangeError {
  override name = 'CsvRowTooLongError';
  constructor(readonly line: number) {
    super(`Line ${line}: a row longer than ${MAX_CSV_ROW_CHARS} characters; the file is not a CDR CSV`);
  }
}

/**
 * How far a quoted cell may run before its opening quote is taken for a stray one. CDR cells are
 * names, numbers, ids and dial strings: a call id is at most MAX_CALL_ID_LENGTH (498) characters,
 * a whole CDR line a few KB, and the only line breaks are in a name written on two or three lines.
 * Ten lines or 10,000 characters is several times any real cell, and keeps what a stray quote
 * makes the stream hold back (the text since the row's start) to about 10 KB.
 */
export const MAX_QUOTED_CELL_LINES = 10;
export const MAX_QUOTED_CELL_CHARS = 10_000;

/**
 * RFC 4180 parsing over chunks of text: `push` each decoded chunk, `end` once. Only the last,
 * unfinished row of a chunk is carried over, so memory stays at one chunk plus one row whatever
 * the file's size. Rows come out with the line they start on; a malformed row (a quote inside an
 * unquoted cell, text after a closing quote, a quote never closed or not closed within
 * MAX_QUOTED_CELL_LINES / MAX_QUOTED_CELL_CHARS) becomes a CsvLineError at the row's first line,
 * and parsing resumes at the line after that one. A row spanning several lines is so only through
 * a quoted cell, and when it turns out malformed that quote was most likely left open by mistake:
 * the lines it ran over are read again as lines of their own, so none of their CDRs is lost
 * without a word. Blank lines are skipped.
 */
export class CsvStream {
  private carry = '';
  private line = 1;
  private first = true;
  /**
   * The delimiter's char code, fixed for the stream: the scan compares each character with it as
   * it did with the literal comma, so a comma file is read as fast as before (no branch per
   * character on which delimiter it is).
   */
  private readonly separator: number;

  constructor(
    private readonly onRow: (cells: string[], line: number) => void,
    private readonly onError: (error: CsvLineError) => void,
    delimiter: CsvDelimiter = ',',
  ) {
    this.separator = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    let text = this.carry + chunk;
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    this.carry = '';
    const consumed = this.parse(text, false);
    this.carry = text.slice(consumed);
    if (this.carry.length > MAX_CSV_ROW_CHARS) throw new CsvRowTooLongError(this.line);
  }

  /** The line the text pushed but not yet read as rows (an unfinished row) starts on. */
  get unreadLine(): number {
    return this.line;
  }

  end(): void {
    const text = this.carry;
    this.carry = '';
    this.parse(text, true);
  }

  /** Parses whole rows from `text`; returns how many characters were consumed. */
  private parse(text: string, final: boolean): number {
    const length = text.length;
    const separator = this.separator;
    let p = 0;
    while (p < length) {
      const startLine = this.line;
      const cells: string[] = [];
      let q = p;
      let newlines = 0;
      let error: string | undefined;
      let rowEnd = -1; // index after the row's line end
      for (;;) {
        if (q < length && text.charCodeAt(q) === 34 /* " */) {
          let value = '';
          let from = q + 1;
          let closed = -1;
          for (;;) {
            const quote = text.indexOf('"', from);
            if (quote < 0) break;
            if (text.charCodeAt(quote + 1) === 34) {
              value += text.slice(from, quote + 1);
              from = quote + 2;
              continue;
            }
            if (quote + 1 >= length && !final) break; // "" may straddle chunks
            value += text.slice(from, quote);
            closed = quote;
            break;
          }
          // Unclosed, the cell closes at length − 1 at the earliest (a quote ending the chunk may
          // start ""): so a cell found too long now is too long whatever the chunks.
          const tooLong = (closed < 0 ? length - 1 : closed) - q - 1 > MAX_QUOTED_CELL_CHARS;
          let breaks = 0;
          if (!tooLong) for (let i = q, stop = closed < 0 ? length : closed; i < stop; i++) if (text.charCodeAt(i) === 10) breaks++;
          if (tooLong || breaks >= MAX_QUOTED_CELL_LINES) {
            error = `a quoted cell is not closed within ${MAX_QUOTED_CELL_LINES} lines (or ${MAX_QUOTED_CELL_CHARS} characters)`;
          } else if (closed < 0) {
            if (!final) return p;
            error = 'a quoted cell is never closed';
          } else {
            newlines += breaks;
            cells.push(value);
            q = closed + 1;
            const next = q < length ? text.charCodeAt(q) : -1;
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
            c = text.charCodeAt(i);
            if (c === separator || c === 10 || c === 13 || c === 34) break;
            i++;
          }
          if (i >= length) {
            if (!final) return p;
            cells.push(text.slice(q, i));
            rowEnd = length;
            break;
          }
          if (c === 34) {
            error = 'a quote (") inside an unquoted cell';
          } else {
            cells.push(text.slice(q, i));
            if (c === separator) {
              q = i + 1;
              continue;
            }
            rowEnd = lineEnd(text, i, final);
            if (rowEnd < 0) return p;
            break;
          }
        }
        // Malformed: resume after the row's first line (see the class comment), whatever ends it.
        let end = p;
        while (end < length) {
          const c = text.charCodeAt(end);
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
      // Too long whether it came whole or in pieces (then push finds it first, as the carry).
      if (rowEnd - p > MAX_CSV_ROW_CHARS) throw new CsvRowTooLongError(startLine);
      // Lines of the row: newlines inside quoted cells plus its own line end.
      const endsWithNewline = rowEnd > 0 && (text.charCodeAt(rowEnd - 1) === 10 || text.charCodeAt(rowEnd - 1) === 13);
      this.line += newlines + (endsWithNewline ? 1 : 0);
      p = rowEnd;
      if (error !== undefined) this.onError({ line: startLine, reason: `malformed CSV: ${error}` });
      else if (!(cells.length === 1 && cells[0] === '')) this.onRow(cells, startLine);
    }
    return p;
  }
}

/** Index after the line end at `i` (LF, CRLF or CR); −1 when a CR ends the chunk (its LF may follow). */
function lineEnd(text: string, i: number, final: boolean): number {
  if (text.charCodeAt(i) === 13) {
    if (i + 1 >= text.length) return final ? i + 1 : -1;
    return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return i + 1;
}

/** Reads a whole CSV text (tests, small files). */
export function parseCsvRows(text: string, delimiter: CsvDelimiter = ','): { rows: { cells: string[]; line: number }[]; errors: CsvLineError[] } {
  const rows: { cells: string[]; line: number }[] = [];
  const errors: CsvLineError[] = [];
  const stream = new CsvStream(
    (cells, line) => rows.push({ cells, line }),
    (e) => errors.push(e),
    delimiter,
  );
  stream.push(text);
  stream.end();
  return { rows, errors };
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^\d{9,16}(\.\d+)?$/;

/** CDRs from before 2000 or after 2099 are typos; they would also each need a partition of their own. */
export const EARLIEST = Date.UTC(2000, 0, 1);
export const LATEST = Date.UTC(2100, 0, 1);

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (local wall time − UTC). */
function zoneOffsetAt(epochMs: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(epochMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Per zone: hour of wall time → offset. A file's times fall in a few hundred hours; number keys, no string per CDR. */
const offsetCache = new Map<string, Map<number, number>>();
let lastOffsetZone = '';
let lastOffsets = new Map<number, number>();

/**
 * The instant of a wall-clock time in a zone: the wall time read with the zone's offset at that
 * instant (two tries, since the offset may differ on either side of a DST change). In the hour a
 * change repeats or skips, one of the two offsets is taken; switches that log local time are
 * ambiguous there anyway.
 */
export function wallTimeToEpochMs(wallAsUtc: number, timeZone: string): number {
  if (timeZone === 'UTC') return wallAsUtc;
  if (timeZone !== lastOffsetZone) {
    let offsets = offsetCache.get(timeZone);
    if (!offsets) offsetCache.set(timeZone, (offsets = new Map()));
    lastOffsetZone = timeZone;
    lastOffsets = offsets;
  }
  const hour = Math.floor(wallAsUtc / 3_600_000);
  let offset = lastOffsets.get(hour);
  if (offset === undefined) {
    const guess = zoneOffsetAt(wallAsUtc, timeZone);
    offset = zoneOffsetAt(wallAsUtc - guess, timeZone);
    if (lastOffsets.size > 100_000) lastOffsets.clear();
    lastOffsets.set(hour, offset);
  }
  return wallAsUtc - offset;
}

/**
 * A CDR time as epoch milliseconds, or undefined when it is not a time: ISO 8601 with T or a space
 * ("2026-03-01 10:00:00", optional fraction, optional Z or ±hh:mm) or Unix epoch seconds
 * (9–10 digits), milliseconds (13) or microseconds (16). Times without an offset are wall times in
 * `sourceTimeZone`.
 */
export function parseCdrTime(text: string, sourceTimeZone: string): number | undefined {
  // The fast scanners take the usual shapes; whatever they do not take (bad times included) is
  // decided by the regular expressions below, so both give the same answer for every text.
  let ms = scanIsoTime(text, sourceTimeZone);
  if (ms !== ms) ms = scanEpochTime(text);
  if (ms !== ms) {
    const slow = parseCdrTimeSlowly(text, sourceTimeZone);
    if (slow === undefined) return undefined;
    ms = slow;
  }
  return ms >= EARLIEST && ms < LATEST ? ms : undefined;
}

/** `parseCdrTime` by regular expressions (before the range check): the reference of the fast scanners. */
function parseCdrTimeSlowly(text: string, sourceTimeZone: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = m[6] === undefined ? 0 : Number(m[6]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
    const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
    const zone = m[8];
    if (zone === undefined) return wallTimeToEpochMs(wall, sourceTimeZone);
    if (zone === 'Z' || zone === 'z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 14 || offsetMinutes > 59) return undefined;
    return wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  if (EPOCH.test(text)) {
    const whole = text.split('.')[0]!;
    const value = Number(text);
    const ms = whole.length <= 10 ? value * 1000 : whole.length <= 13 ? value : value / 1000;
    return Math.floor(ms);
  }
  return undefined;
}

/** First year the scanner takes; month starts and lengths of 2000–2099 by (year − 2000) × 12 + month − 1. */
export const SCAN_FIRST_YEAR = 2000;
export const MONTH_START_MS: number[] = [];
export const MONTH_DAYS: number[] = [];
for (let year = SCAN_FIRST_YEAR; year < SCAN_FIRST_YEAR + 100; year++) {
  for (let month = 1; month <= 12; month++) {
    MONTH_START_MS.push(Date.UTC(year, month - 1, 1));
    MONTH_DAYS.push(daysInMonth(year, month));
  }
}

/** The number written by `count` ASCII digits at `from`, or −1 when they are not all digits. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48; // NaN past the end: fails the test below
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The fast path of ISO times, by char codes: "2026-03-01T10:00:00", a space or t for the T, an
 * optional ":ss", an optional fraction of 1 to 9 digits, then nothing, Z/z, or ±hh, ±hhmm or
 * ±hh:mm. Years 2000–2099 with valid fields only; NaN for anything else (the regex decides).
 */
function scanIsoTime(text: string, sourceTimeZone: string): number {
  const length = text.length;
  if (length < 16 || length > 40) return Number.NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const t = text.charCodeAt(10);
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
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    !(t === 84 /* T */ || t === 116 /* t */ || t === 32) ||
    text.charCodeAt(13) !== 58 /* : */
  ) {
    return Number.NaN;
  }
  const monthIndex = (year - SCAN_FIRST_YEAR) * 12 + month - 1;
  if (day > MONTH_DAYS[monthIndex]!) return Number.NaN;
  let p = 16;
  let second = 0;
  let millis = 0;
  if (p < length && text.charCodeAt(p) === 58) {
    second = digitsAt(text, p + 1, 2);
    if (second < 0 || second > 59) return Number.NaN;
    p += 3;
    const point = p < length ? text.charCodeAt(p) : -1;
    if (point === 46 /* . */ || point === 44 /* , */) {
      // Milliseconds are the first three digits, the rest dropped (as floor(0.ddd… × 1000) does).
      let count = 0;
      for (p++; p < length; p++) {
        const digit = text.charCodeAt(p) - 48;
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
  if (p === length) return wallTimeToEpochMs(wall, sourceTimeZone);
  const zone = text.charCodeAt(p);
  if (zone === 90 /* Z */ || zone === 122 /* z */) return p + 1 === length ? wall : Number.NaN;
  if (zone !== 43 /* + */ && zone !== 45 /* - */) return Number.NaN;
  const offsetHours = digitsAt(text, p + 1, 2);
  let offsetMinutes = 0;
  const rest = length - (p + 3);
  if (rest === 2) offsetMinutes = digitsAt(text, p + 3, 2);
  else if (rest === 3 && text.charCodeAt(p + 3) === 58) offsetMinutes = digitsAt(text, p + 4, 2);
  else if (rest !== 0) return Number.NaN;
  if (offsetHours < 0 || offsetHours > 14 || offsetMinutes < 0 || offsetMinutes > 59) return Number.NaN;
  const sign = zone === 45 ? -1 : 1;
  return wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** The fast path of epoch times: 9 to 15 digits, no fraction (exact in a double); NaN for anything else. */
function scanEpochTime(text: string): number {
  const length = text.length;
  if (length < 9 || length > 15) return Number.NaN;
  const value = digitsAt(text, 0, length);
  if (value < 0) return Number.NaN;
  return length <= 10 ? value * 1000 : length <= 13 ? value : Math.floor(value / 1000);
}

/** Per zone: quarter hour since the epoch → billing day. Number keys: no string built per CDR. */
const billingDayCache = new Map<string, Map<number, string>>();
let lastBillingZone = '';
let lastBillingDays = new Map<number, string>();

/**
 * The billing day of an instant in the account's zone. Every zone's offset is a whole number of
 * quarter hours, so all instants of one quarter hour share a day: cached per quarter hour, because
 * Intl's formatter costs microseconds and a million CDRs fall in a few thousand quarter hours.
 */
export function cdrBillingDay(epochMs: number, timeZone: string): string {
  if (timeZone === 'UTC') return utcDay(epochMs);
  if (timeZone !== lastBillingZone) {
    let days = billingDayCache.get(timeZone);
    if (!days) billingDayCache.set(timeZone, (days = new Map()));
    lastBillingZone = timeZone;
    lastBillingDays = days;
  }
  const quarter = Math.floor(epochMs / 900_000);
  let day = lastBillingDays.get(quarter);
  if (day === undefined) {
    day = billingDayAt(epochMs, timeZone);
    if (lastBillingDays.size > 200_000) lastBillingDays.clear();
    lastBillingDays.set(quarter, day);
  }
  return day;
}

/** Slots of BillingDays' cache: quarter hours of 42 days without two sharing one. */
const BILLING_DAY_SLOTS = 4096;

/**
 * `cdrBillingDay` as small numbers, for a pass over many CDRs in one zone: `of` gives the index
 * of the instant's billing day in `days` (in the order they were first met), from a direct-mapped
 * cache by quarter hour (see cdrBillingDay), so a CDR costs two typed-array reads, not a map lookup.
 */
export class BillingDays {
  readonly days: string[] = [];
  private readonly indexOfDay = new Map<string, number>();
  /** Per slot: the quarter hour cached there (−1: none), and its day's index. */
  private readonly quarters = new Int32Array(BILLING_DAY_SLOTS).fill(-1);
  private readonly indexes = new Int32Array(BILLING_DAY_SLOTS);

  constructor(readonly timeZone: string) {}

  of(epochMs: number): number {
    const quarter = Math.floor(epochMs / 900_000);
    const slot = quarter & (BILLING_DAY_SLOTS - 1);
    if (this.quarters[slot] === quarter) return this.indexes[slot]!;
    const day = cdrBillingDay(epochMs, this.timeZone);
    let index = this.indexOfDay.get(day);
    if (index === undefined) {
      index = this.days.length;
      this.days.push(day);
      this.indexOfDay.set(day, index);
    }
    // Instants before 1970 or past 2^31 quarter hours are not cached (CDR times are 2000–2099).
    if (quarter >= 0 && quarter <= 0x7fffffff) {
      this.quarters[slot] = quarter;
      this.indexes[slot] = index;
    }
    return index;
  }
}

const utcDays = new Map<number, string>();

/** The UTC day of an instant: the device ledger's bucket (independent of the account's zone). */
export function utcDay(epochMs: number): string {
  const epochDay = Math.floor(epochMs / 86_400_000);
  let day = utcDays.get(epochDay);
  if (day === undefined) {
    day = new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
    utcDays.set(epochDay, day);
  }
  return day;
}

// ---------------------------------------------------------------------------------------------
// Destinations
// ---------------------------------------------------------------------------------------------

/**
 * E.164 country calling codes are prefix-free: zones 1 (NANP) and 7 are one digit, these are two
 * digits, and every other code is three (ITU-T E.164 assigned codes, 2024).
 */
const TWO_DIGIT_CODES = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '),
);

/**
 * Every code as one string per value ("1", "44", "353", "077"), looked up by its digits as a number:
 * no slice per CDR, and the roll-up's maps meet the same string (its hash already computed) each time.
 */
const CODE_STRINGS: readonly (readonly string[])[] = [1, 2, 3].map((width) =>
  Array.from({ length: 10 ** width }, (_, n) => String(n).padStart(width, '0')),
);
const IS_TWO_DIGIT_CODE: readonly boolean[] = Array.from({ length: 100 }, (_, n) => TWO_DIGIT_CODES.has(CODE_STRINGS[1]![n]!));

/** The country calling code a normalized international number starts with ("447700900123" → "44"). */
export function countryCallingCode(digits: string): string {
  const first = digits.charCodeAt(0) - 48;
  const second = digits.charCodeAt(1) - 48;
  const third = digits.charCodeAt(2) - 48;
  if (first >= 0 && first <= 9 && second >= 0 && second <= 9 && third >= 0 && third <= 9) return callingCodeOfDigits(first, second, third);
  // Fewer than three digits (only direct callers pass such text).
  const head = digits[0];
  if (head === '1' || head === '7') return head;
  const two = digits.slice(0, 2);
  return TWO_DIGIT_CODES.has(two) ? two : digits.slice(0, 3);
}

/** The calling code of a number whose first three digits (0–9 each) are given: `countryCallingCode` without the text. */
export function callingCodeOfDigits(first: number, second: number, third: number): string {
  if (first === 1 || first === 7) return CODE_STRINGS[0]![first]!;
  const two = first * 10 + second;
  return IS_TWO_DIGIT_CODE[two] ? CODE_STRINGS[1]![two]! : CODE_STRINGS[2]![two * 10 + third]!;
}

/**
 * The destination a normalized number (`normalizeNumber`) is rolled up under when the file gives
 * no rated prefix: its country calling code, read after a NANP 011 (lib/destinations
 * withoutNanpExitCode), or the whole number when it is too short to be international (an
 * extension or short code: MIN_INTERNATIONAL_DIGITS). Usage rows are keyed by it (usageId).
 *
 * Before 011 and short numbers were told apart, they were keyed by their first digits as a
 * calling code ("011", "500" for extension 5001). Rows stored so stay as they are: re-importing a
 * file adds nothing whatever its rows' keys (CDRs are recognised by call id or content, never by
 * destination), and undoing an import takes back the cells it recorded. Only CDRs imported since
 * go under the new keys.
 */
export function destinationOfNumber(digits: string): string {
  if (digits.length < MIN_INTERNATIONAL_DIGITS) return digits;
  // 48: "0". Only a number starting 0 can start 011; the rest keep the fast path.
  return countryCallingCode(digits.charCodeAt(0) === 48 ? withoutNanpExitCode(digits) : digits);
}

/**
 * The name of a destination given by `destinationOfNumber` (not of a rated prefix), for a CDR without a name: its country, or "Local/extension"
 * for an extension or short code. '' when neither is known (a spare code, or "020" of a national
 * number written with its trunk 0): the line then shows the bare code, which says what the switch
 * dialled without guessing a country.
 *
 * A country is named only when the number says it is international: written with "+", "00" or
 * "011", or bare digits as long as an international number (`MIN_NAMED_BARE_DIGITS`). A US
 * switch's national 2125551234 is rolled up under "212" as ever (a bare number's first digits are
 * all there is), but it is not New York's calls an invoice may call "Morocco"; nor is a 7-digit
 * local 5551234 Brazil's. With a home country set (CdrMapping.homeCountry), CdrReader reads such a
 * national number as the home country's before it gets here.
 */
export function destinationNameOf(destination: string, numberText: string, digits: number): string {
  return destinationNameOfDigits(destination, writtenInternational(numberText), digits);
}

/** `destinationNameOf` once it is known whether the number is written as international (`writtenInternational`). */
export function destinationNameOfDigits(destination: string, international: boolean, digits: number): string {
  if (digits < MIN_INTERNATIONAL_DIGITS) return LOCAL_DESTINATION_NAME;
  if (!international && digits < MIN_NAMED_BARE_DIGITS) return '';
  return callingCodeName(destination) ?? '';
}

/**
 * Bare digits this long are read as an international number without its "+" (4477009001234,
 * 33612345678): national numbers without a trunk 0 (the NANP's ten digits, a local seven) are
 * shorter. International numbers of ten digits or fewer (Norway's, Singapore's) then show their
 * bare code, which is not wrong, where a shorter rule would name wrong countries.
 */
export const MIN_NAMED_BARE_DIGITS = 11;

/** Whether a dialled number is written as international: "+", "00" or the NANP's "011" first. */
function writtenInternational(numberText: string): boolean {
  const text = numberText.trimStart();
  return text.startsWith('+') || text.startsWith('00') || text.startsWith('011');
}

/**
 * The fewest digits a dialled number has: 3, an extension of a small PBX (101, 200) or a short
 * service code (112, 999). Fewer ("1", "42") are not numbers a call is billed to.
 */
export const MIN_NUMBER_DIGITS = 3;

/**
 * A dialled number as digits: spaces, dashes, dots and brackets dropped, a leading "+" or "00"
 * removed. Undefined when what is left is not 3 (MIN_NUMBER_DIGITS) to 15 digits ("s", a SIP
 * URI, "42"): such a call has no billable destination. Numbers of 3 to 6 digits are extensions
 * and short codes (destinationOfNumber).
 */
export function normalizeNumber(text: string): string | undefined {
  // Fast path: digits, perhaps after a "+" (how switches write numbers); the rest by regex below.
  const length = text.length;
  let start = length > 0 && text.charCodeAt(0) === 43 /* + */ ? 1 : 0;
  for (let i = start; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return normalizeNumberSlowly(text);
  }
  if (start === 0 && length >= 2 && text.charCodeAt(0) === 48 && text.charCodeAt(1) === 48) start = 2;
  const digits = length - start;
  if (digits < MIN_NUMBER_DIGITS || digits > 15) return undefined;
  return start === 0 ? text : text.slice(start);
}

function normalizeNumberSlowly(text: string): string | undefined {
  let digits = text.replace(/[\s\-.()/]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  return /^\d{3,15}$/.test(digits) ? digits : undefined;
}

/** ASCII characters `\s` matches. */
const isAsciiSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/** "United Kingdom - Mobile" → "United Kingdom": the part of a rate-deck name that names the country. */
export function countryPartOfName(name: string): string {
  // Fast path for ASCII names: find " - " or " : " by char codes. En and em dashes, and Unicode
  // spaces, are not ASCII: such names take the regex.
  let dash = -1;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128) return countryPartOfNameSlowly(name);
    if ((code === 45 /* - */ || code === 58) /* : */ && i > 0 && isAsciiSpace(name.charCodeAt(i - 1))) {
      const next = name.charCodeAt(i + 1);
      if (next >= 128) return countryPartOfNameSlowly(name);
      if (isAsciiSpace(next)) {
        dash = i - 1;
        break;
      }
    }
  }
  return (dash >= 0 ? name.slice(0, dash) : name).trim();
}

function countryPartOfNameSlowly(name: string): string {
  const dash = name.search(/\s[-–—:]\s/);
  return (dash >= 0 ? name.slice(0, dash) : name).trim();
}

// ---------------------------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------------------------

/** Char codes of the hex digits, so the hash's text is built in one call (no number-to-string conversions). */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * `hash64`'s two 32-bit lanes, written into `out` ([high, low]) so a caller that only compares
 * hashes (the import's ledger) never builds their text; `hash64` is high then low in hex.
 */
export function hash64Lanes(text: string, out: Uint32Array): void {
  hashLanesFrom(0xdeadbeef, 0x41c6ce57, text, out);
}

/** The lanes' state after the two characters `c:` that start a call id's CDR key. */
const CALL_ID_KEY_H1 = Math.imul(Math.imul(0xdeadbeef ^ 99, 2654435761) ^ 58, 2654435761);
const CALL_ID_KEY_H2 = Math.imul(Math.imul(0x41c6ce57 ^ 99, 1597334677) ^ 58, 1597334677);

/** `hash64Lanes` of the CDR key `c:<callId>`, without building the key's text. */
export function callIdKeyLanes(callId: string, out: Uint32Array): void {
  hashLanesFrom(CALL_ID_KEY_H1, CALL_ID_KEY_H2, callId, out);
}

function hashLanesFrom(h1: number, h2: number, text: string, out: Uint32Array): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h2;
  out[1] = h1;
}

const lanes = new Uint32Array(2);

/**
 * A 64-bit non-cryptographic hash of a string as 16 hex digits (two 32-bit lanes mixed as in
 * cyrb53). Used only to name CDRs for deduplication on the device: with n CDRs in one UTC day the
 * chance that any two collide is about n²/2^65 (10^-7 at a million a day).
 */
export function hash64(text: string): string {
  hash64Lanes(text, lanes);
  const h2 = lanes[0]!;
  const h1 = lanes[1]!;
  // h2 then h1, each as 8 hex digits, most significant first.
  const x = HEX_CODES;
  return String.fromCharCode(
    x[h2 >>> 28]!, x[(h2 >>> 24) & 15]!, x[(h2 >>> 20) & 15]!, x[(h2 >>> 16) & 15]!,
    x[(h2 >>> 12) & 15]!, x[(h2 >>> 8) & 15]!, x[(h2 >>> 4) & 15]!, x[h2 & 15]!,
    x[h1 >>> 28]!, x[(h1 >>> 24) & 15]!, x[(h1 >>> 20) & 15]!, x[(h1 >>> 16) & 15]!,
    x[(h1 >>> 12) & 15]!, x[(h1 >>> 8) & 15]!, x[(h1 >>> 4) & 15]!, x[h1 & 15]!,
  );
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/** Decimals of a stored charge; charges are held as integer millionths. */
export const CHARGE_SCALE = 6;

/** One valid CDR, normalized. */
export interface Cdr {
  line: number;
  epochMs: number;
  /** The customer cell as written (a name, an external id or a customer id). */
  customer: string;
  number: string;
  destination: string;
  destinationName: string;
  /** Talk seconds; billed seconds after the rate's increments. */
  seconds: number;
  billedSeconds: number;
  /** Millionths of the currency. */
  charge: Units;
  /** Upper-case ISO code, or '' when the file has no currency column (the customer's then). */
  currency: string;
  callId: string;
  /** `c:<call id>` or `r:<hash of the row>`: what makes two lines the same call. */
  key: string;
}

export interface CdrRowError {
  line: number;
  reason: string;
}

export type CdrParseResult = { ok: true; cdr: Cdr } | { ok: false; error: CdrRowError };

/**
 * A Cdr with every field empty: for a pass that adds many CDRs to cells, one object it refills
 * per CDR with what addToCells reads (destination and its name, seconds, billed seconds, charge).
 */
export function blankCdr(): Cdr {
  return { line: 0, epochMs: 0, customer: '', number: '', destination: '', destinationName: '', seconds: 0, billedSeconds: 0, charge: 0, currency: '', callId: '', key: '' };
}

/**
 * Talk or billed seconds as a whole number, or the reason they are not. `decimalComma`: the file
 * may write a fraction with a comma ("12,5"; see decimalCommaAllowed).
 */
function seconds(text: string, what: string, decimalComma: boolean): number | string {
  // Fast path: plain digits within 30 days, as switches write seconds.
  const length = text.length;
  if (length > 0 && length <= 7) {
    const value = digitsAt(text, 0, length);
    if (value >= 0 && value <= 2_592_000) return value;
  }
  return secondsSlowly(text, what, decimalComma);
}

function secondsSlowly(text: string, what: string, decimalComma: boolean): number | string {
  if (text === '') return `${what} is missing`;
  let decimal = text;
  if (decimalComma) {
    const withPoint = decimalWithPoint(text);
    if (withPoint === undefined) return `${what} ${JSON.stringify(text)} has a thousands separator: write it without one (as 1234 or 1234,5)`;
    decimal = withPoint;
  }
  if (!/^-?\d+(\.\d+)?$/.test(decimal)) return `${what} ${JSON.stringify(text)} is not a number of seconds`;
  const value = Number(decimal);
  if (value < 0) return `${what} ${text} is negative`;
  if (value > 2_592_000) return `${what} ${text} is more than 30 days`;
  // A fractional second counts as a whole one, as switches bill.
  return Math.ceil(value);
}

export const CHARGE_POWERS_OF_TEN: readonly number[] = Array.from({ length: CHARGE_SCALE + 1 }, (_, i) => 10 ** i);

/**
 * The fast path of charges: a plain decimal ("0.012500", "3") of at most 15 digits and 6 decimals
 * read straight into millionths by char codes (every step an exact safe integer), or NaN for
 * anything else: a sign, a bad or an over-long charge takes lib/money's way (`chargeSlowly`).
 */
function scanChargeMillionths(text: string): number {
  const length = text.length;
  if (length === 0 || length > 16) return Number.NaN;
  let units = 0;
  let digits = 0;
  let point = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
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
  if (digits > 15 || point === 0 || point === length - 1) return Number.NaN;
  const decimals = point < 0 ? 0 : length - point - 1;
  if (decimals > CHARGE_SCALE) return Number.NaN;
  const millionths = units * CHARGE_POWERS_OF_TEN[CHARGE_SCALE - decimals]!;
  return millionths <= Number.MAX_SAFE_INTEGER ? millionths : Number.NaN;
}

/** A charge as millionths by lib/money, or the reason it is not one (`shown`: the text as the file wrote it). */
function chargeSlowly(text: string, shown = text): Units | string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return `charge ${JSON.stringify(shown)} is not a number`;
  if (text.startsWith('-')) return `charge ${shown} is negative`;
  let charge: Units;
  try {
    charge = readUnitsAtScale(text, CHARGE_SCALE, 'charge');
  } catch {
    return `charge ${shown} has more than ${CHARGE_SCALE} decimals`;
  }
  if (text.split('.')[0]!.replace(/^0+/, '').length > 15) return `charge ${shown} is too large`;
  return charge;
}

/**
 * A decimal of a file that may write decimals with a comma, with a point for its decimal separator
 * ("0,0123" → "0.0123"; "0.0123" and "12" as they are), or undefined when it groups its digits with
 * a thousands separator, which would be misread: a point and a comma ("1.234,56", "1,234.56"),
 * either of them twice ("1.234.567"), or a space or an apostrophe between digits ("1 234,56",
 * "1'234.56"). A lone point or comma is the decimal separator: "1.234" is 1.234, as a switch that
 * writes points means it (a spreadsheet grouping thousands writes the decimals of a charge too,
 * "1.234,00", which is refused).
 */
function decimalWithPoint(text: string): string | undefined {
  const comma = text.indexOf(',');
  const point = text.indexOf('.');
  if (comma >= 0 && (point >= 0 || text.indexOf(',', comma + 1) >= 0)) return undefined;
  if (point >= 0 && text.indexOf('.', point + 1) >= 0) return undefined;
  if (/\d[\s\u00a0\u202f'\u2019]+\d/.test(text)) return undefined;
  return comma < 0 ? text : `${text.slice(0, comma)}.${text.slice(comma + 1)}`;
}

/**
 * A charge of a file that may write decimals with a comma (see decimalCommaAllowed), as
 * millionths, or the reason it is not one. Only charges the fast scan did not take come here: in
 * such a file, every charge written with a comma.
 */
function chargeOfDecimalComma(text: string): Units | string {
  const comma = text.indexOf(',');
  if (comma >= 0 && text.indexOf(',', comma + 1) < 0 && text.indexOf('.') < 0) {
    const millionths = scanChargeMillionths(`${text.slice(0, comma)}.${text.slice(comma + 1)}`);
    if (millionths === millionths) return millionths;
  }
  const decimal = decimalWithPoint(text);
  if (decimal === undefined) return `charge ${JSON.stringify(text)} has a thousands separator: write it without one (as 1234,56)`;
  return chargeSlowly(decimal, text);
}

/**
 * Each ISO 4217 code once, at the number its three letters make (A = 0): one lookup both checks an
 * upper-case code and gives the same string every time, whose hash the roll-up's maps then reuse.
 */
export const CURRENCY_BY_LETTERS: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = Array.from({ length: 26 ** 3 }, () => undefined);
  for (const code of CURRENCY_CODES) {
    const index = currencyLetters(code);
    if (index >= 0) table[index] = code;
  }
  return table;
})();

/** The three upper-case ASCII letters of `text` as a number below 26³, or −1. */
function currencyLetters(text: string): number {
  if (text.length !== 3) return -1;
  const a = text.charCodeAt(0) - 65;
  const b = text.charCodeAt(1) - 65;
  const c = text.charCodeAt(2) - 65;
  return a >= 0 && a < 26 && b >= 0 && b < 26 && c >= 0 && c < 26 ? (a * 26 + b) * 26 + c : -1;
}

/** The currency cell as an upper-case ISO code ('' stays ''), or undefined when it is not one. */
function currencyCode(text: string): string | undefined {
  if (text === '') return '';
  const letters = currencyLetters(text);
  if (letters >= 0) return CURRENCY_BY_LETTERS[letters];
  const upper = text.toUpperCase();
  if (!CURRENCY_CODES.has(upper)) return undefined;
  const index = currencyLetters(upper);
  return index >= 0 ? (CURRENCY_BY_LETTERS[index] ?? upper) : upper;
}

/** A cell without surrounding whitespace: most cells have none and are returned as they are. */
function trimmed(cell: string | undefined): string {
  if (cell === undefined || cell.length === 0) return '';
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? cell : cell.trim();
}

/** The trimmed cell of a column ('' when the mapping has no such column or the row is short). */
function cellAt(cells: readonly string[], column: number | undefined): string {
  return column === undefined ? '' : trimmed(cells[column]);
}

/**
 * The first required field (REQUIRED_CDR_FIELDS, in order) whose column the row does not reach.
 * Each column is read by name: a loop over the field names would make every read a keyed lookup.
 */
function missingRequiredField(cells: readonly string[], columns: CdrColumns): CdrField | undefined {
  const { time, customer, destinationNumber, duration, charge } = columns;
  if (time !== undefined && cells[time] === undefined) return 'time';
  if (customer !== undefined && cells[customer] === undefined) return 'customer';
  if (destinationNumber !== undefined && cells[destinationNumber] === undefined) return 'destinationNumber';
  if (duration !== undefined && cells[duration] === undefined) return 'duration';
  if (charge !== undefined && cells[charge] === undefined) return 'charge';
  return undefined;
}

/**
 * Reads CSV rows as CDRs into its own fields, which hold the last row read until the next `read`:
 * the import pass reads a million rows with one reader and builds no object per row (and no key
 * string for a call id: `callId` is there, `key` is built when asked for). `parseCdrRow` is a
 * reader's `read` plus a copy into a Cdr, so both always agree.
 *
 * It runs once per CDR, so it scans char codes for the usual shapes of each field and leaves
 * everything else (every bad value included) to the regular expressions and lib/money, which also
 * word the reasons; lib/cdr.oracle.test.ts checks both ways agree.
 */
/**
 * The longest call id read (UTF-16 units). Its key (`c:` + id) is at most 500 characters, which an
 * importCdrs line carries (lib/mutators CDR_KEY_MAX_CHARS) and the key index holds (at most 4 bytes
 * a character in UTF-8, under its limit of about 2,700 bytes an entry).
 */
export const MAX_CALL_ID_LENGTH = 498;

/** The longest destination name a usage row holds (lib/entities usageSchema), in UTF-16 units. */
export const MAX_DESTINATION_NAME_LENGTH = 200;

export class CdrReader {
  line = 0;
  epochMs = 0;
  customer = '';
  number = '';
  destination = '';
  destinationName = '';
  seconds = 0;
  billedSeconds = 0;
  charge: Units = 0;
  currency = '';
  callId = '';
  /** `r:<hash of the row>` when the row has no call id, else ''. */
  rowKey = '';
  /** Why the last row read is not a CDR ('' when it is one). */
  reason = '';
  /**
   * The cells of the file's header row, 0 when it has none (see `header`): a row with more or fewer
   * cells than its header is not a CDR, as its cells may be shifted or one cut off.
   */
  headerCells = 0;
  private currentMapping!: CdrMapping;
  /** The mapping's home country, read once per mapping rather than per CDR. */
  private home: HomeNumbering | undefined;
  /** Whether decimals may be written with a comma (decimalCommaAllowed), read once per mapping. */
  private decimalComma = false;

  constructor(mapping: CdrMapping) {
    this.mapping = mapping;
  }

  get mapping(): CdrMapping {
    return this.currentMapping;
  }

  set mapping(mapping: CdrMapping) {
    if (mapping === this.currentMapping) return;
    this.currentMapping = mapping;
    this.home = homeNumbering(mapping.homeCountry);
    this.decimalComma = decimalCommaAllowed(mapping.delimiter);
  }

  /** `c:<call id>` or `r:<hash of the row>`: what makes two lines the same call. */
  get key(): string {
    return this.callId !== '' ? `c:${this.callId}` : this.rowKey;
  }

  /**
   * Takes the file's header row (the first row of a file whose mapping `hasHeader`): every row read
   * after it must have as many cells. A row that has one fewer (its last cell, say the call id, cut
   * off) would otherwise read as a CDR without it, and one more may have its cells shifted.
   */
  header(cells: readonly string[]): void {
    this.headerCells = cells.length;
  }

  /** Reads one row (its cells as parsed); false when it is not a CDR (`reason` says why). */
  read(cells: readonly string[], line: number): boolean {
    this.line = line;
    const headerCells = this.headerCells;
    if (headerCells !== 0 && cells.length !== headerCells) return this.refuse(cellCountReason(cells.length, headerCells));
    const { columns } = this.currentMapping;
    const required = missingRequiredField(cells, columns);
    if (required) return this.refuse(`has ${cells.length} columns; ${CDR_FIELD_LABELS[required].toLowerCase()} is column ${columns[required]! + 1}`);

    const timeText = cellAt(cells, columns.time);
    const epochMs = parseCdrTime(timeText, this.currentMapping.sourceTimeZone);
    if (epochMs === undefined) return this.refuse(`time ${JSON.stringify(timeText)} is not a date and time (like 2026-03-01 10:00:00 or 2026-03-01T10:00:00Z)`);

    const customer = cellAt(cells, columns.customer);
    if (customer === '') return this.refuse('customer is missing');

    const numberText = cellAt(cells, columns.destinationNumber);
    const number = normalizeNumber(numberText);
    if (number === undefined) return this.refuse(`destination number ${JSON.stringify(numberText)} is not a phone number`);

    const decimalComma = this.decimalComma;
    const duration = seconds(cellAt(cells, columns.duration), 'duration', decimalComma);
    if (typeof duration === 'string') return this.refuse(duration);
    let billedSeconds = duration;
    // An empty billed duration means no rating increments: billed = talk time.
    const billedText = cellAt(cells, columns.billedDuration);
    if (billedText !== '') {
      const billed = seconds(billedText, 'billed duration', decimalComma);
      if (typeof billed === 'string') return this.refuse(billed);
      billedSeconds = billed;
    }

    const chargeText = cellAt(cells, columns.charge);
    let charge: Units = scanChargeMillionths(chargeText);
    if (charge !== charge) {
      // A charge written with a decimal comma reads as the same charge with a point: the same
      // millionths, so the same row hash (key) whatever the file's format.
      const read = decimalComma ? chargeOfDecimalComma(chargeText) : chargeSlowly(chargeText);
      if (typeof read === 'string') return this.refuse(read);
      charge = read;
    }

    const currencyText = cellAt(cells, columns.currency);
    const currency = currencyCode(currencyText);
    if (currency === undefined) return this.refuse(`currency ${JSON.stringify(currencyText)} is not an ISO 4217 code`);

    // A CDR the file names no destination for (no name column: Asterisk, FreeSWITCH; an NDJSON
    // object without a name; or a name cell left empty in a softswitch's export) is named after
    // its destination's country (lib/destinations), so its line never reads a bare "44". Only
    // such CDRs look a name up: the rest pay one emptiness check. The name is no part of a CDR's
    // key, so a file imported before this reads as the same CDRs.
    //
    // The name given depends only on the destination a CDR is rolled up under (not on the rest of
    // the number), so every unnamed CDR of a usage row brings the same name. Where a file names
    // some CDRs of a row and leaves others empty, the row keeps the larger name (addToCells), the
    // file's or ours: both name the row's destination.
    const name = cellAt(cells, columns.destinationName);
    let prefixText = cellAt(cells, columns.prefix);
    if (prefixText.charCodeAt(0) === 43 /* + */) prefixText = prefixText.slice(1);
    let destination: string;
    let destinationName: string;
    if (prefixText !== '') {
      if (prefixText.length > 15 || digitsAt(prefixText, 0, prefixText.length) < 0) return this.refuse(`prefix ${JSON.stringify(prefixText)} is not digits`);
      destination = prefixText;
      destinationName = name;
      if (destinationName === '') destinationName = callingCodeName(prefixText) ?? '';
    } else if (this.home !== undefined && isNationalNumber(number, numberText, this.home)) {
      // The home country's national number: its international form starts with the home code,
      // which is therefore its destination (codes are prefix-free), named as any number of it.
      destination = this.home.code;
      destinationName = countryPartOfName(name);
      if (destinationName === '') destinationName = this.home.name;
    } else {
      destination = destinationOfNumber(number);
      destinationName = countryPartOfName(name);
      if (destinationName === '') destinationName = destinationNameOf(destination, numberText, number.length);
    }

    // What usage keeps of the name (lib/entities usageSchema): a longer one is refused, not cut.
    if (destinationName.length > MAX_DESTINATION_NAME_LENGTH) {
      return this.refuse(`destination name is longer than ${MAX_DESTINATION_NAME_LENGTH} characters (${destinationName.length})`);
    }

    const callId = cellAt(cells, columns.callId);
    // The key index (cdr_keys) holds at most about 2,700 bytes per entry; a longer id would fail
    // the whole write on the server, so it is a bad row here, where both imports read it.
    if (callId.length > MAX_CALL_ID_LENGTH) return this.refuse(`call id is longer than ${MAX_CALL_ID_LENGTH} characters`);
    // A key travels in importCdrs as a tab-separated line (lib/mutators), and no softswitch's call
    // id (a SIP Call-ID, Asterisk's uniqueid, a FreeSWITCH uuid) holds a control character.
    // A loop rather than a regex: it runs on every CDR.
    for (let i = 0; i < callId.length; i++) {
      const c = callId.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) return this.refuse('call id contains a control character (a tab or a line break)');
    }
    this.rowKey =
      callId !== '' ? '' : `r:${hash64(`${epochMs}|${customer}|${number}|${duration}|${billedSeconds}|${formatUnits(charge, CHARGE_SCALE)}|${currency}`)}`;
    this.epochMs = epochMs;
    this.customer = customer;
    this.number = number;
    this.destination = destination;
    this.destinationName = destinationName;
    this.seconds = duration;
    this.billedSeconds = billedSeconds;
    this.charge = charge;
    this.currency = currency;
    this.callId = callId;
    this.reason = '';
    return true;
  }

  /** The last row read as a Cdr (after a `read` that returned true). */
  cdr(): Cdr {
    return {
      line: this.line,
      epochMs: this.epochMs,
      customer: this.customer,
      number: this.number,
      destination: this.destination,
      destinationName: this.destinationName,
      seconds: this.seconds,
      billedSeconds: this.billedSeconds,
      charge: this.charge,
      currency: this.currency,
      callId: this.callId,
      key: this.key,
    };
  }

  private refuse(reason: string): false {
    this.reason = reason;
    return false;
  }
}

/** Why a row with `cells` cells is not a CDR of a file whose header has `headerCells`. */
export function cellCountReason(cells: number, headerCells: number): string {
  return `has ${cells} ${cells === 1 ? 'cell' : 'cells'}, the header has ${headerCells}`;
}

let rowReader: CdrReader | undefined;

/**
 * Reads one CSV row as a CDR, or says why it is not one. `cells` are the row's cells as parsed;
 * `headerCells`, the cells of the file's header row (0: the file has none; see CdrReader `header`).
 */
export function parseCdrRow(cells: readonly string[], line: number, mapping: CdrMapping, headerCells = 0): CdrParseResult {
  const reader = (rowReader ??= new CdrReader(mapping));
  reader.mapping = mapping;
  reader.headerCells = headerCells;
  return reader.read(cells, line) ? { ok: true, cdr: reader.cdr() } : { ok: false, error: { line, reason: reader.reason } };
}

/**
 * A JSON object (one NDJSON line) as the cells of a row under `NDJSON_MAPPING`. Field names are
 * the CdrField names or their snake_case forms; numbers may be JSON numbers or strings (a charge
 * as a JSON number is read from its shortest decimal form, e.g. 0.0123).
 */
export function cellsFromJson(value: unknown): string[] | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'is not a JSON object';
  const record = value as Record<string, unknown>;
  const cells: string[] = [];
  for (const field of CDR_FIELDS) {
    const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const v = record[field] ?? record[snake];
    if (v === undefined || v === null) cells.push('');
    else if (typeof v === 'string') cells.push(v);
    else if (typeof v === 'number' && Number.isFinite(v)) {
      // JSON numbers past 1e21 or below 1e-6 only have an exponent form, which no CDR field takes.
      const text = v.toString();
      if (text.includes('e')) return `${field} ${text} is too large or too small for a CDR; send it as a decimal string`;
      cells.push(text);
    }
    else return `${field} must be a string or a number`;
  }
  return cells;
}

/** How NDJSON objects map: cells in CDR_FIELDS order; times without an offset in UTC unless a zone is set. */
export const NDJSON_MAPPING: CdrMapping = {
  hasHeader: false,
  columns: Object.fromEntries(CDR_FIELDS.map((f, i) => [f, i])) as CdrColumns,
  sourceTimeZone: 'UTC',
};

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

export interface CdrCustomer {
  id: string;
  name: string;
  externalId: string;
  currency: string;
}

export type CustomerMatch = { customer: CdrCustomer } | { ambiguous: number } | undefined;

/**
 * Finds the customer a CDR's customer cell names: the customer id, else the external accounting
 * id, else the name (both case-insensitive, trimmed). Two customers with the same external id or
 * name are ambiguous: the CDR is not billed to either.
 */
/** How a CDR's customer cell is compared with a customer's external id and name. */
export function customerMatchKey(text: string): string {
  return text.trim().toLowerCase();
}

export class CustomerDirectory {
  private readonly byId = new Map<string, CdrCustomer>();
  private readonly byExternalId = new Map<string, CdrCustomer[]>();
  private readonly byName = new Map<string, CdrCustomer[]>();

  constructor(customers: readonly CdrCustomer[]) {
    for (const c of customers) {
      this.byId.set(c.id, c);
      if (c.externalId.trim() !== '') push(this.byExternalId, customerMatchKey(c.externalId), c);
      push(this.byName, customerMatchKey(c.name), c);
    }
  }

  match(text: string): CustomerMatch {
    const byId = this.byId.get(text);
    if (byId) return { customer: byId };
    const key = customerMatchKey(text);
    for (const index of [this.byExternalId, this.byName]) {
      const found = index.get(key);
      if (found?.length === 1) return { customer: found[0]! };
      if (found && found.length > 1) return { ambiguous: found.length };
    }
    return undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The reason a CDR cannot go to `customer` because of its currency, or undefined when it can. */
export function currencyMismatch(cdr: Pick<Cdr, 'currency'>, customer: CdrCustomer): string | undefined {
  if (cdr.currency === '' || cdr.currency === customer.currency) return undefined;
  return `currency ${cdr.currency} is not ${possessive(customer.name)} (${customer.currency})`;
}

// ---------------------------------------------------------------------------------------------
// Roll-up
// ---------------------------------------------------------------------------------------------

/** The usage row id of a cell: deterministic, so the same cell is always the same row. */
export function usageId(customerId: string, day: string, destination: string): string {
  return `${customerId}:${day}:${destination}`;
}

/** Sums of CDRs in one customer × day × destination cell. */
export interface UsageCell {
  day: string;
  destination: string;
  destinationName: string;
  /** Answered calls (billed seconds above zero); every CDR is an attempt. */
  calls: number;
  attempts: number;
  seconds: number;
  billedSeconds: number;
  /** Millionths. */
  charge: Units;
}

/**
 * Beside each cells map, its cells by day then destination: adding a CDR finds its cell with two
 * lookups of strings the caches already hashed (billing days, calling codes) instead of building
 * the `${day}|${destination}` key per CDR; the key is built once, when the cell is new. `size` is
 * the map's size when the index last matched it: a map emptied or trimmed elsewhere is re-read.
 */
interface CellIndex {
  size: number;
  byDay: Map<string, Map<string, UsageCell>>;
}

const cellIndexes = new WeakMap<Map<string, UsageCell>, CellIndex>();

function indexCell(index: CellIndex, cell: UsageCell): void {
  let byDestination = index.byDay.get(cell.day);
  if (!byDestination) index.byDay.set(cell.day, (byDestination = new Map()));
  byDestination.set(cell.destination, cell);
}

function cellIndexOf(cells: Map<string, UsageCell>): CellIndex {
  let index = cellIndexes.get(cells);
  if (index === undefined || index.size !== cells.size) {
    index = { size: cells.size, byDay: new Map() };
    for (const cell of cells.values()) indexCell(index, cell);
    cellIndexes.set(cells, index);
  }
  return index;
}

/**
 * Adds a CDR to the cells of one customer, keyed by day and destination (`${day}|${destination}`).
 * Fill the map through this function only (reading it is free): cells are found by an index kept
 * beside it.
 */
export function addToCells(cells: Map<string, UsageCell>, cdr: Cdr, day: string): void {
  const index = cellIndexOf(cells);
  let cell = index.byDay.get(day)?.get(cdr.destination);
  if (!cell) {
    cell = { day, destination: cdr.destination, destinationName: '', calls: 0, attempts: 0, seconds: 0, billedSeconds: 0, charge: 0 };
    cells.set(`${day}|${cdr.destination}`, cell);
    indexCell(index, cell);
    index.size = cells.size;
  }
  addToCell(cell, cdr.destinationName, cdr.seconds, cdr.billedSeconds, cdr.charge);
}

/** Adds a CDR's figures to its cell (found by the caller: see addToCells). */
export function addToCell(cell: UsageCell, destinationName: string, seconds: number, billedSeconds: number, charge: Units): void {
  cell.attempts++;
  if (billedSeconds > 0) cell.calls++;
  cell.seconds += seconds;
  cell.billedSeconds += billedSeconds;
  cell.charge = addUnits(cell.charge, charge);
  // The file's name over a derived one over none, then the larger, so the order of the lines never matters.
  if (outranksDestinationName(cell.destination, destinationName, cell.destinationName)) cell.destinationName = destinationName;
}

/** Adds cell `b` into `a` (same day and destination). */
export function mergeCells(a: UsageCell, b: UsageCell): void {
  a.calls += b.calls;
  a.attempts += b.attempts;
  a.seconds += b.seconds;
  a.billedSeconds += b.billedSeconds;
  a.charge = addUnits(a.charge, b.charge);
  if (outranksDestinationName(a.destination, b.destinationName, a.destinationName)) a.destinationName = b.destinationName;
}

/**
 * The usage row after adding `cell` to what is stored (`existing`, or nothing): counts and exact
 * charges add up, the name is kept unless the new one outranks it (outranksDestinationName).
 */
export function addCellToUsage(existing: Usage | undefined, cell: UsageCell, customerId: string, currency: string): Usage {
  const charge = existing ? addUnits(readUnitsAtScale(existing.charge, CHARGE_SCALE, 'usage.charge'), cell.charge) : cell.charge;
  const name = existing && !outranksDestinationName(cell.destination, cell.destinationName, existing.destinationName) ? existing.destinationName : cell.destinationName;
  return {
    id: usageId(customerId, cell.day, cell.destination),
    customerId,
    day: cell.day,
    destination: cell.destination,
    destinationName: name,
    calls: (existing?.calls ?? 0) + cell.calls,
    attempts: (existing?.attempts ?? 0) + cell.attempts,
    seconds: (existing?.seconds ?? 0) + cell.seconds,
    billedSeconds: (existing?.billedSeconds ?? 0) + cell.billedSeconds,
    charge: formatUnits(charge, CHARGE_SCALE),
    currency,
  };
}

/** What taking an import's roll-up back out of a usage row leaves: the row, nothing (null), or a shortfall. */
export type UsageAfterUndo = { usage: Usage | null } | { short: 'calls' | 'attempts' | 'seconds' | 'billedSeconds' | 'charge' };

/**
 * The usage row after subtracting `cell` (what one import billed into it, charge in millionths):
 * counts and exact charges go down; null when no attempt is left (every CDR is an attempt, so
 * nothing else is either), the row to delete. A row holding less than the cell in any figure was
 * never billed by it: the figure is named instead, and nothing should be changed.
 */
export function subtractCellFromUsage(
  existing: Usage,
  cell: Pick<UsageCell, 'calls' | 'attempts' | 'seconds' | 'billedSeconds' | 'charge'>,
): UsageAfterUndo {
  const charge = addUnits(readUnitsAtScale(existing.charge, CHARGE_SCALE, 'usage.charge'), typeof cell.charge === 'number' ? -cell.charge : -cell.charge);
  const counts = {
    calls: existing.calls - cell.calls,
    attempts: existing.attempts - cell.attempts,
    seconds: existing.seconds - cell.seconds,
    billedSeconds: existing.billedSeconds - cell.billedSeconds,
  };
  for (const field of ['calls', 'attempts', 'seconds', 'billedSeconds'] as const) if (counts[field] < 0) return { short: field };
  if (charge < 0) return { short: 'charge' };
  if (counts.attempts === 0) {
    // Every CDR is an attempt: a row of no attempts that still holds seconds or a charge was not
    // rolled up from CDRs alone, and is not ours to delete.
    if (counts.calls !== 0 || counts.seconds !== 0 || counts.billedSeconds !== 0) return { short: 'attempts' };
    if (charge !== 0 && charge !== 0n) return { short: 'attempts' };
    return { usage: null };
  }
  return { usage: { ...existing, ...counts, charge: formatUnits(charge, CHARGE_SCALE) } };
}

export { isTimeZone };
