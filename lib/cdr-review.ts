/**
 * What the check step of the browser CDR import decides and says once the file is read and its
 * customers are matched (app/usage/import): pure, so the decisions and their wording are tested
 * here and the page only shows them.
 *
 * - The currency of charges the file does not name (`fileCurrencyCheck`). A CDR without a
 *   currency (no currency column, or an empty cell) was billed in its customer's currency, which
 *   is right only when the switch rated it in that currency: an EUR-rated Asterisk Master.csv
 *   billed to an SEK customer would read "SEK 32.01", about 11 times too cheap. So the step says
 *   which currency each matched customer's charges are taken in; when those customers are billed
 *   in more than one currency the user says the file's currency (or, explicitly, each customer's
 *   own) before anything is imported, and the CDRs of customers billed in another currency are
 *   lines with errors, whose reason says the currency was chosen (`chosenCurrencyMismatch`).
 * - Remembering a customer mapped by hand (`externalIdOffer`): the switch's account code is
 *   matched against each customer's External accounting id (lib/cdr CustomerDirectory), so saving
 *   the code there makes the next file find the customer. A customer holds one external id: one
 *   that has another keeps this mapping for this import only, and is told so.
 */
import { customerMatchKey } from './cdr';
import { possessive } from './possessive';
import { listInWords } from './text';

/** The choice that keeps each customer's own currency for the charges the file does not name. */
export const EACH_CUSTOMERS_CURRENCY = 'each';

/** A customer the import bills CDRs without a currency to (matched, or mapped by the user). */
export interface CustomerWithoutCurrency {
  name: string;
  /** The customer's billing currency. */
  currency: string;
  /** Its CDRs that name no currency. */
  cdrs: number;
}

export interface FileCurrencyOption {
  /** An ISO code, EACH_CUSTOMERS_CURRENCY, or '' (nothing chosen yet). */
  value: string;
  label: string;
}

export interface FileCurrencyCheck {
  /**
   * The currency the CDRs without one are read in: an ISO code (CDRs of customers billed in
   * another are lines with errors), EACH_CUSTOMERS_CURRENCY, or undefined while the user has not
   * said it (customers in several currencies): nothing may be imported until then.
   */
  readAs: string | undefined;
  /** The select's value: the choice, or the one currency of the customers while nothing is chosen. */
  value: string;
  /** The select's options: '' first while a choice is needed, then My Account's currency, the customers' others, and each customer's own. */
  options: FileCurrencyOption[];
  /** What happens to the charges, said plainly (which currency each customer's are taken in). */
  statement: string;
  /** Said while the user must choose before importing; undefined otherwise. */
  question: string | undefined;
}

/** Names shown before "and N more". */
const NAMES_SHOWN = 3;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "Globex Carrier", "A and B", "A, B, C and 4 more customers". */
function namesInWords(names: readonly string[]): string {
  if (names.length <= NAMES_SHOWN + 1) return listInWords(names);
  return listInWords([...names.slice(0, NAMES_SHOWN), plural(names.length - NAMES_SHOWN, 'more customer', 'more customers')]);
}

/** The customers by currency, currencies in code order, names in alphabetical order. */
function byCurrency(customers: readonly CustomerWithoutCurrency[]): { currency: string; names: string[]; cdrs: number }[] {
  const groups = new Map<string, { currency: string; names: string[]; cdrs: number }>();
  for (const c of customers) {
    const group = groups.get(c.currency) ?? { currency: c.currency, names: [], cdrs: 0 };
    groups.set(c.currency, group);
    if (!group.names.includes(c.name)) group.names.push(c.name);
    group.cdrs += c.cdrs;
  }
  return [...groups.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0)).map((g) => ({ ...g, names: g.names.sort((a, b) => a.localeCompare(b)) }));
}

/** "Globex Carrier's currency", "the currency of Globex Carrier and Initech Voice". */
function whoseCurrency(names: readonly string[]): string {
  return names.length === 1 ? `${possessive(names[0]!)} currency` : `the currency of ${namesInWords(names)}`;
}

/**
 * What the check step says and decides about the charges the file does not name a currency for,
 * or undefined when there are none among the CDRs to import (every CDR names its currency, or the
 * CDRs without one go to no customer yet).
 *
 * `customers`: the customers billed CDRs without a currency (`cdrs` above 0); `choice`: what the
 * user chose ('' for nothing yet, an ISO code, or EACH_CUSTOMERS_CURRENCY); `accountCurrency`: My
 * Account's, offered first; `namedCdrs`: the file's CDRs that do name a currency (the sentence then
 * speaks of those without one rather than of the whole file).
 */
