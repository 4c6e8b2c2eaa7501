/**
 * The customer import's work on the device, apart from its page: planning each row of a checked
 * file (create, update or nothing, and whether the device would refuse it) and importing them.
 */
import {
  customerAfterImport,
  customerImportChanges,
  customerImportUpdate,
  externalIdClashes,
  externalIdClashText,
  type CustomerChange,
  type CustomerImportPlan,
} from '@/lib/csv';
import type { Customer } from '@/lib/entities';
import { localDb, type TollbookDb } from '../../_local/db';
import { mutate, predictRefusals, refusalReason } from '../../_local/mutate';

/** What Import will do with one valid row, as of the device's data when the file was checked. */
export interface RowPlan {
  action: 'create' | 'update' | 'unchanged';
  /** An update's changes, in column order. */
  changes: CustomerChange[];
  /** The device's refusal of the row's change, if it would refuse it (a currency that is fixed). */
  refusal: string | null;
  /** Why CDRs naming the row's external id would be refused as ambiguous, if they would. */
  externalIdWarning: string | null;
}

/** A row Import did not apply, and why. */
export interface ImportFailure {
  row: number;
  name: string;
  reason: string;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  failures: ImportFailure[];
}

/** Plans each row: create or update (or nothing to change), and whether the device would refuse it. */
export async function planRows(result: CustomerImportPlan, customers: readonly Customer[], db: TollbookDb = localDb()): Promise<RowPlan[]> {
  const clashes = externalIdClashes(result.actions, customers);
  const plans: RowPlan[] = result.actions.map((action, i) => {
    const clash = clashes[i];
    const externalIdWarning = clash ? externalIdClashText(clash) : null;
    if (action.kind === 'create') return { action: 'create', changes: [], refusal: null, externalIdWarning };
    const changes = customerImportChanges(action.before, action.patch);
    return { action: changes.length ? 'update' : 'unchanged', changes, refusal: null, externalIdWarning };
  });
  const toRun = result.actions.flatMap((action, i) => {
    if (plans[i]!.action === 'unchanged') return [];
    return [
      {
        index: i,
        mutation:
          action.kind === 'create'
            ? { name: 'createCustomer' as const, args: action.customer }
            : { name: 'updateCustomer' as const, args: { id: action.before.id, ...customerImportUpdate(action.before, action.patch) } },
      },
    ];
  });
  const refusals = await predictRefusals(toRun.map((r) => r.mutation), db);
  toRun.forEach(({ index }, i) => (plans[index]!.refusal = refusals[i]!));
  return plans;
}

/** Imports the rows of a checked file on the device, in order; `progress(done, total)` now and then. */
export async function importCustomers(result: CustomerImportPlan, db: TollbookDb = localDb(), progress?: (done: number, total: number) => void): Promise<ImportOutcome> {
  const failures: ImportFailure[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const total = result.actions.length;
  for (let i = 0; i < total; i++) {
    const action = result.actions[i]!;
    const { row } = action;
    const { name } = customerAfterImport(action);
    try {
      if (action.kind === 'update') {
        // Only the fields the preview listed as changed, and `seen`, the device's values of them
        // then (as the customer form sends its edits): a column the file holds as it was is left
        // out, so another device's change of it that reached this device later (or not yet, offline)
        // stays, and a tax %, due days or currency changed there meanwhile is refused, not undone.
        const { patch, seen } = customerImportUpdate(action.before, action.patch);
        if (Object.keys(patch).length === 0) {
          unchanged++;
          continue;
        }
        // Re-read: the customer may have been deleted since the preview (another tab, a sync).
        // Deleted: the row was read as an update (its absent columns mean "keep"), so creating the
        // customer from it would invent those fields.
        const current = await db.customers.get(action.before.id);
        if (!current) {
          failures.push({ row, name, reason: 'This customer was deleted since the file was checked; check the file again to create it.' });
          continue;
        }
        // Already as the file has it (the same change made meanwhile): no write, and nothing to sync.
        if (customerImportChanges(current, patch).length === 0) {
          unchanged++;
          continue;
        }
        await mutate('updateCustomer', { id: action.before.id, patch, seen }, db);
        updated++;
      } else {
        await mutate('createCustomer', action.customer, db);
        created++;
      }
    } catch (error) {
      // The row and the customer are named beside it.
      failures.push({ row, name, reason: refusalReason(error) });
    }
    if (i % 50 === 0) progress?.(i + 1, total);
  }
  return { created, updated, unchanged, failures };
}
