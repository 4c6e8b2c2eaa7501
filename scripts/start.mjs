/**
 * `npm start`: check the configuration (scripts/preflight.ts), build if the sources changed since
 * the last build, then serve the app and the API (scripts/serve.mjs: Next's production server) on
 * PORT (default 3000).
 */
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });

const preflight = run(process.execPath, ['--import', 'tsx', 'scripts/preflight.ts']);
if (preflight.status !== 0) process.exit(preflight.status ?? 1);

// A stamp of every input of the build: path, size and modification time.
function sourceStamp() {
  const hash = createHash('sha256');
  const visit = (rel) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const entry of readdirSync(abs).sort()) visit(path.join(rel, entry));
    } else if (!rel.startsWith(path.join('public', 'sw.js'))) {
      hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  for (const rel of ['app', 'lib', 'server', 'public', 'scripts', 'next.config.ts', 'package-lock.json', 'tsconfig.json']) visit(rel);
  return hash.digest('hex');
}

const stampFile = path.join(root, '.next', 'tollbook-build-stamp');
const stamp = sourceStamp();
const built = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
if (!built) {
  const build = run('npm', ['run', 'build']);
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(stampFile, stamp);
}

const port = process.env.PORT || '3000';
const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PORT: port, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
