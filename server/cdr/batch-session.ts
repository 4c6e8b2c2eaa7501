/**
 * A transaction on the database driver itself (postgres.js or PGlite), for CDR ingest: it streams
 * rows with COPY, which drizzle has no API for. Everything else ingest does is plain SQL text with
 * `$n` parameters, the same on both drivers; only how COPY's data reaches the server differs.
 *
 * Drizzle's own transactions (server/transactions.ts) and these exclude each other the same way on
 * each database: row locks on Postgres, PGlite's single exclusive transaction on PGlite.
 */
import { once } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import type { Sql, TransactionSql } from 'postgres';
import type { Database } from '../db';

export interface BatchSession {
  /** Runs one statement; its rows. */
  rows<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * `COPY <target> FROM STDIN` with `data` in COPY's binary format (binary-copy.ts), in pieces of
   * whole rows. Pieces of tens of kilobytes are cheaper than one large buffer: each large buffer is
   * fresh memory, and page faults on fresh memory are a large cost on small VMs.
   */
  copyIn(target: string, data: readonly Uint8Array<ArrayBuffer>[]): Promise<void>;
  /**
   * Runs `fn` at a savepoint: if it throws, what it did is undone and the transaction goes on (the
   * error is rethrown). postgres.js fails the whole transaction on any failed statement unless the
   * statement ran in its own savepoint API, so raw SAVEPOINT statements are not enough there.
   */
  savepoint<T>(fn: (session: BatchSession) => Promise<T>): Promise<T>;
}

/**
 * postgres.js 3.4 drops an error the server reports after the last COPY data was sent (its stream
 * is already detached), so the write would wait forever; this long a wait means that happened (or
 * the connection is gone), and the transaction is rolled back instead. A batch's COPY takes seconds.
 */
const COPY_STALL_MS = 120_000;

function copyThroughPostgresJs(sql: TransactionSql, target: string, data: readonly Uint8Array<ArrayBuffer>[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stall = setTimeout(() => reject(new Error(`COPY into ${target} got no answer in ${COPY_STALL_MS / 1000} s`)), COPY_STALL_MS);
    const settle = (error?: Error) => {
      clearTimeout(stall);
      if (error) reject(error);
      else resolve();
    };
    sql
      .unsafe(`copy ${target} from stdin with (format binary)`)
      .writable()
      .then(async (stream) => {
        stream.on('error', settle);
        stream.on('finish', () => settle());
        // One piece at a time, as the socket takes them, so only a few are ever encoded at once.
        for (const piece of data) {
          if (!stream.write(piece)) await once(stream, 'drain');
        }
        stream.end();
      })
      .catch(settle);
  });
}

/** Runs `fn` in one READ COMMITTED transaction on the driver of `database`. */
export async function inBatchSession<T>(database: Database, fn: (session: BatchSession) => Promise<T>): Promise<T> {
  // Drizzle exposes the driver it was built on as `$client` (server/db.ts builds both).
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') {
    const sql = client as Sql;
    const sessionOf = (tx: TransactionSql): BatchSession => ({
      rows: async <R>(text: string, params: readonly unknown[] = []) => (await tx.unsafe(text, params as never[])) as unknown as R[],
      copyIn: (target, data) => copyThroughPostgresJs(tx, target, data),
      savepoint: async <R>(inner: (session: BatchSession) => Promise<R>) => (await tx.savepoint((sp) => inner(sessionOf(sp)))) as R,
    });
    const result = await sql.begin((tx) => fn(sessionOf(tx)));
    return result as T;
  }
  const pglite = client as PGlite;
  return pglite.transaction((tx) => {
    let savepoints = 0;
    const session: BatchSession = {
      rows: async <R>(text: string, params: readonly unknown[] = []) => (await tx.query<R>(text, [...params])).rows,
      // PGlite reads COPY data from a Blob named /dev/blob.
      copyIn: async (target, data) => {
        await tx.query(`copy ${target} from '/dev/blob' with (format binary)`, [], { blob: new Blob([...data]) });
      },
      savepoint: async (inner) => {
        const name = `s${++savepoints}`;
        await tx.query(`savepoint ${name}`);
        try {
          const value = await inner(session);
          await tx.query(`release savepoint ${name}`);
          return value;
        } catch (error) {
          await tx.query(`rollback to savepoint ${name}`);
          throw error;
        }
      },
    };
    return fn(session);
  });
}
