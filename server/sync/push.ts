/**
 * push: applies a device's named mutations exactly once, in its id order, as ARCHITECTURE.md (Sync)
 * says. One transaction per push request; each mutation's writes are buffered (server-tx.ts):
 * - the client row is locked first, so two pushes of one device run one after the other;
 * - `id <= last` is a duplicate (no effect), `id > last + 1` stops the batch (the device resends);
 * - the first mutation locks the tenant row until commit and each mutation takes the next tenant
 *   version, so a tenant's mutations run one at a time and versions commit in version order (pull
 *   relies on it);
 * - a MutationError drops the mutation's writes, is recorded as rejected and still advances
 *   `last_mutation_id`; any other error rolls back the whole request, nothing advanced;
 * - a mutation applied in part (a money field another device changed first, lib/field-patch) keeps
 *   its writes and its message is recorded as a partial refusal, reported like a rejection;
 * - but a value the database refuses (a data exception, SQLSTATE class 22: a NUL in a text, a date
 *   out of range) is the mutation's fault, not the server's: failing the request for it would
 *   block every later change of the device behind it for good. The request is then applied again
 *   one mutation at a time, each written under a savepoint, and those the database refuses are
 *   recorded as rejected, naming the problem.
 */
import { and, eq } from 'drizzle-orm';
import { storableText } from '../../lib/entities';
import { MutationError, runMutation } from '../../lib/mutators';
import type { OverriddenChange } from '../../lib/overridden-changes';
import type { PushRequest, PushResponse, MutationResult } from '../../lib/protocol';
import { upperFirst } from '../../lib/text';
import type { Role } from '../auth/accounts';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { clients, mutationResults, syncNotices, tenants } from '../schema';
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

/** The SQLSTATE of a database error (drizzle wraps the driver's error as its `cause`). */
function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** A data exception (SQLSTATE class 22): the database refused a value, not a fault of the server. */
export function isDataException(error: unknown): boolean {
  return sqlState(error)?.startsWith('22') ?? false;
}

/** What a data exception says about the value, for the user (what the database said is for the server's log). */
function dataProblem(error: unknown): string {
  const code = sqlState(error);
  const plain =
    code === '22021' || code === '22P05'
      ? 'a text holds a character the database cannot store (such as the NUL character, U+0000)'
      : code === '22008' || code === '22007'
        ? 'a date is outside the dates the database stores (years 0001 to 9999)'
        : code === '22003'
          ? 'a number is too large for the database'
          : 'a value is one the database cannot store';
  return plain;
}

/** What the database said of a data exception, for the server's log. */
function databaseMessage(error: unknown): string {
  const code = sqlState(error);
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if ((e as { code?: unknown }).code === code) return `${code}: ${e.message}`;
  return String(code);
}

/** A mutation run under a savepoint that the database refused a value of (see isDataException). */
class RefusedValue extends Error {
  override name = 'RefusedValue';
}

/**
 * Keeps what a mutation undid of other devices' changes (lib/overridden-changes) for their pulls,
 * which send it with the rows of the mutation's version: a row of `sync_notices` under that
 * version (one version is one mutation) and the device that made it, whose pulls skip it.
 */
async function recordOverridden(tx: Tx, tenantId: string, clientId: string, version: number, overridden: readonly OverriddenChange[]): Promise<void> {
  await tx
    .insert(syncNotices)
    .values({ tenantId, version, clientId, changes: storableText(JSON.stringify(overridden)) })
    .onConflictDoNothing();
}

export async function pushMutations(
  database: Database,
  caller: SyncCaller,
  request: PushRequest,
  options: PushOptions = {},
): Promise<PushResponse> {
  try {
    return await applyPush(database, caller, request, options, false);
  } catch (error) {
    if (!isDataException(error)) throw error;
    // The writes of the whole batch were refused for some mutation's value: find it (or them).
    return applyPush(database, caller, request, options, true);
  }
}

/**
 * One push transaction. `oneByOne`: each mutation reads the database as the earlier ones left it
 * and writes at once, under a savepoint, so a value the database refuses rejects only its mutation.
 */