export function fileCurrencyCheck(customers: readonly CustomerWithoutCurrency[], choice: string, accountCurrency: string, namedCdrs = 0): FileCurrencyCheck | undefined {
  const billed = customers.filter((c) => c.cdrs > 0);
  if (billed.length === 0) return undefined;
  const groups = byCurrency(billed);
  const unnamed = billed.reduce((sum, c) => sum + c.cdrs, 0);
  const single = groups.length === 1 ? groups[0]!.currency : undefined;
  const readAs = choice !== '' ? choice : single;
  // "The file names no currency for its charges" / "3 CDRs name no currency".
  const subject = namedCdrs === 0 ? 'The file names no currency for its charges' : `${plural(unnamed, 'CDR names', 'CDRs name')} no currency`;
  const one = namedCdrs !== 0 && unnamed === 1;
  const them = namedCdrs === 0 ? 'its charges' : one ? 'its charge' : 'their charges';
  const are = one ? 'is' : 'are';
  const it = one ? 'it' : 'them';

  const options: FileCurrencyOption[] = [];
  if (readAs === undefined) options.push({ value: '', label: 'Choose the currency of the charges' });
  const codes = [accountCurrency, ...groups.map((g) => g.currency), ...(choice !== '' && choice !== EACH_CUSTOMERS_CURRENCY ? [choice] : [])];
  for (const code of codes) {
    if (code === '' || options.some((o) => o.value === code)) continue;
    const owners = groups.find((g) => g.currency === code)?.names ?? [];
    const notes = [...(code === accountCurrency ? ["My Account's currency"] : []), ...(owners.length > 0 ? [whoseCurrency(owners)] : [])];
    options.push({ value: code, label: notes.length > 0 ? `${code} (${notes.join('; ')})` : code });
  }
  options.push({ value: EACH_CUSTOMERS_CURRENCY, label: "Each customer's own currency" });

  let statement: string;
  let question: string | undefined;
  if (readAs === undefined) {
    const currencies = listInWords(groups.map((g) => `${g.currency} (${namesInWords(g.names)})`));
    statement = `${subject}, and ${namedCdrs === 0 ? 'its' : 'their'} customers are billed in ${plural(groups.length, 'currency', 'currencies')}: ${currencies}.`;
    question = `Choose the currency the switch rated ${them} in: CDRs of customers billed in another currency are then lines with errors, not imported. Choose "Each customer's own currency" only if the switch rated each customer in its own.`;
  } else if (readAs === EACH_CUSTOMERS_CURRENCY) {
    const each = groups.map((g) => `${namesInWords(g.names)} in ${g.currency}`);
    statement = `${subject}: ${them} ${are} taken in each customer's own currency, ${each.join('; ')}.`;
  } else if (choice === '') {
    statement = `${subject}: ${them} ${are} taken as ${readAs}, ${whoseCurrency(groups[0]!.names)}. If the switch rated ${it} in another currency, choose that one instead.`;
  } else {
    const same = groups.find((g) => g.currency === readAs);
    const others = groups.filter((g) => g.currency !== readAs);
    const parts = [`${subject}: ${them} ${are} read as ${readAs}.`];
    if (same) parts.push(`${plural(same.cdrs, 'CDR', 'CDRs')} of ${namesInWords(same.names)}, billed in ${readAs}, ${same.cdrs === 1 ? 'is' : 'are'} imported.`);
    if (others.length > 0) {
      const cdrs = others.reduce((sum, g) => sum + g.cdrs, 0);
      const who = listInWords(others.map((g) => `${namesInWords(g.names)} (${g.currency})`));
      parts.push(`${plural(cdrs, 'CDR', 'CDRs')} of ${who} ${cdrs === 1 ? 'is a line' : 'are lines'} with errors, not imported: ${others.length === 1 && others[0]!.names.length === 1 ? 'the customer is' : 'those customers are'} billed in another currency.`);
    }
    statement = parts.join(' ');
  }
  return { readAs, value: readAs ?? '', options, statement, question };
}

/**
 * What `POST /api/cdrs` says in its answer of the CDRs it took in their customers' own currency
 * because they name none (a CSV without a currency column or with an empty cell, an NDJSON object
 * without the field): a softswitch pushing CDRs cannot be asked, as the browser import asks
 * (fileCurrencyCheck), so it is told what was assumed, in the words of the browser's statement.
 * `customers`: each customer those CDRs went to; `namedCdrs`: the request's CDRs that named their
 * currency. Undefined when every CDR named its currency.
 */
