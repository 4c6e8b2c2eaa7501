/** The usage benchmark's server case: `ingestCdrs` (the POST /api/cdrs path) vs COPY (see usage.bench.ts). */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { resultRows } from '../server/db';
import { ingestCdrs } from '../server/cdr/ingest';
import { customer, numbered, pushOf } from '../server/sync/test-mutations';
import { openTestDatabase } from '../server/test-databases';
import { signUpOwner } from '../server/test-sessions';
import { CDRS, CUSTOMERS, each, generate, rowsPerSecond, RUNS, time } from './cdr-file';
import { median, round, type BenchCase } from './harness';

export async function serverIngest(): Promise<BenchCase> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('The usage benchmark needs DATABASE_URL (a real Postgres) for its server case');
  const database = await openTestDatabase('postgres');
  const [{ name }] = resultRows<{ name: string }>(await database.db.execute(sql`select current_database() as name`)) as [{ name: string }];
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = postgres(target.toString(), { max: 1, onnotice: () => {} });
  try {
    const owner = await signUpOwner(database, 'Bench Carrier');
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => customer({ name: `Customer ${i + 1}`, externalId: `CUST-${i + 1}`, currency: 'USD' }));
    await owner.caller.sync.push(pushOf(randomUUID(), numbered(1, customers.map((c) => ({ name: 'createCustomer', args: c })))));
    await client.unsafe(`create table copy_baseline (time timestamptz, customer text, destination_number text, destination_name text,
      duration integer, billed_duration integer, charge numeric, currency text, call_id text)`);

    const ingestTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // As bytes, for both: the server reads a request's body, and COPY's data, from a socket.
      const chunks = generate(`r${run}`).map((chunk) => Buffer.from(chunk, 'utf8'));
      ingestTimes.push(
        await time(async () => {
          const result = await ingestCdrs(database, owner.tenantId, each(chunks), { format: 'csv' });
          if (result.accepted !== CDRS) throw new Error(`ingest accepted ${result.accepted} of ${CDRS}: ${JSON.stringify(result.badRows.slice(0, 3))}`);
        }),
      );
      await client.unsafe('truncate copy_baseline');
      copyTimes.push(
        await time(async () => {
          const writable = await client.unsafe('copy copy_baseline from stdin with (format csv, header true)').writable();
          await pipeline(Readable.from(chunks), writable);
        }),
      );
      console.error(`usage bench run ${run + 1}/${RUNS}: ingest ${round(ingestTimes.at(-1)!)} ms, COPY ${round(copyTimes.at(-1)!)} ms`);
    }
    const value = median(ingestTimes);
    const baseline = median(copyTimes);
    return {
      case: `server: ingest ${CDRS.toLocaleString('en-US')} CDRs (POST /api/cdrs path) vs COPY into an unindexed table`,
      unit: 'ms',
      value: round(value),
      baseline: round(baseline),
      ratio: round(value / baseline),
      extra: { ingestRowsPerSecond: rowsPerSecond(value), copyRowsPerSecond: rowsPerSecond(baseline), runs: RUNS },
    };
  } finally {
    await client.end({ timeout: 5 });
    await database.close();
  }
}

