import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults to PGlite in ./data on port 3000', () => {
    expect(parseEnv({})).toEqual({ databaseUrl: undefined, dataDir: path.resolve('./data'), port: 3000, production: false, tombstoneRetentionDays: 90 });
  });

  it('names the bad variable and never echoes a connection string', () => {
    const secret = 'mysql://admin:hunter2@db.example.com/tollbook';
    expect(() => parseEnv({ DATABASE_URL: secret })).toThrow(ConfigError);
    try {
      parseEnv({ DATABASE_URL: secret });
    } catch (error) {
      expect((error as Error).message).toMatch(/^DATABASE_URL /);
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() => parseEnv({ PORT: '70000' })).toThrow(/^PORT /);
    expect(() => parseEnv({ PORT: 'http' })).toThrow(/^PORT /);
    expect(() => parseEnv({ TOMBSTONE_RETENTION_DAYS: '0' })).toThrow(/^TOMBSTONE_RETENTION_DAYS must be a whole number of days/);
    expect(() => parseEnv({ TOMBSTONE_RETENTION_DAYS: 'a week' })).toThrow(/^TOMBSTONE_RETENTION_DAYS /);
  });

  it('accepts a postgres URL and a port', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tollbook', PORT: '8080' });
    expect(env.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/tollbook');
    expect(env.port).toBe(8080);
    expect(parseEnv({ TOMBSTONE_RETENTION_DAYS: '30' }).tombstoneRetentionDays).toBe(30);
  });
});
