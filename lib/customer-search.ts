/**
 * Finding one customer among thousands as the customer picker does (app/_components/customer-picker):
 * by name, company or external accounting id, whatever the case and accents ("societe" finds
 * "Société Réseau", "glx" finds GLX-1). Inactive customers can still be picked (a final invoice)
 * but come after the active ones, marked "(inactive)". Only the first matches are shown, so a
 * keystroke stays fast with thousands of customers; the rest are counted.
 */
import type { Customer } from './entities';

export type SearchableCustomer = Pick<Customer, 'id' | 'name' | 'company' | 'externalId' | 'status'>;

/** How many matches the picker lists at most; the others are counted ("12 more — keep typing"). */
export const CUSTOMER_MATCHES_SHOWN = 50;

/** Letters that Unicode does not decompose into a base letter and an accent. */
const FOLDED_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', ı: 'i', þ: 'th' };

/** `text` lower-cased and without accents, so "ÉCOLE Øst" and "ecole ost" compare equal. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłıþ]/g, (letter) => FOLDED_LETTERS[letter] ?? letter);
}

/** The customer as the picker shows it, and as its option is named: "Globex Carrier (Globex Ltd) (inactive)". */
export function customerLabel(customer: Pick<Customer, 'name' | 'company' | 'status'>): string {
  return `${customer.name}${customer.company ? ` (${customer.company})` : ''}${customer.status === 'inactive' ? ' (inactive)' : ''}`;
}

interface IndexedCustomer<C> {
  customer: C;
  /** Folded name, company and external id, in that order. */
  fields: [string, string, string];
}

/** The customers with their searched text folded once, not at each keystroke. */
export interface CustomerIndex<C extends SearchableCustomer> {
  entries: IndexedCustomer<C>[];
}

/** Index `customers`, given in the order they are listed in (by name). */
export function indexCustomers<C extends SearchableCustomer>(customers: readonly C[]): CustomerIndex<C> {
  return { entries: customers.map((customer) => ({ customer, fields: [foldForSearch(customer.name), foldForSearch(customer.company), foldForSearch(customer.externalId)] })) };
}

export interface CustomerMatches<C> {
  /** At most `limit` customers: the active ones first, the closest matches first within each. */
  shown: C[];
  /** The customers that match but are not shown. */
  more: number;
}

/**
 * How closely an entry matches the whole query: 0 its external id or name is the query (an
 * accounting id typed whole), 1 a field or a word of one begins with it, 2 each word of the query is
 * somewhere in its fields, null no match.
 */
function closeness(fields: readonly string[], query: string, words: readonly string[]): number | null {
  if (fields[2] === query || fields[0] === query) return 0;
  if (fields.some((field) => field.startsWith(query) || field.includes(` ${query}`))) return 1;
  return words.every((word) => fields.some((field) => field.includes(word))) ? 2 : null;
}

/**
 * The customers matching `query` (every word of it found in the name, company or external id,
 * case and accents aside; all customers for a blank query): active before inactive, then the
 * closest matches first, then in the order indexed.
 */
export function searchCustomers<C extends SearchableCustomer>(index: CustomerIndex<C>, query: string, limit = CUSTOMER_MATCHES_SHOWN): CustomerMatches<C> {
  const folded = foldForSearch(query).trim().replace(/\s+/g, ' ');
  const words = folded === '' ? [] : folded.split(' ');
  const matches: { customer: C; order: number }[] = [];
  index.entries.forEach(({ customer, fields }, position) => {
    const rank = folded === '' ? 0 : closeness(fields, folded, words);
    if (rank === null) return;
    // Inactive ones after all the active ones, whatever their closeness; ties keep the index's order.
    const order = (customer.status === 'active' ? 0 : 3) + rank;
    matches.push({ customer, order: order * index.entries.length + position });
  });
  matches.sort((a, b) => a.order - b.order);
  return { shown: matches.slice(0, limit).map((m) => m.customer), more: Math.max(0, matches.length - limit) };
}
