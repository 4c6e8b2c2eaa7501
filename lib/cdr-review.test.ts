import { describe, expect, it } from 'vitest';
import { assumedCurrencyNote, chosenCurrencyMismatch, EACH_CUSTOMERS_CURRENCY, externalIdOffer, fileCurrencyCheck, type CustomerWithoutCurrency } from './cdr-review';

const globex: CustomerWithoutCurrency = { name: 'Globex Carrier', currency: 'EUR', cdrs: 3 };
const baltic: CustomerWithoutCurrency = { name: 'Baltic Voice', currency: 'SEK', cdrs: 2 };
const nordic: CustomerWithoutCurrency = { name: 'Nordic Net', currency: 'SEK', cdrs: 1 };

describe('fileCurrencyCheck: the charges a file names no currency for', () => {
  it('says nothing when no CDR without a currency goes to a customer', () => {
    expect(fileCurrencyCheck([], '', 'EUR')).toBeUndefined();
    expect(fileCurrencyCheck([{ ...globex, cdrs: 0 }], '', 'EUR')).toBeUndefined();
  });

  it("takes one customer's charges in its currency, and says so plainly, with the account's currency offered first", () => {
    const check = fileCurrencyCheck([baltic], '', 'EUR')!;
    expect(check.readAs).toBe('SEK');
    expect(check.value).toBe('SEK');
    expect(check.question).toBeUndefined();
    expect(check.statement).toBe("The file names no currency for its charges: its charges are taken as SEK, Baltic Voice's currency. If the switch rated them in another currency, choose that one instead.");
    expect(check.options).toEqual([
      { value: 'EUR', label: "EUR (My Account's currency)" },
      { value: 'SEK', label: "SEK (Baltic Voice's currency)" },
      { value: EACH_CUSTOMERS_CURRENCY, label: "Each customer's own currency" },
    ]);
  });

  it('names several customers of one currency together', () => {
    const check = fileCurrencyCheck([nordic, baltic], '', 'SEK')!;
    expect(check.readAs).toBe('SEK');
    expect(check.statement).toBe('The file names no currency for its charges: its charges are taken as SEK, the currency of Baltic Voice and Nordic Net. If the switch rated them in another currency, choose that one instead.');
    expect(check.options.map((o) => o.label)).toEqual(["SEK (My Account's currency; the currency of Baltic Voice and Nordic Net)", "Each customer's own currency"]);
  });

  it('asks for the currency when the customers are billed in more than one, and nothing is read until it is said', () => {
    const check = fileCurrencyCheck([globex, baltic], '', 'EUR')!;
    expect(check.readAs).toBeUndefined();
    expect(check.value).toBe('');
    expect(check.options.map((o) => o.value)).toEqual(['', 'EUR', 'SEK', EACH_CUSTOMERS_CURRENCY]);
    expect(check.options[0]!.label).toBe('Choose the currency of the charges');
    expect(check.statement).toBe('The file names no currency for its charges, and its customers are billed in 2 currencies: EUR (Globex Carrier) and SEK (Baltic Voice).');
    expect(check.question).toBe(
      'Choose the currency the switch rated its charges in: CDRs of customers billed in another currency are then lines with errors, not imported. Choose "Each customer\'s own currency" only if the switch rated each customer in its own.',
    );
  });

  it('reads the charges as the currency chosen: the customers billed in it imported, the others said to be lines with errors', () => {
    const check = fileCurrencyCheck([globex, baltic, nordic], 'EUR', 'EUR')!;
    expect(check.readAs).toBe('EUR');
    expect(check.value).toBe('EUR');
    expect(check.question).toBeUndefined();
    expect(check.options.map((o) => o.value)).toEqual(['EUR', 'SEK', EACH_CUSTOMERS_CURRENCY]);
    expect(check.statement).toBe(
      'The file names no currency for its charges: its charges are read as EUR. 3 CDRs of Globex Carrier, billed in EUR, are imported. 3 CDRs of Baltic Voice and Nordic Net (SEK) are lines with errors, not imported: those customers are billed in another currency.',
    );
    // One customer's currency chosen for a file whose customers share another.
    expect(fileCurrencyCheck([baltic], 'EUR', 'EUR')!.statement).toBe(
      'The file names no currency for its charges: its charges are read as EUR. 2 CDRs of Baltic Voice (SEK) are lines with errors, not imported: the customer is billed in another currency.',
    );
  });

  it("keeps each customer's own currency only when told so, and says which each is", () => {
    const check = fileCurrencyCheck([globex, baltic, nordic], EACH_CUSTOMERS_CURRENCY, 'USD')!;
    expect(check.readAs).toBe(EACH_CUSTOMERS_CURRENCY);
    expect(check.question).toBeUndefined();
    expect(check.statement).toBe("The file names no currency for its charges: its charges are taken in each customer's own currency, Globex Carrier in EUR; Baltic Voice and Nordic Net in SEK.");
    // The account's currency is offered first even when no customer of the file is billed in it.
    expect(check.options.map((o) => o.value)).toEqual(['USD', 'EUR', 'SEK', EACH_CUSTOMERS_CURRENCY]);
  });

  it('speaks of the CDRs without a currency when others name theirs', () => {
    expect(fileCurrencyCheck([{ ...baltic, cdrs: 1 }], '', 'EUR', 10)!.statement).toBe(
      "1 CDR names no currency: its charge is taken as SEK, Baltic Voice's currency. If the switch rated it in another currency, choose that one instead.",
    );
    expect(fileCurrencyCheck([globex, baltic], '', 'EUR', 10)!.statement).toBe('5 CDRs name no currency, and their customers are billed in 2 currencies: EUR (Globex Carrier) and SEK (Baltic Voice).');
  });

  it('names at most a few customers of a currency', () => {
    const many = ['A', 'B', 'C', 'D', 'E'].map((name) => ({ name, currency: 'SEK', cdrs: 1 }));
    expect(fileCurrencyCheck([...many, globex], '', 'EUR')!.statement).toBe(
      'The file names no currency for its charges, and its customers are billed in 2 currencies: EUR (Globex Carrier) and SEK (A, B, C and 2 more customers).',
    );
  });
});

