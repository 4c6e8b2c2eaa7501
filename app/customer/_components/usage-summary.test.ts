import { describe, expect, it } from 'vitest';
import { testUsage } from '@/lib/test-fixtures';
import { summarizeUsage } from './usage-summary';

describe('summarizeUsage', () => {
  // 2026-03-01 is a Sunday, so it closes ISO week 2026-02-23..03-01; 03-02 opens the next.
  const rows = [
    testUsage({ id: 'a', day: '2026-03-01', calls: 3, billedSeconds: 90, charge: '0.100001' }),
    testUsage({ id: 'b', day: '2026-03-01', destination: '49', calls: 1, billedSeconds: 30, charge: '0.2' }),
    testUsage({ id: 'c', day: '2026-03-02', calls: 2, billedSeconds: 61, charge: '1.05' }),
    testUsage({ id: 'd', day: '2026-02-28', calls: 1, billedSeconds: 60, charge: '0.5' }),
  ];

  it('sums calls, billed minutes and exact charges per day, newest first', () => {
    expect(summarizeUsage(rows, 'day').map((r) => [r.start, r.end, r.calls, r.minutes, r.charge])).toEqual([
      ['2026-03-02', '2026-03-02', 2, '1.02', '1.05'],
      // 120 s = 2.00 min; 0.100001 + 0.2 = 0.300001 exactly
      ['2026-03-01', '2026-03-01', 4, '2.00', '0.300001'],
      ['2026-02-28', '2026-02-28', 1, '1.00', '0.5'],
    ]);
  });

  it('buckets by ISO week (Monday to Sunday) and by calendar month', () => {
    expect(summarizeUsage(rows, 'week').map((r) => [r.start, r.end, r.calls, r.charge])).toEqual([
      ['2026-03-02', '2026-03-08', 2, '1.05'],
      ['2026-02-23', '2026-03-01', 5, '0.800001'],
    ]);
    expect(summarizeUsage(rows, 'month').map((r) => [r.start, r.end, r.calls, r.minutes])).toEqual([
      ['2026-03-01', '2026-03-31', 6, '3.02'],
      ['2026-02-01', '2026-02-28', 1, '1.00'],
    ]);
  });

  it('ends December buckets on the 31st', () => {
    expect(summarizeUsage([testUsage({ day: '2025-12-15' })], 'month')[0]).toMatchObject({ start: '2025-12-01', end: '2025-12-31' });
  });

  it('gives the attempts, the answer-seizure ratio and the average call duration of each bucket', () => {
    const quality = [
      testUsage({ id: 'a', day: '2026-03-01', calls: 3, attempts: 4, seconds: 100 }),
      testUsage({ id: 'b', day: '2026-03-01', destination: '49', calls: 0, attempts: 3, seconds: 0 }),
      testUsage({ id: 'c', day: '2026-03-02', calls: 0, attempts: 0, seconds: 0 }),
    ];
    expect(summarizeUsage(quality, 'day').map((r) => [r.start, r.attempts, r.asr, r.acdSeconds])).toEqual([
      ['2026-03-02', 0, null, null], // nothing attempted: no ratio, no average
      ['2026-03-01', 7, '42.9', 33], // 3 of 7 answered; 100 s over 3 calls = 33.3 s
    ]);
  });
});
