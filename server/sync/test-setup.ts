/** Setup shared by the sync and CDR import tests (only *.test.ts import this). */
import { randomUUID } from 'node:crypto';
import type { Customer } from '../../lib/entities';
import type { Database } from '../db';
import { signUpOwner, type SignedIn } from '../test-sessions';
import { numbered, pushOf } from './test-mutations';

/** A new tenant's owner, whose `customers` are already on the server (pushed as a device would). */
export async function signUpWithCustomers(database: Database, companyName: string, customers: readonly Customer[]): Promise<SignedIn> {
  const owner = await signUpOwner(database, companyName);
  const pushed = await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, customers.map((args) => ({ name: 'createCustomer', args })))));
  const refused = pushed.results.filter((r) => r.status !== 'applied');
  if (refused.length > 0) throw new Error(`customers refused: ${JSON.stringify(refused)}`);
  return owner;
}

/** `text` as a request body of one chunk, as ingestCdrs reads POST /api/cdrs. */
export async function* textBody(text: string): AsyncIterable<string> {
  yield text;
}
