/**
 * The invoice as the words and figures printed on it. Every amount comes from `computeTotals` and
 * `formatMoney`, the functions the screen uses, so the PDF agrees with it to the minor unit; this
 * module only formats (numbers are fed to Intl as exact decimal strings, never as floats).
 */
import { currencyExponent } from '@/lib/currencies';
import { usageCountsShown } from '@/lib/credit-notes';
import { dayAsShown, dayRangeParts } from '@/lib/dates';
import type { InvoiceLine } from '@/lib/entities';
import { MINUTES_DECIMALS, unitAfter, usageLineGrouping } from '@/lib/grouping';
import { invoiceNumberLabel, isCreditNote, showsDueDate } from '@/lib/invoice-status';
import { formatMoney } from '@/lib/money';
import { customerDetailLines, printedParties, printedTaxNote, type InvoiceCustomer, type InvoiceSeller } from '@/lib/invoice-parties';
import { paymentOnInvoice, paymentsOfInvoice, settlementRows } from '@/lib/payments';
import { computeTotals } from '@/lib/totals';
import { upperFirst } from '@/lib/text';
import type { InvoicePdfData } from './invoice-pdf-data';

/** The printed cells of one invoice line, in column order (see TABLE_COLUMNS). */
export interface LineCells {
  description: string;
  period: string;
  calls: string;
  minutes: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  net: string;
}

export interface LabelledAmount {
  label: string;
  value: string;
  /** Printed bold and larger: the total and the balance due. */
  strong?: boolean;
}

export interface PaymentCells {
  date: string;
  method: string;
  reference: string;
  amount: string;
}

export interface InvoiceModel {
  paperSize: 'A4' | 'LETTER';
  /** Printed diagonally across every page. */
  watermark: 'DRAFT' | 'VOID' | null;
  /** What the document is: a total below zero makes a credit note. */
  document: 'Invoice' | 'Credit note';
  title: string;
  /**
   * The invoice number; "pending" for a draft (numbers are assigned on issue); for an invoice issued
   * on a device offline, not numbered yet, `NUMBER_PENDING_ON_SYNC`.
   */
  number: string;
  seller: {
    name: string;
    address: string;
    details: string[];
    /** A validated data: URL, or null (none, or one we could not use). */
    logo: string | null;
  };
  customer: {
    name: string;
    company: string;
    address: string;
    /** The contact's name, email and phone, those it has: printed on one line, " · " between them. */
    contact: string[];
    details: string[];
  };
  meta: LabelledAmount[];
  /** Heading of the lines table, naming what the lines hold (`linesHeadingOf`): "Usage by destination and packages", "Charges"… */
  linesHeading: string;
  rows: LineCells[];
  /** Net, tax per rate with its base, total (and paid, balance due when something was paid). */
  summary: LabelledAmount[];
  payments: PaymentCells[];
  paymentDetails: string;
  /** The customer's tax note as issued (a draft: the customer's now), printed under the totals; '' for none. */
  taxNote: string;
  notes: string;
  /** Left side of every page's footer. */
  footer: string;
  /** Document metadata. */
  info: { title: string; author: string; subject: string };
}

/** Where the number of an invoice issued offline goes, until the server numbers it when the device syncs. */
export const NUMBER_PENDING_ON_SYNC = 'pending \u2014 assigned on sync';

/** The unit of a line billed by the minute (usage and free-minute lines are generated with it). */
const MINUTE_UNIT = 'min';

/** Exact decimal strings through Intl (v3 formats a numeric string without going through a double). */
function decimalFormat(locale: string | undefined, options: Intl.NumberFormatOptions) {
  // signDisplay 'negative': a zero ("-0" typed as a price) prints without a minus, as on screen.
  const format = new Intl.NumberFormat(locale ?? 'en-US', { signDisplay: 'negative', ...options });
  return (value: string) => format.format(value as `${number}`);
}

/** Spaces that do not break: a day kept on one line ("Oct 15, 2026"). */
const keptTogether = (text: string) => text.replaceAll(' ', '\u00a0');

/**
 * A line's days as the screens write days, as briefly as reads unambiguously ("Jan 1–31, 2026",
 * "Sep 28 – Oct 4, 2026"; lib/dates dayRangeParts). The Period column is too narrow for most ranges
 * across months: each day's spaces do not break, so such a range wraps after its dash
 * ("Sep 28 –" / "Oct 4, 2026"), never inside a day. One day alone is that day.
 */
