/**
 * Calendar days and billing days. A day is an ISO `YYYY-MM-DD` string (it sorts as text); internally
 * an "epoch day" is the count of days since 1970-01-01, so day arithmetic never meets a clock, a
 * timezone or a DST change. Only `billingDay`, `todayIn` and `startOfDayInZone` deal with instants.
 */

const MS_PER_DAY = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day; throws a RangeError naming `field` if the day does not exist. */
export function toEpochDay(day: string, field = 'day'): number {
  const match = DAY_PATTERN.exec(day);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const date = Number(match[3]);
    // No year 0: Postgres' date has none (lib/entities daySchema).
    if (year >= 1 && month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(year, month)) {
      return utcDate(year, month - 1, date) / MS_PER_DAY;
    }
  }
  throw new RangeError(`${field} must be a real calendar date like 2026-01-31, got ${JSON.stringify(day)}`);
}

/** The `YYYY-MM-DD` of an epoch day. */
export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** True for a `YYYY-MM-DD` string naming a day that exists. */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    toEpochDay(value);
    return true;
  } catch {
    return false;
  }
}

/** `day` plus `days` (may be negative). */
export function addDays(day: string, days: number): string {
  return fromEpochDay(toEpochDay(day) + days);
}

/** Days from `start` to `end` inclusive (1 for the same day, 0 when end is before start). */
export function inclusiveDayCount(start: string, end: string): number {
  return Math.max(0, toEpochDay(end) - toEpochDay(start) + 1);
}

/** Date.UTC, but years 0 to 99 are those years, not 1900 to 1999. */
function utcDate(year: number, monthIndex: number, date: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, date);
  return d.getTime();
}

/** Days in a month of the proleptic Gregorian calendar (month 1 to 12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcDate(year, month, 0)).getUTCDate();
}

/** ISO weekday of a day: 1 Monday to 7 Sunday. */
export function isoWeekday(day: string): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((toEpochDay(day) + 3) % 7) + 7) % 7) + 1;
}

/**
 * A day as the integer yyyymmdd (2026-03-01 → 20260301): it orders as the days do, and comparing
 * integers is many times cheaper than comparing strings in loops over 100,000 usage rows.
 * −1 when the string is not shaped `YYYY-MM-DD` (the calendar is not checked: use toEpochDay for that).
 */
export function dayNumber(day: string): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return -1;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue; // the dashes, checked above
    const digit = day.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A day in words as stored texts wrote it until Dec 2026 ("1 Nov 2026"): by-day usage lines were
 * "Calls on 1 Nov 2026". New texts write days as `dayAsShown` does; this stays to read the old ones
 * back (`dayWritten`). Written out rather than through Intl, so no locale or ICU data changes it.
 * Throws a RangeError naming `field` for a day that does not exist.
 */
export function dayInWords(day: string, field = 'day'): string {
  toEpochDay(day, field);
  const month = MONTH_ABBREVIATIONS[Number(day.slice(5, 7)) - 1]!;
  return `${Number(day.slice(8, 10))} ${month} ${day.slice(0, 4)}`;
}

/**
 * A day as the screens show it in en-US ("Dec 7, 2026", as app/_components/locale formatDay's
 * medium date), for texts made on the server or a device that must read alike everywhere: the
 * notices of refused changes, and the days in generated line descriptions and notes. Written out,
 * not through Intl, so no locale or ICU data changes it.
 */
export function dayAsShown(day: string, field = 'day'): string {
  toEpochDay(day, field);
  const month = MONTH_ABBREVIATIONS[Number(day.slice(5, 7)) - 1]!;
  return `${month} ${Number(day.slice(8, 10))}, ${day.slice(0, 4)}`;
}

/**
 * The day a text names as `dayAsShown` ("Mar 1, 2026") or `dayInWords` ("1 Mar 2026") writes it,
 * exactly: to read back stored texts that hold a day, whichever way they were written. Null for
 * any other text ("01 Mar 2026", "Feb 30, 2026", "March 1, 2026").
 */
export function dayWritten(text: string): string | null {
  const shown = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$/.exec(text);
  const inWords = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(text);
  const [month, date, year] = shown ? [shown[1]!, shown[2]!, shown[3]!] : inWords ? [inWords[2]!, inWords[1]!, inWords[3]!] : [];
  if (month === undefined || date === undefined || year === undefined) return null;
  const monthIndex = (MONTH_ABBREVIATIONS as readonly string[]).indexOf(month);
  if (monthIndex < 0) return null;
  const day = `${year}-${String(monthIndex + 1).padStart(2, '0')}-${date.padStart(2, '0')}`;
  if (!isDay(day)) return null;
  return text === dayAsShown(day) || text === dayInWords(day) ? day : null;
}

