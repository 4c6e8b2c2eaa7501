/**
 * Bad configuration stops `npm start` before anything is served, with one line saying what to fix
 * (scripts/preflight.ts, run exactly as scripts/start.mjs runs it).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(path.join(tmpdir(), 'tollbook-preflight-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function preflight(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/preflight.ts'], {
    // A clean environment (no DATABASE_URL from CI unless a case sets it); NODE_ENV as npm start has it.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(await freePort()), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe('start-up checks', () => {
  it('refuses an unwritable DATA_DIR in one line', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, '');
    const result = await preflight({ DATA_DIR: path.join(file, 'data') });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^tollbook: DATA_DIR .* is not a writable folder/);
  });

  it('refuses an unreachable DATABASE_URL without printing it', async () => {
    const result = await preflight({ DATABASE_URL: 'postgres://tollbook:s3cret@127.0.0.1:1/tollbook' });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^tollbook: DATABASE_URL: cannot connect or migrate \(ECONNREFUSED\)/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('names a malformed PORT', async () => {
    const result = await preflight({ PORT: 'http' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('tollbook: PORT must be a port number from 1 to 65535');
  });

  it('refuses a port in use', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const result = await preflight({ PORT: String(port), DATA_DIR: path.join(scratch, 'data') });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`tollbook: PORT ${port} is already in use: stop what runs there or set PORT to a free port`);
    } finally {
      server.close();
    }
  });

  it('passes a good configuration and migrates the embedded database', async () => {
    const result = await preflight({ DATA_DIR: path.join(scratch, 'good') });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/database pglite in .*good, migrations applied/);
  });
});