function period(start: string | null, end: string | null): string {
  if (start && end) return dayRangeParts(start, end).map(keptTogether).join(' ');
  const day = start ?? end;
  return day ? keptTogether(dayAsShown(day)) : '';
}

/** The invoice's own period, as the screens write days; an end or start not given is "…". */
function invoicePeriod(start: string | null, end: string | null): string {
  if (start && end) return period(start, end);
  return `${start ? keptTogether(dayAsShown(start)) : '…'} – ${end ? keptTogether(dayAsShown(end)) : '…'}`;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A PNG's last chunk: length 0, "IEND", its CRC. */
const PNG_END = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
/** Base64 of LOGO_MAX_BYTES (256 KiB), rounded up: bigger is not a logo we accept (nor store). */
const LOGO_MAX_BASE64_CHARS = 350_000;

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/**
 * The logo if it is usable: a base64 data: URL of a complete PNG (signature, IHDR with a size, IEND
 * at the end) or JPEG (start and end of image markers). react-pdf leaves out an image it cannot
 * decode without saying so; these checks let us say so. Anything that still fails to draw is
 * caught when rendering (the PDF is then made without the logo).
 */
export function usableLogo(logo: string): string | null {
  const match = /^data:image\/(png|jpe?g);base64,([A-Za-z0-9+/=\s]+)$/i.exec(logo.trim());
  if (!match) return null;
  const base64 = match[2]!.replace(/\s+/g, '');
  if (base64.length > LOGO_MAX_BASE64_CHARS) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  const png = match[1]!.toLowerCase() === 'png';
  if (png) {
    const ihdr = startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12);
    const view = new DataView(bytes.buffer);
    const sized = bytes.length >= 24 && view.getUint32(16) > 0 && view.getUint32(20) > 0;
    if (!startsWith(bytes, PNG_SIGNATURE) || !ihdr || !sized || !startsWith(bytes, PNG_END, bytes.length - PNG_END.length)) return null;
  } else {
    // Some writers pad after the end-of-image marker; look for it near the end.
    const tail = bytes.subarray(Math.max(0, bytes.length - 64));
    let ends = false;
    for (let i = 0; i + 1 < tail.length; i++) if (tail[i] === 0xff && tail[i + 1] === 0xd9) ends = true;
    if (!startsWith(bytes, [0xff, 0xd8, 0xff]) || bytes.length < 128 || !ends) return null;
  }
  return `data:image/${png ? 'png' : 'jpeg'};base64,${base64}`;
}

/** The seller as a document prints it at its head: name, address, email and ids, and the logo (the account's now). */
export function sellerModel(seller: InvoiceSeller, logo: string): InvoiceModel['seller'] {
  const details = [seller.email, seller.vatId && `VAT ID ${seller.vatId}`, seller.registrationId && `Reg. no. ${seller.registrationId}`].filter(Boolean);
  return { name: seller.companyName, address: seller.address, details, logo: usableLogo(logo) };
}

/** The customer as a document prints it: name, company (when not the name), address, first contact, VAT id and reference. */
export function customerModel(customer: InvoiceCustomer): InvoiceModel['customer'] {
  const contact = customer.contacts[0];
  return {
    name: customer.name,
    company: customer.company && customer.company !== customer.name ? customer.company : '',
    address: customer.address,
    // Kept apart: the layout sets each part in its own direction and wraps between parts (page-layout contactBlock).
    contact: contact ? [contact.name, contact.email, contact.phone].filter(Boolean) : [],
    details: customerDetailLines(customer),
  };
}

