/**
 * A statement of account as the words and figures printed on it. The figures are the statement's
 * (lib/statement), formatted by `formatMoney` as the screen formats them, so the PDF agrees with the
 * screen to the minor unit; this module only formats.
 */
import { dayAsShown, dayRangeAsShown } from '@/lib/dates';
import { sellerOf } from '@/lib/invoice-parties';
import { compareDecimals, formatMoney } from '@/lib/money';
import { closingBalanceNote } from '@/lib/statement';
import { customerModel, introTexts, sellerModel, type InvoiceModel, type LabelledAmount } from './invoice-model';
import type { StatementPdfData } from './statement-pdf-data';

/** The printed cells of one statement row, in column order (see statementColumns). */
export interface StatementCells {
  date: string;
  description: string;
  dueDate: string;
  debit: string;
  credit: string;
  balance: string;
}

export interface StatementModel extends Pick<InvoiceModel, 'paperSize' | 'title' | 'seller' | 'customer' | 'meta' | 'info'> {
  watermark: null;
  /** The opening balance's row, then one per entry. */
  rows: StatementCells[];
  /** Opening balance, debits, credits, closing balance, overdue. */
  summary: LabelledAmount[];
  /** Printed under the balances: what a closing balance below zero means (lib/statement closingBalanceNote, as the screen says it); '' otherwise. */
  closingNote: string;
  /** How to pay (the account's details for the currency), printed when something is owed; '' otherwise. */
  paymentDetails: string;
  /** Right side of every page's header, and left side of its footer. */
  headerRight: string;
  footer: string;
}

export function buildStatementModel(data: StatementPdfData): StatementModel {
  const { account, statement, locale } = data;
  const currency = statement.currency;
  const money = (amount: string) => formatMoney(amount, currency, locale);
  // A statement is not an issued document: it prints the parties as they are now.
  const seller = sellerOf(account, currency);
  const customer = customerModel(data.customer);
  // Days as the screens and the invoice PDF write them ("Mar 1, 2026"), whatever the locale.
  const period = dayRangeAsShown(statement.from, statement.to);

  const rows: StatementCells[] = [
    { date: dayAsShown(statement.from), description: 'Opening balance', dueDate: '', debit: '', credit: '', balance: money(statement.opening) },
    ...statement.entries.map((e) => ({
      date: dayAsShown(e.date),
      description: e.description,
      dueDate: e.dueDate === null ? '' : dayAsShown(e.dueDate),
      debit: e.debit === null ? '' : money(e.debit),
      credit: e.credit === null ? '' : money(e.credit),
      balance: money(e.balance),
    })),
  ];
  const owed = compareDecimals(statement.closing, '0') > 0;
  const summary: LabelledAmount[] = [
    { label: `Opening balance ${dayAsShown(statement.from)}`, value: money(statement.opening) },
    { label: 'Invoices', value: money(statement.debits) },
    { label: 'Payments and credit notes', value: money(statement.credits) },
    // At the period's end, or today for a period not over yet (lib/statement statementClosingDay).
    { label: `Closing balance ${dayAsShown(statement.to)}`, value: money(statement.closing), strong: true },
    { label: `Overdue at ${dayAsShown(statement.to)}`, value: money(statement.overdue) },
  ];
  const sellerName = seller.companyName || 'Statement';
  // Made before this device's issues were numbered: said on every page, so no copy of it is sent as final.
  const provisional = statement.unnumbered > 0 ? 'Provisional statement' : 'Statement';
  return {
    paperSize: account.paperSize === 'LETTER' ? 'LETTER' : 'A4',
    watermark: null,
    // One line at the title's size: "Statement of account" is too wide for the column.
    title: 'Statement',
    seller: sellerModel(seller, account.logo),
    customer,
    meta: [
      { label: 'Statement date', value: dayAsShown(data.date) },
      { label: 'Period', value: period },
      { label: 'Currency', value: currency },
      ...(statement.unnumbered > 0
        ? [{ label: 'Provisional', value: `${statement.unnumbered === 1 ? '1 invoice has' : `${statement.unnumbered} invoices have`} no number yet: sync this device, then make the statement again` }]
        : []),
    ],
    rows,
    summary,
    closingNote: closingBalanceNote(statement) ?? '',
    paymentDetails: owed ? seller.paymentDetails : '',
    headerRight: `${provisional} ${period}`,
    footer: `${sellerName} · ${provisional} ${period} · ${data.customer.name}`,
    info: { title: `Statement ${period}`, author: seller.companyName, subject: `Statement of account ${period} for ${data.customer.name}` },
  };
}

/** Every string the PDF prints, to decide which fonts it needs. */
export function* statementTexts(model: StatementModel): Generator<string> {
  yield* introTexts(model);
  for (const r of model.rows) yield r.description;
  if (model.closingNote) yield model.closingNote;
  yield model.paymentDetails;
  yield model.footer;
}
