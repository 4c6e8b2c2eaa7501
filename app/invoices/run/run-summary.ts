/**
 * What the billing run says above its table: the drafts it would create, or, when it would create
 * none, why not (every customer left out, and for what; or every draft unticked), in place of a
 * "Create 0 drafts" button that could do nothing.
 */
import type { RunEntry } from '@/lib/billing-run';
import { listInWords } from '@/lib/text';
import { countOf, formatInteger } from '../../_components/locale';

type LeftOutKind = Exclude<RunEntry['outcome']['kind'], 'draft'>;

/** Why customers are left out, as a verb agreeing with one or many. */
const LEFT_OUT_BECAUSE: [LeftOutKind, string, string][] = [
  ['drafted', 'has a draft of this period to check and issue', 'have drafts of this period to check and issue'],
  ['invoiced', 'is invoiced for this period already', 'are invoiced for this period already'],
  ['nothing', 'has nothing to bill', 'have nothing to bill'],
  ['failed', 'cannot be billed (see why below)', 'cannot be billed (see why below)'],
];

/**
 * The run's summary: what Create would make, else why there is nothing to create. `drafts`: the
 * entries with a draft that are ticked; `totals`: theirs, formatted.
 */
export function runSummary(run: readonly RunEntry[], drafts: readonly RunEntry[], totals: string | undefined): string {
  const leftOut = run.filter((e) => e.outcome.kind !== 'draft').length;
  const draftable = run.length - leftOut;
  if (drafts.length > 0) {
    return `${countOf(drafts.length, 'draft', 'drafts')} to create${totals ? `, totalling ${totals}` : ''}; ${countOf(leftOut, 'customer', 'customers')} left out.`;
  }
  if (draftable > 0) {
    return draftable === 1
      ? 'Nothing to create: the one customer with a draft to create is unticked. Tick it to create its draft.'
      : `Nothing to create: the ${formatInteger(draftable)} customers with a draft to create are unticked. Tick those to bill.`;
  }
  // The first reason names the customers ("2 customers have drafts…"), the others count them ("1 has nothing to bill").
  const parts = LEFT_OUT_BECAUSE.flatMap(([kind, one, many]) => {
    const n = run.filter((e) => e.outcome.kind === kind).length;
    return n === 0 ? [] : [{ n, verb: n === 1 ? one : many }];
  }).map(({ n, verb }, i) => `${i === 0 ? countOf(n, 'customer', 'customers') : formatInteger(n)} ${verb}`);
  return `Nothing left to create: ${listInWords(parts)}.`;
}