export function buildInvoiceModel(data: InvoicePdfData): InvoiceModel {
  const { account, invoice, locale } = data;
  // An issued invoice prints the parties as it was issued to and by; the logo and paper size are
  // the account's now (branding and printing, not what the invoice says).
  const { seller, customer } = printedParties(invoice, account, data.customer);
  const currency = invoice.currency;
  const money = (amount: string) => formatMoney(amount, currency, locale);
  const digits = currencyExponent(currency);
  // Unit prices keep up to 6 decimals (per-minute rates): formatMoney would round them to cents.
  const unitPrice = decimalFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: 6,
  });
  const decimal = decimalFormat(locale, { maximumFractionDigits: 6 });
  // Billed minutes are stored to MINUTES_DECIMALS: printed with exactly that many ("5.10", "53.00").
  const minutes = decimalFormat(locale, { minimumFractionDigits: MINUTES_DECIMALS, maximumFractionDigits: MINUTES_DECIMALS });
  // A quantity in minutes reads like the Minutes column, but keeps any further decimals it has: it is multiplied by the price.
  const quantityInMinutes = decimalFormat(locale, { minimumFractionDigits: MINUTES_DECIMALS, maximumFractionDigits: 6 });
  const integer = new Intl.NumberFormat(locale ?? 'en-US', { maximumFractionDigits: 0 });

  const lines = [...data.lines].sort((a, b) => a.position - b.position);
  const totals = computeTotals(lines, currency, invoice.rounding);

  const inPart = new Set(data.usageInPart ?? []);
  const rows: LineCells[] = lines.map((line, i) => {
    // A credit note's calls and minutes print as given back (−120), as the screen shows them; none
    // on a line giving back part of a line's calls by amount: it gives back none of them in particular.
    const counts = usageCountsShown(line, inPart.has(line.id));
    return {
      description: line.description,
      period: period(line.startDate, line.endDate),
      calls: counts.calls === null ? '' : integer.format(counts.calls),
      minutes: counts.minutes === null ? '' : minutes(counts.minutes),
      // A line with an amount (usage: the sum of per-call charges; credits) is not quantity × price,
      // so printing those two would invite a multiplication that does not give its net.
      quantity:
        line.amount !== null
          ? ''
          : `${(line.unit === MINUTE_UNIT ? quantityInMinutes : decimal)(line.quantity)}${line.unit ? ` ${unitAfter(line.quantity, line.unit)}` : ''}`,
      unitPrice: line.amount !== null ? '' : unitPrice(line.unitPrice),
      taxRate: `${decimal(line.taxRate)}%`,
      net: money(totals.lines[i]!.net),
    };
  });

  // In the order the screen's totals panel shows them: tax is printed once, per rate with its base.
  const summary: LabelledAmount[] = [
    { label: 'Net', value: money(totals.net) },
    ...totals.taxes.map((t) => ({ label: `Tax ${decimal(t.rate)}% on ${money(t.base)}`, value: money(t.tax) })),
    { label: `Total ${currency}`, value: money(totals.total), strong: true },
  ];

  // By date, then in entry order, as the invoice screen lists them.
  // Amounts positive on both sides (lib/payments paymentOnInvoice); on a credit note, an
  // application of its own credit is "Credit applied", not the method naming the credit note itself.
  const payments = paymentsOfInvoice(data.payments ?? [], invoice.id).map(({ payment: p }) => {
    const shown = paymentOnInvoice(p, invoice.id);
    return {
      date: dayAsShown(p.date),
      method: shown.ownCredit && shown.received === null ? 'Credit applied' : p.method,
      reference: p.reference,
      amount: money(shown.amount),
    };
  });
  const voided = invoice.status === 'void';
  // As the screen's totals panel (one rule, lib/payments settlementRows): a credit note shows the
  // credit applied to invoices and the credit left; a void invoice is owed by no one, "Void — not owed".
  for (const row of settlementRows(totals.total, invoice.paid, { voided, payments: payments.length })) {
    summary.push({ label: row.label, value: row.amount === null ? row.words! : money(row.amount), ...(row.strong ? { strong: true } : {}) });
  }

  // Issued offline, an invoice is issued before it has its number (the server assigns it when the
  // device syncs): it prints as issued, its number said to be pending, never as a draft.
  const isDraft = invoice.status === 'draft';
  const number = invoice.number ?? (isDraft ? 'pending' : NUMBER_PENDING_ON_SYNC);
  const watermark = voided ? 'VOID' : isDraft ? 'DRAFT' : null;
  // A total below zero is owed to the customer (lib/invoice-status "credit"): nothing is due from them.
  const credit = isCreditNote(totals);
  const document = credit ? 'Credit note' : 'Invoice';
  const title = voided ? `Void ${document.toLowerCase()}` : isDraft ? `Draft ${document.toLowerCase()}` : document;

  // A correction names the invoice it replaces (void), as its screen does: "Replaces invoice INV-5".
  const replaces = data.replaces && {
    label: `Replaces ${isCreditNote(data.replaces) ? 'credit note' : 'invoice'}`,
    value: invoiceNumberLabel(data.replaces),
  };
  // A credit note names the invoice it corrects, with its date, as EU invoices must: "Credits invoice INV-1 of Mar 31, 2026".
  const credits = data.credits && { label: 'Credits invoice', value: `${invoiceNumberLabel(data.credits)} of ${dayAsShown(data.credits.invoiceDate)}` };
  const meta: LabelledAmount[] = [
    { label: `${document} no.`, value: number },
    ...(replaces ? [replaces] : []),
    ...(credits ? [credits] : []),
    { label: `${document} date`, value: dayAsShown(invoice.invoiceDate) },
    // Nothing is due on a credit note (owed to the customer) or a void invoice (owed by no one).
    ...(showsDueDate(invoice, totals) ? [{ label: 'Due date', value: dayAsShown(invoice.dueDate) }] : []),
  ];
  if (invoice.periodStart || invoice.periodEnd) {
    meta.push({ label: 'Period', value: invoicePeriod(invoice.periodStart, invoice.periodEnd) });
  }
  meta.push({ label: 'Currency', value: currency });
  if (watermark === 'VOID' && invoice.voidReason) meta.push({ label: 'Void', value: invoice.voidReason });
  // And a void one names its replacement, so the void PDF alone leads to the invoice now owed.
  if (watermark === 'VOID' && data.replacedBy) {
    meta.push({ label: `Replaced by ${isCreditNote(data.replacedBy) ? 'credit note' : 'invoice'}`, value: invoiceNumberLabel(data.replacedBy) });
  }

  // The lines say how they were grouped; the account's setting only applies to the next invoice generated.
  const grouping = usageLineGrouping(lines);
  const sellerName = seller.companyName || 'Invoice';
  return {
    paperSize: account.paperSize === 'LETTER' ? 'LETTER' : 'A4',
    watermark,
    document,
    title,
    number,
    seller: sellerModel(seller, account.logo),
    customer: customerModel(customer),
    meta,
    linesHeading: linesHeadingOf(lines, grouping),
    rows,
    summary,
    payments,
    // How to pay: not on a credit note, which the customer does not pay, nor on a void invoice.
    paymentDetails: credit || voided ? '' : seller.paymentDetails,
    taxNote: printedTaxNote(customer),
    notes: invoice.notes,
    footer: `${sellerName} · ${document} no. ${number} · ${customer.name}`,
    info: { title: `${title} ${number}`, author: seller.companyName, subject: `${title} ${number} for ${customer.name}` },
  };
}

