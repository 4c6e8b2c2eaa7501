import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { createCaller } from '../root';
import { openTestDatabase, TEST_DATABASE_KINDS } from '../test-databases';
import { createContext } from '../trpc';

describe.each(TEST_DATABASE_KINDS)('health on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('reports the database kind and that every committed migration is applied', async () => {
    const health = await createCaller(createContext(database)).health.check();
    expect(health.database).toBe(kind);
    expect(health.migrations.applied).toBeGreaterThan(0);
    expect(health.migrations.applied).toBe(health.migrations.known);
    expect(health.ok).toBe(true);
  });
});
