/**
 * Sync: push named mutations, pull row changes by cursor, and a live poke per tenant (SSE).
 *
 * How a device uses it (all calls carry the httpOnly `tollbook_session` cookie; same origin):
 * - `sync.push` (POST): `{protocolVersion, clientId, mutations: [{id, name, args}]}`, ids from
 *   `lastMutationId + 1` in order, at most PUSH_BATCH_MAX and 8 MiB. Answer `{lastMutationId,
 *   results}`; resend from `lastMutationId + 1` (a gap stops the batch, duplicates are harmless).
 * - `sync.pull` (GET): `{protocolVersion, clientId, cursor, snapshot?, rejectionsFrom, limit}`.
 *   Apply `changes` (row null = deleted), store `cursor`; while `more`, ask again with the new
 *   cursor and the `snapshot` given. `reset` (the cursor is below the tenant's tombstone floor, or
 *   ahead of the server): drop server rows first, keep the outbox. Drop outbox entries with
 *   id <= `lastMutationId` (0 until the last page); show `rejections` and ask with `rejectionsFrom` past the last one.
 * - `sync.poke` (SSE, httpSubscriptionLink): `{version}` at once and on every advance; pull when
 *   it is above the cursor. UNAUTHORIZED on any call: the session ended, sign in again (local data
 *   stays); with `data.sessionEnded` MEMBERSHIP_ENDED (lib/protocol) the user was removed from the
 *   company account: nothing more can be sent, drop its data. FORBIDDEN on a clientId: it belongs to another user; start a new local database.
 */
import { eq } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import { pullRequestSchema, pushRequestSchema } from '../../lib/protocol';
import { sessionIsValid } from '../auth/accounts';
import { env } from '../env';
import { tenants } from '../schema';
import { SessionEndedError, subscribeTenantVersions } from '../sync/pokes';
import { pullChanges } from '../sync/pull';
import { pushMutations } from '../sync/push';
import { protectedProcedure, router } from '../trpc';

/** How often an open poke stream checks its session, so a removed member's stream ends even when nothing changes. */
export const POKE_SESSION_RECHECK_MS = 30_000;

export const syncRouter = router({
  push: protectedProcedure.input(pushRequestSchema).mutation(({ ctx, input }) =>
    pushMutations(ctx.database, { tenantId: ctx.tenantId, userId: ctx.user.id, role: ctx.role }, input),
  ),

  pull: protectedProcedure.input(pullRequestSchema).query(({ ctx, input }) =>
    pullChanges(ctx.database, { tenantId: ctx.tenantId, userId: ctx.user.id, role: ctx.role }, input, {
      tombstoneRetentionDays: env().tombstoneRetentionDays,
    }),
  ),

  /**
   * Yields `{version}` now and whenever the tenant's version advances (coalesced). The device pulls
   * when the version is above its cursor. Ends when the session does (removed member, sign-out),
   * checked on every poke and every POKE_SESSION_RECHECK_MS.
   */
  poke: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    // Listening before reading the version: no commit in between goes unseen.
    const versions = await subscribeTenantVersions(ctx.database, ctx.tenantId, signal, {
      isValid: () => sessionIsValid(ctx.database, ctx.sessionTokenHash),
      recheckMs: POKE_SESSION_RECHECK_MS,
    });
    try {
      const [tenant] = await ctx.database.db.select({ version: tenants.version }).from(tenants).where(eq(tenants.id, ctx.tenantId));
      yield { version: tenant?.version ?? 0 };
      for await (const version of versions) yield { version };
    } catch (error) {
      if (error instanceof SessionEndedError) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in again: the session has ended' });
      throw error;
    } finally {
      await versions.return(undefined);
    }
  }),
});
