/**
 * A database as it was before a migration, for the tests of what a migration does to the rows
 * stored before it (only tests import this).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MIGRATIONS_FOLDER, resultRows, type Database, type DatabaseKind, type Db } from '../db';
import * as schema from '../schema';

/** A copy of drizzle/ whose journal stops before `tag`: a database as it was before that migration. */
export async function migrationsBefore(tag: string): Promise<{ folder: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'tollbook-migrations-'));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  if (at < 0) throw new Error(`no migration ${tag}`);
  await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** No LISTEN in these tests: they call the procedures, they do not wait for pokes. */
const noListen = () => Promise.reject(new Error('LISTEN is not open in migration tests'));

/**
 * An empty database of `kind`, migrated by `migrate(folder)`, and how to run SQL on it and drop it.
 * `server` is the same database as the server code takes it (server/db Database), to fill it
 * through the procedures of then and read it through those of now; `close` closes it too.
 */
export async function emptyDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const client = new PGlite();
    const db = drizzlePglite({ client });
    const server: Database = { db: drizzlePglite({ client, schema }) as unknown as Db, kind, listen: noListen, close: async () => {} };
    return {
      server,
      migrate: (folder: string) => migratePglite(db, { migrationsFolder: folder }),
      query: async <T>(statement: ReturnType<typeof sql>) => resultRows<T>(await db.execute(statement)),
      close: () => client.close(),
    };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `tollbook_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const db = drizzlePostgres({ client });
  const server: Database = { db: drizzlePostgres({ client, schema }) as unknown as Db, kind, listen: noListen, close: async () => {} };
  return {
    server,
    migrate: (folder: string) => migratePostgres(db, { migrationsFolder: folder }),
    query: async <T>(statement: ReturnType<typeof sql>) => resultRows<T>(await db.execute(statement)),
    close: async () => {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
