/**
 * The CDRs of one import group as columns: a few bytes per CDR in typed arrays, never an object or
 * a retained string per CDR (a key sliced from a chunk of the file would keep the whole chunk alive).
 * The worker fills them; they cross to the page by transfer (no copy); the commit reads them back
 * to write importCdrs mutations.
 */
import { formatUnits, type Units } from '@/lib/money';

/** What crosses postMessage: plain arrays of `count` entries each (keyEnd: end of each key in keyBytes). */
export interface CompactCdrs {
  count: number;
  /** Index of the CDR's cell in its group's `cells`. */
  cell: Uint32Array;
  seconds: Uint32Array;
  billedSeconds: Uint32Array;
  /** Millionths; NaN where the charge is past 2^53 millionths and kept in `bigCharges` instead. */
  charge: Float64Array;
  bigCharges: Map<number, bigint>;
  keyEnd: Uint32Array;
  /** Keys in UTF-8, one after the other. */
  keyBytes: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function grownUint32(array: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(length);
  next.set(array);
  return next;
}

export class CompactCdrsBuilder {
  private count = 0;
  private cell = new Uint32Array(16);
  private seconds = new Uint32Array(16);
  private billedSeconds = new Uint32Array(16);
  private charge = new Float64Array(16);
  private readonly bigCharges = new Map<number, bigint>();
  private keyEnd = new Uint32Array(16);
  private keyBytes = new Uint8Array(256);
  private keyLength = 0;

  push(cell: number, key: string, seconds: number, billedSeconds: number, charge: Units): void {
    const i = this.count++;
    if (i === this.cell.length) {
      const length = i * 2;
      this.cell = grownUint32(this.cell, length);
      this.seconds = grownUint32(this.seconds, length);
      this.billedSeconds = grownUint32(this.billedSeconds, length);
      this.keyEnd = grownUint32(this.keyEnd, length);
      const charge = new Float64Array(length);
      charge.set(this.charge);
      this.charge = charge;
    }
    this.cell[i] = cell;
    this.seconds[i] = seconds;
    this.billedSeconds[i] = billedSeconds;
    if (typeof charge === 'bigint') {
      this.charge[i] = NaN;
      this.bigCharges.set(i, charge);
    } else {
      this.charge[i] = charge;
    }
    // A UTF-8 character is at most 3 bytes per UTF-16 unit.
    if (this.keyLength + key.length * 3 > this.keyBytes.length) {
      const bytes = new Uint8Array(Math.max(this.keyBytes.length * 2, this.keyLength + key.length * 3));
      bytes.set(this.keyBytes);
      this.keyBytes = bytes;
    }
    let at = this.keyLength;
    let ascii = true;
    for (let k = 0; k < key.length; k++) {
      const c = key.charCodeAt(k);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      this.keyBytes[at++] = c;
    }
    if (!ascii) at = this.keyLength + encoder.encodeInto(key, this.keyBytes.subarray(this.keyLength)).written;
    this.keyLength = at;
    this.keyEnd[i] = at;
  }

  /** The columns at their exact length (copies, so the spare capacity is freed). */
  finish(): CompactCdrs {
    const n = this.count;
    return {
      count: n,
      cell: this.cell.slice(0, n),
      seconds: this.seconds.slice(0, n),
      billedSeconds: this.billedSeconds.slice(0, n),
      charge: this.charge.slice(0, n),
      bigCharges: this.bigCharges,
      keyEnd: this.keyEnd.slice(0, n),
      keyBytes: this.keyBytes.slice(0, this.keyLength),
    };
  }
}

export function cdrKeyAt(cdrs: CompactCdrs, i: number): string {
  return decoder.decode(cdrs.keyBytes.subarray(i === 0 ? 0 : cdrs.keyEnd[i - 1]!, cdrs.keyEnd[i]!));
}

/** Bytes of the CDR's key in UTF-8. */
export function cdrKeyBytes(cdrs: CompactCdrs, i: number): number {
  return cdrs.keyEnd[i]! - (i === 0 ? 0 : cdrs.keyEnd[i - 1]!);
}

/** The charge as 6-decimal text. */
export function cdrChargeAt(cdrs: CompactCdrs, i: number): string {
  const charge = cdrs.charge[i]!;
  return formatUnits(Number.isNaN(charge) ? cdrs.bigCharges.get(i)! : charge, 6);
}

/** The buffers to transfer with a postMessage. */
export function transferablesOf(cdrs: CompactCdrs): ArrayBuffer[] {
  return [cdrs.cell, cdrs.seconds, cdrs.billedSeconds, cdrs.charge, cdrs.keyEnd, cdrs.keyBytes].map((a) => a.buffer as ArrayBuffer);
}
