/**
 * `POST /api/cdrs`: a softswitch pushes CDRs with `Authorization: Bearer <API key>`.
 * Body: CSV (`Content-Type: text/csv`; a header row naming the columns, or an Asterisk/FreeSWITCH
 * file, or `?preset=asterisk|freeswitch|softswitch`; cells separated by commas, or by semicolons
 * or tabs with decimal commas allowed, as the first line reads or as `?delimiter=comma|semicolon|tab`
 * says) or NDJSON (`application/x-ndjson`: one JSON
 * object per line, fields named as lib/cdr CDR_FIELDS). `?timezone=` names the zone of times
 * without an offset (UTC by default). The body is read as a stream, never whole.
 *
 * In a CSV with a header row, each row must have as many cells as the header: a row with more or
 * fewer (a call id cut off, say) is a bad row, "has 8 cells, the header has 9", as in the browser
 * import. A blank line (the empty line a file ends with, say) is no row; a quoted cell may hold the
 * delimiter ("London, City" is one cell).
 *
 * Answers 200 `{accepted, duplicates, badCount, badRows: [{line, reason}], usageRows}`, plus
 * `currencyAssumed: [{customerId, customer, currency, cdrs}]` and `note` when CDRs named no
 * currency (no currency column or NDJSON field, or an empty cell): their charges were taken in each
 * customer's own currency, which `currencyAssumed` lists per customer (its name, that currency and
 * how many of the request's CDRs, new or duplicates) and `note` says in a sentence (the browser
 * import asks the clerk instead). Send the currency to have a CDR in another currency refused as
 * a bad row rather than billed as the customer's.
 *
 * Otherwise 401 for a missing, unknown or revoked key; 400 `{error: {message}}` for a body that is not CDRs at all
 * (nothing was stored: the first line is not a header or a known CDR, NDJSON sent as text/csv);
 * 415 for another type; 409 when a customer was deleted while the request was stored, and 503 when
 * a concurrent request with some of the same CDRs deadlocked with it (send it again, in both cases).
 *
 * Bad input that the rest of the body cannot be read past (bytes that are not UTF-8, a line over
 * 1,000,000 characters) stops the reading there, not the request: what came before is stored as in
 * a whole request, and the answer is a 400 `{error: {message, line, byte?}, accepted, duplicates,
 * badCount, badRows, usageRows, currencyAssumed?, note?}` with the counts of what was stored. Sending the whole body again
 * is safe: stored CDRs come back as duplicates.
 */
import { isUtf8 } from 'node:buffer';
import { CDR_PRESETS, CSV_DELIMITER_NAMES, CSV_DELIMITERS, csvDelimiterNamed, isTimeZone, type CdrPresetId } from '../../lib/cdr';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { authenticateApiKey } from './api-keys';
import { BodyNotUtf8Error, ingestCdrs, type IngestFormat, type IngestResult, type IngestStop } from './ingest';

const DEADLOCK_DETECTED = '40P01';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

const refuse = (status: number, message: string, headers: Record<string, string> = {}) => json(status, { error: { message } }, headers);

function formatOf(contentType: string | null): IngestFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl' || type === 'application/json-lines') return 'ndjson';
  return undefined;
}

/**
 * The body's bytes, checked as UTF-8 as they arrive: each chunk given ends on a whole character
 * (the bytes of one cut off are given with the next). At the first bytes that are not UTF-8, the
 * bytes before them are given and BodyNotUtf8Error names their offset, so the lines before them
 * are still read. Ingest reads CSV from bytes, and NDJSON decodes them.
 */
async function* utf8Chunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  // Bytes before `value`, and the bytes of the last chunk that end it in the middle of a character.
  let offset = 0;
  let tail: Uint8Array = new Uint8Array(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = concat(tail, value);
      const start = offset - tail.length;
      offset += value.length;
      const whole = bytes.length - unfinishedCharacterBytes(bytes);
      if (!isUtf8(bytes.subarray(0, whole))) {
        yield* untilInvalidBytes(bytes, start);
        return;
      }
      // Kept as a copy: the chunk it is cut from is given on.
      tail = bytes.slice(whole);
      if (whole > 0) yield bytes.subarray(0, whole);
    }
    // The body ends in the middle of a character.
    if (tail.length > 0) throw new BodyNotUtf8Error(offset - tail.length);
  } finally {
    reader.releaseLock();
  }
}

