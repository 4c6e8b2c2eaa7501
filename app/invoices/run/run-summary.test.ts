import { describe, expect, it } from 'vitest';
import type { RunEntry } from '@/lib/billing-run';
import type { Customer } from '@/lib/entities';
import { runSummary } from './run-summary';

const customer = { id: 'c', name: 'Globex' } as Customer;
const entry = (kind: RunEntry['outcome']['kind']): RunEntry => ({ customer, outcome: { kind } as RunEntry['outcome'] });

describe('runSummary', () => {
  it('counts the drafts to create, with their totals, and those left out', () => {
    const run = [entry('draft'), entry('draft'), entry('invoiced')];
    expect(runSummary(run, run.slice(0, 2), '$64.84')).toBe('2 drafts to create, totalling $64.84; 1 customer left out.');
  });

  it('says why nothing is left to create instead of offering to create 0 drafts: each reason counted, the customers named once', () => {
    // After a run: the drafts it made leave their customers out.
    expect(runSummary([entry('drafted'), entry('drafted'), entry('invoiced'), entry('nothing')], [], undefined)).toBe(
      'Nothing left to create: 2 customers have drafts of this period to check and issue, 1 is invoiced for this period already and 1 has nothing to bill.',
    );
    expect(runSummary([entry('invoiced')], [], undefined)).toBe('Nothing left to create: 1 customer is invoiced for this period already.');
    expect(runSummary([entry('nothing'), entry('failed')], [], undefined)).toBe(
      'Nothing left to create: 1 customer has nothing to bill and 1 cannot be billed (see why below).',
    );
  });

  it('says the drafts left are unticked when the clerk unticked them all', () => {
    expect(runSummary([entry('draft'), entry('drafted')], [], undefined)).toBe(
      'Nothing to create: the one customer with a draft to create is unticked. Tick it to create its draft.',
    );
    expect(runSummary([entry('draft'), entry('draft')], [], undefined)).toBe('Nothing to create: the 2 customers with a draft to create are unticked. Tick those to bill.');
  });
});
