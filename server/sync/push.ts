/**
 * push: applies a device's named mutations exactly once, in its id order, as ARCHITECTURE.md (Sync)
 * says. One transaction per push request; each mutation's writes are buffered (server-tx.ts):
 * - the client row is locked first, so two pushes of one device run one after the other;
 * - `id <= last` is a duplicate (no effect), `id > last + 1` stops the batch (the device resends);
 * - the first mutation locks the tenant row until commit and each mutation takes the next tenant
 *   version, so a tenant's mutations run one at a time and versions commit in version order (pull
 *   relies on it);
 * - a MutationError drops the mutation's writes, is recorded as rejected and still advances
 *   `last_mutation_id`; any other error rolls back the whole request, nothing advanced.
 */
import { and, eq } from 'drizzle-orm';
import { MutationError, runMutation } from '../../lib/mutators';
import type { PushRequest, PushResponse, MutationResult } from '../../lib/protocol';
import type { Role } from '../auth/accounts';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { clients, mutationResults, tenants } from '../schema';
import { runTransaction, type Tx } from '../transactions';
import { notifyTenant } from './pokes';
import { candidateIds, PushWrites, ServerMutationTx } from './server-tx';

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

/**
 * Locks the tenant row (held until the transaction ends) and returns its version. The push then
 * numbers its mutations from there and writes the last version once: updating one row hundreds of
 * times in one transaction would leave a chain of dead versions every later lookup walks.
 */
async function lockTenantVersion(tx: Tx, tenantId: string): Promise<number> {
  // NO KEY UPDATE: exclusive against other pushes, but not against the KEY SHARE locks that
  // foreign keys to tenants take (a new client row), which would otherwise deadlock two first pushes.
  const [tenant] = await tx.select({ version: tenants.version }).from(tenants).where(eq(tenants.id, tenantId)).for('no key update');
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
    const writes = new PushWrites();
    for (const mutation of request.mutations) {
      if (mutation.id <= last) {
        results.push({ id: mutation.id, status: 'duplicate' });
        continue;
      }
      if (mutation.id > last + 1) break;
      if (version === undefined) {
        version = await lockTenantVersion(tx, caller.tenantId);
        const pending = request.mutations.filter((m) => m.id > last).map((m) => m.args);
        await writes.prefetch(tx, caller.tenantId, candidateIds(pending, new Set()));
      }
      version += 1;
      try {
        if (OWNER_ONLY.has(mutation.name) && caller.role !== 'owner') {
          throw new MutationError('Only an owner of the company account can change My Account');
        }
        const mutationTx = new ServerMutationTx(tx, caller.tenantId, writes);
        await runMutation(mutationTx, mutation.name, mutation.args);
        mutationTx.commit(version);
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
    await writes.flush(tx, caller.tenantId);
    if (version !== undefined) {
      await tx.update(tenants).set({ version }).where(eq(tenants.id, caller.tenantId));
      await notifyTenant(tx, caller.tenantId, version);
    }
    await options.beforeCommit?.();
    return { lastMutationId: last, results };
  });
}
