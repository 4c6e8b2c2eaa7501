/**
 * Rows in COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary
 * Format"), written straight into buffers. Postgres then reads each value as it is stored, without
 * parsing text: for ingest's CDRs that is a third less work for Postgres than COPY's text format
 * (timestamps, dates and numerics are costly to parse), and no COPY text to build and escape here.
 *
 * Each value is its byte length (int32) and its bytes, in network byte order:
 * - text: UTF-8; uuid: 16 bytes; int4: 4 bytes;
 * - timestamptz: int64 microseconds since 2000-01-01T00:00:00Z; date: int32 days since 2000-01-01;
 * - numeric: int16 digit count, int16 weight, int16 sign, int16 display scale, then the digits in
 *   base 10,000 (the first at 10,000^weight). Postgres strips zero digits itself.
 */

import { formatUnits, type Units } from '../../lib/money';

/** The signature, flags and header extension length (no extension) that open a binary COPY. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const PIECE_BYTES = 64 * 1024;
/** 2000-01-01T00:00:00Z, Postgres's epoch. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_TO_32 = 4_294_967_296;

/**
 * Pieces whose data the database has taken (releasePieces), for new pieces to reuse: a million
 * CDRs are some 2,000 pieces, and fresh memory costs page faults and garbage collections.
 */
const freePieces: Buffer<ArrayBuffer>[] = [];
const MAX_FREE_PIECES = 256;

function newPiece(): Buffer<ArrayBuffer> {
  return freePieces.pop() ?? Buffer.allocUnsafe(PIECE_BYTES);
}

/**
 * Gives back the pieces of a writer (its `finish()`) once nothing reads them any more: the COPY
 * they were sent by has completed. Call it once per writer's pieces.
 */
export function releasePieces(pieces: readonly Uint8Array<ArrayBuffer>[]): void {
  for (const piece of pieces) {
    if (freePieces.length >= MAX_FREE_PIECES) return;
    if (piece.byteOffset === 0 && piece.buffer.byteLength === PIECE_BYTES) freePieces.push(Buffer.from(piece.buffer));
  }
}

export class BinaryCopyWriter {
  private readonly pieces: Uint8Array<ArrayBuffer>[] = [];
  private buffer: Buffer<ArrayBuffer>;
  private at: number;

  constructor() {
    this.buffer = newPiece();
    HEADER.copy(this.buffer, 0);
    this.at = HEADER.length;
  }

  /**
   * Starts a row of `fields` values, at most `maxBytes` long (lengths included: see maxTextBytes).
   * A row never spans two pieces, so a piece is always whole rows.
   */
  row(fields: number, maxBytes: number): void {
    this.ensure(2 + maxBytes);
    this.rowStart = this.at;
    this.int16(fields);
  }

  /** Where the last row started in the current piece, which will be piece number `piece`. */
  rowStart = 0;

  get piece(): number {
    return this.pieces.length;
  }

  /** Bytes written to the current piece: after a row, where it ends. */
  get offset(): number {
    return this.at;
  }

  /** A row already written in this format (by another writer: see rowStart). */
  copyRow(row: Uint8Array): void {
    this.ensure(row.length);
    this.buffer.set(row, this.at);
    this.at += row.length;
  }

