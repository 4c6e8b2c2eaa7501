/**
 * push: applies a device's named mutations exactly once, in its id order, as ARCHITECTURE.md (Sync)
 * says. One transaction per push request, one savepoint per mutation:
 * - the client row is locked first, so two pushes of one device run one after the other;
 * - `id <= last` is a duplicate (no effect), `id > last + 1` stops the batch (the device resends);
 * - each mutation bumps the tenant version under the tenant row lock, held until commit, so the
 *   tenant's mutations run one at a time and versions commit in version order (pull relies on it);
 * - a MutationError rolls back the mutation's savepoint, is recorded as rejected and still advances
 *   `last_mutation_id`; any other error rolls back the whole request, nothing advanced.
 */
import { and, eq, sql } from 'drizzle-orm';
import { MutationError, runMutation } from '../../lib/mutators';
import type { PushRequest, PushResponse, MutationResult } from '../../lib/protocol';
import type { Role } from '../auth/accounts';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { clients, mutationResults, tenants } from '../schema';
import { runTransaction, type Tx } from '../transactions';
import { notifyTenant } from './pokes';
import { ServerMutationTx } from './server-tx';

export interface SyncCaller {
  tenantId: string;
  userId: string;
  role: Role;
}

/** Mutations only an owner may run (members cannot change My Account). */
const OWNER_ONLY = new Set(['saveAccount']);

/**
 * Locks the device's client row, creating it on its first push. A client id is bound to the
 * tenant and user that first used it; anyone else gets FORBIDDEN.
 */
async function lockClient(tx: Tx, caller: SyncCaller, clientId: string) {
  await tx.insert(clients).values({ id: clientId, tenantId: caller.tenantId, userId: caller.userId }).onConflictDoNothing();
  const [client] = await tx.select().from(clients).where(eq(clients.id, clientId)).for('update');
  if (!client || client.tenantId !== caller.tenantId || client.userId !== caller.userId) {
    throw new ServiceError('FORBIDDEN', 'This client id belongs to another user; start a fresh local database');
  }
  return client;
}

/** The next tenant version; the row lock it takes is held until the transaction ends. */
async function bumpTenantVersion(tx: Tx, tenantId: string): Promise<number> {
  const [tenant] = await tx
    .update(tenants)
    .set({ version: sql`${tenants.version} + 1` })
    .where(eq(tenants.id, tenantId))
    .returning({ version: tenants.version });
  if (!tenant) throw new ServiceError('NOT_FOUND', 'The company account no longer exists');
  return tenant.version;
}

export interface PushOptions {
  /** Runs inside the transaction just before it commits (tests hold a push open with it). */
  beforeCommit?: () => Promise<void>;
}

export async function pushMutations(
  database: Database,
  caller: SyncCaller,
  request: PushRequest,
  options: PushOptions = {},
): Promise<PushResponse> {
  return runTransaction(database, async (tx) => {
    const client = await lockClient(tx, caller, request.clientId);
    let last = client.lastMutationId;
    let version: number | undefined;
    const results: MutationResult[] = [];
    for (const mutation of request.mutations) {
      if (mutation.id <= last) {
        results.push({ id: mutation.id, status: 'duplicate' });
        continue;
      }
      if (mutation.id > last + 1) break;
      version = await bumpTenantVersion(tx, caller.tenantId);
      const mutationVersion = version;
      try {
        await tx.transaction(async (savepoint) => {
          if (OWNER_ONLY.has(mutation.name) && caller.role !== 'owner') {
            throw new MutationError('Only an owner of the company account can change My Account');
          }
          await runMutation(new ServerMutationTx(savepoint, caller.tenantId, mutationVersion), mutation.name, mutation.args);
        });
        results.push({ id: mutation.id, status: 'applied' });
      } catch (error) {
        if (!(error instanceof MutationError)) throw error;
        await tx
          .insert(mutationResults)
          .values({ clientId: request.clientId, mutationId: mutation.id, name: mutation.name, status: 'rejected', error: error.message })
          .onConflictDoNothing();
        results.push({ id: mutation.id, status: 'rejected', error: error.message });
      }
      last = mutation.id;
    }
    if (last !== client.lastMutationId) {
      await tx
        .update(clients)
        .set({ lastMutationId: last, updatedAt: new Date() })
        .where(and(eq(clients.id, request.clientId), eq(clients.tenantId, caller.tenantId)));
    }
    if (version !== undefined) await notifyTenant(tx, caller.tenantId, version);
    await options.beforeCommit?.();
    return { lastMutationId: last, results };
  });
}
