/**
 * Databases for server tests: always an in-memory PGlite; also a real Postgres when DATABASE_URL is
 * set (CI). Each Postgres test database is created fresh and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database, type DatabaseKind } from './db';

export const TEST_DATABASE_KINDS: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Postgres only: another connection pool to the same database, as a second server process has. */
  openAnotherProcess?: () => Promise<Database>;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return openDatabase({ kind: 'pglite', dataDir: null });
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is needed for Postgres tests');
  const name = `tollbook_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  const others: Database[] = [];
  return {
    ...database,
    async openAnotherProcess() {
      const other = await openDatabase({ kind: 'postgres', url: url.toString() });
      others.push(other);
      return other;
    },
    async close() {
      await Promise.all(others.map((other) => other.close()));
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
