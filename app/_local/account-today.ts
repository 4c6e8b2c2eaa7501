/**
 * "Today" on this device: the calendar day in the account's timezone (My Account), the calendar
 * invoice dates, due dates and usage days are in. Never the device's own zone: a laptop in Los
 * Angeles at 17:43 on Dec 5 is on Dec 6 for an account in UTC.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { isTimeZone, todayIn } from '@/lib/dates';
import { ACCOUNT_ID } from '@/lib/entities';
import { defaultAccount } from '@/lib/mutators';
import { localDb, type TollbookDb } from './db';

/**
 * The zone this device counts days in: the account's, or UTC when this browser does not know it
 * (an older browser may lack a zone a newer one saved; TimeZoneNotice says so on every screen).
 */
export function usableTimeZone(timeZone: string): string {
  return isTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The account's timezone (usableTimeZone), or the default account's before My Account is first saved. */
export async function accountTimeZone(db: TollbookDb = localDb()): Promise<string> {
  return usableTimeZone(((await db.account.get(ACCOUNT_ID)) ?? defaultAccount()).timezone);
}

/** Today in the account's timezone, for code outside render (click handlers, queries). */
export async function accountToday(db: TollbookDb = localDb()): Promise<string> {
  return todayIn(await accountTimeZone(db), Date.now());
}

/** Today in the account's timezone; undefined until the account is read. Follows a change of timezone. */
export function useAccountToday(): string | undefined {
  const timeZone = useLiveQuery(() => accountTimeZone(), []);
  return timeZone === undefined ? undefined : todayIn(timeZone, Date.now());
}
