/**
 * Sign-up, sign-in, sessions, invites and members: plain functions `(database, params)`.
 * Passwords and tokens are never logged or returned, except a new token to its one recipient.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { defaultAccount } from '../../lib/mutators';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { accountRows, invites, memberships, sessions, signInAttempts, signUpAttempts, tenants, users } from '../schema';
import { runTransaction, type Tx } from '../transactions';
import { SESSION_MAX_AGE_S } from './cookies';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { hashToken, newToken } from './tokens';

export type Role = 'owner' | 'member';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** Who a valid session belongs to; everything a protected procedure may know about the caller. */
export interface SessionInfo {
  user: SessionUser;
  tenantId: string;
  tenantName: string;
  role: Role;
  tokenHash: string;
}

/** The session a sign-in produced: the token goes only into the Set-Cookie header. */
export interface NewSession {
  token: string;
  info: SessionInfo;
}

/** Failed sign-ins allowed in RATE_WINDOW_MS before further attempts are refused. */
export const MAX_FAILURES_PER_EMAIL = 10;
export const MAX_FAILURES_PER_IP = 20;
export const RATE_WINDOW_MS = 15 * 60 * 1000;
/**
 * Sign-ups per address: failed ones (the email already has an account, i.e. probing for accounts)
 * in RATE_WINDOW_MS, and all of them in SIGN_UP_WINDOW_MS (each makes a company account and costs
 * a password hash). Generous enough for an office behind one address, or a test suite.
 */
export const MAX_FAILED_SIGN_UPS_PER_IP = 20;
export const MAX_SIGN_UPS_PER_IP = 100;
export const SIGN_UP_WINDOW_MS = 60 * 60 * 1000;
const ATTEMPTS_KEPT_MS = 24 * 60 * 60 * 1000;
const EMAIL_TAKEN = 'An account with this email already exists; sign in instead';
/** Invite links work for 7 days. */
const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A session used with less than this left is extended to the full SESSION_MAX_AGE_S. */
const RENEW_BELOW_MS = 15 * 24 * 60 * 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sessionExpiry(): Date {
  return new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
}

async function createSession(tx: Tx, userId: string, tenantId: string): Promise<{ token: string; tokenHash: string }> {
  const token = newToken();
  const tokenHash = hashToken(token);
  // The user's expired sessions go as a new one starts, so the table does not grow without bound.
  await tx.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, sql`now()`)));
  await tx.insert(sessions).values({ tokenHash, userId, tenantId, expiresAt: sessionExpiry() });
  return { token, tokenHash };
}

/**
 * Records a sign-up attempt before any work is done, counted as failed until it succeeds, and
 * counts it with the others: a count taken before recording let parallel sign-ups all pass it.
 * A refused attempt is deleted again (refusals are not counted). Returns the attempt's id.
 */
async function beginSignUpAttempt(database: Database, ip: string): Promise<number> {
  const [attempt] = await database.db.insert(signUpAttempts).values({ ip, succeeded: false }).returning({ id: signUpAttempts.id });
  if (!attempt) throw new Error('sign-up attempt not recorded');
  const now = Date.now();
  const attempts = (since: number, failedOnly: boolean) =>
    database.db
      .select({ n: count() })
      .from(signUpAttempts)
      .where(and(eq(signUpAttempts.ip, ip), gt(signUpAttempts.at, new Date(since)), failedOnly ? eq(signUpAttempts.succeeded, false) : undefined));
  const [[failed], [all]] = await Promise.all([attempts(now - RATE_WINDOW_MS, true), attempts(now - SIGN_UP_WINDOW_MS, false)]);
  const refusal =
    (failed?.n ?? 0) > MAX_FAILED_SIGN_UPS_PER_IP
      ? 'Too many failed sign-ups from this network; wait 15 minutes and try again'
      : (all?.n ?? 0) > MAX_SIGN_UPS_PER_IP
        ? 'Too many sign-ups from this network; wait an hour and try again'
        : undefined;
  if (refusal) {
    await database.db.delete(signUpAttempts).where(eq(signUpAttempts.id, attempt.id));
    throw new ServiceError('TOO_MANY_REQUESTS', refusal);
  }
  // Attempts older than a day no longer count for anything.
  await database.db.delete(signUpAttempts).where(and(eq(signUpAttempts.ip, ip), lt(signUpAttempts.at, new Date(now - ATTEMPTS_KEPT_MS))));
  return attempt.id;
}

