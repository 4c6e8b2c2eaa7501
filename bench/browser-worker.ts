/**
 * Runs a benchmark inside a dedicated Web Worker of Chromium, where the app's heavy passes run
 * (the CDR import, PDF rendering): the worker script is bundled for the browser with esbuild,
 * served with its input files from a throwaway HTTP server on 127.0.0.1, started with one message,
 * and what it posts back is the result. No app server, no database: only the code under test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServedFile {
  contentType: string;
  body: string | Buffer;
}

/** A worker's reply when it failed: the run stops with its message. */
export interface WorkerFailure {
  error: string;
}

/** The worker at `workerEntry` (a path from the repository root, or absolute) is sent `message`; resolves with its first reply. */
export async function runInBrowserWorker<Reply>(workerEntry: string, files: Record<string, ServedFile>, message: unknown): Promise<{ reply: Reply; browserVersion: string }> {
  // Minified and for the browser, as the production build serves the app's workers.
  const bundle = await build({
    entryPoints: [path.resolve(root, workerEntry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    alias: { '@': root },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const served: Record<string, ServedFile> = {
    '/': { contentType: 'text/html', body: '<!doctype html><title>benchmark</title>' },
    '/worker.js': { contentType: 'text/javascript', body: Buffer.from(bundle.outputFiles[0]!.contents) },
    ...files,
  };
  const server = createServer((request, response) => {
    const file = served[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': Buffer.byteLength(file.body) }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    // A string, not a function: tsx would compile a function with helpers the page does not have.
    const reply = await page.evaluate(`new Promise((resolve, reject) => {
      const worker = new Worker('/worker.js');
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error('worker: ' + event.message));
      worker.postMessage(${JSON.stringify(message)});
    })`);
    const failure = reply as Partial<WorkerFailure>;
    if (typeof failure?.error === 'string') throw new Error(`in the browser worker: ${failure.error}`);
    return { reply: reply as Reply, browserVersion: browser.version() };
  } finally {
    await browser.close();
    await close(server);
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
