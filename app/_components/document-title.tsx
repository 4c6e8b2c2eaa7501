'use client';

import { usePathname } from 'next/navigation';

const APP_NAME = 'Tollbook';

/**
 * Each screen's title until (or unless) the screen names its record. The screens are client
 * shells prerendered once per route (a record comes from `?id=`, read from IndexedDB), so a
 * route's `metadata` could only ever hold this generic name: it is kept here, beside the record
 * titles the screens add, for every route at once.
 */
const ROUTE_TITLES: Record<string, string> = {
  '/invoices': 'Invoices',
  '/invoices/run': 'Billing run',
  '/invoices/aging': 'Receivables aging',
  '/invoice': 'Invoice',
  '/invoice/edit': 'Invoice',
  '/invoice/generate': 'Generate invoice',
  '/customers': 'Customers',
  '/customers/import': 'Import customers',
  '/customer': 'Customer',
  '/customer/edit': 'Customer',
  '/customer/statement': 'Statement',
  '/packages': 'Packages',
  '/package/edit': 'Package',
  '/usage': 'Usage',
  '/usage/import': 'Import CDRs',
  '/usage/api-keys': 'CDR API keys',
  '/settings': 'Settings',
  '/team': 'Team',
  '/join': 'Join your team',
};

/** "Invoices · Tollbook": what the tab, the history and Next's route announcer read. */
export function documentTitle(title: string | undefined): string {
  return title ? `${title} · ${APP_NAME}` : APP_NAME;
}

/**
 * The page's title. React hoists a `<title>` into the head, placing the one mounted last first,
 * where the browser reads it: a screen's own title (its record) wins over its route's, and its
 * route's returns when the screen is left.
 */
export function DocumentTitle({ title }: { title: string | undefined }) {
  return <title>{documentTitle(title)}</title>;
}

/** The route's title, in the root layout: every screen has one from its first paint (and in its prerendered HTML). */
export function RouteTitle() {
  const pathname = usePathname();
  return <DocumentTitle title={ROUTE_TITLES[pathname.replace(/\/$/, '') || '/']} />;
}