/**
 * The strings of page 1's heading (page-layout planIntro) that come from the data: the seller, the
 * customer and the facts' values. An invoice's and a statement's, to decide which fonts they need
 * (the title and the labels are ours, in the Latin script).
 */
export function* introTexts(model: Pick<InvoiceModel, 'seller' | 'customer' | 'meta'>): Generator<string> {
  yield model.seller.name;
  yield model.seller.address;
  yield* model.seller.details;
  yield model.customer.name;
  yield model.customer.company;
  yield model.customer.address;
  yield* model.customer.contact;
  yield* model.customer.details;
  for (const m of model.meta) yield m.value;
}

/** Every string the PDF prints, to decide which fonts it needs. */
export function* modelTexts(model: InvoiceModel): Generator<string> {
  yield* introTexts(model);
  for (const r of model.rows) {
    yield r.description;
    yield r.quantity;
  }
  for (const p of model.payments) {
    yield p.method;
    yield p.reference;
  }
  yield model.taxNote;
  yield model.paymentDetails;
  yield model.notes;
  yield model.footer;
}

/** Line kinds a package brings (lib/packages): its fee, set-up fee, and the usage it includes or tops up. */
const PACKAGE_LINE_KINDS: ReadonlySet<InvoiceLine['kind']> = new Set(['package', 'setup', 'free-minutes', 'minimum-spend']);

/**
 * The heading of an invoice's lines, naming only what they hold: usage (by how it was grouped),
 * packages (lines a package brings) and charges (lines entered by hand). "Usage by destination"
 * on a usage-only invoice, "Usage by day and charges", "Packages and charges" without usage.
 */
export function linesHeadingOf(lines: readonly Pick<InvoiceLine, 'kind' | 'description' | 'startDate' | 'endDate'>[], grouping = usageLineGrouping(lines)): string {
  const parts: string[] = [];
  if (grouping !== null) parts.push(`usage by ${grouping}`);
  if (lines.some((line) => PACKAGE_LINE_KINDS.has(line.kind))) parts.push('packages');
  if (lines.some((line) => !PACKAGE_LINE_KINDS.has(line.kind) && line.kind !== 'usage')) parts.push('charges');
  // An invoice without lines (a draft printed empty) heads the table it would hold.
  if (parts.length === 0) parts.push('packages', 'charges');
  const text = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return upperFirst(text);
}
