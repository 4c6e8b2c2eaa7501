/**
 * Field patches: a change to a record that carries only the fields the user changed, merged field by
 * field into the record as the mutator finds it (on the device, and again on the server in arrival
 * order), so another device's change to another field stays.
 *
 * Where both devices changed the same field, the later arrival wins, except for the fields that carry
 * money (a tax rate, a price, the invoice numbering): a patch also says what the device held of each
 * field it changes (`seen`), and a guarded field the server holds another value of by then (another
 * device changed it while this change waited to sync, offline say) is not applied; the rest of the
 * patch is, and the user is told (`staleEditMessage`, recorded as a refusal of that part). Patches
 * without `seen` (from devices not yet updated) apply in full, as before.
 */
import { compareDecimals, isDecimalString } from './money';
import { upperFirst } from './text';

/** Labels of the guarded fields of a record, by field: only these are checked against `seen`. */
export type GuardedFields<R> = Partial<Record<keyof R & string, string>>;

/** A guarded field left as another device set it. */
export interface StaleEdit {
  /** How the user knows the field (the form's label). */
  label: string;
  /** The value the record holds (set by the other device). */
  current: unknown;
  /** This device's value, not applied. */
  mine: unknown;
}

/** Two values of one field: decimals compare as numbers ("20" is "20.0"), the rest by value. */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  if (isDecimalString(a) && isDecimalString(b)) return compareDecimals(a, b) === 0;
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `row` with `patch` over it, field by field, but for the guarded fields that changed since the
 * device saw them (`seen`): those keep the row's value and are returned as stale edits. A field
 * whose value the row already has is no conflict (both devices made the same change).
 */
export function mergePatch<R extends object>(
  row: R,
  patch: Partial<R>,
  seen: Readonly<Record<string, unknown>> | undefined,
  guarded: GuardedFields<R>,
): { merged: R; stale: StaleEdit[] } {
  const merged = { ...row };
  const stale: StaleEdit[] = [];
  for (const key of Object.keys(patch) as (keyof R & string)[]) {
    const value = patch[key] as R[typeof key];
    const label = guarded[key];
    if (label !== undefined && seen !== undefined && Object.hasOwn(seen, key)) {
      const current = row[key];
      if (!sameFieldValue(current, seen[key]) && !sameFieldValue(current, value)) {
        stale.push({ label, current, mine: value });
        continue;
      }
    }
    merged[key] = value;
  }
  return { merged, stale };
}

/** A value as the user typed or picked it. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What to tell the user of edits not applied, one sentence each. `subject(label)` names the field
 * of the record, e.g. "the customer's Tax %".
 */
export function staleEditMessage(subject: (label: string) => string, stale: readonly StaleEdit[]): string {
  return stale
    .map(({ label, current, mine }) => {
      const what = subject(label);
      return (
        `${upperFirst(what)} was changed to ${shown(current)} on another device while this device's change of it to ${shown(mine)} waited to sync: ` +
        `this device's change was not applied. Set it again if ${shown(mine)} is right.`
      );
    })
    .join(' ');
}

/** One value as a form or a file holds it: equal, or equal as JSON (a list of contacts, say). */
function sameEdit(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The change from `before` (the record as the device held it when the user edited it) to `after`
 * (the user's values of some or all of its fields), as an update sends it: `patch`, only the fields
 * whose value differs, and `seen`, `before`'s values of them. A field `after` leaves out, or holds
 * as it was, is not in the patch, so the same field changed meanwhile on another device keeps that
 * device's value; a guarded one changed on both is refused (mergePatch). "20" and "20.0" differ here:
 * the user wrote another value, and the server applies it as such.
 */
export function fieldChanges<R extends object>(before: R, after: Partial<R>): { patch: Partial<R>; seen: Partial<R> } {
  const patch: Partial<R> = {};
  const seen: Partial<R> = {};
  for (const key of Object.keys(after) as (keyof R)[]) {
    const value = after[key];
    if (value === undefined || sameEdit(value, before[key])) continue;
    patch[key] = value;
    seen[key] = before[key];
  }
  return { patch, seen };
}