async function markSignUpSucceeded(database: Database, attemptId: number): Promise<void> {
  await database.db.update(signUpAttempts).set({ succeeded: true }).where(eq(signUpAttempts.id, attemptId));
}

/** Rate limited per address (`ip`, see clientAddress): refused attempts are not counted, any other that did not succeed counts as failed. */
export async function signUp(
  database: Database,
  params: { email: string; password: string; name: string; companyName: string },
  ip: string,
): Promise<NewSession> {
  const attemptId = await beginSignUpAttempt(database, ip);
  const email = normalizeEmail(params.email);
  // Before hashing: probing for accounts costs the prober, not the server (sign-up says so anyway).
  if ((await database.db.select({ id: users.id }).from(users).where(eq(users.email, email))).length > 0) {
    throw new ServiceError('CONFLICT', EMAIL_TAKEN);
  }
  const passwordHash = await hashPassword(params.password);
  const session = await createAccount(database, email, passwordHash, params);
  await markSignUpSucceeded(database, attemptId);
  return session;
}

async function createAccount(
  database: Database,
  email: string,
  passwordHash: string,
  params: { name: string; companyName: string },
): Promise<NewSession> {
  return runTransaction(database, async (tx) => {
    const userId = randomUUID();
    const inserted = await tx
      .insert(users)
      .values({ id: userId, email, name: params.name, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (inserted.length === 0) throw new ServiceError('CONFLICT', EMAIL_TAKEN);
    const tenantId = randomUUID();
    // The account row is the tenant's first change: version 1.
    await tx.insert(tenants).values({ id: tenantId, name: params.companyName, version: 1 });
    await tx.insert(memberships).values({ tenantId, userId, role: 'owner' });
    await tx.insert(accountRows).values({ ...defaultAccount(), companyName: params.companyName, tenantId, version: 1 });
    const { token, tokenHash } = await createSession(tx, userId, tenantId);
    return {
      token,
      info: { user: { id: userId, email, name: params.name }, tenantId, tenantName: params.companyName, role: 'owner', tokenHash },
    };
  });
}

/**
 * The caller's address for rate limiting: the X-Forwarded-For entry `proxyHops` from the right
 * (env PROXY_HOPS). Proxies append the address they saw, so the entries to its left came from the
 * client and could be anything; taking the first one let a client pick a new address per request.
 * With no proxy (0) the header holds only the connection's address (scripts/serve.mjs writes it).
 */
export function clientAddress(headers: Headers, proxyHops = 0): string {
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the nearest proxy's view is still better than none.
  const forwarded = hops.length > 0 ? hops[Math.max(0, hops.length - Math.max(1, proxyHops))] : undefined;
  return forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
}

/**
 * Records a sign-in attempt as failed before its password is checked, and counts it with the other
 * failures: a count taken before recording let parallel guesses all pass it (each then checked its
 * password). Over a limit, the attempt is deleted again (refusals are not counted) and refused.
 * Returns the attempt's id, marked succeeded once the password matched.
 */
async function beginSignInAttempt(database: Database, email: string, ip: string): Promise<number> {
  const [attempt] = await database.db.insert(signInAttempts).values({ email, ip, succeeded: false }).returning({ id: signInAttempts.id });
  if (!attempt) throw new Error('sign-in attempt not recorded');
  const since = new Date(Date.now() - RATE_WINDOW_MS);
  const failures = (where: ReturnType<typeof and>) =>
    database.db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(where, eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)));
  const [[byEmail], [byIp]] = await Promise.all([failures(eq(signInAttempts.email, email)), failures(eq(signInAttempts.ip, ip))]);
  if ((byEmail?.n ?? 0) > MAX_FAILURES_PER_EMAIL || (byIp?.n ?? 0) > MAX_FAILURES_PER_IP) {
    await database.db.delete(signInAttempts).where(eq(signInAttempts.id, attempt.id));
    throw new ServiceError('TOO_MANY_REQUESTS', 'Too many failed sign-ins; wait 15 minutes and try again');
  }
  // Attempts older than a day no longer count for anything.
  await database.db.delete(signInAttempts).where(and(eq(signInAttempts.email, email), lt(signInAttempts.at, new Date(Date.now() - ATTEMPTS_KEPT_MS))));
  return attempt.id;
}

