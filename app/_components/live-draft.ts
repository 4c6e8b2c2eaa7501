'use client';

/**
 * An edit form over a row that can change while it is open (a pull from another device, another
 * tab). The form's value of a field is the user's edit if there is one, else the live row's: fields
 * the user has not touched follow the row, edited ones keep what the user typed. An edited field
 * whose row value changed since the user began editing it is reported, so the user knows that Save
 * will put their value over the other device's.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

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

/**
 * Once the row shows what a form saved in place (`saved`, the fields as written), the edits that
 * were saved follow the row again, as if never made (so another device's later change of them is
 * taken, not reported as a clash). Edits made since the save stay. Undefined while the row does
 * not show the save yet.
 */
export function settleSaved<D extends object>(edits: Edits<D>, live: D, saved: D): Edits<D> | undefined {
  const savedKeys = (Object.keys(edits.values) as (keyof D)[]).filter((key) => sameValue(edits.values[key], saved[key]));
  if (!savedKeys.every((key) => sameValue(live[key], saved[key]))) return undefined;
  return dropEdits(edits, savedKeys);
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
  /**
   * For a form that stays open after Save: `saved` (the fields as written) is no longer unsaved,
   * even before the live row shows the write, so leaving asks nothing. Resolves once the page's
   * history is as it was before the edits (see useLeaveWarning), so what follows the save (its
   * message, a navigation) never races the Back that tidies it.
   */
  savedInPlace: (saved: D) => Promise<void>;
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
  const [saved, setSaved] = useState<D | undefined>(undefined);
  const live = draftOf(row);
  if (saved !== undefined) {
    const settled = settleSaved(edits, live, saved);
    if (settled) {
      setEdits(settled);
      setSaved(undefined);
    }
  }
  useLeaveWarning(
    (Object.keys(edits.values) as (keyof D)[]).some(
      (key) => !sameValue(edits.values[key], live[key]) && !(saved !== undefined && sameValue(edits.values[key], saved[key])),
    ),
  );
  return {
    draft: draftWith(live, edits),
    row,
    deleted: lastSeen !== undefined && liveRow === undefined,
    live,
    // A new record has no row to change underneath (its defaults, such as the account's currency, may move).
    changed: row === undefined ? [] : changedUnderneath(live, edits),
    set: (key, value) => setEdits((e) => applyEdit(e, live, key, value)),
    discard: (keys) => setEdits((e) => dropEdits(e, keys)),
    savedInPlace: (savedFields) => {
      const guardGoes = onBackGuard() ? nextPopState() : Promise.resolve();
      setSaved(savedFields);
      return guardGoes;
    },
  };
}

/** The next popstate (the guard's Back), or a second at most: a guard already gone sends none. */
function nextPopState(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('popstate', done);
      window.clearTimeout(timer);
      resolve();
    };
    const timer = window.setTimeout(done, 1000);
    window.addEventListener('popstate', done);
  });
}

export const LEAVE_QUESTION = 'This form has changes that are not saved. Leave it and lose them?';

/**
 * Marks the copy of a form's history entry put on top while it has unsaved edits (see
 * useLeaveWarning): Back then lands on the form's own entry, under it, where we can ask.
 */
const BACK_GUARD = 'tollbookUnsavedForm';

/** Set by leaveForm until the next form opens: the page is going, its guard goes with it. */
let leavingForm = false;

function onBackGuard(): boolean {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null && (state as Record<string, unknown>)[BACK_GUARD] === true;
}

/** Puts the guard entry on top: the same page, the same Next state (so Next's router passes it through untouched). */
function pushBackGuard(): void {
  const state: unknown = window.history.state;
  window.history.pushState({ ...(typeof state === 'object' ? state : {}), [BACK_GUARD]: true }, '', window.location.href);
}

/**
 * Opens `href` once a form has saved (or the user agreed to lose its edits). From the guard entry
 * it replaces it, so Back from `href` returns to the form's page in one step, as without a guard.
 */
export function leaveForm(router: Pick<ReturnType<typeof useRouter>, 'push' | 'replace'>, href: string): void {
  // Saved, the form's edits match its row: its guard must not be taken off now (that is a Back,
  // which would race the navigation); the navigation replaces it.
  leavingForm = true;
  if (onBackGuard()) router.replace(href);
  else router.push(href);
}

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
 * capture listener on window runs before React's on its root). Save leaves on purpose (leaveForm).
 *
 * Back cannot be stopped (popstate comes after the fact, and Next's router acts on it), so while
 * there are unsaved edits the form's history entry is doubled (pushBackGuard): Back moves from the
 * copy to the form's own entry, the same page, which stays as it is; then we ask. Staying puts the
 * copy back; leaving goes one step further back. Once the edits are saved or undone on the page,
 * the copy is taken off again. `question`: what is asked (a form whose edits are kept elsewhere, as
 * the invoice editor's are, says what leaving does to them; a CDR file checked and not imported
 * yet says it is not imported).
 */
export function useLeaveWarning(unsaved: boolean, question: string = LEAVE_QUESTION): void {
  const router = useRouter();
  const mounted = useRef(true);
  // Read when asking: a question that changes wording (a new invoice once it is a copy's) must not
  // take the guard off and put it back, as a new run of the effect below would.
  const asked = useRef(question);
  useEffect(() => {
    asked.current = question;
  }, [question]);
  useEffect(() => {
    mounted.current = true;
    leavingForm = false;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (!unsaved) return;
    let leaving = false;
    if (!onBackGuard()) pushBackGuard();
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    const askBeforeFollowing = (event: MouseEvent) => {
      const link = pageLinkOf(event);
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      if (!window.confirm(asked.current)) return;
      leaving = true;
      const to = new URL(link.href);
      leaveForm(router, to.pathname + to.search + to.hash);
    };
    const askOnBack = () => {
      if (leaving || onBackGuard()) return;
      if (window.confirm(asked.current)) {
        leaving = true;
        window.history.back();
      } else {
        pushBackGuard();
      }
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('click', askBeforeFollowing, true);
    window.addEventListener('popstate', askOnBack);
    return () => {
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('click', askBeforeFollowing, true);
      window.removeEventListener('popstate', askOnBack);
      // Saved in place or undone: the copy goes (after this commit, so a navigation under way is
      // seen: the form is then unmounted, or the copy is no longer the current entry).
      setTimeout(() => {
        if (!leaving && !leavingForm && mounted.current && onBackGuard()) window.history.back();
      }, 0);
    };
  }, [unsaved, router, question]);
}
