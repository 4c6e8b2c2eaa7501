/**
 * Live pokes: "tenant T is now at version V". A push NOTIFYs inside its transaction, so the poke is
 * delivered only once the change is committed and visible to a pull; every server process on the
 * database LISTENs on one channel and wakes the poke subscriptions of its own devices.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db';
import type { Tx } from '../transactions';

export const POKE_CHANNEL = 'tollbook_poke';

type Listener = (version: number) => void;

class PokeHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private listening: Promise<unknown> | undefined;

  constructor(private readonly database: Database) {}

  /** Resolves once LISTEN is active, so no commit after it can be missed. */
  async subscribe(tenantId: string, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    this.listening ??= this.database.listen(POKE_CHANNEL, (payload) => this.dispatch(payload));
    try {
      await this.listening;
    } catch (error) {
      this.listening = undefined;
      set.delete(listener);
      throw error;
    }
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tenantId);
    };
  }

  private dispatch(payload: string): void {
    const [tenantId, version] = payload.split(':');
    if (!tenantId || !version) return;
    for (const listener of this.listeners.get(tenantId) ?? []) listener(Number(version));
  }
}

const hubs = new WeakMap<Database, PokeHub>();

function hubOf(database: Database): PokeHub {
  let hub = hubs.get(database);
  if (!hub) hubs.set(database, (hub = new PokeHub(database)));
  return hub;
}

/** Queues a poke for when `tx` commits (NOTIFY is transactional). */
export async function notifyTenant(tx: Tx, tenantId: string, version: number): Promise<void> {
  await tx.execute(sql`select pg_notify(${POKE_CHANNEL}, ${`${tenantId}:${version}`})`);
}

/** The session a poke stream serves ended (signed out, removed from the tenant, expired). */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError';
}

/** A poke stream's session, checked on every poke and every `recheckMs` between them. */
export interface StreamSession {
  isValid(): Promise<boolean>;
  recheckMs: number;
}

/**
 * The tenant's versions as they advance, coalesced: a slow reader gets the latest version once,
 * not every intermediate one. Resolves once listening (so a version read afterwards cannot miss a
 * later commit); the iterator ends when `signal` aborts, and throws SessionEndedError once
 * `session` is no longer valid: checked on a timer too, so a removed member's open stream closes
 * even when the tenant is quiet.
 */
export async function subscribeTenantVersions(
  database: Database,
  tenantId: string,
  signal: AbortSignal | undefined,
  session?: StreamSession,
): Promise<AsyncGenerator<number>> {
  let latest: number | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const unsubscribe = await hubOf(database).subscribe(tenantId, (version) => {
    if (latest === undefined || version > latest) latest = version;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  const recheck = async () => {
    if (session && !ended && !(await session.isValid())) {
      ended = true;
      wake?.();
    }
  };
  async function* versions(): AsyncGenerator<number> {
    // Started with the iteration, so a stream never read holds no timer.
    const timer = session ? setInterval(() => void recheck().catch(() => undefined), session.recheckMs) : undefined;
    timer?.unref?.();
    try {
      while (!signal?.aborted) {
        if (latest === undefined && !ended) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (ended) throw new SessionEndedError('The session has ended');
        if (signal?.aborted || latest === undefined) continue;
        const version = latest;
        latest = undefined;
        await recheck();
        if (ended) throw new SessionEndedError('The session has ended');
        yield version;
      }
    } finally {
      clearInterval(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
  }
  return versions();
}
