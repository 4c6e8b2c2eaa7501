import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, count, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBERSHIP_ENDED } from '../../lib/protocol';
import { hashToken } from '../auth/tokens';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from '../auth/accounts';
import { handleTrpcRequest } from '../http-handler';
import { createCaller } from '../root';
import { clients, customerRows, invites, memberships, sessions, signInAttempts } from '../schema';
import { customer, numbered, pullOf, pushOf } from '../sync/test-mutations';
import { createContext } from '../trpc';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { addMember, callerWith, sessionCookieFrom, signUpOwner, TEST_PASSWORD, type SignedIn } from '../test-sessions';

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return 'OK';
}

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected a TRPCError');
}

describe.each(TEST_DATABASE_KINDS)('auth on %s', (kind) => {
  let database: TestDatabase;
  let owner: SignedIn;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    owner = await signUpOwner(database, 'Acme Telecom');
  });
  afterAll(async () => {
    await database.close();
  });

  /** Rows of every table a refused call could have written to. */
  async function tableCounts() {
    const n = async (table: PgTable) => (await database.db.select({ n: count() }).from(table))[0]?.n;
    return { invites: await n(invites), clients: await n(clients), memberships: await n(memberships), customers: await n(customerRows), sessions: await n(sessions) };
  }

  it('signs up: tenant, owner, My Account row with the company name, and an httpOnly Lax session cookie', async () => {
    const { caller, resHeaders } = callerWith(database);
    const email = `New-${randomUUID()}@Example.com`;
    const me = await caller.auth.signUp({ email, password: TEST_PASSWORD, companyName: 'Voip Wholesale Ltd' });
    expect(me.role).toBe('owner');
    expect(me.user.email).toBe(email.toLowerCase());
    const [setCookie] = resHeaders.getSetCookie();
    expect(setCookie).toMatch(/^tollbook_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/);
    const token = sessionCookieFrom(resHeaders)!;
    // Only the SHA-256 of the token is stored.
    const stored = await database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    expect(stored).toHaveLength(1);
    const rows = await database.db.execute(sql`select count(*)::int as n from sessions where token_hash = ${token}`);
    expect(JSON.stringify(rows)).toContain('"n":0');

    const signedIn = callerWith(database, token).caller;
    expect((await signedIn.auth.me())?.tenant).toEqual({ id: me.tenant.id, name: 'Voip Wholesale Ltd' });
    const pull = await signedIn.sync.pull(pullOf(randomUUID(), 0));
    expect(pull.changes).toEqual([expect.objectContaining({ entity: 'account', id: 'account', row: expect.objectContaining({ companyName: 'Voip Wholesale Ltd', nextNumber: 1 }) })]);

    // The same email again, in any case, is refused.
    expect(await trpcCode(callerWith(database).caller.auth.signUp({ email: email.toUpperCase(), password: TEST_PASSWORD, companyName: 'Other' }))).toBe('CONFLICT');
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const resHeaders = new Headers();
    const caller = createCaller(createContext(database, { resHeaders, secure: true }));
    await caller.auth.signUp({ email: `s-${randomUUID()}@example.com`, password: TEST_PASSWORD, companyName: 'Secure Ltd' });
    expect(resHeaders.getSetCookie()[0]).toMatch(/; Secure$/);
  });

  it('signs in with the right password only, and signs out for good', async () => {
    expect(await trpcCode(callerWith(database).caller.auth.signIn({ email: owner.email, password: 'wrong password!' }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(callerWith(database).caller.auth.signIn({ email: `nobody-${randomUUID()}@example.com`, password: TEST_PASSWORD }))).toBe('UNAUTHORIZED');
    const { caller, resHeaders } = callerWith(database);
    const me = await caller.auth.signIn({ email: owner.email.toUpperCase(), password: TEST_PASSWORD });
    expect(me.tenant.id).toBe(owner.tenantId);
    const token = sessionCookieFrom(resHeaders)!;
    expect((await callerWith(database, token).caller.auth.me())?.user.id).toBe(owner.userId);

    const out = callerWith(database, token);
    await out.caller.auth.signOut();
    expect(out.resHeaders.getSetCookie()[0]).toMatch(/^tollbook_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
    // The browser is signed in no more: asked who it is, the server answers no one (not an error).
    expect(await callerWith(database, token).caller.auth.me()).toBeNull();
    // The owner's other session is untouched.
    expect((await owner.caller.auth.me())?.role).toBe('owner');
  });

  it('renews a session half way to its expiry on auth.me as on any signed-in call: a fresh load keeps the browser signed in', async () => {
    const user = await signUpOwner(database, 'Renewed Ltd');
    const inTenDays = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000);
    await database.db.update(sessions).set({ expiresAt: inTenDays }).where(eq(sessions.tokenHash, hashToken(user.token)));
    const { caller, resHeaders } = callerWith(database, user.token);
    expect((await caller.auth.me())?.tenant.name).toBe('Renewed Ltd');
    expect(sessionCookieFrom(resHeaders)).toBe(user.token);
    const [stored] = await database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(user.token)));
    expect(stored!.expiresAt.getTime()).toBeGreaterThan(inTenDays.getTime());
    // A session far from its expiry is not set again.
    const again = callerWith(database, user.token);
    await again.caller.auth.me();
    expect(again.resHeaders.getSetCookie()).toEqual([]);
  });

  it('deletes a user’s expired sessions when they sign in again', async () => {
    const user = await signUpOwner(database, 'Pruned Ltd');
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.tokenHash, hashToken(user.token)));
    await callerWith(database).caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    expect(await database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(user.token)))).toEqual([]);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.userId))).toHaveLength(1);
  });

  it('refuses every protected procedure without a session, with a forged or an expired cookie, changing nothing; auth.me answers no one', async () => {
    const expired = await signUpOwner(database, 'Expired Ltd');
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.tokenHash, hashToken(expired.token)));
    const anonymous = [undefined, 'forged-token-forged-token-forged-token-abc', 'not a token;', expired.token];
    const before = await tableCounts();
    for (const token of anonymous) {
      const { caller, resHeaders } = callerWith(database, token);
      // Signed out is a state the app asks about on every fresh load: an answer, not a refusal.
      expect(await caller.auth.me()).toBeNull();
      expect(resHeaders.getSetCookie()).toEqual([]);
      const calls: Record<string, () => Promise<unknown>> = {
        'auth.listMembers': () => caller.auth.listMembers(),
        'auth.createInvite': () => caller.auth.createInvite({ email: 'x@example.com' }),
        'auth.removeMember': () => caller.auth.removeMember({ userId: owner.userId }),
        'sync.push': () => caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }]))),
        'sync.pull': () => caller.sync.pull(pullOf(randomUUID(), 0)),
        'sync.poke': () => caller.sync.poke(),
      };
      for (const [name, call] of Object.entries(calls)) {
        expect(`${name} ${await trpcCode(call())}`).toBe(`${name} UNAUTHORIZED`);
      }
    }
    expect(await tableCounts()).toEqual(before);
    // signOut without a session only clears the cookie.
    const out = callerWith(database);
    expect(await out.caller.auth.signOut()).toEqual({ ok: true });
    expect(await tableCounts()).toEqual(before);
  });

  it('lets only owners invite and remove; a member cannot change My Account', async () => {
    const member = await addMember(database, owner);
    expect(member.tenantId).toBe(owner.tenantId);
    expect((await member.caller.auth.me())?.role).toBe('member');
    expect((await owner.caller.auth.listMembers()).map((m) => m.role)).toEqual(['owner', 'member']);
    expect(await trpcCode(member.caller.auth.createInvite({ email: 'y@example.com' }))).toBe('FORBIDDEN');
    expect(await trpcCode(member.caller.auth.removeMember({ userId: owner.userId }))).toBe('FORBIDDEN');
    const clientId = randomUUID();
    const push = await member.caller.sync.push(pushOf(clientId, numbered(1, [{ name: 'saveAccount', args: { companyName: 'Hijacked' } }])));
    expect(push.results).toEqual([{ id: 1, status: 'rejected', error: 'Only an owner of the company account can change My Account' }]);
    const pull = await member.caller.sync.pull(pullOf(clientId, 0));
    expect(pull.changes.find((c) => c.entity === 'account')?.row).toMatchObject({ companyName: 'Acme Telecom' });
    expect(pull.rejections).toEqual([{ mutationId: 1, name: 'saveAccount', error: 'Only an owner of the company account can change My Account' }]);
  });

  it('ends a removed member’s sessions at once, and cannot remove people of another tenant', async () => {
    const member = await addMember(database, owner);
    const clientId = randomUUID();
    await member.caller.sync.push(pushOf(clientId, numbered(1, [{ name: 'createCustomer', args: customer() }])));
    const other = await signUpOwner(database, 'Other Carrier');
    expect(await trpcCode(other.caller.auth.removeMember({ userId: member.userId }))).toBe('NOT_FOUND');
    expect(await trpcCode(owner.caller.auth.removeMember({ userId: owner.userId }))).toBe('BAD_REQUEST');
    expect(await owner.caller.auth.removeMember({ userId: member.userId })).toEqual({ ok: true });
    expect(await member.caller.auth.me()).toBeNull();
    expect(await trpcCode(member.caller.sync.push(pushOf(clientId, numbered(2, [{ name: 'createCustomer', args: customer() }]))))).toBe('UNAUTHORIZED');
    expect(await trpcCode(member.caller.sync.pull(pullOf(clientId, 0)))).toBe('UNAUTHORIZED');
    // Signing in again finds no membership, and says so.
    const refused = await trpcError(callerWith(database).caller.auth.signIn({ email: member.email, password: TEST_PASSWORD }));
    expect([refused.code, refused.message]).toEqual([
      'FORBIDDEN',
      'This account is not a member of any company account (an owner removed it): ask an owner for a new invite, or create a company account',
    ]);
    const again = await trpcError(callerWith(database).caller.auth.signIn({ email: member.email, password: TEST_PASSWORD, tenantId: owner.tenantId }));
    expect(again.message).toBe('This account is no longer a member of this company account: ask its owner for a new invite');
  });

  it('answers every call with Cache-Control: no-store, so no company data outlives signing out in the browser cache', async () => {
    const headers = { cookie: `tollbook_session=${owner.token}` };
    const pull = await handleTrpcRequest(new Request(`http://tollbook.test/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(pullOf(randomUUID(), 0)))}`, { headers }), database);
    expect(pull.status).toBe(200);
    expect(pull.headers.get('cache-control')).toBe('no-store');
    const me = await handleTrpcRequest(new Request('http://tollbook.test/api/trpc/auth.me', { headers }), database);
    expect(me.headers.get('cache-control')).toBe('no-store');
    // Signed out, auth.me answers 200 with no one (a browser logs no error for it), and refusals are not cached either.
    const anonymous = await handleTrpcRequest(new Request('http://tollbook.test/api/trpc/auth.me'), database);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ result: { data: null } });
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const refused = await handleTrpcRequest(new Request(`http://tollbook.test/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(pullOf(randomUUID(), 0)))}`), database);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('tells a removed member’s device the membership ended (not just the session); an old session stays ended if they rejoin, as a plain sign-out', async () => {
    /** What a device's syncer receives for a pull with this session cookie (over HTTP, as the app calls). */
    const refusal = async (token: string) => {
      const url = `http://tollbook.test/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(pullOf(randomUUID(), 0)))}`;
      const response = await handleTrpcRequest(new Request(url, { headers: { cookie: `tollbook_session=${token}` } }), database);
      return ((await response.json()) as { error: { data: { code: string; sessionEnded?: string } } }).error.data;
    };
    const member = await addMember(database, owner);
    await owner.caller.auth.removeMember({ userId: member.userId });
    expect(await refusal(member.token)).toMatchObject({ code: 'UNAUTHORIZED', sessionEnded: MEMBERSHIP_ENDED });

    // A session that ended otherwise (signed out, expired, unknown) says nothing more: sign in again.
    const signedOut = await signUpOwner(database, 'Signed Out Ltd');
    await signedOut.caller.auth.signOut();
    const expired = await signUpOwner(database, 'Expired Ltd');
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.tokenHash, hashToken(expired.token)));
    for (const token of [signedOut.token, expired.token, 'x'.repeat(43)]) {
      const data = await refusal(token);
      expect(data.code).toBe('UNAUTHORIZED');
      expect(data.sessionEnded).toBeUndefined();
    }

    // Invited back, the member signs in anew; the session the removal ended does not come back, but
    // the device is no longer told the membership ended (it signs in again and keeps its changes).
    const again = await owner.caller.auth.createInvite({ email: member.email });
    await callerWith(database).caller.auth.acceptInvite({ token: again.token, password: TEST_PASSWORD });
    const afterRejoining = await refusal(member.token);
    expect(afterRejoining.code).toBe('UNAUTHORIZED');
    expect(afterRejoining.sessionEnded).toBeUndefined();
  });

  it('uses an invite once, and never lets it set an existing user’s password', async () => {
    const invite = await owner.caller.auth.createInvite({ email: `x-${randomUUID()}@example.com` });
    expect(invite.path).toBe(`/join?token=${invite.token}`);
    const stored = await database.db.select().from(invites).where(eq(invites.tokenHash, hashToken(invite.token)));
    expect(stored).toHaveLength(1);
    await callerWith(database).caller.auth.acceptInvite({ token: invite.token, password: TEST_PASSWORD });
    expect(await trpcCode(callerWith(database).caller.auth.acceptInvite({ token: invite.token, password: TEST_PASSWORD }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerWith(database).caller.auth.acceptInvite({ token: 'x'.repeat(43), password: TEST_PASSWORD }))).toBe('NOT_FOUND');

    // The owner of another tenant invites this owner's email: accepting needs the existing password.
    const other = await signUpOwner(database, 'Inviting Carrier');
    const crossInvite = await other.caller.auth.createInvite({ email: owner.email });
    // The join page asks for it (and not for a new one), naming the company and the email.
    const newcomer = await other.caller.auth.createInvite({ email: `new-${randomUUID()}@example.com` });
    expect(await callerWith(database).caller.auth.inviteInfo({ token: crossInvite.token })).toEqual({ companyName: 'Inviting Carrier', email: owner.email, hasAccount: true });
    expect(await callerWith(database).caller.auth.inviteInfo({ token: newcomer.token })).toMatchObject({ companyName: 'Inviting Carrier', hasAccount: false });
    expect(await trpcCode(callerWith(database).caller.auth.inviteInfo({ token: invite.token }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerWith(database).caller.auth.acceptInvite({ token: crossInvite.token, password: 'attacker chosen pw' }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(callerWith(database).caller.auth.signIn({ email: owner.email, password: 'attacker chosen pw' }))).toBe('UNAUTHORIZED');
    const joined = await callerWith(database).caller.auth.acceptInvite({ token: crossInvite.token, password: TEST_PASSWORD });
    expect(joined).toMatchObject({ user: { id: owner.userId }, tenant: { id: other.tenantId }, role: 'member' });
    expect((await owner.caller.auth.me())?.tenants.map((t) => t.id)).toEqual([owner.tenantId, other.tenantId]);
    // Signing in picks a tenant; the default is the first one joined.
    const { caller, resHeaders } = callerWith(database);
    expect((await caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD, tenantId: other.tenantId })).tenant.id).toBe(other.tenantId);
    expect((await callerWith(database, sessionCookieFrom(resHeaders)).caller.auth.me())?.role).toBe('member');
  });

  it('revokes the pending invites of a removed member’s email, so an older link cannot bring them back (even as owner)', async () => {
    const email = `temp-${randomUUID()}@example.com`;
    const first = await owner.caller.auth.createInvite({ email });
    const second = await owner.caller.auth.createInvite({ email, role: 'owner' });
    // The same email invited to another company account keeps that invite.
    const elsewhere = await signUpOwner(database, 'Elsewhere Ltd');
    const otherCompany = await elsewhere.caller.auth.createInvite({ email });
    const joined = await callerWith(database).caller.auth.acceptInvite({ token: first.token, password: TEST_PASSWORD, name: 'Temp' });
    // Accepting one invite uses up the email's other pending invites to the company.
    expect((await owner.caller.auth.listInvites()).map((i) => i.email)).not.toContain(email);
    expect(await trpcCode(callerWith(database).caller.auth.inviteInfo({ token: second.token }))).toBe('NOT_FOUND');

    await owner.caller.auth.removeMember({ userId: joined.user.id });
    const third = await owner.caller.auth.createInvite({ email, role: 'owner' });
    expect((await owner.caller.auth.listInvites()).filter((i) => i.email === email)).toHaveLength(1);
    // Removed again before accepting: the new link goes too.
    const rejoined = await callerWith(database).caller.auth.acceptInvite({ token: third.token, password: TEST_PASSWORD });
    await owner.caller.auth.removeMember({ userId: rejoined.user.id });
    expect(await trpcCode(callerWith(database).caller.auth.acceptInvite({ token: second.token, password: TEST_PASSWORD }))).toBe('NOT_FOUND');
    expect((await owner.caller.auth.listMembers()).map((m) => m.email)).not.toContain(email);
    expect((await callerWith(database).caller.auth.acceptInvite({ token: otherCompany.token, password: TEST_PASSWORD })).tenant.id).toBe(elsewhere.tenantId);
  });

  it('removing a member revokes invites to their email still pending (left from before joining used them up)', async () => {
    const email = `twice-${randomUUID()}@example.com`;
    const member = await owner.caller.auth.createInvite({ email });
    const joined = await callerWith(database).caller.auth.acceptInvite({ token: member.token, password: TEST_PASSWORD });
    // An invite made after they joined is refused: they are a member.
    const refused = await trpcError(owner.caller.auth.createInvite({ email, role: 'owner' }));
    expect([refused.code, refused.message]).toEqual(['CONFLICT', `${email} is already a member`]);
    // A pending owner invite to a member, as an older version left when the member accepted another.
    const leftover = 'leftover-invite-token-'.padEnd(43, 'x');
    await database.db
      .insert(invites)
      .values({ tokenHash: hashToken(leftover), tenantId: owner.tenantId, email, role: 'owner', invitedBy: owner.userId, expiresAt: new Date(Date.now() + 60_000) });
    await owner.caller.auth.removeMember({ userId: joined.user.id });
    expect(await trpcCode(callerWith(database).caller.auth.acceptInvite({ token: leftover, password: TEST_PASSWORD }))).toBe('NOT_FOUND');
    expect((await owner.caller.auth.listMembers()).map((m) => m.email)).not.toContain(email);
    // Removing someone who is not a member refuses and leaves their pending invites alone.
    const pending = await owner.caller.auth.createInvite({ email });
    expect(await trpcCode(owner.caller.auth.removeMember({ userId: joined.user.id }))).toBe('NOT_FOUND');
    expect((await callerWith(database).caller.auth.inviteInfo({ token: pending.token })).email).toBe(email);
  });

  it('lists pending invites to owners (email, role, expiry, created) and lets them revoke one, within their company only', async () => {
    const company = await signUpOwner(database, 'Inviting Ltd');
    const email = `pending-${randomUUID()}@example.com`;
    const before = Date.now();
    const invite = await company.caller.auth.createInvite({ email, role: 'owner' });
    const accepted = await company.caller.auth.createInvite({ email: `accepted-${randomUUID()}@example.com` });
    const joining = callerWith(database);
    await joining.caller.auth.acceptInvite({ token: accepted.token, password: TEST_PASSWORD });
    const memberToken = sessionCookieFrom(joining.resHeaders)!;
    const expired = await company.caller.auth.createInvite({ email: `expired-${randomUUID()}@example.com` });
    await database.db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.tokenHash, hashToken(expired.token)));

    const listed = await company.caller.auth.listInvites();
    expect(listed).toEqual([{ id: expect.any(String), email, role: 'owner', expiresAt: invite.expiresAt, createdAt: expect.any(String) }]);
    const [pending] = listed;
    const created = Date.parse(pending!.createdAt);
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
    // The id names the invite, not the link: it does not open it.
    expect(pending!.id).not.toBe(invite.token);
    expect(await trpcCode(callerWith(database).caller.auth.inviteInfo({ token: pending!.id }))).toBe('NOT_FOUND');

    // Members see no invites and revoke none; another company's owner cannot touch them.
    expect(await trpcCode(callerWith(database, memberToken).caller.auth.listInvites())).toBe('FORBIDDEN');
    expect(await trpcCode(callerWith(database, memberToken).caller.auth.revokeInvite({ id: pending!.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(owner.caller.auth.revokeInvite({ id: pending!.id }))).toBe('NOT_FOUND');
    expect((await owner.caller.auth.listInvites()).map((i) => i.email)).not.toContain(email);
    expect((await callerWith(database).caller.auth.inviteInfo({ token: invite.token })).email).toBe(email);

    expect(await company.caller.auth.revokeInvite({ id: pending!.id })).toEqual({ ok: true });
    expect(await company.caller.auth.listInvites()).toEqual([]);
    expect(await trpcCode(callerWith(database).caller.auth.inviteInfo({ token: invite.token }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerWith(database).caller.auth.acceptInvite({ token: invite.token, password: TEST_PASSWORD }))).toBe('NOT_FOUND');
    const again = await trpcError(company.caller.auth.revokeInvite({ id: pending!.id }));
    expect([again.code, again.message]).toEqual(['NOT_FOUND', 'This invite was already accepted or revoked; reload the Team page']);
  });

  it('keeps the company account an owner: two owners removing each other at once leave one of them', async () => {
    const company = await signUpOwner(database, 'Two Owners Ltd');
    const coOwnerInvite = await company.caller.auth.createInvite({ email: `co-${randomUUID()}@example.com`, role: 'owner' });
    const { caller, resHeaders } = callerWith(database);
    const coOwner = await caller.auth.acceptInvite({ token: coOwnerInvite.token, password: TEST_PASSWORD });
    const coOwnerCaller = callerWith(database, sessionCookieFrom(resHeaders)).caller;
    const results = await Promise.allSettled([
      company.caller.auth.removeMember({ userId: coOwner.user.id }),
      coOwnerCaller.auth.removeMember({ userId: company.userId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as TRPCError] : []));
    // The loser is refused as no longer an owner, or, when the other removal committed before its
    // request was even let in, because that removal ended its session.
    if (refused?.code === 'UNAUTHORIZED') expect(refused.message).toMatch(/removed|ended|sign in/i);
    else expect([refused?.code, refused?.message]).toEqual(['FORBIDDEN', 'You are no longer an owner of this company account']);
    const owners = await database.db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.tenantId, company.tenantId), eq(memberships.role, 'owner')));
    expect(owners[0]?.n).toBe(1);
  });

  it('rate-limits sign-in per email, even with the right password afterwards', async () => {
    const victim = await signUpOwner(database, 'Victim Ltd');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(await trpcCode(callerWith(database, undefined, { 'x-forwarded-for': `10.0.0.${i}` }).caller.auth.signIn({ email: victim.email, password: `guess number ${i}` }))).toBe('UNAUTHORIZED');
    }
    const error = await trpcError(callerWith(database).caller.auth.signIn({ email: victim.email, password: TEST_PASSWORD }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toMatch(/15 minutes/);
    // Other accounts are unaffected.
    expect((await callerWith(database).caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD })).user.id).toBe(owner.userId);
  });

  it('rate-limits sign-in per address across emails, whatever the client writes before the address its proxy saw', async () => {
    // The proxy appended 203.0.113.7; the entries to its left came from the client, a new one each time.
    const ip = (i: number) => ({ 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` });
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await trpcCode(callerWith(database, undefined, ip(i)).caller.auth.signIn({ email: `spray-${i}@example.com`, password: 'Password123!' }));
    }
    expect(await trpcCode(callerWith(database, undefined, ip(99)).caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD }))).toBe('TOO_MANY_REQUESTS');
    expect((await callerWith(database, undefined, { 'x-forwarded-for': '198.51.100.1' }).caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD })).role).toBe('owner');
    const [failures] = await database.db.select({ n: count() }).from(signInAttempts).where(eq(signInAttempts.ip, '203.0.113.7'));
    // The refused attempt was not even checked, so it is not a failure either.
    expect(failures?.n).toBe(MAX_FAILURES_PER_IP);
  });

  it('holds the per-email limit against parallel guesses: no more passwords are checked than the limit allows', async () => {
    const victim = await signUpOwner(database, 'Parallel Victim Ltd');
    // Twice the limit at once, each from its own address, the right password among them.
    const guesses = Array.from({ length: 2 * MAX_FAILURES_PER_EMAIL }, (_, i) => (i === 2 * MAX_FAILURES_PER_EMAIL - 1 ? TEST_PASSWORD : `parallel guess ${i}`));
    const codes = await Promise.all(
      guesses.map((password, i) => trpcCode(callerWith(database, undefined, { 'x-forwarded-for': `10.1.${i}.1` }).caller.auth.signIn({ email: victim.email, password }))),
    );
    const checked = codes.filter((code) => code === 'UNAUTHORIZED' || code === 'OK');
    expect(checked.length).toBeLessThanOrEqual(MAX_FAILURES_PER_EMAIL);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(codes.length - checked.length);
    // Guesses arriving together may all be refused (each counts the others): refusing is the safe side.
    // The refused guesses were not checked, so they are not recorded as failures either.
    const [failures] = await database.db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, victim.email), eq(signInAttempts.succeeded, false)));
    expect(failures?.n).toBe(codes.filter((code) => code === 'UNAUTHORIZED').length);
  });

  it('refuses batched calls over HTTP (the app never batches), so one request cannot carry many password guesses', async () => {
    const victim = await signUpOwner(database, 'Batch Victim Ltd');
    const n = 3 * MAX_FAILURES_PER_EMAIL;
    const body = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { email: victim.email, password: i === n - 1 ? TEST_PASSWORD : `batched guess ${i}` }]));
    const response = await handleTrpcRequest(
      new Request(`http://tollbook.test/api/trpc/${Array(n).fill('auth.signIn').join(',')}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'tollbook.test', origin: 'http://tollbook.test' },
        body: JSON.stringify(body),
      }),
      database,
    );
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(JSON.stringify(await response.json())).toContain('Batching is not enabled on the server');
    const [attempts] = await database.db.select({ n: count() }).from(signInAttempts).where(eq(signInAttempts.email, victim.email));
    expect(attempts?.n).toBe(0);
    // A batch of queries is refused the same way; one call per request works.
    const queries = await handleTrpcRequest(new Request('http://tollbook.test/api/trpc/health.check,health.check?batch=1', {}), database);
    expect(queries.status).toBe(400);
    expect((await handleTrpcRequest(new Request('http://tollbook.test/api/trpc/health.check', {}), database)).status).toBe(200);
  });

  it('refuses a mutation whose Origin is another site (CSRF), and accepts its own origin', async () => {
    const before = await tableCounts();
    const evil = callerWith(database, owner.token, { origin: 'https://evil.example', host: 'tollbook.example' }).caller;
    expect(await trpcCode(evil.auth.createInvite({ email: 'z@example.com' }))).toBe('FORBIDDEN');
    expect(await trpcCode(evil.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }]))))).toBe('FORBIDDEN');
    expect(await trpcCode(callerWith(database, owner.token, { origin: 'null', host: 'tollbook.example' }).caller.auth.signOut())).toBe('FORBIDDEN');
    expect(await tableCounts()).toEqual(before);
    const same = callerWith(database, owner.token, { origin: 'https://tollbook.example', host: 'tollbook.example' }).caller;
    expect((await same.auth.createInvite({ email: `z-${randomUUID()}@example.com` })).token).toHaveLength(43);
  });

  it('answers malformed input with BAD_REQUEST naming the field', async () => {
    const { caller } = callerWith(database);
    const bad = await trpcError(caller.auth.signUp({ email: 42, password: TEST_PASSWORD, companyName: 'X' } as never));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toContain('"email"');
    expect((await trpcError(caller.auth.signUp({ email: 'a@example.com', password: 'short', companyName: 'X' }))).message).toContain('at least 10 characters');
    const huge = Array.from({ length: 100_000 }, (_, i) => ({ id: i + 1, name: 'createCustomer', args: {} }));
    const tooMany = await trpcError(owner.caller.sync.push(pushOf(randomUUID(), huge)));
    expect(tooMany.code).toBe('BAD_REQUEST');
    expect(tooMany.message).toContain('"mutations"');
    const wrongTypes = await trpcError(owner.caller.sync.pull({ protocolVersion: 1, clientId: 'not-a-uuid', cursor: -1 } as never));
    expect(wrongTypes.code).toBe('BAD_REQUEST');
    expect(wrongTypes.message).toContain('"clientId"');
    expect(wrongTypes.message).toContain('"cursor"');
  });

  it('serves tRPC over fetch: Set-Cookie on sign-up, Secure behind https, 413 for a 10 MB body', async () => {
    const email = `http-${randomUUID()}@example.com`;
    const response = await handleTrpcRequest(
      new Request('http://tollbook.test/api/trpc/auth.signUp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'tollbook.test', origin: 'http://tollbook.test', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email, password: TEST_PASSWORD, companyName: 'Fetch Ltd' }),
      }),
      database,
    );
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^tollbook_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure$/);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const me = await handleTrpcRequest(new Request('http://tollbook.test/api/trpc/auth.me', { headers: { cookie: `tollbook_session=${token}` } }), database);
    expect(((await me.json()) as { result: { data: { user: { email: string } } } }).result.data.user.email).toBe(email);

    const big = await handleTrpcRequest(
      new Request('http://tollbook.test/api/trpc/sync.push', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `tollbook_session=${token}` },
        body: 'x'.repeat(10 * 1024 * 1024),
      }),
      database,
    );
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/larger than 8 MiB/);
  });
});