/** Checks a password against the user with this email (or a dummy hash, so timing says nothing). */
async function checkPassword(database: Database, email: string, password: string, ip: string) {
  const attemptId = await beginSignInAttempt(database, email, ip);
  const [user] = await database.db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!ok || !user) throw new ServiceError('UNAUTHORIZED', 'The email or password is wrong');
  await database.db.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId));
  return user;
}

export async function signIn(
  database: Database,
  params: { email: string; password: string; tenantId?: string | undefined },
  ip: string,
): Promise<NewSession> {
  const email = normalizeEmail(params.email);
  const user = await checkPassword(database, email, params.password, ip);
  return runTransaction(database, async (tx) => {
    const [membership] = await tx
      .select({ tenantId: memberships.tenantId, role: memberships.role, tenantName: tenants.name })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, user.id), params.tenantId ? eq(memberships.tenantId, params.tenantId) : undefined))
      .orderBy(asc(memberships.createdAt))
      .limit(1);
    if (!membership) {
      throw new ServiceError(
        'FORBIDDEN',
        params.tenantId
          ? 'This account is no longer a member of this company account: ask its owner for a new invite'
          : 'This account is not a member of any company account (an owner removed it): ask an owner for a new invite, or create a company account',
      );
    }
    const { token, tokenHash } = await createSession(tx, user.id, membership.tenantId);
    return {
      token,
      info: { user: { id: user.id, email: user.email, name: user.name }, ...membership, tokenHash },
    };
  });
}

/**
 * The session of a cookie token, or undefined when it is unknown, expired, or its user is no longer
 * a member of its tenant. `renewed` says the expiry moved and the cookie should be set again.
 */
export async function findSession(database: Database, token: string): Promise<{ info: SessionInfo; renewed: boolean } | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await database.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      tenantId: sessions.tenantId,
      tenantName: tenants.name,
      role: memberships.role,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.tenantId, sessions.tenantId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), isNull(sessions.removedAt)));
  if (!row) return undefined;
  const renewed = row.expiresAt.getTime() - Date.now() < RENEW_BELOW_MS;
  if (renewed) await database.db.update(sessions).set({ expiresAt: sessionExpiry() }).where(eq(sessions.tokenHash, tokenHash));
  return {
    info: {
      user: { id: row.userId, email: row.email, name: row.name },
      tenantId: row.tenantId,
      tenantName: row.tenantName,
      role: row.role,
      tokenHash,
    },
    renewed,
  };
}

/** Whether a session still stands (not expired, its user still a member): long-lived pokes re-check it. */
export async function sessionIsValid(database: Database, tokenHash: string): Promise<boolean> {
  const [row] = await database.db
    .select({ userId: sessions.userId })
    .from(sessions)
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.tenantId, sessions.tenantId)))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), isNull(sessions.removedAt)));
  return row !== undefined;
}

/**
 * Whether this token's session ended because an owner removed its user from the tenant (expired
 * or not: a device offline for weeks still learns why), as opposed to signed out or unknown. A user
 * invited back since is a member again: their device only needs to sign in again, and its unsynced
 * changes then go through.
 */
