'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { isTimeZone } from '@/lib/dates';
import { ACCOUNT_ID } from '@/lib/entities';
import { localDb } from '../_local/db';

/**
 * Says so when My Account's timezone is one this browser does not know (saved on a newer browser,
 * or before the server checked zones): the screens then count today, due dates and overdue in UTC.
 */
export function TimeZoneNotice() {
  const timeZone = useLiveQuery(async () => (await localDb().account.get(ACCOUNT_ID))?.timezone, []);
  if (timeZone === undefined || isTimeZone(timeZone)) return null;
  return (
    <p className="card warning" role="status" data-testid="time-zone-notice">
      My Account&apos;s timezone {JSON.stringify(timeZone)} is not one this browser knows, so this device counts days (today, due dates,
      overdue) in UTC. Choose a timezone in <Link href="/settings">Settings</Link>, or update this browser.
    </p>
  );
}
