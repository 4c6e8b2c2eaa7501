/**
 * Test helpers: callers that carry a session cookie, as a browser would, through the real
 * procedures (no mocks of our code).
 */
import { randomUUID } from 'node:crypto';
import { SESSION_COOKIE } from './auth/cookies';
import type { Database } from './db';
import { createCaller } from './root';
import { numbered, pullOf, pushOf } from './sync/test-mutations';
import { createContext } from './trpc';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The cookie value a response's Set-Cookie headers set (empty string when cleared). */
export function sessionCookieFrom(resHeaders: Headers): string | undefined {
  for (const header of resHeaders.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(header);
    if (match) return match[1];
  }
  return undefined;
}

export interface TestCaller {
  caller: ReturnType<typeof createCaller>;
  resHeaders: Headers;
}

/**
 * A caller whose requests carry `token` (or no cookie) and any other headers given; `signal` ends
 * its subscriptions, as a closed SSE connection does.
 */
export function callerWith(database: Database, token?: string, headers: Record<string, string> = {}, signal?: AbortSignal): TestCaller {
  const resHeaders = new Headers();
  const all = new Headers(headers);
  if (token !== undefined) all.set('cookie', `${SESSION_COOKIE}=${token}`);
  return { caller: createCaller(createContext(database, { headers: all, resHeaders }), signal ? { signal } : {}), resHeaders };
}

export interface SignedIn {
  token: string;
  caller: ReturnType<typeof createCaller>;
  userId: string;
  tenantId: string;
  email: string;
}

export async function signUpOwner(database: Database, companyName = 'Acme Telecom'): Promise<SignedIn> {
  const email = `owner-${randomUUID()}@example.com`;
  const { caller, resHeaders } = callerWith(database);
  const me = await caller.auth.signUp({ email, password: TEST_PASSWORD, name: 'Owner', companyName });
  const token = sessionCookieFrom(resHeaders);
  if (!token) throw new Error('signUp set no session cookie');
  return { token, caller: callerWith(database, token).caller, userId: me.user.id, tenantId: me.tenant.id, email };
}

/** Invites a member into the owner's tenant and signs them in through the invite. */
export async function addMember(database: Database, owner: SignedIn): Promise<SignedIn> {
  const email = `member-${randomUUID()}@example.com`;
  const invite = await owner.caller.auth.createInvite({ email });
  const { caller, resHeaders } = callerWith(database);
  const me = await caller.auth.acceptInvite({ token: invite.token, password: TEST_PASSWORD, name: 'Member' });
  const token = sessionCookieFrom(resHeaders);
  if (!token) throw new Error('acceptInvite set no session cookie');
  return { token, caller: callerWith(database, token).caller, userId: me.user.id, tenantId: me.tenant.id, email };
}

/** A device of `signedIn`: pushes mutations numbered on from the last, returning each one's status or refusal. */
export function deviceOf(signedIn: SignedIn) {
  const clientId = randomUUID();
  let nextId = 1;
  return async (...mutations: { name: string; args: unknown }[]): Promise<string[]> => {
    const { results } = await signedIn.caller.sync.push(pushOf(clientId, numbered(nextId, mutations)));
    nextId += mutations.length;
    return results.map((r) => (r.status === 'rejected' ? `rejected: ${r.error}` : r.status));
  };
}

/** Every row a new device of `signedIn` pulls, by `entity/id` (`invoices/…`, `account/account`). */
export async function pulledRows(signedIn: SignedIn): Promise<Map<string, Record<string, unknown>>> {
  const rows = new Map<string, Record<string, unknown>>();
  let request = pullOf(randomUUID(), 0);
  for (;;) {
    const page = await signedIn.caller.sync.pull(request);
    for (const change of page.changes) if (change.row) rows.set(`${change.entity}/${change.id}`, change.row as Record<string, unknown>);
    if (!page.more) return rows;
    request = pullOf(request.clientId, page.cursor, { snapshot: page.snapshot });
  }
}
