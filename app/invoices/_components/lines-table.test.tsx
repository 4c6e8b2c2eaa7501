import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testLine, testUuid } from '@/lib/test-fixtures';
import { computeTotals } from '@/lib/totals';
import { LinesTable } from './lines-table';

/** The text of each element with `data-testid` `id`, and of each Qty cell. */
function shown(element: React.ReactElement) {
  const html = renderToStaticMarkup(element);
  const texts = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!.replace(/<[^>]*>/g, ''));
  return { counts: texts(/data-testid="line-usage-counts"[^>]*>(.*?)<\/div>/g), qty: texts(/class="[^"]*line-qty[^"]*"[^>]*>(.*?)<\/td>/g) };
}

describe('LinesTable: the calls of a credit note line', () => {
  // 100.004 billing 410 calls, 1,234 min: given back in full, and 40.00 of it.
  const billed = testLine({ kind: 'usage', description: 'United Kingdom Mobile (447)', quantity: '1234', unit: 'min', unitPrice: '0.081', amount: '100.004', calls: 410, minutes: '1234' });
  const whole = { ...billed, id: testUuid(1, 'd'), amount: '-100.004' };
  const part = { ...billed, id: testUuid(2, 'd'), position: 1, amount: '-40.00' };
  const lines = [whole, part];
  const table = (usageInPart?: ReadonlySet<string>) => <LinesTable lines={lines} totals={computeTotals(lines, 'USD')} currency="USD" usageInPart={usageInPart} />;

  it('reads "part of 410 calls · 1,234 min" on a line giving back part of them by amount, with no minutes as its quantity; the whole line −410 calls', () => {
    expect(shown(table(new Set([part.id])))).toEqual({ counts: ['-410 calls · -1,234 min', 'part of 410 calls · 1,234 min'], qty: ['-1,234 min', ''] });
  });

  it('shows each line as given back when none is known to give back part', () => {
    expect(shown(table()).counts).toEqual(['-410 calls · -1,234 min', '-410 calls · -1,234 min']);
  });
});
