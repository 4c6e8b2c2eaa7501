/**
 * Tests of sync (integration, with a real server database): every row as the server holds it, and
 * as a device holds it, keyed `entity/id`, to compare the two after devices have synced.
 */
import { randomUUID } from 'node:crypto';
import { ENTITY_NAMES } from '@/lib/entities';
import { PROTOCOL_VERSION, type PullRequest } from '@/lib/protocol';
import type { SignedIn } from '@/server/test-sessions';
import { entityTable, type TollbookDb } from './db';

/** The server's rows, read by a pull from the start with a fresh client id (every page). */
export async function serverRows(signedIn: SignedIn): Promise<Map<string, unknown>> {
  const rows = new Map<string, unknown>();
  let request: PullRequest = { protocolVersion: PROTOCOL_VERSION, clientId: randomUUID(), cursor: 0 };
  for (;;) {
    const page = await signedIn.caller.sync.pull(request);
    for (const change of page.changes) {
      if (change.row) rows.set(`${change.entity}/${change.id}`, change.row);
      else rows.delete(`${change.entity}/${change.id}`);
    }
    if (!page.more) return rows;
    request = { ...request, cursor: page.cursor, snapshot: page.snapshot };
  }
}

/** The device's rows, every synced table. */
export async function deviceRows(db: TollbookDb): Promise<Map<string, unknown>> {
  const rows = new Map<string, unknown>();
  for (const entity of ENTITY_NAMES) {
    for (const row of (await entityTable(db, entity).toArray()) as { id: string }[]) rows.set(`${entity}/${row.id}`, row);
  }
  return rows;
}
