import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatUnits } from '../../lib/money';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { inBatchSession } from './batch-session';
import { BinaryCopyWriter, maxNumericBytes, maxTextBytes, releasePieces } from './binary-copy';

interface Values {
  id: string;
  name: string;
  epochMs: number;
  epochDay: number;
  units: bigint;
  scale: number;
}

/** What Postgres reads back, as text, for rows written by the writer. */
async function roundTrip(database: TestDatabase, rows: readonly Values[]) {
  return inBatchSession(database, async (tx) => {
    await tx.rows('create temporary table copied (n int4, id uuid, name text, at timestamptz, day date, amount numeric) on commit drop');
    const writer = new BinaryCopyWriter();
    rows.forEach((row, n) => {
      // A safe integer takes the arithmetic path, a larger one the text path.
      const units = Number.isSafeInteger(Number(row.units)) ? Number(row.units) : row.units;
      writer.row(6, 4 + 4 + 4 + 16 + maxTextBytes(row.name) + 12 + 8 + maxNumericBytes(units, row.scale));
      writer.int4(n);
      writer.bytes(Buffer.from(row.id.replaceAll('-', ''), 'hex'));
      writer.text(row.name);
      writer.timestamptz(row.epochMs);
      writer.date(row.epochDay);
      writer.numeric(units, row.scale);
    });
    await tx.copyIn('copied (n, id, name, at, day, amount)', writer.finish());
    return tx.rows<{ id: string; name: string; at: string; day: string; amount: string; ms: string }>(
      `select id::text as id, name, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, day::text as day, amount::text as amount,
              (extract(epoch from at) * 1000)::bigint::text as ms
       from copied order by n`,
    );
  });
}

const expected = (row: Values) => ({
  id: row.id,
  name: row.name,
  at: new Date(row.epochMs).toISOString(),
  day: new Date(row.epochDay * 86_400_000).toISOString().slice(0, 10),
  amount: formatUnits(row.units, row.scale),
  ms: String(row.epochMs),
});

describe.each(TEST_DATABASE_KINDS)('BinaryCopyWriter on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('writes what Postgres reads back exactly: text in any script, instants to the millisecond before and after 2000, days, and decimals of any size and sign', async () => {
    const row = (overrides: Partial<Values>): Values => ({
      id: '0190a000-0000-7000-8000-00000000000a',
      name: 'x',
      epochMs: Date.UTC(2026, 2, 1, 12, 34, 56, 789),
      epochDay: 20_513,
      units: 817_000n,
      scale: 6,
      ...overrides,
    });
    const rows = [
      row({}),
      row({ name: '', units: 0n }),
      row({ name: 'Côte d’Ivoire — ☎ 📞 Tab\tand\nline \\ back', units: -1n }),
      row({ epochMs: Date.UTC(1999, 11, 31, 23, 59, 59, 999), epochDay: 10_956, units: 123_456_789_012_345_678_901n }),
      row({ epochMs: Date.UTC(1970, 0, 1), epochDay: 0, units: 10_000_000_000n, scale: 6 }),
      row({ units: 99_990_000n, scale: 4 }),
      row({ units: -5n, scale: 0 }),
      row({ units: 1n, scale: 9 }),
      row({ name: 'é'.repeat(30_000), units: 9_999n, scale: 2 }),
      row({ units: 9_007_199_254_740_991n }),
      row({ units: -9_007_199_254_740_991n, scale: 12 }),
      row({ units: 9_007_199_254_740_991n, scale: 13 }),
      row({ units: -817_000n }),
      row({ units: 10_000n, scale: 4 }),
    ];
    expect(await roundTrip(database, rows)).toEqual(rows.map(expected));
  });

  it('random rows, across pieces', async () => {
    const values = fc.record({
      id: fc.uuid(),
      name: fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0')),
      epochMs: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
      epochDay: fc.integer({ min: -25_000, max: 80_000 }),
      units: fc.oneof(fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }), fc.bigInt({ min: -(2n ** 53n - 1n), max: 2n ** 53n - 1n }), fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n })),
      scale: fc.integer({ min: 0, max: 14 }),
    });
    const sample = fc.sample(fc.array(values, { minLength: 3000, maxLength: 3000 }), { numRuns: 1, seed: 42 })[0]!;
    expect(await roundTrip(database, sample)).toEqual(sample.map(expected));
  });
});

describe('BinaryCopyWriter pieces', () => {
  /** The bytes of `count` rows of one text each, written by a new writer. */
  const written = (text: string, count: number) => {
    const writer = new BinaryCopyWriter();
    for (let i = 0; i < count; i++) {
      writer.row(1, maxTextBytes(text));
      writer.text(text);
    }
    return writer.finish();
  };
  const joined = (pieces: readonly Uint8Array[]) => Buffer.concat(pieces);

  it('released pieces are reused whole by later writers, each by one writer only', () => {
    const expectedA = joined(written('a'.repeat(100), 2000));
    const expectedB = joined(written('b'.repeat(100), 2000));
    const first = written('x'.repeat(100), 2000);
    expect(first.length).toBeGreaterThan(2);
    const firstBuffers = new Set(first.map((piece) => piece.buffer));
    releasePieces(first);
    // Two writers at once after the release: both take pooled pieces, never the same one.
    const a = written('a'.repeat(100), 2000);
    const b = written('b'.repeat(100), 2000);
    expect(a.some((piece) => firstBuffers.has(piece.buffer))).toBe(true);
    expect(a.filter((piece) => b.some((other) => other.buffer === piece.buffer))).toEqual([]);
    expect(joined(a)).toEqual(expectedA);
    expect(joined(b)).toEqual(expectedB);
  });
});