export async function sessionEndedByRemoval(database: Database, token: string): Promise<boolean> {
  const [row] = await database.db
    .select({ removedAt: sessions.removedAt })
    .from(sessions)
    .leftJoin(memberships, and(eq(memberships.tenantId, sessions.tenantId), eq(memberships.userId, sessions.userId)))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNotNull(sessions.removedAt), isNull(memberships.userId)));
  return row !== undefined;
}

export async function endSession(database: Database, token: string): Promise<void> {
  await database.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

export async function createInvite(
  database: Database,
  params: { tenantId: string; invitedBy: string; email: string; role: Role },
): Promise<{ token: string; expiresAt: Date }> {
  const email = normalizeEmail(params.email);
  const [member] = await database.db
    .select({ userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, params.tenantId), eq(users.email, email)));
  if (member) throw new ServiceError('CONFLICT', `${email} is already a member`);
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  await database.db.insert(invites).values({
    tokenHash: hashToken(token),
    tenantId: params.tenantId,
    email,
    role: params.role,
    invitedBy: params.invitedBy,
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * Accepts an invite: a new email gets a user with this password; an existing user proves the
 * password they already have (an invite must never let its holder set someone else's password).
 */
/**
 * What the join page shows for an invite: the company, the invited email, and whether that email
 * already has an account (then it joins with that account's password, not a new one). The link's
 * token is the secret; NOT_FOUND when it is not valid any more.
 */
export async function inviteInfo(database: Database, token: string): Promise<{ companyName: string; email: string; hasAccount: boolean }> {
  const [invite] = await database.db
    .select({ email: invites.email, companyName: tenants.name })
    .from(invites)
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .where(and(eq(invites.tokenHash, hashToken(token)), sql`${invites.acceptedAt} is null`, gt(invites.expiresAt, sql`now()`)));
  if (!invite) throw new ServiceError('NOT_FOUND', 'This invite link is not valid any more; ask for a new one');
  const [existing] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, invite.email));
  return { companyName: invite.companyName, email: invite.email, hasAccount: existing !== undefined };
}

export async function acceptInvite(
  database: Database,
  params: { token: string; password: string; name: string },
  ip: string,
): Promise<NewSession> {
  const tokenHash = hashToken(params.token);
  const invalid = () => new ServiceError('NOT_FOUND', 'This invite link is not valid any more; ask for a new one');
  const [invite] = await database.db
    .select()
    .from(invites)
    .where(and(eq(invites.tokenHash, tokenHash), sql`${invites.acceptedAt} is null`, gt(invites.expiresAt, sql`now()`)));
  if (!invite) throw invalid();
  const [existing] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, invite.email));
  const existingUser = existing ? await checkPassword(database, invite.email, params.password, ip) : undefined;
  const passwordHash = existingUser ? undefined : await hashPassword(params.password);
  return runTransaction(database, async (tx) => {
    const accepted = await tx
      .update(invites)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invites.tokenHash, tokenHash), sql`${invites.acceptedAt} is null`))
      .returning({ tenantId: invites.tenantId });
    if (accepted.length === 0) throw invalid();
    let user: SessionUser;
    if (existingUser) {
      user = { id: existingUser.id, email: existingUser.email, name: existingUser.name };
    } else {
      const id = randomUUID();
      const inserted = await tx
        .insert(users)
        .values({ id, email: invite.email, name: params.name, passwordHash: passwordHash ?? '' })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      if (inserted.length === 0) throw new ServiceError('CONFLICT', 'An account with this email was just created; open the link again');
      user = { id, email: invite.email, name: params.name };
    }
    await tx.insert(memberships).values({ tenantId: invite.tenantId, userId: user.id, role: invite.role }).onConflictDoNothing();
    // The email's other links to this company are used up with this one: left pending, one would
    // bring the user back (perhaps as owner) after an owner removed them.
    await tx.delete(invites).where(pendingInvitesOf(invite.tenantId, invite.email));
    const [membership] = await tx
      .select({ role: memberships.role, tenantName: tenants.name })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.tenantId, invite.tenantId), eq(memberships.userId, user.id)));
    if (!membership) throw invalid();
    const session = await createSession(tx, user.id, invite.tenantId);
    return { token: session.token, info: { user, tenantId: invite.tenantId, tenantName: membership.tenantName, role: membership.role, tokenHash: session.tokenHash } };
  });
}

