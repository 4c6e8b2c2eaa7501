import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpAttempts, tenants } from '../schema';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { callerWith, signUpOwner, TEST_PASSWORD } from '../test-sessions';
import { MAX_FAILED_SIGN_UPS_PER_IP, MAX_SIGN_UPS_PER_IP, SIGN_UP_WINDOW_MS } from './accounts';

async function trpcError(promise: Promise<unknown>): Promise<TRPCError | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  return undefined;
}

function signUpFrom(database: TestDatabase, address: string, email = `new-${randomUUID()}@example.com`) {
  return callerWith(database, undefined, { 'x-forwarded-for': address }).caller.auth.signUp({ email, password: TEST_PASSWORD, companyName: 'Probe Ltd' });
}

async function tenantCount(database: TestDatabase): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(tenants);
  return row?.n ?? 0;
}

describe.each(TEST_DATABASE_KINDS)('sign-up limits on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses an address that keeps signing up with emails that have accounts (probing), not others', async () => {
    const existing = await signUpOwner(database, 'Existing Ltd');
    const prober = '203.0.113.50';
    for (let i = 0; i < MAX_FAILED_SIGN_UPS_PER_IP; i++) expect((await trpcError(signUpFrom(database, prober, existing.email)))?.code).toBe('CONFLICT');

    const before = await tenantCount(database);
    const refused = await trpcError(signUpFrom(database, prober));
    expect(refused?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused?.message).toBe('Too many failed sign-ups from this network; wait 15 minutes and try again');
    // Refused: no company account made, and the refusal itself is not counted.
    expect(await tenantCount(database)).toBe(before);
    const [recorded] = await database.db.select({ n: count() }).from(signUpAttempts).where(eq(signUpAttempts.ip, prober));
    expect(recorded?.n).toBe(MAX_FAILED_SIGN_UPS_PER_IP);
    // Another address signs up as usual.
    expect((await signUpFrom(database, '198.51.100.50')).role).toBe('owner');
  });

  it(`allows ${MAX_SIGN_UPS_PER_IP} sign-ups per address per hour; older ones do not count`, async () => {
    const busy = '203.0.113.60';
    const now = Date.now();
    // Earlier sign-ups from this address: one just outside the window, the rest inside but one.
    await database.db.insert(signUpAttempts).values([
      { ip: busy, succeeded: true, at: new Date(now - SIGN_UP_WINDOW_MS - 60_000) },
      ...Array.from({ length: MAX_SIGN_UPS_PER_IP - 1 }, (_, i) => ({ ip: busy, succeeded: true, at: new Date(now - SIGN_UP_WINDOW_MS + 60_000 + i) })),
    ]);
    expect((await signUpFrom(database, busy)).role).toBe('owner');
    const refused = await trpcError(signUpFrom(database, busy));
    expect(refused?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused?.message).toBe('Too many sign-ups from this network; wait an hour and try again');
  });

  it('holds both limits against parallel sign-ups from one address', async () => {
    const existing = await signUpOwner(database, 'Probed Ltd');
    const prober = '203.0.113.70';
    const probes = await Promise.all(Array.from({ length: 2 * MAX_FAILED_SIGN_UPS_PER_IP }, () => trpcError(signUpFrom(database, prober, existing.email))));
    expect(probes.filter((e) => e?.code === 'CONFLICT').length).toBeLessThanOrEqual(MAX_FAILED_SIGN_UPS_PER_IP);
    expect(probes.filter((e) => e?.code !== 'CONFLICT').every((e) => e?.code === 'TOO_MANY_REQUESTS')).toBe(true);

    // One sign-up left in the hour: of several at once, at most one makes a company account.
    const busy = '203.0.113.80';
    const now = Date.now();
    await database.db.insert(signUpAttempts).values(Array.from({ length: MAX_SIGN_UPS_PER_IP - 1 }, (_, i) => ({ ip: busy, succeeded: true, at: new Date(now - 60_000 + i) })));
    const before = await tenantCount(database);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => signUpFrom(database, busy)));
    const made = results.filter((r) => r.status === 'fulfilled').length;
    expect(made).toBeLessThanOrEqual(1);
    expect(await tenantCount(database)).toBe(before + made);
  });
});
