/**
 * The database: embedded PGlite in DATA_DIR when DATABASE_URL is unset, else a real Postgres via
 * postgres.js. Both get the same committed migrations (drizzle/) before first use.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /**
   * LISTEN on a channel; `onNotify` gets each payload NOTIFY'd after its transaction commits, from
   * any process on this database. Resolves once listening, to a function that stops it.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

/** Opens the database and applies pending migrations. `dataDir: null` is an in-memory PGlite (tests). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    // Connection errors surface on the first query, inside migrate(), with no URL in the message.
    const client = postgres(target.url, { max: 10, onnotice: () => {}, connect_timeout: 10 });
    const db = drizzlePostgres({ client, schema });
    try {
      await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    }
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      // postgres.js keeps one extra connection for all LISTENs of this client and re-listens after a reconnect.
      listen: async (channel, onNotify) => (await client.listen(channel, onNotify)).unlisten,
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const client = guardParameterCount(target.dataDir ? new PGlite(target.dataDir) : new PGlite());
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    listen: async (channel, onNotify) => {
      const stop = await client.listen(channel, onNotify);
      return () => stop();
    },
    close: () => client.close(),
  };
}

/** The most bind parameters one PGlite statement can take (its wire protocol reads the count as signed 16 bits). */
export const PGLITE_MAX_PARAMETERS = 32_767;

function checkParameterCount(params: readonly unknown[] | undefined): void {
  if (params && params.length > PGLITE_MAX_PARAMETERS) {
    throw new RangeError(`A statement with ${params.length} parameters; PGlite takes at most ${PGLITE_MAX_PARAMETERS}: split it`);
  }
}

/**
 * Refuses statements with too many parameters before PGlite sees them: sent, such a statement
 * fails with "Invalid array length" and leaves the instance answering every later query with no
 * rows (sessions vanish, sign-ups conflict) until the process restarts. An error is the safe way.
 */
function guardParameterCount(client: PGlite): PGlite {
  const query = client.query.bind(client);
  client.query = (text, params, options) => {
    checkParameterCount(params);
    return query(text, params, options);
  };
  const transaction = client.transaction.bind(client);
  client.transaction = (callback) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = (text, params, options) => {
        checkParameterCount(params);
        return txQuery(text, params, options);
      };
      return callback(tx);
    });
  return client;
}

export interface MigrationState {
  applied: number;
  known: number;
  upToDate: boolean;
}

/** How many of the committed migrations (drizzle/meta/_journal.json) the database has applied. */
export async function migrationState(db: Db): Promise<MigrationState> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const rows = await db.execute<{ count: number }>(
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  const applied = resultRows<{ count: number }>(rows)[0]?.count ?? 0;
  return { applied, known: journal.entries.length, upToDate: applied === journal.entries.length };
}

/** Rows of `db.execute()`: postgres.js returns an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
