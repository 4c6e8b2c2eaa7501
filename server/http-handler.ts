/**
 * The tRPC endpoint over fetch Request/Response (the Next route handler calls this). Bodies above
 * MAX_BODY_BYTES are refused with 413 before any parsing: a push is at most PUSH_BATCH_MAX
 * mutations, and the device splits batches to stay under the limit. tRPC batching (several calls
 * in one request) is refused.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Database } from './db';
import { appRouter } from './root';
import { createContext, isSecureRequest } from './trpc';

export const TRPC_ENDPOINT = '/api/trpc';
/** 8 MiB. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

function tooLarge(): Response {
  return Response.json(
    { error: { message: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; push fewer mutations at a time`, code: 'PAYLOAD_TOO_LARGE' } },
    { status: 413 },
  );
}

/** Reads at most `max` bytes of the body; undefined when it is longer. */
async function boundedBody(req: Request, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function handleTrpcRequest(req: Request, database: Database): Promise<Response> {
  let request = req;
  if (req.method === 'POST') {
    const declared = Number(req.headers.get('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) return tooLarge();
    // Content-Length may be absent (chunked), so count what actually arrives too.
    const body = await boundedBody(req, MAX_BODY_BYTES);
    if (!body) return tooLarge();
    request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: request,
    router: appRouter,
    // The app sends one call per request (app/_local/api.ts): a batch would let one request carry
    // any number of sign-in guesses, each a 32 MiB password hash.
    allowBatching: false,
    // Every answer is the company's data or the user's session: never kept in the browser's HTTP
    // cache, where it would outlive signing out (the device's database is deleted then, the cache
    // was not: 9.6 MB of pulls, contacts included, stayed readable on a shared computer).
    responseMeta: () => ({ headers: new Headers({ 'cache-control': 'no-store' }) }),
    createContext: ({ resHeaders }) =>
      createContext(database, { headers: request.headers, resHeaders, secure: isSecureRequest(request) }),
    // Expected refusals (bad input, no session, conflicts) are the caller's to read; a failure of
    // ours is logged with its stack, or an operator would see a 500 and nothing else.
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tollbook: ${path ?? 'request'} failed:`, error.cause ?? error);
    },
  });
}
