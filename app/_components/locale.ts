/**
 * Display formats by the browser's locale. Amounts stay decimal strings (lib/money formats them);
 * days are `YYYY-MM-DD` calendar days, so they are formatted in UTC to never shift by a timezone.
 */
import { formatMoney } from '@/lib/money';

export function browserLocale(): string {
  return typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US';
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDay(day: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const locale = browserLocale();
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    dayFormats.set(key, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

/**
 * A billing period, in the pieces it may wrap between: ["Nov 1 –", "Nov 30, 2026"], its year said
 * once when both days share it (["Dec 1, 2026 –", "Jan 31, 2027"] when not); a single day once,
 * ["Nov 20, 2026"]; one side alone, ["From", "Nov 1, 2026"] or ["To", "Nov 30, 2026"]; no period, none.
 */
export function periodParts(start: string | null, end: string | null): string[] {
  if (start && start === end) return [formatDay(start)];
  if (start && end) {
    const sameYear = start.slice(0, 4) === end.slice(0, 4);
    return [`${sameYear ? formatDay(start, { month: 'short', day: 'numeric' }) : formatDay(start)} –`, formatDay(end)];
  }
  if (start) return ['From', formatDay(start)];
  if (end) return ['To', formatDay(end)];
  return [];
}

export function formatAmount(amount: string, currency: string): string {
  try {
    return formatMoney(amount, currency, browserLocale());
  } catch {
    // A malformed amount from another device must not break the screen; show it as stored.
    return `${amount} ${currency}`;
  }
}

/** A plain decimal (catalogue prices carry no currency: they bill in the customer's). */
export function formatDecimal(amount: string, minimumFractionDigits = 2): string {
  // signDisplay 'negative': a zero ("-0", or a tiny negative rounded away) prints without a minus.
  return new Intl.NumberFormat(browserLocale(), { minimumFractionDigits, maximumFractionDigits: 6, signDisplay: 'negative' }).format(amount as `${number}`);
}

/**
 * A quantity with the decimals it is stored with ("511.50" min stays 511.50, as its call summary
 * reads), grouped per locale. Formatted from the string, so no binary float rounds it.
 */
export function formatQuantity(quantity: string, locale = browserLocale()): string {
  const decimals = quantity.trim().split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: 'negative' }).format(quantity.trim() as `${number}`);
}

export function formatInteger(n: number): string {
  return new Intl.NumberFormat(browserLocale()).format(n);
}

/** "1 change", "2 changes": a count and the noun that agrees with it. */
export function countOf(n: number, one: string, many: string): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}
