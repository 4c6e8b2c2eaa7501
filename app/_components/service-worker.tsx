'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';
import { localDb } from '../_local/db';
import { isQuotaExceeded, QUOTA_EXCEEDED_MESSAGE } from '../_local/mutate';
import { useIdentity } from '../_local/session';

/**
 * The installable-app plumbing, mounted once in the root layout:
 * - registers /sw.js (app/_sw/sw.ts) and, when a new build is waiting, offers "Update available —
 *   Reload"; the new worker takes over only on that click, and then every open tab reloads, so no
 *   page keeps running on chunks the new build deleted from the cache;
 * - an "Install app" offer while the browser offers installation (InstallOffer, in the page's flow);
 * - asks the browser to keep this device's data (`navigator.storage.persist()`) once there is some;
 * - reloads this tab when another tab upgrades (or deletes) the local database, which it cannot do
 *   while this tab holds it open on the old schema;
 * - says so plainly when a write fails because the device is out of storage.
 */

const UPDATE_CHECK_MS = 60 * 60 * 1000;
const PERSIST_ASKED_KEY = 'tollbook.persistRequested';

/** The event Chromium fires when the app may be installed (not in lib.dom). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

// One registration per page, shared by the prompt and StorageUsage (version shown in Settings).
let workbox: Workbox | undefined;
/** Set by the Reload click: then even a page no worker controlled (a hard reload) reloads. */
let reloadRequested = false;
let swVersion: string | null = null;
const versionListeners = new Set<() => void>();

function setSwVersion(version: string | null): void {
  swVersion = version;
  for (const listener of versionListeners) listener();
}

function useSwVersion(): string | null {
  return useSyncExternalStore(
    (listener) => {
      versionListeners.add(listener);
      return () => versionListeners.delete(listener);
    },
    () => swVersion,
    () => null,
  );
}

