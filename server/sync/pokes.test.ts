import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIsValid } from '../auth/accounts';
import { hashToken } from '../auth/tokens';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { addMember, signUpOwner, type SignedIn } from '../test-sessions';
import { SessionEndedError, subscribeTenantVersions } from './pokes';
import { customer, numbered, pushOf } from './test-mutations';

describe.each(TEST_DATABASE_KINDS)('poke streams on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  const streamOf = (signedIn: SignedIn, signal: AbortSignal) =>
    subscribeTenantVersions(database, signedIn.tenantId, signal, { isValid: () => sessionIsValid(database, hashToken(signedIn.token)), recheckMs: 50 });

  it('closes a removed member’s open stream with no poke to carry the news, and keeps the others', async () => {
    const owner = await signUpOwner(database, 'Quiet Ltd');
    const member = await addMember(database, owner);
    const connection = new AbortController();
    const ownerStream = await streamOf(owner, connection.signal);
    const memberStream = await streamOf(member, connection.signal);
    const ownerNext = ownerStream.next();
    const memberNext = memberStream.next();

    await owner.caller.auth.removeMember({ userId: member.userId });
    // Nothing was pushed: only the recheck can end the stream.
    await expect(memberNext).rejects.toBeInstanceOf(SessionEndedError);
    // The owner's stream went through the same rechecks and still carries the next change.
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, [{ name: 'createCustomer', args: customer() }])));
    expect((await ownerNext).value).toBeGreaterThanOrEqual(2);
    connection.abort();
    expect((await ownerStream.next()).done).toBe(true);
  });
});
