'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { invoiceListViewFromParams, withInvoiceListView, type InvoiceListView } from '@/lib/invoice-list';

/**
 * How a change goes into the browser's history: 'push' makes an entry of its own (Back returns to
 * the filters before it); 'replace' rewrites the current one (each keystroke of a search, and each
 * edit of a date field after its first while the field keeps the focus: one entry for the lot).
 */
export type HistoryMode = 'push' | 'replace';

/** The page's address as the router has it: path and query, the key the view follows. */
function addressOf(pathname: string, query: string): string {
  return query ? `${pathname}?${query}` : pathname;
}

interface Shown {
  view: InvoiceListView;
  /** The address the view was last matched against. */
  seen: string;
  /** Addresses this list wrote that the router has not reported back yet (it does so in a transition). */
  written: string[];
}

/**
 * The invoices list's filters and order, kept in the page's URL (lib/invoice-list
 * withInvoiceListView), so a reload, Back/Forward, a bookmark or a link shows the same list; the
 * page's other parameters stay as they are. The view is held here too and changes at once (the
 * search field keeps its caret, nothing waits for the router); the URL follows through the
 * browser's history, which Next's router listens to. An address the list did not write (Back,
 * Forward, a link to the page) replaces the view with what it says.
 */
export function useInvoiceListView(customerFilter: boolean): [InvoiceListView, (change: Partial<InvoiceListView>, mode: HistoryMode) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const address = addressOf(pathname, params.toString());
  const [shown, setShown] = useState<Shown>(() => ({ view: invoiceListViewFromParams(params, customerFilter), seen: address, written: [] }));
  let current = shown;
  if (address !== shown.seen) {
    const ours = shown.written.indexOf(address);
    // Our own write coming back keeps the view (the search may have been typed on meanwhile).
    current =
      ours >= 0
        ? { view: shown.view, seen: address, written: shown.written.slice(ours + 1) }
        : { view: invoiceListViewFromParams(params, customerFilter), seen: address, written: [] };
    setShown(current);
  }

  function change(changed: Partial<InvoiceListView>, mode: HistoryMode) {
    const view = { ...current.view, ...changed };
    // Built from the address as it is now (a write not yet reported back included), not as the router last said.
    const location = new URL(window.location.href);
    const query = withInvoiceListView(location.searchParams, view, customerFilter).toString();
    const next = addressOf(location.pathname, query);
    // A change the URL does not tell (a search of spaces only, which filters nothing) leaves the history alone.
    const unchanged = next === addressOf(location.pathname, location.searchParams.toString());
    current = { ...current, view, written: unchanged ? current.written : [...current.written, next] };
    setShown(current);
    if (unchanged) return;
    if (mode === 'push') window.history.pushState(null, '', next);
    else window.history.replaceState(null, '', next);
  }

  return [current.view, change];
}
