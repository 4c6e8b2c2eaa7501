/**
 * `POST /api/cdrs`: a softswitch pushes CDRs with `Authorization: Bearer <API key>`.
 * Body: CSV (`Content-Type: text/csv`; a header row naming the columns, or an Asterisk/FreeSWITCH
 * file, or `?preset=asterisk|freeswitch|softswitch`) or NDJSON (`application/x-ndjson`: one JSON
 * object per line, fields named as lib/cdr CDR_FIELDS). `?timezone=` names the zone of times
 * without an offset (UTC by default). The body is read as a stream, never whole.
 *
 * Answers 200 `{accepted, duplicates, badCount, badRows: [{line, reason}], usageRows}`; 401 for a
 * missing, unknown or revoked key; 400 for a body that is not CDRs at all; 415 for another type;
 * 409 when a customer was deleted while the request was stored, and 503 when a concurrent request
 * with some of the same CDRs deadlocked with it (send it again, in both cases).
 */
import { CDR_PRESETS, isTimeZone, type CdrPresetId } from '../../lib/cdr';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { authenticateApiKey } from './api-keys';
import { ingestCdrs, type IngestFormat } from './ingest';

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

async function* textChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield decoder.decode(value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    reader.releaseLock();
  }
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
  const timeZone = url.searchParams.get('timezone') ?? 'UTC';
  if (!isTimeZone(timeZone)) return refuse(400, `timezone ${JSON.stringify(timeZone)} is not an IANA timezone like Europe/London`);
  if (!req.body) return json(200, { accepted: 0, duplicates: 0, badCount: 0, badRows: [], usageRows: 0 });

  try {
    const result = await ingestCdrs(database, caller.tenantId, textChunks(req.body), {
      format,
      preset: preset as CdrPresetId | undefined,
      sourceTimeZone: timeZone,
    });
    return json(200, result);
  } catch (error) {
    if (error instanceof ServiceError) return refuse(error.code === 'NOT_FOUND' ? 404 : error.code === 'CONFLICT' ? 409 : 400, error.message);
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) return refuse(400, 'The body is not UTF-8 text');
    // Another request was writing some of the same CDRs in an order that deadlocked with this one;
    // Postgres undid this transaction, so sending the request again is safe (ingest.ts).
    if ((error as { code?: unknown }).code === DEADLOCK_DETECTED) {
      return refuse(503, 'Another request was storing some of the same CDRs at the same moment; send this request again', { 'retry-after': '1' });
    }
    throw error;
  }
}
