/**
 * The Chromium the e2e suite and the browser benchmarks launch: CHROMIUM_PATH when set (and not
 * empty), else Debian's /usr/bin/chromium, else Playwright's own (undefined). These machines cannot
 * download Playwright's, so a CHROMIUM_PATH exported empty must not hide Debian's.
 */
import { existsSync } from 'node:fs';

export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

/** Flags for a headless Chromium on a machine with no sandbox, GPU or outside network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