/** The bytes before the first that are not UTF-8 in `bytes` (which start at `offset` in the body), then BodyNotUtf8Error. */
function* untilInvalidBytes(bytes: Uint8Array, offset: number): Generator<Uint8Array> {
  const invalid = firstInvalidUtf8(bytes, false);
  if (invalid > 0) yield bytes.subarray(0, invalid);
  throw new BodyNotUtf8Error(offset + Math.max(invalid, 0));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/** How many bytes at the end of `bytes` begin a character that the next chunk would finish (0–3). */
function unfinishedCharacterBytes(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) return back < sequenceLength(b) ? back : 0;
  }
  return 0;
}

/** Bytes of the UTF-8 sequence a lead byte starts; 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Index of the first byte that is not UTF-8 (the WHATWG decoder's rules: no overlong forms, no
 * surrogates, nothing past U+10FFFF); a character cut off by the end counts only when `final`. −1 if none.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = sequenceLength(lead);
    if (length === 1) {
      i++;
      continue;
    }
    if (length === 0) return i;
    // The second byte's range narrows after E0, ED, F0 and F4.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const b = bytes[i + k]!;
      if (k === 1 ? b < low || b > high : b < 0x80 || b > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

/** Where reading stopped, what was stored before it, and what to send again. */
function stoppedMessage(stop: IngestStop, stored: Omit<IngestResult, 'stopped'>): string {
  const before = stop.line === 1 ? 'Nothing before it was read.' : `Lines 1 to ${stop.line - 1} were read: ${stored.accepted} CDRs stored, ${stored.duplicates} duplicates (stored before), ${stored.badCount} bad lines (listed in badRows).`;
  return (
    `${stop.reason} Reading stopped there: nothing from line ${stop.line} on was read or stored. ${before} ` +
    `Fix line ${stop.line} and send the whole body again (CDRs already stored count as duplicates), or only the lines from line ${stop.line} on (after the header line, if the CSV has one).`
  );
}

export async function handleCdrIngest(req: Request, database: Database): Promise<Response> {
  const authorization = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  const caller = match ? await authenticateApiKey(database, match[1]!) : undefined;
  if (!caller) return refuse(401, 'A valid API key is required: Authorization: Bearer <key> (an owner creates one in the app under Usage, CDR API keys: /usage/api-keys)', { 'www-authenticate': 'Bearer' });

  const format = formatOf(req.headers.get('content-type'));
  if (!format) return refuse(415, 'Send text/csv or application/x-ndjson');
  const url = new URL(req.url);
  const preset = url.searchParams.get('preset') ?? undefined;
  if (preset !== undefined && !CDR_PRESETS.some((p) => p.id === preset)) {
    return refuse(400, `preset must be one of ${CDR_PRESETS.map((p) => p.id).join(', ')}`);
  }
  const delimiterParam = url.searchParams.get('delimiter');
  // By name, or the character itself (?delimiter=%3B).
  const delimiter = delimiterParam === null ? undefined : (csvDelimiterNamed(delimiterParam) ?? CSV_DELIMITERS.find((d) => d === delimiterParam));
  if (delimiterParam !== null && delimiter === undefined) {
    return refuse(400, `delimiter must be one of ${CSV_DELIMITERS.map((d) => CSV_DELIMITER_NAMES[d]).join(', ')}`);
  }
  const timeZone = url.searchParams.get('timezone') ?? 'UTC';
  if (!isTimeZone(timeZone)) return refuse(400, `timezone ${JSON.stringify(timeZone)} is not an IANA timezone like Europe/London`);
  if (!req.body) return json(200, { accepted: 0, duplicates: 0, badCount: 0, badRows: [], usageRows: 0 });

  try {
    const result = await ingestCdrs(database, caller.tenantId, utf8Chunks(req.body), {
      format,
      preset: preset as CdrPresetId | undefined,
      delimiter,
      sourceTimeZone: timeZone,
    });
    const { stopped, ...stored } = result;
    if (stopped) return json(400, { error: { message: stoppedMessage(stopped, stored), line: stopped.line, ...(stopped.byte === undefined ? {} : { byte: stopped.byte }) }, ...stored });
    return json(200, stored);
  } catch (error) {
    if (error instanceof ServiceError) return refuse(error.code === 'NOT_FOUND' ? 404 : error.code === 'CONFLICT' ? 409 : 400, error.message);
    // Another request was writing some of the same CDRs in an order that deadlocked with this one;
    // Postgres undid this transaction, so sending the request again is safe (ingest.ts).
    if ((error as { code?: unknown }).code === DEADLOCK_DETECTED) {
      return refuse(503, 'Another request was storing some of the same CDRs at the same moment; send this request again', { 'retry-after': '1' });
    }
    throw error;
  }
}
