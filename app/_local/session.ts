/**
 * Who is signed in on this device. Kept in localStorage so the app opens offline, indefinitely,
 * after one sign-in; the session cookie itself is httpOnly and only the server reads it. Each
 * tenant+user gets a database of its own.
 */
import { useSyncExternalStore } from 'react';

export interface DeviceIdentity {
  userId: string;
  email: string;
  tenantId: string;
  tenantName: string;
  role: 'owner' | 'member';
}

/** Why this device was signed out without the user asking: shown above the sign-in form. */
export interface RemovalNotice {
  tenantName: string;
  /** Changes made on the device that the server never received (and now never will). */
  unsynced: number;
}

const KEY = 'tollbook.identity';
/** Set once anyone has signed in on this browser: it then offers sign-in first, not sign-up. */
const SIGNED_IN_BEFORE = 'tollbook.signedInBefore';
const REMOVAL_NOTICE = 'tollbook.removalNotice';
/** Set while the server has not yet been told of a sign-out made offline (its cookie still works). */
const SIGN_OUT_PENDING = 'tollbook.signOutPending';
const KEYS = [KEY, REMOVAL_NOTICE];
const listeners = new Set<() => void>();
/**
 * A reader of a JSON value kept in localStorage, parsed again only when its text changes (so the
 * value is the same object between changes, as useSyncExternalStore needs); null when absent or
 * unreadable.
 */
function storedJson<T>(key: string): () => T | null {
  let lastRaw: string | null | undefined;
  let last: T | null = null;
  return () => {
    if (typeof localStorage === 'undefined') return null;
    const raw = localStorage.getItem(key);
    if (raw !== lastRaw) {
      lastRaw = raw;
      try {
        last = raw ? (JSON.parse(raw) as T) : null;
      } catch {
        last = null;
      }
    }
    return last;
  };
}

export const currentIdentity: () => DeviceIdentity | null = storedJson<DeviceIdentity>(KEY);

export function setIdentity(identity: DeviceIdentity | null): void {
  if (identity) {
    localStorage.setItem(KEY, JSON.stringify(identity));
    localStorage.setItem(SIGNED_IN_BEFORE, '1');
    localStorage.removeItem(REMOVAL_NOTICE);
    localStorage.removeItem(SIGN_OUT_PENDING);
  } else {
    localStorage.removeItem(KEY);
  }
  notify();
}

/**
 * A sign-out the server has not heard of: the device signed out offline, so the session cookie still
 * works and the next load would sign the device back in with it. The session gate ends the session
 * on the server first.
 */
export function signOutPending(): boolean {
  return typeof localStorage !== 'undefined' && localStorage.getItem(SIGN_OUT_PENDING) !== null;
}

export function setSignOutPending(pending: boolean): void {
  if (pending) localStorage.setItem(SIGN_OUT_PENDING, '1');
  else localStorage.removeItem(SIGN_OUT_PENDING);
}

export function hasSignedInBefore(): boolean {
  return typeof localStorage !== 'undefined' && localStorage.getItem(SIGNED_IN_BEFORE) !== null;
}

export const currentRemovalNotice: () => RemovalNotice | null = storedJson<RemovalNotice>(REMOVAL_NOTICE);

/** Kept until the next sign-in or until the user dismisses it (null). */
export function setRemovalNotice(notice: RemovalNotice | null): void {
  if (notice) localStorage.setItem(REMOVAL_NOTICE, JSON.stringify(notice));
  else localStorage.removeItem(REMOVAL_NOTICE);
  notify();
}

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key !== null && KEYS.includes(e.key) && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The identity, or null when signed out; undefined while rendering on the server (prerender). */
export function useIdentity(): DeviceIdentity | null | undefined {
  return useSyncExternalStore(subscribe, currentIdentity, () => undefined);
}

export function useRemovalNotice(): RemovalNotice | null {
  return useSyncExternalStore(subscribe, currentRemovalNotice, () => null);
}

export function databaseName(identity: DeviceIdentity): string {
  return `tollbook-${identity.tenantId}-${identity.userId}`;
}