export function assumedCurrencyNote(customers: readonly CustomerWithoutCurrency[], namedCdrs: number): string | undefined {
  const billed = customers.filter((c) => c.cdrs > 0);
  if (billed.length === 0) return undefined;
  const unnamed = billed.reduce((sum, c) => sum + c.cdrs, 0);
  const subject = namedCdrs === 0 ? 'The CDRs name no currency' : `${plural(unnamed, 'CDR names', 'CDRs name')} no currency`;
  const one = namedCdrs !== 0 && unnamed === 1;
  const them = one ? 'its charge is' : 'their charges are';
  const each = byCurrency(billed).map((g) => `${namesInWords(g.names)} in ${g.currency}`);
  return (
    `${subject}: ${them} taken in each customer's own currency, ${each.join('; ')}. ` +
    `If the switch rated ${one ? 'it' : 'them'} in another currency, send the currency (a currency column, or an NDJSON currency field): a CDR whose currency is not its customer's is then a bad row.`
  );
}

/**
 * Why a CDR that names no currency cannot go to `customer` once its charges are read as `chosen`,
 * the currency the user chose above for them (fileCurrencyCheck), or undefined when it can. Said
 * as the user's choice, not as lib/cdr currencyMismatch's "currency GBP is not …", which would
 * quote a currency the file does not contain. `fileNamesCurrencies`: some CDRs of the file name
 * theirs (a currency column with empty cells), so the choice is for those naming none, not the
 * file's.
 */
export function chosenCurrencyMismatch(chosen: string, customer: { name: string; currency: string }, fileNamesCurrencies: boolean): string | undefined {
  if (chosen === customer.currency) return undefined;
  const whose = `${possessive(customer.name)} (${customer.currency})`;
  return fileNamesCurrencies
    ? `it names no currency, and the currency chosen above for such CDRs, ${chosen}, is not ${whose}`
    : `the file's currency, ${chosen} as chosen above, is not ${whose}`;
}

/** The longest External accounting id a customer may have (lib/entities customerSchema). */
export const MAX_EXTERNAL_ID_LENGTH = 100;

/** Whether, and how, the import offers to remember a customer picked for a text of the file. */
export type ExternalIdOffer =
  /** Save `externalId` as the customer's External accounting id (it has none): the next files find it. */
  | { kind: 'save'; externalId: string; label: string }
  /** The mapping stays for this import only, and `reason` says why. */
  | { kind: 'once'; reason: string }
  /** Nothing to offer: the customer's external id is that text already. */
  | { kind: 'none' };

/**
 * The offer for `text` (a customer cell of the file, not matched) mapped to `customer`. `holders`:
 * the other customers whose External accounting id is that text already (case aside), which then
 * stays ambiguous whoever else holds it. `savedFromOther`: another text of the file that is to be
 * saved as this customer's external id on this import (a customer holds one).
 */
export function externalIdOffer(text: string, customer: { name: string; externalId: string }, holders: readonly string[], savedFromOther?: string): ExternalIdOffer {
  const code = text.trim();
  if (code === '') return { kind: 'none' };
  const current = customer.externalId.trim();
  if (current !== '' && customerMatchKey(current) === customerMatchKey(code)) return { kind: 'none' };
  if (savedFromOther !== undefined && current === '') {
    return {
      kind: 'once',
      reason: `${savedFromOther} is being saved as ${possessive(customer.name)} External accounting id, and a customer has one: this mapping is for this import only.`,
    };
  }
  if (current !== '') {
    return {
      kind: 'once',
      reason: `${possessive(customer.name)} External accounting id is ${current}, and a customer has one: this mapping is for this import only. To have the next files find ${customer.name} by itself, make the switch's account code ${current}, or change the id on the customer's page.`,
    };
  }
  if (holders.length > 0) {
    return {
      kind: 'once',
      reason: `${namesInWords(holders)} ${holders.length === 1 ? 'has' : 'have'} ${code} as External accounting id already: this mapping is for this import only.`,
    };
  }
  if (code.length > MAX_EXTERNAL_ID_LENGTH) {
    return { kind: 'once', reason: `${code.slice(0, 20)}… is longer than an External accounting id may be (${MAX_EXTERNAL_ID_LENGTH} characters): this mapping is for this import only.` };
  }
  return { kind: 'save', externalId: code, label: `Remember: save ${code} as ${possessive(customer.name)} External accounting id, so the next files find ${customer.name}` };
}
