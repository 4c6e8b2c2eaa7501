/**
 * Checks the configuration before anything starts: the environment, the port, the data folder and
 * the database (migrating it). Any problem ends the process with one line saying what to fix.
 */
import { access, constants, mkdir } from 'node:fs/promises';
import net from 'node:net';
import { openDatabase } from '../server/db';
import { ConfigError, parseEnv, type Env } from '../server/env';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function check(env: Env): Promise<string> {
  if (!(await portIsFree(env.port))) {
    throw new ConfigError(`PORT ${env.port} is already in use: stop what runs there or set PORT to a free port`);
  }
  if (env.databaseUrl) {
    const database = await openDatabase({ kind: 'postgres', url: env.databaseUrl }).catch((error: unknown) => {
      // Drizzle wraps the driver's error; its code (ECONNREFUSED, 28P01, 3D000...) names the problem
      // without echoing the connection string.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause ?? (error as { code?: string; message?: string });
      const reason = cause.code ?? cause.message ?? 'unknown error';
      throw new ConfigError(`DATABASE_URL: cannot connect or migrate (${reason}): check the host, port, user and database`);
    });
    await database.close();
    return 'postgres';
  }
  try {
    await mkdir(env.dataDir, { recursive: true });
    await access(env.dataDir, constants.W_OK);
  } catch {
    throw new ConfigError(`DATA_DIR ${env.dataDir} is not a writable folder: create it with write permission or point DATA_DIR elsewhere`);
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: env.dataDir });
  await database.close();
  return `pglite in ${env.dataDir}`;
}

try {
  const env = parseEnv();
  const kind = await check(env);
  console.log(`tollbook: database ${kind}, migrations applied`);
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  console.error(`tollbook: ${message}`);
  process.exit(1);
}
