'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * The static client shells of the record screens. Fetching them while online lets in-app
 * navigation work once the network is gone (before the service worker exists, and for routes a
 * visible <Link> never pointed at, such as the page a form goes to after saving).
 */
export const RECORD_ROUTES = ['/customers', '/customers/import', '/customer', '/customer/edit', '/customer/statement', '/packages', '/package/edit', '/settings'] as const;

export function PrefetchRoutes() {
  const router = useRouter();
  useEffect(() => {
    for (const route of RECORD_ROUTES) router.prefetch(route);
  }, [router]);
  return null;
}
