/**
 * The service worker (bundled to public/sw.js by scripts/build-sw.mjs after `next build`).
 *
 * Everything the app needs to open with no network is precached at install, pinned to one build:
 * every prerendered route's HTML at its clean URL, the RSC payloads Next's client router fetches
 * when moving between those routes, all of /_next/static, the PDF fonts, icons, the manifest and the
 * offline page. A page therefore always runs on one build's files, online or not. A new build
 * installs beside the old one and waits; it takes over only when the user clicks "Reload"
 * (SKIP_WAITING), and every open tab reloads then (app/_components/service-worker.tsx), so no page
 * keeps running on chunks the new build removed.
 *
 * /api/trpc is never handled here: data lives in IndexedDB and syncs through the API, online only.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, addRoute, cleanupOutdatedCaches, matchPrecache, precache, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { OFFLINE_URL, RSC_VARIANT_PARAM, rscPrecacheUrl, rscRequestHeaders, rscVariantOf, shellPathOf } from './sw-routes';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };
/** Set by scripts/build-sw.mjs: the build this worker serves, and the prerendered routes. */
declare const __TOLLBOOK_SW_VERSION__: string;
declare const __TOLLBOOK_SHELL_ROUTES__: string[];

const VERSION = __TOLLBOOK_SW_VERSION__;
const SHELL_ROUTES = new Set(__TOLLBOOK_SHELL_ROUTES__);

addPlugins([
  {
    // RSC payloads are precached under a synthetic URL naming the variant; fetch the real thing the
    // way Next's router asks for it (the server answers by request headers, not by URL).
    requestWillFetch: async ({ request }) => {
      const url = new URL(request.url);
      const variant = url.searchParams.get(RSC_VARIANT_PARAM);
      if (variant === null) return request;
      return new Request(url.pathname, { headers: rscRequestHeaders(variant), credentials: 'same-origin' });
    },
  },
]);
precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** A cached response with a clean URL, so Next's router does not read it as a redirect. */
async function fromPrecache(key: string): Promise<Response | undefined> {
  const cached = await matchPrecache(key);
  if (!cached) return undefined;
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers: cached.headers });
}

// Client-side navigation and prefetch: Next asks for `<route>?_rsc=…` with RSC headers.
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.method === 'GET' && request.headers.get('RSC') === '1',
  async ({ request, url }) => {
    const route = shellPathOf(url.pathname);
    const variant = rscVariantOf(request.headers);
    const cached = SHELL_ROUTES.has(route) && variant !== null ? await fromPrecache(rscPrecacheUrl(route, variant)) : undefined;
    // Anything else goes to the network; offline, the router falls back to a full navigation,
    // which the navigation route below answers.
    return cached ?? fetch(request);
  },
);

// Full page loads: the route's prerendered shell, whatever its query (`/invoice?id=…` → `/invoice`).
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.mode === 'navigate',
  async ({ request, url }) => {
    const route = shellPathOf(url.pathname);
    const shell = SHELL_ROUTES.has(route) ? await fromPrecache(route) : undefined;
    if (shell) return shell;
    try {
      return await fetch(request);
    } catch {
      return (await fromPrecache(OFFLINE_URL)) ?? Response.error();
    }
  },
);

// Web Worker scripts (the PDF renderer): Turbopack's worker bootstrap reads its config from the
// script URL's `?params=`, and a worker's location is its response's URL. A cached response carries
// the clean URL; a response built here has none, so the worker keeps the URL it was started with.
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.destination === 'worker',
  async ({ request, url }) => (await fromPrecache(url.pathname)) ?? fetch(request),
);

// Static chunks, fonts, icons, manifest: straight from the precache.
addRoute();

setCatchHandler(async () => Response.error());

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (data?.type === 'GET_VERSION') event.ports[0]?.postMessage(VERSION);
});

// The first install controls the page that registered it at once, so offline works from the first
// visit; later versions wait for SKIP_WAITING.
clientsClaim();