/** The invites to this email into this tenant that were not accepted (expired or not). */
function pendingInvitesOf(tenantId: string, email: string) {
  return and(eq(invites.tenantId, tenantId), eq(invites.email, email), isNull(invites.acceptedAt));
}

/**
 * Removes a teammate from the tenant; their sessions in it end in the same transaction, marked as
 * ended by the removal (sessionEndedByRemoval) until they expire, and the pending invites to their
 * email go too. Owners are equals (an owner may remove another owner), but the tenant always keeps
 * one: the tenant's memberships are locked, so two owners removing each other at once cannot both
 * succeed.
 */
export async function removeMember(database: Database, params: { tenantId: string; actorId: string; userId: string }): Promise<void> {
  if (params.userId === params.actorId) throw new ServiceError('BAD_REQUEST', 'You cannot remove yourself');
  await runTransaction(database, async (tx) => {
    const team = await tx
      .select({ userId: memberships.userId, role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.tenantId, params.tenantId))
      .for('update', { of: memberships });
    if (!team.some((m) => m.userId === params.actorId && m.role === 'owner')) {
      throw new ServiceError('FORBIDDEN', 'You are no longer an owner of this company account');
    }
    const removed = team.find((m) => m.userId === params.userId);
    if (!removed) throw new ServiceError('NOT_FOUND', 'No such member');
    if (!team.some((m) => m.role === 'owner' && m.userId !== params.userId)) {
      throw new ServiceError('BAD_REQUEST', 'The company account must keep an owner: this is its only one');
    }
    await tx.delete(memberships).where(and(eq(memberships.tenantId, params.tenantId), eq(memberships.userId, params.userId)));
    await tx
      .update(sessions)
      .set({ removedAt: sql`now()` })
      .where(and(eq(sessions.tenantId, params.tenantId), eq(sessions.userId, params.userId), isNull(sessions.removedAt)));
    await tx.delete(invites).where(pendingInvitesOf(params.tenantId, removed.email));
  });
}

/**
 * The tenant's invites not yet accepted and not expired, newest first. `id` is the stored hash of
 * the link's token: it names the invite (to revoke it) but does not open it. Every invite is made
 * to last INVITE_TTL_MS, so it was created that long before it expires.
 */
export async function listInvites(database: Database, tenantId: string) {
  const rows = await database.db
    .select({ id: invites.tokenHash, email: invites.email, role: invites.role, expiresAt: invites.expiresAt })
    .from(invites)
    .where(and(eq(invites.tenantId, tenantId), isNull(invites.acceptedAt), gt(invites.expiresAt, sql`now()`)))
    .orderBy(desc(invites.expiresAt), asc(invites.email));
  return rows.map((row) => ({ ...row, createdAt: new Date(row.expiresAt.getTime() - INVITE_TTL_MS) }));
}

/** Deletes a pending invite of the tenant: its link stops working at once. */
export async function revokeInvite(database: Database, params: { tenantId: string; id: string }): Promise<void> {
  const revoked = await database.db
    .delete(invites)
    .where(and(eq(invites.tenantId, params.tenantId), eq(invites.tokenHash, params.id), isNull(invites.acceptedAt)))
    .returning({ id: invites.tokenHash });
  if (revoked.length === 0) throw new ServiceError('NOT_FOUND', 'This invite was already accepted or revoked; reload the Team page');
}

export async function listMembers(database: Database, tenantId: string) {
  return database.db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

/** The company accounts this user belongs to (for a tenant switcher). */
export async function tenantsOf(database: Database, userId: string) {
  return database.db
    .select({ id: tenants.id, name: tenants.name, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}
