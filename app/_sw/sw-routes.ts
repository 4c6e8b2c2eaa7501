/**
 * How the service worker names what it precaches, shared by the worker (app/_sw/sw.ts) and its
 * build (scripts/build-sw.ts) so the two always agree.
 */

/** The page shown for a navigation that is neither cached nor reachable. */
export const OFFLINE_URL = '/offline.html';

/**
 * RSC payloads are precached under `<route>?__rsc=<variant>`: a URL the browser never requests
 * itself. The variant is the `Next-Router-Segment-Prefetch` header value of a segment prefetch
 * (`/_tree`, `/invoices/__PAGE__`, …) or NAVIGATION for the full payload of a navigation.
 */
export const RSC_VARIANT_PARAM = '__rsc';
export const NAVIGATION = 'navigation';

export function rscPrecacheUrl(route: string, variant: string): string {
  return `${route}?${RSC_VARIANT_PARAM}=${encodeURIComponent(variant)}`;
}

/** The variant an RSC request asks for, or null for a kind of request not precached. */
export function rscVariantOf(headers: Headers): string | null {
  const segment = headers.get('Next-Router-Segment-Prefetch');
  if (segment) return segment;
  return headers.get('Next-Router-Prefetch') ? null : NAVIGATION;
}

/** The headers Next's router sends for a variant; the server picks the payload by them. */
export function rscRequestHeaders(variant: string): Record<string, string> {
  if (variant === NAVIGATION) return { RSC: '1' };
  return { RSC: '1', 'Next-Router-Prefetch': '1', 'Next-Router-Segment-Prefetch': variant };
}

/** The prerendered route a path belongs to: `/invoices/` and `/invoices` are one page. */
export function shellPathOf(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}
