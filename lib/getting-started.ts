/**
 * The home page's "Getting started": the steps from a new company account to its first invoice,
 * each done once the account holds what it makes. Shown until every step is done: an account with
 * customers (the demo's, say) whose My Account was never filled in still has its first step to do.
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
  /** Every step is done: the section is not shown. */
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
  return { ...steps, done: steps.account.length === 0 && steps.customers && steps.packages && steps.usage && steps.invoices };
}
