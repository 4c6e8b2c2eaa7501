/**
 * Signing a device out: the session cookie is cleared and this tenant+user's database deleted, so
 * nothing of the company account stays on the device. The user asks for it (the bar's Sign out),
 * or the server says an owner removed them (the syncer), with a notice saying what was lost.
 */
import { api } from './api';
import type { TollbookDb } from './db';
import { setIdentity, setRemovalNotice, type RemovalNotice } from './session';

export async function signOutDevice(db: TollbookDb, notice?: RemovalNotice): Promise<void> {
  await api.auth.signOut.mutate().catch(() => undefined);
  await db.delete();
  if (notice) setRemovalNotice(notice);
  setIdentity(null);
}
