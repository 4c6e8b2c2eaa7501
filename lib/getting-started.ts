/**
 * The home page's "Getting started": the steps from a new company account to its first invoice,
 * each done once the account holds what it makes. Shown until the steps every carrier takes are
 * done, My Account filled in, a customer and an invoice: an account with customers (the demo's, say)
 * whose My Account was never filled in still has its first step to do. Packages and CDRs are steps
 * a carrier may never take (one billing calls rated elsewhere, by hand): they do not keep it shown.
 */
import type { Account } from './entities';
import { missingAccountDetails, type SellerDetail } from './seller-details';

/** What the account holds, counted on the device. */
export interface AccountHoldings {
  customers: number;
  packages: number;
  usage: number;
  invoices: number;
}

export interface GettingStarted {
  /** My Account has what invoices need (lib/seller-details missingAccountDetails); else what it lacks. */
  account: SellerDetail[];
  customers: boolean;
  packages: boolean;
  usage: boolean;
  invoices: boolean;
  /** My Account, a customer and an invoice are done (packages and usage may never be): the section is not shown. */
  done: boolean;
}

/** Which getting-started steps `account` and what it holds have done. */
export function gettingStarted(account: Pick<Account, 'companyName' | 'address' | 'paymentDetails' | 'paymentDetailsByCurrency'>, held: AccountHoldings): GettingStarted {
  const steps = {
    account: missingAccountDetails(account),
    customers: held.customers > 0,
    packages: held.packages > 0,
    usage: held.usage > 0,
    invoices: held.invoices > 0,
  };
  return { ...steps, done: steps.account.length === 0 && steps.customers && steps.invoices };
}
