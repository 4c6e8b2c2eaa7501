'use client';

/**
 * An edit form over a row that can change while it is open (a pull from another device, another
 * tab). The form's value of a field is the user's edit if there is one, else the live row's: fields
 * the user has not touched follow the row, edited ones keep what the user typed. An edited field
 * whose row value changed since the user began editing it is reported, so the user knows that Save
 * will put their value over the other device's.
 */
import { useEffect, useState } from 'react';

/** The user's edits: the value typed per field, and the row's value of that field when editing began. */
export interface Edits<D> {
  values: Partial<D>;
  from: Partial<D>;
}

/** Drafts hold strings, booleans and small arrays or objects of them: JSON compares them by value. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** `live` with the user's edits over it. */
export function draftWith<D extends object>(live: D, edits: Edits<D>): D {
  return { ...live, ...edits.values };
}

/**
 * Records an edit of `key`. A field edited back to the row's value is no longer an edit (it follows
 * the row again); the value it was edited from is the one of the first edit.
 */
export function applyEdit<D extends object, K extends keyof D>(edits: Edits<D>, live: D, key: K, value: D[K]): Edits<D> {
  const values = { ...edits.values };
  const from = { ...edits.from };
  if (sameValue(value, live[key])) {
    delete values[key];
    delete from[key];
  } else {
    if (!(key in values)) from[key] = live[key];
    values[key] = value;
  }
  return { values, from };
}

/** The edits without those of `keys` (which then show the row's value again). */
export function dropEdits<D extends object>(edits: Edits<D>, keys: readonly (keyof D)[]): Edits<D> {
  const values = { ...edits.values };
  const from = { ...edits.from };
  for (const key of keys) {
    delete values[key];
    delete from[key];
  }
  return { values, from };
}

/** Edited fields whose row value changed since editing began, and differs from the user's value. */
export function changedUnderneath<D extends object>(live: D, edits: Edits<D>): (keyof D)[] {
  return (Object.keys(edits.values) as (keyof D)[]).filter((key) => !sameValue(live[key], edits.from[key]) && !sameValue(live[key], edits.values[key]));
}

export interface LiveDraft<R, D> {
  /** What the form shows: the live row's fields with the user's edits over them. */
  draft: D;
  /** The live row, or the last one seen if it was deleted meanwhile; undefined for a new record. */
  row: R | undefined;
  /** The row was shown and is gone: deleted on another device (or tab) while the form was open. */
  deleted: boolean;
  /** The row's current value of every field (what an edit is compared with). */
  live: D;
  changed: (keyof D)[];
  set: <K extends keyof D>(key: K, value: D[K]) => void;
  /** Gives up the user's edits of `keys`, which show the row's value again. */
  discard: (keys: readonly (keyof D)[]) => void;
}

/**
 * The form state of an edit form over `liveRow` (from useLiveQuery; undefined for a new record, or
 * once the row is deleted). `draftOf` turns a row (or undefined, for a new record) into the form's
 * fields.
 */
export function useLiveDraft<R, D extends object>(liveRow: R | undefined, draftOf: (row: R | undefined) => D): LiveDraft<R, D> {
  const [lastSeen, setLastSeen] = useState(liveRow);
  if (liveRow !== undefined && liveRow !== lastSeen) setLastSeen(liveRow);
  const row = liveRow ?? lastSeen;
  const [edits, setEdits] = useState<Edits<D>>(() => ({ values: {}, from: {} }));
  const live = draftOf(row);
  useLeaveWarning((Object.keys(edits.values) as (keyof D)[]).some((key) => !sameValue(edits.values[key], live[key])));
  return {
    draft: draftWith(live, edits),
    row,
    deleted: lastSeen !== undefined && liveRow === undefined,
    live,
    // A new record has no row to change underneath (its defaults, such as the account's currency, may move).
    changed: row === undefined ? [] : changedUnderneath(live, edits),
    set: (key, value) => setEdits((e) => applyEdit(e, live, key, value)),
    discard: (keys) => setEdits((e) => dropEdits(e, keys)),
  };
}

const LEAVE_QUESTION = 'This form has changes that are not saved. Leave it and lose them?';

/** The in-app page a click would open: a plain click on a link to another page of this origin. */
function pageLinkOf(event: MouseEvent): HTMLAnchorElement | undefined {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download') || (link.target && link.target !== '_self')) return undefined;
  const to = new URL(link.href, window.location.href);
  if (to.origin !== window.location.origin) return undefined;
  const here = window.location;
  return to.pathname === here.pathname && to.search === here.search ? undefined : link;
}

/**
 * While `unsaved`, leaving the page asks first: the form's edits live in this page only, and would
 * be lost without a word. Reloading or closing gets the browser's own question; a link to another
 * page of the app (the menu, a breadcrumb) asks ours, before Next's router sees the click (a
 * capture listener on window runs before React's on its root). Cancel and Save leave on purpose.
 */
function useLeaveWarning(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const askBeforeFollowing = (event: MouseEvent) => {
      if (!pageLinkOf(event) || window.confirm(LEAVE_QUESTION)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('click', askBeforeFollowing, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('click', askBeforeFollowing, true);
    };
  }, [unsaved]);
}