  /** A text value from UTF-8 bytes `from` to `to` of `source`, after the bytes of `prefix` (ASCII). */
  utf8(source: Uint8Array, from: number, to: number, prefix = ''): void {
    const length = prefix.length + to - from;
    this.int32(length);
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < prefix.length; i++) buffer[at++] = prefix.charCodeAt(i);
    // Short values byte by byte: a call into the runtime costs more than copying a call id.
    if (to - from < 64) for (let i = from; i < to; i++) buffer[at++] = source[i]!;
    else {
      buffer.set(source.subarray(from, to), at);
      at += to - from;
    }
    this.at = at;
  }

  text(value: string): void {
    const buffer = this.buffer;
    const start = this.at + 4;
    let at = start;
    // Most values are ASCII: a byte per character, without a call into the runtime.
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        at = start + buffer.write(value, start, 'utf8');
        break;
      }
      buffer[at++] = c;
    }
    this.int32At(this.at, at - start);
    this.at = at;
  }

  /** Bytes already encoded (a text value reused on many rows). */
  bytes(value: Uint8Array): void {
    this.int32(value.length);
    this.buffer.set(value, this.at);
    this.at += value.length;
  }

  int4(value: number): void {
    this.int32(4);
    this.int32(value);
  }

  /** An instant, exact to the millisecond. */
  timestamptz(epochMs: number): void {
    const micros = (epochMs - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_TO_32);
    this.int32(8);
    this.int32(high);
    this.int32(micros - high * TWO_TO_32);
  }

  /** A calendar day, as days since 1970-01-01. */
  date(epochDay: number): void {
    this.int32(4);
    this.int32(epochDay - POSTGRES_EPOCH_MS / 86_400_000);
  }

  /** An exact decimal, `units × 10^-scale` (lib/money Units). */
  numeric(units: Units, scale: number): void {
    if (typeof units !== 'number' || scale > 12) return this.numericText(formatUnits(units, scale), scale);
    // A safe integer: its base-10,000 digits by arithmetic, without writing it out as text.
    const magnitude = Math.abs(units);
    const fractionGroups = Math.ceil(scale / 4);
    const power = 10 ** scale;
    // The fraction, scaled to whole groups: 0.817 at scale 6 is 817000, as 81700000 → 8170 0000.
    let fraction = (magnitude % power) * 10 ** (4 * fractionGroups - scale);
    let whole = Math.floor(magnitude / power);
    let integerGroups = 1;
    for (let rest = whole; rest >= 10_000; rest = Math.floor(rest / 10_000)) integerGroups++;
    const digits = integerGroups + fractionGroups;
    this.numericHeader(digits, integerGroups, units < 0, scale);
    // Written from the last group back: the positions are known.
    const start = this.at;
    for (let group = digits - 1; group >= integerGroups; group--) {
      this.int16At(start + 2 * group, fraction % 10_000);
      fraction = Math.floor(fraction / 10_000);
    }
    for (let group = integerGroups - 1; group >= 0; group--) {
      this.int16At(start + 2 * group, whole % 10_000);
      whole = Math.floor(whole / 10_000);
    }
    this.at = start + 2 * digits;
  }

  /** A decimal written as lib/money formats one: an optional minus, digits, and `scale` decimals after a point. */
  private numericText(decimal: string, scale: number): void {
    const negative = decimal.charCodeAt(0) === 45; /* - */
    const start = negative ? 1 : 0;
    const point = scale > 0 ? decimal.length - scale - 1 : decimal.length;
    const integerGroups = Math.ceil((point - start) / 4);
    const fractionGroups = Math.ceil(scale / 4);
    this.numericHeader(integerGroups + fractionGroups, integerGroups, negative, scale);
    // Integer groups end at the point; the first may be short.
    for (let end = point - 4 * (integerGroups - 1), group = 0; group < integerGroups; group++, end += 4) {
      this.int16(digitsValue(decimal, Math.max(start, end - 4), end));
    }
    // Fraction groups start after the point; the last is padded with zeros on the right.
    for (let group = 0; group < fractionGroups; group++) {
      const from = point + 1 + 4 * group;
      const to = Math.min(decimal.length, from + 4);
      this.int16(digitsValue(decimal, from, to) * 10 ** (4 - (to - from)));
    }
  }

  /** A numeric's length and header: `digits` base-10,000 digits follow, the first `integerGroups` before the point. */
  private numericHeader(digits: number, integerGroups: number, negative: boolean, scale: number): void {
    this.int32(8 + 2 * digits);
    this.int16(digits);
    this.int16(integerGroups - 1);
    this.int16(negative ? 0x4000 : 0);
    this.int16(scale);
  }

  /** The pieces written, each whole rows, the last with the end-of-data marker. */
  finish(): Uint8Array<ArrayBuffer>[] {
    this.ensure(2);
    this.int16(-1);
    this.pieces.push(this.buffer.subarray(0, this.at));
    return this.pieces;
  }

  /** Room for `bytes` more in the current piece, or a new piece. */
  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    this.pieces.push(this.buffer.subarray(0, this.at));
    this.buffer = bytes <= PIECE_BYTES ? newPiece() : Buffer.allocUnsafe(bytes);
    this.at = 0;
  }

  private int16(value: number): void {
    this.int16At(this.at, value);
    this.at += 2;
  }

  private int16At(at: number, value: number): void {
    const buffer = this.buffer;
    buffer[at] = (value >>> 8) & 0xff;
    buffer[at + 1] = value & 0xff;
  }

  private int32(value: number): void {
    this.int32At(this.at, value);
    this.at += 4;
  }

  private int32At(at: number, value: number): void {
    const buffer = this.buffer;
    buffer[at] = (value >>> 24) & 0xff;
    buffer[at + 1] = (value >>> 16) & 0xff;
    buffer[at + 2] = (value >>> 8) & 0xff;
    buffer[at + 3] = value & 0xff;
  }
}

/** The most bytes `numeric(units, scale)` writes (its length field included). */
export function maxNumericBytes(units: Units, scale: number): number {
  // A safe integer has at most 16 digits; a bigint as many as it shows, and a sign.
  const digits = typeof units === 'number' ? 16 : String(units).length;
  return 4 + 8 + 2 * (Math.ceil(digits / 4) + Math.ceil(scale / 4) + 1);
}

/** The most bytes a text value takes (its length field included): 3 UTF-8 bytes per UTF-16 unit at most. */
export function maxTextBytes(value: string): number {
  return 4 + 3 * value.length;
}

function digitsValue(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}
