/**
 * Signing a device out: the session cookie is cleared and this tenant+user's database deleted, so
 * nothing of the company account stays on the device. The user asks for it (the bar's Sign out),
 * or the server says an owner removed them (the syncer), with a notice saying what was lost.
 */
import { api } from './api';
import type { TollbookDb } from './db';
import { setIdentity, setRemovalNotice, setSignOutPending, type RemovalNotice } from './session';

export async function signOutDevice(db: TollbookDb, notice?: RemovalNotice): Promise<void> {
  const told = await api.auth.signOut.mutate().then(
    () => true,
    () => false,
  );
  // Offline: the cookie still opens the session, and the next load would sign the device back in
  // with it. Ending it on the server is left to the session gate, at the next chance.
  if (!told) setSignOutPending(true);
  await db.delete();
  if (notice) setRemovalNotice(notice);
  setIdentity(null);
}
