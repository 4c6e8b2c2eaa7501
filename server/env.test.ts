import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './auth/accounts';
import { ConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults to PGlite in ./data on port 3000', () => {
    expect(parseEnv({})).toEqual({ databaseUrl: undefined, dataDir: path.resolve('./data'), port: 3000, production: false, tombstoneRetentionDays: 90, proxyHops: 0 });
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
    expect(parseEnv({}).proxyHops).toBe(0);
    expect(parseEnv({ PROXY_HOPS: '2' }).proxyHops).toBe(2);
    expect(() => parseEnv({ PROXY_HOPS: '-1' })).toThrow(/^PROXY_HOPS must be a whole number of proxies from 0/);
    expect(() => parseEnv({ PROXY_HOPS: 'one' })).toThrow(/^PROXY_HOPS must be a whole number of proxies from 0/);
  });
});

describe('clientAddress', () => {
  const headers = (forwarded: string) => new Headers({ 'x-forwarded-for': forwarded });
  it('takes the entry PROXY_HOPS from the right: what the client wrote before it proves nothing', () => {
    // No proxy: the header is the connection's address alone (scripts/serve.mjs writes it).
    expect(clientAddress(headers('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddress(headers('10.9.9.9, 203.0.113.7'), 1)).toBe('203.0.113.7');
    // Behind a CDN and a load balancer, the balancer appended the CDN's address.
    expect(clientAddress(headers('10.9.9.9, 203.0.113.7, 198.51.100.20'), 2)).toBe('203.0.113.7');
    expect(clientAddress(headers('203.0.113.7'), 3)).toBe('203.0.113.7');
    expect(clientAddress(new Headers({ 'x-real-ip': '192.0.2.4' }))).toBe('192.0.2.4');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
