/**
 * The device's syncer. One tab per device holds the sync lock (navigator.locks) and runs the
 * engine; the others forward their triggers over a BroadcastChannel. A round runs on local
 * writes, `online`, focus, a server poke and a timer; failures back off exponentially with jitter.
 * The status lives in Dexie (`meta.syncStatus`) so every tab shows the same.
 */
import { api, errorCode, membershipEnded } from './api';
import type { TollbookDb } from './db';
import { newId } from './ids';
import { onLocalWrite } from './mutate';
import { currentIdentity } from './session';
import { signOutDevice } from './sign-out';
import { metaValue, SYNC_STATUS, SyncEngine, type PullProgress } from './sync-engine';

export interface SyncStatus {
  /** 'unreachable': the device is online but the server did not answer (down, restarting, a proxy error). */
  state: 'synced' | 'syncing' | 'offline' | 'unreachable' | 'error' | 'signed-out';
  reason?: string;
  lastSyncedAt?: number;
  progress?: PullProgress;
}

export { SYNC_STATUS };
const CLIENT_ID = 'clientId';
const TIMER_MS = 30_000;
const BACKOFF_MAX_MS = 60_000;
const OFFLINE_RECHECK_MS = 3_000;

async function clientIdOf(db: TollbookDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await metaValue<string>(db, CLIENT_ID);
    if (existing) return existing;
    const id = newId();
    await db.meta.put({ key: CLIENT_ID, value: id });
    return id;
  });
}

async function setStatus(db: TollbookDb, patch: SyncStatus): Promise<void> {
  const previous = await metaValue<SyncStatus>(db, SYNC_STATUS);
  await db.meta.put({ key: SYNC_STATUS, value: { lastSyncedAt: previous?.lastSyncedAt, ...patch } });
}

/** Asks the tab leading this database's sync for a round now (after signing in again, say). */
export function requestSync(db: TollbookDb): void {
  // Another channel object of the same name: a BroadcastChannel does not hear its own messages.
  const channel = new BroadcastChannel(`sync:${db.name}`);
  channel.postMessage('sync');
  channel.close();
}

/** Starts syncing this database; returns a function that stops it. */
export function startSyncer(db: TollbookDb): () => void {
  const lockName = `sync:${db.name}`;
  const channel = new BroadcastChannel(lockName);
  let stopped = false;
  const stopLeading = new AbortController();

  // Every tab: tell the leader about local writes.
  const offWrite = onLocalWrite(() => channel.postMessage('sync'));

  void navigator.locks.request(lockName, { signal: stopLeading.signal }, async () => {
    if (stopped) return;
    const engine = new SyncEngine(db, await clientIdOf(db), {
      push: (request) => api.sync.push.mutate(request),
      pull: (request) => api.sync.pull.query(request),
    });
    let running = false;
    let again = false;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const round = async (): Promise<void> => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(retry);
      try {
        do {
          again = false;
          if (!navigator.onLine) {
            await setStatus(db, { state: 'offline' });
            // Look again soon: the `online` event is not always delivered (or is missed by a tab that
            // became the syncer while offline), and checking navigator.onLine costs nothing.
            retry = setTimeout(() => void round(), OFFLINE_RECHECK_MS);
            return;
          }
          await setStatus(db, { state: 'syncing' });
          await engine.sync((progress) => void setStatus(db, { state: 'syncing', progress }));
          failures = 0;
          await setStatus(db, { state: 'synced', lastSyncedAt: Date.now() });
        } while (again && !stopped);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'UNAUTHORIZED' && membershipEnded(error)) {
          // Signing in again cannot help: the company's data leaves the device, and the user learns
          // what was lost.
          const tenantName = currentIdentity()?.tenantName ?? 'the company account';
          stopped = true;
          await signOutDevice(db, { tenantName, unsynced: await db.outbox.count() });
          return;
        }
        if (code === 'UNAUTHORIZED') {
          // Local work goes on; sync resumes after signing in again.
          await setStatus(db, { state: 'signed-out', reason: 'Sign in again to sync: the session has ended.' });
          return;
        }
        const reason = error instanceof Error ? error.message : String(error);
        // No tRPC error code: the request never got an answer from our server ("Failed to fetch",
        // a proxy's error page), which is not a failure of the sync itself.
        const unanswered = code === undefined;
        await setStatus(db, !navigator.onLine ? { state: 'offline' } : unanswered ? { state: 'unreachable', reason } : { state: 'error', reason });
        failures += 1;
        const delay = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** failures) * (0.5 + Math.random() / 2);
        retry = setTimeout(() => void round(), delay);
      } finally {
        running = false;
      }
    };

    const trigger = () => void round();
    channel.onmessage = trigger;
    const offLocal = onLocalWrite(trigger);
    window.addEventListener('online', trigger);
    // Going offline shows at once (a round finds navigator.onLine false), not at the next timer.
    window.addEventListener('offline', trigger);
    window.addEventListener('focus', trigger);
    const onVisible = () => document.visibilityState === 'visible' && trigger();
    document.addEventListener('visibilitychange', onVisible);
    const timer = setInterval(trigger, TIMER_MS);
    // The server's pokes, over one event stream. A stream that ends (the server restarted for a
    // deploy, a proxy closed it) is opened again after a pause that grows while it keeps failing:
    // without it a long-lived tab heard of other devices' changes only from the timer. Each opening
    // runs a round, for what changed while the stream was closed.
    let poke: { unsubscribe(): void } | undefined;
    let pokeFailures = 0;
    let pokeRetry: ReturnType<typeof setTimeout> | undefined;
    const openPokes = () => {
      let current: { unsubscribe(): void } | undefined = undefined;
      let ended = false;
      // onError and onComplete may both come for one ending: the first one counts.
      const reopen = () => {
        if (ended) return;
        ended = true;
        current?.unsubscribe();
        if (poke === current) poke = undefined;
        if (stopped || stopLeading.signal.aborted) return;
        pokeFailures += 1;
        pokeRetry = setTimeout(openPokes, Math.min(BACKOFF_MAX_MS, 1000 * 2 ** pokeFailures) * (0.5 + Math.random() / 2));
      };
      current = api.sync.poke.subscribe(undefined, {
        onStarted: () => {
          pokeFailures = 0;
          trigger();
        },
        onData: async ({ version }) => {
          if (version > ((await metaValue<number>(db, 'cursor')) ?? 0)) trigger();
        },
        onError: reopen,
        onComplete: reopen,
      });
      if (ended) current.unsubscribe();
      else poke = current;
    };
    openPokes();
    trigger();

    // Lead until this tab closes or stops.
    await new Promise<void>((resolve) => stopLeading.signal.addEventListener('abort', () => resolve(), { once: true }));
    clearTimeout(pokeRetry);
    poke?.unsubscribe();
    offLocal();
    clearInterval(timer);
    clearTimeout(retry);
    window.removeEventListener('online', trigger);
    window.removeEventListener('offline', trigger);
    window.removeEventListener('focus', trigger);
    document.removeEventListener('visibilitychange', onVisible);
  }).catch(() => {
    // An aborted wait for the lock is how a follower tab stops.
  });

  return () => {
    stopped = true;
    offWrite();
    stopLeading.abort();
    channel.close();
  };
}
