import { type DraftNameFormat, type NamedDraft, draftName } from '@/lib/draft-names';
import { formatAmount, formatDay, periodParts } from '../../_components/locale';

/** Days and money as the screen shows them. */
export const shownDraftFormat: DraftNameFormat = {
  day: (day) => formatDay(day),
  period: (start, end) => periodParts(start, end).join(' '),
  money: formatAmount,
};

/**
 * "draft of Dec 7, 2026", or "draft of Dec 7, 2026 for $12.40" when another of the customer's
 * drafts among `invoices` is dated the same day (lib/draft-names): every notice names a draft so.
 */
export function shownDraftName(draft: NamedDraft, invoices: readonly NamedDraft[]): string {
  return draftName(draft, invoices, shownDraftFormat);
}
