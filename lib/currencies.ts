/**
 * ISO 4217 active currency codes and their minor-unit exponents (digits after the decimal point).
 * Most currencies have 2; listed here are the ones that differ. Source: ISO 4217 list one (2024).
 */
const TWO_DIGIT =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL';
const ZERO_DIGIT = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DIGIT = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DIGIT = 'CLF UYW';

const exponents = new Map<string, number>();
for (const [list, digits] of [
  [TWO_DIGIT, 2],
  [ZERO_DIGIT, 0],
  [THREE_DIGIT, 3],
  [FOUR_DIGIT, 4],
] as const) {
  for (const code of list.split(' ')) exponents.set(code, digits);
}

export const CURRENCY_CODES: ReadonlySet<string> = new Set(exponents.keys());

/** Digits of the currency's minor unit (USD 2, JPY 0, BHD 3); throws on an unknown code. */
export function currencyExponent(currency: string): number {
  const digits = exponents.get(currency);
  if (digits === undefined) throw new RangeError(`Unknown currency "${currency}"`);
  return digits;
}
