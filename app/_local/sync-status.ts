/** The syncer's status as the screens read it (read-only; app/_local/syncer.ts writes it). */
import { useLiveQuery } from 'dexie-react-hooks';
import { localDb } from './db';
import { SYNC_STATUS, type SyncStatus } from './syncer';

/** `{ status }` (status undefined before the syncer's first word), or undefined while it loads. */
export function useSyncStatus(): { status: SyncStatus | undefined } | undefined {
  return useLiveQuery(async () => ({ status: (await localDb().meta.get(SYNC_STATUS))?.value as SyncStatus | undefined }), []);
}
