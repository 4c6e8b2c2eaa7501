/**
 * `npm run test:e2e`: Playwright in Chromium. Uses Debian's /usr/bin/chromium (or CHROMIUM_PATH)
 * when present; otherwise installs Playwright's own Chromium first, so a fresh machine with
 * internet passes too. Each run starts on an empty data folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
// An empty CHROMIUM_PATH counts as unset (scripts/chromium.ts reads it alike).
const haveSystemChromium = existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium');
if (!haveSystemChromium) {
  const install = run('npx', ['playwright', 'install', 'chromium']);
  if (install.status !== 0) process.exit(install.status ?? 1);
}
rmSync(process.env.E2E_DATA_DIR ?? '.e2e-data', { recursive: true, force: true });
const result = run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
process.exit(result.status ?? 1);