async function applyPush(database: Database, caller: SyncCaller, request: PushRequest, options: PushOptions, oneByOne: boolean): Promise<PushResponse> {
  return runTransaction(database, async (tx) => {
    const client = await lockClient(tx, caller, request.clientId);
    let last = client.lastMutationId;
    let version: number | undefined;
    const results: MutationResult[] = [];
    const writes = new PushWrites();
    /** Records what the device is told of a mutation: its refusal, or what part of it was not applied. */
    const recordResult = async (id: number, name: string, status: 'rejected' | 'partial', error: string) => {
      // Stored and sent as text: a refusal that quotes the bad value must not fail in turn.
      await tx
        .insert(mutationResults)
        .values({ clientId: request.clientId, mutationId: id, name: storableText(name), status, error: storableText(error) })
        .onConflictDoNothing();
      return storableText(error);
    };
    for (const mutation of request.mutations) {
      if (mutation.id <= last) {
        results.push({ id: mutation.id, status: 'duplicate' });
        continue;
      }
      if (mutation.id > last + 1) break;
      if (version === undefined) {
        version = await lockTenantVersion(tx, caller.tenantId);
        const pending = request.mutations.filter((m) => m.id > last).map((m) => m.args);
        if (!oneByOne) await writes.prefetch(tx, caller.tenantId, candidateIds(pending, new Set()));
      }
      version += 1;
      const mutationVersion = version;
      try {
        if (OWNER_ONLY.has(mutation.name) && caller.role !== 'owner') {
          throw new MutationError('Only an owner of the company account can change My Account');
        }
        let notApplied: string | undefined;
        let overridden: OverriddenChange[] = [];
        if (oneByOne) {
          const own = new PushWrites();
          await tx.transaction(async (savepoint) => {
            try {
              const mutationTx = new ServerMutationTx(savepoint, caller.tenantId, own);
              notApplied = await runMutation(mutationTx, mutation.name, mutation.args);
              mutationTx.commit(mutationVersion);
              overridden = mutationTx.overridden;
              await own.flush(savepoint, caller.tenantId);
            } catch (error) {
              if (!isDataException(error)) throw error;
              console.warn(`tollbook: the database refused a value of ${mutation.name} (mutation ${mutation.id} of client ${request.clientId}): ${databaseMessage(error)}`);
              throw new RefusedValue(dataProblem(error), { cause: error });
            }
          });
        } else {
          const mutationTx = new ServerMutationTx(tx, caller.tenantId, writes);
          notApplied = await runMutation(mutationTx, mutation.name, mutation.args);
          mutationTx.commit(mutationVersion);
          overridden = mutationTx.overridden;
        }
        if (overridden.length > 0) await recordOverridden(tx, caller.tenantId, request.clientId, mutationVersion, overridden);
        // Applied, with an error: devices before partial refusals take it as applied, and hear of
        // the part not applied from the pull (which reports every recorded result).
        if (notApplied === undefined) results.push({ id: mutation.id, status: 'applied' });
        else results.push({ id: mutation.id, status: 'applied', error: await recordResult(mutation.id, mutation.name, 'partial', notApplied) });
      } catch (error) {
        let message: string;
        if (error instanceof MutationError) {
          message = error.message;
          // The developer's version of a refusal (the mutator's field by its code name): the user reads `message`.
          if (error.detail) console.warn(`tollbook: refused mutation ${mutation.id} of client ${request.clientId}: ${error.detail}`);
        } else if (error instanceof RefusedValue) {
          // The notice names the change already ("New customer … was refused. …").
          message = `${upperFirst(error.message)}. Correct the value and make the change again.`;
        } else throw error;
        results.push({ id: mutation.id, status: 'rejected', error: await recordResult(mutation.id, mutation.name, 'rejected', message) });
      }
      last = mutation.id;
    }
    if (last !== client.lastMutationId) {
      await tx
        .update(clients)
        .set({ lastMutationId: last, updatedAt: new Date() })
        .where(and(eq(clients.id, request.clientId), eq(clients.tenantId, caller.tenantId)));
    }
    if (!oneByOne) await writes.flush(tx, caller.tenantId);
    if (version !== undefined) {
      await tx.update(tenants).set({ version }).where(eq(tenants.id, caller.tenantId));
      await notifyTenant(tx, caller.tenantId, version);
    }
    await options.beforeCommit?.();
    return { lastMutationId: last, results };
  });
}
