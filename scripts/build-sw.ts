/**
 * Builds public/sw.js from app/_sw/sw.ts after `next build` (`npm run build` runs both): bundles the
 * worker with esbuild, then has workbox-build inject the precache manifest, so each build's worker
 * lists exactly that build's files with content revisions.
 *
 * Precached: every prerendered route's HTML at its clean URL, its RSC payloads (full and per
 * segment, as Next's client router requests them), all of .next/static, the PDF fonts, the icons,
 * the web manifest and the offline page. Nothing under /api.
 *
 * `--revision NAME` (or TOLLBOOK_SW_REVISION) names the build in the worker instead of Next's
 * BUILD_ID; a worker with another name is a new version to the browser. e2e/pwa.spec.ts uses it to
 * deploy "build B" without a second `next build`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';
import { NAVIGATION, OFFLINE_URL, rscPrecacheUrl } from '../app/_sw/sw-routes';

interface ManifestEntry {
  url: string;
  revision: string | null;
}

interface PrerenderManifest {
  routes: Record<string, { routeType?: string }>;
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const nextDir = path.join(root, '.next');
const appOutDir = path.join(nextDir, 'server', 'app');
const publicDir = path.join(root, 'public');
const swDest = path.join(publicDir, 'sw.js');
/** The largest font (CJK fallback) is about 4 MB; the PDF needs it offline. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

function revisionArg(): string | undefined {
  const at = process.argv.indexOf('--revision');
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? process.env.TOLLBOOK_SW_REVISION;
}

async function revisionOf(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex').slice(0, 20);
}

/** Next writes `/` as index.*, `/invoice/edit` as invoice/edit.*. */
function outputName(route: string): string {
  return route === '/' ? 'index' : route.slice(1);
}

/** The prerendered pages a user can open, and their HTML and RSC payloads. */
async function pageEntries(): Promise<{ routes: string[]; entries: ManifestEntry[] }> {
  const manifest = JSON.parse(await readFile(path.join(nextDir, 'prerender-manifest.json'), 'utf8')) as PrerenderManifest;
  const routes: string[] = [];
  const entries: ManifestEntry[] = [];
  for (const [route, info] of Object.entries(manifest.routes)) {
    const base = path.join(appOutDir, outputName(route));
    if (info.routeType === 'route') {
      // A static route handler such as /manifest.webmanifest: its body is the file.
      if (existsSync(`${base}.body`)) entries.push({ url: route, revision: await revisionOf(`${base}.body`) });
      continue;
    }
    // Next's own error pages are not places to navigate to.
    if (route.startsWith('/_') || !existsSync(`${base}.html`)) continue;
    routes.push(route);
    entries.push({ url: route, revision: await revisionOf(`${base}.html`) });
    entries.push({ url: rscPrecacheUrl(route, NAVIGATION), revision: await revisionOf(`${base}.rsc`) });
    const meta = JSON.parse(await readFile(`${base}.meta`, 'utf8')) as { segmentPaths?: string[] };
    for (const segment of meta.segmentPaths ?? []) {
      const file = `${base}.segments${segment}.segment.rsc`;
      if (existsSync(file)) entries.push({ url: rscPrecacheUrl(route, segment), revision: await revisionOf(file) });
    }
  }
  if (!routes.includes('/')) throw new Error('build-sw: no prerendered "/" in .next: run `next build` first');
  return { routes: routes.sort(), entries };
}

/** Files of public/ the app needs offline (never public/sw.js itself). */
async function publicEntries(): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const folder of ['fonts', 'icons']) {
    for (const file of (await readdir(path.join(publicDir, folder))).sort()) {
      if (/\.(ttf|otf|woff2?|png|svg)$/.test(file)) {
        entries.push({ url: `/${folder}/${file}`, revision: await revisionOf(path.join(publicDir, folder, file)) });
      }
    }
  }
  entries.push({ url: OFFLINE_URL, revision: await revisionOf(path.join(publicDir, OFFLINE_URL)) });
  return entries;
}

async function main(): Promise<void> {
  const version = revisionArg() ?? (await readFile(path.join(nextDir, 'BUILD_ID'), 'utf8')).trim();
  const pages = await pageEntries();
  const bundleDir = path.join(nextDir, 'sw-build');
  const bundled = path.join(bundleDir, 'sw.js');
  await mkdir(bundleDir, { recursive: true });
  await build({
    entryPoints: [path.join(root, 'app', '_sw', 'sw.ts')],
    outfile: bundled,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    define: {
      __TOLLBOOK_SW_VERSION__: JSON.stringify(version),
      __TOLLBOOK_SHELL_ROUTES__: JSON.stringify(pages.routes),
      // Workbox logs only in development builds.
      'process.env.NODE_ENV': '"production"',
    },
    logLevel: 'warning',
  });
  const result = await injectManifest({
    swSrc: bundled,
    swDest,
    globDirectory: path.join(nextDir, 'static'),
    globPatterns: ['**/*'],
    modifyURLPrefix: { '': '/_next/static/' },
    // Hashed file names (and the build id folder) already change with their content.
    dontCacheBustURLsMatching: /^\/_next\/static\//,
    additionalManifestEntries: [...pages.entries, ...(await publicEntries())],
    maximumFileSizeToCacheInBytes: MAX_FILE_BYTES,
  });
  await rm(bundleDir, { recursive: true, force: true });
  for (const warning of result.warnings) console.warn(`build-sw: ${warning}`);
  console.log(`build-sw: public/sw.js (${version}) precaches ${result.count} URLs (${(result.size / 1024 / 1024).toFixed(1)} MB of them from .next/static), ${pages.routes.length} routes`);
}

await main();