describe('assumedCurrencyNote: what POST /api/cdrs says of the charges it took in each customer\'s own currency', () => {
  const advice = "send the currency (a currency column, or an NDJSON currency field): a CDR whose currency is not its customer's is then a bad row.";

  it('says nothing when every CDR named its currency', () => {
    expect(assumedCurrencyNote([], 5)).toBeUndefined();
    expect(assumedCurrencyNote([{ ...globex, cdrs: 0 }], 5)).toBeUndefined();
  });

  it('names each customer with its currency, customers of one currency together, currencies in code order', () => {
    expect(assumedCurrencyNote([nordic, globex, baltic], 0)).toBe(
      `The CDRs name no currency: their charges are taken in each customer's own currency, Globex Carrier in EUR; Baltic Voice and Nordic Net in SEK. If the switch rated them in another currency, ${advice}`,
    );
  });

  it('counts the CDRs naming none when others named theirs, one or several', () => {
    expect(assumedCurrencyNote([nordic], 4)).toBe(`1 CDR names no currency: its charge is taken in each customer's own currency, Nordic Net in SEK. If the switch rated it in another currency, ${advice}`);
    expect(assumedCurrencyNote([globex, baltic], 1)).toBe(
      `5 CDRs name no currency: their charges are taken in each customer's own currency, Globex Carrier in EUR; Baltic Voice in SEK. If the switch rated them in another currency, ${advice}`,
    );
  });
});

describe('externalIdOffer: remembering a customer picked for a text of the file', () => {
  const balticVoice = { name: 'Baltic Voice', externalId: '' };

  it('offers to save the text as the External accounting id of a customer that has none', () => {
    expect(externalIdOffer(' balticvoice ', balticVoice, [])).toEqual({
      kind: 'save',
      externalId: 'balticvoice',
      label: "Remember: save balticvoice as Baltic Voice's External accounting id, so the next files find Baltic Voice",
    });
  });

  it('keeps the mapping for this import only when the customer has another external id, and says so', () => {
    expect(externalIdOffer('balticvoice', { name: 'Baltic Voice', externalId: 'BV-9' }, [])).toEqual({
      kind: 'once',
      reason:
        "Baltic Voice's External accounting id is BV-9, and a customer has one: this mapping is for this import only. To have the next files find Baltic Voice by itself, make the switch's account code BV-9, or change the id on the customer's page.",
    });
  });

  it('offers nothing when the external id is that text already (case aside)', () => {
    expect(externalIdOffer('balticvoice', { name: 'Baltic Voice', externalId: 'BalticVoice' }, [])).toEqual({ kind: 'none' });
    expect(externalIdOffer('  ', balticVoice, [])).toEqual({ kind: 'none' });
  });

  it('does not save an external id other customers hold: the text would stay ambiguous', () => {
    expect(externalIdOffer('GLX', balticVoice, ['Globex Carrier', 'Globex Two'])).toEqual({
      kind: 'once',
      reason: 'Globex Carrier and Globex Two have GLX as External accounting id already: this mapping is for this import only.',
    });
  });

  it('saves one text per customer: a second text picked for it is for this import only', () => {
    expect(externalIdOffer('baltic-2', balticVoice, [], 'balticvoice')).toEqual({
      kind: 'once',
      reason: "balticvoice is being saved as Baltic Voice's External accounting id, and a customer has one: this mapping is for this import only.",
    });
  });

  it('does not offer a text longer than an External accounting id may be', () => {
    expect(externalIdOffer('x'.repeat(101), balticVoice, [])).toMatchObject({ kind: 'once' });
    expect(externalIdOffer('x'.repeat(100), balticVoice, [])).toMatchObject({ kind: 'save' });
  });
});

describe('chosenCurrencyMismatch: a CDR naming no currency, read in the currency chosen for the file', () => {
  const delta = { name: 'Delta VoIP', currency: 'USD' };

  it('says the currency was chosen above, not quoted from the file, which names none', () => {
    expect(chosenCurrencyMismatch('GBP', delta, false)).toBe("the file's currency, GBP as chosen above, is not Delta VoIP's (USD)");
  });

  it('speaks of the CDRs naming none when others of the file name theirs', () => {
    expect(chosenCurrencyMismatch('GBP', delta, true)).toBe("it names no currency, and the currency chosen above for such CDRs, GBP, is not Delta VoIP's (USD)");
  });

  it("has nothing to say when the currency chosen is the customer's", () => {
    expect(chosenCurrencyMismatch('USD', delta, false)).toBeUndefined();
    expect(chosenCurrencyMismatch('USD', delta, true)).toBeUndefined();
  });
});
