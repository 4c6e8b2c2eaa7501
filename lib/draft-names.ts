/**
 * How a draft is named where it is pointed to (a notice, a warning, a run's left-out list): a
 * draft has no number, so it is named by its invoice date ("the draft of Dec 7, 2026"). Two drafts
 * of a customer may share that date; then, and only then, the name adds what tells it from them:
 * its period if theirs differ, else its total ("the draft of Dec 7, 2026 for $12.40"), and when
 * even that is shared, which of the alike it is, in the order they were made ("(2 of 2)").
 */
import type { Invoice } from './entities';

export type NamedDraft = Pick<Invoice, 'id' | 'customerId' | 'status' | 'invoiceDate' | 'periodStart' | 'periodEnd' | 'total' | 'currency'>;

/** What a draft's name adds to its date. */
export type DraftDistinction =
  | { by: 'date' }
  | { by: 'period'; start: string | null; end: string | null }
  | { by: 'total'; total: string; currency: string; nth: { n: number; of: number } | null };

/**
 * What `draft`'s name adds to its date to tell it from the other drafts of its customer dated the
 * same day, among `invoices` (any of the customer's or more: issued, void and other customers'
 * invoices are passed over, as is `draft` itself).
 */
export function draftDistinction(draft: NamedDraft, invoices: readonly NamedDraft[]): DraftDistinction {
  // By id: a list gathered from several reads may hold a draft twice.
  const others = new Map(invoices.filter((i) => i.id !== draft.id).map((i) => [i.id, i]));
  const sameDate = [...others.values()].filter((i) => i.status === 'draft' && i.customerId === draft.customerId && i.invoiceDate === draft.invoiceDate);
  if (sameDate.length === 0) return { by: 'date' };
  const samePeriod = sameDate.filter((i) => i.periodStart === draft.periodStart && i.periodEnd === draft.periodEnd);
  if (samePeriod.length === 0) return { by: 'period', start: draft.periodStart, end: draft.periodEnd };
  const sameTotal = samePeriod.filter((i) => i.total === draft.total && i.currency === draft.currency);
  if (sameTotal.length === 0) return { by: 'total', total: draft.total, currency: draft.currency, nth: null };
  // Ids are made in time order (UUIDv7): the first made is 1.
  const alike = [draft, ...sameTotal].map((i) => i.id).sort();
  return { by: 'total', total: draft.total, currency: draft.currency, nth: { n: alike.indexOf(draft.id) + 1, of: alike.length } };
}

/** How a name shows days and money (the screen's locale). */
export interface DraftNameFormat {
  day: (day: string) => string;
  /** A period of two days, the first not after the last: "Nov 1 – Nov 30, 2026". */
  period: (start: string, end: string) => string;
  money: (amount: string, currency: string) => string;
}

/** The words `distinction` adds after the date: "", " for Nov 1 – Nov 30, 2026", " for $12.40 (2 of 2)". */
export function distinctionWords(distinction: DraftDistinction, format: DraftNameFormat): string {
  switch (distinction.by) {
    case 'date':
      return '';
    case 'period': {
      const { start, end } = distinction;
      if (start !== null && end !== null) return ` for ${format.period(start, end)}`;
      if (start !== null) return ` for the days from ${format.day(start)}`;
      if (end !== null) return ` for the days to ${format.day(end)}`;
      return ' without a period';
    }
    case 'total':
      return ` for ${format.money(distinction.total, distinction.currency)}${distinction.nth ? ` (${distinction.nth.n} of ${distinction.nth.of})` : ''}`;
  }
}

/** "draft of Dec 7, 2026", told from the customer's other drafts of that date when there are any (see `draftDistinction`). */
export function draftName(draft: NamedDraft, invoices: readonly NamedDraft[], format: DraftNameFormat): string {
  return `draft of ${format.day(draft.invoiceDate)}${distinctionWords(draftDistinction(draft, invoices), format)}`;
}
