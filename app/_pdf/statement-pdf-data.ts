/**
 * What a statement of account's PDF is rendered from: the statement (lib/statement) worked out on
 * the statement's screen, with the records it prints. Plain data (structured-cloneable) because it
 * crosses into the PDF worker by postMessage.
 */
import type { Account, Customer } from '@/lib/entities';
import type { Statement } from '@/lib/statement';

export interface StatementPdfData {
  account: Account;
  customer: Customer;
  statement: Statement;
  /** The day it is made (today in the account's timezone), printed as the statement's date. */
  date: string;
  /** BCP 47 locale for amounts; formatMoney's default (en-US) when absent. */
  locale?: string;
}

/** The download's file name: "statement-<customer>-<from>-<to>.pdf", the customer's name made safe for file systems. */
export function statementPdfFileName(customerName: string, statement: Pick<Statement, 'from' | 'to' | 'currency'>, withCurrency = false): string {
  const name = Array.from(customerName.trim(), (c) => (c < ' ' || '\\/:*?"<>|'.includes(c) || /\s/.test(c) ? '-' : c))
    .join('')
    .replace(/-{2,}/g, '-')
    .slice(0, 60)
    .replace(/^-|-$/g, '');
  return `statement-${name ? `${name}-` : ''}${statement.from}-${statement.to}${withCurrency ? `-${statement.currency}` : ''}.pdf`;
}