/**
 * A range of days as the screens write days ("Sep 1, 2026", dayAsShown), said as briefly as it
 * reads unambiguously, as en-US writes date ranges: "Sep 1–30, 2026" within a month, "Sep 1 –
 * Oct 15, 2026" within a year, "Dec 20, 2026 – Jan 5, 2027" across years, "Sep 1, 2026" for one day.
 * A range that ends before it starts is written in full on both sides, so it reads as given.
 * In the pieces it may wrap between: after its dash, never inside a day ("Sep 1 –", "Oct 15, 2026");
 * a range within a month is one piece. Written out, as dayAsShown, so no locale or ICU data changes it.
 * Throws a RangeError naming `fromField` or `toField` for a day that does not exist.
 */
export function dayRangeParts(from: string, to: string, fromField = 'from', toField = 'to'): string[] {
  const first = dayAsShown(from, fromField);
  const last = dayAsShown(to, toField);
  if (from === to) return [last];
  if (from > to || from.slice(0, 4) !== to.slice(0, 4)) return [`${first} –`, last];
  const fromMonth = MONTH_ABBREVIATIONS[Number(from.slice(5, 7)) - 1]!;
  const fromDate = Number(from.slice(8, 10));
  if (from.slice(5, 7) === to.slice(5, 7)) return [`${fromMonth} ${fromDate}–${Number(to.slice(8, 10))}, ${to.slice(0, 4)}`];
  return [`${fromMonth} ${fromDate} –`, last];
}

/** A range of days as one line of text: dayRangeParts joined ("Sep 1 – Oct 15, 2026"). */
export function dayRangeAsShown(from: string, to: string, fromField = 'from', toField = 'to'): string {
  return dayRangeParts(from, to, fromField, toField).join(' ');
}

/** The later of two days. */
export function maxDay(a: string, b: string): string {
  return a >= b ? a : b;
}

/** The earlier of two days. */
export function minDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** A `YYYY-MM-DD` day in the timezone, per zone: Intl formatters are costly to build. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      throw new RangeError(`timezone must be an IANA timezone like Europe/London, got ${JSON.stringify(timeZone)}`);
    }
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** True when `timeZone` is an IANA timezone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    dayFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parseInstant(isoTimestamp: string, field: string): number {
  // An explicit offset is required: a timestamp without one means a different instant on each device.
  const ms = /(Z|[+-]\d{2}:?\d{2})$/i.test(isoTimestamp) ? Date.parse(isoTimestamp) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`${field} must be an ISO 8601 timestamp with an offset, like 2026-03-29T00:30:00Z, got ${JSON.stringify(isoTimestamp)}`);
  }
  return ms;
}

/**
 * The billing day of a call: the calendar day, in the account's timezone, of the instant it
 * started. ("2026-03-29T23:30:00Z", "Europe/London") → "2026-03-30" (BST, UTC+1).
 * The timestamp must carry an offset (Z or ±hh:mm).
 */
export function billingDay(isoTimestamp: string, timeZone: string): string {
  return billingDayAt(parseInstant(isoTimestamp, 'timestamp'), timeZone);
}

/** The billing day (`YYYY-MM-DD`) in the zone of an instant given in epoch milliseconds. */
export function billingDayAt(epochMs: number, timeZone: string): string {
  let year = '';
  let month = '';
  let date = '';
  for (const part of dayFormat(timeZone).formatToParts(epochMs)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') date = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${date}`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day and the 24-hour clock time of an instant (epoch ms) in a zone: ("2026-03-02",
 * "12:00") for 09:00 UTC in Asia/Bahrain. Throws a RangeError for a zone the runtime does not know.
 */
export function dayAndClockAt(epochMs: number, timeZone: string): { day: string; clock: string } {
  let format = clockFormats.get(timeZone);
  if (format === undefined) {
    dayFormat(timeZone);
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(epochMs)) parts[part.type] = part.value;
  return { day: `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`, clock: `${parts.hour}:${parts.minute}` };
}

/**
 * Today as the account sees it: the calendar day in the account's timezone at `nowMs` (epoch ms),
 * the same calendar its usage days are in. Never the device's own zone: a device in Los Angeles at
 * 2026-12-06T01:43Z is on Dec 5, but an account in UTC bills Dec 6.
 */
export function todayIn(timeZone: string, nowMs: number): string {
  return billingDayAt(nowMs, timeZone);
}

/**
 * The first instant (epoch ms, whole seconds) of a day in a zone: the start of the range of CDR
 * times that bill to that day. Usually local midnight; where a DST change skips midnight, the first
 * wall-clock time after the gap. Found by bisection, since the billing day only moves forward with
 * time and every zone's offset is within ±15 hours.
 */
export function startOfDayInZone(day: string, timeZone: string): number {
  const midnightAsUtc = toEpochDay(day) * MS_PER_DAY;
  let before = (midnightAsUtc - 15 * 3_600_000) / 1000; // seconds; bills to an earlier day
  let atOrAfter = (midnightAsUtc + 15 * 3_600_000) / 1000; // bills to this day or later
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (billingDayAt(middle * 1000, timeZone) < day) before = middle;
    else atOrAfter = middle;
  }
  return atOrAfter * 1000;
}
