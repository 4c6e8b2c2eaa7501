/** The one database of this server process, opened (and migrated) on first use. */
import { env } from './env';
import { openDatabase, type Database } from './db';

const globalForDb = globalThis as typeof globalThis & { tollbookDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.tollbookDatabase ??= (() => {
    const { databaseUrl, dataDir } = env();
    return openDatabase(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir });
  })();
  return globalForDb.tollbookDatabase;
}
