/**
 * The server's configuration, read and validated once. A bad variable stops start-up with one line
 * naming it; values are never printed (a DATABASE_URL carries a password).
 */
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// connection URL' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce
    .number({ message: 'must be a port number from 1 to 65535' })
    .int({ message: 'must be a port number from 1 to 65535' })
    .min(1, { message: 'must be a port number from 1 to 65535' })
    .max(65_535, { message: 'must be a port number from 1 to 65535' })
    .default(3000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  TOMBSTONE_RETENTION_DAYS: z.coerce
    .number({ message: 'must be a whole number of days from 1' })
    .int({ message: 'must be a whole number of days from 1' })
    .min(1, { message: 'must be a whole number of days from 1' })
    .default(90),
  PROXY_HOPS: z.coerce
    .number({ message: 'must be a whole number of proxies from 0' })
    .int({ message: 'must be a whole number of proxies from 0' })
    .min(0, { message: 'must be a whole number of proxies from 0' })
    .default(0),
});

export interface Env {
  /** Set: a real Postgres through postgres.js. Unset: embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  production: boolean;
  /** Deleted rows are remembered for sync this long; a device away longer re-syncs from scratch. */
  tombstoneRetentionDays: number;
  /**
   * How many proxies stand in front of the server, so which X-Forwarded-For entry, counted from the
   * right, is the client's address (rate limits): entries further left were written by the client
   * and prove nothing. 0: none, and scripts/serve.mjs replaces the header with the connection's
   * address; 1: the address the one proxy saw.
   */
  proxyHops: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const empty = (v: string | undefined) => (v === '' ? undefined : v);
  const result = envSchema.safeParse({
    DATABASE_URL: empty(source.DATABASE_URL),
    DATA_DIR: empty(source.DATA_DIR),
    PORT: empty(source.PORT),
    NODE_ENV: empty(source.NODE_ENV),
    TOMBSTONE_RETENTION_DAYS: empty(source.TOMBSTONE_RETENTION_DAYS),
    PROXY_HOPS: empty(source.PROXY_HOPS),
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${name} ${issue?.message ?? 'is invalid'}`);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    port: e.PORT,
    production: e.NODE_ENV === 'production',
    tombstoneRetentionDays: e.TOMBSTONE_RETENTION_DAYS,
    proxyHops: e.PROXY_HOPS,
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
