/**
 * tRPC set-up in three parts: the context each request gets, the tRPC instance, and the procedures
 * routers build on.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { MEMBERSHIP_ENDED } from '../lib/protocol';
import { findSession, sessionEndedByRemoval, type SessionInfo } from './auth/accounts';
import { sessionTokenFrom, setSessionCookie } from './auth/cookies';
import type { Database } from './db';
import { MembershipEndedError, ServiceError } from './errors';

// 1. Context ---------------------------------------------------------------------------------
export interface RequestInfo {
  /** The request's headers (cookie, origin, host, x-forwarded-for). */
  headers: Headers;
  /** Headers added to the response (Set-Cookie). */
  resHeaders: Headers;
  /** Served over https: cookies get `Secure`. */
  secure: boolean;
}

export interface Context extends RequestInfo {
  database: Database;
}

export function createContext(database: Database, request: Partial<RequestInfo> = {}): Context {
  return {
    database,
    headers: request.headers ?? new Headers(),
    resHeaders: request.resHeaders ?? new Headers(),
    secure: request.secure ?? false,
  };
}

/** Whether a request reached us over https, directly or through a proxy that says so. */
export function isSecureRequest(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

// 2. Initialisation --------------------------------------------------------------------------
const t = initTRPC.context<Context>().create({
  // Poke subscriptions are long-lived SSE responses: a ping every 25 s keeps proxies from closing
  // them, and a client that hears nothing for 40 s reconnects.
  sse: { ping: { enabled: true, intervalMs: 25_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter({ shape, error }) {
    // Name the offending field: "customers.0.name: is required" reaches the client as data.issues.
    const issues =
      error.cause instanceof ZodError
        ? error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        : undefined;
    // The device wipes a company account's data when told its user was removed from it.
    const sessionEnded = error.cause instanceof MembershipEndedError ? MEMBERSHIP_ENDED : undefined;
    // A fault's message and stack can quote a failed query and its parameters (emails, hashes):
    // they stay on the server.
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message: 'The server failed; nothing was saved, try again', data: { ...data, issues } };
    }
    return { ...shape, data: { ...shape.data, issues, sessionEnded } };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

// 3. Procedures ------------------------------------------------------------------------------

/** Server functions refuse with ServiceError (no tRPC in them); the caller sees the same code. */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message });
  }
  return result;
});

/**
 * CSRF: a browser always sends Origin on a cross-site POST (every tRPC mutation is a POST), and a
 * page on another site cannot forge it. A present Origin must name the host this request reached.
 */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  const origin = ctx.headers.get('origin');
  if (type === 'mutation' && origin !== null) {
    const host = ctx.headers.get('x-forwarded-host') ?? ctx.headers.get('host');
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (!host || originHost !== host) throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-site request refused' });
  }
  return next();
});

export const publicProcedure = t.procedure.use(serviceErrors).use(sameOriginMutations);

/**
 * The session the request's cookie opens (its cookie set again when the expiry moved), or
 * undefined when there is none: no cookie, or one unknown, expired, signed out or ended by a removal.
 */
export async function sessionOfRequest(ctx: Context): Promise<SessionInfo | undefined> {
  const token = sessionTokenFrom(ctx.headers);
  const found = token ? await findSession(ctx.database, token) : undefined;
  if (!token || !found) return undefined;
  if (found.renewed) setSessionCookie(ctx.resHeaders, token, ctx.secure);
  return found.info;
}

/**
 * A signed-in caller. The context becomes `{user, tenantId, role, database}` from the session
 * cookie only: no procedure takes a tenant from its input.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const info = await sessionOfRequest(ctx);
  if (!info) {
    const token = sessionTokenFrom(ctx.headers);
    if (token && (await sessionEndedByRemoval(ctx.database, token))) {
      const cause = new MembershipEndedError();
      throw new TRPCError({ code: 'UNAUTHORIZED', message: cause.message, cause });
    }
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in again: the session is missing, expired or ended' });
  }
  return next({
    ctx: {
      database: ctx.database,
      resHeaders: ctx.resHeaders,
      secure: ctx.secure,
      user: info.user,
      tenantId: info.tenantId,
      tenantName: info.tenantName,
      role: info.role,
      sessionTokenHash: info.tokenHash,
    },
  });
});

/** Owners only: My Account, invites, removing people. */
export const ownerProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.role !== 'owner') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an owner of the company account can do this' });
  return next();
});