export function PwaSupport() {
  const [updateWaiting, setUpdateWaiting] = useState(false);
  const [quotaExceeded, setQuotaExceeded] = useState(false);
  const identity = useIdentity();

  useEffect(() => {
    // `next dev` has no built worker; a dev worker would also serve stale chunks while editing.
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator) || workbox) return;
    const wb = new Workbox('/sw.js', { scope: '/' });
    workbox = wb;
    const hadController = navigator.serviceWorker.controller !== null;
    const readVersion = () =>
      wb
        .messageSW({ type: 'GET_VERSION' })
        .then((v) => setSwVersion(typeof v === 'string' ? v : null))
        .catch(() => undefined);

    wb.addEventListener('waiting', () => setUpdateWaiting(true));
    wb.addEventListener('controlling', () => void readVersion());
    // A new worker took over (the user clicked Reload here or in another tab): this page still runs
    // the old build's code, whose chunks the new worker no longer has, so it reloads now. The first
    // install of all (no previous controller) is the same build as this page and needs no reload.
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if ((!hadController && !reloadRequested) || reloading) return;
      reloading = true;
      window.location.reload();
    });

    // Registration fails where the browser allows no service workers (some private modes, policies,
    // automated browsers): the app still works online, it just cannot start offline.
    wb.register()
      .then(() => readVersion())
      .catch((error: unknown) => console.warn('Offline start is unavailable: the service worker could not be registered.', error));
    // Long-lived windows (an installed app is rarely closed) look for a new build now and then.
    const check = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) void wb.update().catch(() => undefined);
    };
    const timer = window.setInterval(check, UPDATE_CHECK_MS);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, []);

  useEffect(() => {
    // A write that fails on quota rolls back with its outbox entry (one Dexie transaction), so the
    // outbox keeps exactly the changes the user saw saved; screens that do not catch it land here.
    const onRejection = (event: PromiseRejectionEvent) => {
      if (isQuotaExceeded(event.reason)) setQuotaExceeded(true);
    };
    const onError = (event: ErrorEvent) => {
      if (isQuotaExceeded(event.error)) setQuotaExceeded(true);
    };
    window.addEventListener('unhandledrejection', onRejection);
    window.addEventListener('error', onError);
    return () => {
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('error', onError);
    };
  }, []);

  useEffect(() => {
    if (!identity) return;
    const db = localDb();
    const onVersionChange = () => {
      // Close first so the other tab's upgrade proceeds, then start again on the new schema.
      db.close();
      window.location.reload();
    };
    db.on('versionchange', onVersionChange);
    return () => db.on('versionchange').unsubscribe(onVersionChange);
  }, [identity]);

  const hasData = useLiveQuery(async () => {
    if (!identity) return false;
    const db = localDb();
    return (await db.customers.limit(1).count()) + (await db.invoices.limit(1).count()) > 0;
  }, [identity]);

  useEffect(() => {
    // Without persistence the browser may evict IndexedDB (and with it unsynced work) under storage
    // pressure. Asked once per device: Firefox shows a permission prompt for it.
    if (!hasData || !navigator.storage?.persist || localStorage.getItem(PERSIST_ASKED_KEY)) return;
    localStorage.setItem(PERSIST_ASKED_KEY, new Date().toISOString());
    void navigator.storage.persist().catch(() => undefined);
  }, [hasData]);

  const reload = useCallback(() => {
    if (!workbox) return;
    // The controllerchange listener above reloads every tab once the new worker is in charge.
    reloadRequested = true;
    workbox.messageSkipWaiting();
  }, []);

  if (!updateWaiting && !quotaExceeded) return null;
  return (
    <div className="pwa-notices">
      {quotaExceeded && (
        <div className="pwa-notice pwa-danger" role="alert">
          <span>{QUOTA_EXCEEDED_MESSAGE}</span>
          <button type="button" className="button" onClick={() => setQuotaExceeded(false)}>
            Dismiss
          </button>
        </div>
      )}
      {updateWaiting && (
        <div className="pwa-notice" role="status">
          <span>Update available</span>
          <button type="button" className="button primary" onClick={reload}>
            Reload
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * The offer to install the app, while the browser makes it: a bar at the top of the page's content,
 * in its flow, so it pushes the page down rather than floating over it (the floating notices are
 * for what cannot wait: an update, a full disk, a refused change). "Not now" puts it away.
 */
export function InstallOffer() {
  const [installPrompt, setInstallPrompt] = useState<BeforeInstallPromptEvent | null>(null);

  useEffect(() => {
    const offer = (event: Event) => {
      // Keep the browser's own mini-infobar away; the app shows its button instead, unless the
      // user said "Not now" lately (the browser offers again on every page load).
      event.preventDefault();
      if (!installDeclinedLately()) setInstallPrompt(event as BeforeInstallPromptEvent);
    };
    const installed = () => setInstallPrompt(null);
    window.addEventListener('beforeinstallprompt', offer);
    window.addEventListener('appinstalled', installed);
    return () => {
      window.removeEventListener('beforeinstallprompt', offer);
      window.removeEventListener('appinstalled', installed);
    };
  }, []);

  const install = useCallback(async () => {
    if (!installPrompt) return;
    await installPrompt.prompt();
    await installPrompt.userChoice;
    setInstallPrompt(null);
  }, [installPrompt]);

  if (!installPrompt) return null;
  return (
    <div className="install-offer" role="status">
      <span>Use Tollbook as an app on this device.</span>
      <button type="button" className="button primary" onClick={() => void install()}>
        Install app
      </button>
      <button
        type="button"
        className="button"
        onClick={() => {
          declineInstall();
          setInstallPrompt(null);
        }}
      >
        Not now
      </button>
    </div>
  );
}

/** When the user last answered "Not now" to installing; the offer comes back after INSTALL_ASK_AGAIN_MS. */
const INSTALL_DECLINED_KEY = 'tollbook.installDeclinedAt';
const INSTALL_ASK_AGAIN_MS = 30 * 24 * 60 * 60 * 1000;

function declineInstall(): void {
  try {
    localStorage.setItem(INSTALL_DECLINED_KEY, String(Date.now()));
  } catch {
    // Storage unavailable (private mode, quota): the offer just comes back on the next load.
  }
}

function installDeclinedLately(): boolean {
  try {
    const at = Number(localStorage.getItem(INSTALL_DECLINED_KEY));
    return at > 0 && Date.now() - at < INSTALL_ASK_AGAIN_MS;
  } catch {
    return false;
  }
}

interface StorageFigures {
  usage: number;
  quota: number;
  persisted: boolean;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * This device's storage: what the app uses (data, outbox and the cached app), the browser's quota
 * for it, and whether the data is kept under storage pressure. For the Settings screen.
 */
export function StorageUsage() {
  const [figures, setFigures] = useState<StorageFigures | 'unsupported' | undefined>();
  const version = useSwVersion();

  const refresh = useCallback(async () => {
    if (!navigator.storage?.estimate) {
      setFigures('unsupported');
      return;
    }
    const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? false]);
    setFigures({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const keep = async () => {
    await navigator.storage.persist();
    await refresh();
  };

  return (
    <section className="card" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage on this device</h2>
      {figures === undefined && <p className="muted">Measuring…</p>}
      {figures === 'unsupported' && <p className="muted">This browser does not report its storage use.</p>}
      {typeof figures === 'object' && (
        <>
          <p data-testid="storage-usage">
            {formatBytes(figures.usage)} used of {formatBytes(figures.quota)} available
          </p>
          <progress max={figures.quota || 1} value={figures.usage} aria-label="Storage used" />
          <p>
            {figures.persisted
              ? 'Kept: the browser will not clear this data to free space.'
              : 'Not yet kept: the browser may clear this data when the device runs low on space. Unsynced changes would be lost.'}
          </p>
          {!figures.persisted && (
            <button type="button" className="button" onClick={() => void keep()}>
              Keep data on this device
            </button>
          )}
        </>
      )}
      {version && <p className="muted">App version {version}</p>}
    </section>
  );
}
