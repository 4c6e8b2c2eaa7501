import type { CustomerPackage, Package, Period, Usage } from '@/lib/entities';
import { usageDaysNeeded } from '@/lib/packages';
import type { TollbookDb } from './db';

/**
 * A customer's usage rows that Generate Invoice reads for `period`: the period's, from earlier when a
 * minimum-spend commitment the period settles, or a package period whose free minutes it credits,
 * began before it (lib/packages usageDaysNeeded; a monthly commitment on a weekly invoice counts the
 * whole month, a monthly bundle's minutes are what the month's earlier calls left). Within a live
 * query, it follows the customer's packages too.
 */
export async function customerUsageFor(
  db: TollbookDb,
  customerId: string,
  period: Period,
  /** The customer's assignments and the catalogue, when the caller has them read already (the billing run, for every customer). */
  known?: { assignments: readonly CustomerPackage[]; packages: readonly Package[] },
): Promise<Usage[]> {
  const [assignments, packages] = known
    ? [known.assignments, known.packages]
    : await Promise.all([db.customerPackages.where('customerId').equals(customerId).toArray(), db.packages.toArray()]);
  const days = usageDaysNeeded(assignments, packages, period);
  return db.usage.where('[customerId+day]').between([customerId, days.start], [customerId, days.end], true, true).toArray();
}
